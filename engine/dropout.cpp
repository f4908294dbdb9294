#include "engine/dropout.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace ner {

void Dropout::forward(Matrix& x, double p, Random* rng) {
    m_active = p > 0.0 && rng != nullptr;
    if (!m_active) return;
    const Scalar keep = Scalar(1.0 / (1.0 - p));
    m_mask.resize(x.rows(), x.cols());
    // Four 16-bit draws per 64-bit random number: the masks are a visible share of a
    // batch-1 step otherwise. Resolution 1/65536 in p is far finer than anyone sets it.
    const std::uint64_t threshold = std::uint64_t(p * 65536.0 + 0.5);
    Scalar* m = m_mask.data();
    const Eigen::Index n = m_mask.size();
    for (Eigen::Index k = 0; k < n; k += 4) {
        std::uint64_t bits = rng->next();
        for (Eigen::Index j = k; j < std::min(n, k + 4); ++j, bits >>= 16)
            m[j] = (bits & 0xFFFF) < threshold ? Scalar(0) : keep;
    }
    x.array() *= m_mask.array(); // (1)
}

void Dropout::backward(Matrix& dx) const {
    if (!m_active) return;
    if (dx.rows() != m_mask.rows() || dx.cols() != m_mask.cols())
        throw std::logic_error("Dropout::backward: gradient shape differs from the forward mask");
    dx.array() *= m_mask.array();
}

} // namespace ner
