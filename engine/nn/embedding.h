#pragma once
// Character embedding: a lookup of columns.
//   (1) x_n = E[:, token_n]                E: (D, V), x: (D, N)
//   backward: dE[:, token_n] += dx_n
#include "engine/core/parameter.h"

#include <vector>

namespace ner {

struct EmbeddingParams {
    Parameter E; // (D, V): one column per vocabulary entry
};

class Embedding {
public:
    // tokens: N ids; out: (D, N)
    static void forward(const EmbeddingParams& p, const std::vector<int>& tokens, Matrix& out);
    static void backward(EmbeddingParams& p, const std::vector<int>& tokens, const Matrix& dout);
};

} // namespace ner
