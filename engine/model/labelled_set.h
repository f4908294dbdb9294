#pragma once
// Labelled sentences encoded for a model: what training, evaluation and the views over a
// dataset read.
#include "engine/data/sentence.h"
#include "engine/data/tag_scheme.h"
#include "engine/model/tagger.h"

#include <string>
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

} // namespace ner
