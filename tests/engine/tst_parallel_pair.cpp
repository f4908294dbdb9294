// ParallelPair hands every job over and back: fresh pairs (the helper thread racing the
// constructor), many hand-overs around the ~50 µs spin limit (where the helper goes to sleep),
// and exceptions from either side. A lost hand-over hangs, and ctest's timeout fails it: a
// lost wake-up (see wake() in parallel_pair.cpp) hung 1 run in 60 while two trainings loaded
// both cores, and none in 270 runs with the fence.
#include "engine/core/parallel_pair.h"

#include <QtTest>

#include <chrono>
#include <stdexcept>

using namespace ner;

namespace {
void busyFor(std::chrono::microseconds d) {
    const auto end = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < end) {
    }
}
} // namespace

class TestParallelPair : public QObject {
    Q_OBJECT

private slots:
    void freshPairsRunTheirFirstJobs();
    void everyHandOverAroundTheSpinLimitReturns();
    void exceptionsFromEitherSideAreRethrown();
};

void TestParallelPair::freshPairsRunTheirFirstJobs() {
    // A new pair is what a new TaggerNetwork creates (the CLI's test evaluation, the
    // studio's inspector): its helper must start only after the pair is whole.
    int first = 0, second = 0;
    for (int k = 0; k < 2000; ++k) {
        ParallelPair pair;
        pair.run([&] { ++first; }, [&] { ++second; });
        if (k % 2) pair.run([&] { ++first; }, [&] { ++second; });
    }
    QCOMPARE(first, 3000);
    QCOMPARE(second, 3000);
}

void TestParallelPair::everyHandOverAroundTheSpinLimitReturns() {
    ParallelPair pair;
    long first = 0, second = 0;
    const std::chrono::microseconds waits[] = {std::chrono::microseconds(0),
                                               std::chrono::microseconds(40),
                                               std::chrono::microseconds(120)};
    for (int k = 0; k < 6000; ++k) {
        // Either side may be the slow one, so both threads both spin and sleep.
        const auto a = waits[k % 3], b = waits[(k / 3) % 3];
        pair.run(
            [&] {
                busyFor(a);
                ++first;
            },
            [&] {
                busyFor(b);
                ++second;
            });
        QCOMPARE(second, first); // the helper's job finished before run returned
    }
    QCOMPARE(first, 6000L);
}

void TestParallelPair::exceptionsFromEitherSideAreRethrown() {
    ParallelPair pair;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                             pair.run([] { throw std::runtime_error("first"); }, [] {}));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                             pair.run([] {}, [] { throw std::runtime_error("second"); }));
    // Still usable afterwards. One counter per side: the two run at the same time, and a
    // shared int lost an increment under load (1 run in 112).
    int ranFirst = 0, ranSecond = 0;
    pair.run([&] { ++ranFirst; }, [&] { ++ranSecond; });
    QCOMPARE(ranFirst, 1);
    QCOMPARE(ranSecond, 1);
}

QTEST_APPLESS_MAIN(TestParallelPair)
#include "tst_parallel_pair.moc"
