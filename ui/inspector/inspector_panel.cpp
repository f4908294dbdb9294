#include "ui/inspector/inspector_panel.h"

#include "ui/inspector/color_scale_legend.h"
#include "ui/inspector/embedding_map_panel.h"
#include "ui/inspector/entity_legend.h"
#include "ui/inspector/entity_span_view.h"
#include "ui/inspector/influence_panel.h"
#include "ui/inspector/influence_view.h"
#include "ui/inspector/reading_list.h"
#include "ui/inspector/saturation_panel.h"
#include "ui/inspector/state_map_panel.h"
#include "ui/inspector/tag_probability_view.h"
#include "ui/inspector/transition_matrix_view.h"
#include "ui/inspector/unit_profile_view.h"
#include "ui/state/counted.h"
#include "ui/state/throttle.h"
#include "ui/state/weights_description.h"
#include "ui/window/epoch_bar.h"
#include "ui/window/studio_style.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace studio {

namespace {
QScrollArea* scrolled(QWidget* widget, Qt::ScrollBarPolicy horizontal) {
    auto* area = new QScrollArea;
    area->setWidget(widget);
    area->setWidgetResizable(true);
    area->setHorizontalScrollBarPolicy(horizontal);
    area->setFrameShape(QFrame::StyledPanel);
    return area;
}

} // namespace

InspectorPanel::InspectorPanel(QWidget* parent)
    : QWidget(parent), m_worker(new InspectionWorker(this)), m_debounce(new QTimer(this)) {
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &InspectorPanel::requestAnalysis);
    connect(m_worker, &InspectionWorker::analysisReady, this, &InspectorPanel::showResult);

    m_editor = new QLineEdit;
    m_editor->setFont(style::sentenceFont(17));
    m_editor->setPlaceholderText(tr("Type or paste a sentence to tag…"));
    m_editor->setClearButtonEnabled(true);
    connect(m_editor, &QLineEdit::textChanged, this, &InspectorPanel::scheduleAnalysis);
    connect(m_editor, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (m_reference && text != m_reference->text())
            m_reference.reset(); // edited: no longer the labelled sentence
    });
    m_note = new QLabel;
    m_note->setTextFormat(Qt::RichText);
    // Wrapped, so that a long note (a dev sentence's gold summary) never widens the window.
    m_note->setWordWrap(true);
    m_note->setMinimumWidth(100);
    m_note->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_legend = new EntityLegend;
    m_spans = new EntitySpanView;
    auto* spanArea = scrolled(m_spans, Qt::ScrollBarAlwaysOff);
    spanArea->setMinimumHeight(80);

    m_probabilities = new TagProbabilityView;
    auto* probabilityArea = scrolled(m_probabilities, Qt::ScrollBarAlwaysOff);
    probabilityArea->setMinimumWidth(190);
    m_readings = new ReadingList;
    connect(m_readings, &ReadingList::readingShown, this,
            [this] { m_spans->setAnalysis(m_readings->shownAnalysis()); });
    auto* spanBox = new QWidget;
    auto* spanLayout = new QVBoxLayout(spanBox);
    spanLayout->setContentsMargins(0, 0, 0, 0);
    spanLayout->setSpacing(2);
    spanLayout->addWidget(spanArea, 1);
    spanLayout->addWidget(m_readings);
    auto* tagged = new QSplitter(Qt::Horizontal);
    tagged->addWidget(spanBox);
    tagged->addWidget(probabilityArea);
    tagged->setStretchFactor(0, 1);
    tagged->setStretchFactor(1, 0);
    tagged->setSizes({520, 360});
    tagged->setChildrenCollapsible(false);

    auto* upper = new QWidget;
    auto* upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->setSpacing(4);
    auto* editorRow = new QHBoxLayout;
    editorRow->addWidget(m_editor, 1);
    m_epochBar = new EpochBar;
    connect(m_epochBar, &EpochBar::stepRequested, this, &InspectorPanel::epochStepRequested);
    connect(m_epochBar, &EpochBar::latestRequested, this, &InspectorPanel::latestWeightsRequested);
    editorRow->addWidget(m_epochBar);
    auto* noteRow = new QHBoxLayout;
    noteRow->addWidget(m_note, 1);
    noteRow->addWidget(m_legend);
    upperLayout->addLayout(editorRow);
    upperLayout->addLayout(noteRow);
    upperLayout->addWidget(tagged, 1);

    m_heatmap = new GateHeatmap;
    auto* gateBox = new QWidget;
    auto* gateLayout = new QVBoxLayout(gateBox);
    gateLayout->setContentsMargins(0, 0, 0, 0);
    gateLayout->setSpacing(2);
    gateLayout->addWidget(buildGateControls());
    gateLayout->addWidget(scrolled(m_heatmap, Qt::ScrollBarAsNeeded), 1);
    m_transitions = new TransitionMatrixView;
    // Two views of the same tagging: inside each recurrent layer, and how the CRF strings tags
    // together.
    m_lowerTabs = new QTabWidget;
    m_lowerTabs->setDocumentMode(true);
    m_lowerTabs->addTab(gateBox, tr("Gate activations"));
    m_transitionCaption = new QLabel;
    m_transitionCaption->setWordWrap(true);
    m_transitionCaption->setMinimumWidth(100);
    auto* transitionBox = new QWidget;
    auto* transitionLayout = new QVBoxLayout(transitionBox);
    transitionLayout->setContentsMargins(0, 2, 0, 0);
    transitionLayout->setSpacing(2);
    transitionLayout->addWidget(m_transitionCaption);
    transitionLayout->addWidget(scrolled(m_transitions, Qt::ScrollBarAsNeeded), 1);
    m_lowerTabs->addTab(transitionBox, tr("CRF transitions"));
    m_lowerTabs->setTabToolTip(1, tr("The learnt score of every tag following every other: the "
                                     "part of the model that is not per character"));
    m_influence = new InfluencePanel(m_worker);
    m_lowerTabs->addTab(m_influence, tr("Influence"));
    m_lowerTabs->setTabToolTip(
        2, tr("Which characters each decision depends on: for the tag at each character, the "
              "size of the gradient of its evidence (‖∂ log softmax(emission)[tag] / ∂ "
              "embedding‖) with respect to every character's embedding, each row scaled to its "
              "largest"));
    m_unitView = new UnitProfileView;
    m_lowerTabs->addTab(m_unitView, tr("Unit profile"));
    m_lowerTabs->setTabToolTip(3, tr("Click a row of the gate heatmap: where that unit is "
                                     "highest and lowest over the dev sentences, and its mean "
                                     "inside each entity type"));
    m_saturation = new SaturationPanel(m_worker);
    m_lowerTabs->addTab(m_saturation, tr("Gate saturation"));
    m_lowerTabs->setTabToolTip(4, tr("Every unit's sigmoid gates (an LSTM's input, forget and "
                                     "output gates; a GRU's reset and update gates) over the dev "
                                     "sentences: how often each is shut (below 0.1) and how "
                                     "often open (above 0.9). Click a point to see that unit "
                                     "across the dataset"));
    m_characterMap = new EmbeddingMapPanel;
    m_lowerTabs->addTab(m_characterMap, tr("Character map"));
    m_lowerTabs->setTabToolTip(5, tr("Where the model has put its characters: the most frequent "
                                     "ones at the two principal coordinates of their learnt "
                                     "embeddings, coloured by the entity type each mostly "
                                     "sits in"));
    m_stateMap = new StateMapPanel(m_worker);
    m_lowerTabs->addTab(m_stateMap, tr("Hidden states"));
    m_lowerTabs->setTabToolTip(6, tr("Where the recurrent layers put what they have read: the "
                                     "hidden state at every character of the dev sentences, at "
                                     "its two principal coordinates, coloured by the "
                                     "character's entity type, with the sentence above drawn "
                                     "as a path"));
    m_profileThrottle = new Throttle(
        kProfileIntervalMs, [this] { requestProfile(); }, this);
    connect(m_lowerTabs, &QTabWidget::currentChanged, this, [this] {
        // A tab someone just opened is brought up to date at once.
        if (m_lowerTabs->currentWidget() == m_unitView) m_profileThrottle->runNow();
        m_influence->setActive(m_lowerTabs->currentWidget() == m_influence);
        m_saturation->setActive(m_lowerTabs->currentWidget() == m_saturation);
        m_characterMap->setActive(m_lowerTabs->currentWidget() == m_characterMap);
        m_stateMap->setActive(m_lowerTabs->currentWidget() == m_stateMap);
    });
    connect(m_saturation, &SaturationPanel::unitChosen, this, [this](const ner::UnitRef& unit) {
        // The heatmap follows, so that the chosen unit's row shows the gate it was chosen by.
        // Both count the gates of the weights shown, so the unit's gate is one of the chooser's.
        if (unit.layer < m_layer->count()) m_layer->setCurrentIndex(unit.layer);
        if (unit.gate >= 0 && unit.gate < m_gate->count()) m_gate->setCurrentIndex(unit.gate);
        chooseUnit(unit);
    });
    connect(m_heatmap, &GateHeatmap::unitClicked, this, &InspectorPanel::chooseUnit);
    connect(m_worker, &InspectionWorker::unitProfileReady, this, &InspectorPanel::showProfile);
    connect(m_unitView, &UnitProfileView::sentenceChosen, this, &InspectorPanel::showReference);
    connect(m_stateMap, &StateMapPanel::sentenceChosen, this, &InspectorPanel::showReference);
    QWidget* lowerBox = m_lowerTabs;

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(upper);
    split->addWidget(lowerBox);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({250, 330});
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(split);

    connect(m_spans, &EntitySpanView::characterHovered, m_probabilities,
            &TagProbabilityView::setPosition);
    connect(m_spans, &EntitySpanView::characterHovered, m_heatmap,
            &GateHeatmap::setHighlightedPosition);
    connect(m_heatmap, &GateHeatmap::characterHovered, m_probabilities,
            &TagProbabilityView::setPosition);
    connect(m_heatmap, &GateHeatmap::characterHovered, m_spans,
            &EntitySpanView::setHighlightedPosition);
    connect(m_spans, &EntitySpanView::characterHovered, m_transitions,
            &TransitionMatrixView::setHighlightedPosition);
    connect(m_heatmap, &GateHeatmap::characterHovered, m_transitions,
            &TransitionMatrixView::setHighlightedPosition);
    // The influence map's rows are decisions: hovering one shows that character everywhere.
    connect(m_spans, &EntitySpanView::characterHovered, m_influence->view(),
            &InfluenceView::setHighlightedPosition);
    connect(m_heatmap, &GateHeatmap::characterHovered, m_influence->view(),
            &InfluenceView::setHighlightedPosition);
    connect(m_influence->view(), &InfluenceView::characterHovered, m_probabilities,
            &TagProbabilityView::setPosition);
    connect(m_influence->view(), &InfluenceView::characterHovered, m_spans,
            &EntitySpanView::setHighlightedPosition);
    connect(m_influence->view(), &InfluenceView::characterHovered, m_heatmap,
            &GateHeatmap::setHighlightedPosition);
    connect(m_influence->view(), &InfluenceView::characterHovered, m_transitions,
            &TransitionMatrixView::setHighlightedPosition);
    updateScaleLegend();
}

QWidget* InspectorPanel::buildGateControls() {
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 2, 0, 0);
    m_layer = new QComboBox;
    m_direction = new QComboBox;
    m_direction->addItem(tr("Both"), int(GateHeatmap::Directions::Both));
    m_direction->setToolTip(tr("Both shows the forward and backward directions side by side"));
    m_direction->addItem(tr("Forward"), int(GateHeatmap::Directions::Forward));
    m_direction->addItem(tr("Backward"), int(GateHeatmap::Directions::Backward));
    m_gate = new QComboBox;
    m_gate->setObjectName(QStringLiteral("heatmapQuantity"));
    m_gate->setToolTip(tr("The gates of the shown model's cell, and its hidden state h"));
    fillGateChooser(m_gateCell, QStringLiteral("h"));
    m_unitOrder = new QComboBox;
    m_unitOrder->setObjectName(QStringLiteral("unitOrder"));
    m_unitOrder->addItem(tr("in order"), int(GateHeatmap::UnitOrder::Index));
    m_unitOrder->addItem(tr("by variation"), int(GateHeatmap::UnitOrder::Variation));
    m_unitOrder->setToolTip(tr("By variation sorts each direction's units by how much "
                               "the chosen quantity changes along this sentence"));
    m_scale = new ColorScaleLegend;
    row->addWidget(new QLabel(tr("Layer")));
    row->addWidget(m_layer);
    row->addWidget(new QLabel(tr("Direction")));
    row->addWidget(m_direction);
    row->addWidget(new QLabel(tr("Quantity")));
    row->addWidget(m_gate);
    row->addWidget(new QLabel(tr("Units")));
    row->addWidget(m_unitOrder);
    row->addStretch(1);
    row->addWidget(m_scale, 1);

    connect(m_layer, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_heatmap->setLayer(std::max(0, index)); });
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        m_heatmap->setDirections(GateHeatmap::Directions(m_direction->currentData().toInt()));
    });
    connect(m_gate, &QComboBox::currentIndexChanged, this, [this] {
        m_restoredGate.clear(); // chosen now: a gate waiting from the settings is forgotten
        gateChosen();
    });
    connect(m_unitOrder, &QComboBox::currentIndexChanged, this, [this] {
        m_heatmap->setUnitOrder(GateHeatmap::UnitOrder(m_unitOrder->currentData().toInt()));
    });
    m_heatmap->setGate(m_gate->currentIndex());
    return box;
}

void InspectorPanel::fillGateChooser(ner::CellType cell, const QString& symbol) {
    const ner::CellDescription& description = ner::describeCell(cell);
    m_gateCell = cell;
    const QSignalBlocker quiet(m_gate);
    m_gate->clear();
    // In the cell's order, so that an item's index is its gate's index.
    for (const ner::GateDescriptor& gate : description.gates)
        m_gate->addItem(QStringLiteral("%1 · %2").arg(QString::fromStdString(gate.symbol),
                                                      QString::fromStdString(gate.name)),
                        QString::fromStdString(gate.symbol));
    const int index = m_gate->findData(symbol);
    m_gate->setCurrentIndex(index >= 0 ? index : description.outputGate());
    m_gate->setEnabled(m_gate->count() > 1); // a tanh RNN has h alone: nothing to choose
}

void InspectorPanel::gateChosen() {
    m_heatmap->setGate(m_gate->currentIndex());
    updateScaleLegend();
    if (m_unit) { // the same unit, the quantity now chosen
        m_unit->gate = m_heatmap->gate();
        m_profileThrottle->runNow();
    }
}

void InspectorPanel::showGatesOf(ner::CellType cell) {
    if (cell == m_gateCell && m_restoredGate.isEmpty()) return;
    // Another cell's gates are other gates, even where a symbol recurs: h, which every cell
    // has, stays chosen, and so does a gate restored from the settings that this cell has.
    const QString wanted = m_restoredGate.isEmpty() ? QStringLiteral("h") : m_restoredGate;
    m_restoredGate.clear();
    const int before = m_gate->currentIndex();
    const bool sameCell = cell == m_gateCell;
    fillGateChooser(cell, wanted);
    if (!sameCell || m_gate->currentIndex() != before) gateChosen();
}

HeatmapView InspectorPanel::heatmapView() const {
    return {m_restoredGate.isEmpty() ? m_gate->currentData().toString() : m_restoredGate,
            m_direction->currentData().toInt(), m_unitOrder->currentData().toInt()};
}

// HeatmapView's defaults are written as numbers (settings know no widgets): keep them true.
static_assert(HeatmapView::kBothDirections == int(GateHeatmap::Directions::Both));
static_assert(HeatmapView::kUnitsInOrder == int(GateHeatmap::UnitOrder::Index));

void InspectorPanel::setHeatmapView(const HeatmapView& view) {
    // The selectors drive the heatmap through their change signals.
    auto select = [](QComboBox* box, const QVariant& value) {
        if (const int index = box->findData(value); index >= 0) box->setCurrentIndex(index);
    };
    select(m_gate, view.gate);
    select(m_direction, view.directions);
    select(m_unitOrder, view.unitOrder);
    // A gate of another cell than the one shown (the settings are read before the first
    // model is): chosen once a sentence is shown, if that model's cell has it.
    m_restoredGate.clear();
    bool anyCell = false;
    for (ner::CellType cell : ner::kAllCells)
        anyCell = anyCell || ner::describeCell(cell).findGate(view.gate.toStdString());
    if (anyCell && m_gate->currentData().toString() != view.gate) m_restoredGate = view.gate;
}

QString InspectorPanel::text() const {
    return m_editor->text();
}

void InspectorPanel::setText(const QString& text) {
    m_editor->setText(text);
}

QString InspectorPanel::noteText() const {
    return m_note->text();
}

void InspectorPanel::showReference(const ReferenceSentence& sentence) {
    m_reference = sentence;
    const QString text = sentence.text();
    if (m_editor->text() == text)
        requestAnalysis(); // no textChanged: draw the gold now
    else
        setText(text);
}

void InspectorPanel::setWeights(const WeightsSnapshot& weights) {
    m_weights = weights;
    m_epochBar->showEpoch(weights.isChosenEpoch() ? std::optional<int>(weights.epoch)
                                                  : std::nullopt);
    if (!m_debounce->isActive()) requestAnalysis(); // else the pending one will use them
    if (m_unit && m_lowerTabs->currentWidget() == m_unitView) m_profileThrottle->request();
    m_saturation->setWeights(weights);
    m_characterMap->setWeights(weights);
    m_stateMap->setWeights(weights);
}

void InspectorPanel::setDataset(std::shared_ptr<const ner::TrainingData> dataset) {
    m_data = std::move(dataset);
    m_saturation->setDataset(m_data);
    m_characterMap->setDataset(m_data);
    m_stateMap->setDataset(m_data);
    m_unit.reset();
    m_heatmap->setMarkedUnit(std::nullopt);
    m_unitView->showHint();
}

void InspectorPanel::chooseUnit(const ner::UnitRef& unit) {
    m_unit = unit;
    m_heatmap->setMarkedUnit(unit);
    if (m_lowerTabs->currentWidget() == m_unitView)
        m_profileThrottle->runNow();
    else
        m_lowerTabs->setCurrentWidget(m_unitView); // requests it through currentChanged
}

void InspectorPanel::requestProfile() {
    // Profiling runs every dev sentence through the model: only for a tab someone looks at.
    if (!m_unit || m_lowerTabs->currentWidget() != m_unitView) return;
    m_worker->profileUnit({++m_lastProfileRequest, m_weights, m_data, *m_unit, 12});
}

SaturationResult InspectorPanel::saturationOfShownWeights() const {
    return m_saturation->countsNow();
}

InfluenceView* InspectorPanel::influenceView() const {
    return m_influence->view();
}

QCheckBox* InspectorPanel::againstGoldBox() const {
    return m_influence->againstGoldBox();
}

QString InspectorPanel::influenceCaption() const {
    return m_influence->caption();
}

InfluenceResult InspectorPanel::influenceOfShownSentence() const {
    return m_influence->mapNow();
}

void InspectorPanel::showProfile(const UnitProfileResult& result) {
    if (result.id != m_lastProfileRequest) return; // overtaken by a newer request
    m_unitView->setResult(result);
}

void InspectorPanel::scheduleAnalysis() {
    m_debounce->start();
}

void InspectorPanel::requestAnalysis() {
    m_debounce->stop();
    InspectionRequest request{++m_lastRequest, m_editor->text(), m_weights, kMaxCharacters, {}};
    if (m_reference && m_reference->text() == request.text) request.gold = m_reference->gold;
    m_worker->analyse(request);
}

void InspectorPanel::showResult(const InspectionResult& result) {
    if (result.id != m_lastRequest) return; // overtaken by a newer request
    m_shown = result;
    const auto& analysis = result.analysis;
    m_legend->setTagNames(analysis ? analysis->tagNames : std::vector<std::string>{});
    // The dictionary first: setAnalysis() refreshes an open tooltip, which shows both.
    m_spans->setDictionary(result.dictionary);
    m_probabilities->setDictionary(result.dictionary);
    m_spans->setAnalysis(analysis);
    m_readings->setAnalysis(analysis); // back to the first reading, which is `analysis`
    const bool labelled = showsReference();
    m_spans->setGold(labelled ? m_reference->gold : std::vector<ner::Span>{});
    if (labelled) m_readings->setGold(result.gold);
    m_probabilities->setAnalysis(analysis);
    if (analysis) showGatesOf(analysis->cell); // before the heatmap draws the new cell's gates
    m_heatmap->setAnalysis(analysis);
    m_transitions->setAnalysis(analysis);
    m_characterMap->setSentence(analysis ? analysis->chars : std::vector<std::string>{});
    m_stateMap->setSentence(result);
    m_transitionCaption->setText(m_transitions->caption());
    m_transitionCaption->setVisible(!m_transitionCaption->text().isEmpty());
    updateSelectors();

    QStringList parts{tr("Tagged with %1").arg(weightsDescription(result.weights))};
    if (!result.error.isEmpty()) parts << result.error.toHtmlEscaped();
    if (analysis && !analysis->chars.empty()) {
        parts << counted(qint64(analysis->entities.size()), tr("entity"), tr("entities"));
        const auto unknown = std::count(analysis->known.begin(), analysis->known.end(), false);
        if (unknown > 0)
            parts << tr("%1 not in the vocabulary")
                         .arg(counted(unknown, tr("character"), tr("characters")));
        if (const auto& dictionary = result.dictionary)
            parts << tr("%1 of %2 (hover a character)")
                         .arg(counted(qint64(dictionary->words.size()), tr("dictionary word"),
                                      tr("dictionary words")),
                              dictionary->source.toHtmlEscaped());
    }
    if (labelled) {
        const auto found =
            std::count_if(m_reference->gold.begin(), m_reference->gold.end(),
                          [this](const ner::Span& g) { return m_spans->goldFound(g); });
        const QString origin =
            m_reference->line > 0
                ? tr("%1 sentence (line %2)").arg(m_reference->split).arg(m_reference->line)
                : tr("%1 sentence").arg(m_reference->split);
        parts << tr("%1: %2 of %3 found, gold underlined, "
                    "<span style='color:#c0392b'>red</span> if missed")
                     .arg(origin)
                     .arg(found)
                     .arg(counted(qint64(m_reference->gold.size()), tr("gold entity"),
                                  tr("gold entities")));
    }
    QString note = parts.join(QStringLiteral(" · "));
    if (analysis && analysis->truncated)
        note += tr(" · <span style='color:#b35c00'><b>showing the first %1 of %2 characters"
                   "</b></span>")
                    .arg(QLocale().toString(int(analysis->chars.size())),
                         QLocale().toString(result.inputLength));
    m_note->setText(note);
    m_influence->setSentence(result, labelled ? std::optional(m_reference->gold) : std::nullopt);
    emit analysisShown(result);
}

bool InspectorPanel::showsReference() const {
    // Gold only for exactly the labelled characters: not for an older result or a cut text.
    const auto& analysis = m_shown.analysis;
    return m_reference && analysis && !analysis->truncated && analysis->chars == m_reference->chars;
}

void InspectorPanel::updateSelectors() {
    const int layers = std::max(1, m_heatmap->layerCount());
    if (m_layer->count() != layers) {
        const QSignalBlocker block(m_layer);
        const int keep = std::min(m_layer->currentIndex(), layers - 1);
        m_layer->clear();
        for (int l = 0; l < layers; ++l)
            m_layer->addItem(QString::number(l + 1));
        m_layer->setCurrentIndex(std::max(0, keep));
        m_heatmap->setLayer(std::max(0, keep));
    }
    if (m_heatmap->layerCount() == 0) return; // nothing tagged: keep the choice as it is
    const bool bidirectional = m_heatmap->isBidirectional();
    m_direction->setEnabled(bidirectional);
    if (!bidirectional && m_direction->currentIndex() != 1) {
        m_direction->setCurrentIndex(1); // forward is all there is
        m_forcedForward = true;
    } else if (bidirectional && m_forcedForward) {
        m_direction->setCurrentIndex(0); // back to the default once both exist again
        m_forcedForward = false;
    }
}

void InspectorPanel::updateScaleLegend() {
    const ner::CellDescription& cell = ner::describeCell(m_gateCell);
    const ner::GateDescriptor& gate =
        cell.gates[size_t(std::clamp(m_gate->currentIndex(), 0, cell.outputGate()))];
    const bool diverging = GateHeatmap::isDiverging(gate);
    const QString name = QString::fromStdString(gate.name);
    m_scale->setDiverging(diverging, diverging
                                         ? tr("%1: diverging scale, −1 … 1 (clamped)").arg(name)
                                         : tr("%1 gate: sequential scale, 0 … 1").arg(name));
}

QStringList InspectorPanel::gateChoices() const {
    QStringList symbols;
    for (int k = 0; k < m_gate->count(); ++k)
        symbols << m_gate->itemData(k).toString();
    return symbols;
}

} // namespace studio
