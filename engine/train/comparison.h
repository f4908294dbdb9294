#pragma once
// Several model configurations trained on one dataset over several seeds, and what they
// score: the experiment this project grew from, rerun properly. Each run is a whole training
// (engine defaults, with the configuration's architecture) followed by the best epoch's
// test score; a configuration's rows are summarised by their mean, their spread and a 95 %
// interval of the mean. Shared by `lstm-ner compare` and the studio's Runs view.
#include "engine/data/lexicon.h"
#include "engine/train/trainer.h"
#include "engine/train/training_setup.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ner {

// One configuration: a short key (for --only and files), a name for people, and the
// architecture; everything else is the base configuration's.
struct ComparedConfiguration {
    std::string key;  // "bigru-crf"
    std::string name; // "BiGRU-CRF"
    CellType cell = CellType::Lstm;
    int layers = 1;
    bool bidirectional = true;
    OutputLayer output = OutputLayer::Crf;
    bool linearBetween = false;

    // base with this configuration's architecture.
    ModelConfig applyTo(ModelConfig base) const;
};

// "BiLSTM-CRF", "3-layer GRU, linear between", "1-layer LSTM": the architecture in the words
// the original experiment used.
std::string architectureName(const ModelConfig& model);

// The original experiment, each with a softmax output as it had: a 3-layer RNN, a 1-layer
// LSTM, a 3-layer LSTM with linear layers between, a 1-layer BiLSTM; then a BiLSTM-CRF;
// then the GRU counterparts of the LSTM rows.
std::vector<ComparedConfiguration> originalExperiment();

// Per epoch of one run: what the charts draw.
struct RunEpoch {
    int epoch = 0;
    double trainLoss = 0;
    double devLoss = 0;
    double devF1 = 0;
    double devTokenAccuracy = 0;
};

// One configuration trained with one seed: what a run leaves to compare it by.
struct RunResult {
    std::string key, name;
    std::string dataset; // the training data's name (a file, or the built-in corpus)
    ModelConfig model;
    TrainConfig train;
    std::uint64_t seed = 0;
    bool finished = false; // false: stopped before its last epoch (then nothing else is set)
    int epochs = 0;        // trained
    int bestEpoch = 0;
    double bestDevF1 = 0;
    double testF1 = 0, testPrecision = 0, testRecall = 0, testTokenAccuracy = 0;
    double tokensPerSecond = 0; // training throughput, mean over the run
    long parameters = 0;
    double seconds = 0; // the whole run, evaluation included
    std::vector<RunEpoch> curve;
};

// One run, prepared so that its trainer can be paused or stopped from another thread.
class ComparisonRun {
public:
    ComparisonRun(const TrainingData& data, const ComparedConfiguration& configuration,
                  const ModelConfig& base, const TrainConfig& train, std::uint64_t seed,
                  SharedLexicon lexicon);
    Trainer& trainer() { return m_trainer; }
    // Trains to the end, then tests the best weights. observer sees every batch and epoch.
    // A stopped run returns a result with finished = false.
    RunResult run(TrainingObserver* observer = nullptr);

private:
    ComparisonRun(const TrainingData& data, const ComparedConfiguration& configuration,
                  const ModelConfig& base, const TrainConfig& train, std::uint64_t seed,
                  TrainingPlan plan);

    RunResult m_result;
    LabelledSet m_test;
    Trainer m_trainer;
};

// The share of a split's characters tagged O: the token accuracy of tagging everything O, the
// bar the original experiment's variants never cleared.
double allOutsideAccuracy(const std::vector<Sentence>& sentences);

// Mean, spread and 95 % interval of the mean (Student's t over the runs) of one score.
struct ScoreSummary {
    double mean = 0, sd = 0, min = 0, max = 0;
    double low = 0, high = 0; // the interval; equal to the mean for one run
};
ScoreSummary summarise(const std::vector<double>& values);

struct ConfigurationSummary {
    std::string key, name;
    int runs = 0;
    ScoreSummary testF1, testTokenAccuracy, bestDevF1;
    double tokensPerSecond = 0; // mean
    long parameters = 0;
};

// One summary per configuration that has finished runs, in the order of `order` (keys).
std::vector<ConfigurationSummary> summariseRuns(const std::vector<RunResult>& runs,
                                                const std::vector<std::string>& order);

} // namespace ner
