// The dictionary features: reading jieba's format (and its errors), which words match, the
// most probable segmentation (against jieba itself, through a committed fixture), the bits.
#include "engine/data/builtin_corpus.h"
#include "engine/data/data_error.h"
#include "engine/data/dataset_reader.h"
#include "engine/data/lexicon.h"
#include "engine/data/utf8.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <fstream>
#include <set>
#include <sstream>

using namespace ner;

namespace {

std::vector<std::string> characters(const std::string& text) {
    return splitCodePoints(text, "test", 1);
}

std::set<std::string> featureNames(std::uint32_t bits) {
    std::set<std::string> names;
    for (int k = 0; k < kLexiconFeatures; ++k)
        if (bits & (1u << k)) names.insert(lexiconFeatureName(k));
    return names;
}

// Worked by hand in handWorkedFeatures().
const char* kSmallDictionary = "北京 100 ns\n"
                               "北京大学 50 nt\n"
                               "大学 80 n\n"
                               "李明 5 nr\n"
                               "学 10 v\n";

} // namespace

class TestLexicon : public QObject {
    Q_OBJECT

private slots:
    void readsClassesFromPartsOfSpeech();
    void namesEveryFeature();
    void handWorkedFeatures();
    void laterLinesWinAndZeroRemoves();
    void frequencyAndPartOfSpeechAreOptional();
    void malformedLinesNameFileAndLine_data();
    void malformedLinesNameFileAndLine();
    void missingFileIsAnError();
    void segmentsAsJieba();
    void textRoundTripKeepsFeatures();
};

void TestLexicon::readsClassesFromPartsOfSpeech() {
    QCOMPARE(wordClassFromPartOfSpeech("nr"), WordClass::Person);
    QCOMPARE(wordClassFromPartOfSpeech("nrt"), WordClass::Person);
    QCOMPARE(wordClassFromPartOfSpeech("nrfg"), WordClass::Person);
    QCOMPARE(wordClassFromPartOfSpeech("ns"), WordClass::Place);
    QCOMPARE(wordClassFromPartOfSpeech("nt"), WordClass::Organisation);
    QCOMPARE(wordClassFromPartOfSpeech("nz"), WordClass::ProperNoun);
    for (const char* other : {"n", "vn", "q", "t", "a", "ns2", "N"})
        QCOMPARE(wordClassFromPartOfSpeech(other), WordClass::Other);
    QCOMPARE(wordClassFromPartOfSpeech(""), WordClass::Other);
}

void TestLexicon::namesEveryFeature() {
    std::set<std::string> names;
    for (int k = 0; k < kLexiconFeatures; ++k)
        names.insert(lexiconFeatureName(k));
    QCOMPARE(int(names.size()), kLexiconFeatures); // all distinct
    QCOMPARE(lexiconFeatureName(0), std::string("B-other"));
    QCOMPARE(lexiconFeatureName(kWordClasses + 2), std::string("M-place"));
    QCOMPARE(lexiconFeatureName(2 * kWordClasses + 4), std::string("E-proper noun"));
    QCOMPARE(lexiconFeatureName(3 * kWordClasses), std::string("seg-B"));
    QCOMPARE(lexiconFeatureName(kLexiconFeatures - 1), std::string("seg-S"));
}

void TestLexicon::handWorkedFeatures() {
    const Lexicon lex = Lexicon::parse(kSmallDictionary, "small.txt");
    QCOMPARE(lex.size(), size_t(5));
    const auto chars = characters("李明在北京大学");

    // Words of two or more characters, wherever they occur (学 alone is too short).
    const auto matches = lex.matches(chars);
    QCOMPARE(int(matches.size()), 4);
    const std::vector<std::tuple<int, int, WordClass>> expected{{0, 2, WordClass::Person},
                                                                {3, 5, WordClass::Place},
                                                                {3, 7, WordClass::Organisation},
                                                                {5, 7, WordClass::Other}};
    for (size_t k = 0; k < expected.size(); ++k) {
        QCOMPARE(matches[k].begin, std::get<0>(expected[k]));
        QCOMPARE(matches[k].end, std::get<1>(expected[k]));
        QCOMPARE(matches[k].wordClass, std::get<2>(expected[k]));
    }

    // Σ frequency = 245. 李明 (5/245) beats 李 and 明 as unknown characters (1/245 each);
    // 北京大学 (50/245 = 0.204) beats 北京 + 大学 (0.408 · 0.327 = 0.133).
    QCOMPARE(lex.segment(chars), (std::vector<int>{2, 1, 4}));

    const std::vector<std::set<std::string>> bits{{"B-person", "seg-B"},
                                                  {"E-person", "seg-E"},
                                                  {"seg-S"},
                                                  {"B-place", "B-organisation", "seg-B"},
                                                  {"E-place", "M-organisation", "seg-M"},
                                                  {"M-organisation", "B-other", "seg-M"},
                                                  {"E-organisation", "E-other", "seg-E"}};
    const auto features = lex.features(chars);
    QCOMPARE(features.size(), chars.size());
    for (size_t k = 0; k < chars.size(); ++k)
        QCOMPARE(featureNames(features[k]), bits[k]);

    // Without 北京大学, the split into 北京 + 大学 wins.
    const Lexicon smaller = Lexicon::parse("北京 100 ns\n大学 80 n\n李明 5 nr\n学 10 v\n", "s");
    QCOMPARE(smaller.segment(chars), (std::vector<int>{2, 1, 2, 2}));
    QVERIFY(lex.features({}).empty());
    QVERIFY(lex.segment({}).empty());
}

void TestLexicon::laterLinesWinAndZeroRemoves() {
    const Lexicon lex = Lexicon::parse("北京 100 ns\n大学 80 n\n北京 7 nt\n大学 0\n", "d.txt");
    QCOMPARE(lex.size(), size_t(2));
    const auto matches = lex.matches(characters("北京大学"));
    QCOMPARE(int(matches.size()), 1);
    QCOMPARE(matches[0].wordClass, WordClass::Organisation);
    QCOMPARE(lex.segment(characters("北京大学")), (std::vector<int>{2, 1, 1}));
    // What toText() writes reads back as the same dictionary, the removal included.
    const Lexicon again = Lexicon::parse(lex.toText(), "again");
    QCOMPARE(again.features(characters("北京大学")), lex.features(characters("北京大学")));
}

void TestLexicon::frequencyAndPartOfSpeechAreOptional() {
    // Tabs or spaces, a CRLF line end, a BOM and blank lines are all fine.
    const Lexicon lex = Lexicon::parse("\xEF\xBB\xBF北约\r\n\n导弹\t20\n", "d.txt");
    QCOMPARE(lex.size(), size_t(2));
    const auto matches = lex.matches(characters("北约导弹"));
    QCOMPARE(int(matches.size()), 2);
    QCOMPARE(matches[0].wordClass, WordClass::Other);
    QCOMPARE(lex.segment(characters("北约导弹")), (std::vector<int>{2, 2}));
}

void TestLexicon::malformedLinesNameFileAndLine_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("problem");
    QTest::newRow("four fields") << QByteArray("北京 1 ns\n大学 1 n x\n") << 2 << "4 fields";
    QTest::newRow("frequency not a number")
        << QByteArray("北京 1 ns\n\n大学 many n\n") << 3 << "frequency \"many\"";
    QTest::newRow("negative frequency") << QByteArray("北京 -3 ns\n") << 1 << "non-negative";
    QTest::newRow("frequency with junk") << QByteArray("北京 3x ns\n") << 1 << "frequency \"3x\"";
    QTest::newRow("not UTF-8") << QByteArray("北京 1\n\xff\xfe 2\n") << 2 << "not valid UTF-8";
    QTest::newRow("empty") << QByteArray("\n  \n") << 0 << "no words";
    QTest::newRow("only removed words") << QByteArray("北京 0\n") << 0 << "no words";
}

void TestLexicon::malformedLinesNameFileAndLine() {
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, problem);
    try {
        Lexicon::parse(std::string_view(content.constData(), size_t(content.size())), "dict.txt");
        QFAIL("no error");
    } catch (const DataError& e) {
        QCOMPARE(QString::fromStdString(e.file()), QString("dict.txt"));
        QCOMPARE(e.line(), line);
        QVERIFY2(QString::fromStdString(e.problem()).contains(problem), e.what());
    }
}

void TestLexicon::missingFileIsAnError() {
    try {
        Lexicon::read("/nonexistent/dict.txt");
        QFAIL("no error");
    } catch (const DataError& e) {
        QCOMPARE(QString::fromStdString(e.file()), QString("/nonexistent/dict.txt"));
        QVERIFY2(QString(e.what()).contains("cannot open"), e.what());
    }
}

void TestLexicon::segmentsAsJieba() {
    // The fixture was written by tests/jieba/make_segmentation_fixture.py with Debian's
    // python3-jieba, whose dictionary .ci/install-deps installs.
    QVERIFY2(std::ifstream(kDefaultDictionary).good(),
             "jieba's dictionary is missing: run .ci/install-deps (it installs python3-jieba)");
    const Lexicon lex = Lexicon::read(kDefaultDictionary);
    QCOMPARE(lex.size(), size_t(349045)); // 349,046 lines; one word is listed twice
    std::ifstream in(std::string(NER_JIEBA_FIXTURE_DIR) + "/segmentation_fixture.json");
    QVERIFY(in.good());
    const auto fixture = nlohmann::json::parse(in);
    int words = 0;
    for (const auto& c : fixture.at("cases")) {
        const auto chars = characters(c.at("text").get<std::string>());
        std::vector<int> expected;
        for (const auto& w : c.at("words"))
            expected.push_back(int(characters(w.get<std::string>()).size()));
        QCOMPARE(lex.segment(chars), expected);
        words += int(expected.size());
    }
    QCOMPARE(int(fixture.at("cases").size()), 103);
    qInfo("%d words in 103 sentences segmented as jieba does", words);
}

void TestLexicon::textRoundTripKeepsFeatures() {
    const Lexicon lex = Lexicon::parse(kSmallDictionary, "small.txt");
    const Lexicon again = Lexicon::parse(lex.toText(), "again");
    QCOMPARE(again.size(), lex.size());
    for (const Sentence& s : loadDatasetFromText(builtinCorpusText(), "builtin", {}).sentences)
        QCOMPARE(again.features(s.chars), lex.features(s.chars));
    QVERIFY(lex.toText().find("北京大学 50 nt\n") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestLexicon)
#include "tst_lexicon.moc"
