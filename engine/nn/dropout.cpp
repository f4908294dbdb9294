#include "engine/nn/dropout.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace ner {

namespace {
// Fills m[0..n) with 0 (probability p) or 1/(1 − p). Four 16-bit draws per 64-bit random
// number: the masks are a visible share of a batch-1 step otherwise. Resolution 1/65536 in
// p is far finer than anyone sets it.
void fillMask(Scalar* m, Eigen::Index n, double p, Random& rng) {
    const Scalar keep = Scalar(1.0 / (1.0 - p));
    const std::uint64_t threshold = std::uint64_t(p * 65536.0 + 0.5);
    for (Eigen::Index k = 0; k < n; k += 4) {
        std::uint64_t bits = rng.next();
        for (Eigen::Index j = k; j < std::min(n, k + 4); ++j, bits >>= 16)
            m[j] = (bits & 0xFFFF) < threshold ? Scalar(0) : keep;
    }
}
} // namespace

void drawDropoutMask(Matrix& mask, Eigen::Index rows, Eigen::Index cols, double p, Random& rng) {
    mask.resize(rows, cols);
    fillMask(mask.data(), mask.size(), p, rng);
}

void Dropout::forward(Matrix& x, double p, Random* rng, int sequences) {
    m_active = p > 0.0 && rng != nullptr;
    if (!m_active) return;
    if (sequences > 0 && x.cols() % sequences != 0)
        throw std::logic_error("Dropout::forward: columns are not a whole number of time steps");
    const Eigen::Index drawn = sequences > 0 ? sequences : x.cols();
    m_mask.resize(x.rows(), x.cols());
    fillMask(m_mask.data(), x.rows() * drawn, p, *rng); // the first `drawn` columns
    // Per sequence: the first B columns (t = 0) hold the draws; copy them to every step.
    for (Eigen::Index c = drawn; c < x.cols(); c += drawn)
        m_mask.middleCols(c, drawn) = m_mask.leftCols(drawn);
    x.array() *= m_mask.array(); // (1)
}

void Dropout::backward(Matrix& dx) const {
    if (!m_active) return;
    if (dx.rows() != m_mask.rows() || dx.cols() != m_mask.cols())
        throw std::logic_error("Dropout::backward: gradient shape differs from the forward mask");
    dx.array() *= m_mask.array();
}

} // namespace ner
