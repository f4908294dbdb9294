#include "engine/nn/rnn_cell.h"

#include <stdexcept>

namespace ner {

void RnnCell::forward(const CellParams& p, const Matrix& x, int T, int B,
                      const Matrix* recurrentMask) {
    const int H = p.hidden();
    const Eigen::Index N = Eigen::Index(T) * B;
    checkCellInput(x, p.input(), T, B, "RnnCell");
    RnnCache& k = m_cache;
    k.T = T;
    k.B = B;
    k.h.resize(H, N);
    m_dropout.begin(recurrentMask, H, B, N, "RnnCell");
    const Matrix& recurrent = m_dropout.recurrent(k.h);

    // (1), input half, all steps at once, written straight into h: (H, T*B)
    k.h.noalias() = p.W_x.value * x;
    k.h.colwise() += p.b.value.col(0);
    for (int t = 0; t < T; ++t) {
        auto z = k.h.middleCols(Eigen::Index(t) * B, B); // (H, B)
        if (t > 0) z.noalias() += p.W_h.value * recurrent.middleCols(Eigen::Index(t - 1) * B, B);
        z = z.array().tanh(); // (2)
        m_dropout.record(k.h, Eigen::Index(t) * B, B);
    }
    m_haveForward = true;
}

void RnnCell::backward(CellParams& p, const Matrix& x, const Matrix& dh, Matrix& dx) {
    const RnnCache& k = m_cache;
    const int H = p.hidden(), T = k.T, B = k.B;
    const Eigen::Index N = Eigen::Index(T) * B;
    checkCellBackward(m_haveForward, dh, H, T, B, "RnnCell");
    m_dz.resize(H, N);
    m_dhNext.setZero(H, B);
    for (int t = T - 1; t >= 0; --t) {
        const Eigen::Index col = Eigen::Index(t) * B;
        // dL/dh_t = (from above) + W_hᵀ dz_{t+1}
        m_dhNext += dh.middleCols(col, B);
        // (2) dL/dz_t = dL/dh_t ⊙ (1 − h_t²)
        const auto h = k.h.middleCols(col, B).array();
        auto dz = m_dz.middleCols(col, B);
        dz.array() = m_dhNext.array() * (1 - h * h);
        if (t > 0) {
            // (1) dL/dh_{t−1} = W_hᵀ dz_t (⊙ M under dropout)
            m_dhNext.noalias() = p.W_h.value.transpose() * dz;
            m_dropout.maskGradient(m_dhNext);
        }
    }
    // (1) dL/dW_h = Σ_{t≥1} dz_t h_{t−1}ᵀ (h ⊙ M under dropout);  dL/dW_x = Σ_t dz_t x_tᵀ;
    //     dL/db = Σ_t dz_t;  dL/dx = W_xᵀ dz
    accumulateCellGradients(p, x, m_dz, m_dz, m_dropout.recurrent(k.h), B, dx);
}

} // namespace ner
