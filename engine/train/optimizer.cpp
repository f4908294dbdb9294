#include "engine/train/optimizer.h"

#include <algorithm>
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

void Sgd::apply(const std::vector<NamedParameter>& params, double lr, StepNorms* norms) {
    ensureState(m_velocity, params);
    const Scalar mu = Scalar(m_config.momentum), l2 = Scalar(m_config.l2), eta = Scalar(lr);
    for (size_t k = 0; k < params.size(); ++k) {
        Parameter& p = *params[k].parameter;
        if (l2 > 0) p.grad += l2 * p.value;
        m_velocity[k] = mu * m_velocity[k] + p.grad; // v ← μ v + g
        p.value.noalias() -= eta * m_velocity[k];    // θ ← θ − η v
        p.grad.setZero();
        if (norms) {
            norms->update[k] = double(eta) * double(eta) * double(m_velocity[k].squaredNorm());
            norms->weight[k] = double(p.value.squaredNorm());
        }
    }
}

void Adam::apply(const std::vector<NamedParameter>& params, double lr, StepNorms* norms) {
    ensureState(m_m, params);
    ensureState(m_v, params);
    ++m_t;
    const double b1 = m_config.beta1, b2 = m_config.beta2;
    // Bias corrections folded into the step size: η √(1−β₂ᵗ) / (1−β₁ᵗ).
    const Scalar eta =
        Scalar(lr * std::sqrt(1 - std::pow(b2, double(m_t))) / (1 - std::pow(b1, double(m_t))));
    const Scalar eps = Scalar(m_config.epsilon * std::sqrt(1 - std::pow(b2, double(m_t))));
    const Scalar l2 = Scalar(m_config.l2), c1 = Scalar(b1), c2 = Scalar(b2);
    for (size_t k = 0; k < params.size(); ++k) {
        Parameter& p = *params[k].parameter;
        // One pass over value, gradient and both moments, in blocks that stay in L1: the
        // update of ~400k parameters is memory-bound and a sizeable share of a batch-1 step.
        // Eigen's array ops vectorise sqrt and division (a plain loop with std::sqrt does not
        // without -fno-math-errno).
        using Block = Eigen::Map<Eigen::Array<Scalar, Eigen::Dynamic, 1>>;
        const Eigen::Index n = p.value.size(), blockSize = 2048;
        for (Eigen::Index j = 0; j < n; j += blockSize) {
            const Eigen::Index len = std::min(blockSize, n - j);
            Block w(p.value.data() + j, len), g(p.grad.data() + j, len);
            Block m(m_m[k].data() + j, len), v(m_v[k].data() + j, len);
            if (l2 > 0) g += l2 * w;
            m = c1 * m + (1 - c1) * g;     // m ← β₁ m + (1−β₁) g
            v = c2 * v + (1 - c2) * g * g; // v ← β₂ v + (1−β₂) g²
            if (norms) {
                // The same step written in two parts, so that its size can be summed; kept
                // apart from the plain path, which stays one fused expression.
                g = eta * m / (v.sqrt() + eps);
                w -= g;
                norms->update[k] += double(g.square().sum());
                norms->weight[k] += double(w.square().sum());
            } else {
                w -= eta * m / (v.sqrt() + eps);
            }
            g.setZero();
        }
    }
}

double clipGradientNorm(const std::vector<NamedParameter>& params, double maxNorm,
                        std::vector<double>* squares) {
    if (squares) squares->assign(params.size(), 0.0);
    double sq = 0;
    for (size_t k = 0; k < params.size(); ++k) {
        const double own = double(params[k].parameter->grad.squaredNorm());
        if (squares) (*squares)[k] = own;
        sq += own;
    }
    const double norm = std::sqrt(sq);
    if (maxNorm > 0 && norm > maxNorm) {
        const Scalar f = Scalar(maxNorm / norm);
        for (const NamedParameter& p : params)
            p.parameter->grad *= f;
    }
    return norm;
}

std::string optimizerName(OptimizerKind k) {
    return k == OptimizerKind::Sgd ? "sgd" : "adam";
}

} // namespace ner
