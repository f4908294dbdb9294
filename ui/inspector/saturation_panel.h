#pragma once
// The inspector's "Gate saturation" tab: a caption (which sentences, which weights, how many
// units keep their memory gate open), layer and direction selectors, the threshold that
// counts a gate as shut (below it) or open (above 1 − it), and the plot (SaturationChart) of
// the cell's sigmoid gates; for a tanh RNN, which has none, a note that says so instead. The
// counts are made on the inspector's InspectionWorker only while the tab is open, and redone
// with new weights at most every kIntervalMs (Throttle).
#include "ui/state/unit_ref_metatype.h"
#include "ui/workers/inspection_worker.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QStackedWidget;

namespace studio {

class SaturationChart;
class Throttle;

class SaturationPanel : public QWidget {
    Q_OBJECT
public:
    // Counting runs every dev sentence through the model (80 dev sentences of the built-in
    // corpus: about 20 ms here), like a unit profile.
    static constexpr int kIntervalMs = 2000;

    explicit SaturationPanel(InspectionWorker* worker, QWidget* parent = nullptr);

    SaturationChart* chart() const { return m_chart; }
    // Shown instead of the chart when the counted cell has no sigmoid gate (a tanh RNN).
    QLabel* noGatesNote() const { return m_noGates; }
    bool showsChart() const; // the chart, not that note
    QComboBox* layerBox() const { return m_layer; }
    QComboBox* directionBox() const { return m_direction; }
    QDoubleSpinBox* thresholdBox() const { return m_threshold; }
    float threshold() const; // what the box says
    QString caption() const;
    const SaturationResult& shownResult() const { return m_shown; }

    void setWeights(const WeightsSnapshot& weights);
    void setDataset(std::shared_ptr<const ner::TrainingData> dataset);
    // Whether the tab is the one shown: the counts are made only then, at once on opening.
    void setActive(bool active);
    // The counts the tab shows for the current weights and dataset, made now on the calling
    // thread when the tab has none (for an export); without a profile, `error` says why.
    SaturationResult countsNow() const;

signals:
    void unitChosen(const ner::UnitRef& unit); // a point was clicked

private:
    void requestCounts();
    void showCounts(const SaturationResult& result);
    void redraw();

    InspectionWorker* m_worker;
    SaturationChart* m_chart;
    QLabel* m_caption;
    QLabel* m_noGates;
    QStackedWidget* m_plot; // m_chart, or m_noGates
    QComboBox* m_layer;
    QComboBox* m_direction;
    QDoubleSpinBox* m_threshold;
    Throttle* m_throttle;
    WeightsSnapshot m_weights;
    std::shared_ptr<const ner::TrainingData> m_data;
    SaturationResult m_shown;
    bool m_active = false;
    int m_lastRequest = 0;
};

} // namespace studio
