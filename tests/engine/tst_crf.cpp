// The CRF against brute-force enumeration of all K^T tag paths: log Z per sequence, unary
// marginals, Viterbi and the loss, on single sequences and padded batches, with ordinary and
// large-magnitude (±50) scores. Constrained decoding against the same enumeration restricted
// to the paths tag_transitions.h allows, judged from the tag names, not from the masks; and
// a softmax tagger's constrained decoding against the allowed path with the highest Σ log p.
//
// This file is built twice: tst_crf against ner_engine_f64 and tst_crf_float against the
// float ner_engine (the product's precision). The reference is always computed in double
// from the very values the engine sees, so only the engine's own rounding is measured.
#include "engine/core/random.h"
#include "engine/nn/crf.h"
#include "engine/nn/softmax_cross_entropy.h"
#include "engine/nn/tag_transitions.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
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

using PathFilter = std::function<bool(const std::vector<int>&)>;

// Every path of sequence b (that keep accepts), enumerated in double: score (1), log-sum-exp,
// marginals, argmax.
Reference bruteForce(const CrfParams& p, const Matrix& s, const Batch& batch, int b,
                     const PathFilter& keep = {}) {
    const int len = batch.lengths[size_t(b)];
    const int K = int(s.rows());
    std::vector<int> path(size_t(len), 0);
    std::vector<double> scores;
    std::vector<std::vector<int>> paths;
    for (;;) {
        if (keep && !keep(path)) {
            int t = 0;
            while (t < len && ++path[size_t(t)] == K)
                path[size_t(t++)] = 0;
            if (t == len) break;
            continue;
        }
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

CrfParams randomParams(int K, double magnitude, Random& rng) {
    CrfParams p;
    p.transitions.resize(K, K);
    p.start.resize(K, 1);
    p.end.resize(K, 1);
    p.transitions.value = uniform(K, K, magnitude, rng);
    p.start.value = uniform(K, 1, magnitude, rng);
    p.end.value = uniform(K, 1, magnitude, rng);
    return p;
}

// Whether a path of tag ids is one the scheme can write (tag_transitions.h, on the names).
bool pathAllowed(const std::vector<int>& path, const std::vector<std::string>& tags,
                 TagScheme scheme) {
    std::vector<std::string> named;
    for (int k : path)
        named.push_back(tags[size_t(k)]);
    return sequenceAllowed(named, scheme);
}

enum class Case { Random, Adversarial };

// One row of constrainedMatchesBruteForceOverAllowedPaths_data, fetched in the test running.
struct SchemeCase {
    std::vector<std::string> names;
    TagScheme scheme;
    std::vector<int> lengths;
    int seed;
};

SchemeCase fetchSchemeCase() {
    QFETCH(QStringList, tags);
    QFETCH(int, scheme);
    QFETCH(std::vector<int>, lengths);
    QFETCH(int, seed);
    SchemeCase c{{}, TagScheme(scheme), lengths, seed};
    for (const QString& t : tags)
        c.names.push_back(t.toStdString());
    return c;
}

} // namespace

Q_DECLARE_METATYPE(Case)

class TestCrf : public QObject {
    Q_OBJECT

private slots:
    void matchesBruteForce_data();
    void matchesBruteForce();
    void viterbiIgnoresPadding();
    void constrainedMatchesBruteForceOverAllowedPaths_data();
    void constrainedMatchesBruteForceOverAllowedPaths();
    void constraintsOverruleTransitionScores();
    void softmaxConstrainedIsTheMostProbableAllowedPath_data();
    void softmaxConstrainedIsTheMostProbableAllowedPath();
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
    CrfParams p = randomParams(K, magnitude, rng);
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
    const CrfParams p = randomParams(K, 2, rng);
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

void TestCrf::constrainedMatchesBruteForceOverAllowedPaths_data() {
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<int>("scheme");
    QTest::addColumn<std::vector<int>>("lengths");
    QTest::addColumn<int>("seed");
    const QStringList bioes{"O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "E-LOC", "S-LOC"};
    const QStringList bio{"O", "B-PER", "I-PER", "B-LOC", "I-LOC"};
    const QStringList bmes{"O", "B-ORG", "M-ORG", "E-ORG", "S-ORG"};
    for (int seed = 1; seed <= 3; ++seed) {
        QTest::addRow("BIOES lengths 1 4 2 3, seed %d", seed)
            << bioes << int(TagScheme::Bioes) << std::vector<int>{1, 4, 2, 3} << seed;
        QTest::addRow("BIO lengths 5 1 3, seed %d", seed)
            << bio << int(TagScheme::Bio) << std::vector<int>{5, 1, 3} << seed;
        QTest::addRow("BMES lengths 2 5, seed %d", seed)
            << bmes << int(TagScheme::Bmes) << std::vector<int>{2, 5} << seed;
    }
}

void TestCrf::constrainedMatchesBruteForceOverAllowedPaths() {
    const SchemeCase c = fetchSchemeCase();
    const int K = int(c.names.size());
    Random rng(std::uint64_t(c.seed) * 104729 + std::uint64_t(K));
    const Batch batch = randomBatch(c.lengths, K, rng);
    // ±3: forbidden paths often score best, so an unmasked decoder would be caught.
    const CrfParams p = randomParams(K, 3.0, rng);
    const Matrix scores = uniform(K, Eigen::Index(batch.T) * batch.B, 3.0, rng);
    const TransitionConstraints constraints = TransitionConstraints::forTags(c.names, c.scheme);

    Crf crf;
    crf.marginals(p, scores, batch, &constraints);
    const auto paths = Crf::viterbi(p, scores, batch, &constraints);
    const auto freePaths = Crf::viterbi(p, scores, batch);
    int freeForbidden = 0;
    for (int b = 0; b < batch.B; ++b) {
        const Reference ref = bruteForce(p, scores, batch, b, [&](const std::vector<int>& path) {
            return pathAllowed(path, c.names, c.scheme);
        });
        const double logZ = crf.logPartition()[size_t(b)];
        QVERIFY2(std::abs(logZ - ref.logZ) <= kLogZRelative * std::max(1.0, std::abs(ref.logZ)),
                 qPrintable(QString("sequence %1: constrained log Z %2, brute force %3")
                                .arg(b)
                                .arg(logZ, 0, 'g', 17)
                                .arg(ref.logZ, 0, 'g', 17)));
        for (int t = 0; t < c.lengths[size_t(b)]; ++t)
            for (int j = 0; j < K; ++j) {
                const double m = double(crf.unaryMarginals()(j, batch.col(t, b)));
                QVERIFY2(std::abs(m - ref.marginal[size_t(t)][size_t(j)]) <= kMarginalAbs,
                         qPrintable(QString("P(y_%1 = %2) of sequence %3: %4, brute force %5")
                                        .arg(t)
                                        .arg(QString::fromStdString(c.names[size_t(j)]))
                                        .arg(b)
                                        .arg(m)
                                        .arg(ref.marginal[size_t(t)][size_t(j)])));
            }
        const std::vector<int>& path = paths[size_t(b)];
        QVERIFY(pathAllowed(path, c.names, c.scheme));
        const double score = Crf::pathScore(p, scores, batch, b, path);
        const double tolerance = kLogZRelative * std::max(1.0, std::abs(ref.bestScore));
        QVERIFY(std::abs(score - ref.bestScore) <= tolerance);
        if (ref.bestScore - ref.secondScore > 2 * tolerance) QCOMPARE(path, ref.best);
        if (!pathAllowed(freePaths[size_t(b)], c.names, c.scheme)) ++freeForbidden;
    }
    // The case is only informative if free decoding goes wrong somewhere in it.
    if (c.seed == 1) QVERIFY2(freeForbidden > 0, "free Viterbi found only allowed paths here");
}

void TestCrf::constraintsOverruleTransitionScores() {
    // A model that has learnt to prefer "B-PER E-LOC" still decodes a well-formed path, and
    // the constrained marginals give the forbidden reading no mass at all.
    const std::vector<std::string> names{"O", "B-PER", "E-PER", "B-LOC", "E-LOC"};
    const int K = int(names.size());
    Random rng(5);
    Batch batch = randomBatch({2}, K, rng);
    CrfParams p = randomParams(K, 0.0, rng);
    p.transitions.value(1, 4) = 20; // B-PER → E-LOC
    Matrix scores = Matrix::Zero(K, 2);
    scores(1, 0) = 5; // B-PER first
    scores(4, 1) = 5; // E-LOC second
    QCOMPARE(Crf::viterbi(p, scores, batch).front(), (std::vector<int>{1, 4}));
    const TransitionConstraints c = TransitionConstraints::forTags(names, TagScheme::Bioes);
    const std::vector<int> path = Crf::viterbi(p, scores, batch, &c).front();
    QVERIFY(pathAllowed(path, names, TagScheme::Bioes));
    // Of length 2 only "O O", "B-PER E-PER" and "B-LOC E-LOC" are allowed, so each B- is
    // exactly as likely as its E-; free marginals put most of B-PER's mass on E-LOC instead.
    Crf crf;
    crf.marginals(p, scores, batch, &c);
    const Matrix& m = crf.unaryMarginals();
    QVERIFY(std::isfinite(crf.logPartition().front()));
    QVERIFY(std::abs(double(m(1, 0)) - double(m(2, 1))) <= kMarginalAbs);
    QVERIFY(std::abs(double(m(3, 0)) - double(m(4, 1))) <= kMarginalAbs);
    // The two entity readings score 5 each, "O O" 0: e^5 / (2 e^5 + 1) apiece.
    const double expected = std::exp(5.0) / (2 * std::exp(5.0) + 1);
    QVERIFY(std::abs(double(m(1, 0)) - expected) <= kMarginalAbs);
    crf.marginals(p, scores, batch);
    QVERIFY(double(crf.unaryMarginals()(4, 1)) > 0.9);
}

void TestCrf::softmaxConstrainedIsTheMostProbableAllowedPath_data() {
    constrainedMatchesBruteForceOverAllowedPaths_data();
}

void TestCrf::softmaxConstrainedIsTheMostProbableAllowedPath() {
    // Decoding takes logits; the reference maximises Σ_t log softmax(s_t)[y_t], computed in
    // double, over the allowed paths: a chain with no transition scores over log p.
    const SchemeCase c = fetchSchemeCase();
    const int K = int(c.names.size());
    Random rng(std::uint64_t(c.seed) * 7877 + std::uint64_t(K));
    const Batch batch = randomBatch(c.lengths, K, rng);
    const Matrix logits = uniform(K, Eigen::Index(batch.T) * batch.B, 3.0, rng);
    Eigen::MatrixXd logP = logits.cast<double>();
    for (Eigen::Index n = 0; n < logP.cols(); ++n) {
        const double top = logP.col(n).maxCoeff();
        logP.col(n).array() -= top + std::log((logP.col(n).array() - top).exp().sum());
    }
    const CrfParams none = randomParams(K, 0.0, rng); // all zero
    const TransitionConstraints constraints = TransitionConstraints::forTags(c.names, c.scheme);

    SoftmaxCrossEntropy softmax;
    const auto paths = softmax.predict(logits, batch, &constraints);
    const auto freePaths = softmax.predict(logits, batch);
    int freeForbidden = 0;
    for (int b = 0; b < batch.B; ++b) {
        const Reference ref =
            bruteForce(none, logP.cast<Scalar>(), batch, b, [&](const std::vector<int>& path) {
                return pathAllowed(path, c.names, c.scheme);
            });
        const std::vector<int>& path = paths[size_t(b)];
        QCOMPARE(int(path.size()), c.lengths[size_t(b)]);
        QVERIFY(pathAllowed(path, c.names, c.scheme));
        double logProbability = 0;
        for (int t = 0; t < c.lengths[size_t(b)]; ++t)
            logProbability += logP(path[size_t(t)], batch.col(t, b));
        const double tolerance = kLogZRelative * std::max(1.0, std::abs(ref.bestScore)) +
                                 (kDouble ? 0.0 : 1e-5 * c.lengths[size_t(b)]);
        QVERIFY2(std::abs(logProbability - ref.bestScore) <= tolerance,
                 qPrintable(QString("sequence %1: log p %2 of the decoded path, best allowed %3")
                                .arg(b)
                                .arg(logProbability, 0, 'g', 12)
                                .arg(ref.bestScore, 0, 'g', 12)));
        if (ref.bestScore - ref.secondScore > 2 * tolerance) QCOMPARE(path, ref.best);
        // Free decoding is each position's argmax.
        for (int t = 0; t < c.lengths[size_t(b)]; ++t) {
            Eigen::Index k;
            logits.col(batch.col(t, b)).maxCoeff(&k);
            QCOMPARE(freePaths[size_t(b)][size_t(t)], int(k));
        }
        if (!pathAllowed(freePaths[size_t(b)], c.names, c.scheme)) ++freeForbidden;
    }
    if (c.seed == 1)
        QVERIFY2(freeForbidden > 0, "per-character argmax gave only allowed paths here");
}

QTEST_APPLESS_MAIN(TestCrf)
#include "tst_crf.moc"
