#pragma once
// Corpus statistics shown before training: size, share of O, entities by type.
#include "engine/data/sentence.h"
#include "engine/data/tag_scheme.h"

#include <map>
#include <string>
#include <vector>

namespace ner {

struct DatasetStats {
    int sentences = 0;
    long characters = 0;
    long outsideCharacters = 0;                 // characters tagged O
    std::map<std::string, int> entitiesPerType; // spans as extractSpans reads them
    int longestSentence = 0;                    // in characters
};

DatasetStats computeStats(const std::vector<Sentence>& sentences, TagScheme scheme);

} // namespace ner
