#include "engine/data/builtin_corpus.h"

#include <cstddef>

namespace ner {

extern const unsigned char builtinCorpusBytes[];
extern const std::size_t builtinCorpusSize;

std::string_view builtinCorpusText() {
    return {reinterpret_cast<const char*>(builtinCorpusBytes), builtinCorpusSize};
}

} // namespace ner
