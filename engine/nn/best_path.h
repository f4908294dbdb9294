#pragma once
// Max-sum over a chain (Viterbi): per sequence, the tags y maximising
//   start[y_0] + Σ_t unary_t[y_t] + Σ_{t≥1} A[y_{t−1}, y_t] + end[y_{T−1}].
// A CRF decodes with its learnt A, start and end; a softmax tagger decodes under the tag
// scheme's constraints with its logits as the unaries (log p_t differs from s_t by a
// constant per position, so the path is the allowed one with the highest Σ log p).
#include "engine/core/tensor.h"
#include "engine/data/batch.h"

#include <vector>

namespace ner {

// unary: (K, T*B); transitions: (K, K) [from, to]; start, end: (K).
std::vector<std::vector<int>> bestPaths(const Matrix& unary, const Batch& batch,
                                        const Matrix& transitions, const Vector& start,
                                        const Vector& end);

} // namespace ner
