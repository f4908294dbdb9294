#pragma once
// `lstm-ner eval --errors`: the sentences a model got wrong, as terminal text or JSON.
#include "engine/gold_standing.h"
#include "engine/sentence_errors.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace cli {

// Where each wrong sentence's gold tagging stands with the model (engine/gold_standing.h),
// in the order of `errors`; unset where the model cannot weigh it.
using GoldStandings = std::vector<std::optional<ner::GoldStanding>>;
GoldStandings weighGoldTaggings(const ner::Tagger& model,
                                const std::vector<ner::SentenceErrors>& errors);

// "3 of 94 sentences have errors …", how many of their gold taggings were near misses, then
// per sentence its file line, its text, where its gold tagging stands ("gold tagging
// reading 2 of the 5 most probable, 18.7 %") and one line per entity error ("wrong type
// 海南舰  gold ORG, predicted EQU").
std::string sentenceErrorsText(const std::vector<ner::SentenceErrors>& errors,
                               const GoldStandings& standings, size_t sentenceCount);
// [{"line", "index", "text", "correct", "token_errors", "gold_probability", "gold_reading",
// "errors": [{"kind", "gold", "predicted"}]}], each span {"begin", "end", "type", "text"}
// with end exclusive; gold_reading is the 1-based rank among the 5 most probable taggings,
// null when it is not one of them (both null when the model cannot weigh the gold).
nlohmann::json sentenceErrorsJson(const std::vector<ner::SentenceErrors>& errors,
                                  const GoldStandings& standings);

} // namespace cli
