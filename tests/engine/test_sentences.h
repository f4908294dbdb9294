#pragma once
// Labelled sentences written inline in the engine tests.
#include "engine/data/sentence.h"

#include <string>
#include <vector>

namespace ner::test {

inline Sentence sentence(const std::vector<std::string>& chars,
                         const std::vector<std::string>& tags) {
    Sentence s;
    s.chars = chars;
    s.tags = tags;
    return s;
}

// Four short sentences with PER and LOC in BIO, the last all O and made of characters no
// other sentence has: enough to run a model over, small enough to count by hand.
inline std::vector<Sentence> fourShortSentences() {
    return {
        sentence({"李", "明", "在", "北", "京"}, {"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}),
        sentence({"王", "芳", "到", "上", "海", "了"},
                 {"B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"}),
        sentence({"他", "在", "京"}, {"O", "O", "B-LOC"}),
        sentence({"未", "知"}, {"O", "O"}),
    };
}

} // namespace ner::test
