#pragma once
// The small copyable values that cross threads through queued signals: commands into the
// training worker, progress out of it, and the weight snapshots the inspector tags with.
//
// Weights travel as std::shared_ptr<const ner::Tagger>: one copy is taken on the training
// thread (Trainer::snapshot()) and then shared read-only by every receiver, so a queued
// signal copies a pointer, not 1.6 MB of floats.
#include "engine/data/bootstrap_interval.h"
#include "engine/train/trainer.h"
#include "engine/train/training_setup.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <optional>

namespace studio {

enum class TrainingState {
    Idle,      // no model in training (none yet, or after Reset)
    Preparing, // building the vocabulary and the model on the worker thread
    Running,
    Paused,
    Stopped,  // stopped by the user; Train continues from the next batch
    Finished, // every epoch ran (or early stopping ended the run)
};
QString trainingStateName(TrainingState state);

// The hyper-parameters the studio trains with.
// Whether two configurations have the same next-character heads (parameters, so shape).
bool sameLanguageModelHead(const ner::ModelConfig& a, const ner::ModelConfig& b);

struct TrainingSettings {
    ner::ModelConfig model;
    ner::TrainConfig train;
    // Read jieba's dictionary as features of each character (engine/data/lexicon.h), as
    // `lstm-ner train` does by default. A wish: the run has them only if the dictionary could
    // be read (TrainingSession decides). Part of the shape: they add the parameter lexicon.E.
    bool dictionary = true;
    // The engine's defaults, with the studio's choices for an interactive first run.
    static TrainingSettings defaults();
    bool sameShape(const TrainingSettings& other) const; // same parameter shapes
    // Equal in everything the hyper-parameter form edits (the rest is carried through the
    // form unchanged, so it cannot differ between two runs of one session).
    bool operator==(const TrainingSettings& other) const;
};

// Everything the worker needs to start a fresh run.
struct TrainingJob {
    std::shared_ptr<const ner::TrainingData> data;
    ner::ModelConfig model;
    ner::TrainConfig train;
    // The dictionary the model reads features from; null for none.
    ner::SharedLexicon lexicon;
    // Weights to start from instead of a fresh initialisation, used only when their shape,
    // vocabulary and tag set equal those the plan builds from `data` (see TrainingWorker).
    std::shared_ptr<const ner::Tagger> warmStart;
    // Also weigh each wrong dev sentence's gold tagging after each epoch (the trainer's dev
    // errors hook with ner::weighGoldTaggings): what the wrong-sentence list's Gold column
    // shows, about 1 ms a sentence, so only where someone will look at it.
    bool weighDevErrors = false;
    // Where the run's best weights are written whenever they improve, so that a crash loses
    // nothing (empty: nowhere). Written on the training thread, atomically.
    QString recoveryPath;
};

// Sent once a run's model is built, before its first batch.
struct TrainingStart {
    int run = 0;
    bool continued = false;   // a stopped run resumed, not a fresh model
    bool warmStarted = false; // started from TrainingJob::warmStart's weights
    int trainSentences = 0, devSentences = 0;
    int vocabulary = 0, tags = 0;
    long parameters = 0;
    long dictionaryWords = 0; // 0: the model reads no dictionary
    QString dictionary;       // its file name
    // The weights the run starts from (epoch 0); null for a continued run.
    std::shared_ptr<const ner::Tagger> initial;
};

struct BatchMetrics {
    int run = 0; // which start() this belongs to; receivers drop other runs' late messages
    ner::BatchProgress progress;
};

struct EpochMetrics {
    int run = 0;
    ner::EpochReport report;
    // The best weights so far, set when report.improved (taken on the training thread so
    // that saving a model never waits for the trainer's lock on the GUI thread).
    std::shared_ptr<const ner::Tagger> best;
    // The weights this epoch ended with, which its dev scores are of (the same copy as
    // `best` when it improved), so that the inspector can go back to them later.
    std::shared_ptr<const ner::Tagger> weights;
};

// WeightsSnapshot::origin of an epoch the user chose on the learning curves (InspectedWeights).
inline constexpr char kChosenEpochOrigin[] = "epoch";

// A read-only copy of a model's weights, for tagging.
struct WeightsSnapshot {
    int run = 0;
    int epoch = 0; // epochs finished when the copy was taken
    long step = 0; // batches trained
    // "untrained", "training", "best" (of a finished run), kChosenEpochOrigin or a file name
    QString origin;
    std::shared_ptr<const ner::Tagger> tagger;
    bool isNull() const { return !tagger; }
    bool isUntrained() const { return origin == QLatin1String("untrained"); }
    // Weights read from a model file: neither the preview nor this session's training.
    bool isFromFile() const {
        return tagger && !isUntrained() && origin != QLatin1String("training") &&
               origin != QLatin1String("best") && !isChosenEpoch();
    }
    // Weights of an earlier epoch of the current run, chosen on the learning curves.
    bool isChosenEpoch() const { return origin == QLatin1String(kChosenEpochOrigin); }
};

// The inspector's choice of what the gate heatmap shows, so that settings can store it
// without knowing the widgets: the gate by its symbol (ner::GateDescriptor::symbol), which
// means the same whichever cell a model has ("h" is every cell's output), and the values
// the other selectors hold (GateHeatmap::Directions, GateHeatmap::UnitOrder).
struct HeatmapView {
    static constexpr int kBothDirections = 2; // GateHeatmap::Directions::Both
    static constexpr int kUnitsInOrder = 0;   // GateHeatmap::UnitOrder::Index
    QString gate = QStringLiteral("h");
    int directions = kBothDirections;
    int unitOrder = kUnitsInOrder;
    bool operator==(const HeatmapView&) const = default;
};

struct TrainingOutcome {
    int run = 0;
    bool completed = false; // false: stopped before the last epoch
    int epochsDone = 0;
    double bestDevF1 = 0;
    int bestEpoch = 0;
    // The best weights scored on the test split, once, when a run completes (as lstm-ner
    // train does); absent after a stop or without a test split.
    std::optional<ner::Evaluation> test;
    // How far those figures can be trusted: 1,000 resamples of the test sentences.
    std::optional<ner::BootstrapIntervals> testIntervals;
};

// Registers the types above for queued connections; call once before connecting.
void registerTrainingMessageTypes();

} // namespace studio

Q_DECLARE_METATYPE(studio::TrainingState)
Q_DECLARE_METATYPE(studio::TrainingSettings)
Q_DECLARE_METATYPE(studio::TrainingJob)
Q_DECLARE_METATYPE(studio::TrainingStart)
Q_DECLARE_METATYPE(studio::BatchMetrics)
Q_DECLARE_METATYPE(studio::EpochMetrics)
Q_DECLARE_METATYPE(studio::WeightsSnapshot)
Q_DECLARE_METATYPE(studio::TrainingOutcome)
