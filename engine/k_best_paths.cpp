#include "engine/k_best_paths.h"

#include "engine/tag_transitions.h"

#include <algorithm>

namespace ner {

namespace {
// A partial path ending in some tag at some position: its score and where it came from.
struct Entry {
    double score;
    int from; // tag at the previous position
    int rank; // which of that tag's entries
};

// Half of kForbidden: a path below it used a forbidden transition; no real path comes near.
constexpr double kForbiddenLine = double(TransitionConstraints::kForbidden) / 2;

bool better(const Entry& a, const Entry& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.from != b.from) return a.from < b.from;
    return a.rank < b.rank;
}
} // namespace

std::vector<ScoredPath> kBestPaths(const Matrix& u, const Matrix& A, const Vector& start,
                                   const Vector& end, int k) {
    const int K = int(u.rows()), T = int(u.cols());
    if (T == 0 || k <= 0 || K == 0) return {};
    // table[(t·K + j)]: up to k entries ending in tag j at position t, best first.
    std::vector<std::vector<Entry>> table(size_t(T) * size_t(K));
    for (int j = 0; j < K; ++j) {
        const double s = double(start(j)) + double(u(j, 0));
        if (s > kForbiddenLine) table[size_t(j)].push_back({s, -1, 0});
    }
    std::vector<Entry> candidates;
    for (int t = 1; t < T; ++t)
        for (int j = 0; j < K; ++j) {
            candidates.clear();
            for (int i = 0; i < K; ++i) {
                const auto& previous = table[size_t(t - 1) * size_t(K) + size_t(i)];
                const double step = double(A(i, j)) + double(u(j, t));
                for (int r = 0; r < int(previous.size()); ++r)
                    if (const double s = previous[size_t(r)].score + step; s > kForbiddenLine)
                        candidates.push_back({s, i, r});
            }
            const size_t keep = std::min(candidates.size(), size_t(k));
            std::partial_sort(candidates.begin(), candidates.begin() + long(keep), candidates.end(),
                              better);
            table[size_t(t) * size_t(K) + size_t(j)].assign(candidates.begin(),
                                                            candidates.begin() + long(keep));
        }
    // The last position: every entry plus its end score, k best over all tags.
    candidates.clear();
    for (int j = 0; j < K; ++j) {
        const auto& last = table[size_t(T - 1) * size_t(K) + size_t(j)];
        for (int r = 0; r < int(last.size()); ++r)
            if (const double s = last[size_t(r)].score + double(end(j)); s > kForbiddenLine)
                candidates.push_back({s, j, r}); // here `from` is the last tag itself
    }
    const size_t keep = std::min(candidates.size(), size_t(k));
    std::partial_sort(candidates.begin(), candidates.begin() + long(keep), candidates.end(),
                      better);
    std::vector<ScoredPath> paths(keep);
    for (size_t n = 0; n < keep; ++n) {
        ScoredPath& path = paths[n];
        path.score = candidates[n].score;
        path.tags.assign(size_t(T), 0);
        int tag = candidates[n].from, rank = candidates[n].rank;
        for (int t = T - 1; t >= 0; --t) {
            path.tags[size_t(t)] = tag;
            const Entry& e = table[size_t(t) * size_t(K) + size_t(tag)][size_t(rank)];
            tag = e.from;
            rank = e.rank;
        }
    }
    return paths;
}

} // namespace ner
