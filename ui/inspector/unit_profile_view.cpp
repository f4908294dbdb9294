#include "ui/inspector/unit_profile_view.h"

#include "engine/data/sentence.h"
#include "ui/inspector/gate_heatmap.h"
#include "ui/state/counted.h"
#include "ui/state/weights_description.h"
#include "ui/window/studio_style.h"

#include <QScrollBar>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace studio {

namespace {
constexpr int kContext = 10; // characters shown on each side of a moment

QString hint() {
    return QObject::tr("<p style='color:gray'>Click a row of the gate heatmap: this tab then "
                       "shows what that unit responds to across the dataset — its mean inside "
                       "each entity type, and the sentences where it goes highest and "
                       "lowest.</p>");
}

QString valueColor(const ner::GateDescriptor& gate, double value) {
    return (GateHeatmap::isDiverging(gate) ? style::divergingColor(value)
                                           : style::sequentialColor(value))
        .name();
}

// Readable text on a cell of the given background.
QString textOn(const QString& background) {
    const QColor c(background);
    return c.lightnessF() < 0.5 ? QStringLiteral("white") : QStringLiteral("black");
}

QString momentRow(const ner::UnitMoment& m, const std::vector<ner::Sentence>& sentences,
                  const ner::GateDescriptor& gate) {
    const ner::Sentence& s = sentences[size_t(m.sentence)];
    const size_t pos = size_t(m.position);
    const size_t begin = pos > size_t(kContext) ? pos - size_t(kContext) : 0;
    const size_t end = std::min(s.chars.size(), pos + 1 + size_t(kContext));
    const QString before = QString::fromStdString(ner::joinCharacters(s.chars, begin, pos));
    const QString ch = QString::fromStdString(s.chars[pos]);
    const QString after = QString::fromStdString(ner::joinCharacters(s.chars, pos + 1, end));
    const QString color = valueColor(gate, double(m.value));
    const QString tag = pos < s.tags.size() ? QString::fromStdString(s.tags[pos]) : QString();
    return QStringLiteral("<tr><td align='right'>%1</td><td>%2%3<span style='background:%4;"
                          "color:%5'><b>%6</b></span>%7%8</td><td style='color:gray'>%9 · "
                          "<a href='sentence:%10'>line %11</a></td></tr>")
        .arg(double(m.value), 0, 'f', 3)
        .arg(begin > 0 ? QStringLiteral("…") : QString(), before.toHtmlEscaped(), color,
             textOn(color), ch.toHtmlEscaped(), after.toHtmlEscaped(),
             end < s.chars.size() ? QStringLiteral("…") : QString(), tag.toHtmlEscaped())
        .arg(m.sentence)
        .arg(s.line);
}
} // namespace

UnitProfileView::UnitProfileView(QWidget* parent) : QTextBrowser(parent) {
    setObjectName(QStringLiteral("unitProfile"));
    setOpenLinks(false);
    setFont(style::uiFont(9));
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        bool ok = false;
        const int index = url.path().toInt(&ok);
        const std::vector<ner::Sentence>& sentences = m_result.sentences();
        if (url.scheme() != QLatin1String("sentence") || !ok || index < 0 ||
            index >= int(sentences.size()) || !m_result.data)
            return;
        emit sentenceChosen(
            referenceFrom(sentences[size_t(index)], m_result.data->scheme, m_result.split));
    });
    showHint();
}

void UnitProfileView::showHint() {
    m_result = {};
    setHtml(hint());
}

void UnitProfileView::setResult(const UnitProfileResult& result) {
    m_result = result;
    const int scroll = verticalScrollBar() ? verticalScrollBar()->value() : 0;
    setHtml(html(result));
    // Refreshed with every new snapshot while training: keep the reader's place.
    if (verticalScrollBar()) verticalScrollBar()->setValue(scroll);
}

QString UnitProfileView::html(const UnitProfileResult& result) {
    if (!result.error.isEmpty())
        return QStringLiteral("<p style='color:#c0392b'>%1</p>").arg(result.error.toHtmlEscaped());
    if (!result.profile) return hint();
    const ner::UnitProfile& p = *result.profile;
    const ner::UnitRef& u = p.unit;
    // The profile's cell names its gates (the unit's gate is resolved: never kOutput).
    const ner::GateDescriptor& gate = ner::describeCell(p.cell).gates[size_t(u.gate)];
    const std::vector<ner::Sentence>& sentences = result.sentences();
    QString page = tr("<p><b>Unit %1</b> · layer %2 · %3 · %4 (%5) — over %6 (%7), %8</p>")
                       .arg(u.unit)
                       .arg(u.layer + 1)
                       .arg(u.direction == 0 ? tr("forward") : tr("backward"),
                            QString::fromStdString(gate.symbol), QString::fromStdString(gate.name),
                            p.sentences < result.splitSize
                                ? tr("the first %1 of %2")
                                      .arg(p.sentences)
                                      .arg(counted(result.splitSize, result.split + tr(" sentence"),
                                                   result.split + tr(" sentences")))
                                : counted(p.sentences, result.split + tr(" sentence"),
                                          result.split + tr(" sentences")),
                            counted(p.characters, tr("character"), tr("characters")),
                            weightsDescription(result.weights));

    // Means by gold type, as bars on the unit's own range so that small differences show.
    double low = 0, high = 0;
    for (const ner::TypeMean& m : p.byType) {
        low = std::min(low, m.mean);
        high = std::max(high, m.mean);
    }
    const double span = std::max(1e-6, high - low);
    page += tr("<p><b>Mean by gold entity type</b> (O: outside every entity)</p>");
    page += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    for (const ner::TypeMean& m : p.byType) {
        const QString type = QString::fromStdString(m.type);
        const QString chip = type == QLatin1String("O") ? QStringLiteral("#b0bec5")
                                                        : style::entityColor(type).name();
        const int width = int(std::lround(160 * (m.mean - low) / span)) + 2;
        page += QStringLiteral("<tr><td><span style='background:%1'>&nbsp;%2&nbsp;</span></td>"
                               "<td align='right'>%3</td><td><table cellspacing='0' "
                               "cellpadding='0'><tr><td width='%4' bgcolor='%5' "
                               "height='10'></td></tr></table></td><td style='color:gray'>%6"
                               "</td></tr>")
                    .arg(chip, type.toHtmlEscaped())
                    .arg(m.mean, 0, 'f', 3)
                    .arg(width)
                    .arg(valueColor(gate, m.mean))
                    .arg(counted(m.characters, tr("character"), tr("characters")));
    }
    page += QStringLiteral("</table>");
    for (const bool highest : {true, false}) {
        page += highest ? tr("<p><b>Highest</b></p>") : tr("<p><b>Lowest</b></p>");
        page += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
        for (const ner::UnitMoment& m : highest ? p.highest : p.lowest)
            page += momentRow(m, sentences, gate);
        page += QStringLiteral("</table>");
    }
    return page;
}

} // namespace studio
