#pragma once
// The flags `lstm-ner train` and `lstm-ner compare` share: where the data comes from, the
// model's architecture (train only: compare takes it from each configuration), and the
// training recipe. Every default is the engine's (ModelConfig, TrainConfig): the best
// settings found, which the studio starts from as well.
#include "app/cli_args.h"
#include "engine/data/lexicon.h"
#include "engine/train/trainer.h"
#include "engine/train/training_setup.h"

#include <cstdint>
#include <string>
#include <thread>

namespace cli {

inline const ner::ModelConfig kModel;
inline const ner::TrainConfig kTrain;

struct TrainFlags {
    std::string data, dev, test,
        format = "auto", out = "model.lner", dictionary = ner::kDefaultDictionary,
        output = kModel.output == ner::OutputLayer::Crf ? "crf" : "softmax",
        optimizer = kTrain.optimizer.kind == ner::OptimizerKind::Sgd ? "sgd" : "adam",
        scheme = kModel.scheme == ner::TagScheme::Bio ? "bio" : "bioes",
        schedule = kTrain.schedule == ner::TrainConfig::Schedule::Cosine ? "cosine" : "inverse",
        dropoutMask = kModel.dropoutPerSentence ? "sentence" : "character",
        decoding = kModel.constrainedDecoding ? "constrained" : "free",
        cell = ner::cellName(kModel.cell);
    int epochs = kTrain.epochs, layers = kModel.layers, hidden = kModel.hiddenDim,
        embedding = kModel.embeddingDim, batch = kTrain.batchSize, patience = kTrain.patience,
        minCount = kModel.minCount, lmHidden = kModel.languageModelHidden;
    int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    double lr = kTrain.optimizer.learningRate, dropout = kModel.dropout,
           embeddingDropout = kModel.embeddingDropout, recurrentDropout = kModel.recurrentDropout,
           lmWeight = kModel.languageModelWeight, clip = kTrain.clipNorm, l2 = kTrain.optimizer.l2,
           lrDecay = kTrain.lrDecay, average = kTrain.weightAveraging,
           unk = kTrain.unknownReplacement, mentions = kTrain.mentionReplacement;
    std::uint64_t seed = kTrain.seed;
    bool unidirectional = !kModel.bidirectional, linearBetween = kModel.linearBetween,
         skipBad = false, json = false, quiet = false, digitsToZero = kModel.normalize.digitsToZero,
         noTrainEval = false;
};

// Which flags a command declares.
enum TrainFlagGroups : unsigned {
    kDataFlags = 1,         // --data, --dev, --test, --format, --skip-bad
    kArchitectureFlags = 2, // --cell, --layers, --linear-between, --unidirectional, --output
    kRecipeFlags = 4,       // sizes, dropout, optimiser, schedule, dictionary, seed, threads …
};
void declareTrainFlags(ArgParser& args, TrainFlags& flags, unsigned groups);

ner::DataSources dataSources(const TrainFlags& flags);
// "skipped N malformed records:" and why, on stderr, after --skip-bad.
void reportSkipped(const ner::TrainingData& data);
// The model configuration the flags give; UsageError for a combination that cannot be.
ner::ModelConfig modelConfig(const TrainFlags& flags);
ner::TrainConfig trainConfig(const TrainFlags& flags);
// The dictionary --dictionary names, or none; DataError naming the file otherwise.
ner::SharedLexicon readDictionary(const TrainFlags& flags);

} // namespace cli
