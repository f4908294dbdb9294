#pragma once
// A small portable PRNG (splitmix64 seeding xoshiro256**). The standard library's
// distributions differ between implementations; ours give the same numbers on every
// machine, which is what "deterministic for a given seed" needs.
#include <cstdint>

namespace ner {

class Random {
public:
    explicit Random(std::uint64_t seed = 1);
    std::uint64_t next();
    // Uniform in [0, 1).
    double uniform();
    // Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [0, n).
    std::uint64_t below(std::uint64_t n);
    // Standard normal (Box–Muller; no cached second value, so the stream stays simple).
    double normal();

private:
    std::uint64_t m_s[4] = {};
};

} // namespace ner
