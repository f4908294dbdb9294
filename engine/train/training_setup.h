#pragma once
// From files (or the built-in corpus) to a model ready to train: loading, splitting,
// vocabulary and tag set, and the labelled splits. Shared by the command line and the studio.
#include "engine/data/dataset_reader.h"
#include "engine/train/evaluator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ner {

struct DataSources {
    std::string data;      // empty: the built-in corpus
    std::string dev, test; // both or neither; when given, all of `data` is training data
    LoadOptions load;
    std::uint64_t splitSeed = 1; // for the 80/10/10 split of a single file
};

struct TrainingData {
    std::vector<Sentence> train, dev, test; // all in `scheme`
    TagScheme scheme = TagScheme::Bio;
    std::string name; // file name or kBuiltinCorpusName
    int skipped = 0;
    std::vector<std::string> skipReasons;
};

// Throws DataError (file, line, problem) or std::invalid_argument.
TrainingData loadTrainingData(const DataSources& sources);

struct TrainingPlan {
    Tagger model; // freshly initialised
    LabelledSet train, dev, test;
};

// Vocabulary from the training split, tag set from all splits, weights from seed; the
// model reads dictionary features from lexicon when one is given (lexicon.h).
TrainingPlan planTraining(const TrainingData& data, const ModelConfig& config, std::uint64_t seed,
                          SharedLexicon lexicon = nullptr);

} // namespace ner
