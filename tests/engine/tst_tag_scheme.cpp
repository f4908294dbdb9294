// Span extraction with conlleval's chunk rules, scheme conversion and detection, tag checks.
#include "engine/data/tag_scheme.h"
#include "engine/nn/tag_transitions.h"

#include <QtTest>

#include <sstream>
#include <stdexcept>

using namespace ner;

using Tags = std::vector<std::string>;
using Spans = std::vector<Span>;

Q_DECLARE_METATYPE(Tags)
Q_DECLARE_METATYPE(Spans)
Q_DECLARE_METATYPE(TagScheme)

namespace {

// "B-PER I-PER O" -> {"B-PER", "I-PER", "O"}
Tags tags(const char* text) {
    Tags out;
    std::istringstream in(text);
    for (std::string tag; in >> tag;)
        out.push_back(tag);
    return out;
}

Sentence sentence(const char* tagText) {
    Sentence s;
    s.tags = tags(tagText);
    s.chars.assign(s.tags.size(), "x");
    return s;
}

QString describe(const Spans& spans) {
    QStringList parts;
    for (const Span& s : spans)
        parts << QString("[%1,%2)%3").arg(s.begin).arg(s.end).arg(QString::fromStdString(s.type));
    return parts.join(' ');
}

} // namespace

class TestTagScheme : public QObject {
    Q_OBJECT

private slots:
    void extractsSpans_data();
    void extractsSpans();
    void writesTags_data();
    void writesTags();
    void roundTripsBetweenSchemes_data();
    void roundTripsBetweenSchemes();
    void normalisesLenientBio();
    void rejectsBadSpans();
    void extractRejectsMalformedTags();
    void detectsScheme_data();
    void detectsScheme();
    void namesSchemes();
    void checksTags_data();
    void checksTags();
    void transitionsAllowExactlyWhatSchemesWrite_data();
    void transitionsAllowExactlyWhatSchemesWrite();
    void constraintMasksFollowTheRules();
};

void TestTagScheme::extractsSpans_data() {
    QTest::addColumn<TagScheme>("scheme");
    QTest::addColumn<Tags>("input");
    QTest::addColumn<Spans>("expected");
    const auto bio = TagScheme::Bio, bioes = TagScheme::Bioes, bmes = TagScheme::Bmes;
    QTest::newRow("all O") << bio << tags("O O O") << Spans{};
    QTest::newRow("empty") << bio << Tags{} << Spans{};
    QTest::newRow("bio basic") << bio << tags("B-PER I-PER O B-LOC")
                               << Spans{{0, 2, "PER"}, {3, 4, "LOC"}};
    QTest::newRow("bio entity at end") << bio << tags("O B-LOC I-LOC") << Spans{{1, 3, "LOC"}};
    QTest::newRow("bio I after O starts") << bio << tags("O I-PER I-PER O") << Spans{{1, 3, "PER"}};
    QTest::newRow("bio I at start") << bio << tags("I-PER O") << Spans{{0, 1, "PER"}};
    QTest::newRow("bio I of other type starts")
        << bio << tags("B-PER I-LOC") << Spans{{0, 1, "PER"}, {1, 2, "LOC"}};
    QTest::newRow("bio B B adjacent")
        << bio << tags("B-PER B-PER I-PER") << Spans{{0, 1, "PER"}, {1, 3, "PER"}};
    QTest::newRow("bio B of other type")
        << bio << tags("B-PER B-LOC") << Spans{{0, 1, "PER"}, {1, 2, "LOC"}};
    QTest::newRow("type with hyphen") << bio << tags("B-GPE-X I-GPE-X") << Spans{{0, 2, "GPE-X"}};
    QTest::newRow("bioes basic") << bioes << tags("B-PER I-PER E-PER S-LOC O")
                                 << Spans{{0, 3, "PER"}, {3, 4, "LOC"}};
    QTest::newRow("bioes S S") << bioes << tags("S-PER S-PER")
                               << Spans{{0, 1, "PER"}, {1, 2, "PER"}};
    QTest::newRow("bioes E ends chunk")
        << bioes << tags("B-PER E-PER I-PER") << Spans{{0, 2, "PER"}, {2, 3, "PER"}};
    QTest::newRow("bioes orphan E") << bioes << tags("O E-PER O") << Spans{{1, 2, "PER"}};
    QTest::newRow("bioes E E") << bioes << tags("B-PER E-PER E-PER")
                               << Spans{{0, 2, "PER"}, {2, 3, "PER"}};
    QTest::newRow("bioes unfinished B I at end")
        << bioes << tags("B-PER I-PER") << Spans{{0, 2, "PER"}};
    QTest::newRow("bioes B then S")
        << bioes << tags("B-PER S-PER") << Spans{{0, 1, "PER"}, {1, 2, "PER"}};
    QTest::newRow("bmes basic") << bmes << tags("B-ORG M-ORG E-ORG S-PER O")
                                << Spans{{0, 3, "ORG"}, {3, 4, "PER"}};
    QTest::newRow("bmes orphan M") << bmes << tags("O M-ORG E-ORG") << Spans{{1, 3, "ORG"}};
    QTest::newRow("bmes M of other type")
        << bmes << tags("B-ORG M-LOC E-LOC") << Spans{{0, 1, "ORG"}, {1, 3, "LOC"}};
}

void TestTagScheme::extractsSpans() {
    QFETCH(TagScheme, scheme);
    QFETCH(Tags, input);
    QFETCH(Spans, expected);
    const Spans actual = extractSpans(input, scheme);
    QCOMPARE(describe(actual), describe(expected));
    QVERIFY(actual == expected);
}

void TestTagScheme::writesTags_data() {
    QTest::addColumn<TagScheme>("scheme");
    QTest::addColumn<Tags>("expected");
    // Spans given out of order on purpose: the writer must not care.
    QTest::newRow("bio") << TagScheme::Bio << tags("B-PER I-PER I-PER O B-LOC O");
    QTest::newRow("bioes") << TagScheme::Bioes << tags("B-PER I-PER E-PER O S-LOC O");
    QTest::newRow("bmes") << TagScheme::Bmes << tags("B-PER M-PER E-PER O S-LOC O");
}

void TestTagScheme::writesTags() {
    QFETCH(TagScheme, scheme);
    QFETCH(Tags, expected);
    const Spans spans{{4, 5, "LOC"}, {0, 3, "PER"}};
    QCOMPARE(spansToTags(spans, 6, scheme), expected);
}

void TestTagScheme::roundTripsBetweenSchemes_data() {
    QTest::addColumn<Tags>("bio");
    QTest::addColumn<Tags>("bioes");
    QTest::addColumn<Tags>("bmes");
    QTest::newRow("mixed") << tags("B-PER I-PER O B-LOC B-LOC I-LOC I-LOC O B-ORG")
                           << tags("B-PER E-PER O S-LOC B-LOC I-LOC E-LOC O S-ORG")
                           << tags("B-PER E-PER O S-LOC B-LOC M-LOC E-LOC O S-ORG");
    QTest::newRow("adjacent types")
        << tags("B-PER B-LOC I-LOC") << tags("S-PER B-LOC E-LOC") << tags("S-PER B-LOC E-LOC");
    QTest::newRow("only O") << tags("O O") << tags("O O") << tags("O O");
}

void TestTagScheme::roundTripsBetweenSchemes() {
    QFETCH(Tags, bio);
    QFETCH(Tags, bioes);
    QFETCH(Tags, bmes);
    const auto b = TagScheme::Bio, e = TagScheme::Bioes, m = TagScheme::Bmes;
    QCOMPARE(convertTags(bio, b, e), bioes);
    QCOMPARE(convertTags(bio, b, m), bmes);
    QCOMPARE(convertTags(bioes, e, b), bio);
    QCOMPARE(convertTags(bmes, m, b), bio);
    QCOMPARE(convertTags(bioes, e, m), bmes);
    QCOMPARE(convertTags(bmes, m, e), bioes);
    QCOMPARE(convertTags(convertTags(bio, b, e), e, b), bio);
    QCOMPARE(convertTags(bio, b, b), bio);
}

void TestTagScheme::normalisesLenientBio() {
    // conlleval reads "O I-PER" as an entity; converting writes it the strict way.
    QCOMPARE(convertTags(tags("O I-PER I-PER"), TagScheme::Bio, TagScheme::Bio),
             tags("O B-PER I-PER"));
    QCOMPARE(convertTags(tags("B-PER I-LOC"), TagScheme::Bio, TagScheme::Bioes),
             tags("S-PER S-LOC"));
}

void TestTagScheme::rejectsBadSpans() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             spansToTags({{2, 5, "PER"}}, 4, TagScheme::Bio));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             spansToTags({{-1, 1, "PER"}}, 4, TagScheme::Bio));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             spansToTags({{2, 2, "PER"}}, 4, TagScheme::Bio));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, spansToTags({{0, 1, ""}}, 4, TagScheme::Bio));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             spansToTags({{0, 2, "PER"}, {1, 3, "LOC"}}, 4, TagScheme::Bio));
}

void TestTagScheme::extractRejectsMalformedTags() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, extractSpans(tags("O X-PER"), TagScheme::Bio));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, extractSpans(tags("PER"), TagScheme::Bio));
}

void TestTagScheme::detectsScheme_data() {
    QTest::addColumn<QStringList>("corpus"); // one sentence per entry
    QTest::addColumn<int>("expected");       // a TagScheme, or -1 for nullopt
    QTest::newRow("bio") << QStringList{"B-PER I-PER O", "O B-LOC"} << int(TagScheme::Bio);
    QTest::newRow("only O is bio") << QStringList{"O O", "O"} << int(TagScheme::Bio);
    QTest::newRow("empty corpus is bio") << QStringList{} << int(TagScheme::Bio);
    QTest::newRow("bioes by S") << QStringList{"B-PER I-PER O", "S-LOC"} << int(TagScheme::Bioes);
    QTest::newRow("bioes by E") << QStringList{"B-PER E-PER"} << int(TagScheme::Bioes);
    QTest::newRow("bmes") << QStringList{"B-PER M-PER E-PER", "S-LOC O"} << int(TagScheme::Bmes);
    QTest::newRow("bmes without E or S") << QStringList{"B-PER M-PER"} << int(TagScheme::Bmes);
    QTest::newRow("I and M mixed") << QStringList{"B-PER I-PER", "B-LOC M-LOC E-LOC"} << -1;
    QTest::newRow("bad tag") << QStringList{"B-PER X-PER"} << -1;
}

void TestTagScheme::detectsScheme() {
    QFETCH(QStringList, corpus);
    QFETCH(int, expected);
    std::vector<Sentence> sentences;
    for (const QString& s : corpus)
        sentences.push_back(sentence(qPrintable(s)));
    const std::optional<TagScheme> detected = ner::detectScheme(sentences);
    QCOMPARE(detected ? int(*detected) : -1, expected);
}

void TestTagScheme::namesSchemes() {
    for (TagScheme s : {TagScheme::Bio, TagScheme::Bioes, TagScheme::Bmes})
        QCOMPARE(parseScheme(schemeName(s)), std::optional(s));
    QCOMPARE(schemeName(TagScheme::Bioes), std::string("bioes"));
    QCOMPARE(parseScheme("BIO"), std::optional(TagScheme::Bio));
    QCOMPARE(parseScheme("bmeso"), std::optional(TagScheme::Bmes));
    QVERIFY(!parseScheme("iob2").has_value());
    QVERIFY(!parseScheme("").has_value());
}

void TestTagScheme::checksTags_data() {
    QTest::addColumn<QString>("tag");
    QTest::addColumn<int>("scheme");      // a TagScheme, or -1 for "any"
    QTest::addColumn<QString>("problem"); // empty: valid
    QTest::newRow("O") << "O" << -1 << "";
    QTest::newRow("B-PER") << "B-PER" << -1 << "";
    QTest::newRow("M-PER any") << "M-PER" << -1 << "";
    QTest::newRow("S-PER bioes") << "S-PER" << int(TagScheme::Bioes) << "";
    QTest::newRow("M-PER bmes") << "M-PER" << int(TagScheme::Bmes) << "";
    QTest::newRow("X-PER") << "X-PER" << -1 << "unknown tag prefix in \"X-PER\"";
    QTest::newRow("lower-case prefix") << "b-PER" << -1 << "unknown tag prefix in \"b-PER\"";
    QTest::newRow("long prefix") << "BB-PER" << -1 << "unknown tag prefix in \"BB-PER\"";
    QTest::newRow("no prefix") << "PER" << -1 << "tag \"PER\" is neither O nor PREFIX-TYPE";
    QTest::newRow("lower-case o") << "o" << -1 << "tag \"o\" is neither O nor PREFIX-TYPE";
    QTest::newRow("no type") << "B-" << -1 << "missing entity type in \"B-\"";
    QTest::newRow("empty") << "" << -1 << "empty tag";
    QTest::newRow("E-PER in bio") << "E-PER" << int(TagScheme::Bio)
                                  << "unknown tag prefix in \"E-PER\" for scheme bio";
    QTest::newRow("I-PER in bmes")
        << "I-PER" << int(TagScheme::Bmes) << "unknown tag prefix in \"I-PER\" for scheme bmes";
}

void TestTagScheme::checksTags() {
    QFETCH(QString, tag);
    QFETCH(int, scheme);
    QFETCH(QString, problem);
    const std::optional<TagScheme> s =
        scheme < 0 ? std::nullopt : std::optional(static_cast<TagScheme>(scheme));
    const std::optional<std::string> actual = tagProblem(tag.toStdString(), s);
    QCOMPARE(QString::fromStdString(actual.value_or("")), problem);
}

void TestTagScheme::transitionsAllowExactlyWhatSchemesWrite_data() {
    QTest::addColumn<TagScheme>("scheme");
    QTest::addColumn<Tags>("alphabet");
    QTest::newRow("BIO") << TagScheme::Bio << tags("O B-PER I-PER B-LOC I-LOC");
    QTest::newRow("BIOES") << TagScheme::Bioes
                           << tags("O B-PER I-PER E-PER S-PER B-LOC I-LOC E-LOC S-LOC");
    QTest::newRow("BMES") << TagScheme::Bmes << tags("O B-ORG M-ORG E-ORG S-ORG B-LOC E-LOC");
}

void TestTagScheme::transitionsAllowExactlyWhatSchemesWrite() {
    // Every sequence up to length 4 over the alphabet: allowed exactly when writing its spans
    // back in the same scheme gives the sequence unchanged, i.e. when no lenient reading
    // (an I- that opens a chunk, a B- left open, a type change inside a chunk) is involved.
    QFETCH(TagScheme, scheme);
    QFETCH(Tags, alphabet);
    const size_t K = alphabet.size();
    int allowed = 0, forbidden = 0;
    for (size_t length = 1; length <= 4; ++length) {
        std::vector<size_t> odometer(length, 0);
        for (;;) {
            Tags t;
            for (size_t k : odometer)
                t.push_back(alphabet[k]);
            const bool canonical = convertTags(t, scheme, scheme) == t;
            const bool ok = sequenceAllowed(t, scheme);
            if (ok != canonical) {
                std::string joined;
                for (const auto& tag : t)
                    joined += tag + " ";
                QFAIL(qPrintable(QString("%1: allowed %2, canonical %3")
                                     .arg(QString::fromStdString(joined))
                                     .arg(ok)
                                     .arg(canonical)));
            }
            ++(ok ? allowed : forbidden);
            size_t i = 0;
            while (i < length && ++odometer[i] == K)
                odometer[i++] = 0;
            if (i == length) break;
        }
    }
    QVERIFY(allowed > 0);
    QVERIFY(forbidden > 0);
}

void TestTagScheme::constraintMasksFollowTheRules() {
    const Tags names = tags("O B-PER I-PER E-PER S-PER");
    const auto c = TransitionConstraints::forTags(names, TagScheme::Bioes);
    QCOMPARE(c.transitions.rows(), 5);
    QCOMPARE(c.start.rows(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(c.start(i, 0) == 0, mayStart(names[size_t(i)], TagScheme::Bioes));
        QCOMPARE(c.end(i, 0) == 0, mayEnd(names[size_t(i)], TagScheme::Bioes));
        for (int j = 0; j < 5; ++j)
            QCOMPARE(c.transitions(i, j) == 0,
                     transitionAllowed(names[size_t(i)], names[size_t(j)], TagScheme::Bioes));
    }
    QCOMPARE(c.transitions(1, 0), TransitionConstraints::kForbidden); // B-PER → O
    QCOMPARE(c.transitions(1, 3), Scalar(0));                         // B-PER → E-PER
    QCOMPARE(c.start(2, 0), TransitionConstraints::kForbidden);       // I-PER first
    QVERIFY(sequenceAllowed({}, TagScheme::Bioes));
}

QTEST_APPLESS_MAIN(TestTagScheme)
#include "tst_tag_scheme.moc"
