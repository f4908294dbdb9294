#include "ui/state/epoch_weights.h"

#include <algorithm>
#include <iterator>
#include <set>

namespace studio {

void EpochWeights::add(int epoch, std::shared_ptr<const ner::Tagger> weights,
                       std::optional<int> protect) {
    if (!weights) return;
    m_kept[epoch] = std::move(weights);
    prune(protect); // the newest before this one goes unless the stride keeps it
    // Once the stride passes the newest epoch only the first, the newest and the protected
    // one are left: a budget smaller than that is exceeded rather than emptied.
    while (bytes() > m_budget && m_stride <= m_kept.rbegin()->first) {
        m_stride *= 2;
        prune(protect);
    }
}

std::vector<int> EpochWeights::epochs() const {
    std::vector<int> list;
    list.reserve(m_kept.size());
    for (const auto& [epoch, weights] : m_kept)
        list.push_back(epoch);
    return list;
}

std::shared_ptr<const ner::Tagger> EpochWeights::at(int epoch) const {
    const auto it = m_kept.find(epoch);
    return it == m_kept.end() ? nullptr : it->second;
}

std::optional<int> EpochWeights::nearest(int epoch) const {
    if (m_kept.empty()) return std::nullopt;
    auto after = m_kept.lower_bound(epoch);
    if (after == m_kept.end()) return std::prev(after)->first;
    if (after == m_kept.begin()) return after->first;
    const int before = std::prev(after)->first;
    // A tie goes to the earlier epoch: it was kept because the later one's neighbour was not.
    return epoch - before <= after->first - epoch ? before : after->first;
}

std::optional<int> EpochWeights::step(int from, int delta) const {
    const std::optional<int> start = nearest(from);
    if (!start) return std::nullopt;
    const std::vector<int> list = epochs();
    const auto at = std::find(list.begin(), list.end(), *start) - list.begin();
    const auto to = std::clamp<std::ptrdiff_t>(at + delta, 0, std::ptrdiff_t(list.size()) - 1);
    return list[std::size_t(to)];
}

std::size_t EpochWeights::bytesOf(const ner::Tagger& weights) {
    return std::size_t(weights.parameterCount()) * sizeof(ner::Scalar);
}

std::size_t EpochWeights::bytes() const {
    std::set<const ner::Tagger*> distinct;
    std::size_t total = 0;
    for (const auto& [epoch, weights] : m_kept)
        if (distinct.insert(weights.get()).second) total += bytesOf(*weights);
    return total;
}

void EpochWeights::prune(std::optional<int> protect) {
    if (m_kept.empty()) return;
    const int newest = m_kept.rbegin()->first;
    for (auto it = m_kept.begin(); it != m_kept.end();) {
        const int epoch = it->first;
        const bool keep = epoch % m_stride == 0 || epoch == newest || epoch == protect;
        it = keep ? std::next(it) : m_kept.erase(it);
    }
}

} // namespace studio
