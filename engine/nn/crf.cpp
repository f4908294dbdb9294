#include "engine/nn/crf.h"

#include "engine/nn/best_path.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace ner {

void Crf::forwardBackward(const CrfParams& p, const Matrix& scores, const Batch& batch,
                          const TransitionConstraints* constraints) {
    using VectorD = Eigen::VectorXd;
    const int B = batch.B, T = batch.T;
    const Eigen::Index K = scores.rows(), N = scores.cols();
    const MatrixD s = scores.cast<double>();
    MatrixD A = p.transitions.value.cast<double>();
    VectorD start = p.start.value.col(0).cast<double>(), end = p.end.value.col(0).cast<double>();
    if (constraints) { // forbidden entries become exp(≈ −1e9) = 0 below
        A += constraints->transitions.cast<double>();
        start += constraints->start.col(0).cast<double>();
        end += constraints->end.col(0).cast<double>();
    }
    const double maxA = A.maxCoeff();
    const double maxEnd = end.maxCoeff();
    m_expA = (A.array() - maxA).exp();
    const VectorD expEnd = (end.array() - maxEnd).exp();
    m_expS.resize(K, N);
    m_alpha.resize(K, N);
    m_beta.resize(K, N);
    m_marginal.resize(K, N);
    m_logZ.assign(size_t(B), 0.0);
    std::vector<double>& logScale = m_logZ; // running Σ log(scale) per sequence

    // exp(s − column max): the maxima go into logScale as each step is absorbed.
    const Eigen::RowVectorXd colMax = s.colwise().maxCoeff();
    m_expS = (s.rowwise() - colMax).array().exp();

    // Forward: α_0 = exp(start + s_0); α_t = (Aᵀ α_{t−1}) ⊙ exp(s_t), renormalised.
    for (int b = 0; b < B; ++b) {
        const VectorD first = start + s.col(b); // start + s_0
        const double m = first.maxCoeff();
        const VectorD a = (first.array() - m).exp().matrix();
        const double z = a.sum();
        m_alpha.col(b) = a / z;
        logScale[size_t(b)] = double(m) + std::log(double(z));
    }
    for (int t = 1; t < T; ++t) {
        auto prev = m_alpha.middleCols(Eigen::Index(t - 1) * B, B);
        auto cur = m_alpha.middleCols(Eigen::Index(t) * B, B);
        cur.noalias() = m_expA.transpose() * prev;
        cur.array() *= m_expS.middleCols(Eigen::Index(t) * B, B).array();
        for (int b = 0; b < B; ++b) {
            const int n = batch.col(t, b);
            if (!batch.real(t, b)) {
                m_alpha.col(n) = m_alpha.col(n - B); // carry: padding leaves α untouched
                continue;
            }
            const double z = m_alpha.col(n).sum();
            m_alpha.col(n) /= z;
            logScale[size_t(b)] += double(maxA) + double(colMax(n)) + std::log(double(z));
        }
    }
    // log Z = log Σ_j α_last[j] exp(end_j), with the scales added back. (2)
    for (int b = 0; b < B; ++b) {
        const int last = batch.col(batch.lengths[size_t(b)] - 1, b);
        const double tail = double(m_alpha.col(last).dot(expEnd));
        m_logZ[size_t(b)] = logScale[size_t(b)] + std::log(tail) + double(maxEnd);
    }

    // Backward: β_last = exp(end); β_t = A (exp(s_{t+1}) ⊙ β_{t+1}), renormalised.
    m_work.resize(K, B);
    for (int t = T - 1; t >= 0; --t) {
        auto cur = m_beta.middleCols(Eigen::Index(t) * B, B);
        if (t < T - 1) {
            m_work = m_expS.middleCols(Eigen::Index(t + 1) * B, B)
                         .cwiseProduct(m_beta.middleCols(Eigen::Index(t + 1) * B, B));
            cur.noalias() = m_expA * m_work;
        }
        for (int b = 0; b < B; ++b) {
            const int len = batch.lengths[size_t(b)];
            if (t >= len)
                cur.col(b).setZero(); // padding: contributes nothing
            else if (t == len - 1)
                cur.col(b) = expEnd / expEnd.sum();
            else
                cur.col(b) /= cur.col(b).sum();
        }
    }

    // (4) unary marginals: P(y_t = j) ∝ α_t[j] β_t[j].
    MatrixD marginal = m_alpha.cwiseProduct(m_beta);
    for (int b = 0; b < B; ++b)
        for (int t = 0; t < T; ++t) {
            const int n = batch.col(t, b);
            if (batch.real(t, b))
                marginal.col(n) /= marginal.col(n).sum();
            else
                marginal.col(n).setZero();
        }
    m_marginal = marginal.cast<Scalar>();
}

void Crf::marginals(const CrfParams& p, const Matrix& scores, const Batch& batch,
                    const TransitionConstraints* constraints) {
    forwardBackward(p, scores, batch, constraints);
    m_batch = &batch;
    m_haveGold = false;
}

Scalar Crf::forward(const CrfParams& p, const Matrix& scores, const Batch& batch) {
    forwardBackward(p, scores, batch, nullptr); // training scores every path
    m_batch = &batch;
    m_haveGold = true;
    double loss = 0;
    std::vector<int> gold;
    for (int b = 0; b < batch.B; ++b) {
        gold.clear();
        for (int t = 0; t < batch.lengths[size_t(b)]; ++t) {
            const int y = batch.tags[size_t(batch.col(t, b))];
            if (y < 0) throw std::invalid_argument("Crf::forward: unlabelled position");
            gold.push_back(y);
        }
        loss += m_logZ[size_t(b)] - pathScore(p, scores, batch, b, gold); // (3)
    }

    // (5) pairwise marginals summed over steps t ≥ 1:
    //   P(i → j at t) = α_{t−1}[i] A[i,j] e_t[j] β_t[j] / Σ_ij(...)
    // = A ⊙ (α_{t−1} v_tᵀ) with v_t = e_t ⊙ β_t / (α_{t−1}ᵀ A (e_t ⊙ β_t)); all steps in one
    // product.
    const int B = batch.B, T = batch.T;
    const Eigen::Index K = scores.rows();
    m_pairwise.setZero(K, K);
    if (T > 1) {
        MatrixD v = m_expS.rightCols(Eigen::Index(T - 1) * B)
                        .cwiseProduct(m_beta.rightCols(Eigen::Index(T - 1) * B)); // (K, (T−1)B)
        const MatrixD Av = m_expA * v;
        for (Eigen::Index n = 0; n < v.cols(); ++n) {
            const int t = int(n / B) + 1, b = int(n % B);
            if (!batch.real(t, b)) {
                v.col(n).setZero();
                continue;
            }
            v.col(n) /= m_alpha.col(n).dot(Av.col(n));
        }
        m_pairwise.noalias() = m_alpha.leftCols(Eigen::Index(T - 1) * B) * v.transpose();
        m_pairwise.array() *= m_expA.array();
    }
    return Scalar(loss);
}

void Crf::backward(CrfParams& p, Scalar scale, Matrix& ds) {
    if (!m_batch || !m_haveGold) throw std::logic_error("Crf::backward called without forward");
    const Batch& batch = *m_batch;
    m_haveGold = false;                                      // one backward per forward
    ds = scale * m_marginal;                                 // (4), first half
    p.transitions.grad += scale * m_pairwise.cast<Scalar>(); // (5), first half
    for (int b = 0; b < batch.B; ++b) {
        const int len = batch.lengths[size_t(b)];
        int prev = -1;
        for (int t = 0; t < len; ++t) {
            const int n = batch.col(t, b);
            const int y = batch.tags[size_t(n)];
            ds(y, n) -= scale;
            if (prev >= 0) p.transitions.grad(prev, y) -= scale;
            prev = y;
        }
        const int first = batch.col(0, b), last = batch.col(len - 1, b);
        p.start.grad.col(0) += scale * m_marginal.col(first); // (6)
        p.start.grad(batch.tags[size_t(first)], 0) -= scale;
        p.end.grad.col(0) += scale * m_marginal.col(last);
        p.end.grad(batch.tags[size_t(last)], 0) -= scale;
    }
}

double Crf::pathScore(const CrfParams& p, const Matrix& s, const Batch& batch, int b,
                      const std::vector<int>& tags) {
    double score = p.start.value(tags.front(), 0) + p.end.value(tags.back(), 0); // (1)
    for (size_t t = 0; t < tags.size(); ++t) {
        score += s(tags[t], batch.col(int(t), b));
        if (t > 0) score += p.transitions.value(tags[t - 1], tags[t]);
    }
    return score;
}

std::vector<std::vector<int>> Crf::viterbi(const CrfParams& p, const Matrix& s, const Batch& batch,
                                           const TransitionConstraints* constraints) {
    if (!constraints)
        return bestPaths(s, batch, p.transitions.value, p.start.value.col(0), p.end.value.col(0));
    return bestPaths(s, batch, p.transitions.value + constraints->transitions,
                     p.start.value.col(0) + constraints->start.col(0),
                     p.end.value.col(0) + constraints->end.col(0));
}

} // namespace ner
