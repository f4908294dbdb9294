// The trainer on a tiny synthetic corpus: it learns, it is deterministic (for a seed, and
// across thread counts), and its controls work from another thread: pause/resume, stop and
// continue, snapshots, early stopping that keeps the best weights; and the tags it decodes
// are ones the scheme can write.
#include "engine/analysis/gold_standing.h"
#include "engine/model/tagger_network.h"
#include "engine/nn/tag_transitions.h"
#include "engine/train/trainer.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <mutex>
#include <numbers>
#include <thread>

using namespace ner;
using namespace std::chrono_literals;

namespace {

// ---- corpus ----------------------------------------------------------------------------
// Names follow 主席 (PER), cities follow 在 (LOC), in a few sentence frames.
const char* const kNames[] = {"李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"};
const char* const kCities[] = {"北京", "上海", "广州", "深圳", "成都", "武汉", "西安", "杭州"};

struct Piece {
    std::string text;
    std::string type; // "" for O
};

void append(Sentence& s, const Piece& piece) {
    // Every character of these strings is a 3-byte CJK code point.
    for (size_t k = 0; k < piece.text.size(); k += 3) {
        s.chars.push_back(piece.text.substr(k, 3));
        s.tags.push_back(piece.type.empty() ? "O" : (k == 0 ? "B-" : "I-") + piece.type);
    }
}

std::vector<Sentence> generateCorpus(int count, std::uint64_t seed, bool withEntities = true) {
    Random rng(seed);
    std::vector<Sentence> out;
    for (int n = 0; n < count; ++n) {
        const std::string name = kNames[rng.below(std::size(kNames))];
        const std::string city = kCities[rng.below(std::size(kCities))];
        const std::string per = withEntities ? "PER" : "", loc = withEntities ? "LOC" : "";
        std::vector<Piece> pieces;
        switch (rng.below(4)) {
        case 0:
            pieces = {{"主席", ""}, {name, per}, {"在", ""}, {city, loc}, {"发表讲话。", ""}};
            break;
        case 1:
            pieces = {{"今天主席", ""}, {name, per}, {"在", ""}, {city, loc}, {"视察工作。", ""}};
            break;
        case 2:
            pieces = {{"我们在", ""}, {city, loc}, {"见到了主席", ""}, {name, per}, {"。", ""}};
            break;
        default:
            pieces = {{"主席", ""}, {name, per}, {"昨天在", ""}, {city, loc}, {"会见代表", ""}};
            break;
        }
        Sentence s;
        for (const Piece& p : pieces)
            append(s, p);
        out.push_back(std::move(s));
    }
    return out;
}

struct Setup {
    Tagger model;
    LabelledSet train, dev;
};

Setup makeSetup(const ModelConfig& config, std::uint64_t seed, bool devHasEntities = true) {
    const std::vector<Sentence> train = generateCorpus(60, 101),
                                dev = generateCorpus(20, 202, devHasEntities);
    Setup s;
    s.model = Tagger::create(config, Vocabulary::build(train, 1, config.normalize),
                             tagSetFor({&train, &dev}, TagScheme::Bio, config.scheme), seed);
    s.train = prepareLabelledSet(s.model, train, TagScheme::Bio);
    s.dev = prepareLabelledSet(s.model, dev, TagScheme::Bio);
    return s;
}

ModelConfig smallConfig(int layers = 1, bool bidirectional = true, double dropout = 0.2) {
    ModelConfig c;
    c.embeddingDim = 16;
    c.hiddenDim = 16;
    c.layers = layers;
    c.bidirectional = bidirectional;
    c.output = OutputLayer::Crf;
    c.embeddingDropout = dropout;
    c.dropout = dropout;
    c.languageModelWeight = 0.0; // on only where a test says so
    c.scheme = TagScheme::Bioes; // the data is BIO: conversion is part of the path
    return c;
}

TrainConfig trainConfig(int epochs, int threads = 1, std::uint64_t seed = 7) {
    TrainConfig t;
    t.optimizer.kind = OptimizerKind::Adam;
    t.optimizer.learningRate = 0.01;
    t.epochs = epochs;
    t.batchSize = 8;
    t.seed = seed;
    t.threads = threads;
    t.evaluateTrain = false;
    return t;
}

// Every weight of a model, in namedParameters() order.
std::vector<Matrix> weights(const Tagger& model) {
    std::vector<Matrix> out;
    for (const NamedParameter& p : const_cast<Tagger&>(model).namedParameters())
        out.push_back(p.parameter->value);
    return out;
}

Trainer makeTrainer(const ModelConfig& config, const TrainConfig& t, bool devHasEntities = true) {
    Setup s = makeSetup(config, t.seed, devHasEntities);
    return Trainer(std::move(s.model), t, std::move(s.train), std::move(s.dev));
}

std::vector<Matrix> trainedWeights(const ModelConfig& config, const TrainConfig& t) {
    Trainer trainer = makeTrainer(config, t);
    if (!trainer.run()) return {};
    return weights(trainer.snapshot());
}

// ---- an observer that can hold the training thread at a chosen batch --------------------
class Recorder : public TrainingObserver {
public:
    explicit Recorder(Trainer* trainer = nullptr) : m_trainer(trainer) {}

    void holdAt(int batch) {
        std::lock_guard lock(m_mutex);
        m_holdAt = batch;
        m_released = false;
    }
    // Waits until the training thread is held; false after the timeout.
    bool waitUntilHeld(std::chrono::milliseconds timeout = 60s) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [this] { return m_held; });
    }
    void release() {
        {
            std::lock_guard lock(m_mutex);
            m_released = true;
            m_held = false;
            m_holdAt = -1;
        }
        m_changed.notify_all();
    }
    int batches() const {
        std::lock_guard lock(m_mutex);
        return int(m_steps.size());
    }
    std::vector<long> steps() const {
        std::lock_guard lock(m_mutex);
        return m_steps;
    }
    std::vector<EpochReport> epochs() const {
        std::lock_guard lock(m_mutex);
        return m_epochs;
    }
    std::vector<std::vector<Matrix>> batchStates() const {
        std::lock_guard lock(m_mutex);
        return m_batchStates;
    }
    std::vector<std::vector<Matrix>> epochStates() const {
        std::lock_guard lock(m_mutex);
        return m_epochStates;
    }

    void onBatch(const BatchProgress& p) override {
        // On the training thread, after the update and outside the trainer's lock.
        std::vector<Matrix> state;
        if (m_trainer) state = weights(m_trainer->snapshot());
        std::unique_lock lock(m_mutex);
        m_steps.push_back(p.step);
        if (m_trainer) m_batchStates.push_back(std::move(state));
        if (int(m_steps.size()) == m_holdAt) {
            m_held = true;
            m_changed.notify_all();
            m_changed.wait(lock, [this] { return m_released; });
        }
    }
    void onEpoch(const EpochReport& r) override {
        std::vector<Matrix> state;
        if (m_trainer) state = weights(m_trainer->snapshot());
        std::lock_guard lock(m_mutex);
        m_epochs.push_back(r);
        if (m_trainer) m_epochStates.push_back(std::move(state));
    }

private:
    Trainer* m_trainer;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_holdAt = -1;
    bool m_held = false, m_released = false;
    std::vector<long> m_steps;
    std::vector<EpochReport> m_epochs;
    std::vector<std::vector<Matrix>> m_batchStates, m_epochStates;
};

// Runs trainer.run(observer) on its own thread. Whatever happens in the test (a failed
// QVERIFY returns early), the destructor unblocks and joins it.
class TrainingThread {
public:
    TrainingThread(Trainer& trainer, Recorder& recorder)
        : m_trainer(trainer), m_recorder(recorder) {
        m_thread = std::thread([this] {
            m_result = m_trainer.run(&m_recorder);
            m_done = true;
        });
    }
    ~TrainingThread() {
        if (!m_thread.joinable()) return;
        m_trainer.requestStop();
        m_trainer.resume();
        m_recorder.release();
        m_thread.join();
    }
    bool finish() {
        m_thread.join();
        return m_result;
    }
    bool done() const { return m_done; }

private:
    Trainer& m_trainer;
    Recorder& m_recorder;
    std::thread m_thread;
    std::atomic<bool> m_done{false};
    bool m_result = false;
};

int batchesPerEpoch() {
    return (60 + 7) / 8;
}

// The learning rate each batch was trained with, in order.
class LearningRates : public TrainingObserver {
public:
    std::vector<double> rates;
    void onBatch(const BatchProgress& p) override { rates.push_back(p.learningRate); }
};

} // namespace

class TestTraining : public QObject {
    Q_OBJECT

private slots:
    void aNonFiniteLossEndsTheRunBeforeItsStep();
    void aDivergingRunKeepsItsBestEpoch();
    void learnsSyntheticCorpus();
    void sgdWithMomentumLearnsToo();
    void softmaxOutputLearnsToo();
    void schedulesSetEachBatchsLearningRate();
    void mentionReplacementTrainsAndIsSeeded();
    void sameSeedGivesIdenticalWeights_data();
    void sameSeedGivesIdenticalWeights();
    void oneAndTwoThreadsGiveIdenticalWeights_data();
    void oneAndTwoThreadsGiveIdenticalWeights();
    void pauseStopsBatchesAndResumeContinues();
    void stopReturnsFalseAndRunContinues();
    void stopWhilePaused();
    void snapshotsAreConsistentWhileTraining();
    void earlyStoppingKeepsBestWeights();
    void earlyStoppingOnFlatDevScore();
    void withoutDevTheLowestTrainingLossIsKept();
    void modelsDecodeOnlyWellFormedTags_data();
    void modelsDecodeOnlyWellFormedTags();
    void everyBatchReportsItsLearningDynamics();
    void wrongDevSentencesAreWeighedOnRequest();
};

void TestTraining::sgdWithMomentumLearnsToo() {
    // The command line offers --optimizer sgd: on the corpus and model Adam learns in
    // learnsSyntheticCorpus, SGD with momentum 0.9 (lr 0.05) must learn it too.
    TrainConfig t = trainConfig(8);
    t.optimizer.kind = OptimizerKind::Sgd;
    t.optimizer.learningRate = 0.05;
    Trainer trainer = makeTrainer(smallConfig(1, true, 0.2), t);
    Recorder recorder;
    QVERIFY(trainer.run(&recorder));
    const auto epochs = recorder.epochs();
    QCOMPARE(int(epochs.size()), 8);
    for (const EpochReport& r : epochs)
        qInfo("epoch %d: train loss %.4f, dev F1 %.3f", r.epoch, r.trainLoss,
              r.dev.entities.overall.f1());
    QVERIFY(epochs.back().trainLoss < 0.1 * epochs.front().trainLoss);
    QVERIFY(epochs.back().bestDevF1 > 0.9);
}

void TestTraining::softmaxOutputLearnsToo() {
    // --output softmax trains through SoftmaxCrossEntropy instead of the CRF (the gradient
    // checks cover its backward pass in double precision; this is the product's float).
    ModelConfig config = smallConfig(1, true, 0.2);
    config.output = OutputLayer::Softmax;
    Trainer trainer = makeTrainer(config, trainConfig(8));
    Recorder recorder;
    QVERIFY(trainer.run(&recorder));
    const auto epochs = recorder.epochs();
    QCOMPARE(int(epochs.size()), 8);
    QVERIFY(epochs.back().trainLoss < 0.25 * epochs.front().trainLoss);
    QVERIFY(epochs.back().bestDevF1 > 0.9);
    QCOMPARE(trainer.snapshot().config().output, OutputLayer::Softmax);
}

void TestTraining::schedulesSetEachBatchsLearningRate() {
    const int B = batchesPerEpoch(), epochs = 3;
    TrainConfig t = trainConfig(epochs);
    t.optimizer.learningRate = 0.01;
    // Inverse decay: every batch of epoch e (0-based) uses lr / (1 + decay·e).
    t.lrDecay = 0.5;
    {
        Trainer trainer = makeTrainer(smallConfig(), t);
        LearningRates observed;
        QVERIFY(trainer.run(&observed));
        QCOMPARE(int(observed.rates.size()), epochs * B);
        for (int i = 0; i < epochs * B; ++i)
            QVERIFY(std::abs(observed.rates[size_t(i)] - 0.01 / (1 + 0.5 * (i / B))) < 1e-15);
    }
    // Cosine: batch i of the run's N uses floor + (lr − floor)·(1 + cos(π i / N)) / 2,
    // from lr at the first batch down towards lr·lrFloor.
    t.schedule = TrainConfig::Schedule::Cosine;
    Trainer trainer = makeTrainer(smallConfig(), t);
    LearningRates observed;
    QVERIFY(trainer.run(&observed));
    const int N = epochs * B;
    QCOMPARE(int(observed.rates.size()), N);
    const double floor = 0.01 * t.lrFloor;
    for (int i = 0; i < N; ++i) {
        const double expected =
            floor + 0.5 * (0.01 - floor) * (1 + std::cos(std::numbers::pi * i / N));
        QVERIFY2(std::abs(observed.rates[size_t(i)] - expected) < 1e-12,
                 qPrintable(QStringLiteral("batch %1: %2 against %3")
                                .arg(i)
                                .arg(observed.rates[size_t(i)])
                                .arg(expected)));
    }
    QCOMPARE(observed.rates.front(), 0.01);
    QVERIFY(observed.rates.back() < 2 * floor); // near the floor by the last batch
}

void TestTraining::mentionReplacementTrainsAndIsSeeded() {
    // With --replace-mentions the trainer feeds augmented copies of each batch: it still
    // learns, the same seed gives the same weights, and the weights differ from a run
    // without it (so the augmented sentences were what it trained on).
    TrainConfig t = trainConfig(6);
    t.mentionReplacement = 0.5;
    const std::vector<Matrix> once = trainedWeights(smallConfig(), t);
    const std::vector<Matrix> again = trainedWeights(smallConfig(), t);
    QVERIFY(!once.empty());
    QCOMPARE(once.size(), again.size());
    for (size_t k = 0; k < once.size(); ++k)
        QVERIFY(once[k] == again[k]);
    t.mentionReplacement = 0.0;
    const std::vector<Matrix> without = trainedWeights(smallConfig(), t);
    bool differs = false;
    for (size_t k = 0; k < once.size(); ++k)
        differs |= !(once[k] == without[k]);
    QVERIFY(differs);
    t.mentionReplacement = 0.5;
    Trainer trainer = makeTrainer(smallConfig(), t);
    QVERIFY(trainer.run());
    QVERIFY(trainer.bestDevF1() > 0.8);
}

void TestTraining::learnsSyntheticCorpus() {
    Trainer trainer = makeTrainer(smallConfig(1, true, 0.2), trainConfig(8));
    Recorder recorder;
    QVERIFY(trainer.run(&recorder));
    const auto epochs = recorder.epochs();
    QCOMPARE(int(epochs.size()), 8);
    int firstGood = 0;
    for (const EpochReport& r : epochs) {
        qInfo("epoch %d: train loss %.4f, dev F1 %.3f", r.epoch, r.trainLoss,
              r.dev.entities.overall.f1());
        if (!firstGood && r.dev.entities.overall.f1() > 0.9) firstGood = r.epoch;
        // The wrong sentences listed are the evaluation's: every FN, FP and wrong character.
        long fn = 0, fp = 0, wrongCharacters = 0;
        for (const SentenceErrors& s : r.devErrors) {
            for (const EntityError& e : s.errors) {
                fn += e.gold ? 1 : 0;
                fp += e.predicted ? 1 : 0;
            }
            wrongCharacters += s.tokenErrors;
        }
        QCOMPARE(fn, r.dev.entities.overall.fn);
        QCOMPARE(fp, r.dev.entities.overall.fp);
        QCOMPARE(wrongCharacters, std::lround((1 - r.dev.tokenAccuracy) * double(r.dev.tokens)));
        // With how far the dev split can be trusted: intervals around the epoch's scores.
        QVERIFY(r.devIntervals);
        QCOMPARE(r.devIntervals->resamples, Trainer::kDevResamples);
        QVERIFY(r.devIntervals->f1.low <= r.dev.entities.overall.f1() &&
                r.dev.entities.overall.f1() <= r.devIntervals->f1.high);
        QVERIFY(r.devIntervals->tokenAccuracy.low <= r.dev.tokenAccuracy &&
                r.dev.tokenAccuracy <= r.devIntervals->tokenAccuracy.high);
    }
    // Wrong somewhere at the first epoch: the sentences differ, so the draws do.
    QVERIFY(epochs.front().devIntervals->tokenAccuracy.low <
            epochs.front().devIntervals->tokenAccuracy.high);
    QVERIFY(!epochs.front().devErrors.empty()); // untrained enough to be wrong somewhere
    QVERIFY2(firstGood > 0, "dev F1 never exceeded 0.9 in 8 epochs");
    QVERIFY(epochs.back().trainLoss < epochs.front().trainLoss);
    QVERIFY(trainer.bestDevF1() > 0.9);
    QCOMPARE(recorder.batches(), 8 * batchesPerEpoch());
}

void TestTraining::sameSeedGivesIdenticalWeights_data() {
    QTest::addColumn<int>("threads");
    QTest::addColumn<double>("averaging");
    QTest::addColumn<double>("unknown");
    QTest::addColumn<bool>("sentenceMasks");
    QTest::newRow("1 thread") << 1 << 0.0 << 0.0 << false;
    QTest::newRow("2 threads") << 2 << 0.0 << 0.0 << false;
    QTest::newRow("2 threads, weight averaging, <unk> replacement") << 2 << 0.9 << 0.1 << false;
    QTest::newRow("2 threads, per-sentence and recurrent dropout") << 2 << 0.0 << 0.0 << true;
}

void TestTraining::sameSeedGivesIdenticalWeights() {
    QFETCH(int, threads);
    QFETCH(double, averaging);
    QFETCH(double, unknown);
    QFETCH(bool, sentenceMasks);
    // Dropout on, two bidirectional layers: every random stream is involved.
    ModelConfig config = smallConfig(2, true, 0.5);
    config.dropoutPerSentence = sentenceMasks;
    config.recurrentDropout = sentenceMasks ? 0.3 : 0.0;
    auto configured = [&](std::uint64_t seed) {
        TrainConfig t = trainConfig(2, threads, seed);
        t.weightAveraging = averaging;
        t.unknownReplacement = unknown;
        return t;
    };
    const std::vector<Matrix> a = trainedWeights(config, configured(7));
    const std::vector<Matrix> b = trainedWeights(config, configured(7));
    const std::vector<Matrix> other = trainedWeights(config, configured(8));
    QVERIFY(!a.empty());
    QCOMPARE(b.size(), a.size());
    for (size_t k = 0; k < a.size(); ++k)
        QVERIFY2(a[k] == b[k], qPrintable(QString("parameter %1").arg(k)));
    QVERIFY(other != a); // the comparison can fail: another seed trains other weights
}

void TestTraining::oneAndTwoThreadsGiveIdenticalWeights_data() {
    QTest::addColumn<int>("layers");
    QTest::addColumn<double>("languageModel");
    // Recurrent masks are drawn before the two directions run on their own threads.
    QTest::newRow("2 bidirectional layers, recurrent dropout") << 2 << 0.0;
    // The next-character heads of the two directions also run on the two threads.
    QTest::newRow("1 layer, next-character objective") << 1 << 0.3;
}

void TestTraining::oneAndTwoThreadsGiveIdenticalWeights() {
    QFETCH(int, layers);
    QFETCH(double, languageModel);
    ModelConfig config = smallConfig(layers, true, 0.5);
    config.recurrentDropout = 0.3;
    config.languageModelWeight = languageModel;
    const std::vector<Matrix> one = trainedWeights(config, trainConfig(2, 1));
    const std::vector<Matrix> two = trainedWeights(config, trainConfig(2, 2));
    QVERIFY(!one.empty());
    const size_t lstmAndOutput = 1 + 3 * size_t(layers * 2) + 2 + 3;
    QCOMPARE(one.size(), lstmAndOutput + (languageModel > 0 ? 8 : 0)); // the heads are there
    QCOMPARE(two.size(), one.size());
    for (size_t k = 0; k < one.size(); ++k)
        QVERIFY2(one[k] == two[k], qPrintable(QString("parameter %1 differs").arg(k)));
}

void TestTraining::pauseStopsBatchesAndResumeContinues() {
    Trainer trainer = makeTrainer(smallConfig(), trainConfig(2));
    Recorder recorder;
    recorder.holdAt(3);
    TrainingThread thread(trainer, recorder);
    QVERIFY(recorder.waitUntilHeld());
    trainer.requestPause(); // from this thread, while batch 3's callback is running
    QVERIFY(trainer.isPaused());
    recorder.release();
    std::this_thread::sleep_for(300ms);
    QCOMPARE(recorder.batches(), 3); // no batch after the pause took effect
    QVERIFY(!thread.done());
    trainer.resume();
    QVERIFY(!trainer.isPaused());
    QVERIFY(thread.finish());
    QCOMPARE(recorder.batches(), 2 * batchesPerEpoch());
    QCOMPARE(trainer.epochsDone(), 2);
}

void TestTraining::stopReturnsFalseAndRunContinues() {
    const ModelConfig config = smallConfig(1, true, 0.3);
    const TrainConfig t = trainConfig(2);
    Trainer trainer = makeTrainer(config, t);
    Recorder recorder;
    const int stopAfter = batchesPerEpoch() + 2; // in the second epoch
    recorder.holdAt(stopAfter);
    {
        TrainingThread thread(trainer, recorder);
        QVERIFY(recorder.waitUntilHeld());
        trainer.requestStop();
        recorder.release();
        QVERIFY(!thread.finish()); // stopped
    }
    QCOMPARE(recorder.batches(), stopAfter);
    QCOMPARE(trainer.epochsDone(), 1);

    QVERIFY(trainer.run(&recorder)); // continues from the next batch
    const std::vector<long> steps = recorder.steps();
    QCOMPARE(int(steps.size()), 2 * batchesPerEpoch());
    for (size_t k = 0; k < steps.size(); ++k)
        QCOMPARE(steps[k], long(k + 1));
    QCOMPARE(int(recorder.epochs().size()), 2);
    // Interrupted or not, the same weights.
    QCOMPARE(weights(trainer.snapshot()), trainedWeights(config, t));
}

void TestTraining::stopWhilePaused() {
    Trainer trainer = makeTrainer(smallConfig(), trainConfig(2));
    Recorder recorder;
    recorder.holdAt(2);
    TrainingThread thread(trainer, recorder);
    QVERIFY(recorder.waitUntilHeld());
    trainer.requestPause();
    recorder.release();
    std::this_thread::sleep_for(100ms);
    QVERIFY(!thread.done());
    trainer.requestStop(); // wakes the paused loop
    QVERIFY(!thread.finish());
    QCOMPARE(recorder.batches(), 2);
}

void TestTraining::snapshotsAreConsistentWhileTraining() {
    Trainer trainer = makeTrainer(smallConfig(), trainConfig(3));
    Recorder recorder(&trainer); // records the weights after every batch
    const std::vector<Matrix> initial = weights(trainer.snapshot());
    recorder.holdAt(4);
    std::vector<std::vector<Matrix>> taken;
    {
        TrainingThread thread(trainer, recorder);
        QVERIFY(recorder.waitUntilHeld());
        taken.push_back(weights(trainer.snapshot())); // certainly mid-training: after batch 4
        recorder.release();
        // Bounded, so a slow machine does not pile up thousands of copies.
        while (!thread.done() && taken.size() < 400) {
            taken.push_back(weights(trainer.snapshot()));
            std::this_thread::sleep_for(200us);
        }
        QVERIFY(thread.finish());
    }
    const auto states = recorder.batchStates();
    QCOMPARE(int(states.size()), 3 * batchesPerEpoch());
    QCOMPARE(taken.front(), states[3]);
    QVERIFY(taken.front() != initial);
    // Every snapshot is the state after some whole batch, never a mixture.
    int matched = 0;
    for (const auto& snapshot : taken) {
        const bool known = snapshot == initial ||
                           std::find(states.begin(), states.end(), snapshot) != states.end();
        QVERIFY(known);
        ++matched;
    }
    qInfo("%d snapshots taken while training, all consistent", matched);
    // And a snapshot is a usable model.
    const Tagger copy = trainer.snapshot();
    TaggerNetwork network;
    const Setup s = makeSetup(smallConfig(), 7);
    QCOMPARE(evaluate(copy, s.dev, network).tokens, s.dev.tokens());
}

void TestTraining::earlyStoppingKeepsBestWeights() {
    TrainConfig t = trainConfig(25);
    t.patience = 2;
    t.optimizer.learningRate = 0.02;
    Trainer trainer = makeTrainer(smallConfig(1, true, 0.3), t);
    Recorder recorder(&trainer);
    QVERIFY(trainer.run(&recorder));
    const auto reports = recorder.epochs();
    const auto states = recorder.epochStates();
    QCOMPARE(int(reports.size()), trainer.epochsDone());

    double best = -1, bestLoss = 0;
    int bestEpoch = 0;
    for (const EpochReport& r : reports) {
        const double f1 = r.dev.entities.overall.f1();
        qInfo("epoch %d: dev F1 %.4f loss %.4f%s", r.epoch, f1, r.dev.loss,
              r.improved ? " (improved)" : "");
        // Better F1, or the same F1 with a lower dev loss.
        const bool better = f1 > best || (f1 == best && r.dev.loss < bestLoss);
        QCOMPARE(r.improved, better);
        if (better) {
            best = f1;
            bestLoss = r.dev.loss;
            bestEpoch = r.epoch;
        }
        QCOMPARE(r.bestDevF1, best);
        QCOMPARE(r.bestEpoch, bestEpoch);
    }
    QCOMPARE(trainer.bestDevF1(), best);
    QCOMPARE(trainer.bestEpoch(), bestEpoch);
    if (trainer.epochsDone() < t.epochs) // stopped early: exactly `patience` epochs after the best
        QCOMPARE(trainer.epochsDone(), bestEpoch + t.patience);
    const Tagger bestModel = trainer.bestModel();
    QCOMPARE(weights(bestModel), states[size_t(bestEpoch - 1)]);
    TaggerNetwork network;
    const Setup s = makeSetup(smallConfig(1, true, 0.3), t.seed);
    QCOMPARE(evaluate(bestModel, s.dev, network).entities.overall.f1(), best);
}

void TestTraining::earlyStoppingOnFlatDevScore() {
    // A dev split without entities scores F1 = 0 every epoch: the tie-break on dev loss then
    // decides, so the kept epoch is the one with the lowest dev loss, and an early stop
    // comes exactly `patience` epochs after it.
    TrainConfig t = trainConfig(20);
    t.patience = 2;
    Trainer trainer = makeTrainer(smallConfig(), t, /*devHasEntities=*/false);
    Recorder recorder(&trainer);
    QVERIFY(trainer.run(&recorder));
    const auto reports = recorder.epochs();
    const auto states = recorder.epochStates();
    int lowest = 0;
    for (size_t k = 0; k < reports.size(); ++k) {
        QCOMPARE(reports[k].dev.entities.overall.f1(), 0.0);
        if (reports[k].dev.loss < reports[size_t(lowest)].dev.loss) lowest = int(k);
    }
    QCOMPARE(trainer.bestEpoch(), lowest + 1);
    if (trainer.epochsDone() < t.epochs) QCOMPARE(trainer.epochsDone(), lowest + 1 + t.patience);
    QCOMPARE(weights(trainer.bestModel()), states[size_t(lowest)]);
    const int done = trainer.epochsDone();
    QVERIFY(trainer.run()); // finished: a further run() does nothing
    QCOMPARE(trainer.epochsDone(), done);
}

void TestTraining::withoutDevTheLowestTrainingLossIsKept() {
    // No dev split (a corpus too small to split): epochs are compared by training loss.
    // A slow learning rate keeps that loss above 1 nat a token, where a best score that
    // started at −1 would never have been beaten and no epoch would have been kept.
    TrainConfig t = trainConfig(3);
    t.optimizer.learningRate = 1e-4;
    Setup s = makeSetup(smallConfig(), t.seed);
    Trainer trainer(std::move(s.model), t, std::move(s.train), LabelledSet{});
    Recorder recorder(&trainer);
    QVERIFY(trainer.run(&recorder));
    const auto reports = recorder.epochs();
    const auto states = recorder.epochStates();
    QCOMPARE(int(reports.size()), 3);
    int lowest = 0;
    for (size_t k = 0; k < reports.size(); ++k) {
        QVERIFY2(reports[k].trainLoss > 1, "the case this test is about");
        if (reports[k].trainLoss < reports[size_t(lowest)].trainLoss) lowest = int(k);
    }
    QCOMPARE(trainer.bestEpoch(), lowest + 1);
    QCOMPARE(weights(trainer.bestModel()), states[size_t(lowest)]);
    QCOMPARE(trainer.bestDevF1(), 0.0);
}

void TestTraining::modelsDecodeOnlyWellFormedTags_data() {
    QTest::addColumn<int>("output");
    QTest::newRow("CRF") << int(OutputLayer::Crf);
    QTest::newRow("softmax") << int(OutputLayer::Softmax);
}

void TestTraining::modelsDecodeOnlyWellFormedTags() {
    // An untrained tagger (for a CRF, zero transitions; random unary scores) is the likeliest
    // to string together "B-LOC E-PER": free decoding does, the default decoding never does,
    // on the same weights.
    QFETCH(int, output);
    ModelConfig config = smallConfig();
    config.output = OutputLayer(output);
    QVERIFY(config.constrainedDecoding); // the default
    const Setup constrained = makeSetup(config, 11);
    config.constrainedDecoding = false;
    const Setup free = makeSetup(config, 11);
    QCOMPARE(weights(free.model), weights(constrained.model));

    const std::vector<std::string>& names = constrained.model.tags().names();
    const TagScheme scheme = constrained.model.config().scheme;
    auto wellFormed = [&](const std::vector<int>& path) {
        std::vector<std::string> tags;
        for (int k : path)
            tags.push_back(names[size_t(k)]);
        return sequenceAllowed(tags, scheme);
    };
    std::vector<const EncodedSentence*> sentences;
    for (const EncodedSentence& e : constrained.dev.encoded)
        sentences.push_back(&e);
    const Batch batch = makeBatch(sentences);
    TaggerNetwork network;
    int freeIllFormed = 0;
    for (const auto& path : network.predict(free.model, batch))
        freeIllFormed += wellFormed(path) ? 0 : 1;
    QVERIFY2(freeIllFormed > 0,
             "free decoding happened to be well-formed: the test proves nothing");
    for (const auto& path : network.predict(constrained.model, batch))
        QVERIFY(wellFormed(path));
    // The inspector's path comes from the same constrained decoder.
    const SentenceAnalysis a =
        analyseSentence(network, constrained.model, constrained.dev.sentences.front().chars);
    std::vector<int> ids;
    for (const std::string& tag : a.predicted)
        ids.push_back(constrained.model.tags().id(tag));
    QVERIFY(wellFormed(ids));
}

// What BatchProgress::dynamics says of each step, checked against the weights themselves:
// the groups a 2-layer bidirectional CRF tagger has (tst_optimizer names the others), their
// gradient norms adding up to the global norm clipping saw, the weight norms of the snapshot
// after the step, and the update norms of the difference between consecutive snapshots.
void TestTraining::wrongDevSentencesAreWeighedOnRequest() {
    // Off by default (the CLI's training): no gold tagging is weighed.
    TrainConfig t = trainConfig(1);
    Trainer plain = makeTrainer(smallConfig(), t);
    Recorder unweighed;
    QVERIFY(plain.run(&unweighed));
    const std::vector<SentenceErrors> wrong = unweighed.epochs().front().devErrors;
    QVERIFY(!wrong.empty()); // one epoch leaves errors
    for (const SentenceErrors& s : wrong)
        QVERIFY(!s.goldStanding);

    // On: each wrong sentence's gold tagging, weighed with the epoch's weights, as
    // goldStanding weighs it afresh; training itself is unchanged.
    Trainer weighing = makeTrainer(smallConfig(), t);
    weighing.setDevErrorsHook(weighGoldTaggings);
    Recorder weighed;
    QVERIFY(weighing.run(&weighed));
    const Tagger model = weighing.snapshot();
    QCOMPARE(weights(model), weights(plain.snapshot()));
    const std::vector<SentenceErrors> listed = weighed.epochs().front().devErrors;
    QCOMPARE(listed.size(), wrong.size());
    TaggerNetwork network;
    int ranked = 0;
    for (const SentenceErrors& s : listed) {
        QVERIFY(s.goldStanding.has_value());
        // Afresh: the gold tags' probability, and their place among the analysis's readings.
        const std::vector<std::string> tags =
            spansToTags(s.gold, int(s.chars.size()), model.config().scheme);
        const SentenceAnalysis a = analyseSentence(network, model, s.chars, 1000, kDefaultReadings);
        int place = -1;
        for (size_t n = 0; n < a.readings.size(); ++n)
            if (a.readings[n].tags == tags) place = int(n);
        QCOMPARE(s.goldStanding->reading, place);
        const auto fresh = weighTagging(network, model, s.chars, tags);
        QVERIFY(fresh.has_value());
        QVERIFY(std::abs(s.goldStanding->probability - fresh->probability) <=
                1e-9 + 1e-6 * fresh->probability);
        // A wrong sentence's gold tagging is never the tagging the model chose.
        QVERIFY(s.goldStanding->reading != 0);
        QVERIFY(s.goldStanding->probability < a.readings.front().probability);
        ranked += s.goldStanding->reading > 0 ? 1 : 0;
    }
    qInfo("%d of %d wrong dev sentences have their gold tagging among the five best", ranked,
          int(listed.size()));
}

void TestTraining::everyBatchReportsItsLearningDynamics() {
    const ModelConfig config = smallConfig(2, true, 0.0);
    Trainer trainer = makeTrainer(config, trainConfig(1));
    const std::vector<Matrix> start = weights(trainer.snapshot());
    Recorder recorder(&trainer);
    std::vector<BatchProgress> batches;
    struct Both : TrainingObserver {
        Recorder* recorder;
        std::vector<BatchProgress>* batches;
        void onBatch(const BatchProgress& p) override {
            batches->push_back(p);
            recorder->onBatch(p);
        }
    } both;
    both.recorder = &recorder;
    both.batches = &batches;
    QVERIFY(trainer.run(&both));
    const auto states = recorder.batchStates();
    QCOMPARE(states.size(), batches.size());
    QVERIFY(batches.size() >= 5);

    std::vector<std::string> names, groups;
    for (const NamedParameter& p : trainer.snapshot().namedParameters()) {
        names.push_back(p.name);
        groups.push_back(parameterGroup(p.name));
    }
    const std::vector<std::string> expectedGroups{"embedding",
                                                  "lstm 1 forward",
                                                  "lstm 1 backward",
                                                  "lstm 2 forward",
                                                  "lstm 2 backward",
                                                  "projection",
                                                  "crf"};
    for (size_t b = 0; b < batches.size(); ++b) {
        const std::vector<GroupDynamics>& d = batches[b].dynamics;
        std::vector<std::string> seen;
        double gradientSquares = 0;
        for (const GroupDynamics& g : d) {
            seen.push_back(g.group);
            gradientSquares += g.gradient * g.gradient;
        }
        QCOMPARE(seen, expectedGroups);
        QVERIFY(std::abs(std::sqrt(gradientSquares) - batches[b].gradNorm) <=
                1e-9 * batches[b].gradNorm);
        const std::vector<Matrix>& after = states[b];
        const std::vector<Matrix>& before = b == 0 ? start : states[b - 1];
        for (const GroupDynamics& g : d) {
            double weight = 0, update = 0;
            for (size_t k = 0; k < names.size(); ++k)
                if (groups[k] == g.group) {
                    weight += double(after[k].squaredNorm());
                    update += double((after[k] - before[k]).squaredNorm());
                }
            QVERIFY2(std::abs(std::sqrt(weight) - g.weight) <= 1e-5 * g.weight, g.group.c_str());
            // Differences of floats that moved by about 1e-3 of themselves: the copies' rounding
            // leaves a few parts in ten thousand.
            QVERIFY2(std::abs(std::sqrt(update) - g.update) <= 1e-2 * g.update, g.group.c_str());
            QVERIFY(g.update > 0 && g.gradient > 0);
        }
    }
}

void TestTraining::aNonFiniteLossEndsTheRunBeforeItsStep() {
    Setup s = makeSetup(smallConfig(), 7);
    // One infinite bias: every tag score of the first batch is infinite, its loss NaN.
    s.model.params().projection.b.value(0, 0) = std::numeric_limits<Scalar>::infinity();
    Tagger before = s.model;
    Trainer trainer(std::move(s.model), trainConfig(3), std::move(s.train), std::move(s.dev));
    Recorder recorder;
    QVERIFY(!trainer.run(&recorder));
    QVERIFY(trainer.fault().has_value());
    const TrainingFault& f = *trainer.fault();
    QCOMPARE(f.epoch, 1);
    QCOMPARE(f.batch, 1);
    QCOMPARE(f.step, 1L);
    QVERIFY2(f.what.find("NaN") != std::string::npos ||
                 f.what.find("infinite") != std::string::npos,
             f.what.c_str());
    QVERIFY2(f.message().find("at epoch 1, batch 1 (step 1); that step was not taken") !=
                 std::string::npos,
             f.message().c_str());
    QCOMPARE(trainer.epochsDone(), 0);
    QVERIFY(recorder.epochs().empty());
    // No weight moved: the step was not taken (compared bit for bit, the infinity included).
    const Tagger after = trainer.snapshot();
    const auto a = const_cast<Tagger&>(before).namedParameters();
    const auto b = const_cast<Tagger&>(after).namedParameters();
    for (size_t k = 0; k < a.size(); ++k)
        QVERIFY2(std::memcmp(a[k].parameter->value.data(), b[k].parameter->value.data(),
                             size_t(a[k].parameter->value.size()) * sizeof(Scalar)) == 0,
                 a[k].name.c_str());
    // The run is over: another run() does nothing.
    QVERIFY(!trainer.run(&recorder));
    QCOMPARE(trainer.epochsDone(), 0);
}

void TestTraining::aDivergingRunKeepsItsBestEpoch() {
    // Plain SGD at a learning rate no model survives, without clipping: it learns for a while,
    // then its loss or gradient overflows.
    TrainConfig t = trainConfig(40);
    t.optimizer.kind = OptimizerKind::Sgd;
    t.optimizer.learningRate = 10.0;
    t.optimizer.momentum = 0.9;
    t.clipNorm = 0;
    t.lrDecay = 0;
    Trainer trainer = makeTrainer(smallConfig(1, true, 0.0), t);
    Recorder recorder;
    QVERIFY(!trainer.run(&recorder));
    QVERIFY2(trainer.fault().has_value(), "the run did not diverge: raise the learning rate");
    // It learnt for some epochs first (with these seeds, three), so there is a best to keep.
    QVERIFY2(trainer.epochsDone() >= 1 && trainer.bestEpoch() >= 1,
             trainer.fault()->message().c_str());
    QCOMPARE(int(recorder.epochs().size()), trainer.epochsDone());
    QCOMPARE(trainer.fault()->epoch, trainer.epochsDone() + 1);
    // Every epoch that was reported had finite figures, and the best of them is kept whole.
    for (const EpochReport& r : recorder.epochs()) {
        QVERIFY(std::isfinite(r.trainLoss));
        QVERIFY(std::isfinite(r.dev.loss));
    }
    const Tagger best = trainer.bestModel();
    for (const NamedParameter& p : const_cast<Tagger&>(best).namedParameters())
        QVERIFY2(p.parameter->value.allFinite(), p.name.c_str());
    const Tagger current = trainer.snapshot();
    for (const NamedParameter& p : const_cast<Tagger&>(current).namedParameters())
        QVERIFY2(p.parameter->value.allFinite(), p.name.c_str());
    qInfo("diverged: %s, after %d epochs (best %d)", trainer.fault()->message().c_str(),
          trainer.epochsDone(), trainer.bestEpoch());
}

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"
