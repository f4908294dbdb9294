#pragma once
// Inverted dropout: during training each value is kept with probability 1 − p and scaled
// by 1/(1 − p), so evaluation needs no rescaling.
//   (1) y = x ⊙ m,   m_k ∈ {0, 1/(1−p)}
//   dL/dx = dL/dy ⊙ m
// Per sequence ("variational", Gal & Ghahramani 2016): one mask column per sequence, reused
// at every time step, so a dropped feature is missing for the whole sentence. The model
// cannot lean on a neighbouring step still seeing it — the regulariser that per-element
// masks are not for a recurrent tagger.
#include "engine/core/random.h"
#include "engine/core/tensor.h"

namespace ner {

// Fills mask (rows, cols) with 0 (probability p) or 1/(1 − p).
void drawDropoutMask(Matrix& mask, Eigen::Index rows, Eigen::Index cols, double p, Random& rng);

class Dropout {
public:
    // Draws a new mask of x's shape and applies it in place. p = 0 or no generator
    // (evaluation) leaves x untouched. sequences > 0: x is (features, T*sequences) with
    // column t*sequences + b, and each sequence b keeps one mask over all its time steps.
    void forward(Matrix& x, double p, Random* rng, int sequences = 0);
    // Applies the same mask to the gradient in place.
    void backward(Matrix& dx) const;

private:
    Matrix m_mask;
    bool m_active = false;
};

} // namespace ner
