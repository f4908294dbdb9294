#include "ui/inspector/state_map_panel.h"

#include "ui/inspector/state_map_view.h"
#include "ui/state/counted.h"
#include "ui/state/throttle.h"
#include "ui/state/weights_description.h"

#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace studio {

namespace {
QString percent(float share) {
    return QStringLiteral("%1 %").arg(std::lround(100.0 * double(share)));
}

// The characters around position t of a sentence, t's in bold: enough to recognise it.
QString context(const ner::Sentence& sentence, int t) {
    constexpr int kAround = 10;
    const int first = std::max(0, t - kAround);
    const int last = std::min(int(sentence.chars.size()), t + kAround + 1);
    QString text = first > 0 ? QStringLiteral("…") : QString();
    for (int k = first; k < last; ++k) {
        const QString c = QString::fromStdString(sentence.chars[size_t(k)]).toHtmlEscaped();
        text += k == t ? QStringLiteral("<b><u>%1</u></b>").arg(c) : c;
    }
    if (last < int(sentence.chars.size())) text += QStringLiteral("…");
    return text;
}
} // namespace

StateMapPanel::StateMapPanel(InspectionWorker* worker, QWidget* parent)
    : QWidget(parent), m_worker(worker), m_view(new StateMapView) {
    m_caption = new QLabel;
    m_caption->setWordWrap(true);
    m_caption->setMinimumWidth(100);
    m_caption->setTextFormat(Qt::RichText);
    m_caption->setToolTip(
        tr("<p>Each dot is the hidden state h<sub>t</sub> the layer reached at one character "
           "of the dev sentences (forward and backward units together), placed at its first "
           "two principal coordinates and coloured by the gold entity type the character is "
           "in (grey: none).</p><p>The tag scores are a linear function of the last layer's "
           "states, so a tagger that tells the types apart must have moved their states "
           "apart. The agreement says it in all dimensions: of each entity character's 8 "
           "nearest states (by cosine) among the other sentences' characters, the share in "
           "its own type.</p><p>The inspector's sentence is drawn over the dots as a path, "
           "each character in the colour of the type the model gave it.</p>"));
    m_layer = new QComboBox;
    m_layer->setObjectName(QStringLiteral("stateMapLayer"));
    m_layer->setToolTip(tr("Whose states: the last layer's are what the tag scores read"));
    m_characters = new QSpinBox;
    m_characters->setObjectName(QStringLiteral("stateMapCharacters"));
    m_characters->setRange(100, 6000);
    m_characters->setSingleStep(500);
    m_characters->setValue(kDefaultCharacters);
    m_characters->setKeyboardTracking(false); // typing 4000 is one request, not four
    m_characters->setToolTip(tr("How many characters of the dev split to map, in whole "
                                "sentences. The agreement compares every pair of states, so "
                                "twice as many take about four times as long."));
    m_colouring = new QComboBox;
    m_colouring->setObjectName(QStringLiteral("stateMapColouring"));
    m_colouring->addItem(tr("gold type"), int(StateMapView::Colouring::Gold));
    m_colouring->addItem(tr("predicted type"), int(StateMapView::Colouring::Predicted));
    m_colouring->addItem(tr("errors"), int(StateMapView::Colouring::Errors));
    m_colouring->setToolTip(tr("Colour each dot by its character's gold entity type, by the "
                               "type the model gave it, or red where the two differ"));
    m_throttle = new Throttle(
        kIntervalMs, [this] { requestMap(); }, this);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Layer")));
    controls->addWidget(m_layer);
    controls->addWidget(new QLabel(tr("Characters")));
    controls->addWidget(m_characters);
    controls->addWidget(new QLabel(tr("Colour by")));
    controls->addWidget(m_colouring);
    controls->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);

    connect(m_worker, &InspectionWorker::stateMapReady, this, &StateMapPanel::showMap);
    // Asked for at once: the user is waiting for this one, unlike new training weights.
    connect(m_layer, &QComboBox::currentIndexChanged, this, [this] {
        if (m_active) m_throttle->runNow();
    });
    connect(m_characters, &QSpinBox::valueChanged, this, [this] {
        if (m_active) m_throttle->runNow();
    });
    connect(m_colouring, &QComboBox::currentIndexChanged, this, [this] {
        m_view->setColouring(StateMapView::Colouring(m_colouring->currentData().toInt()));
        updateCaption();
    });
    connect(m_view, &StateMapView::pointHovered, this, &StateMapPanel::describePoint);
    connect(m_view, &StateMapView::pointClicked, this, [this](int index) {
        const std::vector<ner::Sentence>& sentences = m_shown.sentences();
        if (!m_shown.profile || index >= int(m_shown.profile->points.size())) return;
        const size_t s = size_t(m_shown.profile->points[size_t(index)].sentence);
        if (s < sentences.size())
            emit sentenceChosen(referenceFrom(sentences[s], m_shown.data->scheme, m_shown.split));
    });
    updateCaption();
}

void StateMapPanel::setWeights(const WeightsSnapshot& weights) {
    m_weights = weights;
    const int layers = weights.tagger ? weights.tagger->config().layers : 0;
    if (layers > 0 && m_layer->count() != layers) {
        const QSignalBlocker quiet(m_layer);
        m_layer->clear();
        for (int l = 0; l < layers; ++l)
            m_layer->addItem(QString::number(l + 1));
        m_layer->setCurrentIndex(layers - 1); // what the tag scores read
    }
    if (m_active) m_throttle->request();
}

void StateMapPanel::setDataset(std::shared_ptr<const ner::TrainingData> dataset) {
    m_data = std::move(dataset);
    if (m_active) m_throttle->runNow();
}

void StateMapPanel::setSentence(const InspectionResult& sentence) {
    m_sentence = sentence;
    updatePath();
}

void StateMapPanel::setActive(bool active) {
    m_active = active;
    if (active) m_throttle->runNow(); // brought up to date as it opens
}

QString StateMapPanel::caption() const {
    return m_caption->text();
}

void StateMapPanel::requestMap() {
    if (!m_active) return;
    if (!m_weights.tagger || !m_data) {
        m_shown = {};
        m_view->setMap(nullptr);
        updatePath();
        updateCaption();
        return;
    }
    StateMapRequest request = currentRequest();
    request.id = ++m_lastRequest;
    m_requestedCharacters = request.maxCharacters;
    m_worker->mapStates(request);
}

StateMapRequest StateMapPanel::currentRequest() const {
    StateMapRequest request{
        0, m_weights, m_data, std::max(0, m_layer->currentIndex()), m_characters->value(), nullptr};
    // Signs follow the map shown (the engine uses it only for the same layer and sentences).
    if (m_shown.data == m_data) request.previous = m_shown.profile;
    return request;
}

StateMapResult StateMapPanel::mapNow() const {
    const StateMapRequest request = currentRequest();
    if (m_shown.profile && m_shown.weights.tagger == m_weights.tagger && m_shown.data == m_data &&
        m_shown.profile->layer == request.layer && m_shownCharacters == request.maxCharacters)
        return m_shown;
    if (!m_weights.tagger || !m_data) {
        StateMapResult none;
        none.error = tr("Train or open a model first.");
        return none;
    }
    return InspectionWorker::mapStatesNow(request);
}

void StateMapPanel::showMap(const StateMapResult& result) {
    if (result.id != m_lastRequest) return; // overtaken by a newer request
    m_shown = result;
    m_shownCharacters = m_requestedCharacters;
    m_view->setMap(result.profile);
    updatePath();
    updateCaption();
}

void StateMapPanel::updatePath() {
    const auto& map = m_shown.profile;
    const auto& analysis = m_sentence.analysis;
    // Only on a map of the weights that tagged it: another model's states mean nothing here.
    if (!map || !analysis || m_sentence.weights.tagger != m_shown.weights.tagger) {
        m_view->setPath({});
        return;
    }
    const std::vector<std::array<float, 2>> at = ner::sentencePath(*map, *analysis);
    std::vector<QString> typeAt(at.size());
    for (const ner::Span& span : analysis->entities)
        for (int t = span.begin; t < span.end && t < int(at.size()); ++t)
            typeAt[size_t(t)] = QString::fromStdString(span.type);
    std::vector<StateMapView::PathPoint> path;
    path.reserve(at.size());
    for (size_t t = 0; t < at.size(); ++t)
        path.push_back({QString::fromStdString(analysis->chars[t]), typeAt[t], at[t][0], at[t][1]});
    m_view->setPath(std::move(path));
}

void StateMapPanel::updateCaption() {
    const auto& map = m_shown.profile;
    if (!map) {
        m_caption->setText(
            m_shown.error.isEmpty()
                ? tr("<span style='color:gray'>Train or open a model: the hidden state it "
                     "reaches at every character of the dev sentences then appears as a dot, "
                     "coloured by the character's entity type, with the sentence above drawn "
                     "over them as a path.</span>")
                : tr("Cannot map the states: %1").arg(m_shown.error.toHtmlEscaped()));
        return;
    }
    const ner::ModelConfig& config = m_shown.weights.tagger->config();
    const bool cut = map->sentences < m_shown.splitSize;
    QString agreement;
    if (map->agreement.characters > 0)
        agreement = tr(" · of an entity character's %1 nearest states in other sentences, "
                       "<b>%2</b> are in its type (%3 by chance)")
                        .arg(ner::kStateNeighbours)
                        .arg(percent(map->agreement.share))
                        .arg(percent(map->agreement.chance));
    QString errors;
    if (m_view->colouring() == StateMapView::Colouring::Errors) {
        const auto wrong =
            std::count_if(map->points.begin(), map->points.end(),
                          [](const ner::StatePoint& p) { return p.predicted != p.type; });
        errors = tr(" · <span style='color:#d62728'>red</span>: the model gives %1 of them another "
                    "type than the gold one")
                     .arg(QLocale().toString(qlonglong(wrong)));
    }
    m_caption->setText(
        tr("<b>Layer %1's hidden states</b> (%2 numbers) at %3 of %4%5, %6%7%8 · click a dot to "
           "open its sentence")
            .arg(map->layer + 1)
            .arg(config.hiddenDim * config.directions())
            .arg(counted(qint64(map->points.size()), tr("character"), tr("characters")))
            .arg(cut ? tr("the first ") : QString())
            .arg(counted(map->sentences, m_shown.split + tr(" sentence"),
                         m_shown.split + tr(" sentences")))
            .arg(weightsDescription(m_shown.weights).toHtmlEscaped())
            .arg(agreement)
            .arg(errors));
}

void StateMapPanel::describePoint(std::optional<int> index) {
    const auto& map = m_shown.profile;
    const std::vector<ner::Sentence>& sentences = m_shown.sentences();
    if (!index || !map || *index >= int(map->points.size())) {
        QToolTip::hideText();
        return;
    }
    const ner::StatePoint& point = map->points[size_t(*index)];
    if (size_t(point.sentence) >= sentences.size()) return;
    const ner::Sentence& sentence = sentences[size_t(point.sentence)];
    QString type = point.type == "O" ? tr("outside every entity")
                                     : tr("in a %1").arg(QString::fromStdString(point.type));
    if (point.predicted != point.type)
        type += tr(" (tagged %1)")
                    .arg(point.predicted == "O" ? tr("outside")
                                                : QString::fromStdString(point.predicted));
    const QString where = sentence.line > 0 ? tr(" (line %1)").arg(sentence.line) : QString();
    QToolTip::showText(QCursor::pos(),
                       tr("%1 · %2 · %3 sentence %4%5<br>%6<br><i>click to open the sentence</i>")
                           .arg(QString::fromStdString(point.character).toHtmlEscaped(), type,
                                m_shown.split, QString::number(point.sentence + 1), where,
                                context(sentence, point.position)),
                       m_view);
}

} // namespace studio
