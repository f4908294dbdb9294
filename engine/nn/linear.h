#pragma once
// Affine projection of every position to tag scores.
//   (1) s = W h + b                        W: (K, H), h: (H, N), s: (K, N)
//   dL/dW = ds hᵀ,  dL/db = Σ_n ds_n,  dL/dh = Wᵀ ds
#include "engine/core/parameter.h"

namespace ner {

struct LinearParams {
    Parameter W; // (K, H)
    Parameter b; // (K, 1)
};

class Linear {
public:
    static void forward(const LinearParams& p, const Matrix& h, Matrix& s);
    static void backward(LinearParams& p, const Matrix& h, const Matrix& ds, Matrix& dh);
};

} // namespace ner
