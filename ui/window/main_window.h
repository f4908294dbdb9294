#pragma once
// The studio's window: builds the panels, docks and menus and connects them to the dataset
// and training sessions. It holds no training logic (TrainingSession) and no drawing
// (the panels); file commands are in main_window_files.cpp.
#include "engine/data/lexicon.h"
#include "engine/nn/cell_type.h"
#include "ui/charts/metrics_chart.h"
#include "ui/workers/training_messages.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <string>

class QDockWidget;
class QLabel;
class QMessageBox;

namespace ner {
class Tagger;
}

namespace studio {

class AppSettings;
class DatasetPanel;
class DatasetSession;
class DictionaryLoader;
class DynamicsChart;
class ExperimentPanel;
class ExperimentWorker;
class GuideDialog;
class HyperparameterPanel;
class InspectedWeights;
class InspectorPanel;
class ModelLoader;
class ModelScorer;
struct ModelScore;
class RecentFilesMenu;
class ResultsPanel;
class RunStore;
class RunsPanel;
class TrainingControls;
class TrainingSession;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Shows an error to the user; a message box unless replaced (tests replace it so that
    // nothing modal blocks them).
    using ErrorReporter = std::function<void(const QString& title, const QString& text)>;

    // Reads the dictionary at dictionaryPath in the background (tests point it elsewhere).
    explicit MainWindow(
        QWidget* parent = nullptr,
        const QString& dictionaryPath = QString::fromLatin1(ner::kDefaultDictionary));
    ~MainWindow() override;

    void setErrorReporter(ErrorReporter reporter) { m_reportError = std::move(reporter); }

    DatasetSession* datasetSession() const { return m_dataset; }
    DictionaryLoader* dictionaryLoader() const { return m_dictionary; }
    ModelLoader* modelLoader() const { return m_modelLoader; }
    TrainingSession* trainingSession() const { return m_session; }
    // The weights the inspector shows: the session's, or an epoch chosen on the charts or in View.
    InspectedWeights* inspectedWeights() const { return m_inspected; }
    DatasetPanel* datasetPanel() const { return m_datasetPanel; }
    HyperparameterPanel* hyperparameterPanel() const { return m_hyperparameters; }
    TrainingControls* trainingControls() const { return m_controls; }
    InspectorPanel* inspector() const { return m_inspector; }
    ResultsPanel* resultsPanel() const { return m_results; }
    DynamicsChart* dynamicsChart() const { return m_dynamicsChart; }
    QDockWidget* dynamicsDock() const { return m_dynamicsDock; }
    MetricsChart* chart(MetricsChart::Kind kind) const;
    // Stored runs, the Runs dock (list and experiment tabs) and the experiment's thread
    // (main_window_runs.cpp). The store's folder is RunStore::defaultFolder().
    RunStore* runStore() const { return m_runStore; }
    RunsPanel* runsPanel() const { return m_runsPanel; }
    ExperimentPanel* experimentPanel() const { return m_experimentPanel; }
    ExperimentWorker* experimentWorker() const { return m_experiment; }
    QDockWidget* runsDock() const { return m_runsDock; }

public slots:
    // Empty path: the built-in corpus, at once (false if it failed). A file loads in the
    // background: true means started, and datasetChanged or loadFailed follows.
    bool openDataset(const QString& path);
    // A model file also loads in the background: true means started (false while another
    // is being read), and modelOpened or an error report follows.
    bool openModel(const QString& path);
    // A model (*.lner) or else a dataset, as dropping the file on the window does.
    bool openFile(const QString& path);
    bool saveModel(const QString& path);
    // The weights of the epoch chosen on the charts (not what Save writes); false if none is.
    bool saveChosenEpoch(const QString& path);
    bool exportMetrics(const QString& path);
    // The inspector's sentence: every gate of every unit, as `lstm-ner inspect --csv` writes.
    bool exportGateActivations(const QString& path);
    bool exportInfluence(const QString& path);      // the inspector's sentence, as its tab maps it
    bool exportGateSaturation(const QString& path); // the current weights over the dev split
    bool exportCharacterMap(const QString& path);   // what the Character map tab shows
    bool exportHiddenStates(const QString& path);   // what the Hidden states tab shows
    // The original experiment on the open dataset with the form's other settings, `seeds`
    // runs per configuration; false (and a status message) while training runs.
    bool startExperiment(int seeds);
    // Help → Guide to the studio (F1): one non-modal window, raised if already open.
    void showGuide();
    GuideDialog* guide() const { return m_guide; }
    // The cell of the model the inspector shows (the form's choice while there is none): the
    // one the guide describes.
    ner::CellType modelCell() const;
    // The offer to open a model the last session trained and nobody saved, while shown.
    QMessageBox* recoveryOffer() const;

signals:
    // The model read from `path` is shown and is what Train goes on from.
    void modelOpened(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildCentralArea();
    void buildDocks();
    void buildMenus();
    void connectSessions();
    void restoreSettings();
    void saveSettings();
    void refreshRecentMenus();
    void reportError(const QString& title, const QString& text);

    // Runs (main_window_runs.cpp).
    QDockWidget* buildRunsDock();
    void connectRuns();
    void recordStudioRun(const TrainingOutcome& outcome);
    void refreshRunsBlocking(); // training and the experiment never run at once

    void onDatasetChanged();
    void onDictionaryRead(); // loaded or failed
    void onModelRead(const QString& path, std::shared_ptr<const ner::Tagger> model);
    void onStateChanged(TrainingState state);
    void refreshFileActions();     // file commands and Train, while training or loading
    void refreshDictionaryField(); // the form's box knows which dictionary the model reads
    void scoreOpenedModel();       // a model from a file, on the dev split, in the background
    void onModelScored(const ModelScore& score);
    void onSessionWeightsChanged();
    void onInspectedWeightsChanged(const WeightsSnapshot& weights);
    void onChosenEpochChanged(std::optional<int> epoch);
    void showEpochResults(const ner::EpochReport& report); // dev scores, wrong dev sentences
    void refreshEpochActions(); // View's epoch commands: only while a run's epochs are kept
    void onEpochScored(const ModelScore& score);

    // File dialogs (main_window_files.cpp).
    void chooseDataset();
    void chooseModelToOpen();
    bool chooseModelToSave();
    void chooseEpochToSave();
    // A save dialog for a model file, starting at `name` in the last folder; empty: cancelled.
    QString chooseModelFile(const QString& title, const QString& name);
    // Writes a model file atomically and lists it among the recent; false after an error report.
    bool writeModel(const ner::Tagger& model, const QString& path);
    // Before an action that would lose trained weights nobody saved: Save / Discard / Cancel.
    // True when the action may go ahead.
    bool confirmUnsavedModel(const QString& title, const QString& question);
    void offerRecovery(); // at start, when the last session left an unsaved model behind
    void chooseMetricsFile();
    void chooseGateActivationsFile();
    void chooseInfluenceFile();
    void chooseSaturationFile();
    void chooseCharacterMapFile();
    void chooseHiddenStatesFile();
    // Saves an export atomically and says so in the status bar; `what` names it ("gate
    // activations") in the error or the message.
    bool writeExport(const QString& path, const std::string& contents, const QString& what,
                     int characters);
    void chooseChartFile(MetricsChart* chart);

    AppSettings* m_settings;
    DatasetSession* m_dataset;
    DictionaryLoader* m_dictionary;
    ModelLoader* m_modelLoader;
    ModelScorer* m_scorer;
    // Scores a chosen epoch the run never scored (epoch 0); apart from m_scorer, which each
    // new training weight cancels.
    ModelScorer* m_epochScorer;
    TrainingSession* m_session;
    InspectedWeights* m_inspected;
    TrainingControls* m_controls;
    DatasetPanel* m_datasetPanel;
    HyperparameterPanel* m_hyperparameters;
    InspectorPanel* m_inspector;
    ResultsPanel* m_results;
    QList<MetricsChart*> m_charts;
    RunStore* m_runStore;
    ExperimentWorker* m_experiment;
    RunsPanel* m_runsPanel = nullptr;
    ExperimentPanel* m_experimentPanel = nullptr;
    QDockWidget* m_runsDock = nullptr;
    QDockWidget* m_datasetDock = nullptr;
    QDockWidget* m_settingsDock = nullptr;
    QDockWidget* m_resultsDock = nullptr;
    QDockWidget* m_dynamicsDock = nullptr;
    DynamicsChart* m_dynamicsChart = nullptr;
    RecentFilesMenu* m_recentDatasets = nullptr;
    RecentFilesMenu* m_recentModels = nullptr;
    QAction* m_openDatasetAction = nullptr;
    QAction* m_builtinAction = nullptr;
    QAction* m_openModelAction = nullptr;
    QList<QAction*> m_epochActions; // View → Earlier epoch … Latest weights
    QAction* m_saveEpochAction = nullptr;
    QLabel* m_weightsLabel;
    QLabel* m_throughputLabel;
    QString m_sampleSentence; // the dataset's sample, replaced only while still shown
    ErrorReporter m_reportError;
    GuideDialog* m_guide = nullptr; // created on first use
    QPointer<QMessageBox> m_recoveryOffer;
    QString m_recoveryBeingOpened; // the offer's Open was chosen and the file is being read
};

} // namespace studio
