#pragma once
// Scoring a tagger on labelled data: loss, token accuracy, entity P/R/F1 (conlleval), and
// the tag confusion matrix — all in the data's own tag scheme, so that figures compare
// with other tools whatever scheme the model predicts in.
#include "engine/data/metrics.h"
#include "engine/model/labelled_set.h"
#include "engine/model/tagger_network.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ner {

struct Evaluation {
    double loss = 0;          // per token
    double tokenAccuracy = 0; // in the data's scheme
    long tokens = 0;
    long sentences = 0;
    EntityReport entities;
    std::vector<std::string> tagNames; // rows/columns of confusion, data's scheme
    std::map<std::pair<std::string, std::string>, long> confusion; // (gold, predicted) → count
};

// predictedTags, when given, receives each sentence's predicted tags in the data's scheme,
// in data.sentences order: what sentencesWithErrors (sentence_errors.h) compares.
Evaluation evaluate(const Tagger& model, const LabelledSet& data, TaggerNetwork& network,
                    int batchSize = 32,
                    std::vector<std::vector<std::string>>* predictedTags = nullptr);

// Sentences grouped into batches of similar length (fewer padded positions); indices into
// the input. Order within the result follows the sort, so evaluation is deterministic.
std::vector<std::vector<int>> lengthSortedBatches(const std::vector<EncodedSentence>& data,
                                                  int batchSize);

} // namespace ner
