#include "engine/nn/embedding.h"

namespace ner {

void Embedding::forward(const EmbeddingParams& p, const std::vector<int>& tokens, Matrix& out) {
    out.resize(p.E.value.rows(), Eigen::Index(tokens.size()));
    for (size_t n = 0; n < tokens.size(); ++n)
        out.col(Eigen::Index(n)) = p.E.value.col(tokens[n]);
}

void Embedding::backward(EmbeddingParams& p, const std::vector<int>& tokens, const Matrix& dout) {
    // (1) dE[:, token_n] += dx_n; repeated tokens accumulate.
    for (size_t n = 0; n < tokens.size(); ++n)
        p.E.grad.col(tokens[n]) += dout.col(Eigen::Index(n));
}

} // namespace ner
