// The percentile bootstrap over sentences: per-sentence counts that add up to the whole
// set's conlleval scores, intervals that hold the point estimate, collapse when every
// sentence scores alike, narrow about as 1/√n when there are more sentences, equal a hand
// enumeration on two sentences, and repeat for a seed.
#include "engine/data/bootstrap_interval.h"

#include <QtTest>

#include <cmath>
#include <stdexcept>

using namespace ner;

namespace {
using Tags = std::vector<std::string>;

// Sentences with a spread of right and wrong: k-th right on entities when k % 3 != 0.
std::vector<SentenceScore> spread(int n) {
    std::vector<SentenceScore> out;
    for (int k = 0; k < n; ++k) {
        const bool right = k % 3 != 0;
        out.push_back({right ? 2 : 1, right ? 0 : 1, right ? 0 : 1, right ? 10 : 7, 10});
    }
    return out;
}

double width(const Interval& i) {
    return i.high - i.low;
}
} // namespace

class TestBootstrapInterval : public QObject {
    Q_OBJECT

private slots:
    void countsAddUpToTheWholeSet();
    void intervalsHoldThePointEstimate();
    void identicalSentencesGiveNoSpread();
    void moreSentencesNarrowIt();
    void twoSentencesByHand();
    void sameSeedSameInterval();
    void badArgumentsAreErrors();
};

void TestBootstrapInterval::countsAddUpToTheWholeSet() {
    const std::vector<Tags> gold{{"B-PER", "I-PER", "O", "B-LOC"}, {"O", "B-ORG", "I-ORG"}, {"O"}};
    const std::vector<Tags> predicted{
        {"B-PER", "I-PER", "O", "B-ORG"}, {"O", "B-ORG", "O"}, {"B-LOC"}};
    const std::vector<SentenceScore> each = scoreSentences(gold, predicted, TagScheme::Bio);
    QCOMPARE(each.size(), size_t(3));
    // By hand: PER right, LOC read as ORG (1 FN + 1 FP); ORG cut short (1 FN + 1 FP); a
    // spurious LOC. Characters right: 3 of 4, 2 of 3, 0 of 1.
    QCOMPARE(each[0].tp, 1L);
    QCOMPARE(each[0].fp, 1L);
    QCOMPARE(each[0].fn, 1L);
    QCOMPARE(each[0].correctTokens, 3L);
    QCOMPARE(each[1].tp, 0L);
    QCOMPARE(each[1].correctTokens, 2L);
    QCOMPARE(each[2].fp, 1L);
    QCOMPARE(each[2].correctTokens, 0L);
    QCOMPARE(each[2].tokens, 1L);
    MetricsAccumulator all(TagScheme::Bio);
    long tp = 0, fp = 0, fn = 0, correct = 0, tokens = 0;
    for (size_t k = 0; k < gold.size(); ++k) {
        all.add(gold[k], predicted[k]);
        tp += each[k].tp;
        fp += each[k].fp;
        fn += each[k].fn;
        correct += each[k].correctTokens;
        tokens += each[k].tokens;
    }
    QCOMPARE(tp, all.entities().overall.tp);
    QCOMPARE(fp, all.entities().overall.fp);
    QCOMPARE(fn, all.entities().overall.fn);
    QCOMPARE(double(correct) / double(tokens), all.tokenAccuracy());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             scoreSentences(gold, {predicted[0]}, TagScheme::Bio));
}

void TestBootstrapInterval::intervalsHoldThePointEstimate() {
    const std::vector<SentenceScore> set = spread(90);
    PrfScore whole;
    long correct = 0, tokens = 0;
    for (const SentenceScore& s : set) {
        whole.tp += s.tp;
        whole.fp += s.fp;
        whole.fn += s.fn;
        correct += s.correctTokens;
        tokens += s.tokens;
    }
    const BootstrapIntervals b = bootstrapIntervals(set, 1000);
    QCOMPARE(b.resamples, 1000);
    QCOMPARE(b.level, 0.95);
    const double accuracy = double(correct) / double(tokens);
    for (auto [interval, point] : {std::pair{b.f1, whole.f1()},
                                   {b.precision, whole.precision()},
                                   {b.recall, whole.recall()},
                                   {b.tokenAccuracy, accuracy}}) {
        QVERIFY2(
            interval.low < point && point < interval.high,
            qPrintable(
                QString("%1 not inside [%2, %3]").arg(point).arg(interval.low).arg(interval.high)));
        QVERIFY(interval.high - interval.low < 0.2); // 90 sentences pin it down somewhat
    }
    // A wider level, a wider interval.
    const BootstrapIntervals wide = bootstrapIntervals(set, 1000, 0.99);
    QVERIFY(width(wide.f1) > width(b.f1));
}

void TestBootstrapInterval::identicalSentencesGiveNoSpread() {
    const std::vector<SentenceScore> same(40, SentenceScore{3, 1, 2, 8, 10});
    const BootstrapIntervals b = bootstrapIntervals(same, 200);
    const PrfScore one{3, 1, 2};
    QCOMPARE(b.f1.low, one.f1());
    QCOMPARE(b.f1.high, one.f1());
    QCOMPARE(b.tokenAccuracy.low, 0.8);
    QCOMPARE(b.tokenAccuracy.high, 0.8);
}

void TestBootstrapInterval::moreSentencesNarrowIt() {
    // The same mix, 4 times as many sentences: about half as wide (1/√4); the bootstrap's
    // own noise over 2,000 resamples keeps the ratio within ±25 % of that.
    const double narrow = width(bootstrapIntervals(spread(400), 2000).tokenAccuracy);
    const double broad = width(bootstrapIntervals(spread(100), 2000).tokenAccuracy);
    QVERIFY2(std::abs(narrow / broad - 0.5) < 0.125,
             qPrintable(QString("ratio %1").arg(narrow / broad)));
}

void TestBootstrapInterval::twoSentencesByHand() {
    // Accuracy 10/10 and 0/10. A draw of two is both right (1/4 of draws: 1.0), one of each
    // (1/2: 0.5) or both wrong (1/4: 0.0), so the middle 95 % spans the two extremes and the
    // middle 40 % is exactly 0.5.
    const std::vector<SentenceScore> two{{1, 0, 0, 10, 10}, {0, 1, 1, 0, 10}};
    const BootstrapIntervals wide = bootstrapIntervals(two, 4000);
    QCOMPARE(wide.tokenAccuracy.low, 0.0);
    QCOMPARE(wide.tokenAccuracy.high, 1.0);
    const BootstrapIntervals middle = bootstrapIntervals(two, 4000, 0.4);
    QCOMPARE(middle.tokenAccuracy.low, 0.5);
    QCOMPARE(middle.tokenAccuracy.high, 0.5);
}

void TestBootstrapInterval::sameSeedSameInterval() {
    const std::vector<SentenceScore> set = spread(50);
    const BootstrapIntervals a = bootstrapIntervals(set, 300, 0.95, 7);
    const BootstrapIntervals b = bootstrapIntervals(set, 300, 0.95, 7);
    const BootstrapIntervals c = bootstrapIntervals(set, 300, 0.95, 8);
    QCOMPARE(a.f1.low, b.f1.low);
    QCOMPARE(a.f1.high, b.f1.high);
    QCOMPARE(a.tokenAccuracy.low, b.tokenAccuracy.low);
    QVERIFY(a.f1.low != c.f1.low || a.f1.high != c.f1.high ||
            a.tokenAccuracy.low != c.tokenAccuracy.low);
}

void TestBootstrapInterval::badArgumentsAreErrors() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bootstrapIntervals({}, 100));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bootstrapIntervals(spread(3), 0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bootstrapIntervals(spread(3), 10, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bootstrapIntervals(spread(3), 10, 0.0));
}

QTEST_GUILESS_MAIN(TestBootstrapInterval)
#include "tst_bootstrap_interval.moc"
