// The CRF against brute-force enumeration of all K^T tag paths: log Z per sequence, unary
// marginals, Viterbi and the loss, on single sequences and padded batches, with ordinary and
// large-magnitude (±50) scores.
//
// This file is built twice: tst_crf against ner_engine_f64 and tst_crf_float against the
// float ner_engine (the product's precision). The reference is always computed in double
// from the very values the engine sees, so only the engine's own rounding is measured.
#include "engine/crf.h"
#include "engine/random.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

using namespace ner;

Q_DECLARE_METATYPE(std::vector<int>)

namespace {

constexpr bool kDouble = std::is_same_v<Scalar, double>;
// Tolerances. The engine's result is compared with the exact value for its (rounded) inputs.
//  double: the forward algorithm's rounding is a few ulps per step: 1e-10 leaves a wide margin.
//  float:  each step adds ~1e-7 relative error (exp, a K-term sum, renormalisation) on
//          values up to |log Z| ≈ 350 for ±50 inputs; 2e-5 relative is ~300 float ulps.
constexpr double kLogZRelative = kDouble ? 1e-10 : 2e-5;
constexpr double kMarginalAbs = kDouble ? 1e-10 : 2e-5;

struct Reference {
    double logZ = 0;
    std::vector<std::vector<double>> marginal; // [t][j]
    std::vector<int> best;                     // argmax path
    double bestScore = -std::numeric_limits<double>::infinity();
    double secondScore = -std::numeric_limits<double>::infinity();
};

// Every path of sequence b, enumerated in double: score (1), log-sum-exp, marginals, argmax.
Reference bruteForce(const CrfParams& p, const Matrix& s, const Batch& batch, int b) {
    const int len = batch.lengths[size_t(b)];
    const int K = int(s.rows());
    std::vector<int> path(size_t(len), 0);
    std::vector<double> scores;
    std::vector<std::vector<int>> paths;
    for (;;) {
        double score = double(p.start.value(path.front(), 0)) + double(p.end.value(path.back(), 0));
        for (int t = 0; t < len; ++t) {
            score += double(s(path[size_t(t)], batch.col(t, b)));
            if (t > 0) score += double(p.transitions.value(path[size_t(t - 1)], path[size_t(t)]));
        }
        scores.push_back(score);
        paths.push_back(path);
        int t = 0; // next path, odometer order
        while (t < len && ++path[size_t(t)] == K)
            path[size_t(t++)] = 0;
        if (t == len) break;
    }
    Reference r;
    const double top = *std::max_element(scores.begin(), scores.end());
    double sum = 0;
    for (double x : scores)
        sum += std::exp(x - top);
    r.logZ = top + std::log(sum);
    r.marginal.assign(size_t(len), std::vector<double>(size_t(K), 0.0));
    for (size_t n = 0; n < paths.size(); ++n) {
        const double prob = std::exp(scores[n] - r.logZ);
        for (int t = 0; t < len; ++t)
            r.marginal[size_t(t)][size_t(paths[n][size_t(t)])] += prob;
        if (scores[n] > r.bestScore) {
            r.secondScore = r.bestScore;
            r.bestScore = scores[n];
            r.best = paths[n];
        } else if (scores[n] > r.secondScore) {
            r.secondScore = scores[n];
        }
    }
    return r;
}

Batch randomBatch(const std::vector<int>& lengths, int K, Random& rng) {
    Batch batch;
    batch.B = int(lengths.size());
    batch.T = *std::max_element(lengths.begin(), lengths.end());
    batch.lengths = lengths;
    batch.tokens.assign(size_t(batch.T) * size_t(batch.B), 0);
    batch.tags.assign(size_t(batch.T) * size_t(batch.B), -1);
    for (int b = 0; b < batch.B; ++b)
        for (int t = 0; t < lengths[size_t(b)]; ++t)
            batch.tags[size_t(batch.col(t, b))] = int(rng.below(std::uint64_t(K)));
    return batch;
}

Matrix uniform(Eigen::Index rows, Eigen::Index cols, double limit, Random& rng) {
    Matrix m(rows, cols);
    for (Eigen::Index k = 0; k < m.size(); ++k)
        m.data()[k] = Scalar(rng.uniform(-limit, limit));
    return m;
}

enum class Case { Random, Adversarial };

} // namespace

Q_DECLARE_METATYPE(Case)

class TestCrf : public QObject {
    Q_OBJECT

private slots:
    void matchesBruteForce_data();
    void matchesBruteForce();
    void viterbiIgnoresPadding();
};

void TestCrf::matchesBruteForce_data() {
    QTest::addColumn<int>("K");
    QTest::addColumn<std::vector<int>>("lengths");
    QTest::addColumn<double>("magnitude"); // inputs uniform in ±magnitude
    QTest::addColumn<Case>("kind");
    QTest::addColumn<int>("seed");
    for (int seed = 1; seed <= 3; ++seed) {
        for (int K : {3, 4})
            for (int T = 1; T <= 5; ++T)
                QTest::addRow("K=%d T=%d seed %d", K, T, seed)
                    << K << std::vector<int>{T} << 2.0 << Case::Random << seed;
        QTest::addRow("padded K=4 lengths 5 2 4 1 3, seed %d", seed)
            << 4 << std::vector<int>{5, 2, 4, 1, 3} << 2.0 << Case::Random << seed;
        QTest::addRow("padded K=3 lengths 1 5, seed %d", seed)
            << 3 << std::vector<int>{1, 5} << 2.0 << Case::Random << seed;
        QTest::addRow("±50 K=3 lengths 4 1 3, seed %d", seed)
            << 3 << std::vector<int>{4, 1, 3} << 50.0 << Case::Random << seed;
        QTest::addRow("±50 K=4 lengths 5 3, seed %d", seed)
            << 4 << std::vector<int>{5, 3} << 50.0 << Case::Random << seed;
    }
    // The largest transition (+50) is never reachable from where the probability mass is,
    // so rescaling by max A alone leaves every candidate at e^−100 relative to it.
    QTest::newRow("±50 adversarial K=3 lengths 5 2")
        << 3 << std::vector<int>{5, 2} << 50.0 << Case::Adversarial << 1;
    QTest::newRow("±50 adversarial K=4 lengths 4")
        << 4 << std::vector<int>{4} << 50.0 << Case::Adversarial << 2;
}

void TestCrf::matchesBruteForce() {
    QFETCH(int, K);
    QFETCH(std::vector<int>, lengths);
    QFETCH(double, magnitude);
    QFETCH(Case, kind);
    QFETCH(int, seed);
    Random rng(std::uint64_t(seed) * 7919 + std::uint64_t(K) * 31 + lengths.size());
    const Batch batch = randomBatch(lengths, K, rng);
    CrfParams p;
    p.transitions.resize(K, K);
    p.start.resize(K, 1);
    p.end.resize(K, 1);
    p.transitions.value = uniform(K, K, magnitude, rng);
    p.start.value = uniform(K, 1, magnitude, rng);
    p.end.value = uniform(K, 1, magnitude, rng);
    Matrix scores = uniform(K, Eigen::Index(batch.T) * batch.B, magnitude, rng);
    if (kind == Case::Adversarial) {
        // Everything starts in tag 0; leaving 0 costs −50 to any tag; only K−1 → K−1 is +50.
        p.transitions.value.setConstant(Scalar(-magnitude));
        p.transitions.value(K - 1, K - 1) = Scalar(magnitude);
        p.start.value.setConstant(Scalar(-magnitude));
        p.start.value(0, 0) = Scalar(magnitude);
        p.end.value.setZero();
        scores.setZero();
        for (int b = 0; b < batch.B; ++b)
            scores(0, batch.col(0, b)) = Scalar(magnitude);
    }

    Crf crf;
    crf.marginals(p, scores, batch);
    const std::vector<std::vector<int>> viterbi = Crf::viterbi(p, scores, batch);
    QCOMPARE(int(crf.logPartition().size()), batch.B);
    QCOMPARE(int(viterbi.size()), batch.B);
    double expectedLoss = 0;
    for (int b = 0; b < batch.B; ++b) {
        const Reference ref = bruteForce(p, scores, batch, b);
        const double logZ = crf.logPartition()[size_t(b)];
        QVERIFY2(std::isfinite(logZ),
                 qPrintable(QString("log Z of sequence %1 is %2").arg(b).arg(logZ)));
        QVERIFY2(std::abs(logZ - ref.logZ) <= kLogZRelative * std::max(1.0, std::abs(ref.logZ)),
                 qPrintable(QString("sequence %1: log Z %2, brute force %3")
                                .arg(b)
                                .arg(logZ, 0, 'g', 17)
                                .arg(ref.logZ, 0, 'g', 17)));
        for (int t = 0; t < batch.T; ++t)
            for (int j = 0; j < K; ++j) {
                const double m = double(crf.unaryMarginals()(j, batch.col(t, b)));
                const double expected =
                    t < lengths[size_t(b)] ? ref.marginal[size_t(t)][size_t(j)] : 0.0;
                QVERIFY2(std::abs(m - expected) <= kMarginalAbs,
                         qPrintable(QString("P(y_%1 = %2) of sequence %3: %4, brute force %5")
                                        .arg(t)
                                        .arg(j)
                                        .arg(b)
                                        .arg(m, 0, 'g', 12)
                                        .arg(expected, 0, 'g', 12)));
            }
        // Viterbi: the argmax path, unless two paths tie within rounding (then its score must
        // still be the best one).
        const std::vector<int>& path = viterbi[size_t(b)];
        QCOMPARE(int(path.size()), lengths[size_t(b)]);
        const double pathScore = Crf::pathScore(p, scores, batch, b, path);
        const double scoreTolerance = kLogZRelative * std::max(1.0, std::abs(ref.bestScore));
        QVERIFY(std::abs(pathScore - ref.bestScore) <= scoreTolerance);
        if (ref.bestScore - ref.secondScore > 2 * scoreTolerance) QCOMPARE(path, ref.best);

        std::vector<int> gold;
        for (int t = 0; t < lengths[size_t(b)]; ++t)
            gold.push_back(batch.tags[size_t(batch.col(t, b))]);
        expectedLoss += ref.logZ - Crf::pathScore(p, scores, batch, b, gold);
    }
    // The loss (3) over the batch.
    Crf withGold;
    const double loss = double(withGold.forward(p, scores, batch));
    double scale = 0;
    for (int b = 0; b < batch.B; ++b)
        scale += std::abs(crf.logPartition()[size_t(b)]);
    QVERIFY2(std::abs(loss - expectedLoss) <= kLogZRelative * std::max(1.0, scale),
             qPrintable(QString("loss %1, brute force %2")
                            .arg(loss, 0, 'g', 17)
                            .arg(expectedLoss, 0, 'g', 17)));
}

void TestCrf::viterbiIgnoresPadding() {
    // Whatever the scores at padded positions, the paths and log Z are those of the real part.
    Random rng(99);
    const int K = 4;
    const Batch batch = randomBatch({2, 5, 3}, K, rng);
    CrfParams p;
    p.transitions.resize(K, K);
    p.start.resize(K, 1);
    p.end.resize(K, 1);
    p.transitions.value = uniform(K, K, 2, rng);
    p.start.value = uniform(K, 1, 2, rng);
    p.end.value = uniform(K, 1, 2, rng);
    Matrix scores = uniform(K, Eigen::Index(batch.T) * batch.B, 2, rng);
    Crf crf;
    crf.marginals(p, scores, batch);
    const auto paths = Crf::viterbi(p, scores, batch);
    const std::vector<double> logZ = crf.logPartition();
    for (int b = 0; b < batch.B; ++b)
        for (int t = batch.lengths[size_t(b)]; t < batch.T; ++t)
            scores.col(batch.col(t, b)).setConstant(Scalar(40 * (t + 1)));
    crf.marginals(p, scores, batch);
    QCOMPARE(Crf::viterbi(p, scores, batch), paths);
    for (int b = 0; b < batch.B; ++b)
        QVERIFY(std::abs(crf.logPartition()[size_t(b)] - logZ[size_t(b)]) <=
                kLogZRelative * std::max(1.0, std::abs(logZ[size_t(b)])));
}

QTEST_APPLESS_MAIN(TestCrf)
#include "tst_crf.moc"
