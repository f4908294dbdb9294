#pragma once
// The project's own corpus (data/corpus.jsonl), compiled into the engine.
#include <string_view>

namespace ner {

// JSONL text of the built-in corpus.
std::string_view builtinCorpusText();
// Name used for it in messages and in the file slot of errors.
inline constexpr const char* kBuiltinCorpusName = "<built-in corpus>";

} // namespace ner
