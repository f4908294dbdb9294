#pragma once
// `lstm-ner inspect --unit`: which unit ("LAYER:DIRECTION:UNIT", as the studio numbers
// them) and its profile over a labelled file as JSON, the studio's unit tab in text form.
#include "engine/unit_profile.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cli {

// "1:backward:83" (layer from 1; forward or backward; unit from 0) with the gate's symbol.
// Throws UsageError naming what is wrong.
ner::UnitRef parseUnitSpec(const std::string& spec, const std::string& gateSymbol);

// The profile with each moment's file line, character and sentence text.
nlohmann::json unitProfileJson(const ner::UnitProfile& profile,
                               const std::vector<ner::Sentence>& sentences);

} // namespace cli
