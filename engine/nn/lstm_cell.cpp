#include "engine/nn/lstm_cell.h"

#include "engine/nn/cell_math.h"

#include <stdexcept>

namespace ner {

using cell_math::sigmoidInPlace;
using cell_math::tanhInPlace;

GateRows LstmCell::gate(int q) const {
    const Eigen::Index H = m_cache.h.rows();
    if (q >= 0 && q < 4) return {&m_cache.gates, q * H}; // i, f, g, o
    if (q == 4) return {&m_cache.c, 0};
    return {&m_cache.h, 0};
}

void LstmCell::forward(const CellParams& p, const Matrix& x, int T, int B,
                       const Matrix* recurrentMask) {
    const int H = p.hidden();
    const Eigen::Index N = Eigen::Index(T) * B;
    checkCellInput(x, p.input(), T, B, "LstmCell");
    LstmCache& k = m_cache;
    k.T = T;
    k.B = B;
    k.gates.resize(4 * H, N);
    k.c.resize(H, N);
    k.tanh_c.resize(H, N);
    k.h.resize(H, N);
    m_dropout.begin(recurrentMask, H, B, N, "LstmCell");
    // The recurrent input of step t: h_{t-1}, or h_{t-1} ⊙ M (1').
    const Matrix& recurrent = m_dropout.recurrent(k.h);

    // (1), input half, all steps at once: Z = W_x X + b.    (4H, T*B)
    k.gates.noalias() = p.W_x.value * x;
    k.gates.colwise() += p.b.value.col(0);

    for (int t = 0; t < T; ++t) {
        auto z = k.gates.middleCols(Eigen::Index(t) * B, B); // (4H, B)
        if (t > 0) z.noalias() += p.W_h.value * recurrent.middleCols(Eigen::Index(t - 1) * B, B);
        // (2)
        sigmoidInPlace(z.topRows(2 * H));    // i, f
        tanhInPlace(z.middleRows(2 * H, H)); // g
        sigmoidInPlace(z.bottomRows(H));     // o
        auto i = z.topRows(H).array();
        auto f = z.middleRows(H, H).array();
        auto g = z.middleRows(2 * H, H).array();
        auto o = z.bottomRows(H).array();
        auto c = k.c.middleCols(Eigen::Index(t) * B, B);
        // (3)
        if (t > 0)
            c.array() = f * k.c.middleCols(Eigen::Index(t - 1) * B, B).array() + i * g;
        else
            c.array() = i * g;
        // (4)
        auto tc = k.tanh_c.middleCols(Eigen::Index(t) * B, B);
        tc.array() = c.array().tanh();
        k.h.middleCols(Eigen::Index(t) * B, B).array() = o * tc.array();
        m_dropout.record(k.h, Eigen::Index(t) * B, B);
    }
    m_haveForward = true;
}

void LstmCell::backward(CellParams& p, const Matrix& x, const Matrix& dh, Matrix& dx) {
    const LstmCache& k = m_cache;
    const int H = p.hidden(), T = k.T, B = k.B;
    const Eigen::Index N = Eigen::Index(T) * B;
    checkCellBackward(m_haveForward, dh, H, T, B, "LstmCell");
    m_dz.resize(4 * H, N);
    m_dhNext.setZero(H, B);
    m_dcNext.setZero(H, B);
    m_dc.resize(H, B);

    for (int t = T - 1; t >= 0; --t) {
        const Eigen::Index col = Eigen::Index(t) * B;
        const auto gates = k.gates.middleCols(col, B);
        const auto i = gates.topRows(H).array();
        const auto f = gates.middleRows(H, H).array();
        const auto g = gates.middleRows(2 * H, H).array();
        const auto o = gates.bottomRows(H).array();
        const auto tc = k.tanh_c.middleCols(col, B).array();
        auto dz = m_dz.middleCols(col, B);

        // dL/dh_t = (from above) + W_hᵀ dz_{t+1}
        m_dhNext += dh.middleCols(col, B);
        const auto dht = m_dhNext.array();
        // (4) dL/do = dh ⊙ tanh(c);  dL/dz_o = dL/do ⊙ o(1−o)
        dz.bottomRows(H).array() = dht * tc * o * (1 - o);
        // (4),(3) dL/dc_t = dL/dc_{t+1} ⊙ f_{t+1} + dh ⊙ o ⊙ (1 − tanh²c)
        m_dc.array() = m_dcNext.array() + dht * o * (1 - tc * tc);
        const auto dc = m_dc.array();
        // (3) dL/dz_i = dc ⊙ g ⊙ i(1−i);  dL/dz_g = dc ⊙ i ⊙ (1−g²)
        dz.topRows(H).array() = dc * g * i * (1 - i);
        dz.middleRows(2 * H, H).array() = dc * i * (1 - g * g);
        // (3) dL/dz_f = dc ⊙ c_{t−1} ⊙ f(1−f), with c_{−1} = 0
        if (t > 0)
            dz.middleRows(H, H).array() = dc * k.c.middleCols(col - B, B).array() * f * (1 - f);
        else
            dz.middleRows(H, H).setZero();
        // carry to t−1
        m_dcNext.array() = dc * f;
        if (t > 0) {
            m_dhNext.noalias() = p.W_h.value.transpose() * dz;
            m_dropout.maskGradient(m_dhNext); // (1')
        }
    }

    // (1) dL/dW_h = Σ_{t≥1} dz_t h_{t−1}ᵀ (h ⊙ M under (1'));  dL/dW_x = Σ_t dz_t x_tᵀ;
    //     dL/db = Σ_t dz_t;  dL/dx = W_xᵀ dz
    accumulateCellGradients(p, x, m_dz, m_dz, m_dropout.recurrent(k.h), B, dx);
}

} // namespace ner
