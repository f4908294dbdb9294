#pragma once
// Dictionary features into the character embeddings (see lexicon.h):
//   (1) x_n += Σ_{k : bit k of features_n set} F[:, k]        F: (D, 19), x: (D, N)
//   backward: dF[:, k] += dx_n for every set bit k; dx is passed on unchanged, since the
//   embedding lookup before it needs the same dx.
#include "engine/nn/embedding.h"

#include <cstdint>
#include <vector>

namespace ner {

class LexiconEmbedding {
public:
    // features: N bit masks (0 past a sequence's end); x: (D, N), added to in place.
    static void forward(const EmbeddingParams& p, const std::vector<std::uint32_t>& features,
                        Matrix& x);
    static void backward(EmbeddingParams& p, const std::vector<std::uint32_t>& features,
                         const Matrix& dx);
};

} // namespace ner
