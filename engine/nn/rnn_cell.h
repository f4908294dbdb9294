#pragma once
// The Elman RNN cell, as nn.RNN with tanh (conventions in recurrent_cell.h).
//
// Equations, for t = 0 … T-1 with h_{-1} = 0:
//   (1) z_t = W_x x_t + W_h h_{t-1} + b                         z_t: (H, B)
//   (2) h_t = tanh(z_t)
// The input half of (1) is one product for all time steps: W_x X, X: (D, T*B). PyTorch
// keeps two biases, bias_ih and bias_hh, that only ever appear as their sum: here that sum is
// b. Under recurrent dropout (1) reads W_h (h_{t-1} ⊙ M).
#include "engine/nn/recurrent_cell.h"
#include "engine/nn/recurrent_dropout.h"

namespace ner {

// What forward keeps for backward: h, the only value per unit and step there is.
struct RnnCache {
    int T = 0, B = 0;
    Matrix h; // (H, T*B): the output
};

// Parameters (CellParams): W_x (H, D), W_h (H, H), b (H, 1).
class RnnCell final : public RecurrentCell {
public:
    CellType type() const override { return CellType::Rnn; }
    void forward(const CellParams& p, const Matrix& x, int T, int B,
                 const Matrix* recurrentMask = nullptr) override;
    void backward(CellParams& p, const Matrix& x, const Matrix& dh, Matrix& dx) override;
    const Matrix& output() const override { return m_cache.h; }
    GateRows gate(int) const override { return {&m_cache.h, 0}; } // h

private:
    RnnCache m_cache;
    bool m_haveForward = false;
    // Workspaces sized once per batch shape.
    Matrix m_dz;     // (H, T*B)
    Matrix m_dhNext; // (H, B): W_hᵀ dz_{t+1}
    RecurrentDropout m_dropout;
};

} // namespace ner
