#pragma once
// A labelled sentence as read from disk: one UTF-8 code point per character.
#include <string>
#include <vector>

namespace ner {

struct Sentence {
    std::vector<std::string> chars; // each element is exactly one code point, UTF-8 encoded
    std::vector<std::string> tags;  // same length as chars; e.g. "B-PER", "I-PER", "O"
    int line = 0;                   // 1-based line of the record in its file (first line for CoNLL)
};

} // namespace ner
