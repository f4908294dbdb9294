// Per-sentence entity errors (sentence_errors.h) on cases worked out by hand, and their
// agreement with conlleval's counts: every error is one FN, one FP or one of each.
#include "engine/data/metrics.h"
#include "engine/data/sentence_errors.h"
#include "test_sentences.h"

#include <QtTest>

#include <sstream>
#include <stdexcept>

using namespace ner;

namespace {

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

// Ten characters "a" … "j", gold tags given.
Sentence gold(const std::string& tags) {
    return test::sentence(words("a b c d e f g h i j"), words(tags));
}

// "missed b/PER; wrong type c,d LOC→ORG": the errors as compact text, in their order.
QString summary(const SentenceErrors& s) {
    QStringList parts;
    auto span = [&](const std::optional<Span>& p) {
        return p ? QString::fromStdString(spanText(s, *p)) + "/" + QString::fromStdString(p->type)
                 : QStringLiteral("-");
    };
    for (const EntityError& e : s.errors)
        parts << QString::fromStdString(entityErrorKindName(e.kind)) + " " + span(e.gold) + " " +
                     span(e.predicted);
    return parts.join("; ");
}

} // namespace

class TestSentenceErrors : public QObject {
    Q_OBJECT

private slots:
    void classifiesEachError_data() {
        QTest::addColumn<QString>("goldTags");
        QTest::addColumn<QString>("predictedTags");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("correct");
        QTest::addColumn<int>("tokenErrors");
        // a b c d e f g h i j
        QTest::newRow("all right") << "B-PER I-PER O O B-LOC O O O O O"
                                   << "B-PER I-PER O O B-LOC O O O O O"
                                   << "" << 2 << 0;
        QTest::newRow("wrong type") << "B-PER I-PER O O O O O O O O"
                                    << "B-ORG I-ORG O O O O O O O O"
                                    << "wrong type ab/PER ab/ORG" << 0 << 2;
        QTest::newRow("end too far") << "B-LOC I-LOC O O O O O O O O"
                                     << "B-LOC I-LOC I-LOC O O O O O O O"
                                     << "wrong boundary ab/LOC abc/LOC" << 0 << 1;
        QTest::newRow("boundary and type") << "O B-LOC I-LOC I-LOC O O O O O O"
                                           << "O O B-ORG I-ORG O O O O O O"
                                           << "wrong boundary bcd/LOC cd/ORG" << 0 << 3;
        QTest::newRow("missed") << "O O O B-TIM I-TIM O O O O O"
                                << "O O O O O O O O O O"
                                << "missed de/TIM -" << 0 << 2;
        QTest::newRow("spurious") << "O O O O O O O O O O"
                                  << "O O O O O O B-PER O O O"
                                  << "spurious - g/PER" << 0 << 1;
        // conlleval: the I-PER after O starts a span, so c/PER is predicted. Adjacent is
        // not overlapping: the gold b/PER is missed and c/PER spurious.
        QTest::newRow("stray I-") << "O B-PER O O O O O O O O"
                                  << "O O I-PER O O O O O O O"
                                  << "missed b/PER -; spurious - c/PER" << 0 << 2;
        QTest::newRow("stray I- inside") << "O B-PER I-PER O O O O O O O"
                                         << "O O I-PER O O O O O O O"
                                         << "wrong boundary bc/PER c/PER" << 0 << 1;
        // One prediction covering two gold entities pairs with the first; the second is
        // missed. Errors come in sentence order.
        QTest::newRow("one over two")
            << "B-LOC I-LOC B-ORG I-ORG O O O O B-PER O"
            << "B-LOC I-LOC I-LOC I-LOC O O O O O O"
            << "wrong boundary ab/LOC abcd/LOC; missed cd/ORG -; missed i/PER -" << 0 << 3;
        // An exact match is never taken apart to pair a neighbour.
        QTest::newRow("exact match kept") << "B-PER I-PER O O O O O O O O"
                                          << "B-PER I-PER B-PER O O O O O O O"
                                          << "spurious - c/PER" << 1 << 1;
    }
    void classifiesEachError() {
        QFETCH(QString, goldTags);
        QFETCH(QString, predictedTags);
        QFETCH(QString, expected);
        QFETCH(int, correct);
        QFETCH(int, tokenErrors);
        const Sentence g = gold(goldTags.toStdString());
        const std::vector<std::string> p = words(predictedTags.toStdString());
        const SentenceErrors s = compareSentence(g, p, TagScheme::Bio, 7);
        QCOMPARE(summary(s), expected);
        QCOMPARE(s.correctEntities, correct);
        QCOMPARE(s.tokenErrors, tokenErrors);
        QCOMPARE(s.index, 7);
        QCOMPARE(int(s.chars.size()), 10);

        // conlleval's counts: every pair is one FN and one FP, missed an FN, spurious an FP.
        MetricsAccumulator metrics(TagScheme::Bio);
        metrics.add(g.tags, p);
        const PrfScore overall = metrics.entities().overall;
        long fn = 0, fp = 0;
        for (const EntityError& e : s.errors) {
            fn += e.gold ? 1 : 0;
            fp += e.predicted ? 1 : 0;
        }
        QCOMPARE(long(s.correctEntities), overall.tp);
        QCOMPARE(fn, overall.fn);
        QCOMPARE(fp, overall.fp);
    }

    void readsTheGivenScheme() {
        // In BIOES an S- is a whole entity; read as BIO it would be malformed.
        const Sentence g = test::sentence(words("a b c"), words("S-PER O O"));
        const SentenceErrors s = compareSentence(g, words("O O S-LOC"), TagScheme::Bioes);
        QCOMPARE(summary(s), QStringLiteral("missed a/PER -; spurious - c/LOC"));
    }

    void describesErrorsForPeople() {
        const Sentence g = test::sentence(words("南 海 舰 队 在"), words("B-LOC I-LOC O O O"));
        const SentenceErrors boundary =
            compareSentence(g, words("B-LOC I-LOC I-LOC I-LOC O"), TagScheme::Bio);
        QCOMPARE(describeEntityError(boundary, boundary.errors.at(0)),
                 std::string("gold 南海/LOC, predicted 南海舰队/LOC"));
        const SentenceErrors type = compareSentence(g, words("B-ORG I-ORG O O O"), TagScheme::Bio);
        QCOMPARE(describeEntityError(type, type.errors.at(0)),
                 std::string("南海  gold LOC, predicted ORG"));
        QCOMPARE(joinCharacters(type.chars), std::string("南海舰队在"));
    }

    void rejectsMismatchedLengths() {
        const Sentence g = gold("O O O O O O O O O O");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 compareSentence(g, words("O O"), TagScheme::Bio));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 sentencesWithErrors({g}, {}, TagScheme::Bio));
    }

    void listsWrongSentencesWorstFirst() {
        std::vector<Sentence> set;
        std::vector<std::vector<std::string>> predicted;
        auto add = [&](const std::string& g, const std::string& p, int line) {
            set.push_back(gold(g));
            set.back().line = line;
            predicted.push_back(words(p));
        };
        add("B-PER O O O O O O O O O", "B-PER O O O O O O O O O", 1);         // right
        add("B-PER O O O O O O O O O", "B-ORG O O O O O O O O O", 2);         // 1 error
        add("B-PER O B-LOC O O O O O O O", "O O O O O O O O O B-TIM", 3);     // 3 errors
        add("B-PER I-PER O O O O O O O O", "B-ORG I-ORG O O O O O O O O", 4); // 1 error, 2 chars
        add("B-PER I-PER O O O O O O O O", "B-PER I-PER O O O O O O O O", 5); // right
        const std::vector<SentenceErrors> wrong =
            sentencesWithErrors(set, predicted, TagScheme::Bio);
        QCOMPARE(int(wrong.size()), 3);
        QCOMPARE(wrong[0].line, 3);
        QCOMPARE(int(wrong[0].errors.size()), 3);
        QCOMPARE(wrong[1].line, 4); // as many entity errors as line 2, more wrong characters
        QCOMPARE(wrong[2].line, 2);
        QCOMPARE(wrong[2].index, 1);
    }
};

QTEST_APPLESS_MAIN(TestSentenceErrors)
#include "tst_sentence_errors.moc"
