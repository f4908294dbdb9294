#include "engine/nn/lexicon_embedding.h"

namespace ner {

void LexiconEmbedding::forward(const EmbeddingParams& p, const std::vector<std::uint32_t>& features,
                               Matrix& x) {
    for (size_t n = 0; n < features.size(); ++n)
        for (std::uint32_t bits = features[n], k = 0; bits; bits >>= 1, ++k)
            if (bits & 1u) x.col(Eigen::Index(n)) += p.E.value.col(Eigen::Index(k));
}

void LexiconEmbedding::backward(EmbeddingParams& p, const std::vector<std::uint32_t>& features,
                                const Matrix& dx) {
    for (size_t n = 0; n < features.size(); ++n)
        for (std::uint32_t bits = features[n], k = 0; bits; bits >>= 1, ++k)
            if (bits & 1u) p.E.grad.col(Eigen::Index(k)) += dx.col(Eigen::Index(n));
}

} // namespace ner
