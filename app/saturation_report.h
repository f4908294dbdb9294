#pragma once
// `lstm-ner inspect --saturation`: how often each unit's input, forget and output gates sit
// near 0 or near 1 over a labelled file (engine/analysis/gate_saturation.h), as JSON or CSV.
#include "engine/analysis/gate_saturation.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace cli {

// The --threshold value: a number above 0 and below 0.5 once read as a float (0.4999999999
// is 0.5f). Throws UsageError naming what is wrong.
float parseSaturationThreshold(const std::string& text);

// {"threshold", "sentences", "characters", "gates": [{"layer" (from 1), "direction", "gate",
// "below": [per unit], "above": [per unit], "mean_below", "mean_above"}, ...]}, the gates in
// the profile's order. Fractions are written as the shortest decimal of their float, as CSV.
nlohmann::json saturationJson(const ner::SaturationProfile& profile);

// The CSV form is ner::writeSaturationCsv (engine/analysis/gate_saturation.h), which the studio's
// export writes too.

} // namespace cli
