#include "ui/state/training_session.h"

#include "engine/train/evaluator.h"
#include "ui/state/counted.h"
#include "ui/state/dynamics_history.h"
#include "ui/state/metrics_history.h"
#include "ui/workers/dictionary_loader.h"
#include "ui/workers/training_worker.h"

#include <QFile>
#include <QLocale>
#include <QTimer>

#include <exception>

namespace studio {

namespace {
const QString kUntrained = QStringLiteral("untrained");
const QString kBest = QStringLiteral("best");
} // namespace

TrainingSession::TrainingSession(QObject* parent)
    : QObject(parent), m_worker(new TrainingWorker(this)), m_history(new MetricsHistory(this)),
      m_dynamics(new DynamicsHistory(this)), m_previewTimer(new QTimer(this)) {
    // Settings edits come in bursts (spin box arrows); one preview model per burst.
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(250);
    connect(m_previewTimer, &QTimer::timeout, this, &TrainingSession::rebuildPreview);

    connect(m_worker, &TrainingWorker::stateChanged, this, &TrainingSession::onState);
    connect(m_worker, &TrainingWorker::trainingStarted, this, &TrainingSession::onStarted);
    connect(m_worker, &TrainingWorker::epochFinished, this, &TrainingSession::onEpoch);
    connect(m_worker, &TrainingWorker::weightsPublished, this, &TrainingSession::onWeights);
    connect(m_worker, &TrainingWorker::batchProgress, this, [this](const BatchMetrics& m) {
        if (!current(m.run)) return;
        m_history->addBatch(m);
        m_dynamics->addBatch(m);
        emit batchProgress(m);
    });
    connect(m_worker, &TrainingWorker::trainingFinished, this, [this](const TrainingOutcome& o) {
        if (!current(o.run)) return;
        // A finished run's product is its best epoch: what Save writes and what the command
        // line tests. The inspector shows those weights rather than the last epoch's.
        if (o.completed && m_best) setWeights({o.run, m_bestEpoch, 0, kBest, m_best});
        QString text = o.completed ? tr("Training finished: best dev F1 %1 at epoch %2, now in "
                                        "the inspector")
                                         .arg(o.bestDevF1, 0, 'f', 4)
                                         .arg(o.bestEpoch)
                                   : tr("Training stopped after %1")
                                         .arg(counted(o.epochsDone, tr("epoch"), tr("epochs")));
        if (o.test) text += tr("; test F1 %1").arg(o.test->entities.overall.f1(), 0, 'f', 4);
        emit message(text);
        emit trainingFinished(o);
    });
    connect(m_worker, &TrainingWorker::trainingFailed, this, &TrainingSession::trainingFailed);
}

TrainingSession::~TrainingSession() {
    delete m_worker; // stops and joins the training thread before anything else goes away
    m_worker = nullptr;
    if (m_recoverySettled && !m_recoveryPath.isEmpty()) QFile::remove(m_recoveryPath);
}

void TrainingSession::markSaved() {
    m_unsaved = false;
    m_recoverySettled = true;
    if (!m_recoveryPath.isEmpty()) QFile::remove(m_recoveryPath);
}

bool TrainingSession::isActive() const {
    return m_state == TrainingState::Preparing || m_state == TrainingState::Running ||
           m_state == TrainingState::Paused;
}

bool TrainingSession::current(int run) const {
    return run == m_worker->currentRun();
}

std::shared_ptr<const ner::Tagger> TrainingSession::modelToSave() const {
    return m_best ? m_best : m_weights.tagger;
}

void TrainingSession::setDataset(std::shared_ptr<const ner::TrainingData> data) {
    // Another dev split: the previous run's dev curves no longer compare with the next's.
    if (data != m_data) m_history->forgetPreviousRun();
    m_data = std::move(data);
    if (!isActive() && (m_weights.isNull() || m_weights.origin == kUntrained)) rebuildPreview();
}

void TrainingSession::setSettings(const TrainingSettings& settings) {
    m_settings = settings;
    if (m_state == TrainingState::Idle && (m_weights.isNull() || m_weights.origin == kUntrained))
        m_previewTimer->start();
}

void TrainingSession::setDictionaryLoader(DictionaryLoader* loader) {
    if (m_dictionary) disconnect(m_dictionary, nullptr, this, nullptr);
    m_dictionary = loader;
    if (!loader) return;
    connect(loader, &DictionaryLoader::loaded, this, &TrainingSession::onDictionaryRead);
    connect(loader, &DictionaryLoader::failed, this, &TrainingSession::onDictionaryRead);
    if (loader->status() == DictionaryStatus::Ready) onDictionaryRead();
}

bool TrainingSession::dictionaryLoading() const {
    return m_dictionary && m_dictionary->status() == DictionaryStatus::Loading;
}

ner::SharedLexicon TrainingSession::studioLexicon() const {
    return m_settings.dictionary && m_dictionary ? m_dictionary->lexicon() : nullptr;
}

void TrainingSession::onDictionaryRead() {
    // The preview gets the shape the run will have (lexicon.E counts among its parameters);
    // a dictionary that could not be read changes nothing it shows.
    if (m_state == TrainingState::Idle && studioLexicon() &&
        (m_weights.isNull() || m_weights.origin == kUntrained))
        rebuildPreview();
    if (m_waitingForDictionary) {
        stopWaitingForDictionary();
        train(); // with the dictionary, or, if it could not be read, without
    }
}

void TrainingSession::waitForDictionary() {
    m_waitingForDictionary = true;
    m_stateBeforeWait = m_state;
    m_previewTimer->stop();
    emit message(tr("Reading the dictionary: training starts as soon as it is read"));
    onState(TrainingState::Preparing); // Train disabled, Stop cancels
}

void TrainingSession::stopWaitingForDictionary() {
    m_waitingForDictionary = false;
    m_state = m_stateBeforeWait;
}

void TrainingSession::train() {
    if (!m_data) {
        emit trainingFailed(tr("No dataset is loaded."));
        return;
    }
    if (isActive()) return;
    std::shared_ptr<const ner::Tagger> warmStart;
    if (m_weights.tagger && m_weights.origin != kUntrained) warmStart = m_weights.tagger;
    // A model that reads a dictionary goes on with its own (a model file stores it).
    ner::SharedLexicon lexicon = m_settings.dictionary && warmStart && warmStart->lexicon()
                                     ? warmStart->sharedLexicon()
                                     : studioLexicon();
    const bool wait = m_settings.dictionary && !lexicon && dictionaryLoading();
    // What the run has, not what was asked for: a run without the dictionary because it
    // could not be read compares as one without it.
    TrainingSettings run = m_settings;
    run.dictionary = lexicon || wait;
    if (m_state == TrainingState::Stopped && run == m_runSettings && m_data == m_runData) {
        m_worker->continueTraining();
        return;
    }
    if (wait) {
        waitForDictionary();
        return;
    }
    TrainingJob job;
    job.data = m_data;
    job.model = run.model;
    job.train = run.train;
    job.weighDevErrors = true; // the wrong-sentence list shows where each gold stands
    job.lexicon = std::move(lexicon);
    job.warmStart = std::move(warmStart);
    job.recoveryPath = m_recoveryPath;
    m_runSettings = run;
    m_runData = m_data;
    m_best.reset();
    m_bestEpoch = 0;
    m_latestDev.reset();
    m_previewTimer->stop();
    m_state = TrainingState::Preparing; // until the worker says so, Train must not fire twice
    m_worker->start(job);
}

void TrainingSession::pause() {
    m_worker->pause();
}
void TrainingSession::resume() {
    m_worker->resume();
}
void TrainingSession::stop() {
    if (m_waitingForDictionary) { // nothing runs yet: the wait is all there is to stop
        stopWaitingForDictionary();
        emit message(tr("Training cancelled before it started"));
        emit stateChanged(m_state);
        return;
    }
    m_worker->stop();
}

void TrainingSession::reset() {
    m_waitingForDictionary = false; // the worker's reset reports Idle
    m_worker->reset();
    m_unsaved = false;
    m_history->clear();
    m_dynamics->clear();
    m_best.reset();
    m_bestEpoch = 0;
    m_latestDev.reset();
    forgetEpochWeights();
    m_weights = {};
    rebuildPreview();
}

void TrainingSession::forgetEpochWeights() {
    m_epochWeights.clear();
    m_epochReports.clear();
    emit epochWeightsForgotten();
}

const ner::EpochReport* TrainingSession::epochReport(int epoch) const {
    const auto it = m_epochReports.find(epoch);
    return it == m_epochReports.end() ? nullptr : &it->second;
}

void TrainingSession::useModel(std::shared_ptr<const ner::Tagger> model, const QString& name) {
    m_waitingForDictionary = false;
    m_worker->reset();
    m_unsaved = false;
    m_history->clear();
    m_dynamics->clear();
    m_best.reset();
    m_latestDev.reset();
    m_previewTimer->stop();
    forgetEpochWeights();
    setWeights({m_worker->currentRun(), 0, 0, name, std::move(model)});
}

void TrainingSession::onState(TrainingState state) {
    m_state = state;
    emit stateChanged(state);
}

void TrainingSession::onStarted(const TrainingStart& start) {
    if (!current(start.run)) return;
    if (!start.continued) {
        m_history->clear(); // the run shown so far becomes the previous run
        m_dynamics->clear();
        m_history->setRunSettings(m_runSettings);
        forgetEpochWeights();
        m_epochWeights.add(0, start.initial);
        QString text = tr("Training %1 model: %2 training / %3 dev sentences, %4 characters, "
                          "%5 tags, %6 parameters")
                           .arg(start.warmStarted ? tr("from the current weights, a") : tr("a new"))
                           .arg(start.trainSentences)
                           .arg(start.devSentences)
                           .arg(start.vocabulary)
                           .arg(start.tags)
                           .arg(QLocale().toString(qlonglong(start.parameters)));
        if (start.dictionaryWords > 0)
            text +=
                tr(", dictionary features from %1 (%2 words)")
                    .arg(start.dictionary, QLocale().toString(qlonglong(start.dictionaryWords)));
        else if (m_settings.dictionary)
            text += tr(", without dictionary features (the dictionary could not be read)");
        if (m_history->previousRun()) {
            const QStringList changed = m_history->previousRunDifferences();
            text += changed.isEmpty()
                        ? tr("; the previous run's dev curves stay, in grey (same settings)")
                        : tr("; the previous run's dev curves stay, in grey (%1)")
                              .arg(changed.join(QStringLiteral(", ")));
        }
        emit message(text);
    }
    emit trainingStarted(start);
}

void TrainingSession::onEpoch(const EpochMetrics& metrics) {
    if (!current(metrics.run)) return;
    m_history->addEpoch(metrics);
    m_unsaved = true;
    m_latestDev = metrics.report.dev;
    if (metrics.best) {
        m_best = metrics.best;
        m_bestEpoch = metrics.report.epoch;
        m_recoverySettled = false; // the training thread has just written a newer copy
    }
    m_epochWeights.add(metrics.report.epoch, metrics.weights, m_bestEpoch);
    m_epochReports[metrics.report.epoch] = metrics.report;
    emit epochFinished(metrics);
}

void TrainingSession::onWeights(const WeightsSnapshot& snapshot) {
    if (!current(snapshot.run)) return;
    if (snapshot.origin == QLatin1String("training")) m_unsaved = true;
    setWeights(snapshot);
}

void TrainingSession::setWeights(const WeightsSnapshot& weights) {
    m_weights = weights;
    emit weightsChanged(m_weights);
}

void TrainingSession::rebuildPreview() {
    if (!m_data) return;
    try {
        setWeights(
            {m_worker->currentRun(), 0, 0, kUntrained,
             m_preview.build(m_data, m_settings.model, m_settings.train.seed, studioLexicon())});
    } catch (const std::exception& e) {
        emit message(tr("Cannot build the model: %1").arg(QString::fromStdString(e.what())));
    }
}

} // namespace studio
