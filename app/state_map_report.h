#pragma once
// `lstm-ner inspect --state-map`: where one layer's hidden states lie over a labelled file
// (engine/analysis/state_map.h), each character's state on the two principal axes, as JSON.
#include "engine/analysis/state_map.h"

#include <nlohmann/json.hpp>

namespace cli {

// {"layer": from 1, "sentences", "characters", "explained": [x, y], "type_agreement":
// {"neighbours", "share", "chance", "characters"}, "points": [{"sentence" (from 0), "position",
// "char", "type" (gold), "predicted", "x", "y"}, ...]} in reading order. Floats as the shortest
// decimal of their float, as in the CSV.
nlohmann::json stateMapJson(const ner::StateMap& map);

} // namespace cli
