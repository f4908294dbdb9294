#include "engine/train/trainer.h"

#include "engine/core/parallel_pair.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace ner {

void TrainConfig::validate() const {
    auto require = [](bool ok, const char* what) {
        if (!ok) throw std::invalid_argument(what);
    };
    require(epochs >= 1, "epochs must be at least 1");
    require(batchSize >= 1 && batchSize <= 4096, "batch size must be 1–4096");
    require(optimizer.learningRate > 0, "learning rate must be positive");
    require(threads >= 1, "threads must be at least 1");
    require(lrDecay >= 0, "learning-rate decay must be ≥ 0");
    require(patience >= 0, "patience must be ≥ 0");
    require(weightAveraging >= 0 && weightAveraging < 1, "weight averaging must be in [0, 1)");
    require(mentionReplacement >= 0 && mentionReplacement <= 1,
            "mention replacement must be in [0, 1]");
    require(unknownReplacement >= 0 && unknownReplacement < 1,
            "unknown-character replacement must be in [0, 1)");
    require(optimizer.l2 >= 0, "L2 must be ≥ 0");
}

Trainer::Trainer(Tagger model, const TrainConfig& config, LabelledSet train, LabelledSet dev)
    : m_config(config), m_model(std::move(model)), m_train(std::move(train)), m_dev(std::move(dev)),
      m_network(config.threads), m_optimizer(Optimizer::create(config.optimizer)),
      m_dropoutRng(config.seed ^ 0xD5A61266ull), m_unknownRng(config.seed ^ 0x5EEDF00Dull),
      m_mentionRng(config.seed ^ 0xA11CE5EDull) {
    m_config.validate();
    if (m_config.mentionReplacement > 0)
        m_mentions = MentionPool(m_train.encoded, m_model.tags(), m_model.config().scheme);
    if (m_train.encoded.empty()) throw std::invalid_argument("the training split is empty");
}

Trainer::~Trainer() {
    requestStop();
}

void Trainer::planEpoch() {
    // Shuffle, then sort chunks of 20 batches by length so batches hold similar lengths
    // (less padding), then shuffle the batch order. Seeded per epoch: deterministic.
    Random rng(m_config.seed * 1000003ull + std::uint64_t(m_epoch));
    std::vector<int> order(m_train.encoded.size());
    std::iota(order.begin(), order.end(), 0);
    for (size_t k = order.size(); k > 1; --k)
        std::swap(order[k - 1], order[rng.below(k)]);
    const size_t B = size_t(m_config.batchSize), chunk = B * 20;
    for (size_t k = 0; k < order.size(); k += chunk) {
        auto end = order.begin() + long(std::min(order.size(), k + chunk));
        std::stable_sort(order.begin() + long(k), end, [&](int a, int b) {
            return m_train.encoded[size_t(a)].tokens.size() <
                   m_train.encoded[size_t(b)].tokens.size();
        });
    }
    m_batches.clear();
    for (size_t k = 0; k < order.size(); k += B)
        m_batches.emplace_back(order.begin() + long(k),
                               order.begin() + long(std::min(order.size(), k + B)));
    for (size_t k = m_batches.size(); k > 1; --k)
        std::swap(m_batches[k - 1], m_batches[rng.below(k)]);
    m_nextBatch = 0;
    m_epochLoss = 0;
    m_epochTokens = 0;
    m_epochSeconds = 0;
}

void Trainer::waitWhilePaused() {
    std::unique_lock lock(m_pauseMutex);
    m_pauseChanged.wait(lock, [this] { return !m_paused.load() || m_stop.load(); });
}

bool Trainer::run(TrainingObserver* observer) {
    using Clock = std::chrono::steady_clock;
    if (m_fault) return false; // a faulted run is over
    FlushDenormals ftz;
    std::vector<const EncodedSentence*> members;
    while (!m_finished && m_epoch < m_config.epochs) {
        if (m_nextBatch == 0 && m_epochTokens == 0) planEpoch();
        while (m_nextBatch < m_batches.size()) {
            if (m_paused) waitWhilePaused();
            if (m_stop) {
                m_stop = false; // consumed: a later run() continues from this batch
                return false;
            }
            const auto start = Clock::now();
            members.clear();
            if (m_config.mentionReplacement > 0 && !m_mentions.empty()) {
                m_augmented.clear();
                for (int k : m_batches[m_nextBatch])
                    m_augmented.push_back(m_mentions.augment(
                        m_train.encoded[size_t(k)], m_config.mentionReplacement, m_mentionRng));
                for (const EncodedSentence& e : m_augmented)
                    members.push_back(&e);
            } else {
                for (int k : m_batches[m_nextBatch])
                    members.push_back(&m_train.encoded[size_t(k)]);
            }
            Batch batch = makeBatch(members);
            if (m_config.unknownReplacement > 0)
                for (int& token : batch.tokens)
                    if (token > 1 && m_unknownRng.uniform() < m_config.unknownReplacement)
                        token = 1; // <unk>
            BatchProgress progress;
            const double lr = learningRate();
            {
                std::lock_guard lock(m_modelMutex);
                // The objective is the mean loss per sentence of the batch.
                const double loss =
                    m_network.forwardBackward(m_model, batch, m_dropoutRng, Scalar(1.0 / batch.B));
                const auto params = m_model.namedParameters();
                // The per-part norms only for someone who will read them (BatchProgress::dynamics).
                const bool measure = observer != nullptr;
                progress.gradNorm = clipGradientNorm(params, m_config.clipNorm,
                                                     measure ? &m_gradientSquares : nullptr);
                // A NaN or infinite loss or gradient would spread into every weight at the
                // step: the run ends here instead, before the step.
                if (!std::isfinite(loss) || !std::isfinite(progress.gradNorm)) {
                    fail(loss, progress.gradNorm, params);
                    return false;
                }
                m_optimizer->step(params, lr, measure ? &m_stepNorms : nullptr);
                if (measure)
                    progress.dynamics = groupDynamics(params, m_gradientSquares, m_stepNorms);
                updateAverage();
                progress.loss = loss / double(batch.tokenCount());
                m_epochLoss += loss;
            }
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            m_epochSeconds += seconds;
            m_totalSeconds += seconds;
            m_epochTokens += batch.tokenCount();
            ++m_nextBatch;
            ++m_step;
            if (observer) {
                progress.epoch = m_epoch + 1;
                progress.batch = int(m_nextBatch);
                progress.batchesPerEpoch = int(m_batches.size());
                progress.step = m_step;
                progress.learningRate = lr;
                progress.tokensPerSecond = double(m_epochTokens) / std::max(m_epochSeconds, 1e-9);
                const double total = double(m_config.epochs) * double(m_batches.size());
                progress.progress = double(m_step) / total;
                progress.elapsedSeconds = m_totalSeconds;
                progress.remainingSeconds =
                    m_totalSeconds / double(m_step) * std::max(0.0, total - double(m_step));
                observer->onBatch(progress);
            }
        }
        endEpoch(observer);
    }
    return true;
}

std::string TrainingFault::message() const {
    return what + " at epoch " + std::to_string(epoch) + ", batch " + std::to_string(batch) +
           " (step " + std::to_string(step) + "); that step was not taken";
}

void Trainer::fail(double loss, double gradNorm, const std::vector<NamedParameter>& params) {
    TrainingFault f;
    f.epoch = m_epoch + 1;
    f.batch = int(m_nextBatch) + 1;
    f.step = m_step + 1;
    const double bad = std::isfinite(loss) ? gradNorm : loss;
    f.what = std::string(std::isfinite(loss) ? "the gradient norm is " : "the loss is ") +
             (std::isnan(bad) ? "NaN" : "infinite");
    bool finite = true;
    for (const NamedParameter& p : params) {
        p.parameter->grad.setZero(); // nothing of this batch carries into a later step
        finite = finite && p.parameter->value.allFinite();
    }
    // Finite weights are the last good ones: the step that went wrong was not taken. Weights
    // that already were not (a step that overflowed them) give way to the best epoch's.
    if (!finite && m_best) m_model = *m_best;
    m_fault = f;
    m_finished = true;
}

void Trainer::endEpoch(TrainingObserver* observer) {
    EpochReport report;
    report.epoch = m_epoch + 1;
    report.trainLoss = m_epochLoss / double(std::max(m_epochTokens, 1L));
    report.seconds = m_epochSeconds;
    report.tokensPerSecond = double(m_epochTokens) / std::max(m_epochSeconds, 1e-9);
    // Evaluation reads the weights on this thread, which is the only writer: no lock needed.
    if (m_config.evaluateTrain) report.train = evaluate(published(), m_train, m_network);
    if (!m_dev.encoded.empty()) {
        std::vector<std::vector<std::string>> predicted;
        report.dev = evaluate(published(), m_dev, m_network, 32, &predicted);
        report.devErrors = sentencesWithErrors(m_dev.sentences, predicted, m_dev.scheme);
        if (m_devErrorsHook) m_devErrorsHook(m_network, published(), report.devErrors);
        report.devIntervals =
            bootstrapIntervals(m_dev.sentences, predicted, m_dev.scheme, kDevResamples);
    }
    const double f1 = m_dev.encoded.empty() ? -report.trainLoss : report.dev.entities.overall.f1();
    {
        std::lock_guard lock(m_modelMutex);
        // A tie in F1 (common on small dev sets) goes to the lower dev loss.
        // An epoch whose dev loss is not finite scores nothing: it is never the best.
        const bool finite = std::isfinite(f1) && std::isfinite(report.dev.loss);
        report.improved =
            finite && (f1 > m_bestF1 || (f1 == m_bestF1 && report.dev.loss < m_bestDevLoss));
        if (report.improved) {
            m_bestF1 = f1;
            m_bestDevLoss = report.dev.loss;
            m_bestEpoch = report.epoch;
            m_best = published();
        }
    }
    m_epochsWithoutImprovement = report.improved ? 0 : m_epochsWithoutImprovement + 1;
    report.bestDevF1 = std::max(m_bestF1, 0.0);
    report.bestEpoch = m_bestEpoch;
    ++m_epoch;
    m_nextBatch = 0;
    m_epochTokens = 0;
    if (m_config.patience > 0 && m_epochsWithoutImprovement >= m_config.patience) m_finished = true;
    if (observer) observer->onEpoch(report);
}

double Trainer::learningRate() const {
    const double lr = m_config.optimizer.learningRate;
    if (m_config.schedule == TrainConfig::Schedule::InverseDecay)
        return lr / (1.0 + m_config.lrDecay * m_epoch);
    const double total = double(m_config.epochs) * double(std::max<size_t>(m_batches.size(), 1));
    const double done = double(m_epoch) * double(m_batches.size()) + double(m_nextBatch);
    const double floor = lr * m_config.lrFloor;
    return floor + 0.5 * (lr - floor) * (1.0 + std::cos(3.14159265358979323846 * done / total));
}

void Trainer::updateAverage() {
    if (m_config.weightAveraging <= 0) return;
    if (!m_average) {
        m_average = m_model;
        return;
    }
    // Early on the average would remember the random start for too long: the decay
    // ramps up as (1 + t) / (10 + t) until it reaches the configured value.
    const double t = double(m_step);
    const Scalar d = Scalar(std::min(m_config.weightAveraging, (1 + t) / (10 + t)));
    const auto current = m_model.namedParameters();
    const auto average = m_average->namedParameters();
    for (size_t k = 0; k < current.size(); ++k)
        average[k].parameter->value =
            d * average[k].parameter->value + (1 - d) * current[k].parameter->value;
}

void Trainer::requestPause() {
    m_paused = true;
}

void Trainer::resume() {
    {
        std::lock_guard lock(m_pauseMutex);
        m_paused = false;
    }
    m_pauseChanged.notify_all();
}

void Trainer::requestStop() {
    {
        std::lock_guard lock(m_pauseMutex);
        m_stop = true;
    }
    m_pauseChanged.notify_all();
}

Tagger Trainer::snapshot() const {
    std::lock_guard lock(m_modelMutex);
    return published();
}

Tagger Trainer::bestModel() const {
    std::lock_guard lock(m_modelMutex);
    return m_best ? *m_best : published();
}

double Trainer::bestDevF1() const {
    std::lock_guard lock(m_modelMutex);
    return std::max(m_bestF1, 0.0);
}

int Trainer::bestEpoch() const {
    std::lock_guard lock(m_modelMutex);
    return m_bestEpoch;
}

} // namespace ner
