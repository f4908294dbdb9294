#pragma once
// How `lstm-ner compare` prints its results: a table for people, CSV, or JSON lines (one per
// run as it ends, then the summary).
#include "engine/train/comparison.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cli {

nlohmann::json runJson(const ner::RunResult& run);
nlohmann::json summaryJson(const std::vector<ner::ConfigurationSummary>& summaries,
                           double allOutside, bool interrupted);
// Aligned columns: configuration, runs, test F1, token accuracy, best dev F1 (each mean ± sd
// and the 95 % interval of the mean), tokens/s, parameters; then the all-O line.
std::string summaryTable(const std::vector<ner::ConfigurationSummary>& summaries,
                         double allOutside);
// key,name,runs,test_f1_mean,test_f1_sd,test_f1_low,test_f1_high,… one row a configuration.
std::string summaryCsv(const std::vector<ner::ConfigurationSummary>& summaries);
// "BiGRU-CRF seed 3: test F1 0.7210, token accuracy 0.8510, best dev F1 0.7301 (epoch 17),
// 14,500 tokens/s, 38 s"
std::string runLine(const ner::RunResult& run);

} // namespace cli
