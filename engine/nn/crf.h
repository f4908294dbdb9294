#pragma once
// Linear-chain CRF over tag scores.
//
// For one sequence with scores s_t (K) and tags y:
//   (1) score(y) = start[y_0] + Σ_t s_t[y_t] + Σ_{t≥1} A[y_{t−1}, y_t] + end[y_{T−1}]
//   (2) log Z    = log Σ_y exp score(y)            (forward algorithm)
//   (3) L        = Σ_sequences (log Z − score(gold))
//   (4) dL/ds_t[j]   = P(y_t = j) − [gold_t = j]                    (unary marginals)
//   (5) dL/dA[i, j]  = Σ_t P(y_{t−1} = i, y_t = j) − #gold(i → j)    (pairwise marginals)
//   (6) dL/dstart[j] = P(y_0 = j) − [gold_0 = j];  dL/dend likewise at the last position
// Forward–backward runs in scaled probability space (each step's vector renormalised,
// the logs of the scales summed), so that every step of the batch is one (K×K)·(K×B)
// product instead of K² log-sum-exps.
#include "engine/core/parameter.h"
#include "engine/data/batch.h"
#include "engine/nn/tag_transitions.h"

#include <vector>

namespace ner {

struct CrfParams {
    Parameter transitions; // (K, K): A[from, to]
    Parameter start;       // (K, 1)
    Parameter end;         // (K, 1)
};

class Crf {
public:
    // (3), keeping the marginals for backward. batch.tags must be set at real positions.
    Scalar forward(const CrfParams& p, const Matrix& scores, const Batch& batch);
    // Accumulates scale·(5),(6) into p's gradients and writes ds = scale·(4).
    void backward(CrfParams& p, Scalar scale, Matrix& ds);

    // Unary marginals P(y_t = j) (K, T*B) without gold tags, and log Z per sequence; with
    // constraints, over the allowed paths only (the distribution constrained decoding uses).
    void marginals(const CrfParams& p, const Matrix& scores, const Batch& batch,
                   const TransitionConstraints* constraints = nullptr);
    const Matrix& unaryMarginals() const { return m_marginal; }
    const std::vector<double>& logPartition() const { return m_logZ; }

    // Best path per sequence (max-sum over (1)); with constraints, the best allowed path.
    static std::vector<std::vector<int>>
    viterbi(const CrfParams& p, const Matrix& scores, const Batch& batch,
            const TransitionConstraints* constraints = nullptr);
    // (1) for given tags of sequence b.
    static double pathScore(const CrfParams& p, const Matrix& scores, const Batch& batch, int b,
                            const std::vector<int>& tags);

private:
    void forwardBackward(const CrfParams& p, const Matrix& scores, const Batch& batch,
                         const TransitionConstraints* constraints);

    // The recursions run in double whatever Scalar is: a scaled step underflows once the
    // spread of transition scores exceeds ~87 in float (e^−87 ≈ FLT_MIN), ~700 in double.
    using MatrixD = Eigen::MatrixXd;
    const Batch* m_batch = nullptr;
    bool m_haveGold = false;
    MatrixD m_expA;             // (K, K): exp(A − max A)
    MatrixD m_expS;             // (K, T*B): exp(s_t − max_j s_t[j])
    MatrixD m_alpha;            // (K, T*B): scaled forward vectors
    MatrixD m_beta;             // (K, T*B): scaled backward vectors
    Matrix m_marginal;          // (K, T*B): P(y_t = j)
    MatrixD m_pairwise;         // (K, K): Σ_t P(y_{t−1} = i, y_t = j)
    MatrixD m_work;             // (K, B)
    std::vector<double> m_logZ; // (B)
};

} // namespace ner
