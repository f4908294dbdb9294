#pragma once
// A run as a JSON object: what `lstm-ner compare --json` prints for each run and what the
// studio keeps on disk, one file a run, to list and overlay runs later. Reading one back
// checks every field it needs, so that a damaged or hand-edited record is an error that
// names the field rather than a run with nonsense in it.
#include "engine/train/comparison.h"

#include <nlohmann/json.hpp>

namespace ner {

inline constexpr int kRunRecordVersion = 1;

nlohmann::json runToJson(const RunResult& run);
// Throws std::invalid_argument naming the first field that is missing or wrong.
RunResult runFromJson(const nlohmann::json& record);

} // namespace ner
