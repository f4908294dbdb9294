#pragma once
// Where a gold tagging stands with a model: how probable the model finds it (under the
// distribution its readings come from, tag_readings.h) and which of its best readings it
// is. It tells a near miss, the gold tagging as runner-up at 30 %, from an error the model
// was sure of, the gold tagging at 1 in 50,000.
#include "engine/tag_readings.h"
#include "engine/tagger_network.h"

#include <optional>
#include <string>
#include <vector>

namespace ner {

struct GoldStanding {
    double probability = 0; // of the whole gold tag sequence
    int reading = -1;       // its index among the readings given; -1 when none of them
};

// gold: entity spans over chars. nullopt when the model cannot weigh them: a type it does
// not know, or spans that do not fit the characters.
std::optional<GoldStanding> goldStanding(TaggerNetwork& network, const Tagger& model,
                                         const std::vector<std::string>& chars,
                                         const std::vector<Span>& gold,
                                         const std::vector<TagReading>& readings);

// For people: "18.7 %" down to 0.1 %, then "1 in 48,000" (two significant figures), and
// "under 1 in a billion"; "0" for 0.
std::string describeProbability(double probability);

} // namespace ner
