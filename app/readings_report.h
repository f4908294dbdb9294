#pragma once
// A sentence's readings (SentenceAnalysis::readings) as `tag --readings` and `inspect`
// print them.
#include "engine/analysis/inspection.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace cli {

// {"text", "type", "start", "end"} of a span of chars.
nlohmann::json spanJson(const std::vector<std::string>& chars, const ner::Span& span);
// Per reading: probability, tags, entities and changes against the first reading, each
// change {"change": added|removed|changed, "before": span, "after": span} (as it applies).
nlohmann::json readingsJson(const ner::SentenceAnalysis& analysis);
// "   2   30.50%  普京 PER, not LOC · + 昨天 TIM": a line a reading, the first as "best".
void printReadings(const ner::SentenceAnalysis& analysis, std::ostream& out);

} // namespace cli
