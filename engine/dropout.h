#pragma once
// Inverted dropout: during training each value is kept with probability 1 − p and scaled
// by 1/(1 − p), so evaluation needs no rescaling.
//   (1) y = x ⊙ m,   m_k ∈ {0, 1/(1−p)}
//   dL/dx = dL/dy ⊙ m
#include "engine/random.h"
#include "engine/tensor.h"

namespace ner {

class Dropout {
public:
    // Draws a new mask of x's shape and applies it in place. p = 0 or no generator
    // (evaluation) leaves x untouched.
    void forward(Matrix& x, double p, Random* rng);
    // Applies the same mask to the gradient in place.
    void backward(Matrix& dx) const;

private:
    Matrix m_mask;
    bool m_active = false;
};

} // namespace ner
