#pragma once
// The inspector: a sentence box, the sentence tagged with the current weights (entity spans,
// gate heatmap, tag probabilities of the character under the pointer), and below it six
// tabs: the gate heatmap, the CRF's transitions, which characters each decision depends on
// (the influence map), one unit across the dataset (clicked in the heatmap), every gate's
// saturation and where the characters' embeddings lie (the character map). The last four are
// computed only while their tab is open, and redone with new weights at most once per
// interval (Throttle).
//
// Typing is debounced (150 ms); new weights re-tag at once. Tagging runs on an
// InspectionWorker thread; each request has an id and a result for an older id is dropped,
// so the panel always ends up showing the newest text with the newest weights.
#include "ui/inspector/gate_heatmap.h"
#include "ui/inspector/influence_panel.h"
#include "ui/state/reference_sentence.h"
#include "ui/workers/inspection_worker.h"
#include "ui/workers/training_messages.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTimer;

namespace studio {

class ColorScaleLegend;
class EntityLegend;
class EntitySpanView;
class ReadingList;
class EpochBar;
class InfluenceView;
class Throttle;
class TagProbabilityView;
class TransitionMatrixView;
class UnitProfileView;
class SaturationPanel;
class EmbeddingMapPanel;
class StateMapPanel;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxCharacters = 300; // analysed; longer input is cut with a note
    // New weights arrive every 0.4 s while training; a profile runs the whole dev split.
    static constexpr int kProfileIntervalMs = 2000;
    static constexpr int kMaxInfluenceCharacters = InfluencePanel::kMaxCharacters;
    static constexpr int kInfluenceIntervalMs = InfluencePanel::kIntervalMs;

    explicit InspectorPanel(QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text);
    QLineEdit* editor() const { return m_editor; }
    EntitySpanView* spanView() const { return m_spans; }
    ReadingList* readingList() const { return m_readings; }
    GateHeatmap* heatmap() const { return m_heatmap; }
    TransitionMatrixView* transitionView() const { return m_transitions; }
    TagProbabilityView* probabilityView() const { return m_probabilities; }
    UnitProfileView* unitView() const { return m_unitView; }
    SaturationPanel* saturationPanel() const { return m_saturation; }
    EmbeddingMapPanel* characterMap() const { return m_characterMap; }
    StateMapPanel* stateMap() const { return m_stateMap; }
    // What the Gate saturation tab shows for the current weights, counted now if it has not.
    SaturationResult saturationOfShownWeights() const;
    InfluenceView* influenceView() const;
    QWidget* influenceTab() const { return m_influence; }
    QString influenceCaption() const;
    QCheckBox* againstGoldBox() const;
    // The influence map of the sentence shown, as the Influence tab would show it (against
    // gold when the tab would be), computed now on this thread; without a map, `error` says
    // why (no sentence, or too long).
    InfluenceResult influenceOfShownSentence() const;
    QTabWidget* lowerTabs() const { return m_lowerTabs; }
    const std::optional<ner::UnitRef>& chosenUnit() const { return m_unit; }
    QString noteText() const;
    EpochBar* epochBar() const { return m_epochBar; }
    const InspectionResult& shownResult() const { return m_shown; }
    const WeightsSnapshot& weights() const { return m_weights; }
    // What the heatmap's selectors show. A stored value no selector offers (a settings file
    // from another version) leaves that selector as it is; a gate another cell has than the
    // one shown is chosen when a model of that cell is (and heatmapView() keeps it till then).
    HeatmapView heatmapView() const;
    void setHeatmapView(const HeatmapView& view);
    // The symbols the gate chooser offers: the gates of the shown analysis' cell, h last.
    QStringList gateChoices() const;
    QComboBox* gateChooser() const { return m_gate; }

    // The labelled sentence being inspected against its gold entities, while the box holds
    // it.
    const std::optional<ReferenceSentence>& reference() const { return m_reference; }

public slots:
    void setWeights(const studio::WeightsSnapshot& weights);
    // Tags a labelled sentence and draws its gold entities under the predicted ones until
    // the text is edited.
    void showReference(const studio::ReferenceSentence& sentence);
    // The sentences a unit is profiled over (dev, else training). Forgets the chosen unit.
    void setDataset(std::shared_ptr<const ner::TrainingData> dataset);
    // Shows the unit's tab and profiles it with the weights shown.
    void chooseUnit(const ner::UnitRef& unit);

signals:
    void analysisShown(const studio::InspectionResult& result);
    // The epoch bar beside the sentence (EpochBar), shown while the weights are of an epoch
    // chosen on the charts or in View: its arrows and replay, and "Latest weights".
    void epochStepRequested(int delta);
    void latestWeightsRequested();

private:
    QWidget* buildGateControls();
    void scheduleAnalysis();
    void requestAnalysis();
    void showResult(const InspectionResult& result);
    void updateSelectors();
    void updateScaleLegend();
    // The chooser lists the cell's gates, with `symbol` chosen (h when the cell has no such
    // gate), without announcing it.
    void fillGateChooser(ner::CellType cell, const QString& symbol);
    // The chooser's gate to the heatmap, the scale and the chosen unit.
    void gateChosen();
    // A result of that cell is about to be shown: the chooser lists its gates.
    void showGatesOf(ner::CellType cell);
    // Whether the shown analysis is of exactly the reference sentence's characters.
    bool showsReference() const;
    void requestProfile(); // when a unit is chosen and its tab is open
    void showProfile(const UnitProfileResult& result);

    InspectionWorker* m_worker;
    QTimer* m_debounce;
    QLineEdit* m_editor;
    QLabel* m_note;
    EntityLegend* m_legend;
    EpochBar* m_epochBar;
    EntitySpanView* m_spans;
    ReadingList* m_readings;
    QComboBox* m_layer;
    QComboBox* m_direction;
    QComboBox* m_gate;
    ner::CellType m_gateCell = ner::CellType::Lstm; // whose gates m_gate lists
    QString m_restoredGate; // from setHeatmapView, for the next model shown (see there)
    QComboBox* m_unitOrder;
    ColorScaleLegend* m_scale;
    GateHeatmap* m_heatmap;
    TransitionMatrixView* m_transitions;
    QLabel* m_transitionCaption;
    QTabWidget* m_lowerTabs;
    UnitProfileView* m_unitView;
    SaturationPanel* m_saturation;
    EmbeddingMapPanel* m_characterMap;
    StateMapPanel* m_stateMap;
    std::optional<ner::UnitRef> m_unit;
    std::shared_ptr<const ner::TrainingData> m_data;
    int m_lastProfileRequest = 0;
    Throttle* m_profileThrottle;
    InfluencePanel* m_influence;
    TagProbabilityView* m_probabilities;
    WeightsSnapshot m_weights;
    InspectionResult m_shown;
    int m_lastRequest = 0;
    std::optional<ReferenceSentence> m_reference;
    bool m_forcedForward = false; // direction set to forward because the model has no other
};

} // namespace studio
