#pragma once
// A sentence's readings from a network's last forward pass (tag_readings.h says what they
// are), and a CRF's transition scores as the inspector shows them.
#include "engine/analysis/inspection.h"
#include "engine/model/tagger_network.h"

#include <vector>

namespace ner {

// The k best readings of the one sequence whose scores s (K, T) the network computed last;
// for a CRF after network.crf().marginals(), whose log Z they are normalised by.
std::vector<TagReading> bestReadings(TaggerNetwork& network, const Tagger& model, const Matrix& s,
                                     int k);

// The model's CRF transition, start and end scores and which of them the decoder may take.
TransitionScores transitionScores(const Tagger& model);

} // namespace ner
