#include "ui/workers/training_worker.h"

#include "engine/analysis/gold_standing.h"
#include "engine/model/model_file.h"

#include <QElapsedTimer>
#include <QThread>

#include <exception>
#include <utility>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace studio {

namespace {
// Warm-start weights fit a plan only if every parameter has the same shape and every id means
// the same character and tag; otherwise the run starts from the plan's fresh weights. A model
// with a dictionary has one parameter more (lexicon.E): copying params() between one with and
// one without would leave the network without it, or with one it never reads.
bool sameShape(const ner::Tagger& a, const ner::Tagger& b) {
    const ner::ModelConfig& x = a.config();
    const ner::ModelConfig& y = b.config();
    return x.embeddingDim == y.embeddingDim && x.hiddenDim == y.hiddenDim && x.layers == y.layers &&
           x.bidirectional == y.bidirectional && x.output == y.output && x.scheme == y.scheme &&
           x.normalize == y.normalize && sameLanguageModelHead(x, y) &&
           (a.lexicon() != nullptr) == (b.lexicon() != nullptr) &&
           a.vocabulary().tokens() == b.vocabulary().tokens() &&
           a.tags().names() == b.tags().names();
}

// Training gets a slightly lower priority than the GUI and the inspector: on a two-core
// machine its threads would otherwise compete with the event loop on equal terms. Linux
// applies setpriority(PRIO_PROCESS, tid) to one thread, and threads it creates (the engine's
// helper for the second recurrent direction) inherit it.
void lowerThisThreadsPriority() {
#ifdef __linux__
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 5);
#endif
}
} // namespace

// Turns the trainer's callbacks (on the worker thread) into queued signals.
class TrainingWorker::Observer : public ner::TrainingObserver {
public:
    Observer(TrainingWorker& worker, int run) : m_worker(worker), m_run(run) {
        m_sincePublish.start();
    }

    void onBatch(const ner::BatchProgress& progress) override {
        emit m_worker.batchProgress(BatchMetrics{m_run, progress});
        m_worker.m_lastStep = progress.step;
        if (m_sincePublish.elapsed() >= m_worker.m_publishIntervalMs.load()) {
            m_worker.publishWeights(m_run, progress.epoch - 1, progress.step);
            m_sincePublish.restart();
        }
        if (m_worker.m_pauseRequested.load()) m_worker.waitWhilePaused();
    }

    void onEpoch(const ner::EpochReport& report) override {
        // One copy serves the epoch's record, the inspector and, when it improved, Save: the
        // trainer's best weights are these very ones.
        EpochMetrics metrics{m_run, report, nullptr, m_worker.takeSnapshot()};
        if (report.improved) {
            metrics.best = metrics.weights;
            m_worker.writeRecovery(*metrics.best);
        }
        emit m_worker.epochFinished(metrics);
        m_worker.publishWeights(m_run, report.epoch, m_worker.m_lastStep, metrics.weights);
        m_sincePublish.restart();
        if (m_worker.m_pauseRequested.load()) m_worker.waitWhilePaused();
    }

private:
    TrainingWorker& m_worker;
    int m_run;
    QElapsedTimer m_sincePublish;
};

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) {
    registerTrainingMessageTypes();
    m_thread.reset(QThread::create([this] { threadLoop(); }));
    m_thread->setObjectName(QStringLiteral("training"));
    m_thread->start();
}

TrainingWorker::~TrainingWorker() {
    {
        QMutexLocker lock(&m_mutex);
        m_abort = true;
        requestStopLocked();
    }
    m_wake.wakeAll();
    m_thread->wait();
}

TrainingState TrainingWorker::state() const {
    QMutexLocker lock(&m_mutex);
    return m_state;
}

void TrainingWorker::start(const TrainingJob& job) {
    {
        QMutexLocker lock(&m_mutex);
        m_job = job;
        m_command = Command::Start;
        m_stopRequested = false;
        m_jobRun = ++m_currentRun;
        if (m_inRun && m_trainer) m_trainer->requestStop(); // the old run ends first
        m_pauseRequested = false;
    }
    m_wake.wakeAll();
}

void TrainingWorker::continueTraining() {
    {
        QMutexLocker lock(&m_mutex);
        if (m_command != Command::None || m_inRun) return;
        m_command = Command::Continue;
        m_stopRequested = false;
        m_pauseRequested = false;
    }
    m_wake.wakeAll();
}

void TrainingWorker::pause() {
    m_pauseRequested = true;
}

void TrainingWorker::resume() {
    {
        QMutexLocker lock(&m_mutex); // so the wake-up cannot slip between test and wait
        m_pauseRequested = false;
    }
    m_wake.wakeAll();
}

void TrainingWorker::stop() {
    {
        QMutexLocker lock(&m_mutex);
        requestStopLocked();
    }
    m_wake.wakeAll();
}

void TrainingWorker::reset() {
    {
        QMutexLocker lock(&m_mutex);
        m_command = Command::Reset;
        ++m_currentRun;
        requestStopLocked();
    }
    m_wake.wakeAll();
}

void TrainingWorker::requestStopLocked() {
    m_stopRequested = true;
    m_pauseRequested = false;
    // Only a running trainer is told: the trainer keeps a stop request until its next batch,
    // so one sent while it is idle would end the next continueTraining() at once.
    if (m_inRun && m_trainer) m_trainer->requestStop();
}

void TrainingWorker::threadLoop() {
    lowerThisThreadsPriority();
    for (;;) {
        Command command;
        TrainingJob job;
        int run;
        {
            QMutexLocker lock(&m_mutex);
            while (m_command == Command::None && !m_abort)
                m_wake.wait(&m_mutex);
            if (m_abort) break;
            command = std::exchange(m_command, Command::None);
            job = std::exchange(m_job, TrainingJob{});
            run = m_jobRun;
        }
        switch (command) {
        case Command::Start:
            prepare(job, run);
            if (m_trainer) train(m_trainerRun, false);
            break;
        case Command::Continue:
            if (m_trainer) train(m_trainerRun, true);
            break;
        case Command::Reset:
            discardTrainer();
            setState(TrainingState::Idle);
            break;
        case Command::None:
            break;
        }
    }
    discardTrainer(); // on this thread, like every other change to m_trainer
}

void TrainingWorker::prepare(const TrainingJob& job, int run) {
    discardTrainer();
    setState(TrainingState::Preparing);
    try {
        if (!job.data) throw std::invalid_argument("no dataset is loaded");
        // With a dictionary, encoding the splits also looks up every sentence's words in it.
        ner::TrainingPlan plan =
            ner::planTraining(*job.data, job.model, job.train.seed, job.lexicon);
        TrainingStart info;
        info.run = run;
        info.warmStarted = job.warmStart && sameShape(*job.warmStart, plan.model);
        // Parameters only: the plan's config carries the new settings (dropout, say).
        if (info.warmStarted) plan.model.params() = job.warmStart->params();
        info.trainSentences = int(plan.train.sentences.size());
        info.devSentences = int(plan.dev.sentences.size());
        info.vocabulary = plan.model.vocabulary().size();
        info.tags = plan.model.tags().size();
        info.parameters = plan.model.parameterCount();
        if (const ner::Lexicon* lexicon = plan.model.lexicon()) {
            info.dictionaryWords = long(lexicon->size());
            info.dictionary = QString::fromStdString(lexicon->source());
        }
        m_test = std::move(plan.test);
        auto trainer = std::make_unique<ner::Trainer>(std::move(plan.model), job.train,
                                                      std::move(plan.train), std::move(plan.dev));
        if (job.weighDevErrors) trainer->setDevErrorsHook(ner::weighGoldTaggings);
        {
            QMutexLocker lock(&m_mutex);
            m_trainer = std::move(trainer);
            m_trainerRun = run;
            m_lastStep = 0;
        }
        m_recoveryPath = job.recoveryPath;
        info.initial = takeSnapshot();
        emit trainingStarted(info);
        publishWeights(run, 0, 0, info.initial);
    } catch (const std::exception& e) {
        setState(TrainingState::Idle);
        emit trainingFailed(QString::fromStdString(e.what()));
    }
}

void TrainingWorker::train(int run, bool continued) {
    {
        QMutexLocker lock(&m_mutex);
        // A stop (or a newer command) that came while the model was being built wins.
        if (m_stopRequested || m_abort || m_command != Command::None) {
            lock.unlock();
            setState(TrainingState::Stopped);
            return;
        }
        m_inRun = true;
    }
    if (continued) {
        TrainingStart info;
        info.run = run;
        info.continued = true;
        emit trainingStarted(info);
    }
    setState(TrainingState::Running);
    Observer observer(*this, run);
    bool completed = false;
    QString failure;
    try {
        completed = m_trainer->run(&observer);
    } catch (const std::exception& e) {
        failure = QString::fromStdString(e.what());
    }
    {
        QMutexLocker lock(&m_mutex);
        m_inRun = false;
    }
    // A NaN or infinite loss ended the run before its step (ner::TrainingFault): said as a
    // failure, with what to change; the charts keep every epoch that finished.
    if (const auto& fault = m_trainer->fault(); fault && failure.isEmpty())
        failure = tr("Training diverged: %1. Lower the learning rate and train again.")
                      .arg(QString::fromStdString(fault->message()));
    if (!failure.isEmpty()) {
        setState(TrainingState::Stopped);
        emit trainingFailed(failure);
        return;
    }
    TrainingOutcome outcome;
    outcome.run = run;
    outcome.completed = completed;
    outcome.epochsDone = m_trainer->epochsDone();
    outcome.bestDevF1 = m_trainer->bestDevF1();
    outcome.bestEpoch = m_trainer->bestEpoch();
    if (completed && !m_test.encoded.empty() && outcome.epochsDone > 0) {
        // Held out until now and scored once, with the weights Save writes: the figure to
        // quote. Milliseconds for a few hundred sentences, so the state change can wait.
        ner::TaggerNetwork network(1);
        std::vector<std::vector<std::string>> predicted;
        outcome.test = ner::evaluate(m_trainer->bestModel(), m_test, network, 32, &predicted);
        outcome.testIntervals =
            ner::bootstrapIntervals(m_test.sentences, predicted, m_test.scheme, 1000);
    }
    if (!completed) publishWeights(run, outcome.epochsDone, m_lastStep); // where the stop left them
    setState(completed ? TrainingState::Finished : TrainingState::Stopped);
    emit trainingFinished(outcome);
}

void TrainingWorker::discardTrainer() {
    std::unique_ptr<ner::Trainer> old;
    {
        QMutexLocker lock(&m_mutex);
        old = std::move(m_trainer);
    }
    // Destroyed outside the lock: freeing a large model should not block pause() and friends.
}

void TrainingWorker::setState(TrainingState state) {
    {
        QMutexLocker lock(&m_mutex);
        m_state = state;
    }
    emit stateChanged(state);
}

void TrainingWorker::writeRecovery(const ner::Tagger& best) {
    if (m_recoveryPath.isEmpty()) return;
    try {
        ner::saveModel(best, m_recoveryPath.toStdString()); // atomic: never half a file
    } catch (const std::exception& e) {
        // Training goes on: the copy only guards against a crash, and Save still works.
        qWarning("cannot keep a recovery copy of the model: %s", e.what());
    }
}

std::shared_ptr<const ner::Tagger> TrainingWorker::takeSnapshot() const {
    // Only the worker thread replaces m_trainer, so reading the pointer here needs no lock.
    return std::make_shared<const ner::Tagger>(m_trainer->snapshot());
}

void TrainingWorker::publishWeights(int run, int epoch, long step,
                                    std::shared_ptr<const ner::Tagger> weights) {
    WeightsSnapshot snapshot;
    snapshot.run = run;
    snapshot.epoch = epoch;
    snapshot.step = step;
    snapshot.origin = QStringLiteral("training");
    snapshot.tagger = weights ? std::move(weights) : takeSnapshot();
    emit weightsPublished(snapshot);
}

void TrainingWorker::waitWhilePaused() {
    QMutexLocker lock(&m_mutex);
    if (!m_pauseRequested || m_abort) return;
    m_state = TrainingState::Paused;
    lock.unlock();
    emit stateChanged(TrainingState::Paused); // emitted unlocked: a direct slot may call state()
    lock.relock();
    while (m_pauseRequested && !m_abort)
        m_wake.wait(&m_mutex);
    m_state = TrainingState::Running;
    lock.unlock();
    emit stateChanged(TrainingState::Running);
}

} // namespace studio
