// Entity P/R/F1 with conlleval's rules, token accuracy and the confusion matrix, on cases
// worked out by hand (the counts are derived in each row's comment).
#include "engine/data/metrics.h"

#include <QtTest>

#include <sstream>
#include <stdexcept>

using namespace ner;

Q_DECLARE_METATYPE(TagScheme)

namespace {

std::vector<std::string> tags(const QString& text) {
    std::vector<std::string> out;
    std::istringstream in(text.toStdString());
    for (std::string tag; in >> tag;)
        out.push_back(tag);
    return out;
}

QString counts(const PrfScore& s) {
    return QString("%1/%2/%3").arg(s.tp).arg(s.fp).arg(s.fn);
}

// "LOC 0/1/0, PER 1/0/1": per-type tp/fp/fn in type order.
QString perType(const EntityReport& report) {
    QStringList parts;
    for (const auto& [type, score] : report.perType)
        parts << QString::fromStdString(type) + " " + counts(score);
    return parts.join(", ");
}

} // namespace

class TestMetrics : public QObject {
    Q_OBJECT

private slots:
    void scoresOneSentence_data();
    void scoresOneSentence();
    void microAveragesAcrossSentences();
    void undefinedRatiosAreZero();
    void buildsConfusionMatrix();
    void rejectsMismatchedLengths();
};

void TestMetrics::scoresOneSentence_data() {
    QTest::addColumn<TagScheme>("scheme");
    QTest::addColumn<QString>("gold");
    QTest::addColumn<QString>("predicted");
    QTest::addColumn<QString>("overall"); // tp/fp/fn
    QTest::addColumn<QString>("types");
    QTest::addColumn<double>("accuracy");
    const auto bio = TagScheme::Bio;
    // gold PER[0,2) LOC[3,4); predicted identical -> tp 2.
    QTest::newRow("perfect") << bio << "B-PER I-PER O B-LOC"
                             << "B-PER I-PER O B-LOC"
                             << "2/0/0"
                             << "LOC 1/0/0, PER 1/0/0" << 1.0;
    // Predicted "O I-PER I-PER O": I after O starts PER[1,3), exactly gold's -> tp 1.
    // Tokens: position 1 differs (I-PER vs B-PER) -> 3/4 correct.
    QTest::newRow("I- after O starts an entity") << bio << "O B-PER I-PER O"
                                                 << "O I-PER I-PER O"
                                                 << "1/0/0"
                                                 << "PER 1/0/0" << 0.75;
    // Predicted B-PER I-LOC: PER[0,1) and LOC[1,2), neither equals gold PER[0,2)
    // -> fp 2 (PER, LOC), fn 1 (PER); LOC only occurs in predictions but is listed.
    QTest::newRow("I-LOC after B-PER starts a LOC") << bio << "B-PER I-PER O"
                                                    << "B-PER I-LOC O"
                                                    << "0/2/1"
                                                    << "LOC 0/1/0, PER 0/1/1" << 2.0 / 3;
    // Same span, wrong type: LOC[0,2) is an fp for LOC and gold PER[0,2) an fn for PER.
    QTest::newRow("type mismatch is fp and fn") << bio << "B-PER I-PER"
                                                << "B-LOC I-LOC"
                                                << "0/1/1"
                                                << "LOC 0/1/0, PER 0/0/1" << 0.0;
    // Gold B-PER B-PER I-PER is two entities PER[0,1) PER[1,3); predicted one PER[0,3)
    // -> fp 1, fn 2.
    QTest::newRow("adjacent B-B entities") << bio << "B-PER B-PER I-PER"
                                           << "B-PER I-PER I-PER"
                                           << "0/1/2"
                                           << "PER 0/1/2" << 2.0 / 3;
    // Both adjacent entities found -> tp 2.
    QTest::newRow("adjacent B-B found") << bio << "B-PER B-PER I-PER"
                                        << "B-PER B-PER I-PER"
                                        << "2/0/0"
                                        << "PER 2/0/0" << 1.0;
    // LOC[2,4) runs to the last token and is closed there -> tp 1.
    QTest::newRow("entity at sentence end") << bio << "O O B-LOC I-LOC"
                                            << "O O B-LOC I-LOC"
                                            << "1/0/0"
                                            << "LOC 1/0/0" << 1.0;
    // Predicted LOC[2,3) stops one short of gold LOC[2,4): boundary error, fp 1 and fn 1.
    QTest::newRow("entity at end cut short") << bio << "O O B-LOC I-LOC"
                                             << "O O B-LOC O"
                                             << "0/1/1"
                                             << "LOC 0/1/1" << 0.75;
    // No entities anywhere: every count 0, accuracy 1.
    QTest::newRow("all O") << bio << "O O O"
                           << "O O O"
                           << "0/0/0"
                           << "" << 1.0;
    // Gold PER[0,2) LOC[2,3); predicted PER[0,2) LOC[2,4) -> tp 1 (PER), fp 1, fn 1 (LOC).
    // Tokens 0 and 1 agree; 2 (S-LOC vs B-LOC) and 3 (O vs E-LOC) do not -> 2/4.
    QTest::newRow("bioes") << TagScheme::Bioes << "B-PER E-PER S-LOC O"
                           << "B-PER E-PER B-LOC E-LOC"
                           << "1/1/1"
                           << "LOC 0/1/1, PER 1/0/0" << 0.5;
    // BIOES S S are two entities; predicted B E one -> fp 1, fn 2.
    QTest::newRow("bioes S S vs B E") << TagScheme::Bioes << "S-ORG S-ORG"
                                      << "B-ORG E-ORG"
                                      << "0/1/2"
                                      << "ORG 0/1/2" << 0.0;
    // BMES ORG[0,3) found, predicted extra S-PER at 3 -> tp 1, fp 1.
    QTest::newRow("bmes") << TagScheme::Bmes << "B-ORG M-ORG E-ORG O"
                          << "B-ORG M-ORG E-ORG S-PER"
                          << "1/1/0"
                          << "ORG 1/0/0, PER 0/1/0" << 0.75;
}

void TestMetrics::scoresOneSentence() {
    QFETCH(TagScheme, scheme);
    QFETCH(QString, gold);
    QFETCH(QString, predicted);
    QFETCH(QString, overall);
    QFETCH(QString, types);
    QFETCH(double, accuracy);
    MetricsAccumulator metrics(scheme);
    metrics.add(tags(gold), tags(predicted));
    const EntityReport report = metrics.entities();
    QCOMPARE(counts(report.overall), overall);
    QCOMPARE(perType(report), types);
    QCOMPARE(metrics.tokenAccuracy(), accuracy);
    QCOMPARE(metrics.tokens(), static_cast<long>(tags(gold).size()));
}

void TestMetrics::microAveragesAcrossSentences() {
    MetricsAccumulator metrics(TagScheme::Bio);
    metrics.add(tags("B-PER I-PER O B-LOC"), tags("B-PER I-PER O B-LOC")); // tp 2 (PER, LOC)
    metrics.add(tags("B-LOC O"), tags("B-PER O"));                         // fp PER, fn LOC
    metrics.add(tags("O B-ORG"), tags("B-ORG B-ORG"));                     // tp ORG, fp ORG
    // Overall tp 3, fp 2, fn 1: P = 3/5, R = 3/4, F1 = 2·0.6·0.75 / 1.35 = 2/3.
    const EntityReport report = metrics.entities();
    QCOMPARE(counts(report.overall), QString("3/2/1"));
    QCOMPARE(report.overall.precision(), 0.6);
    QCOMPARE(report.overall.recall(), 0.75);
    QVERIFY(qAbs(report.overall.f1() - 2.0 / 3.0) < 1e-12);
    QCOMPARE(perType(report), QString("LOC 1/0/1, ORG 1/1/0, PER 1/1/0"));
    // Per type: LOC P = 1, R = 1/2, F1 = 2/3; ORG P = 1/2, R = 1.
    QVERIFY(qAbs(report.perType.at("LOC").f1() - 2.0 / 3.0) < 1e-12);
    QCOMPARE(report.perType.at("ORG").precision(), 0.5);
    QCOMPARE(report.perType.at("ORG").recall(), 1.0);
    // Tokens: 4 + 1 (of 2) + 1 (of 2) correct = 6 of 8.
    QCOMPARE(metrics.tokens(), 8L);
    QCOMPARE(metrics.tokenAccuracy(), 0.75);
}

void TestMetrics::undefinedRatiosAreZero() {
    const MetricsAccumulator empty(TagScheme::Bio);
    QCOMPARE(empty.tokenAccuracy(), 0.0);
    QCOMPARE(empty.entities().overall.f1(), 0.0);
    QVERIFY(empty.tagNames().empty());
    PrfScore noPredictions;
    noPredictions.fn = 3; // P = 0/0 -> 0, R = 0/3 = 0, F1 -> 0
    QCOMPARE(noPredictions.precision(), 0.0);
    QCOMPARE(noPredictions.recall(), 0.0);
    QCOMPARE(noPredictions.f1(), 0.0);
    PrfScore half{2, 0, 2}; // P = 1, R = 1/2, F1 = 2·0.5 / 1.5 = 2/3
    QCOMPARE(half.precision(), 1.0);
    QCOMPARE(half.recall(), 0.5);
    QVERIFY(qAbs(half.f1() - 2.0 / 3.0) < 1e-12);
}

void TestMetrics::buildsConfusionMatrix() {
    MetricsAccumulator metrics(TagScheme::Bio);
    metrics.add(tags("B-PER I-PER O O"), tags("B-PER O O B-LOC"));
    metrics.add(tags("O B-PER"), tags("O B-PER"));
    const auto& confusion = metrics.confusion();
    QCOMPARE(confusion.at({"B-PER", "B-PER"}), 2L);
    QCOMPARE(confusion.at({"I-PER", "O"}), 1L);
    QCOMPARE(confusion.at({"O", "O"}), 2L);
    QCOMPARE(confusion.at({"O", "B-LOC"}), 1L);
    QCOMPARE(confusion.size(), std::size_t(4));
    // B-LOC only predicted, I-PER only gold: both listed, O first.
    QCOMPARE(metrics.tagNames(), (std::vector<std::string>{"O", "B-LOC", "B-PER", "I-PER"}));
}

void TestMetrics::rejectsMismatchedLengths() {
    MetricsAccumulator metrics(TagScheme::Bio);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, metrics.add(tags("O O"), tags("O")));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, metrics.add(tags("O"), tags("Q-X")));
    // Nothing was counted by the failed calls.
    QCOMPARE(metrics.tokens(), 0L);
}

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
