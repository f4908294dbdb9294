#include "engine/core/parallel_pair.h"

#include <chrono>
#if defined(__SSE__) || defined(__x86_64__)
#include <immintrin.h>
#define NER_HAVE_MXCSR 1
#endif

namespace ner {

namespace {
// Waits until `value` differs from `seen`: spins ~50 µs, then sleeps in atomic::wait.
unsigned waitForChange(const std::atomic<unsigned>& value, unsigned seen) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    for (int spin = 0;; ++spin) {
        const unsigned now = value.load(std::memory_order_acquire);
        if (now != seen) return now;
#ifdef NER_HAVE_MXCSR
        _mm_pause();
#endif
        if ((spin & 63) == 63 && std::chrono::steady_clock::now() > deadline) break;
    }
    value.wait(seen, std::memory_order_acquire);
    return value.load(std::memory_order_acquire);
}

// Wakes the thread waiting for `value`, which the caller has just changed. libstdc++'s
// notify_one skips the futex wake when its count of sleeping waiters reads 0, and that read
// may pass the caller's store to `value` (store→load reordering, even on x86, where a
// release store is a plain mov): the other thread can then register as a waiter and go to
// sleep on the old value with nobody left to wake it. Under load tst_parallel_pair hung in 1
// of 60 runs that way. The fence keeps the store before the read.
void wake(std::atomic<unsigned>& value) {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    value.notify_one();
}
} // namespace

ParallelPair::ParallelPair() {
    m_thread = std::thread([this] { helperLoop(); });
}

ParallelPair::~ParallelPair() {
    m_quit.store(true);
    m_posted.fetch_add(1, std::memory_order_release);
    wake(m_posted);
    m_thread.join();
}

void ParallelPair::helperLoop() {
    FlushDenormals ftz;
    unsigned seen = 0;
    for (;;) {
        seen = waitForChange(m_posted, seen);
        if (m_quit.load()) return;
        try {
            (*m_job)();
        } catch (...) {
            m_error = std::current_exception();
        }
        m_finished.store(seen, std::memory_order_release);
        wake(m_finished);
    }
}

void ParallelPair::run(const std::function<void()>& first, const std::function<void()>& second) {
    m_job = &second;
    m_error = nullptr;
    const unsigned generation = m_posted.fetch_add(1, std::memory_order_release) + 1;
    wake(m_posted);
    std::exception_ptr firstError;
    try {
        first();
    } catch (...) {
        firstError = std::current_exception();
    }
    unsigned done = m_finished.load(std::memory_order_acquire);
    while (done != generation)
        done = waitForChange(m_finished, done);
    if (firstError) std::rethrow_exception(firstError);
    if (m_error) std::rethrow_exception(m_error);
}

FlushDenormals::FlushDenormals() {
#ifdef NER_HAVE_MXCSR
    m_saved = _mm_getcsr();
    _mm_setcsr(m_saved | 0x8040); // FTZ (bit 15) | DAZ (bit 6)
#endif
}

FlushDenormals::~FlushDenormals() {
#ifdef NER_HAVE_MXCSR
    _mm_setcsr(m_saved);
#endif
}

} // namespace ner
