#include "bench/gemm_rate.h"

#include "engine/core/tensor.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace bench {

double gemmGflops(int m, int k, int n, int samples, double minSeconds) {
    using Clock = std::chrono::steady_clock;
    const ner::Matrix A = ner::Matrix::Random(m, k), B = ner::Matrix::Random(k, n);
    ner::Matrix C(m, n);
    C.noalias() = A * B; // warm-up: caches, page faults
    std::vector<double> rates;
    for (int s = 0; s < samples; ++s) {
        long repeats = 0;
        const auto start = Clock::now();
        double seconds = 0;
        do {
            C.noalias() = A * B;
            ++repeats;
            seconds = std::chrono::duration<double>(Clock::now() - start).count();
        } while (seconds < minSeconds);
        rates.push_back(2.0 * m * n * k * double(repeats) / seconds / 1e9);
    }
    // A use of C, so that the products cannot be dropped.
    if (C.sum() == ner::Scalar(1234.5)) rates.push_back(0);
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];
}

nlohmann::json measureGemm(int samples) {
    struct Shape {
        const char* name;
        int m, k, n;
        double minSeconds;
    };
    const Shape shapes[] = {
        {"square_1024", 1024, 1024, 1024, 0.3}, {"square_2048", 2048, 2048, 2048, 0.5},
        {"lstm_step_b16", 512, 228, 16, 0.2}, // [W_x W_h]·[x; h], batch 16
        {"recurrent_b16", 512, 128, 16, 0.2}, // W_h h_{t−1}, batch 16
        {"recurrent_b1", 512, 128, 1, 0.2},   // W_h h_{t−1}, batch 1 (matrix–vector)
    };
    nlohmann::json out = {{"mode", "gemm"}, {"threads", 1}, {"samples", samples}};
    for (const Shape& s : shapes)
        out["gflops"][s.name] = gemmGflops(s.m, s.k, s.n, samples, s.minSeconds);
    out["peak_gflops"] = std::max(out["gflops"]["square_1024"].get<double>(),
                                  out["gflops"]["square_2048"].get<double>());
    return out;
}

} // namespace bench
