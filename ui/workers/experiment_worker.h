#pragma once
// Reruns the original experiment (or any list of configurations × seeds) on a thread of its
// own: one ner::ComparisonRun after another, as `lstm-ner compare` does with one job. Each
// finished run leaves as a ner::RunResult through a queued signal; progress leaves at most
// every 100 ms.
//
// Pause and Stop use the running Trainer's own thread-safe controls, so they take effect at
// the next batch boundary; a pause asked for between two runs holds the next one before its
// first batch. Stop ends the queue (the run in progress is dropped, the finished ones were
// already sent). The destructor stops and waits for the thread.
//
// The object lives on the GUI thread; only run() runs on the worker thread.
#include "engine/train/comparison.h"
#include "ui/state/run_result_metatype.h"

#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QThread;

namespace studio {

struct ExperimentJob {
    std::shared_ptr<const ner::TrainingData> data;
    std::vector<ner::ComparedConfiguration> configurations;
    ner::ModelConfig base; // every setting but the architecture
    ner::TrainConfig train;
    int seeds = 5; // runs per configuration, seeds firstSeed, firstSeed + 1, …
    std::uint64_t firstSeed = 1;
    ner::SharedLexicon lexicon; // null: no dictionary features
};

// Sent once when an experiment starts.
struct ExperimentStart {
    QStringList keys, names; // the configurations, in order
    int runs = 0, seeds = 0, epochs = 0;
    QString dataset;
    double allOutsideAccuracy = 0; // test tokens tagged O: what tagging everything O scores
};

struct ExperimentProgress {
    int run = 0; // 1-based, of `runs`
    int runs = 0;
    QString name; // the configuration's
    std::uint64_t seed = 0;
    int epoch = 0, epochs = 0; // the epoch in progress, 1-based
    double fraction = 0;       // of the whole experiment
    double remainingSeconds = 0;
};

struct ExperimentEnd {
    int finishedRuns = 0, runs = 0;
    bool stopped = false;
    QString error; // a run that could not be trained (then the queue ends)
};


} // namespace studio

// Declared before the worker's signals use them.
Q_DECLARE_METATYPE(studio::ExperimentJob)
Q_DECLARE_METATYPE(studio::ExperimentStart)
Q_DECLARE_METATYPE(studio::ExperimentProgress)
Q_DECLARE_METATYPE(studio::ExperimentEnd)

namespace studio {

class ExperimentWorker : public QObject {
    Q_OBJECT
public:
    explicit ExperimentWorker(QObject* parent = nullptr);
    ~ExperimentWorker() override;

    bool isRunning() const;
    bool isPaused() const;

public slots:
    // False (and nothing starts) while an experiment is running.
    bool start(const studio::ExperimentJob& job);
    void pause();
    void resume();
    void stop();

signals:
    void started(const studio::ExperimentStart& start);
    void progress(const studio::ExperimentProgress& progress);
    void runFinished(const ner::RunResult& run);
    void pausedChanged(bool paused);
    void finished(const studio::ExperimentEnd& end);

private:
    class Observer;
    void run(ExperimentJob job); // on the worker thread

    std::unique_ptr<QThread> m_thread;
    mutable QMutex m_mutex;            // guards everything below
    ner::Trainer* m_trainer = nullptr; // the running run's, while it trains
    bool m_paused = false;
    bool m_stopRequested = false;
    bool m_running = false;
};

// Registers the types above and ner::RunResult for queued connections.
void registerExperimentTypes();

} // namespace studio
