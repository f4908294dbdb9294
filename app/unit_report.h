#pragma once
// `lstm-ner inspect --unit`: which unit ("LAYER:DIRECTION:UNIT", as the studio numbers
// them) and its profile over a labelled file as JSON, the studio's unit tab in text form.
#include "engine/analysis/unit_profile.h"
#include "engine/model/tagger.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cli {

// "1:backward:83" (layer from 1; forward or backward; unit from 0), its gate h until
// gateOfModel says otherwise. Throws UsageError naming what is wrong.
ner::UnitRef parseUnitSpec(const std::string& spec);
// Every gate symbol any cell has (what --gate accepts before the model is read).
std::vector<std::string> allGateSymbols();
// The index of the gate with this symbol in the model's cell; UsageError naming the cell's
// gates when it has none.
int gateOfModel(const ner::Tagger& model, const std::string& symbol);

// The profile with each moment's file line, character and sentence text.
nlohmann::json unitProfileJson(const ner::UnitProfile& profile,
                               const std::vector<ner::Sentence>& sentences);

} // namespace cli
