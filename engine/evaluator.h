#pragma once
// Scoring a tagger on labelled data: loss, token accuracy, entity P/R/F1 (conlleval), and
// the tag confusion matrix — all in the data's own tag scheme, so that figures compare
// with other tools whatever scheme the model predicts in.
#include "engine/metrics.h"
#include "engine/tagger_network.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ner {

// A split ready for training or evaluation.
struct LabelledSet {
    std::vector<Sentence> sentences; // tags in `scheme`, as loaded
    TagScheme scheme = TagScheme::Bio;
    std::vector<EncodedSentence> encoded; // tags converted to the model's scheme
    long tokens() const;
};

// Throws DataError naming `source`, the record's line and the tag when a sentence has a tag the
// model does not know (data with an entity type the model was not trained on).
LabelledSet prepareLabelledSet(const Tagger& model, std::vector<Sentence> sentences,
                               TagScheme scheme, const std::string& source = "<data>");

// The model's tag set for data in `scheme`: every tag of every split, converted to the
// model's scheme ("O" first). Built from all splits since it is the label schema, not a
// statistic learnt from data.
TagSet tagSetFor(const std::vector<const std::vector<Sentence>*>& splits, TagScheme dataScheme,
                 TagScheme modelScheme);

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
