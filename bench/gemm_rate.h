#pragma once
// The machine's own single-precision matrix-multiply rate through Eigen, compiled as the
// engine is (same flags, EIGEN_DONT_PARALLELIZE: one thread). The ceiling the engine's
// training FLOP rate is compared with.
#include <nlohmann/json.hpp>

namespace bench {

// GFLOP/s of C (m×n) = A (m×k) · B (k×n), 2·m·n·k FLOPs per product: the median over
// `samples` timings, each repeating the product for at least `minSeconds`.
double gemmGflops(int m, int k, int n, int samples, double minSeconds);

// Square n = 1024 and 2048, and the LSTM's own shapes: (4H × D+H)·(D+H × B) for B = 16,
// the recurrent (4H × H)·(H × 16) and the batch-1 matrix–vector (4H × H)·(H × 1).
nlohmann::json measureGemm(int samples);

} // namespace bench
