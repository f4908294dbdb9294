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
// Why ε = 1e-6 and a tolerance of 1e-6 (double precision, u = 1.1e-16):
//   truncation error of the central difference  ≈ ε²/6 · |L'''|   ≈ 1e-13
//   rounding error                              ≈ u · |L| / ε      ≈ 1.1e-10 · |L|
// For the units (|L| ≲ 10, gradient scales 0.1–10) that is ≲ 1e-8 relative; measured
// ≤ 3e-9. A real bug (missing chain-rule term, wrong sign, off-by-one step) gives 1e-2 or more.
//
// The whole model is the exception: its loss sums every position (|L| ≈ 15–30) while the
// first layer of a two-layer stack has gradients of only ~0.007, so the rounding term alone
// reaches ~5e-7 relative: too close to 1e-6. There we take ε = 1e-4 and the fourth-order
// central difference
//   numeric_k = [8 (L(θ + ε e_k) − L(θ − ε e_k)) − (L(θ + 2ε e_k) − L(θ − 2ε e_k))] / 12ε
// whose truncation error is O(ε⁴) ≈ 1e-16 · |L⁽⁵⁾| and rounding error ≈ 1.5 u |L| / ε ≈ 5e-11:
// about 1e-8 relative at those scales, under the same 1e-6 tolerance.
#include "engine/core/random.h"
#include "engine/core/tensor.h"

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

inline constexpr double kGradTolerance = 1e-6;

// How a numeric derivative is taken (see above).
struct Difference {
    double eps = 1e-6;
    bool fourthOrder = false;
};
inline constexpr Difference kUnitDifference{1e-6, false};
inline constexpr Difference kModelDifference{1e-4, true};

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
                                Difference d = kUnitDifference) {
    Scalar* entry = value.data() + k;
    const Scalar saved = *entry;
    auto at = [&](double offset) {
        *entry = saved + offset;
        return loss();
    };
    const double first = at(d.eps) - at(-d.eps);
    double numeric = first / (2 * d.eps);
    if (d.fourthOrder) numeric = (8 * first - (at(2 * d.eps) - at(-2 * d.eps))) / (12 * d.eps);
    *entry = saved;
    return numeric;
}

// Compares analytic with the numeric gradient of loss() w.r.t. value at the given entries
// (every entry when entries is empty).
inline GradientCheck checkGradient(Matrix& value, const Matrix& analytic,
                                   const std::function<double()>& loss,
                                   std::vector<Eigen::Index> entries = {},
                                   Difference d = kUnitDifference) {
    if (entries.empty())
        for (Eigen::Index k = 0; k < value.size(); ++k)
            entries.push_back(k);
    GradientCheck check;
    for (Eigen::Index k : entries)
        check.add(k, double(analytic.data()[k]), numericDerivative(value, k, loss, d));
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
