#include "ui/inspector/influence_panel.h"

#include "ui/inspector/influence_view.h"
#include "ui/state/throttle.h"
#include "ui/state/weights_description.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace studio {

InfluencePanel::InfluencePanel(InspectionWorker* worker, QWidget* parent)
    : QWidget(parent), m_worker(worker), m_view(new InfluenceView) {
    m_caption = new QLabel;
    m_caption->setWordWrap(true);
    m_caption->setMinimumWidth(100);
    m_caption->setTextFormat(Qt::RichText);
    m_againstGold = new QCheckBox(tr("Wrong tags against gold"));
    m_againstGold->setObjectName(QStringLiteral("againstGold"));
    m_againstGold->setChecked(true);
    m_againstGold->setEnabled(false); // until a labelled sentence is shown
    m_againstGold->setToolTip(tr("On a labelled sentence (a wrong dev sentence, the sample), a "
                                 "wrongly tagged character's row shows what made the tagger "
                                 "prefer its tag to the gold one"));
    m_throttle = new Throttle(
        kIntervalMs, [this] { requestMap(); }, this);
    connect(m_againstGold, &QCheckBox::toggled, this, [this] { m_throttle->runNow(); });
    connect(m_worker, &InspectionWorker::influenceReady, this, &InfluencePanel::showMap);

    auto* area = new QScrollArea;
    area->setWidget(m_view);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::StyledPanel);
    auto* header = new QHBoxLayout;
    header->addWidget(m_caption, 1);
    header->addWidget(m_againstGold, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(area, 1);
}

void InfluencePanel::setSentence(const InspectionResult& shown,
                                 std::optional<std::vector<ner::Span>> gold) {
    m_shown = shown;
    m_gold = std::move(gold);
    m_againstGold->setEnabled(m_gold.has_value());
    if (m_active) m_throttle->request();
}

void InfluencePanel::setActive(bool active) {
    m_active = active;
    if (active) m_throttle->runNow(); // brought up to date as it opens
}

std::optional<InfluenceRequest> InfluencePanel::request(int id, QString* why) const {
    const auto& analysis = m_shown.analysis;
    const auto length = analysis ? analysis->chars.size() : 0;
    if (length == 0 || length > size_t(kMaxCharacters)) {
        if (why)
            *why = length == 0
                       ? (m_shown.weights.isNull()
                              ? tr("Train or open a model, then type a sentence: this shows "
                                   "which characters each of its tags depends on.")
                              : tr("Type a sentence: this shows which characters each of its "
                                   "tags depends on."))
                       : tr("The influence map covers sentences of up to %1 characters; this "
                            "one has %2. Its cost grows with the square of the length.")
                             .arg(kMaxCharacters)
                             .arg(length);
        return std::nullopt;
    }
    InfluenceRequest r{id, m_shown.weights, analysis, std::nullopt};
    if (m_gold && m_againstGold->isChecked()) r.gold = m_gold;
    return r;
}

void InfluencePanel::requestMap() {
    if (!m_active) return;
    QString why;
    if (const auto r = request(++m_lastRequest, &why)) {
        m_worker->explain(*r);
        return;
    }
    // Nothing to map; a map still being computed is for another sentence (its id is old).
    m_caption->clear();
    m_view->showHint(why);
}

InfluenceResult InfluencePanel::mapNow() const {
    QString why;
    const auto r = request(0, &why);
    if (!r) {
        InfluenceResult none;
        none.error = why;
        return none;
    }
    return InspectionWorker::explainNow(*r);
}

void InfluencePanel::showMap(const InfluenceResult& result) {
    if (result.id != m_lastRequest) return; // overtaken by a newer request
    m_view->setResult(result);
    m_caption->setText(caption());
}

QString InfluencePanel::caption() const {
    if (!m_view->hasMap()) return {};
    return tr("Rows: decisions (each character's tag) · columns: characters read · darker: "
              "moves that tag's evidence more. %1 With %2.")
        .arg(m_view->summary(), weightsDescription(m_view->result().weights));
}

} // namespace studio
