#pragma once
// Where a gold tagging stands with a model: how probable the model finds it (under the
// distribution its readings come from, tag_readings.h) and which of its best readings it
// is. It tells a near miss, the gold tagging as runner-up at 30 %, from an error the model
// was sure of, the gold tagging at 1 in 50,000.
#include "engine/analysis/sentence_analysis.h"
#include "engine/data/sentence_errors.h"
#include "engine/data/tag_readings.h"

#include <optional>
#include <string>
#include <vector>

namespace ner {

// gold: entity spans over chars; its place among the `readings` best. nullopt when the model
// cannot weigh them: a type it does not know, or spans that do not fit the characters.
std::optional<GoldStanding> goldStanding(TaggerNetwork& network, const Tagger& model,
                                         const std::vector<std::string>& chars,
                                         const std::vector<Span>& gold,
                                         int readings = kDefaultReadings);

// Sets every sentence's goldStanding against the model's kDefaultReadings best readings:
// one forward pass a sentence.
void weighGoldTaggings(TaggerNetwork& network, const Tagger& model,
                       std::vector<SentenceErrors>& sentences);

// Near misses against sure mistakes, over sentences someone weighed: how many had their
// gold tagging as the model's runner-up, and how many among its readings at all.
struct NearMisses {
    int weighed = 0;  // sentences with a goldStanding
    int runnerUp = 0; // reading 1
    int listed = 0;   // any reading after the first
};
NearMisses countNearMisses(const std::vector<SentenceErrors>& sentences);

// For people: "18.7 %" down to 0.1 %, then "1 in 48,000" (two significant figures), and
// "under 1 in a billion"; "0" for 0.
std::string describeProbability(double probability);

} // namespace ner
