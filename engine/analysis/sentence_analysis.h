#pragma once
// One sentence through a model, as the inspector shows it: its tags, marginals, readings and
// every gate of every layer and direction (inspection.h) — and the lean call that the views
// over a whole dataset use, which runs the same forward pass and keeps only the gates and
// the decoded tags: the marginals and readings they would throw away cost about 40 % of it.
#include "engine/analysis/inspection.h"
#include "engine/model/tagger_network.h"

#include <optional>
#include <string>
#include <vector>

namespace ner {

inline constexpr int kDefaultReadings = 5;

// Everything the inspector shows; input longer than maxLength characters is cut. With
// `readings` > 0, also that many of the best tag sequences and their probabilities.
SentenceAnalysis analyseSentence(TaggerNetwork& network, const Tagger& model,
                                 const std::vector<std::string>& chars, int maxLength = 1000,
                                 int readings = kDefaultReadings);

// The same forward pass keeping only chars, known, predicted, entities and gates: no
// probabilities, transitions or readings.
SentenceAnalysis traceSentence(TaggerNetwork& network, const Tagger& model,
                               const std::vector<std::string>& chars, int maxLength = 1000);

// Where the whole tag sequence `tags` (the model's scheme, one per character) stands with
// the model, from one forward pass: the probability the readings' distribution gives it
// (0 for a sequence the decoder may not choose) and its index among the `readings` best
// (-1: none of them, or readings ≤ 0). nullopt for a tag the model does not know or a
// length that is not the sentence's. How far the model is from a gold tagging it got
// wrong: a near miss, or nowhere near.
std::optional<GoldStanding> weighTagging(TaggerNetwork& network, const Tagger& model,
                                         const std::vector<std::string>& chars,
                                         const std::vector<std::string>& tags, int readings = 0);

// The gates of the network's last forward pass over one sentence of T characters, every
// layer and direction, in reading order.
std::vector<GateTrace> gateTraces(const TaggerNetwork& network, const Tagger& model, int T);

} // namespace ner
