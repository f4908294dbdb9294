#pragma once
// Element-wise activations shared by the cells, applied in place to Eigen blocks.
#include "engine/core/tensor.h"

namespace ner::cell_math {

// σ(x) = ½ tanh(x/2) + ½ — uses Eigen's vectorised tanh instead of a scalar exp.
template <typename Block> void sigmoidInPlace(Block&& z) {
    z = (z.array() * Scalar(0.5)).tanh() * Scalar(0.5) + Scalar(0.5);
}

template <typename Block> void tanhInPlace(Block&& z) {
    z = z.array().tanh();
}

} // namespace ner::cell_math
