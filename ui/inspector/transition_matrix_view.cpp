#include "ui/inspector/transition_matrix_view.h"

#include "ui/inspector/hover_tooltip.h"
#include "ui/window/studio_style.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <map>

namespace studio {

namespace {
constexpr int kCell = 14;
constexpr int kCaption = 4; // space above the column labels
constexpr int kMargin = 6;

int prefixRank(char prefix) {
    switch (prefix) {
    case 'B':
        return 0;
    case 'I':
    case 'M':
        return 1;
    case 'E':
        return 2;
    default:
        return 3; // S
    }
}

QString signedScore(float v) {
    return (v >= 0 ? QStringLiteral("+") : QString()) + QString::number(double(v), 'f', 2);
}
} // namespace

TransitionMatrixView::TransitionMatrixView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void TransitionMatrixView::setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis) {
    m_analysis = std::move(analysis);
    m_order.clear();
    m_path.clear();
    m_scale = 1;
    if (hasTransitions()) {
        const auto& names = m_analysis->tagNames;
        // (type, prefix rank) → id; "O" (empty type) sorts first.
        std::map<std::pair<std::string, int>, int> sorted;
        for (int k = 0; k < int(names.size()); ++k) {
            const std::string& n = names[size_t(k)];
            if (n == "O" || n.size() < 3)
                sorted[{std::string(), 0}] = k;
            else
                sorted[{n.substr(2), prefixRank(n[0])}] = k;
        }
        for (const auto& entry : sorted)
            m_order.push_back(entry.second);
        for (const std::string& tag : m_analysis->predicted) {
            const auto it = std::find(names.begin(), names.end(), tag);
            m_path.push_back(int(it - names.begin()));
        }
        const ner::TransitionScores& t = m_analysis->transitions;
        float largest = 0;
        for (int i = 0; i < t.tags; ++i) {
            if (t.startAllowed[size_t(i)])
                largest = std::max(largest, std::abs(t.start[size_t(i)]));
            if (t.endAllowed[size_t(i)]) largest = std::max(largest, std::abs(t.end[size_t(i)]));
            for (int j = 0; j < t.tags; ++j)
                if (t.isAllowed(i, j)) largest = std::max(largest, std::abs(t.score(i, j)));
        }
        m_scale = largest > 0 ? largest : 1;
        const QFontMetrics fm(style::uiFont(7.5));
        int widest = fm.horizontalAdvance(QStringLiteral("start"));
        for (const std::string& n : names)
            widest = std::max(widest, fm.horizontalAdvance(QString::fromStdString(n)));
        m_labelWidth = widest + 8;
        m_headerHeight = widest + 8;
    }
    updateGeometry();
    update();
}

void TransitionMatrixView::setHighlightedPosition(int position) {
    if (position == m_highlighted) return;
    m_highlighted = position;
    update();
}

QSize TransitionMatrixView::sizeHint() const {
    if (!hasTransitions()) return {360, 60};
    const int K = tagCount();
    return {kMargin + m_labelWidth + (K + 1) * kCell + kMargin,
            kCaption + m_headerHeight + (K + 1) * kCell + kMargin};
}

QRect TransitionMatrixView::cellRect(int row, int column) const {
    return {kMargin + m_labelWidth + column * kCell, kCaption + m_headerHeight + row * kCell, kCell,
            kCell};
}

int TransitionMatrixView::rowAt(int y) const {
    const int r = (y - kCaption - m_headerHeight);
    if (!hasTransitions() || r < 0) return -1;
    return r / kCell <= tagCount() ? r / kCell : -1;
}

int TransitionMatrixView::columnAt(int x) const {
    const int c = (x - kMargin - m_labelWidth);
    if (!hasTransitions() || c < 0) return -1;
    return c / kCell <= tagCount() ? c / kCell : -1;
}

float TransitionMatrixView::score(int from, int to) const {
    const ner::TransitionScores& t = m_analysis->transitions;
    if (from < 0 && to < 0) return 0;
    if (from < 0) return t.start[size_t(to)];
    if (to < 0) return t.end[size_t(from)];
    return t.score(from, to);
}

bool TransitionMatrixView::allowed(int from, int to) const {
    const ner::TransitionScores& t = m_analysis->transitions;
    if (from < 0 && to < 0) return false; // no such transition: an empty sentence
    if (from < 0) return t.startAllowed[size_t(to)];
    if (to < 0) return t.endAllowed[size_t(from)];
    return t.isAllowed(from, to);
}

int TransitionMatrixView::uses(int from, int to) const {
    if (m_path.empty()) return 0;
    int n = 0;
    if (from < 0) return to >= 0 && m_path.front() == to ? 1 : 0;
    if (to < 0) return m_path.back() == from ? 1 : 0;
    for (size_t t = 1; t < m_path.size(); ++t)
        n += m_path[t - 1] == from && m_path[t] == to ? 1 : 0;
    return n;
}

QString TransitionMatrixView::tagLabel(int tag, const char* boundary) const {
    return tag < 0 ? QString::fromLatin1(boundary)
                   : QString::fromStdString(m_analysis->tagNames[size_t(tag)]);
}

QString TransitionMatrixView::describeCell(int row, int column) const {
    if (!hasTransitions() || row < 0 || column < 0) return {};
    const int from = fromTag(row), to = toTag(column);
    if (from < 0 && to < 0) return {};
    QString text =
        QStringLiteral("%1 → %2: %3")
            .arg(tagLabel(from, "start"), tagLabel(to, "end"), signedScore(score(from, to)));
    if (!allowed(from, to)) {
        text += tr("\nforbidden in %1: the decoder never takes it")
                    .arg(QString::fromStdString(m_analysis->transitions.constraint));
        return text;
    }
    const int n = uses(from, to);
    if (n > 0)
        text +=
            n == 1 ? tr("\nused once in this sentence") : tr("\nused %1× in this sentence").arg(n);
    return text;
}

QString TransitionMatrixView::caption() const {
    if (!hasTransitions()) return {};
    const std::string& constraint = m_analysis->transitions.constraint;
    return tr("Learnt score of the row's tag followed by the column's: blue −%1 … white 0 … "
              "red +%1. %2 Outlined: the path tagged above; orange: the step into the character "
              "under the pointer.")
        .arg(double(m_scale), 0, 'f', 1)
        .arg(constraint.empty() ? tr("Decoding is free: every transition may be used.")
                                : tr("Hatched: forbidden in %1, never decoded.")
                                      .arg(QString::fromStdString(constraint)));
}

void TransitionMatrixView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    QFont font = style::uiFont(7.5);
    p.setFont(font);
    if (!hasTransitions()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin),
                   Qt::AlignTop | Qt::TextWordWrap,
                   m_analysis ? tr("Softmax output: no learnt transitions to show. Each "
                                   "character has its own tag probabilities; constrained "
                                   "decoding takes the most probable tag sequence the scheme "
                                   "can write, free decoding each character's most probable "
                                   "tag.")
                              : tr("Type a sentence above to see the transitions of its tags."));
        return;
    }
    const int K = tagCount();
    p.setPen(palette().color(QPalette::Text));

    // Labels: rows on the left, columns rotated above.
    for (int r = 0; r <= K; ++r) {
        const QRect cell = cellRect(r, 0);
        p.drawText(QRect(kMargin, cell.top(), m_labelWidth - 4, kCell),
                   Qt::AlignRight | Qt::AlignVCenter, tagLabel(fromTag(r), "start"));
    }
    for (int c = 0; c <= K; ++c) {
        const QRect cell = cellRect(0, c);
        p.save();
        p.translate(cell.left(), cell.top() - 4);
        p.rotate(-90);
        p.drawText(QRect(0, 0, m_headerHeight - 4, kCell), Qt::AlignLeft | Qt::AlignVCenter,
                   tagLabel(toTag(c), "end"));
        p.restore();
    }

    // Cells.
    const QColor forbidden = palette().color(QPalette::Midlight);
    for (int r = 0; r <= K; ++r)
        for (int c = 0; c <= K; ++c) {
            const int from = fromTag(r), to = toTag(c);
            const QRect cell = cellRect(r, c);
            if (from < 0 && to < 0) continue;
            if (!allowed(from, to)) {
                p.fillRect(cell, forbidden);
                p.fillRect(cell, QBrush(palette().color(QPalette::Mid), Qt::BDiagPattern));
                continue;
            }
            p.fillRect(cell, style::divergingColor(double(score(from, to) / m_scale)));
        }
    // Grid lines between entity types' blocks, so the block structure reads at a glance.
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    const QRect grid = cellRect(0, 0).united(cellRect(K, K));
    p.drawRect(grid.adjusted(0, 0, -1, -1));
    p.drawLine(grid.left(), cellRect(1, 0).top(), grid.right(), cellRect(1, 0).top());
    p.drawLine(cellRect(0, K).left(), grid.top(), cellRect(0, K).left(), grid.bottom());
    auto typeOf = [&](int tag) {
        const std::string& n = m_analysis->tagNames[size_t(tag)];
        return n.size() > 2 ? n.substr(2) : std::string();
    };
    for (int k = 1; k < K; ++k)
        if (typeOf(m_order[size_t(k)]) != typeOf(m_order[size_t(k - 1)])) {
            p.drawLine(grid.left(), cellRect(k + 1, 0).top(), grid.right(),
                       cellRect(k + 1, 0).top());
            p.drawLine(cellRect(0, k).left(), grid.top(), cellRect(0, k).left(), grid.bottom());
        }

    // The sentence's path, and the transition into the hovered character.
    auto rowOf = [&](int tag) {
        return tag < 0 ? 0
                       : int(std::find(m_order.begin(), m_order.end(), tag) - m_order.begin()) + 1;
    };
    auto columnOf = [&](int tag) {
        return tag < 0 ? K : int(std::find(m_order.begin(), m_order.end(), tag) - m_order.begin());
    };
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(20, 20, 20), 1.5));
    for (size_t i = 0; i <= m_path.size() && !m_path.empty(); ++i) {
        const int from = i == 0 ? -1 : m_path[i - 1];
        const int to = i == m_path.size() ? -1 : m_path[i];
        p.drawRect(cellRect(rowOf(from), columnOf(to)).adjusted(1, 1, -1, -1));
    }
    if (m_highlighted >= 0 && m_highlighted < int(m_path.size())) {
        const int from = m_highlighted == 0 ? -1 : m_path[size_t(m_highlighted - 1)];
        p.setPen(QPen(QColor("#e67e22"), 2.5));
        p.drawRect(
            cellRect(rowOf(from), columnOf(m_path[size_t(m_highlighted)])).adjusted(0, 0, -1, -1));
    }
}

void TransitionMatrixView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    showTooltip(this, event->globalPosition().toPoint(),
                describeCell(rowAt(pos.y()), columnAt(pos.x())));
}

void TransitionMatrixView::leaveEvent(QEvent* event) {
    if (!pointerInside(this)) QToolTip::hideText();
    QWidget::leaveEvent(event);
}

} // namespace studio
