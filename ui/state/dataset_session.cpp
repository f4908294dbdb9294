#include "ui/state/dataset_session.h"

#include "engine/data/data_error.h"

#include <QFileInfo>

#include <atomic>
#include <exception>
#include <functional>
#include <optional>

namespace studio {

QString DatasetLoadError::message() const {
    return line > 0 ? QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(problem)
                    : QStringLiteral("%1: %2").arg(file, problem);
}

struct DatasetSession::Outcome {
    std::shared_ptr<const ner::TrainingData> data;
    ner::DatasetStats stats;
    QString path;
    std::optional<DatasetLoadError> error;
    bool cancelled = false;
};

struct DatasetSession::Job {
    QString path;
    std::atomic<bool> cancel{false};
    std::function<void(double)> onProgress; // called on the loading thread
    Outcome outcome;                        // written by the thread before it ends, read after
};

DatasetSession::DatasetSession(QObject* parent) : QObject(parent) {
    qRegisterMetaType<DatasetLoadError>();
}

DatasetSession::~DatasetSession() {
    // Quietly: the window observing the session may be half destroyed by now.
    if (m_job) m_job->cancel = true;
    m_reader.join();
}

// Parsing takes most of a load; splitting and counting the rest.
static constexpr double kParseShare = 0.85;

DatasetSession::Outcome DatasetSession::read(const QString& path, Job& job) {
    Outcome outcome;
    outcome.path = path;
    ner::DataSources sources;
    sources.data = path.toStdString();
    sources.load.progress = [&job](double fraction) {
        if (job.cancel) return false;
        // No widget here: the session re-emits on its own thread (see load()).
        if (job.onProgress) job.onProgress(kParseShare * fraction);
        return true;
    };
    try {
        auto data = std::make_shared<ner::TrainingData>(ner::loadTrainingData(sources));
        if (job.cancel) throw ner::LoadCancelled();
        std::vector<ner::Sentence> all = data->train;
        all.insert(all.end(), data->dev.begin(), data->dev.end());
        all.insert(all.end(), data->test.begin(), data->test.end());
        if (all.empty()) throw ner::DataError(sources.data, 0, "no sentences");
        outcome.stats = ner::computeStats(all, data->scheme);
        outcome.data = std::move(data);
    } catch (const ner::LoadCancelled&) {
        outcome.cancelled = true;
    } catch (const ner::DataError& e) {
        outcome.error = DatasetLoadError{QString::fromStdString(e.file()), e.line(),
                                         QString::fromStdString(e.problem())};
    } catch (const std::exception& e) {
        outcome.error = DatasetLoadError{path, 0, QString::fromStdString(e.what())};
    }
    return outcome;
}

bool DatasetSession::loadBuiltin() {
    cancelLoad();
    Job job; // in memory: read here, at once
    return adopt(read(QString(), job));
}

void DatasetSession::load(const QString& path) {
    cancelLoad();
    auto job = std::make_shared<Job>();
    job->path = path;
    // Progress crosses to this thread as queued calls; `this` as their context drops any
    // still queued if the session goes first (its destructor has joined the thread by then).
    job->onProgress = [this, weak = std::weak_ptr<Job>(job)](double fraction) {
        QMetaObject::invokeMethod(
            this,
            [this, weak, fraction] {
                if (auto j = weak.lock(); j && j == m_job) emit loadProgress(fraction);
            },
            Qt::QueuedConnection);
    };
    m_job = job;
    m_reader.start(
        this, QStringLiteral("dataset loading"), [job] { job->outcome = read(job->path, *job); },
        [this, job] { finish(job); });
    emit loadStarted(path);
    emit loadProgress(0.0);
}

void DatasetSession::finish(const std::shared_ptr<Job>& job) {
    if (job != m_job) return; // superseded: cancelLoad() already said so
    m_job.reset();
    Outcome outcome = std::move(job->outcome);
    if (outcome.cancelled) {
        emit loadCancelled(job->path);
        return;
    }
    emit loadProgress(1.0);
    adopt(std::move(outcome));
}

void DatasetSession::cancelLoad() {
    if (!m_job) return;
    const std::shared_ptr<Job> job = std::move(m_job);
    job->cancel = true;
    // The reader looks at the flag every 1 % of the file, so this wait is short.
    m_reader.join();
    emit loadCancelled(job->path);
}

QString DatasetSession::loadingPath() const {
    return m_job ? m_job->path : QString();
}

bool DatasetSession::adopt(Outcome outcome) {
    if (outcome.error) {
        emit loadFailed(*outcome.error);
        return false;
    }
    m_data = std::move(outcome.data);
    m_stats = std::move(outcome.stats);
    m_path = outcome.path;
    emit datasetChanged();
    return true;
}

QString DatasetSession::displayName() const {
    if (!m_data) return tr("no dataset");
    return m_path.isEmpty() ? tr("Built-in corpus") : QFileInfo(m_path).fileName();
}

ReferenceSentence DatasetSession::sampleReference() const {
    if (!m_data) return {};
    const std::pair<const std::vector<ner::Sentence>*, QString> splits[] = {
        {&m_data->test, tr("test")}, {&m_data->dev, tr("dev")}, {&m_data->train, tr("training")}};
    for (const auto& [split, name] : splits)
        if (!split->empty()) return referenceFrom(split->front(), m_data->scheme, name);
    return {};
}

} // namespace studio
