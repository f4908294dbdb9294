#pragma once
// A labelled sentence as read from disk: one UTF-8 code point per character.
#include <algorithm>
#include <string>
#include <vector>

namespace ner {

struct Sentence {
    std::vector<std::string> chars; // each element is exactly one code point, UTF-8 encoded
    std::vector<std::string> tags;  // same length as chars; e.g. "B-PER", "I-PER", "O"
    int line = 0;                   // 1-based line of the record in its file (first line for CoNLL)
};

// Characters [begin, end) as one UTF-8 string; all of them by default.
inline std::string joinCharacters(const std::vector<std::string>& chars, size_t begin = 0,
                                  size_t end = std::string::npos) {
    std::string text;
    for (size_t k = begin; k < std::min(end, chars.size()); ++k)
        text += chars[k];
    return text;
}

} // namespace ner
