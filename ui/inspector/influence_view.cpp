#include "ui/inspector/influence_view.h"

#include "ui/inspector/hover_tooltip.h"
#include "ui/state/counted.h"
#include "ui/window/studio_style.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace studio {

namespace {
constexpr int kLeft = 76; // a row's character and its predicted tag
// …and, on a row explained against its gold tag, that tag too ("B-LOC ≠ B-ORG").
constexpr int kLeftContrast = 136;
constexpr int kTop = 22; // the characters above the columns
constexpr int kMargin = 6;
constexpr int kMinWidth = 8, kMaxWidth = 26;
// Rows stay tall enough to read their character and tag; the scroll area scrolls the rest.
constexpr int kMinHeight = 13;

QString entityType(const QString& tag) {
    const qsizetype dash = tag.indexOf(QLatin1Char('-'));
    return dash < 0 ? QString() : tag.mid(dash + 1);
}
} // namespace

InfluenceView::InfluenceView(QWidget* parent) : CharacterHoverWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    showHint(tr("Which characters each decision depends on appears here once a sentence is "
                "tagged."));
}

void InfluenceView::showHint(const QString& text) {
    m_result = {};
    m_image = {};
    m_hint = text;
    m_hoveredSource = -1;
    forgetPositionsFrom(0);
    updateGeometry();
    update();
}

void InfluenceView::setResult(const InfluenceResult& result) {
    m_result = result;
    m_hint.clear();
    m_image = {};
    const int T = length();
    if (T > 0) {
        const ner::InfluenceMap& map = *m_result.map;
        m_image = QImage(T, T, QImage::Format_RGB32);
        for (int t = 0; t < T; ++t) {
            float largest = 0;
            for (int s = 0; s < T; ++s)
                largest = std::max(largest, map.at(t, s));
            auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(t));
            for (int s = 0; s < T; ++s)
                line[s] =
                    style::influenceColor(largest > 0 ? double(map.at(t, s) / largest) : 0.0).rgb();
        }
    } else if (!result.error.isEmpty()) {
        m_hint = result.error;
    }
    forgetPositionsFrom(T);
    if (m_hoveredSource >= T) m_hoveredSource = -1;
    updateGeometry();
    update();
}

int InfluenceView::left() const {
    return hasMap() && !m_result.map->contrast.empty() ? kLeftContrast : kLeft;
}

QSize InfluenceView::cellSize() const {
    const int T = std::max(1, length());
    const int w = std::clamp((width() - left() - kMargin) / T, kMinWidth, kMaxWidth);
    // Square when the height allows, else flatter, down to a readable row.
    const int h = std::clamp((height() - kTop - kMargin) / T, std::min(kMinHeight, w), w);
    return {w, std::max(h, kMinHeight)};
}

QSize InfluenceView::sizeHint() const {
    const int T = std::max(1, length());
    return {left() + kMargin + T * 18, kTop + kMargin + T * 18};
}

QSize InfluenceView::minimumSizeHint() const {
    const int T = std::max(1, length());
    return {left() + kMargin + T * kMinWidth, kTop + kMargin + T * kMinHeight};
}

QRect InfluenceView::cellRect(int target, int source) const {
    const QSize c = cellSize();
    return {left() + source * c.width(), kTop + target * c.height(), c.width(), c.height()};
}

InfluenceView::Cell InfluenceView::cellAt(const QPoint& point) const {
    const int T = length();
    const QSize c = cellSize();
    if (T == 0) return {};
    const int column = point.x() >= left() ? (point.x() - left()) / c.width() : -1;
    const int row = point.y() >= kTop ? (point.y() - kTop) / c.height() : -1;
    Cell cell;
    if (row >= 0 && row < T && point.x() >= 0) cell.target = row; // the labels pick a row too
    if (column >= 0 && column < T && cell.target >= 0) cell.source = column;
    return cell;
}

QString InfluenceView::contrastOf(int position) const {
    if (!hasMap() || !m_result.map->contrasted(position) || !m_result.weights.tagger) return {};
    return QString::fromStdString(
        m_result.weights.tagger->tags().name(m_result.map->contrast[size_t(position)]));
}

QString InfluenceView::tagOf(int position) const {
    const auto& a = m_result.analysis;
    return a && size_t(position) < a->predicted.size()
               ? QString::fromStdString(a->predicted[size_t(position)])
               : QString();
}

QString InfluenceView::toolTipAt(const QPoint& point) const {
    const Cell cell = cellAt(point);
    if (cell.target < 0 || !hasMap()) return {};
    const ner::InfluenceMap& map = *m_result.map;
    const ner::SentenceAnalysis& a = *m_result.analysis;
    const int T = map.length, t = cell.target;
    auto ch = [&](int k) { return QString::fromStdString(a.chars[size_t(k)]).toHtmlEscaped(); };
    double total = 0, largest = 0;
    for (int s = 0; s < T; ++s) {
        total += map.at(t, s);
        largest = std::max(largest, double(map.at(t, s)));
    }
    QString tip = tr("<b>%1</b> (character %2), tagged <b>%3</b>")
                      .arg(ch(t))
                      .arg(t + 1)
                      .arg(tagOf(t).toHtmlEscaped());
    if (const QString gold = contrastOf(t); !gold.isEmpty())
        tip += tr(", gold <b>%1</b>: what made the tagger prefer %2 to %1")
                   .arg(gold.toHtmlEscaped(), tagOf(t).toHtmlEscaped());
    if (cell.source >= 0) {
        const int s = cell.source, d = s - t;
        const double v = map.at(t, s);
        const QString where = d == 0  ? tr("itself")
                              : d < 0 ? tr("%n to the left", nullptr, -d)
                                      : tr("%n to the right", nullptr, d);
        tip += tr("<br>reading <b>%1</b> (character %2, %3)").arg(ch(s)).arg(s + 1).arg(where);
        tip += tr("<br>gradient norm %1 · %2 % of this row's largest · %3 % of its total")
                   .arg(v, 0, 'g', 3)
                   .arg(largest > 0 ? 100 * v / largest : 0, 0, 'f', 0)
                   .arg(total > 0 ? 100 * v / total : 0, 0, 'f', 1);
    }
    tip += tr("<br>half of this decision's influence comes from within ±%1, 90 % within ±%2")
               .arg(ner::rowReach(map, t, 0.5))
               .arg(ner::rowReach(map, t, 0.9));
    return tip;
}

QString InfluenceView::summary() const {
    if (!hasMap()) return {};
    const ner::InfluenceMap& map = *m_result.map;
    QString text = tr("Half of a decision's influence comes from within ±%1 characters, 90 % "
                      "from within ±%2 (medians).")
                       .arg(ner::medianReach(map, 0.5))
                       .arg(ner::medianReach(map, 0.9));
    if (!map.contrast.empty()) {
        const auto wrong =
            std::count_if(map.contrast.begin(), map.contrast.end(), [](int c) { return c >= 0; });
        text += tr(" <span style='color:#c0392b'>%1</span> explained against the gold one.")
                    .arg(counted(qint64(wrong), tr("wrong tag"), tr("wrong tags")));
    }
    return text;
}

void InfluenceView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (!hasMap()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_hint);
        return;
    }
    const ner::SentenceAnalysis& a = *m_result.analysis;
    const int T = length();
    const QSize c = cellSize();
    const int cw = c.width(), ch = c.height();
    const QRect grid(left(), kTop, T * cw, T * ch);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(grid, m_image);
    p.setPen(QColor(0, 0, 0, 40));
    p.setBrush(Qt::NoBrush);
    p.drawRect(grid.adjusted(0, 0, -1, -1));

    const QFont columnFont = style::sentenceFont(std::clamp(cw - 3, 8, 15));
    const QFont rowFont = style::sentenceFont(std::clamp(ch - 2, 8, 15));
    const QFont tagFont = style::uiFont(7);
    for (int k = 0; k < T; ++k) {
        const QString text = QString::fromStdString(a.chars[size_t(k)]);
        const bool unknown = size_t(k) < a.known.size() && !a.known[size_t(k)];
        p.setPen(unknown ? QColor("#c0392b") : palette().color(QPalette::Text));
        p.setFont(columnFont);
        if (cw >= 12 || k % 2 == 0) // narrow columns: every other label, still readable
            p.drawText(QRect(left() + k * cw, 0, cw, kTop), Qt::AlignCenter, text);
        // Row label: the character and the tag it was given, on its type's colour; against
        // the gold tag, that one after it in red.
        const QRect row(0, kTop + k * ch, left() - 4, ch);
        const QString tag = tagOf(k);
        const QString type = entityType(tag);
        const QRect tagBox(row.left() + 20, row.top() + 1, kLeft - 24, row.height() - 2);
        if (!type.isEmpty()) p.fillRect(tagBox, style::entityColor(type));
        p.setFont(rowFont);
        p.drawText(QRect(row.left(), row.top(), 18, row.height()), Qt::AlignCenter, text);
        p.setFont(tagFont);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(tagBox.adjusted(3, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, tag);
        if (const QString gold = contrastOf(k); !gold.isEmpty()) {
            p.setPen(QColor("#c0392b"));
            p.drawText(QRect(tagBox.right() + 3, row.top(), row.right() - tagBox.right() - 3,
                             row.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("≠ %1").arg(gold));
        }
    }

    // The decision under the pointer (or the character another view points at), and the
    // character read under the pointer.
    const int row = hoveredPosition() >= 0 ? hoveredPosition() : highlightedPosition();
    if (row >= 0 && row < T) {
        p.setPen(QPen(QColor("#e67e22"), 1.5));
        p.drawRect(QRectF(0.5, kTop + row * ch - 0.5, left() + T * cw, ch + 1));
    }
    if (m_hoveredSource >= 0 && m_hoveredSource < T) {
        p.setPen(QPen(QColor(20, 20, 20), 1.2));
        p.drawRect(QRectF(left() + m_hoveredSource * cw - 0.5, 0.5, cw + 1, kTop + T * ch));
    }
}

void InfluenceView::mouseMoveEvent(QMouseEvent* event) {
    const Cell cell = cellAt(event->position().toPoint());
    if (cell.source != m_hoveredSource) {
        m_hoveredSource = cell.source;
        update();
    }
    setHovered(cell.target);
    followTooltip(event->position().toPoint(), event->globalPosition().toPoint());
}

void InfluenceView::leaveEvent(QEvent* event) {
    CharacterHoverWidget::leaveEvent(event);
    if (!pointerInside(this) && m_hoveredSource >= 0) {
        m_hoveredSource = -1;
        update();
    }
}

} // namespace studio
