#pragma once
// Labelled sentences written inline in the engine tests.
#include "engine/sentence.h"

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

} // namespace ner::test
