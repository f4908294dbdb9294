#pragma once
// `lstm-ner eval --errors`: the sentences a model got wrong, as terminal text or JSON.
#include "engine/sentence_errors.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cli {

// "3 of 94 sentences have errors …", then per sentence its file line, its text and one line
// per entity error ("wrong type   海南舰  gold ORG, predicted EQU").
std::string sentenceErrorsText(const std::vector<ner::SentenceErrors>& errors,
                               size_t sentenceCount);
// [{"line", "index", "text", "correct", "token_errors", "errors": [{"kind", "gold",
// "predicted"}]}], each span {"begin", "end", "type", "text"} with end exclusive.
nlohmann::json sentenceErrorsJson(const std::vector<ner::SentenceErrors>& errors);

} // namespace cli
