#pragma once
// Independent per-position softmax over tags, with cross-entropy against the gold tag.
//   (1) p_n = softmax(s_n)                 s, p: (K, T*B)
//   (2) L = Σ_{real n} −log p_n[y_n]
//   dL/ds_n = p_n − onehot(y_n) at real positions, 0 at padding
#include "engine/core/tensor.h"
#include "engine/data/batch.h"
#include "engine/nn/tag_transitions.h"

#include <vector>

namespace ner {

class SoftmaxCrossEntropy {
public:
    // Computes p and returns L (2). batch.tags must be set at real positions.
    Scalar forward(const Matrix& scores, const Batch& batch);
    // ds = scale · dL/ds.
    void backward(Scalar scale, Matrix& ds) const;
    // p for the last forward or probabilities() call.
    const Matrix& probabilities() const { return m_p; }
    // (1) only, for tagging.
    void probabilities(const Matrix& scores);
    // argmax_k p_n[k] per real position, one vector per sequence; with constraints, the
    // allowed sequence with the highest Σ_n log p_n[y_n] (best_path.h).
    std::vector<std::vector<int>> predict(const Matrix& scores, const Batch& batch,
                                          const TransitionConstraints* constraints = nullptr);

private:
    Matrix m_p;
    const Batch* m_batch = nullptr;
};

} // namespace ner
