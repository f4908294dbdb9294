// A sentence's readings against brute-force enumeration of every tag path: kBestPaths on
// random chains, free and under a scheme's constraints (judged from the tag names, not from
// the masks); readingChanges and describeChanges on hand-worked span lists; and the readings
// TaggerNetwork::analyse reports, their probabilities recomputed from the model's own loss of
// each path (loss(y) = −log P(y): log Z − score(y) for a CRF, Σ_t −log p_t(y_t) for softmax).
//
// This file is built twice: tst_tag_readings against ner_engine_f64 and tst_tag_readings_float
// against the float ner_engine (the product's precision). References are computed in double
// from the very values the engine sees, so only the engine's own rounding is measured.
#include "engine/analysis/gold_standing.h"
#include "engine/core/random.h"
#include "engine/data/tag_readings.h"
#include "engine/model/tagger_network.h"
#include "engine/nn/k_best_paths.h"
#include "engine/nn/tag_transitions.h"
#include "test_sentences.h"
#include "tiny_model.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <type_traits>
#include <vector>

using namespace ner;
using namespace ner::test;

Q_DECLARE_METATYPE(std::vector<ner::Span>)
Q_DECLARE_METATYPE(std::vector<ner::ReadingChange>)
Q_DECLARE_METATYPE(ner::OutputLayer)

namespace {

constexpr bool kDouble = std::is_same_v<Scalar, double>;
// Tolerances.
//  Path scores: kBestPaths and the reference add the same 2T+1 terms (Scalar values, exact in
//  double) in double, in other orders: a few ulps of |score| ≲ 30. 1e-12 is ~10⁴ ulps.
constexpr double kScoreTolerance = 1e-12;
//  Reading probabilities against exp(−loss), relative. double: both a few ulps deep in log P,
//  1e-9 leaves a wide margin. float: the loss comes back rounded to float (|loss| ≲ 30, so
//  ~2e-6 in log P) and the softmax's log p_t are float: 2e-5.
constexpr double kProbabilityRelative = kDouble ? 1e-9 : 2e-5;
//  Against the probabilities SentenceAnalysis lists, which are float whatever Scalar is
//  (6e-8 relative each): sums of readings (≤ 1, absolute) and products over ≤ 4 characters
//  (relative) stay well below 1e-6; float adds the readings' own 2e-5.
constexpr double kListedTolerance = kDouble ? 1e-6 : 2e-5;

bool scoresMatch(double a, double b) {
    return std::abs(a - b) <= kScoreTolerance * std::max({1.0, std::abs(a), std::abs(b)});
}

bool relativelyNear(double a, double b, double relative) {
    return std::abs(a - b) <= relative * std::max(std::abs(a), std::abs(b));
}

// One chain's inputs to kBestPaths: unary (K, T), transitions (K, K), start and end (K).
struct Chain {
    Matrix unary, transitions;
    Vector start, end;
};

Matrix uniform(Eigen::Index rows, Eigen::Index cols, double limit, Random& rng) {
    Matrix m(rows, cols);
    for (Eigen::Index k = 0; k < m.size(); ++k)
        m.data()[k] = Scalar(rng.uniform(-limit, limit));
    return m;
}

Chain randomChain(int K, int T, double limit, Random& rng) {
    return {uniform(K, T, limit, rng), uniform(K, K, limit, rng), uniform(K, 1, limit, rng),
            uniform(K, 1, limit, rng)};
}

// score(y) of k_best_paths.h, in double.
double chainScore(const Chain& c, const std::vector<int>& y) {
    double s = double(c.start(y.front())) + double(c.end(y.back()));
    for (size_t t = 0; t < y.size(); ++t) {
        s += double(c.unary(y[t], Eigen::Index(t)));
        if (t > 0) s += double(c.transitions(y[t - 1], y[t]));
    }
    return s;
}

// Calls visit on every path of T tags out of K (odometer order).
void forEachPath(int K, int T, const std::function<void(const std::vector<int>&)>& visit) {
    std::vector<int> y(size_t(T), 0);
    for (;;) {
        visit(y);
        int t = 0;
        while (t < T && ++y[size_t(t)] == K)
            y[size_t(t++)] = 0;
        if (t == T) return;
    }
}

using PathFilter = std::function<bool(const std::vector<int>&)>;

// Every path that keep accepts, with its score, best first.
std::vector<ScoredPath> bruteForce(const Chain& c, const PathFilter& keep = {}) {
    std::vector<ScoredPath> all;
    forEachPath(int(c.unary.rows()), int(c.unary.cols()), [&](const std::vector<int>& y) {
        if (!keep || keep(y)) all.push_back({y, chainScore(c, y)});
    });
    std::stable_sort(all.begin(), all.end(),
                     [](const ScoredPath& a, const ScoredPath& b) { return a.score > b.score; });
    return all;
}

// Empty when `got` is the k best of `ranked`: as many as asked for or as exist, distinct, each
// scored as the chain scores it, the n-th scored as the n-th best (whatever the order among
// exact ties) and, where its score is clearly apart from its neighbours', that very path.
QString kBestMismatch(const std::vector<ScoredPath>& got, const std::vector<ScoredPath>& ranked,
                      int k, const Chain& c) {
    const size_t expected = std::min(ranked.size(), size_t(k));
    if (got.size() != expected)
        return QString("%1 paths, expected %2").arg(got.size()).arg(expected);
    std::set<std::vector<int>> seen;
    for (size_t n = 0; n < got.size(); ++n) {
        const std::vector<int>& y = got[n].tags;
        if (y.size() != size_t(c.unary.cols())) return QString("path %1: wrong length").arg(n);
        if (!seen.insert(y).second) return QString("path %1 returned twice").arg(n);
        const double own = chainScore(c, y);
        if (!scoresMatch(got[n].score, own))
            return QString("path %1: score %2, the chain scores it %3")
                .arg(n)
                .arg(got[n].score, 0, 'g', 17)
                .arg(own, 0, 'g', 17);
        if (!scoresMatch(got[n].score, ranked[n].score))
            return QString("path %1: score %2, the %1-th best is %3")
                .arg(n)
                .arg(got[n].score, 0, 'g', 17)
                .arg(ranked[n].score, 0, 'g', 17);
        const auto apart = [&](size_t m) {
            return m >= ranked.size() ||
                   std::abs(ranked[m].score - ranked[n].score) > 1e-9 * std::abs(ranked[n].score);
        };
        if ((n == 0 || apart(n - 1)) && apart(n + 1) && y != ranked[n].tags)
            return QString("path %1 is not the %1-th best").arg(n);
    }
    return {};
}

std::vector<std::string> names(const std::vector<int>& y, const std::vector<std::string>& tags) {
    std::vector<std::string> out;
    for (int k : y)
        out.push_back(tags[size_t(k)]);
    return out;
}

Span span(int begin, int end, const char* type) {
    return {begin, end, type};
}

// Every field of every change, for failure messages: "Changed [0,2) PER → [0,3) PER".
QString describe(const std::vector<ReadingChange>& changes) {
    const auto text = [](const Span& x) {
        return QString("[%1,%2) %3").arg(x.begin).arg(x.end).arg(QString::fromStdString(x.type));
    };
    QStringList parts;
    for (const ReadingChange& c : changes) {
        const char* kind = c.kind == ReadingChange::Kind::Added     ? "Added"
                           : c.kind == ReadingChange::Kind::Removed ? "Removed"
                                                                    : "Changed";
        parts << QString("%1 %2 → %3").arg(kind, text(c.before), text(c.after));
    }
    return parts.join("; ");
}

// tiny_model.h's BIO tagger (tags O, B-/I-PER, B-/I-LOC) with the given output layer. Untrained,
// its scores are all near 0 and every path nearly as likely as any other: the projection is
// scaled up and the CRF's transitions drawn in ±2, so that paths differ and constraints bite.
Tagger readingsModel(OutputLayer output, bool constrained) {
    const Tagger base = tinyModel(fourShortSentences(), 1, true, 4, 11);
    ModelConfig config = base.config();
    config.output = output;
    config.constrainedDecoding = constrained;
    Tagger model = Tagger::create(config, base.vocabulary(), base.tags(), 11);
    model.params().projection.W.value *= Scalar(4);
    Random rng(5);
    for (Parameter* p :
         {&model.params().crf.transitions, &model.params().crf.start, &model.params().crf.end})
        for (Eigen::Index k = 0; k < p->value.size(); ++k)
            p->value.data()[k] = Scalar(rng.uniform(-2, 2));
    return model;
}

} // namespace

class TestTagReadings : public QObject {
    Q_OBJECT

private slots:
    void kBestMatchesBruteForce_data();
    void kBestMatchesBruteForce();
    void kBestOfNothingIsNothing();
    void kBestTiesPutLowerLastTagsFirst();
    void kBestUnderConstraintsIsTheBestAllowed_data();
    void kBestUnderConstraintsIsTheBestAllowed();
    void readingChanges_data();
    void readingChanges();
    void describeChangesInWords();
    void analyseReadingsMatchBruteForce_data();
    void analyseReadingsMatchBruteForce();
    void analyseReadingsCount();
    void goldStandingFindsTheGoldAmongTheReadings();
    void nearMissesAreCounted();
    void probabilitiesInWords();
};

void TestTagReadings::kBestMatchesBruteForce_data() {
    QTest::addColumn<int>("K");
    QTest::addColumn<int>("T");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("seed");
    for (int seed = 1; seed <= 3; ++seed) {
        QTest::addRow("K=1 T=3 k=3, seed %d", seed) << 1 << 3 << 3 << seed; // one path
        QTest::addRow("K=3 T=1 k=1, seed %d", seed) << 3 << 1 << 1 << seed;
        QTest::addRow("K=3 T=1 k=5, seed %d", seed) << 3 << 1 << 5 << seed; // k > 3 paths
        QTest::addRow("K=2 T=6 k=20, seed %d", seed) << 2 << 6 << 20 << seed;
        QTest::addRow("K=3 T=4 k=10, seed %d", seed) << 3 << 4 << 10 << seed;
        QTest::addRow("K=4 T=3 k=64 (all), seed %d", seed) << 4 << 3 << 64 << seed;
        QTest::addRow("K=4 T=4 k=300 (> 256), seed %d", seed) << 4 << 4 << 300 << seed;
        QTest::addRow("K=5 T=3 k=7, seed %d", seed) << 5 << 3 << 7 << seed;
    }
}

void TestTagReadings::kBestMatchesBruteForce() {
    QFETCH(int, K);
    QFETCH(int, T);
    QFETCH(int, k);
    QFETCH(int, seed);
    Random rng(std::uint64_t(seed) * 7919 + std::uint64_t(K) * 31 + std::uint64_t(T));
    const Chain c = randomChain(K, T, 2.0, rng);
    const auto got = kBestPaths(c.unary, c.transitions, c.start, c.end, k);
    const QString mismatch = kBestMismatch(got, bruteForce(c), k, c);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestTagReadings::kBestOfNothingIsNothing() {
    Random rng(3);
    const Chain c = randomChain(3, 4, 2.0, rng);
    QVERIFY(kBestPaths(c.unary, c.transitions, c.start, c.end, 0).empty());
    QVERIFY(kBestPaths(c.unary, c.transitions, c.start, c.end, -2).empty());
    QVERIFY(kBestPaths(Matrix(3, 0), c.transitions, c.start, c.end, 5).empty()); // T = 0
}

void TestTagReadings::kBestTiesPutLowerLastTagsFirst() {
    // All scores 0: every path ties, and the header's rule orders them by the last tag, then
    // the one before it, and so on.
    const Matrix zero3 = Matrix::Zero(3, 3);
    const Vector zero = Vector::Zero(3);
    std::vector<std::vector<int>> order;
    for (const ScoredPath& p : kBestPaths(Matrix::Zero(3, 2), zero3, zero, zero, 9))
        order.push_back(p.tags);
    QCOMPARE(order, (std::vector<std::vector<int>>{
                        {0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}, {0, 2}, {1, 2}, {2, 2}}));
    order.clear();
    for (const ScoredPath& p : kBestPaths(Matrix::Zero(3, 3), zero3, zero, zero, 4))
        order.push_back(p.tags);
    QCOMPARE(order, (std::vector<std::vector<int>>{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {0, 1, 0}}));
}

void TestTagReadings::kBestUnderConstraintsIsTheBestAllowed_data() {
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<int>("scheme");
    QTest::addColumn<int>("T");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("allowed"); // how many paths the scheme allows; -1: not counted here
    const QStringList bioes{"O",     "B-PER", "I-PER", "E-PER", "S-PER",
                            "B-LOC", "I-LOC", "E-LOC", "S-LOC"};
    const QStringList bio{"O", "B-PER", "I-PER", "B-LOC", "I-LOC"};
    const int Bioes = int(TagScheme::Bioes), Bio = int(TagScheme::Bio);
    // Of one character only O, S-PER and S-LOC: 3 of 5 asked for.
    QTest::newRow("BIOES T=1 k=5") << bioes << Bioes << 1 << 5 << 3;
    QTest::newRow("BIOES T=2 k=5") << bioes << Bioes << 2 << 5 << -1;
    QTest::newRow("BIOES T=3 k=20") << bioes << Bioes << 3 << 20 << -1;
    QTest::newRow("BIOES T=4 k=5") << bioes << Bioes << 4 << 5 << -1;
    QTest::newRow("BIOES T=4 k=100") << bioes << Bioes << 4 << 100 << -1;
    QTest::newRow("BIO T=3 k=8") << bio << Bio << 3 << 8 << -1;
    QTest::newRow("BIO T=4 k=1000 (every allowed path)") << bio << Bio << 4 << 1000 << -1;
    // B-PER may not end nor E-PER start a sentence; B-PER → B-PER, E-PER → E-PER are forbidden.
    QTest::newRow("B E, T=1: none allowed")
        << QStringList{"B-PER", "E-PER"} << Bioes << 1 << 3 << 0;
    QTest::newRow("B E, T=2: one allowed") << QStringList{"B-PER", "E-PER"} << Bioes << 2 << 3 << 1;
    QTest::newRow("B E, T=3: none allowed")
        << QStringList{"B-PER", "E-PER"} << Bioes << 3 << 3 << 0;
}

void TestTagReadings::kBestUnderConstraintsIsTheBestAllowed() {
    QFETCH(QStringList, tags);
    QFETCH(int, scheme);
    QFETCH(int, T);
    QFETCH(int, k);
    QFETCH(int, allowed);
    std::vector<std::string> tagNames;
    for (const QString& t : tags)
        tagNames.push_back(t.toStdString());
    const TagScheme s = TagScheme(scheme);
    const int K = int(tagNames.size());
    const auto isAllowed = [&](const std::vector<int>& y) {
        return sequenceAllowed(names(y, tagNames), s);
    };
    const TransitionConstraints mask = TransitionConstraints::forTags(tagNames, s);
    for (int seed = 1; seed <= 3; ++seed) {
        Random rng(std::uint64_t(seed) * 104729 + std::uint64_t(K * 10 + T));
        // ±3: forbidden paths often score best, so an unmasked search would be caught.
        const Chain c = randomChain(K, T, 3.0, rng);
        const std::vector<ScoredPath> ranked = bruteForce(c, isAllowed);
        if (allowed >= 0) QCOMPARE(int(ranked.size()), allowed);
        const auto got = kBestPaths(c.unary, c.transitions + mask.transitions, c.start + mask.start,
                                    c.end + mask.end, k);
        for (const ScoredPath& p : got)
            QVERIFY2(isAllowed(p.tags), "a forbidden path came back");
        const QString mismatch = kBestMismatch(got, ranked, k, c);
        QVERIFY2(mismatch.isEmpty(), qPrintable(QString("seed %1: %2").arg(seed).arg(mismatch)));
        // The case is only informative if the free k best go wrong in it.
        bool freeForbidden = false;
        for (const ScoredPath& p : kBestPaths(c.unary, c.transitions, c.start, c.end, k))
            freeForbidden = freeForbidden || !isAllowed(p.tags);
        QVERIFY2(freeForbidden, "the free k best are all allowed here");
    }
}

void TestTagReadings::readingChanges_data() {
    using Kind = ReadingChange::Kind;
    using Spans = std::vector<Span>;
    using Changes = std::vector<ReadingChange>;
    QTest::addColumn<Spans>("best");
    QTest::addColumn<Spans>("other");
    QTest::addColumn<Changes>("expected");
    const Span none;
    const Spans two{span(0, 2, "PER"), span(4, 6, "LOC")};
    QTest::newRow("both empty") << Spans{} << Spans{} << Changes{};
    QTest::newRow("identical") << two << two << Changes{};
    QTest::newRow("best empty: all added, by position")
        << Spans{} << Spans{span(4, 6, "LOC"), span(0, 2, "PER")}
        << Changes{{Kind::Added, none, span(0, 2, "PER")}, {Kind::Added, none, span(4, 6, "LOC")}};
    QTest::newRow("other empty: all removed") << two << Spans{}
                                              << Changes{{Kind::Removed, span(0, 2, "PER"), none},
                                                         {Kind::Removed, span(4, 6, "LOC"), none}};
    QTest::newRow("retyped in place")
        << two << Spans{span(0, 2, "ORG"), span(4, 6, "LOC")}
        << Changes{{Kind::Changed, span(0, 2, "PER"), span(0, 2, "ORG")}};
    QTest::newRow("longer") << two << Spans{span(0, 3, "PER"), span(4, 6, "LOC")}
                            << Changes{{Kind::Changed, span(0, 2, "PER"), span(0, 3, "PER")}};
    QTest::newRow("begins earlier, retyped")
        << two << Spans{span(0, 2, "PER"), span(3, 6, "ORG")}
        << Changes{{Kind::Changed, span(4, 6, "LOC"), span(3, 6, "ORG")}};
    // Each span is paired at most once: the second half of a split is new.
    QTest::newRow("split in two") << Spans{span(1, 5, "ORG")}
                                  << Spans{span(1, 3, "PER"), span(3, 5, "LOC")}
                                  << Changes{{Kind::Changed, span(1, 5, "ORG"), span(1, 3, "PER")},
                                             {Kind::Added, none, span(3, 5, "LOC")}};
    QTest::newRow("two merged into one")
        << Spans{span(1, 3, "PER"), span(3, 5, "LOC")} << Spans{span(1, 5, "ORG")}
        << Changes{{Kind::Changed, span(1, 3, "PER"), span(1, 5, "ORG")},
                   {Kind::Removed, span(3, 5, "LOC"), none}};
    // Listed by where they begin, not where they end (5 > 4).
    QTest::newRow("two merged into one, the second inside it")
        << Spans{span(1, 2, "PER"), span(3, 4, "LOC")} << Spans{span(1, 5, "ORG")}
        << Changes{{Kind::Changed, span(1, 2, "PER"), span(1, 5, "ORG")},
                   {Kind::Removed, span(3, 4, "LOC"), none}};
    // Spans that do not overlap are not paired, however alike.
    QTest::newRow("moved: removed, then added")
        << Spans{span(0, 2, "PER")} << Spans{span(3, 5, "PER")}
        << Changes{{Kind::Removed, span(0, 2, "PER"), none},
                   {Kind::Added, none, span(3, 5, "PER")}};
    QTest::newRow("kinds interleaved along the sentence")
        << Spans{span(0, 2, "PER"), span(5, 7, "LOC"), span(9, 10, "ORG")}
        << Spans{span(0, 2, "LOC"), span(3, 4, "ORG"), span(9, 10, "ORG")}
        << Changes{{Kind::Changed, span(0, 2, "PER"), span(0, 2, "LOC")},
                   {Kind::Added, none, span(3, 4, "ORG")},
                   {Kind::Removed, span(5, 7, "LOC"), none}};
}

void TestTagReadings::readingChanges() {
    QFETCH(std::vector<Span>, best);
    QFETCH(std::vector<Span>, other);
    QFETCH(std::vector<ReadingChange>, expected);
    const std::vector<ReadingChange> changes = ner::readingChanges(best, other);
    QCOMPARE(describe(changes), describe(expected));
    QVERIFY(changes == expected);
}

void TestTagReadings::describeChangesInWords() {
    // The header's own examples.
    const std::vector<std::string> text{"普", "京", "昨", "天", "到", "北", "京"};
    const auto changes = ner::readingChanges({span(0, 2, "LOC"), span(5, 7, "LOC")},
                                             {span(0, 2, "PER"), span(2, 4, "TIM")});
    QCOMPARE(QString::fromStdString(describeChanges(changes, text)),
             QString("普京 PER, not LOC · + 昨天 TIM · - 北京 LOC"));
    const std::vector<std::string> ship{"0", "7", "5", "型", "两", "栖"};
    QCOMPARE(QString::fromStdString(describeChanges(
                 ner::readingChanges({span(0, 6, "EQU")}, {span(0, 4, "EQU")}), ship)),
             QString("075型 EQU, not 075型两栖 EQU"));
    QCOMPARE(QString::fromStdString(describeChanges({}, text)), QString());
}

void TestTagReadings::analyseReadingsMatchBruteForce_data() {
    QTest::addColumn<OutputLayer>("output");
    QTest::addColumn<bool>("constrained");
    QTest::addColumn<QStringList>("chars");
    for (const QStringList& chars :
         {QStringList{"李", "在", "京"}, QStringList{"王", "芳", "到", "海"}})
        for (OutputLayer output : {OutputLayer::Crf, OutputLayer::Softmax})
            for (bool constrained : {true, false})
                QTest::addRow("%s, %s, %d characters",
                              output == OutputLayer::Crf ? "crf" : "softmax",
                              constrained ? "constrained" : "free", int(chars.size()))
                    << output << constrained << chars;
}

void TestTagReadings::analyseReadingsMatchBruteForce() {
    QFETCH(OutputLayer, output);
    QFETCH(bool, constrained);
    QFETCH(QStringList, chars);
    std::vector<std::string> text;
    for (const QString& ch : chars)
        text.push_back(ch.toStdString());
    const Tagger model = readingsModel(output, constrained);
    const std::vector<std::string>& tagNames = model.tags().names();
    const TagScheme scheme = model.config().scheme;
    const int K = int(tagNames.size()), T = int(text.size());

    // The reference: log P(y) = −loss(y) for every path the decoder may choose; a CRF's
    // constrained distribution is the free one renormalised over those paths.
    TaggerNetwork reference;
    std::map<std::vector<std::string>, double> logP;
    forEachPath(K, T, [&](const std::vector<int>& y) {
        const std::vector<std::string> tags = names(y, tagNames);
        if (constrained && !sequenceAllowed(tags, scheme)) return;
        const EncodedSentence encoded = model.encode(text, &tags);
        logP[tags] = -reference.loss(model, makeBatch({&encoded}));
    });
    if (output == OutputLayer::Crf) {
        double top = -std::numeric_limits<double>::infinity(), sum = 0;
        for (const auto& [tags, l] : logP)
            top = std::max(top, l);
        for (const auto& [tags, l] : logP)
            sum += std::exp(l - top);
        for (auto& [tags, l] : logP)
            l -= top + std::log(sum);
    }
    std::vector<double> ranked; // reference probabilities, largest first
    for (const auto& [tags, l] : logP)
        ranked.push_back(std::exp(l));
    std::sort(ranked.rbegin(), ranked.rend());

    // Asked for more than there are: every path the decoder may choose comes back.
    TaggerNetwork network;
    const int all = int(std::pow(K, T));
    const SentenceAnalysis a = analyseSentence(network, model, text, 1000, all + 1);
    QCOMPARE(int(a.readings.size()), int(logP.size()));
    QVERIFY(constrained ? int(logP.size()) < all : int(logP.size()) == all);
    QCOMPARE(a.readings.front().tags, a.predicted);
    double total = 0;
    std::vector<double> marginal(size_t(K) * size_t(T), 0.0); // [t·K + j]
    std::set<std::vector<std::string>> seen;
    for (size_t n = 0; n < a.readings.size(); ++n) {
        const TagReading& r = a.readings[n];
        QVERIFY(seen.insert(r.tags).second);
        QCOMPARE(int(r.tags.size()), T);
        QCOMPARE(r.entities, extractSpans(r.tags, scheme));
        const auto it = logP.find(r.tags);
        QVERIFY2(it != logP.end(), "a path the decoder may not choose came back");
        const double expected = std::exp(it->second);
        QVERIFY2(relativelyNear(r.probability, expected, kProbabilityRelative),
                 qPrintable(QString("reading %1: P %2, brute force %3")
                                .arg(n)
                                .arg(r.probability, 0, 'g', 12)
                                .arg(expected, 0, 'g', 12)));
        // In order: the n-th reading is as likely as the n-th most likely path.
        QVERIFY2(relativelyNear(r.probability, ranked[n], kProbabilityRelative),
                 qPrintable(QString("reading %1: P %2, the %1-th most likely path's %3")
                                .arg(n)
                                .arg(r.probability, 0, 'g', 12)
                                .arg(ranked[n], 0, 'g', 12)));
        double product = 1;
        for (int t = 0; t < T; ++t) {
            const int j = model.tags().id(r.tags[size_t(t)]);
            marginal[size_t(t) * size_t(K) + size_t(j)] += r.probability;
            product *= double(a.probability(j, t));
        }
        // Softmax: P(y) is the product of the probabilities the inspector lists.
        if (output == OutputLayer::Softmax)
            QVERIFY2(relativelyNear(r.probability, product, kListedTolerance),
                     qPrintable(QString("reading %1: P %2, Π_t p_t %3")
                                    .arg(n)
                                    .arg(r.probability, 0, 'g', 12)
                                    .arg(product, 0, 'g', 12)));
        total += r.probability;
    }
    // A CRF's readings, free or over the allowed paths, are one distribution, whose marginals
    // the inspector lists. Softmax's are one only when free: under constraints the forbidden
    // sequences keep their share of Π_t p_t, which this untrained model spreads widely.
    if (output == OutputLayer::Crf || !constrained)
        QVERIFY(std::abs(total - 1) <= kListedTolerance);
    else
        QVERIFY(total < 1 - 1e-3);
    if (output == OutputLayer::Crf)
        for (int t = 0; t < T; ++t)
            for (int j = 0; j < K; ++j)
                QVERIFY2(std::abs(marginal[size_t(t) * size_t(K) + size_t(j)] -
                                  double(a.probability(j, t))) <= kListedTolerance,
                         qPrintable(QString("P(y_%1 = %2): Σ readings %3, marginal %4")
                                        .arg(t)
                                        .arg(QString::fromStdString(tagNames[size_t(j)]))
                                        .arg(marginal[size_t(t) * size_t(K) + size_t(j)])
                                        .arg(a.probability(j, t))));

    // Any whole tagging, such as a gold one, gets the probability its reading has: every
    // path the decoder may choose as brute force says, and the others 0.
    forEachPath(K, T, [&](const std::vector<int>& y) {
        const std::vector<std::string> tags = names(y, tagNames);
        const std::optional<GoldStanding> g = weighTagging(network, model, text, tags, all + 1);
        QVERIFY(g.has_value());
        const double p = g->probability;
        const auto it = logP.find(tags);
        if (it == logP.end()) {
            QCOMPARE(p, 0.0);
            QCOMPARE(g->reading, -1); // never among the readings either
        } else {
            QVERIFY2(relativelyNear(p, std::exp(it->second), kProbabilityRelative),
                     qPrintable(QString("P %1, brute force %2")
                                    .arg(p, 0, 'g', 12)
                                    .arg(std::exp(it->second), 0, 'g', 12)));
            // Its place is its place in the full list of readings.
            QVERIFY(g->reading >= 0);
            QCOMPARE(a.readings[size_t(g->reading)].tags, tags);
        }
    });

    // The default count is the best few of the same list.
    const SentenceAnalysis five = analyseSentence(network, model, text);
    QCOMPARE(int(five.readings.size()), kDefaultReadings);
    for (size_t n = 0; n < five.readings.size(); ++n) {
        QCOMPARE(five.readings[n].tags, a.readings[n].tags);
        QCOMPARE(five.readings[n].probability, a.readings[n].probability);
    }
}

void TestTagReadings::analyseReadingsCount() {
    const Tagger model = readingsModel(OutputLayer::Crf, true);
    TaggerNetwork network;
    const std::vector<std::string> text{"李", "明", "在", "北", "京"};
    QVERIFY(analyseSentence(network, model, text, 1000, 0).readings.empty());
    QVERIFY(analyseSentence(network, model, text, 1000, -1).readings.empty());
    QVERIFY(analyseSentence(network, model, {}, 1000, 5).readings.empty());
    QCOMPARE(int(analyseSentence(network, model, text, 1000, 1).readings.size()), 1);
    // A tagging the model cannot weigh: a tag it does not know, or not one tag a character.
    QVERIFY(!weighTagging(network, model, text, {"O", "O", "O", "B-ORG", "I-ORG"}));
    QVERIFY(!weighTagging(network, model, text, {"O", "O"}));
    QVERIFY(!weighTagging(network, model, {}, {}));
    // Over-long input: readings of what was analysed.
    const SentenceAnalysis cut = analyseSentence(network, model, text, 3, 4);
    QVERIFY(cut.truncated);
    QCOMPARE(int(cut.readings.size()), 4);
    QCOMPARE(cut.readings.front().tags, cut.predicted);
    for (const TagReading& r : cut.readings)
        QCOMPARE(int(r.tags.size()), 3);
}

void TestTagReadings::goldStandingFindsTheGoldAmongTheReadings() {
    for (OutputLayer output : {OutputLayer::Crf, OutputLayer::Softmax}) {
        const Tagger model = readingsModel(output, true);
        TaggerNetwork network;
        const std::vector<std::string> text{"王", "芳", "到", "海"};
        const SentenceAnalysis a = analyseSentence(network, model, text, 1000, 8);
        QCOMPARE(int(a.readings.size()), 8);
        // Each reading's entities, as gold, are that reading, at its probability.
        for (size_t n = 0; n < a.readings.size(); ++n) {
            const auto g = goldStanding(network, model, text, a.readings[n].entities, 8);
            QVERIFY(g.has_value());
            QCOMPARE(g->reading, int(n));
            QVERIFY(
                relativelyNear(g->probability, a.readings[n].probability, kProbabilityRelative));
        }
        // A gold tagging past the readings given: its probability, and no reading.
        const auto last = goldStanding(network, model, text, a.readings.back().entities, 3);
        QVERIFY(last.has_value());
        QCOMPARE(last->reading, -1);
        QVERIFY(last->probability < a.readings[2].probability);
        // What the model cannot weigh.
        QVERIFY(!goldStanding(network, model, text, {{0, 2, "ORG"}}));
        QVERIFY(!goldStanding(network, model, text, {{0, 2, "PER"}, {1, 3, "LOC"}}));
        QVERIFY(!goldStanding(network, model, text, {{2, 6, "LOC"}}));
        // By default, against the five best.
        QCOMPARE(goldStanding(network, model, text, a.readings[4].entities)->reading, 4);
        QCOMPARE(goldStanding(network, model, text, a.readings[5].entities)->reading, -1);
    }
}

void TestTagReadings::nearMissesAreCounted() {
    std::vector<SentenceErrors> sentences(5);
    sentences[0].goldStanding = GoldStanding{0.3, 1};
    sentences[1].goldStanding = GoldStanding{0.05, 3};
    sentences[2].goldStanding = GoldStanding{1e-6, -1};
    sentences[4].goldStanding = GoldStanding{0.2, 1};
    const NearMisses n = countNearMisses(sentences); // sentences[3] was never weighed
    QCOMPARE(n.weighed, 4);
    QCOMPARE(n.runnerUp, 2);
    QCOMPARE(n.listed, 3);
    QCOMPARE(countNearMisses({}).weighed, 0);
}

void TestTagReadings::probabilitiesInWords() {
    QCOMPARE(describeProbability(0), std::string("0"));
    QCOMPARE(describeProbability(0.187), std::string("18.7 %"));
    QCOMPARE(describeProbability(1), std::string("100.0 %"));
    QCOMPARE(describeProbability(0.001), std::string("0.1 %"));
    QCOMPARE(describeProbability(0.0009995), std::string("1 in 1,000"));
    QCOMPARE(describeProbability(1 / 48123.0), std::string("1 in 48,000"));
    QCOMPARE(describeProbability(1 / 1.66e8), std::string("1 in 170,000,000"));
    QCOMPARE(describeProbability(1e-10), std::string("under 1 in a billion"));
}

QTEST_APPLESS_MAIN(TestTagReadings)
#include "tst_tag_readings.moc"
