#include "ui/inspector/reading_list.h"

#include <QCursor>
#include <QMenu>

namespace studio {

namespace {
// "18.7 %", or "1 in 48,000" where a percentage would round to nothing.
QString probabilityText(double p) {
    return QString::fromStdString(ner::describeProbability(p));
}
} // namespace

ReadingList::ReadingList(QWidget* parent) : QLabel(parent) {
    setTextFormat(Qt::RichText);
    setWordWrap(true);
    setMinimumWidth(100);
    setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    setToolTip(tr("The tag sequences the model scores highest, with their probability: for a "
                  "CRF over the sequences the decoder may choose, for softmax the product of "
                  "the characters' probabilities. Click one to see it above"));
    connect(this, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == QLatin1String("menu")) {
            openMenu(QCursor::pos());
            return;
        }
        showReading(link.toInt());
    });
    hide();
}

void ReadingList::setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis) {
    // An open menu lists the readings of the analysis it was opened on: close it.
    if (m_menu) m_menu->close();
    m_analysis = std::move(analysis);
    m_shown = 0;
    m_gold.reset();
    rebuild();
}

void ReadingList::setGold(std::optional<ner::GoldStanding> gold) {
    m_gold = gold;
    rebuild();
}

int ReadingList::count() const {
    return m_analysis ? int(m_analysis->readings.size()) : 0;
}

void ReadingList::showReading(int index) {
    if (index < 0 || index >= count()) return;
    m_shown = index;
    rebuild();
    emit readingShown(index);
}

std::shared_ptr<const ner::SentenceAnalysis> ReadingList::shownAnalysis() const {
    if (!m_analysis || m_shown == 0) return m_analysis;
    auto shown = std::make_shared<ner::SentenceAnalysis>(*m_analysis);
    const ner::TagReading& reading = m_analysis->readings[size_t(m_shown)];
    shown->predicted = reading.tags;
    shown->entities = reading.entities;
    return shown;
}

QString ReadingList::describe(int n) const {
    const auto& readings = m_analysis->readings;
    if (n == 0) return tr("this tagging");
    const QString what = QString::fromStdString(ner::describeChanges(
        ner::readingChanges(readings.front().entities, readings[size_t(n)].entities),
        m_analysis->chars));
    return what.isEmpty() ? tr("the same entities, other tags") : what;
}

QMenu* ReadingList::openMenu(const QPoint& globalPosition) {
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (int n = 0; n < count(); ++n) {
        QString label =
            QStringLiteral("%1.  %2  —  %3")
                .arg(n + 1)
                .arg(describe(n), probabilityText(m_analysis->readings[size_t(n)].probability));
        if (m_gold && n == m_gold->reading) label += tr("  (gold)");
        QAction* action = menu->addAction(label);
        action->setCheckable(true);
        action->setChecked(n == m_shown);
        connect(action, &QAction::triggered, this, [this, n] { showReading(n); });
    }
    menu->popup(globalPosition);
    m_menu = menu;
    return menu;
}

void ReadingList::rebuild() {
    if (count() < 2) { // one reading is the tagging itself: nothing to add
        clear();
        hide();
        return;
    }
    auto item = [&](int n) {
        const QString what = describe(n).toHtmlEscaped();
        const QString link = n == m_shown ? QStringLiteral("<b>%1</b>").arg(what)
                                          : QStringLiteral("<a href='%1'>%2</a>").arg(n).arg(what);
        return QStringLiteral("%1 %2").arg(
            link, probabilityText(m_analysis->readings[size_t(n)].probability).toHtmlEscaped());
    };
    // The tagging and the runner-up, which is what most questions are about; the rest in
    // a menu, so that the line never grows into the sentence above.
    QString text = tr("Readings: %1 &nbsp;·&nbsp; next: %2").arg(item(0), item(1));
    if (m_shown > 1) text += QStringLiteral(" &nbsp;·&nbsp; ") + item(m_shown);
    text += QStringLiteral(" &nbsp;·&nbsp; <a href='menu'>%1</a>").arg(tr("all %1 ▾").arg(count()));
    if (m_gold) {
        const int r = m_gold->reading;
        const QString p = probabilityText(m_gold->probability);
        const QString gold =
            r == 0 ? tr("this tagging")
            : r > 0
                ? tr("<a href='%1'>reading %2</a> (%3)").arg(r).arg(r + 1).arg(p.toHtmlEscaped())
            : m_gold->probability > 0
                ? tr("%1, not among the %2").arg(p.toHtmlEscaped()).arg(count())
                : tr("a tagging the decoder may not choose");
        text += QStringLiteral(" &nbsp;·&nbsp; ") + tr("gold: %1").arg(gold);
    }
    setText(text);
    show();
}

} // namespace studio
