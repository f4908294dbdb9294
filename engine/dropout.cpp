#include "engine/dropout.h"

#include <stdexcept>

namespace ner {

void Dropout::forward(Matrix& x, double p, Random* rng) {
    m_active = p > 0.0 && rng != nullptr;
    if (!m_active) return;
    const Scalar keep = Scalar(1.0 / (1.0 - p));
    m_mask.resize(x.rows(), x.cols());
    Scalar* m = m_mask.data();
    for (Eigen::Index k = 0; k < m_mask.size(); ++k) m[k] = rng->uniform() < p ? Scalar(0) : keep;
    x.array() *= m_mask.array(); // (1)
}

void Dropout::backward(Matrix& dx) const {
    if (!m_active) return;
    if (dx.rows() != m_mask.rows() || dx.cols() != m_mask.cols())
        throw std::logic_error("Dropout::backward: gradient shape differs from the forward mask");
    dx.array() *= m_mask.array();
}

} // namespace ner
