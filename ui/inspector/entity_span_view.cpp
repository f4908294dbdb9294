#include "ui/inspector/entity_span_view.h"

#include "ui/window/studio_style.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace studio {

namespace {
constexpr qreal kMargin = 8;
constexpr qreal kChipPadX = 6;
constexpr qreal kChipPadY = 5;
constexpr qreal kLineGap = 8;
constexpr int kTextPixels = 20;

QFont labelFont() {
    QFont font = style::uiFont(7.5);
    font.setBold(true);
    font.setCapitalization(QFont::SmallCaps);
    return font;
}

int tagIndex(const ner::SentenceAnalysis& a, const std::string& tag) {
    const auto it = std::find(a.tagNames.begin(), a.tagNames.end(), tag);
    return it == a.tagNames.end() ? -1 : int(it - a.tagNames.begin());
}
} // namespace

EntitySpanView::EntitySpanView(QWidget* parent) : CharacterHoverWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void EntitySpanView::setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis) {
    m_analysis = std::move(analysis);
    // New weights re-tag the same sentence every half second: a hover stays where it is.
    forgetPositionsFrom(m_analysis ? int(m_analysis->chars.size()) : 0);
    relayout();
    update();
    // An open tooltip shows the new tag and probability rather than the old weights' ones.
    if (QToolTip::isVisible() && hoveredPosition() >= 0)
        QToolTip::showText(QCursor::pos(), toolTipAt(hoveredPosition()), this);
}

void EntitySpanView::setDictionary(std::shared_ptr<const SentenceDictionary> dictionary) {
    m_dictionary = std::move(dictionary);
}

void EntitySpanView::setGold(std::vector<ner::Span> gold) {
    if (gold == m_gold) return;
    m_gold = std::move(gold);
    update();
}

bool EntitySpanView::goldFound(const ner::Span& span) const {
    return m_analysis && std::find(m_analysis->entities.begin(), m_analysis->entities.end(),
                                   span) != m_analysis->entities.end();
}

int EntitySpanView::spanCount() const {
    return m_analysis ? int(m_analysis->entities.size()) : 0;
}

QString EntitySpanView::spanSummary() const {
    QStringList parts;
    if (!m_analysis) return {};
    for (const ner::Span& span : m_analysis->entities) {
        parts << QString::fromStdString(
            ner::joinCharacters(m_analysis->chars, size_t(span.begin), size_t(span.end)) + '/' +
            span.type);
    }
    return parts.join(' ');
}

QSize EntitySpanView::sizeHint() const {
    return {400, std::max(m_contentHeight, 48)};
}

void EntitySpanView::relayout() {
    m_boxes.clear();
    m_chips.clear();
    const qreal width = std::max<qreal>(100, this->width() - 2 * kMargin);
    if (!m_analysis || m_analysis->chars.empty()) {
        m_contentHeight = 48;
        setMinimumHeight(m_contentHeight);
        return;
    }
    const ner::SentenceAnalysis& a = *m_analysis;
    const QFontMetricsF text(style::sentenceFont(kTextPixels));
    const QFontMetricsF label(labelFont());
    const qreal lineHeight = text.height() + 2 * kChipPadY;
    qreal x = 0, y = 0;
    auto place = [&](qreal w) {
        if (x > 0 && x + w > width) {
            x = 0;
            y += lineHeight + kLineGap;
        }
        const QPointF origin(kMargin + x, kMargin + y);
        x += w;
        return origin;
    };

    std::vector<int> spanAt(a.chars.size(), -1);
    for (size_t s = 0; s < a.entities.size(); ++s)
        for (int k = a.entities[s].begin; k < a.entities[s].end; ++k)
            spanAt[size_t(k)] = int(s);
    m_boxes.resize(a.chars.size());
    for (int pos = 0; pos < int(a.chars.size());) {
        const int s = spanAt[size_t(pos)];
        if (s < 0) { // a plain character
            const QString ch = QString::fromStdString(a.chars[size_t(pos)]);
            const qreal w = std::max<qreal>(text.horizontalAdvance(ch), 4);
            const QPointF at = place(w);
            m_boxes[size_t(pos)] = {QRectF(at.x(), at.y() + kChipPadY, w, text.height()), ch};
            ++pos;
            continue;
        }
        const ner::Span& span = a.entities[size_t(s)];
        const QString type = QString::fromStdString(span.type);
        std::vector<qreal> widths;
        qreal textWidth = 0;
        for (int k = span.begin; k < span.end; ++k) {
            widths.push_back(std::max<qreal>(
                text.horizontalAdvance(QString::fromStdString(a.chars[size_t(k)])), 4));
            textWidth += widths.back();
        }
        const qreal labelWidth = label.horizontalAdvance(type.toLower()) + 4;
        const qreal chipWidth = kChipPadX + textWidth + 6 + labelWidth + kChipPadX;
        const QPointF at = place(chipWidth + 4); // 4: gap to what follows
        Chip chip;
        chip.rect = QRectF(at.x(), at.y(), chipWidth, lineHeight);
        chip.labelRect = QRectF(at.x() + kChipPadX + textWidth + 6, at.y(), labelWidth, lineHeight);
        chip.type = type;
        m_chips.push_back(chip);
        qreal cx = at.x() + kChipPadX;
        for (int k = span.begin; k < span.end; ++k) {
            const qreal w = widths[size_t(k - span.begin)];
            m_boxes[size_t(k)] = {QRectF(cx, at.y() + kChipPadY, w, text.height()),
                                  QString::fromStdString(a.chars[size_t(k)])};
            cx += w;
        }
        pos = span.end;
    }
    m_contentHeight = int(std::ceil(kMargin + y + lineHeight + kMargin));
    if (minimumHeight() != m_contentHeight) setMinimumHeight(m_contentHeight);
    updateGeometry();
}

void EntitySpanView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (!m_analysis || m_analysis->chars.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.setFont(style::uiFont(9));
        p.drawText(rect().adjusted(int(kMargin), 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                   m_analysis ? tr("Type a sentence above to tag it.")
                              : tr("No model to tag with yet."));
        return;
    }
    for (const Chip& chip : m_chips) {
        QPainterPath path;
        path.addRoundedRect(chip.rect, 6, 6);
        p.fillPath(path, style::entityColor(chip.type));
        p.setFont(labelFont());
        p.setPen(QColor(0, 0, 0, 190));
        p.drawText(chip.labelRect, Qt::AlignCenter, chip.type.toLower());
    }
    paintGold(p);
    const QFont font = style::sentenceFont(kTextPixels);
    p.setFont(font);
    const ner::SentenceAnalysis& a = *m_analysis;
    for (size_t k = 0; k < m_boxes.size(); ++k) {
        const CharBox& box = m_boxes[k];
        if (int(k) == hoveredPosition() || int(k) == highlightedPosition())
            p.fillRect(box.rect.adjusted(-1, -2, 1, 2), QColor(0, 0, 0, 28));
        p.setPen(palette().color(QPalette::Text));
        p.drawText(box.rect, Qt::AlignCenter, box.text);
        if (k < a.known.size() && !a.known[k]) {
            QPen pen(QColor("#c0392b"), 1.5, Qt::DotLine);
            p.setPen(pen);
            const qreal underline = box.rect.bottom() + 1;
            p.drawLine(QPointF(box.rect.left() + 1, underline),
                       QPointF(box.rect.right() - 1, underline));
        }
    }
}

void EntitySpanView::paintGold(QPainter& p) const {
    // A bar in the gap under each line: one segment per run of the span's characters on a
    // line (a span can wrap).
    for (const ner::Span& span : m_gold) {
        if (span.begin < 0 || span.end > int(m_boxes.size()) || span.begin >= span.end) continue;
        const QColor colour = style::entityColor(QString::fromStdString(span.type)).darker(135);
        const bool found = goldFound(span);
        int k = span.begin;
        while (k < span.end) {
            const QRectF first = m_boxes[size_t(k)].rect;
            QRectF last = first;
            while (k + 1 < span.end && m_boxes[size_t(k + 1)].rect.top() == first.top())
                last = m_boxes[size_t(++k)].rect;
            ++k;
            const QRectF bar(first.left(), first.bottom() + kChipPadY + 2,
                             last.right() - first.left(), 4);
            p.fillRect(bar, colour);
            if (!found) {
                p.setPen(QPen(QColor("#c0392b"), 1.2));
                p.setBrush(Qt::NoBrush);
                p.drawRect(bar.adjusted(-1, -1, 1, 1));
            }
        }
    }
}

void EntitySpanView::resizeEvent(QResizeEvent* event) {
    CharacterHoverWidget::resizeEvent(event);
    relayout();
}

QRectF EntitySpanView::characterRect(int position) const {
    if (position < 0 || position >= int(m_boxes.size())) return {};
    return m_boxes[size_t(position)].rect;
}

int EntitySpanView::positionAt(const QPointF& point) const {
    for (size_t k = 0; k < m_boxes.size(); ++k)
        if (m_boxes[k].rect.adjusted(0, -kChipPadY, 0, kChipPadY).contains(point)) return int(k);
    return -1;
}

QString EntitySpanView::toolTipAt(int pos) const {
    if (!m_analysis || pos < 0 || pos >= int(m_analysis->chars.size())) return {};
    const ner::SentenceAnalysis& a = *m_analysis;
    const std::string& tag = a.predicted[size_t(pos)];
    const int t = tagIndex(a, tag);
    QString tip = QStringLiteral("<b>%1</b> &nbsp;%2")
                      .arg(m_boxes[size_t(pos)].text.toHtmlEscaped(), QString::fromStdString(tag));
    if (t >= 0) tip += QStringLiteral("<br>p = %1").arg(double(a.probability(t, pos)), 0, 'f', 3);
    if (!a.known[size_t(pos)]) tip += tr("<br><i>not in vocabulary</i> (read as &lt;unk&gt;)");
    if (m_dictionary && pos < int(m_analysis->chars.size())) {
        const QString words = m_dictionary->wordsText(pos);
        tip += tr("<br>dictionary: %1")
                   .arg(words.isEmpty() ? tr("<i>in no word</i>") : words.toHtmlEscaped());
        if (const DictionaryWord* segment = m_dictionary->segmentAt(pos))
            tip += tr("<br>segmentation: %1").arg(segment->text.toHtmlEscaped());
    }
    if (!m_gold.empty()) {
        const auto gold = std::find_if(m_gold.begin(), m_gold.end(), [pos](const ner::Span& s) {
            return s.begin <= pos && pos < s.end;
        });
        tip += gold == m_gold.end() ? tr("<br>gold: outside any entity")
                                    : tr("<br>gold: %1 (%2)")
                                          .arg(QString::fromStdString(gold->type),
                                               goldFound(*gold) ? tr("found") : tr("not found"));
    }
    return tip;
}

void EntitySpanView::mouseMoveEvent(QMouseEvent* event) {
    const int pos = positionAt(event->position());
    setHovered(pos);
    followTooltip(event->position().toPoint(), event->globalPosition().toPoint());
}

QString EntitySpanView::toolTipAt(const QPoint& point) const {
    const int pos = positionAt(point);
    return pos >= 0 ? toolTipAt(pos) : QString();
}

} // namespace studio
