#include "ui/inspector/tag_probability_view.h"

#include "ui/window/studio_style.h"

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <numeric>

namespace studio {

namespace {
constexpr int kRow = 15;
constexpr int kHeader = 26;
constexpr int kNameWidth = 50;
constexpr int kColumnWidth = 150;   // a column of bars; as many as the width allows
constexpr int kDictionaryLine = 15; // two of them, under the heading

QString typeOf(const std::string& tag) {
    const auto dash = tag.find('-');
    return dash == std::string::npos ? QString() : QString::fromStdString(tag.substr(dash + 1));
}
} // namespace

TagProbabilityView::TagProbabilityView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::MinimumExpanding);
}

void TagProbabilityView::setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis) {
    m_analysis = std::move(analysis);
    fitHeight();
    update();
}

void TagProbabilityView::setDictionary(std::shared_ptr<const SentenceDictionary> dictionary) {
    m_dictionary = std::move(dictionary);
    fitHeight();
    update();
}

int TagProbabilityView::headerHeight() const {
    return kHeader + (m_dictionary ? 2 * kDictionaryLine + 2 : 0);
}

QStringList TagProbabilityView::dictionaryLines() const {
    const int pos = shownPosition();
    if (!m_dictionary || pos < 0) return {};
    const QString words = m_dictionary->wordsText(pos);
    const DictionaryWord* segment = m_dictionary->segmentAt(pos);
    return {tr("Dictionary: %1").arg(words.isEmpty() ? tr("in no word") : words),
            tr("Segmentation: %1").arg(segment ? segment->text : QString())};
}

int TagProbabilityView::columns() const {
    return std::max(1, (width() - 6) / kColumnWidth);
}

void TagProbabilityView::fitHeight() {
    const int tags = m_analysis ? int(m_analysis->tagNames.size()) : 0;
    const int rows = (tags + columns() - 1) / columns();
    const int needed = headerHeight() + rows * kRow + 4;
    if (minimumHeight() != needed) setMinimumHeight(needed);
}

void TagProbabilityView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitHeight();
}

void TagProbabilityView::setPosition(int position) {
    if (position == m_position) return;
    m_position = position;
    update();
}

int TagProbabilityView::shownPosition() const {
    if (!m_analysis || m_analysis->chars.empty()) return -1;
    const int length = int(m_analysis->chars.size());
    if (m_position >= 0 && m_position < length) return m_position;
    return m_analysis->entities.empty() ? 0 : m_analysis->entities.front().begin;
}

QSize TagProbabilityView::sizeHint() const {
    const int tags = m_analysis ? int(m_analysis->tagNames.size()) : 8;
    return {2 * kColumnWidth + 6, headerHeight() + (tags + 1) / 2 * kRow + 4};
}

QSize TagProbabilityView::minimumSizeHint() const {
    return {kColumnWidth + 6, headerHeight() + 4 * kRow};
}

void TagProbabilityView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const int pos = shownPosition();
    const QFont font = style::uiFont(8);
    p.setFont(font);
    if (pos < 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(6, 6, -6, -6), Qt::AlignTop | Qt::TextWordWrap,
                   tr("Tag probabilities of the character under the pointer."));
        return;
    }
    const ner::SentenceAnalysis& a = *m_analysis;
    const int tags = int(a.tagNames.size());
    std::vector<int> order(static_cast<size_t>(tags));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int x, int y) { return a.probability(x, pos) > a.probability(y, pos); });

    QFont title = style::sentenceFont(14);
    p.setFont(title);
    p.setPen(palette().color(QPalette::Text));
    const QString heading =
        tr("P(tag) for “%1” (%2)").arg(QString::fromStdString(a.chars[size_t(pos)])).arg(pos + 1);
    p.drawText(QRect(6, 2, width() - 12, kHeader - 4), Qt::AlignLeft | Qt::AlignVCenter, heading);
    // The decoder picks the best whole sequence, so the tag shown in bold need not be the
    // most probable one here (a softmax tagger's "I-X" cannot start an entity, say).
    const std::string& decoded = a.predicted[size_t(pos)];
    if (decoded != a.tagNames[size_t(order.front())]) {
        const int left = 6 + QFontMetrics(title).horizontalAdvance(heading) + 8;
        p.setFont(font);
        p.setPen(palette().color(QPalette::PlaceholderText));
        const QString note =
            tr("tagged %1: best allowed sequence").arg(QString::fromStdString(decoded));
        p.drawText(QRect(left, 2, width() - left - 6, kHeader - 4),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(font).elidedText(note, Qt::ElideRight, width() - left - 6));
    }
    p.setFont(font);
    p.setPen(palette().color(QPalette::Text));
    const QStringList lines = dictionaryLines();
    for (qsizetype k = 0; k < lines.size(); ++k) {
        const QRect box(6, kHeader - 2 + int(k) * kDictionaryLine, width() - 12, kDictionaryLine);
        p.drawText(box, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(font).elidedText(lines[k], Qt::ElideRight, box.width()));
    }
    const int top = headerHeight();
    QFont bold = font;
    bold.setBold(true);
    const int perColumn = std::max(1, (tags + columns() - 1) / columns());
    const int columnWidth = (width() - 6) / columns();
    const int barWidth = std::max(20, columnWidth - kNameWidth - 50);
    for (int row = 0; row < tags; ++row) {
        const int k = order[size_t(row)];
        const int x = 6 + row / perColumn * columnWidth;
        const int y = top + row % perColumn * kRow;
        const std::string& tag = a.tagNames[size_t(k)];
        const bool predicted = tag == a.predicted[size_t(pos)];
        const double prob = a.probability(k, pos);
        p.setFont(predicted ? bold : font);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(x, y, kNameWidth - 4, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::fromStdString(tag));
        const QString type = typeOf(tag);
        const QColor color =
            type.isEmpty() ? QColor("#b0bec5") : style::entityColor(type).darker(110);
        const int barLeft = x + kNameWidth;
        p.fillRect(QRect(barLeft, y + 3, barWidth, kRow - 6), QColor(0, 0, 0, 12));
        p.fillRect(QRectF(barLeft, y + 3, barWidth * prob, kRow - 6), color);
        p.drawText(QRect(barLeft + barWidth + 4, y, 46, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                   prob >= 0.001 ? QString::number(prob * 100, 'f', 1) + '%'
                                 : QStringLiteral("<0.1%"));
    }
}

} // namespace studio
