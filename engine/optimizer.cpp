#include "engine/optimizer.h"

#include <cmath>

namespace ner {

std::unique_ptr<Optimizer> Optimizer::create(const OptimizerConfig& config) {
    if (config.kind == OptimizerKind::Sgd) return std::make_unique<Sgd>(config);
    return std::make_unique<Adam>(config);
}

static void ensureState(std::vector<Matrix>& state, const std::vector<NamedParameter>& params) {
    if (state.size() == params.size()) return;
    state.clear();
    for (const NamedParameter& p : params)
        state.push_back(Matrix::Zero(p.parameter->value.rows(), p.parameter->value.cols()));
}

void Sgd::step(const std::vector<NamedParameter>& params, double lr) {
    ensureState(m_velocity, params);
    const Scalar mu = Scalar(m_config.momentum), l2 = Scalar(m_config.l2), eta = Scalar(lr);
    for (size_t k = 0; k < params.size(); ++k) {
        Parameter& p = *params[k].parameter;
        if (l2 > 0) p.grad += l2 * p.value;
        m_velocity[k] = mu * m_velocity[k] + p.grad; // v ← μ v + g
        p.value.noalias() -= eta * m_velocity[k];    // θ ← θ − η v
        p.grad.setZero();
    }
}

void Adam::step(const std::vector<NamedParameter>& params, double lr) {
    ensureState(m_m, params);
    ensureState(m_v, params);
    ++m_t;
    const double b1 = m_config.beta1, b2 = m_config.beta2;
    // Bias corrections folded into the step size: η √(1−β₂ᵗ) / (1−β₁ᵗ).
    const Scalar eta = Scalar(lr * std::sqrt(1 - std::pow(b2, double(m_t))) /
                              (1 - std::pow(b1, double(m_t))));
    const Scalar eps = Scalar(m_config.epsilon * std::sqrt(1 - std::pow(b2, double(m_t))));
    const Scalar l2 = Scalar(m_config.l2), c1 = Scalar(b1), c2 = Scalar(b2);
    for (size_t k = 0; k < params.size(); ++k) {
        Parameter& p = *params[k].parameter;
        // One fused pass over value, gradient and both moments: at batch 1 the update of
        // ~400k parameters is a sizeable share of a step, and it is memory-bound.
        Scalar* __restrict w = p.value.data();
        Scalar* __restrict g = p.grad.data();
        Scalar* __restrict m = m_m[k].data();
        Scalar* __restrict v = m_v[k].data();
        const Eigen::Index n = p.value.size();
        for (Eigen::Index j = 0; j < n; ++j) {
            const Scalar gj = g[j] + l2 * w[j];
            m[j] = c1 * m[j] + (1 - c1) * gj;      // m ← β₁ m + (1−β₁) g
            v[j] = c2 * v[j] + (1 - c2) * gj * gj; // v ← β₂ v + (1−β₂) g²
            w[j] -= eta * m[j] / (std::sqrt(v[j]) + eps);
            g[j] = 0;
        }
    }
}

double clipGradientNorm(const std::vector<NamedParameter>& params, double maxNorm) {
    double sq = 0;
    for (const NamedParameter& p : params) sq += double(p.parameter->grad.squaredNorm());
    const double norm = std::sqrt(sq);
    if (maxNorm > 0 && norm > maxNorm) {
        const Scalar f = Scalar(maxNorm / norm);
        for (const NamedParameter& p : params) p.parameter->grad *= f;
    }
    return norm;
}

std::string optimizerName(OptimizerKind k) { return k == OptimizerKind::Sgd ? "sgd" : "adam"; }

} // namespace ner
