#pragma once
// What the studio is training and with which weights it tags: the coordinator between the
// training worker, the metrics history and the widgets. No widgets here.
//
// Train means, depending on the state:
//   no model yet, or after Reset   a fresh model from the settings and the dataset;
//   stopped, settings unchanged    continue the same run from the next batch;
//   otherwise (stopped with new settings, finished, a model opened from a file)
//                                  a new run that starts from the current weights when their
//                                  shape, vocabulary and tags fit the dataset, else fresh.
// Messages from a run that has since been replaced (run id) are dropped here.
//
// With the settings' dictionary on, a run reads jieba's dictionary as the DictionaryLoader
// gives it (or the dictionary a warm-start model already reads). Train while it is still
// being read waits for it in the Preparing state (Stop cancels); if it cannot be read, runs
// train without it, and the start message says so.
#include "ui/state/epoch_weights.h"
#include "ui/workers/preview_model_builder.h"
#include "ui/workers/training_messages.h"

#include <QObject>
#include <QPointer>

#include <map>
#include <memory>
#include <optional>

class QTimer;

namespace studio {

class DictionaryLoader;
class DynamicsHistory;
class MetricsHistory;
class TrainingWorker;

class TrainingSession : public QObject {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;

    MetricsHistory* history() const { return m_history; }
    // Each part of the model's gradient and update sizes, batch by batch, for this run.
    DynamicsHistory* dynamics() const { return m_dynamics; }
    TrainingWorker* worker() const { return m_worker; }
    TrainingState state() const { return m_state; }
    bool isActive() const; // preparing, running or paused
    // A model exists whose shape the settings must not change (until Reset).
    bool modelShapeFixed() const { return m_state != TrainingState::Idle; }

    const WeightsSnapshot& weights() const { return m_weights; }
    // The weights with the best dev F1 so far, else the current ones (what Save writes).
    std::shared_ptr<const ner::Tagger> modelToSave() const;
    // The untrained preview's builder, which keeps its vocabulary and tag set (tests count it).
    const PreviewModelBuilder& previewBuilder() const { return m_preview; }
    int bestEpoch() const { return m_bestEpoch; }
    // Weights trained since the last save, open or reset: closing or resetting would lose them.
    bool hasUnsavedModel() const { return m_unsaved; }
    // Saved, or discarded when asked: either way its recovery copy is no longer needed.
    void markSaved();
    void discardUnsaved() { markSaved(); }
    // A model recovered from a crash is shown like an opened file but is saved nowhere yet.
    void markUnsaved() { m_unsaved = true; }
    // Where runs keep a copy of their best weights until they are saved or discarded
    // (TrainingJob::recoveryPath); empty: nowhere.
    void setRecoveryPath(const QString& path) { m_recoveryPath = path; }
    const QString& recoveryPath() const { return m_recoveryPath; }
    const std::optional<ner::Evaluation>& latestDevEvaluation() const { return m_latestDev; }
    // The current run's weights after each epoch (0: its start), for going back to one.
    const EpochWeights& epochWeights() const { return m_epochWeights; }
    // The current run's report of epoch `epoch` (from 1), or null.
    const ner::EpochReport* epochReport(int epoch) const;
    // Where runs get the dictionary from; without one they have none.
    void setDictionaryLoader(DictionaryLoader* loader);
    // Train was asked for while the dictionary is still being read: it starts once it is.
    bool isWaitingForDictionary() const { return m_waitingForDictionary; }

public slots:
    void setDataset(std::shared_ptr<const ner::TrainingData> data);
    // The settings the next Train uses; while idle they also rebuild the untrained preview.
    void setSettings(const studio::TrainingSettings& settings);
    void train();
    void pause();
    void resume();
    void stop();
    void reset();
    // Show (and later train on from) a model read from a file.
    void useModel(std::shared_ptr<const ner::Tagger> model, const QString& name);

signals:
    void stateChanged(studio::TrainingState state);
    void weightsChanged(const studio::WeightsSnapshot& weights);
    void trainingStarted(const studio::TrainingStart& start);
    void batchProgress(const studio::BatchMetrics& metrics);
    void epochFinished(const studio::EpochMetrics& metrics);
    void trainingFinished(const studio::TrainingOutcome& outcome);
    void message(const QString& text); // for the status bar
    // The kept epochs belonged to a run that is gone (a new run, a reset, an opened model).
    void epochWeightsForgotten();
    void trainingFailed(const QString& message);

private:
    bool current(int run) const;
    void onStarted(const TrainingStart& start);
    void onEpoch(const EpochMetrics& metrics);
    void onWeights(const WeightsSnapshot& snapshot);
    void onState(TrainingState state);
    void rebuildPreview();
    void setWeights(const WeightsSnapshot& weights);
    bool dictionaryLoading() const;
    // The loaded dictionary when the settings want one, else null.
    ner::SharedLexicon studioLexicon() const;
    void onDictionaryRead();
    void waitForDictionary();
    void stopWaitingForDictionary();
    void forgetEpochWeights();

    TrainingWorker* m_worker;
    MetricsHistory* m_history;
    DynamicsHistory* m_dynamics;
    QTimer* m_previewTimer;
    PreviewModelBuilder m_preview;
    std::shared_ptr<const ner::TrainingData> m_data;
    TrainingSettings m_settings = TrainingSettings::defaults();
    TrainingSettings m_runSettings;                     // what the current run was started with
    std::shared_ptr<const ner::TrainingData> m_runData; // and on which data
    TrainingState m_state = TrainingState::Idle;
    WeightsSnapshot m_weights;
    std::shared_ptr<const ner::Tagger> m_best;
    int m_bestEpoch = 0;
    bool m_unsaved = false;
    std::optional<ner::Evaluation> m_latestDev;
    QString m_recoveryPath;
    // The recovery copy was removed because the model was saved or discarded; a copy the
    // training thread writes after that (an epoch ending while the window closes) goes too.
    bool m_recoverySettled = false;
    EpochWeights m_epochWeights;
    std::map<int, ner::EpochReport> m_epochReports; // a few kB each: all are kept
    QPointer<DictionaryLoader> m_dictionary;
    bool m_waitingForDictionary = false;
    TrainingState m_stateBeforeWait = TrainingState::Idle; // restored when Stop cancels the wait
};

} // namespace studio
