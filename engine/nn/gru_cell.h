#pragma once
// The GRU cell, exactly nn.GRU (conventions in recurrent_cell.h).
//
// Equations, for t = 0 … T-1 with h_{-1} = 0 (gate rows in the order r, z, n, as PyTorch):
//   (1) a_t = W_x x_t + b                                  a_t: (3H, B)  rows a_r, a_z, a_n
//   (2) e_t = W_h h_{t-1} + b_h                            e_t: (3H, B)  rows e_r, e_z, e_n
//   (3) r_t = σ(a_r + e_r)     z_t = σ(a_z + e_z)
//   (4) n_t = tanh(a_n + r_t ⊙ e_n)                        — b_hn sits inside r ⊙ (…)
//   (5) h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}
// (1) is one product for all time steps. b is PyTorch's bias_ih and b_h its bias_hh, kept
// apart because (4) multiplies e_n, b_hn included, by r. Under recurrent dropout (2) reads
// W_h (h_{t-1} ⊙ M); the state carried by (5) is not masked.
#include "engine/nn/recurrent_cell.h"
#include "engine/nn/recurrent_dropout.h"

namespace ner {

// What forward keeps for backward — and what the gate heatmap shows (r, z, n, h).
struct GruCache {
    int T = 0, B = 0;
    Matrix gates; // (3H, T*B): activated r, z, n
    Matrix e_n;   // (H, T*B): W_hn h_{t-1} + b_hn, which (4) multiplies by r
    Matrix h;     // (H, T*B): the output
};

// Parameters (CellParams): W_x (3H, D), W_h (3H, H), b (3H, 1), b_h (3H, 1), rows r, z, n.
class GruCell final : public RecurrentCell {
public:
    CellType type() const override { return CellType::Gru; }
    void forward(const CellParams& p, const Matrix& x, int T, int B,
                 const Matrix* recurrentMask = nullptr) override;
    void backward(CellParams& p, const Matrix& x, const Matrix& dh, Matrix& dx) override;
    const Matrix& output() const override { return m_cache.h; }
    // r, z, n, h
    GateRows gate(int q) const override;

private:
    GruCache m_cache;
    bool m_haveForward = false;
    // Workspaces sized once per batch shape.
    Matrix m_e;      // (3H, B): (2) at the current step
    Matrix m_da;     // (3H, T*B): dL/da
    Matrix m_de;     // (3H, T*B): dL/de
    Matrix m_dhNext; // (H, B): dL/dh_t from the steps after t
    Matrix m_carry;  // (H, B): (5)'s direct path, dL/dh_t ⊙ z_t
    RecurrentDropout m_dropout;
};

} // namespace ner
