#pragma once
// One direction of an LSTM layer, run left to right over a padded mini-batch.
//
// Sequences are padded at the end, so a left-to-right pass never lets padding reach a
// real position; the backward direction of a bidirectional layer reuses this class on
// inputs reversed within each sequence's length (see LstmStack).
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
#include "engine/parameter.h"

namespace ner {

struct LstmParams {
    Parameter W_x; // (4H, D): rows i, f, g, o
    Parameter W_h; // (4H, H): rows i, f, g, o
    Parameter b;   // (4H, 1); forget-gate rows start at 1 so that early training remembers

    int hidden() const { return static_cast<int>(W_h.value.cols()); }
    int input() const { return static_cast<int>(W_x.value.cols()); }
};

// What forward keeps for backward — and exactly what the gate heatmap shows.
struct LstmCache {
    int T = 0, B = 0;
    Matrix gates;  // (4H, T*B): activated i, f, g, o
    Matrix c;      // (H, T*B)
    Matrix tanh_c; // (H, T*B)
    Matrix h;      // (H, T*B): the layer's output
};

class LstmLayer {
public:
    // x: (D, T*B). Fills m_cache; the output is cache().h. recurrentMask: (H, B) or null.
    void forward(const LstmParams& p, const Matrix& x, int T, int B,
                 const Matrix* recurrentMask = nullptr);
    // dh: (H, T*B) gradient of the loss w.r.t. the outputs. Accumulates into p.*.grad and
    // writes dx: (D, T*B). Requires the matching forward on the same x.
    void backward(LstmParams& p, const Matrix& x, const Matrix& dh, Matrix& dx);

    const LstmCache& cache() const { return m_cache; }

private:
    LstmCache m_cache;
    bool m_haveForward = false;
    // Workspaces sized once per batch shape.
    Matrix m_dz;     // (4H, T*B)
    Matrix m_dhNext; // (H, B): W_hᵀ dz_{t+1}
    Matrix m_dcNext; // (H, B)
    Matrix m_dc;     // (H, B)
    // With recurrent dropout only:
    bool m_masked = false;
    Matrix m_mask;    // (H, B)
    Matrix m_hMasked; // (H, T*B): h ⊙ M, the recurrent inputs that (1') used
};

} // namespace ner
