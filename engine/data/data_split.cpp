#include "engine/data/data_split.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace ner {

namespace {

// splitmix64, private to the split on purpose: a saved seed must keep naming the same split
// even if the engine's general-purpose generator (engine/core/random.h) is ever changed.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n), n > 0; rejection sampling removes the modulo bias.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        std::uint64_t r = next();
        while (r >= limit)
            r = next();
        return r % n;
    }

private:
    std::uint64_t m_state;
};

} // namespace

DataSplit splitDataset(std::vector<Sentence> sentences, std::uint64_t seed) {
    SplitMix64 random(seed);
    for (std::size_t i = sentences.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(random.below(i));
        std::swap(sentences[i - 1], sentences[j]);
    }
    const std::size_t n = sentences.size();
    const std::size_t held = n < 3 ? 0 : std::max<std::size_t>(1, n / 10);
    const auto trainEnd = sentences.begin() + static_cast<std::ptrdiff_t>(n - 2 * held);
    const auto devEnd = trainEnd + static_cast<std::ptrdiff_t>(held);
    DataSplit split;
    split.train.assign(std::make_move_iterator(sentences.begin()),
                       std::make_move_iterator(trainEnd));
    split.dev.assign(std::make_move_iterator(trainEnd), std::make_move_iterator(devEnd));
    split.test.assign(std::make_move_iterator(devEnd), std::make_move_iterator(sentences.end()));
    return split;
}

} // namespace ner
