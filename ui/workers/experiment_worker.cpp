#include "ui/workers/experiment_worker.h"

#include <QMutexLocker>
#include <QThread>

#include <chrono>
#include <exception>

namespace studio {

void registerExperimentTypes() {
    qRegisterMetaType<ExperimentJob>();
    qRegisterMetaType<ExperimentStart>();
    qRegisterMetaType<ExperimentProgress>();
    qRegisterMetaType<ExperimentEnd>();
    qRegisterMetaType<ner::RunResult>();
}

// Passes a run's batches on as progress, at most every 100 ms (and at each new epoch).
class ExperimentWorker::Observer : public ner::TrainingObserver {
public:
    using Clock = std::chrono::steady_clock;
    Observer(ExperimentWorker* worker, ExperimentProgress base, Clock::time_point start)
        : m_worker(worker), m_base(std::move(base)), m_start(start) {}

    void onBatch(const ner::BatchProgress& p) override {
        const auto now = Clock::now();
        if (p.epoch == m_lastEpoch && now - m_lastSent < std::chrono::milliseconds(100)) return;
        m_lastEpoch = p.epoch;
        m_lastSent = now;
        ExperimentProgress out = m_base;
        out.epoch = p.epoch;
        out.fraction = (double(m_base.run - 1) + p.progress) / double(m_base.runs);
        const double elapsed = std::chrono::duration<double>(now - m_start).count();
        out.remainingSeconds = out.fraction > 0 ? elapsed / out.fraction - elapsed : 0;
        emit m_worker->progress(out);
    }

private:
    ExperimentWorker* m_worker;
    ExperimentProgress m_base;
    Clock::time_point m_start;
    Clock::time_point m_lastSent{};
    int m_lastEpoch = 0;
};

ExperimentWorker::ExperimentWorker(QObject* parent) : QObject(parent) {
    registerExperimentTypes();
}

ExperimentWorker::~ExperimentWorker() {
    stop();
    if (m_thread) m_thread->wait();
}

bool ExperimentWorker::isRunning() const {
    QMutexLocker lock(&m_mutex);
    return m_running;
}

bool ExperimentWorker::isPaused() const {
    QMutexLocker lock(&m_mutex);
    return m_paused;
}

bool ExperimentWorker::start(const ExperimentJob& job) {
    {
        QMutexLocker lock(&m_mutex);
        if (m_running || !job.data || job.configurations.empty() || job.seeds < 1) return false;
        m_running = true;
        m_paused = false;
        m_stopRequested = false;
    }
    if (m_thread) m_thread->wait(); // the previous experiment's thread has returned
    m_thread.reset(QThread::create([this, job] { run(job); }));
    m_thread->setObjectName(QStringLiteral("experiment"));
    m_thread->start();
    return true;
}

void ExperimentWorker::pause() {
    {
        QMutexLocker lock(&m_mutex);
        if (!m_running || m_paused) return;
        m_paused = true;
        if (m_trainer) m_trainer->requestPause();
    }
    emit pausedChanged(true);
}

void ExperimentWorker::resume() {
    {
        QMutexLocker lock(&m_mutex);
        if (!m_paused) return;
        m_paused = false;
        if (m_trainer) m_trainer->resume();
    }
    emit pausedChanged(false);
}

void ExperimentWorker::stop() {
    QMutexLocker lock(&m_mutex);
    m_stopRequested = true;
    if (m_trainer) m_trainer->requestStop(); // also wakes a paused trainer
}

void ExperimentWorker::run(ExperimentJob job) {
    const auto start = Observer::Clock::now();
    ExperimentStart begin;
    for (const ner::ComparedConfiguration& c : job.configurations) {
        begin.keys << QString::fromStdString(c.key);
        begin.names << QString::fromStdString(c.name);
    }
    begin.runs = int(job.configurations.size()) * job.seeds;
    begin.seeds = job.seeds;
    begin.epochs = job.train.epochs;
    begin.dataset = QString::fromStdString(job.data->name);
    begin.allOutsideAccuracy = ner::allOutsideAccuracy(job.data->test);
    emit started(begin);

    ExperimentEnd end;
    end.runs = begin.runs;
    int index = 0;
    for (const ner::ComparedConfiguration& configuration : job.configurations) {
        for (int s = 0; s < job.seeds && !end.stopped && end.error.isEmpty(); ++s) {
            ++index;
            const std::uint64_t seed = job.firstSeed + std::uint64_t(s);
            try {
                ner::ComparisonRun run(*job.data, configuration, job.base, job.train, seed,
                                       job.lexicon);
                {
                    QMutexLocker lock(&m_mutex);
                    if (m_stopRequested) {
                        end.stopped = true;
                        break;
                    }
                    m_trainer = &run.trainer();
                    if (m_paused) m_trainer->requestPause(); // held before its first batch
                }
                ExperimentProgress base;
                base.run = index;
                base.runs = begin.runs;
                base.name = QString::fromStdString(configuration.name);
                base.seed = seed;
                base.epochs = job.train.epochs;
                Observer observer(this, base, start);
                const ner::RunResult result = run.run(&observer);
                {
                    QMutexLocker lock(&m_mutex);
                    m_trainer = nullptr;
                }
                if (!result.finished) {
                    end.stopped = true;
                    break;
                }
                ++end.finishedRuns;
                emit runFinished(result);
            } catch (const std::exception& e) {
                QMutexLocker lock(&m_mutex);
                m_trainer = nullptr;
                end.error = QStringLiteral("%1 seed %2: %3")
                                .arg(QString::fromStdString(configuration.name))
                                .arg(seed)
                                .arg(QString::fromUtf8(e.what()));
            }
        }
        if (end.stopped || !end.error.isEmpty()) break;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_running = false;
        m_paused = false;
        m_trainer = nullptr;
        end.stopped = end.stopped || (m_stopRequested && end.finishedRuns < end.runs);
    }
    emit finished(end);
}

} // namespace studio
