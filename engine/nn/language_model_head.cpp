#include "engine/nn/language_model_head.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace ner {

std::vector<int> nextCharacterTargets(const Batch& batch, bool forward) {
    std::vector<int> targets(size_t(batch.T) * size_t(batch.B), -1);
    for (int b = 0; b < batch.B; ++b) {
        const int len = batch.lengths[size_t(b)];
        for (int t = 0; t < len; ++t) {
            const int next = forward ? t + 1 : t - 1;
            if (next >= 0 && next < len)
                targets[size_t(batch.col(t, b))] = batch.tokens[size_t(batch.col(next, b))];
        }
    }
    return targets;
}

double LanguageModelHead::forward(const LanguageModelParams& p, const Matrix& h,
                                  std::vector<int> targets) {
    if (targets.size() != size_t(h.cols()))
        throw std::logic_error("LanguageModelHead::forward: one target per column expected");
    m_h = &h;
    m_targets = std::move(targets);    // kept for backward
    Linear::forward(p.hidden, h, m_m); // (1)
    m_m = m_m.array().tanh();
    Linear::forward(p.output, m_m, m_s); // (2)
    m_softmax.probabilities(m_s);
    const Matrix& prob = m_softmax.probabilities();
    double loss = 0;
    for (size_t n = 0; n < m_targets.size(); ++n)
        if (m_targets[n] >= 0)
            loss -= std::log(std::max(double(prob(m_targets[n], Eigen::Index(n))), 1e-30)); // (3)
    return loss;
}

void LanguageModelHead::backward(LanguageModelParams& p, Scalar scale, Matrix& dh) {
    if (!m_h) throw std::logic_error("LanguageModelHead::backward called without forward");
    const Matrix& prob = m_softmax.probabilities();
    // (3),(2) dL/ds_n = p_n − onehot(y_n) where there is a target, 0 elsewhere
    m_ds.setZero(prob.rows(), prob.cols());
    for (size_t n = 0; n < m_targets.size(); ++n)
        if (m_targets[n] >= 0) {
            m_ds.col(Eigen::Index(n)) = scale * prob.col(Eigen::Index(n));
            m_ds(m_targets[n], Eigen::Index(n)) -= scale;
        }
    Linear::backward(p.output, m_m, m_ds, m_dm);
    // (1) dL/dz = dL/dm ⊙ (1 − m²)
    m_dm.array() *= 1 - m_m.array().square();
    Linear::backward(p.hidden, *m_h, m_dm, dh);
    m_h = nullptr;
}

} // namespace ner
