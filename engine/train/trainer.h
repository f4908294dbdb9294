#pragma once
// Mini-batch training with progress callbacks, pause/resume/stop from other threads at
// batch boundaries, snapshots of the current weights, and early stopping on dev entity F1
// that keeps the best weights.
#include "engine/data/bootstrap_interval.h"
#include "engine/data/sentence_errors.h"
#include "engine/train/evaluator.h"
#include "engine/train/learning_dynamics.h"
#include "engine/train/mention_replacement.h"
#include "engine/train/optimizer.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace ner {

struct TrainConfig {
    OptimizerConfig optimizer;
    int epochs = 30;
    int batchSize = 8;
    // Learning-rate schedule. InverseDecay: epoch e (0-based) uses lr / (1 + lrDecay·e).
    // Cosine: every batch anneals from lr to lr·lrFloor along half a cosine over the run.
    enum class Schedule { InverseDecay, Cosine } schedule = Schedule::InverseDecay;
    double lrDecay = 0.05; // with Adam at 0.005: the best found on the military corpus
    double lrFloor = 0.01;
    double clipNorm = 5.0;     // global gradient norm; ≤ 0 disables clipping
    std::uint64_t seed = 1;    // weights, batch order and dropout
    int threads = 1;           // 2 runs the two directions of a layer at once
    int patience = 0;          // stop after this many epochs without a better dev F1; 0 = never
    bool evaluateTrain = true; // also score the training split after each epoch
    // Exponential moving average of the weights (Polyak averaging); evaluation, snapshots
    // and the best model use the average. 0 disables it. Smooths the epoch-to-epoch noise
    // of small corpora.
    double weightAveraging = 0.0;
    // Each training character is read as <unk> with this probability, so that the <unk>
    // embedding is trained for the characters that dev, test and users bring and training
    // never saw.
    double unknownReplacement = 0.0;
    // Each training mention is swapped for another mention of its type with this
    // probability (see mention_replacement.h).
    double mentionReplacement = 0.0;
    void validate() const; // throws std::invalid_argument naming the bad setting
};

struct BatchProgress {
    int epoch = 0; // 1-based
    int batch = 0; // 1-based within the epoch
    int batchesPerEpoch = 0;
    long step = 0;       // batches since the start of training
    double loss = 0;     // this batch, per token
    double gradNorm = 0; // before clipping
    double learningRate = 0;
    double tokensPerSecond = 0; // this epoch so far, training time only
    double progress = 0;        // of the whole run, 0..1
    double elapsedSeconds = 0;
    double remainingSeconds = 0; // estimate
    // Per group of parameters: gradient, weight and update norms of this batch's step
    // (measured only when run() has an observer).
    std::vector<GroupDynamics> dynamics;
};

struct EpochReport {
    int epoch = 0;
    double trainLoss = 0;            // mean per token over the epoch's batches (with dropout)
    std::optional<Evaluation> train; // evaluation without dropout, if evaluateTrain
    Evaluation dev;
    std::vector<SentenceErrors> devErrors; // dev sentences the epoch's weights got wrong
    // 95 % intervals of the dev scores from 1,000 resamples of the dev sentences: how far
    // apart two epochs' dev F1 must be before the dev split can tell them apart.
    std::optional<BootstrapIntervals> devIntervals;
    bool improved = false; // dev F1 better than every earlier epoch
    double bestDevF1 = 0;
    int bestEpoch = 0;
    double seconds = 0; // the epoch's training time
    double tokensPerSecond = 0;
};

// Why a run ended early on its own: a batch whose loss or gradient was not finite (NaN or
// infinite). That step was not taken, so no weight changed with it.
struct TrainingFault {
    int epoch = 0;    // 1-based
    int batch = 0;    // 1-based within the epoch
    long step = 0;    // batches since the start of training, this one included
    std::string what; // "the loss is NaN", "the gradient norm is infinite"
    // "the loss is NaN at epoch 1, batch 12 (step 12); that step was not taken"
    std::string message() const;
};

// Called on the training thread. Keep handlers short; copy what you need.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onBatch(const BatchProgress&) {}
    virtual void onEpoch(const EpochReport&) {}
};

class Trainer {
public:
    static constexpr int kDevResamples = 1000; // for EpochReport::devIntervals

    Trainer(Tagger model, const TrainConfig& config, LabelledSet train, LabelledSet dev);
    ~Trainer();

    // Trains the remaining epochs; call from one thread. Returns true when every epoch ran
    // (or early stopping ended it), false when stopped or faulted. After a stop, run()
    // continues from the next batch; after a fault (fault()) the run is over: the step that
    // went wrong was not taken, and if the weights before it were not finite either they are
    // replaced by the best epoch's. No epoch whose dev loss is not finite counts as the best.
    bool run(TrainingObserver* observer = nullptr);

    // Called after each epoch's dev evaluation, on the training thread, with the weights it
    // evaluated and the dev sentences they got wrong, before onEpoch sees them: the studio
    // weighs each one's gold tagging there (analysis/gold_standing.h: what its wrong-sentence
    // list shows, ~1 ms a sentence). Analysis sits beside training, not below it, so the
    // caller brings it. Set before run().
    using DevErrorsHook =
        std::function<void(TaggerNetwork&, const Tagger&, std::vector<SentenceErrors>&)>;
    void setDevErrorsHook(DevErrorsHook hook) { m_devErrorsHook = std::move(hook); }

    // Thread-safe controls, taking effect at the next batch boundary.
    void requestPause();
    void resume();
    void requestStop();
    bool isPaused() const { return m_paused.load(); }

    // Thread-safe copies of the current and the best weights.
    Tagger snapshot() const;
    Tagger bestModel() const;
    double bestDevF1() const;
    int bestEpoch() const;
    int epochsDone() const { return m_epoch; }
    // Set when a non-finite loss or gradient ended the run (read after run() returns).
    const std::optional<TrainingFault>& fault() const { return m_fault; }
    const TrainConfig& config() const { return m_config; }

private:
    void planEpoch();
    void endEpoch(TrainingObserver* observer);
    void waitWhilePaused();
    void updateAverage();
    // Ends the run at a batch whose loss or gradient norm is not finite (see run()).
    void fail(double loss, double gradNorm, const std::vector<NamedParameter>& params);
    double learningRate() const; // for the next batch
    // The weights that evaluation and snapshots see: the average when enabled.
    const Tagger& published() const { return m_average ? *m_average : m_model; }

    TrainConfig m_config;
    Tagger m_model;
    std::optional<Tagger> m_average; // when weightAveraging > 0
    LabelledSet m_train, m_dev;
    TaggerNetwork m_network;
    std::unique_ptr<Optimizer> m_optimizer;
    // Reused by every step for BatchProgress::dynamics.
    std::vector<double> m_gradientSquares;
    StepNorms m_stepNorms;
    Random m_dropoutRng;
    Random m_unknownRng;
    MentionPool m_mentions;
    DevErrorsHook m_devErrorsHook;
    Random m_mentionRng;
    std::vector<EncodedSentence> m_augmented; // this batch's replaced copies

    // Position in the run, kept so that run() can continue after a stop.
    int m_epoch = 0;                         // epochs finished
    std::vector<std::vector<int>> m_batches; // this epoch's batches (sentence indices)
    size_t m_nextBatch = 0;
    long m_step = 0;
    double m_epochLoss = 0;
    long m_epochTokens = 0;
    double m_epochSeconds = 0;
    double m_totalSeconds = 0;
    bool m_finished = false;
    std::optional<TrainingFault> m_fault;

    std::optional<Tagger> m_best;
    // With a dev split, its best entity F1; without one, minus the best training loss, which
    // can be any negative number: so nothing is below the start.
    double m_bestF1 = -std::numeric_limits<double>::infinity();
    double m_bestDevLoss = 0;
    int m_bestEpoch = 0;
    int m_epochsWithoutImprovement = 0;

    // Guards m_model's weights (written once per batch) and m_best against snapshot().
    mutable std::mutex m_modelMutex;
    // Pause/stop are flags the training loop polls at batch boundaries; atomics so the
    // loop never takes a lock just to look.
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_stop{false};
    std::mutex m_pauseMutex;
    std::condition_variable m_pauseChanged;
};

} // namespace ner
