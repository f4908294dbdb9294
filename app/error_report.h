#pragma once
// `lstm-ner eval --errors`: the sentences a model got wrong, as terminal text or JSON.
#include "engine/data/sentence_errors.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cli {

// "3 of 94 sentences have errors …", how many of their gold taggings were near misses, then
// per sentence its file line, its text, where its gold tagging stands ("gold tagging
// reading 2 of the 5 most probable, 18.7 %"; when weighed, ner::weighGoldTaggings) and one
// line per entity error ("wrong type   海南舰  gold ORG, predicted EQU").
std::string sentenceErrorsText(const std::vector<ner::SentenceErrors>& errors,
                               size_t sentenceCount);
// [{"line", "index", "text", "correct", "token_errors", "gold_probability", "gold_reading",
// "errors": [{"kind", "gold", "predicted"}]}], each span {"begin", "end", "type", "text"}
// with end exclusive; gold_reading is the 1-based rank among the 5 most probable taggings,
// null when it is not one of them (both null when the model cannot weigh the gold).
nlohmann::json sentenceErrorsJson(const std::vector<ner::SentenceErrors>& errors);

} // namespace cli
