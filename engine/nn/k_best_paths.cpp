#include "engine/nn/k_best_paths.h"

#include "engine/nn/tag_transitions.h"

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
    // One flat table, allocated once: cell (t, j) holds up to k entries ending in tag j at
    // position t, best first, at entries[((t·K + j)·k ...], its count in counts[t·K + j].
    const size_t cells = size_t(T) * size_t(K);
    std::vector<Entry> entries(cells * size_t(k));
    std::vector<int> counts(cells, 0);
    auto cell = [&](int t, int j) { return size_t(t) * size_t(K) + size_t(j); };
    for (int j = 0; j < K; ++j)
        if (const double s = double(start(j)) + double(u(j, 0)); s > kForbiddenLine) {
            entries[cell(0, j) * size_t(k)] = {s, -1, 0};
            counts[cell(0, j)] = 1;
        }
    std::vector<Entry> candidates;
    candidates.reserve(size_t(K) * size_t(k));
    auto keepBest = [&](Entry* out) {
        const size_t keep = std::min(candidates.size(), size_t(k));
        std::partial_sort(candidates.begin(), candidates.begin() + long(keep), candidates.end(),
                          better);
        std::copy(candidates.begin(), candidates.begin() + long(keep), out);
        return int(keep);
    };
    for (int t = 1; t < T; ++t)
        for (int j = 0; j < K; ++j) {
            candidates.clear();
            for (int i = 0; i < K; ++i) {
                const Entry* previous = &entries[cell(t - 1, i) * size_t(k)];
                const double step = double(A(i, j)) + double(u(j, t));
                for (int r = 0; r < counts[cell(t - 1, i)]; ++r)
                    if (const double s = previous[r].score + step; s > kForbiddenLine)
                        candidates.push_back({s, i, r});
            }
            counts[cell(t, j)] = keepBest(&entries[cell(t, j) * size_t(k)]);
        }
    // The last position: every entry plus its end score, k best over all tags.
    candidates.clear();
    for (int j = 0; j < K; ++j)
        for (int r = 0; r < counts[cell(T - 1, j)]; ++r)
            if (const double s =
                    entries[cell(T - 1, j) * size_t(k) + size_t(r)].score + double(end(j));
                s > kForbiddenLine)
                candidates.push_back({s, j, r}); // here `from` is the last tag itself
    std::vector<Entry> last(static_cast<size_t>(k));
    last.resize(size_t(keepBest(last.data())));
    std::vector<ScoredPath> paths(last.size());
    for (size_t n = 0; n < last.size(); ++n) {
        ScoredPath& path = paths[n];
        path.score = last[n].score;
        path.tags.assign(size_t(T), 0);
        int tag = last[n].from, rank = last[n].rank;
        for (int t = T - 1; t >= 0; --t) {
            path.tags[size_t(t)] = tag;
            const Entry& e = entries[cell(t, tag) * size_t(k) + size_t(rank)];
            tag = e.from;
            rank = e.rank;
        }
    }
    return paths;
}

} // namespace ner
