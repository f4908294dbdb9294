#include "engine/nn/gru_cell.h"

#include "engine/nn/cell_math.h"

#include <stdexcept>

namespace ner {

using cell_math::sigmoidInPlace;
using cell_math::tanhInPlace;

GateRows GruCell::gate(int q) const {
    const Eigen::Index H = m_cache.h.rows();
    if (q >= 0 && q < 3) return {&m_cache.gates, q * H}; // r, z, n
    return {&m_cache.h, 0};
}

void GruCell::forward(const CellParams& p, const Matrix& x, int T, int B,
                      const Matrix* recurrentMask) {
    const int H = p.hidden();
    const Eigen::Index N = Eigen::Index(T) * B;
    checkCellInput(x, p.input(), T, B, "GruCell");
    if (p.b_h.value.rows() != 3 * H) throw std::logic_error("GruCell::forward: b_h is not (3H, 1)");
    GruCache& k = m_cache;
    k.T = T;
    k.B = B;
    k.gates.resize(3 * H, N);
    k.e_n.resize(H, N);
    k.h.resize(H, N);
    m_e.resize(3 * H, B);
    m_dropout.begin(recurrentMask, H, B, N, "GruCell");
    const Matrix& recurrent = m_dropout.recurrent(k.h);

    // (1), all steps at once, in the gates' place: (3H, T*B)
    k.gates.noalias() = p.W_x.value * x;
    k.gates.colwise() += p.b.value.col(0);
    for (int t = 0; t < T; ++t) {
        const Eigen::Index col = Eigen::Index(t) * B;
        // (2); with h_{-1} = 0 only the bias is left
        if (t > 0)
            m_e.noalias() = p.W_h.value * recurrent.middleCols(col - B, B);
        else
            m_e.setZero();
        m_e.colwise() += p.b_h.value.col(0);
        auto a = k.gates.middleCols(col, B); // (3H, B), becomes r, z, n
        // (3)
        a.topRows(2 * H) += m_e.topRows(2 * H);
        sigmoidInPlace(a.topRows(2 * H));
        // (4)
        k.e_n.middleCols(col, B) = m_e.bottomRows(H);
        a.bottomRows(H).array() += a.topRows(H).array() * m_e.bottomRows(H).array();
        tanhInPlace(a.bottomRows(H));
        // (5)
        const auto z = a.middleRows(H, H).array();
        const auto n = a.bottomRows(H).array();
        auto h = k.h.middleCols(col, B);
        if (t > 0)
            h.array() = (1 - z) * n + z * k.h.middleCols(col - B, B).array();
        else
            h.array() = (1 - z) * n;
        m_dropout.record(k.h, col, B);
    }
    m_haveForward = true;
}

void GruCell::backward(CellParams& p, const Matrix& x, const Matrix& dh, Matrix& dx) {
    const GruCache& k = m_cache;
    const int H = p.hidden(), T = k.T, B = k.B;
    const Eigen::Index N = Eigen::Index(T) * B;
    checkCellBackward(m_haveForward, dh, H, T, B, "GruCell");
    m_da.resize(3 * H, N);
    m_de.resize(3 * H, N);
    m_dhNext.setZero(H, B);
    m_carry.resize(H, B);

    for (int t = T - 1; t >= 0; --t) {
        const Eigen::Index col = Eigen::Index(t) * B;
        const auto gates = k.gates.middleCols(col, B);
        const auto r = gates.topRows(H).array();
        const auto z = gates.middleRows(H, H).array();
        const auto n = gates.bottomRows(H).array();
        const auto e_n = k.e_n.middleCols(col, B).array();
        auto da = m_da.middleCols(col, B);
        auto de = m_de.middleCols(col, B);

        // dL/dh_t = (from above) + what the steps after t passed back
        m_dhNext += dh.middleCols(col, B);
        const auto dht = m_dhNext.array();
        // (5),(4) dL/d(a_n + r ⊙ e_n) = dh ⊙ (1 − z) ⊙ (1 − n²)
        da.bottomRows(H).array() = dht * (1 - z) * (1 - n * n);
        const auto dn = da.bottomRows(H).array();
        // (5),(3) dL/da_z = dL/de_z = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z), with h_{−1} = 0
        if (t > 0)
            da.middleRows(H, H).array() =
                dht * (k.h.middleCols(col - B, B).array() - n) * z * (1 - z);
        else
            da.middleRows(H, H).array() = -dht * n * z * (1 - z);
        // (4),(3) dL/da_r = dL/de_r = dn ⊙ e_n ⊙ r(1 − r);  dL/de_n = dn ⊙ r
        da.topRows(H).array() = dn * e_n * r * (1 - r);
        de.topRows(2 * H) = da.topRows(2 * H);
        de.bottomRows(H).array() = dn * r;
        if (t > 0) {
            // (5) dL/dh_{t−1} = dh ⊙ z  +  (2) W_hᵀ de (⊙ M under dropout)
            m_carry.array() = dht * z;
            m_dhNext.noalias() = p.W_h.value.transpose() * de;
            m_dropout.maskGradient(m_dhNext);
            m_dhNext += m_carry;
        }
    }

    // (2) dL/db_h = Σ_t de_t — at t = 0 too, where e is b_h alone
    p.b_h.grad.col(0) += m_de.rowwise().sum();
    // (2) dL/dW_h = Σ_{t≥1} de_t h_{t−1}ᵀ (h ⊙ M under dropout);  (1) dL/dW_x = Σ_t da_t x_tᵀ;
    //     dL/db = Σ_t da_t;  dL/dx = W_xᵀ da
    accumulateCellGradients(p, x, m_da, m_de, m_dropout.recurrent(k.h), B, dx);
}

} // namespace ner
