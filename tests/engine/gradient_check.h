#pragma once
// Central-difference gradient checking, for tests linked against ner_engine_f64.
//
//   numeric_k = (L(θ + ε e_k) − L(θ − ε e_k)) / 2ε
//   error     = max_k |analytic_k − numeric_k| / max(1e-8, max_k (|analytic_k| + |numeric_k|))
//
// The error is normwise per tensor: a wrong entry is measured against the tensor's own
// gradient scale, so entries that are legitimately ~0 do not turn rounding noise into a
// large ratio, while any wrong term larger than 1e-6 of the tensor's scale still fails.
//
// Why ε = 1e-6 and a tolerance of 1e-6 (double precision):
//   truncation error of the central difference  ≈ ε²/6 · |L'''|   ≈ 1e-13
//   rounding error                              ≈ u · |L| / ε      ≈ 1.1e-16 · |L| / 1e-6
// With |L| ≲ 100 in these tests the rounding term is ≲ 1e-8 absolute, against gradient
// scales of 0.1–10: the expected error is 1e-9–1e-7, well below 1e-6. A real bug (missing
// chain-rule term, wrong sign, off-by-one step) gives errors of order 1e-2 or more.
#include "engine/random.h"
#include "engine/tensor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

static_assert(std::is_same_v<ner::Scalar, double>,
              "gradient checks need the double-precision engine (link ner_engine_f64)");

namespace ner::test {

inline constexpr double kGradEps = 1e-6;
inline constexpr double kGradTolerance = 1e-6;

struct GradientCheck {
    double error = 0;        // the normwise relative error above
    double maxAbsDiff = 0;   // max_k |analytic_k − numeric_k|
    double scale = 0;        // max_k (|analytic_k| + |numeric_k|)
    Eigen::Index worst = -1; // entry with the largest difference
    int checked = 0;

    void add(Eigen::Index k, double analytic, double numeric) {
        const double diff = std::abs(analytic - numeric);
        if (worst < 0 || diff > maxAbsDiff) {
            maxAbsDiff = diff;
            worst = k;
        }
        scale = std::max(scale, std::abs(analytic) + std::abs(numeric));
        error = maxAbsDiff / std::max(1e-8, scale);
        ++checked;
    }
    std::string describe(const std::string& name) const {
        char text[200];
        std::snprintf(
            text, sizeof text,
            ": relative error %.2e (max |diff| %.2e at entry %ld, scale %.3g, %d entries)", error,
            maxAbsDiff, long(worst), scale, checked);
        return name + text;
    }
};

// Central difference of loss() w.r.t. value(k), restoring value(k) afterwards.
inline double numericDerivative(Matrix& value, Eigen::Index k, const std::function<double()>& loss,
                                double eps = kGradEps) {
    Scalar* entry = value.data() + k;
    const Scalar saved = *entry;
    *entry = saved + eps;
    const double plus = loss();
    *entry = saved - eps;
    const double minus = loss();
    *entry = saved;
    return (plus - minus) / (2 * eps);
}

// Compares analytic with the numeric gradient of loss() w.r.t. value at the given entries
// (every entry when entries is empty).
inline GradientCheck checkGradient(Matrix& value, const Matrix& analytic,
                                   const std::function<double()>& loss,
                                   std::vector<Eigen::Index> entries = {}) {
    if (entries.empty())
        for (Eigen::Index k = 0; k < value.size(); ++k)
            entries.push_back(k);
    GradientCheck check;
    for (Eigen::Index k : entries)
        check.add(k, double(analytic.data()[k]), numericDerivative(value, k, loss));
    return check;
}

// Up to maxNonZero entries where the analytic gradient is non-zero and up to maxZero where
// it is exactly zero (those must be numerically zero too), drawn without replacement.
inline std::vector<Eigen::Index> sampleEntries(const Matrix& analytic, int maxNonZero, int maxZero,
                                               Random& rng) {
    std::vector<Eigen::Index> nonZero, zero;
    for (Eigen::Index k = 0; k < analytic.size(); ++k)
        (analytic.data()[k] != 0 ? nonZero : zero).push_back(k);
    auto take = [&rng](std::vector<Eigen::Index>& from, int n) {
        for (size_t k = from.size(); k > 1; --k)
            std::swap(from[k - 1], from[rng.below(k)]);
        from.resize(std::min(from.size(), size_t(n)));
    };
    take(nonZero, maxNonZero);
    take(zero, maxZero);
    nonZero.insert(nonZero.end(), zero.begin(), zero.end());
    std::sort(nonZero.begin(), nonZero.end());
    return nonZero;
}

inline Matrix uniformMatrix(Eigen::Index rows, Eigen::Index cols, double limit, Random& rng) {
    Matrix m(rows, cols);
    for (Eigen::Index k = 0; k < m.size(); ++k)
        m.data()[k] = rng.uniform(-limit, limit);
    return m;
}

inline Matrix normalMatrix(Eigen::Index rows, Eigen::Index cols, double sigma, Random& rng) {
    Matrix m(rows, cols);
    for (Eigen::Index k = 0; k < m.size(); ++k)
        m.data()[k] = sigma * rng.normal();
    return m;
}

// Σ_k w_k a_k, the linear loss used to probe layers whose output is a matrix.
inline double dot(const Matrix& w, const Matrix& a) {
    return (w.array() * a.array()).sum();
}

} // namespace ner::test
