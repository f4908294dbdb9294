#pragma once
// The weights a run had after each of its epochs (epoch 0: as it started), so that the
// inspector can go back to any point of the learning curves and show how the model tagged,
// gated and saturated then. No widgets and no Qt: the charts and the inspector only ask it.
//
// Copies are shared, not duplicated: an epoch's snapshot is the same std::shared_ptr the
// epoch's message carried (and the best epoch's is also TrainingSession's m_best). A copy costs
// its parameters (2.4 MB for the built-in corpus's model), so a long run of a large model
// could outgrow memory: past the byte budget it keeps every 2nd epoch only, then every 4th,
// and so on (always with the newest and a protected one, the best), so that the whole run
// stays covered evenly at a coarser step rather than losing its start or its end.
#include "engine/model/tagger.h"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace studio {

class EpochWeights {
public:
    static constexpr std::size_t kDefaultBudget = std::size_t(512) << 20; // 512 MiB

    explicit EpochWeights(std::size_t budgetBytes = kDefaultBudget) : m_budget(budgetBytes) {}

    void clear() {
        m_kept.clear();
        m_stride = 1;
    }
    // Keeps `weights` as epoch `epoch`'s (replacing an earlier copy of that epoch); `protect`
    // names an epoch thinning must keep as well (the best one).
    void add(int epoch, std::shared_ptr<const ner::Tagger> weights,
             std::optional<int> protect = std::nullopt);

    bool empty() const { return m_kept.empty(); }
    std::vector<int> epochs() const;                        // kept, ascending
    std::shared_ptr<const ner::Tagger> at(int epoch) const; // null if not kept
    std::optional<int> nearest(int epoch) const;            // the kept epoch closest to it
    // The kept epoch `delta` places after (or before) `from`, clamped to the first and last.
    std::optional<int> step(int from, int delta) const;
    std::size_t bytes() const; // the parameters of the distinct copies kept
    std::size_t budget() const { return m_budget; }
    int stride() const { return m_stride; } // 1 until the budget was reached

    static std::size_t bytesOf(const ner::Tagger& weights);

private:
    // Drops what the stride does not keep.
    void prune(std::optional<int> protect);

    std::size_t m_budget;
    int m_stride = 1; // epochs kept: multiples of it, the newest and the protected one
    std::map<int, std::shared_ptr<const ner::Tagger>> m_kept;
};

} // namespace studio
