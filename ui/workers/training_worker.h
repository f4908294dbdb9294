#pragma once
// Owns the ner::Trainer and runs it on a thread of its own, in the manner of Qt's Mandelbrot
// example: commands are copied in under a mutex and the thread is woken; the thread reports
// through signals carrying the value types of training_messages.h, which Qt queues to
// receivers on the GUI thread; the destructor stops the trainer, wakes the thread and waits.
//
// The object itself lives on the thread that created it (the GUI thread); only the loop in
// threadLoop() runs on the worker thread. Every public method may be called from the GUI
// thread at any time.
#include "ui/workers/training_messages.h"

#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <atomic>
#include <memory>

class QThread;

namespace studio {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;

    // Id of the latest start() or reset(); messages carry the id of the run they belong to.
    int currentRun() const { return m_currentRun.load(); }
    TrainingState state() const;
    // Weight copies are published at most this often while batches run, and at every epoch.
    void setPublishInterval(int milliseconds) { m_publishIntervalMs.store(milliseconds); }

public slots:
    void start(const studio::TrainingJob& job); // a fresh run (stops the current one first)
    void continueTraining();                    // after stop(): on from the next batch
    void pause();
    void resume();
    void stop();
    void reset(); // stop and forget the model

signals:
    void stateChanged(studio::TrainingState state);
    void trainingStarted(const studio::TrainingStart& start);
    void batchProgress(const studio::BatchMetrics& metrics);
    void epochFinished(const studio::EpochMetrics& metrics);
    void weightsPublished(const studio::WeightsSnapshot& snapshot);
    void trainingFinished(const studio::TrainingOutcome& outcome);
    void trainingFailed(const QString& message);

private:
    enum class Command { None, Start, Continue, Reset };
    class Observer;
    friend class Observer;

    void threadLoop();
    void prepare(const TrainingJob& job, int run);
    void train(int run, bool continued);
    void discardTrainer();
    void setState(TrainingState state);
    std::shared_ptr<const ner::Tagger> takeSnapshot() const; // the weights evaluation sees
    void writeRecovery(const ner::Tagger& best);             // to the job's recoveryPath
    // `weights`: a snapshot already taken of the current weights; null takes one.
    void publishWeights(int run, int epoch, long step,
                        std::shared_ptr<const ner::Tagger> weights = nullptr);
    // Called on the worker thread between batches: blocks while a pause is requested.
    void waitWhilePaused();
    void requestStopLocked(); // m_mutex held

    std::unique_ptr<QThread> m_thread;

    // Guards everything below up to the atomics: commands, the trainer pointer and state.
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    Command m_command = Command::None;
    TrainingJob m_job;
    int m_jobRun = 0;
    bool m_abort = false;
    bool m_stopRequested = false;
    TrainingState m_state = TrainingState::Idle;
    // Created and destroyed only on the worker thread; the GUI thread uses it (under
    // m_mutex) only for the thread-safe requestStop().
    std::unique_ptr<ner::Trainer> m_trainer;
    int m_trainerRun = 0;
    bool m_inRun = false;    // inside Trainer::run(): only then may it be told to stop
    long m_lastStep = 0;     // worker thread only: the trainer does not expose its step count
    QString m_recoveryPath;  // worker thread only: the current job's TrainingJob::recoveryPath
    ner::LabelledSet m_test; // worker thread only: the split scored when a run completes

    // Read at every batch by the training thread; atomic so that a batch boundary does not
    // take the mutex just to find nothing has changed.
    std::atomic<bool> m_pauseRequested{false};
    std::atomic<int> m_currentRun{0};
    std::atomic<int> m_publishIntervalMs{400};
};

} // namespace studio
