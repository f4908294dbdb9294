#pragma once
// The LSTM cell: one direction of an LSTM layer (conventions in recurrent_cell.h).
//
// Equations, for t = 0 … T-1 with h_{-1} = c_{-1} = 0 (gate rows in the order i, f, g, o,
// as PyTorch's nn.LSTM):
//   (1) z_t = W_x x_t + W_h h_{t-1} + b                       z_t: (4H, B)
//   (2) i_t = σ(z_i)   f_t = σ(z_f)   g_t = tanh(z_g)   o_t = σ(z_o)
//   (3) c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
//   (4) h_t = o_t ⊙ tanh(c_t)
// The input half of (1) is one product for all time steps: W_x X, X: (D, T*B).
// Recurrent dropout (Gal & Ghahramani 2016), when a mask M: (H, B) is given: the recurrent
// input is h_{t-1} ⊙ M, the same mask at every step of a sequence:
//   (1') z_t = W_x x_t + W_h (h_{t-1} ⊙ M) + b
// h_t itself (the output, and what the heatmap shows) is not masked.
#include "engine/nn/recurrent_cell.h"
#include "engine/nn/recurrent_dropout.h"

namespace ner {

// The LSTM's gates in describeCell(CellType::Lstm).gates order, for code that knows it has
// an LSTM (its tests, mostly); everything else reads the description.
struct LstmGate {
    enum : int { Input, Forget, Candidate, Output, Cell, Hidden };
};

// What forward keeps for backward — and exactly what the gate heatmap shows.
struct LstmCache {
    int T = 0, B = 0;
    Matrix gates;  // (4H, T*B): activated i, f, g, o
    Matrix c;      // (H, T*B)
    Matrix tanh_c; // (H, T*B)
    Matrix h;      // (H, T*B): the layer's output
};

// Parameters (CellParams): W_x (4H, D), W_h (4H, H), b (4H, 1), rows i, f, g, o; the
// forget-gate rows of b start at 1 (initialiseCell) so that early training remembers.
class LstmCell final : public RecurrentCell {
public:
    CellType type() const override { return CellType::Lstm; }
    void forward(const CellParams& p, const Matrix& x, int T, int B,
                 const Matrix* recurrentMask = nullptr) override;
    void backward(CellParams& p, const Matrix& x, const Matrix& dh, Matrix& dx) override;
    const Matrix& output() const override { return m_cache.h; }
    // i, f, g, o, c, h
    GateRows gate(int q) const override;

    const LstmCache& cache() const { return m_cache; }

private:
    LstmCache m_cache;
    bool m_haveForward = false;
    // Workspaces sized once per batch shape.
    Matrix m_dz;                // (4H, T*B)
    Matrix m_dhNext;            // (H, B): W_hᵀ dz_{t+1}
    Matrix m_dcNext;            // (H, B)
    Matrix m_dc;                // (H, B)
    RecurrentDropout m_dropout; // (1')
};

} // namespace ner
