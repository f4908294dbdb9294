#pragma once
// Runs two independent jobs at once: the calling thread does the first, one persistent
// helper thread the second (the two directions of a bidirectional layer).
//
// Why not OpenMP: libgomp's idle threads spin for a long time by default, which on a busy
// 2-core machine starves the thread doing the work (measured: batch-1 training fell from
// ~10k to ~2k tokens/s under load). Here the helper spins only briefly (~50 µs, enough to
// catch the next time step's job) and then sleeps on an atomic wait.
#include <atomic>
#include <functional>
#include <thread>

namespace ner {

class ParallelPair {
public:
    ParallelPair();
    ~ParallelPair();
    ParallelPair(const ParallelPair&) = delete;
    ParallelPair& operator=(const ParallelPair&) = delete;

    // Returns when both have finished. Exceptions from either are rethrown here.
    void run(const std::function<void()>& first, const std::function<void()>& second);

private:
    void helperLoop();

    const std::function<void()>* m_job = nullptr;
    std::exception_ptr m_error;
    std::atomic<unsigned> m_posted{0};   // generation of the last job handed over
    std::atomic<unsigned> m_finished{0}; // generation of the last job completed
    std::atomic<bool> m_quit{false};
    // Last, and started in the constructor's body: the helper reads every member above.
    // (Started from the initialiser list while declared first, it ran before the counters
    // were initialised, and a fresh pair could hang with both threads asleep —
    // tst_parallel_pair reproduced it within 2,000 new pairs.)
    std::thread m_thread;
};

// Sets flush-to-zero and denormals-are-zero on the calling thread while in scope: Adam's
// moments of rarely seen characters decay into subnormal floats, which made its step 3×
// slower after a few hundred batches (measured). Restores the previous mode.
class FlushDenormals {
public:
    FlushDenormals();
    ~FlushDenormals();
    FlushDenormals(const FlushDenormals&) = delete;
    FlushDenormals& operator=(const FlushDenormals&) = delete;

private:
    unsigned m_saved = 0;
};

} // namespace ner
