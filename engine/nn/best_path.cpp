#include "engine/nn/best_path.h"

namespace ner {

std::vector<std::vector<int>> bestPaths(const Matrix& s, const Batch& batch, const Matrix& A,
                                        const Vector& start, const Vector& end) {
    const Eigen::Index K = s.rows();
    std::vector<std::vector<int>> paths(size_t(batch.B));
    Vector delta(K), next(K);
    std::vector<int> back; // (K, T) backpointers, column-major
    for (int b = 0; b < batch.B; ++b) {
        const int len = batch.lengths[size_t(b)];
        if (len == 0) continue;
        back.assign(size_t(K) * size_t(len), 0);
        delta = start + s.col(batch.col(0, b));
        for (int t = 1; t < len; ++t) {
            for (Eigen::Index j = 0; j < K; ++j) {
                Eigen::Index best;
                next(j) = (delta + A.col(j)).maxCoeff(&best);
                back[size_t(t) * size_t(K) + size_t(j)] = int(best);
            }
            delta = next + s.col(batch.col(t, b));
        }
        Eigen::Index last;
        (delta + end).maxCoeff(&last);
        std::vector<int>& path = paths[size_t(b)];
        path.assign(size_t(len), 0);
        path[size_t(len - 1)] = int(last);
        for (int t = len - 1; t > 0; --t)
            path[size_t(t - 1)] = back[size_t(t) * size_t(K) + size_t(path[size_t(t)])];
    }
    return paths;
}

} // namespace ner
