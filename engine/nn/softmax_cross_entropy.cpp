#include "engine/nn/softmax_cross_entropy.h"

#include "engine/nn/best_path.h"

#include <cmath>
#include <stdexcept>

namespace ner {

void SoftmaxCrossEntropy::probabilities(const Matrix& scores) {
    // (1) with the column maximum subtracted, so exp never overflows.
    m_p = (scores.rowwise() - scores.colwise().maxCoeff()).array().exp();
    m_p.array().rowwise() /= m_p.colwise().sum().array();
}

Scalar SoftmaxCrossEntropy::forward(const Matrix& scores, const Batch& batch) {
    probabilities(scores);
    m_batch = &batch;
    double loss = 0; // accumulate in double: a batch sums hundreds of terms
    for (int b = 0; b < batch.B; ++b)
        for (int t = 0; t < batch.lengths[size_t(b)]; ++t) {
            const int n = batch.col(t, b);
            const int y = batch.tags[size_t(n)];
            if (y < 0) throw std::invalid_argument("SoftmaxCrossEntropy: unlabelled position");
            loss -= std::log(std::max(double(m_p(y, n)), 1e-30)); // (2)
        }
    return Scalar(loss);
}

void SoftmaxCrossEntropy::backward(Scalar scale, Matrix& ds) const {
    if (!m_batch) throw std::logic_error("SoftmaxCrossEntropy::backward called without forward");
    const Batch& batch = *m_batch;
    ds.setZero(m_p.rows(), m_p.cols());
    for (int b = 0; b < batch.B; ++b)
        for (int t = 0; t < batch.lengths[size_t(b)]; ++t) {
            const int n = batch.col(t, b);
            ds.col(n) = scale * m_p.col(n); // dL/ds_n = p_n − onehot(y_n)
            ds(batch.tags[size_t(n)], n) -= scale;
        }
}

std::vector<std::vector<int>>
SoftmaxCrossEntropy::predict(const Matrix& scores, const Batch& batch,
                             const TransitionConstraints* constraints) {
    if (constraints)
        return bestPaths(scores, batch, constraints->transitions, constraints->start.col(0),
                         constraints->end.col(0));
    std::vector<std::vector<int>> out(size_t(batch.B));
    for (int b = 0; b < batch.B; ++b)
        for (int t = 0; t < batch.lengths[size_t(b)]; ++t) {
            Eigen::Index k;
            scores.col(batch.col(t, b)).maxCoeff(&k);
            out[size_t(b)].push_back(int(k));
        }
    return out;
}

} // namespace ner
