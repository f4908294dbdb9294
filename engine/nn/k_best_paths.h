#pragma once
// The k highest-scoring paths of one chain (list Viterbi): for unaries u (K, T),
//   score(y) = start[y_0] + Σ_t u_t[y_t] + Σ_{t≥1} A[y_{t−1}, y_t] + end[y_{T−1}]
// as in best_path.h, but keeping at each position, for each tag, the k best partial paths
// that end there instead of one. Viterbi answers "which path?"; the k best answer "what did
// it nearly say?", which is what the inspector's readings show.
//
// Paths that use a forbidden transition (a TransitionConstraints mask, kForbidden ≈ −1e9)
// are never returned, so under constraints fewer than k paths may come back.
// Cost: O(T · K² · k log k) time and one O(T · K · k) table, allocated once.
#include "engine/core/tensor.h"

#include <vector>

namespace ner {

struct ScoredPath {
    std::vector<int> tags; // T tag ids
    double score = 0;      // score(y) above
};

// unary: (K, T) of one sequence; transitions: (K, K) [from, to]; start, end: (K).
// Best first; ties keep the lower tag ids (at the last position first) ahead. T = 0 or k ≤ 0
// gives no path.
std::vector<ScoredPath> kBestPaths(const Matrix& unary, const Matrix& transitions,
                                   const Vector& start, const Vector& end, int k);

} // namespace ner
