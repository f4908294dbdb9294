// Character normalisation, the vocabulary's id order and lookups, the tag set.
#include "engine/data/builtin_corpus.h"
#include "engine/data/data_error.h"
#include "engine/data/dataset_reader.h"
#include "engine/data/vocabulary.h"
#include "engine/model/tagger.h"
#include "engine/train/evaluator.h"

#include <QtTest>

#include <sstream>
#include <stdexcept>

using namespace ner;

Q_DECLARE_METATYPE(std::string)

namespace {

// Sentence from space-separated characters, all tagged O.
Sentence sentence(const char* text) {
    Sentence s;
    std::istringstream in(text);
    for (std::string ch; in >> ch;)
        s.chars.push_back(ch);
    s.tags.assign(s.chars.size(), "O");
    return s;
}

using Tokens = std::vector<std::string>;

} // namespace

class TestVocabulary : public QObject {
    Q_OBJECT

private slots:
    void normalizes_data();
    void normalizes();
    void ordersByCountThenCodePoint();
    void appliesMinCount();
    void looksUpThroughNormalization();
    void keepsSpecialTokens();
    void restoresFromTokens();
    void rejectsBadTokenLists();
    void buildsTagSet();
    void tagSetFromNames();
    void tagSetForConvertsEverySentence();
    void unknownTagNamesFileLineAndTypes();
};

void TestVocabulary::normalizes_data() {
    QTest::addColumn<std::string>("input");
    QTest::addColumn<bool>("fullWidth");
    QTest::addColumn<bool>("digits");
    QTest::addColumn<std::string>("expected");
    QTest::newRow("full-width A") << std::string("Ａ") << true << false << std::string("A");
    QTest::newRow("full-width !, first of the range")
        << std::string("！") << true << false << std::string("!");
    QTest::newRow("full-width ~, last of the range")
        << std::string("～") << true << false << std::string("~");
    QTest::newRow("U+FF5F just after the range")
        << std::string("｟") << true << false << std::string("｟");
    QTest::newRow("ideographic space")
        << std::string("\xE3\x80\x80") << true << false << std::string(" ");
    QTest::newRow("full-width kept when off")
        << std::string("Ａ") << false << false << std::string("Ａ");
    QTest::newRow("full-width digit, folding only")
        << std::string("７") << true << false << std::string("7");
    QTest::newRow("full-width digit to zero")
        << std::string("７") << true << true << std::string("0");
    QTest::newRow("full-width digit to zero, no folding")
        << std::string("７") << false << true << std::string("0");
    QTest::newRow("ASCII digit") << std::string("9") << true << true << std::string("0");
    QTest::newRow("ASCII digit kept when off")
        << std::string("9") << true << false << std::string("9");
    QTest::newRow("Arabic-Indic three")
        << std::string("\xD9\xA3") << true << true << std::string("0");
    QTest::newRow("Devanagari nine")
        << std::string("\xE0\xA5\xAF") << true << true << std::string("0");
    QTest::newRow("mathematical bold 9 (U+1D7D7)")
        << std::string("\xF0\x9D\x9F\x97") << true << true << std::string("0");
    QTest::newRow("superscript two is not Nd")
        << std::string("²") << true << true << std::string("²");
    QTest::newRow("Chinese numeral is not Nd")
        << std::string("五") << true << true << std::string("五");
    QTest::newRow("Roman numeral is not Nd")
        << std::string("Ⅷ") << true << true << std::string("Ⅷ");
    QTest::newRow("letter") << std::string("a") << true << true << std::string("a");
    QTest::newRow("Chinese") << std::string("李") << true << true << std::string("李");
}

void TestVocabulary::normalizes() {
    QFETCH(std::string, input);
    QFETCH(bool, fullWidth);
    QFETCH(bool, digits);
    QFETCH(std::string, expected);
    QCOMPARE(normalizeChar(input, NormalizeOptions{fullWidth, digits}), expected);
}

void TestVocabulary::ordersByCountThenCodePoint() {
    // Counts: b 3, a 2, then c, d, é, 李, 😀 once each, tied and so in code point order
    // (U+63, U+64, U+E9, U+674E, U+1F600) whatever order they appear in.
    const std::vector<Sentence> corpus{sentence("b 😀 a b 李"), sentence("é d a b c")};
    const Vocabulary v = Vocabulary::build(corpus, 1, {});
    const Tokens expected{"<pad>", "<unk>", "b", "a", "c", "d", "é", "李", "😀"};
    QCOMPARE(v.tokens(), expected);
    QCOMPARE(v.size(), 9);
    QCOMPARE(v.id("b"), 2);
    QCOMPARE(v.id("😀"), 8);
    QCOMPARE(v.token(7), std::string("李"));
}

void TestVocabulary::appliesMinCount() {
    const std::vector<Sentence> corpus{sentence("b a b c"), sentence("a b")};
    const Vocabulary v = Vocabulary::build(corpus, 2, {});
    QCOMPARE(v.tokens(), (Tokens{"<pad>", "<unk>", "b", "a"}));
    QCOMPARE(v.id("c"), Vocabulary::kUnkId);
    QVERIFY(!v.contains("c"));
    // minCount below 1 behaves as 1.
    QCOMPARE(Vocabulary::build(corpus, 0, {}).size(), 5);
}

void TestVocabulary::looksUpThroughNormalization() {
    NormalizeOptions o;
    o.digitsToZero = true;
    // Ａ and A fold together (count 2); 1, ７ and 3 all become 0 (count 3).
    const Vocabulary v = Vocabulary::build({sentence("Ａ A 1 ７ 3 x")}, 1, o);
    QCOMPARE(v.tokens(), (Tokens{"<pad>", "<unk>", "0", "A", "x"}));
    QCOMPARE(v.id("Ａ"), v.id("A"));
    QCOMPARE(v.id("٣"), 2); // any decimal digit, also one never seen
    QVERIFY(v.contains("Ａ"));
    QVERIFY(!v.contains("B"));
    QCOMPARE(v.id("B"), Vocabulary::kUnkId);
    QCOMPARE(v.normalize(), o);
}

void TestVocabulary::keepsSpecialTokens() {
    const Vocabulary empty;
    QCOMPARE(empty.size(), 2);
    QCOMPARE(empty.token(Vocabulary::kPadId), std::string("<pad>"));
    QCOMPARE(empty.token(Vocabulary::kUnkId), std::string("<unk>"));
    QCOMPARE(empty.id("a"), 1);
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, empty.token(2));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, empty.token(-1));
}

void TestVocabulary::restoresFromTokens() {
    NormalizeOptions o{false, true};
    const Vocabulary original = Vocabulary::build({sentence("q r r 5")}, 1, o);
    const Vocabulary restored = Vocabulary::fromTokens(original.tokens(), original.normalize());
    QCOMPARE(restored.tokens(), original.tokens());
    QCOMPARE(restored.normalize(), o);
    for (const char* ch : {"q", "r", "5", "8", "z"})
        QCOMPARE(restored.id(ch), original.id(ch));
}

void TestVocabulary::rejectsBadTokenLists() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Vocabulary::fromTokens({"a", "b"}, {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Vocabulary::fromTokens({"<pad>"}, {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             Vocabulary::fromTokens({"<pad>", "<unk>", "a", "a"}, {}));
}

void TestVocabulary::buildsTagSet() {
    std::vector<Sentence> corpus{sentence("a b c"), sentence("d e")};
    corpus[0].tags = {"I-PER", "B-PER", "O"};
    corpus[1].tags = {"B-LOC", "B-PER"};
    const TagSet tags = TagSet::build(corpus);
    QCOMPARE(tags.names(), (Tokens{"O", "B-LOC", "B-PER", "I-PER"}));
    QCOMPARE(tags.size(), 4);
    QCOMPARE(tags.id("O"), 0);
    QCOMPARE(tags.id("I-PER"), 3);
    QCOMPARE(tags.id("I-LOC"), -1);
    QCOMPARE(tags.name(1), std::string("B-LOC"));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, tags.name(4));
    // O is always id 0, even in a corpus without it.
    std::vector<Sentence> allEntities{sentence("a")};
    allEntities[0].tags = {"S-X"};
    QCOMPARE(TagSet::build(allEntities).names(), (Tokens{"O", "S-X"}));
}

void TestVocabulary::tagSetFromNames() {
    const TagSet tags = TagSet::fromNames({"O", "B-X", "I-X"});
    QCOMPARE(tags.id("I-X"), 2);
    QCOMPARE(tags.name(1), std::string("B-X"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TagSet::fromNames({"O", "B-X", "O"}));
}

void TestVocabulary::unknownTagNamesFileLineAndTypes() {
    // A model trained on X and Y, scored on data with a Z (and with a two-character X, which
    // it never saw: BIOES needs B-X and E-X for it). Before, the loss met the unknown tag as an
    // "unlabelled position" and said nothing of where.
    std::vector<Sentence> training{sentence("a b c"), sentence("d e")};
    training[0].tags = {"B-X", "O", "O"};
    training[1].tags = {"B-Y", "I-Y"};
    ModelConfig config;
    config.embeddingDim = 4;
    config.hiddenDim = 3;
    config.scheme = TagScheme::Bioes;
    const Tagger model = Tagger::create(config, Vocabulary::build(training, 1, config.normalize),
                                        tagSetFor({&training}, TagScheme::Bio, config.scheme), 1);
    const LabelledSet fine = prepareLabelledSet(model, training, TagScheme::Bio, "fine.jsonl");
    QCOMPARE(fine.encoded.size(), size_t(2));

    std::vector<Sentence> other{sentence("a b"), sentence("c d e")};
    other[0].tags = {"B-X", "O"};
    other[0].line = 4;
    other[1].tags = {"O", "B-Z", "I-Z"};
    other[1].line = 7;
    for (auto [tags, expected] :
         {std::pair{Tokens{"O", "B-Z", "I-Z"}, std::string("other.jsonl:7: the model has no tag "
                                                           "B-Z (written in its BIOES scheme, "
                                                           "character 2): it was trained on "
                                                           "other entity types or spans; it "
                                                           "knows X, Y")},
          std::pair{Tokens{"B-X", "I-X", "O"},
                    std::string("other.jsonl:7: the model has no tag B-X (written in its BIOES "
                                "scheme, character 1)")}}) {
        other[1].tags = tags;
        try {
            prepareLabelledSet(model, other, TagScheme::Bio, "other.jsonl");
            QFAIL("no error for an unknown tag");
        } catch (const DataError& e) {
            QVERIFY2(std::string(e.what()).rfind(expected, 0) == 0, e.what());
            QCOMPARE(e.line(), 7);
        }
    }
}

void TestVocabulary::tagSetForConvertsEverySentence() {
    // By hand: a 1-character X and a 2-character Y, read as BIO, seen in BIOES and BMES.
    std::vector<Sentence> small{sentence("a b c"), sentence("d e")};
    small[0].tags = {"B-X", "O", "O"};
    small[1].tags = {"B-Y", "I-Y"};
    QCOMPARE(tagSetFor({&small}, TagScheme::Bio, TagScheme::Bioes).names(),
             (Tokens{"O", "B-Y", "E-Y", "S-X"}));
    QCOMPARE(tagSetFor({&small}, TagScheme::Bio, TagScheme::Bmes).names(),
             (Tokens{"O", "B-Y", "E-Y", "S-X"}));
    QCOMPARE(tagSetFor({&small}, TagScheme::Bio, TagScheme::Bio).names(),
             (Tokens{"O", "B-X", "B-Y", "I-Y"}));
    // Tags the data's scheme reads leniently are mended as prepareLabelledSet() mends them,
    // also into the same scheme: an I- that starts a span is a B-, and "I-Z" alone never
    // reaches the model.
    std::vector<Sentence> lenient{sentence("f g h")};
    lenient[0].tags = {"I-Z", "O", "I-X"};
    QCOMPARE(tagSetFor({&lenient}, TagScheme::Bio, TagScheme::Bio).names(),
             (Tokens{"O", "B-X", "B-Z"}));
    QCOMPARE(tagSetFor({&lenient}, TagScheme::Bio, TagScheme::Bioes).names(),
             (Tokens{"O", "S-X", "S-Z"}));

    // On a real corpus, in every pair of schemes: the tag set of every sentence converted.
    const LoadResult corpus = loadDatasetFromText(builtinCorpusText(), "builtin", {});
    for (TagScheme from : {TagScheme::Bio, TagScheme::Bioes, TagScheme::Bmes}) {
        std::vector<Sentence> data = corpus.sentences;
        for (Sentence& s : data)
            s.tags = convertTags(s.tags, corpus.scheme, from);
        for (TagScheme to : {TagScheme::Bio, TagScheme::Bioes, TagScheme::Bmes}) {
            std::vector<Sentence> converted = data;
            for (Sentence& s : converted)
                s.tags = convertTags(s.tags, from, to);
            const std::vector<Sentence> half(data.begin(), data.begin() + long(data.size() / 2));
            const std::vector<Sentence> rest(data.begin() + long(data.size() / 2), data.end());
            QCOMPARE(tagSetFor({&half, &rest}, from, to).names(), TagSet::build(converted).names());
        }
    }
}

QTEST_APPLESS_MAIN(TestVocabulary)
#include "tst_vocabulary.moc"
