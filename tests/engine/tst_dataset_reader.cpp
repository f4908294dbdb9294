// Loading JSONL, CoNLL and CLUENER: good files, every malformed input, skipBad, detection.
#include "engine/data/builtin_corpus.h"
#include "engine/data/data_error.h"
#include "engine/data/dataset_reader.h"
#include "test_files.h"

#include <QtTest>

#include <algorithm>

using namespace ner;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(DataFormat)

using ner::test::writeFile;

namespace {

const std::string kName = "input.txt";

LoadOptions options(DataFormat format = DataFormat::Auto, bool skipBad = false) {
    LoadOptions o;
    o.format = format;
    o.skipBad = skipBad;
    return o;
}

// Loads content, expecting a DataError; returns it (or fails the test through the flag).
std::optional<DataError> loadError(std::string_view content, const LoadOptions& o) {
    try {
        loadDatasetFromText(content, kName, o);
    } catch (const DataError& e) {
        return e;
    }
    return std::nullopt;
}

std::string testFile(const char* name) {
    return std::string(NER_TEST_DATA_DIR) + "/" + name;
}

using Tags = std::vector<std::string>;

} // namespace

class TestDatasetReader : public QObject {
    Q_OBJECT

private slots:
    void readsJsonl();
    void readsConll();
    void readsCluener();
    void writesCluenerInRequestedScheme();
    void toleratesBomAndCrlf();
    void detectsFormat_data();
    void detectsFormat();
    void namesFormats();
    void reportsBadRecords_data();
    void reportsBadRecords();
    void reportsFileProblems_data();
    void reportsFileProblems();
    void cannotOpenMissingFile();
    void cannotReadDirectory();
    void skipBadKeepsEveryReason();
    void skipBadWithNothingLeft();
    void detectsAndChecksScheme();
    void rejectsMixedSchemes();
    void loadsBuiltinCorpus();
    void loadsSharedCorpus();
    void reportsProgressAndCancels_data();
    void reportsProgressAndCancels();
};

void TestDatasetReader::reportsProgressAndCancels_data() {
    QTest::addColumn<QByteArray>("record");
    QTest::addColumn<QByteArray>("separator");
    QTest::newRow("JSONL") << QByteArray(R"({"text": ["李", "明"], "labels": ["B-PER", "I-PER"]})")
                           << QByteArray("\n");
    QTest::newRow("CoNLL") << QByteArray("李 B-PER\n明 I-PER") << QByteArray("\n\n");
    QTest::newRow("CLUENER") << QByteArray(
                                    R"({"text": "李明", "label": {"PER": {"李明": [[0, 1]]}}})")
                             << QByteArray("\n");
}

void TestDatasetReader::reportsProgressAndCancels() {
    QFETCH(QByteArray, record);
    QFETCH(QByteArray, separator);
    const int records = 1000;
    std::string content;
    for (int k = 0; k < records; ++k)
        content += record.toStdString() + separator.toStdString();
    const LoadResult plain = loadDatasetFromText(content, "big", {});
    QCOMPARE(plain.sentences.size(), std::size_t(records));

    // About every 1 % of the lines, rising, from 0 to exactly 1 at the end; the same result.
    std::vector<double> seen;
    LoadOptions watched;
    watched.progress = [&](double fraction) {
        seen.push_back(fraction);
        return true;
    };
    const LoadResult r = loadDatasetFromText(content, "big", watched);
    QCOMPARE(r.sentences.size(), plain.sentences.size());
    QCOMPARE(r.sentences.back().tags, plain.sentences.back().tags);
    QVERIFY2(seen.size() >= 90 && seen.size() <= 110, qPrintable(QString::number(seen.size())));
    QCOMPARE(seen.front(), 0.0);
    QCOMPARE(seen.back(), 1.0);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    for (size_t k = 1; k + 1 < seen.size(); ++k)
        QVERIFY2(seen[k] - seen[k - 1] < 0.03, qPrintable(QString::number(seen[k])));

    // Answering false stops the reader there: no result, a LoadCancelled.
    int calls = 0;
    LoadOptions cancelling;
    cancelling.progress = [&](double fraction) {
        ++calls;
        return fraction < 0.5;
    };
    QVERIFY_THROWS_EXCEPTION(LoadCancelled, loadDatasetFromText(content, "big", cancelling));
    QVERIFY2(calls > 40 && calls < 60, qPrintable(QString::number(calls)));
    // Even a callback that gives up at the very end cancels (the final call counts too).
    LoadOptions late;
    late.progress = [](double fraction) { return fraction < 1.0; };
    QVERIFY_THROWS_EXCEPTION(LoadCancelled, loadDatasetFromText(content, "big", late));
}

void TestDatasetReader::readsJsonl() {
    const LoadResult r = loadDataset(testFile("sample.jsonl"), {});
    QCOMPARE(r.format, DataFormat::Jsonl);
    QCOMPARE(r.scheme, TagScheme::Bio);
    QCOMPARE(r.skipped, 0);
    QCOMPARE(r.sentences.size(), std::size_t(2));
    QCOMPARE(r.sentences[0].chars, (Tags{"李", "明", "在", "北", "京"}));
    QCOMPARE(r.sentences[0].line, 1);
    // text given as a string is split into code points; the blank line 2 is skipped.
    QCOMPARE(r.sentences[1].chars, (Tags{"张", "三", "去", "上", "海"}));
    QCOMPARE(r.sentences[1].tags, (Tags{"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}));
    QCOMPARE(r.sentences[1].line, 3);
}

void TestDatasetReader::readsConll() {
    const LoadResult r = loadDataset(testFile("sample.conll"), {});
    QCOMPARE(r.format, DataFormat::Conll);
    QCOMPARE(r.sentences.size(), std::size_t(2));
    // Three columns: first is the character, last the tag; -DOCSTART- and blanks skipped.
    QCOMPARE(r.sentences[0].chars, (Tags{"李", "明", "在"}));
    QCOMPARE(r.sentences[0].tags, (Tags{"B-PER", "I-PER", "O"}));
    QCOMPARE(r.sentences[0].line, 3);
    // Tab-separated, after two blank lines, no trailing newline.
    QCOMPARE(r.sentences[1].chars, (Tags{"北", "京"}));
    QCOMPARE(r.sentences[1].tags, (Tags{"B-LOC", "I-LOC"}));
    QCOMPARE(r.sentences[1].line, 8);
}

void TestDatasetReader::readsCluener() {
    const LoadResult r = loadDataset(testFile("sample_cluener.json"), {});
    QCOMPARE(r.format, DataFormat::Cluener);
    QCOMPARE(r.scheme, TagScheme::Bio);
    QCOMPARE(r.sentences.size(), std::size_t(2));
    QCOMPARE(r.sentences[0].chars.size(), std::size_t(14));
    // 浙商银行 [0, 3] company, 叶老桂 [9, 11] name; end offsets are inclusive.
    const Tags first{"B-company", "I-company", "I-company", "I-company", "O",      "O", "O",
                     "O",         "O",         "B-name",    "I-name",    "I-name", "O", "O"};
    QCOMPARE(r.sentences[0].tags, first);
    QCOMPARE(r.sentences[1].chars[4], std::string("C"));
    QCOMPARE(r.sentences[1].tags[4], std::string("B-game"));
    QCOMPARE(r.sentences[1].tags[7], std::string("I-game"));
    QCOMPARE(r.sentences[1].tags[8], std::string("O"));
    QCOMPARE(r.sentences[1].line, 2);
}

void TestDatasetReader::writesCluenerInRequestedScheme() {
    LoadOptions o;
    o.scheme = TagScheme::Bmes;
    const LoadResult r = loadDatasetFromText(
        R"({"text": "abcd", "label": {"X": {"abc": [[0, 2]]}, "Y": {"d": [[3, 3]]}}})", kName, o);
    QCOMPARE(r.scheme, TagScheme::Bmes);
    QCOMPARE(r.sentences[0].tags, (Tags{"B-X", "M-X", "E-X", "S-Y"}));
}

void TestDatasetReader::toleratesBomAndCrlf() {
    const LoadResult jsonl = loadDatasetFromText(
        "\xEF\xBB\xBF{\"text\": \"ab\", \"labels\": [\"O\", \"O\"]}\r\n\r\n", kName, {});
    QCOMPARE(jsonl.format, DataFormat::Jsonl);
    QCOMPARE(jsonl.sentences.size(), std::size_t(1));
    const LoadResult conll = loadDatasetFromText("a O\r\nb B-X\r\n\r\nc O\r\n", kName, {});
    QCOMPARE(conll.sentences.size(), std::size_t(2));
    QCOMPARE(conll.sentences[0].tags, (Tags{"O", "B-X"}));
    QCOMPARE(conll.sentences[1].line, 4);
}

void TestDatasetReader::detectsFormat_data() {
    QTest::addColumn<std::string>("content");
    QTest::addColumn<DataFormat>("expected");
    QTest::newRow("jsonl") << std::string(R"({"text": ["a"], "labels": ["O"]})")
                           << DataFormat::Jsonl;
    QTest::newRow("jsonl, string text")
        << std::string(R"({"text": "a", "labels": ["O"]})") << DataFormat::Jsonl;
    QTest::newRow("cluener") << std::string(R"({"text": "a", "label": {}})") << DataFormat::Cluener;
    QTest::newRow("label but array text")
        << std::string(R"({"text": ["a"], "label": {}})") << DataFormat::Jsonl;
    QTest::newRow("after blank lines") << std::string("\n  \n"
                                                      R"(  {"text": "a", "label": {}})")
                                       << DataFormat::Cluener;
    QTest::newRow("broken json with label")
        << std::string(R"({"text": "a", "label": {)") << DataFormat::Cluener;
    QTest::newRow("broken json") << std::string(R"({"text": "a", "labels": [)")
                                 << DataFormat::Jsonl;
    QTest::newRow("conll") << std::string("a O\nb O\n") << DataFormat::Conll;
    QTest::newRow("conll starting with docstart")
        << std::string("-DOCSTART- O\n\na O\n") << DataFormat::Conll;
    QTest::newRow("conll with a brace char") << std::string("\n\n{ O\n") << DataFormat::Conll;
}

void TestDatasetReader::detectsFormat() {
    QFETCH(std::string, content);
    QFETCH(DataFormat, expected);
    QCOMPARE(detectFormat(content), expected);
}

void TestDatasetReader::namesFormats() {
    for (DataFormat f :
         {DataFormat::Auto, DataFormat::Jsonl, DataFormat::Conll, DataFormat::Cluener})
        QCOMPARE(parseFormat(formatName(f)), std::optional(f));
    QCOMPARE(parseFormat("CoNLL"), std::optional(DataFormat::Conll));
    QVERIFY(!parseFormat("csv").has_value());
}

void TestDatasetReader::reportsBadRecords_data() {
    // Each content holds good records and exactly one bad one, so the same input also
    // checks skipBad: one record skipped, its reason equal to the error's text.
    QTest::addColumn<std::string>("content");
    QTest::addColumn<DataFormat>("format");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("problem");
    const std::string good = R"({"text": ["a", "b"], "labels": ["B-X", "I-X"]})"
                             "\n";
    const auto jsonl = [&](const std::string& bad) { return good + "\n" + bad + "\n" + good; };
    const auto J = DataFormat::Auto;
    QTest::newRow("bad JSON")
        << jsonl(R"({"text": ["a"], "labels": ["O"])") << J << 3
        << "bad JSON: parse error at column 32: syntax error while parsing object";
    QTest::newRow("not an object")
        << jsonl(R"(["a", "O"])") << J << 3 << "record is a JSON array, not an object";
    QTest::newRow("missing text") << jsonl(R"({"chars": ["a"], "labels": ["O"]})") << J << 3
                                  << "missing field \"text\"";
    QTest::newRow("missing labels")
        << jsonl(R"({"text": ["a"], "label": ["O"]})") << J << 3 << "missing field \"labels\"";
    QTest::newRow("text is a number")
        << jsonl(R"({"text": 5, "labels": ["O"]})") << J << 3
        << "field \"text\" must be an array of strings or a string, not a number";
    QTest::newRow("text element not a string")
        << jsonl(R"({"text": ["a", 1], "labels": ["O", "O"]})") << J << 3
        << "text[1] is a number, not a string";
    QTest::newRow("text element two chars")
        << jsonl(R"({"text": ["a", "bc"], "labels": ["O", "O"]})") << J << 3
        << "text[1] is \"bc\", 2 code points instead of one character";
    QTest::newRow("text element with a newline")
        << jsonl(R"({"text": ["a", "\nb", "\u0000"], "labels": ["O", "O", "O"]})") << J << 3
        << "text[1] is \"\\nb\", 2 code points";
    QTest::newRow("conll tag with a control character")
        << std::string("a O\n\nb B-PER\x01\n\nc O\n") << DataFormat::Conll << 3
        << "entity type in \"B-PER\\x01\" contains a control character";
    QTest::newRow("text element empty") << jsonl(R"({"text": [""], "labels": ["O"]})") << J << 3
                                        << "text[0] is \"\", 0 code points";
    QTest::newRow("labels is a string")
        << jsonl(R"({"text": ["a"], "labels": "O"})") << J << 3
        << "field \"labels\" must be an array of strings, not a string";
    QTest::newRow("label element not a string")
        << jsonl(R"({"text": ["a", "b"], "labels": ["O", null]})") << J << 3
        << "labels[1] is a null, not a string";
    QTest::newRow("lengths differ")
        << jsonl(
               R"({"text": "abcdefghijkl", "labels": ["O","O","O","O","O","O","O","O","O","O","O"]})")
        << J << 3 << "text has 12 characters but labels has 11";
    QTest::newRow("unknown prefix") << jsonl(R"({"text": ["a", "b"], "labels": ["O", "X-PER"]})")
                                    << J << 3 << "labels[1]: unknown tag prefix in \"X-PER\"";
    QTest::newRow("tag without prefix") << jsonl(R"({"text": ["a"], "labels": ["PER"]})") << J << 3
                                        << "tag \"PER\" is neither O nor PREFIX-TYPE";
    // Offset 11 is the byte after `{"text": "a`.
    QTest::newRow("invalid UTF-8") << jsonl("{\"text\": \"a\xFF\", \"labels\": [\"O\", \"O\"]}")
                                   << J << 3 << "invalid UTF-8 at byte offset 11";
    QTest::newRow("lone surrogate escape")
        << jsonl(R"({"text": ["\ud800"], "labels": ["O"]})") << J << 3 << "bad JSON: parse error";
    QTest::newRow("empty sentence")
        << jsonl(R"({"text": [], "labels": []})") << J << 3 << "empty sentence";
    QTest::newRow("empty string text")
        << jsonl(R"({"text": "", "labels": []})") << J << 3 << "empty sentence";

    const auto C = DataFormat::Conll;
    QTest::newRow("conll one column") << std::string("a O\nb O\n\nc O\nd\n\ne O\n") << C << 5
                                      << "line has 1 column; expected a character and a tag";
    QTest::newRow("conll two-char token")
        << std::string("a O\n\nab O\nc O\n\nd O\n") << C << 3
        << "first column \"ab\" is 2 code points instead of one character";
    QTest::newRow("conll unknown prefix") << std::string("a O\n\nb O\nc Z-LOC\n\nd O\n") << C << 4
                                          << "unknown tag prefix in \"Z-LOC\"";
    QTest::newRow("conll invalid UTF-8") << std::string("a O\n\nb O\nc\xE9 O\n\nd O\n") << C << 4
                                         << "invalid UTF-8 at byte offset 1";

    const auto L = DataFormat::Cluener;
    const std::string goodCluener = R"({"text": "ab", "label": {"X": {"ab": [[0, 1]]}}})"
                                    "\n";
    const auto cluener = [&](const std::string& bad) {
        return goodCluener + bad + "\n" + goodCluener;
    };
    QTest::newRow("cluener out of range")
        << cluener(R"({"text": "abc", "label": {"X": {"cd": [[2, 3]]}}})") << L << 2
        << "span [2, 3] of \"cd\" of type \"X\" is out of range for a text of 3 characters";
    QTest::newRow("cluener negative")
        << cluener(R"({"text": "abc", "label": {"X": {"a": [[-1, 0]]}}})") << L << 2
        << "is out of range";
    QTest::newRow("cluener end before start")
        << cluener(R"({"text": "abc", "label": {"X": {"a": [[2, 1]]}}})") << L << 2
        << "span [2, 1]";
    QTest::newRow("cluener overlap")
        << cluener(R"({"text": "abcd", "label": {"X": {"abc": [[0, 2]]}, "Y": {"cd": [[2, 3]]}}})")
        << L << 2 << "span [0, 2] of type \"X\" overlaps span [2, 3] of type \"Y\"";
    QTest::newRow("cluener text mismatch")
        << cluener(R"({"text": "abcd", "label": {"X": {"bd": [[1, 2]]}}})") << L << 2
        << "span [1, 2] of \"bd\" of type \"X\" covers \"bc\" in the text";
    QTest::newRow("cluener text not a string")
        << cluener(R"({"text": ["a"], "label": {}})") << L << 2
        << "field \"text\" must be a string, not a array";
    QTest::newRow("cluener missing label")
        << cluener(R"({"text": "abc"})") << L << 2 << "missing field \"label\"";
    QTest::newRow("cluener label not object")
        << cluener(R"({"text": "abc", "label": []})") << L << 2
        << "field \"label\" must be an object, not a array";
    QTest::newRow("cluener bad positions")
        << cluener(R"({"text": "abc", "label": {"X": {"a": [0, 0]}}})") << L << 2
        << "positions of \"a\" of type \"X\" must be a list of [start, end] integer pairs";
    QTest::newRow("cluener float position")
        << cluener(R"({"text": "abc", "label": {"X": {"a": [[0.0, 0]]}}})") << L << 2
        << "integer pairs";
    QTest::newRow("cluener entities not object")
        << cluener(R"({"text": "abc", "label": {"X": ["a"]}})") << L << 2
        << "entities of type \"X\" must be an object";
    QTest::newRow("cluener empty text")
        << cluener(R"({"text": "", "label": {}})") << L << 2 << "empty sentence";
}

void TestDatasetReader::reportsBadRecords() {
    QFETCH(std::string, content);
    QFETCH(DataFormat, format);
    QFETCH(int, line);
    QFETCH(QString, problem);

    const std::optional<DataError> error = loadError(content, options(format));
    QVERIFY2(error.has_value(), "no DataError thrown");
    QCOMPARE(error->file(), kName);
    QCOMPARE(error->line(), line);
    QVERIFY2(QString::fromStdString(error->problem()).contains(problem), error->what());
    // One line, whatever the input quoted in it held.
    QVERIFY2(!QString(error->what()).contains(QChar('\n')), error->what());
    const QString prefix = QString::fromStdString(kName) + ":" + QString::number(line) + ": ";
    QVERIFY2(QString(error->what()).startsWith(prefix), error->what());

    const LoadResult skipping = loadDatasetFromText(content, kName, options(format, true));
    QCOMPARE(skipping.skipped, 1);
    QCOMPARE(skipping.sentences.size(), std::size_t(2));
    QCOMPARE(skipping.skipReasons, std::vector<std::string>{error->what()});
}

void TestDatasetReader::reportsFileProblems_data() {
    QTest::addColumn<std::string>("content");
    QTest::addColumn<DataFormat>("format");
    QTest::addColumn<QString>("problem");
    QTest::newRow("empty") << std::string() << DataFormat::Auto << "file is empty";
    QTest::newRow("only whitespace")
        << std::string(" \n\t\r\n\n") << DataFormat::Auto << "file is empty";
    QTest::newRow("only a BOM") << std::string("\xEF\xBB\xBF\n") << DataFormat::Auto
                                << "file is empty";
    QTest::newRow("only -DOCSTART-")
        << std::string("-DOCSTART- -X- O\n\n") << DataFormat::Auto << "no sentences in file";
    QTest::newRow("empty, explicit format")
        << std::string("\n") << DataFormat::Cluener << "file is empty";
}

void TestDatasetReader::reportsFileProblems() {
    QFETCH(std::string, content);
    QFETCH(DataFormat, format);
    QFETCH(QString, problem);
    const std::optional<DataError> error = loadError(content, options(format));
    QVERIFY(error.has_value());
    QCOMPARE(error->line(), 0);
    QCOMPARE(QString::fromStdString(error->problem()), problem);
    QCOMPARE(QString(error->what()), QString::fromStdString(kName) + ": " + problem);
}

void TestDatasetReader::cannotOpenMissingFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("missing.jsonl").toStdString();
    try {
        loadDataset(path, {});
        QFAIL("no DataError");
    } catch (const DataError& e) {
        QCOMPARE(e.file(), path);
        QCOMPARE(e.line(), 0);
        QCOMPARE(e.problem(), std::string("cannot open file: No such file or directory"));
    }
}

void TestDatasetReader::cannotReadDirectory() {
    QTemporaryDir dir;
    try {
        loadDataset(dir.path().toStdString(), {});
        QFAIL("no DataError");
    } catch (const DataError& e) {
        QCOMPARE(e.line(), 0);
        QVERIFY2(QString::fromStdString(e.problem()).contains("Is a directory"), e.what());
    }
}

void TestDatasetReader::skipBadKeepsEveryReason() {
    QTemporaryDir dir;
    const QString path = dir.filePath("mixed.jsonl");
    writeFile(path, R"({"text": "ab", "labels": ["O", "O"]})"
                    "\n"
                    R"({"text": "ab", "labels": ["O"]})"
                    "\n"
                    R"({"text": "ab", "labels": ["O", "O"]})"
                    "\n"
                    "\n"
                    R"({"text": "ab", "labels": ["O", "Q-X"]})"
                    "\n"
                    R"({"text": "c", "labels": ["B-X"]})"
                    "\n");
    const std::string file = path.toStdString();
    const LoadResult r = loadDataset(file, options(DataFormat::Auto, true));
    QCOMPARE(r.sentences.size(), std::size_t(3));
    QCOMPARE(r.skipped, 2);
    const std::vector<std::string> reasons{file + ":2: text has 2 characters but labels has 1",
                                           file + ":5: labels[1]: unknown tag prefix in \"Q-X\""};
    QCOMPARE(r.skipReasons, reasons);
    QCOMPARE(r.sentences[2].line, 6);
    // Without skipBad the first problem is the error.
    try {
        loadDataset(file, {});
        QFAIL("no DataError");
    } catch (const DataError& e) {
        QCOMPARE(std::string(e.what()), reasons[0]);
    }
}

void TestDatasetReader::skipBadWithNothingLeft() {
    const std::optional<DataError> error =
        loadError("a O\nb\n\nc X-Y\n", options(DataFormat::Auto, true));
    QVERIFY(error.has_value());
    QCOMPARE(error->line(), 0);
    QVERIFY2(QString::fromStdString(error->problem())
                 .startsWith("no sentences in file (all 2 records skipped; first: input.txt:2: "),
             error->what());
}

void TestDatasetReader::detectsAndChecksScheme() {
    const std::string bioes = "a B-X\nb E-X\n\nc S-Y\n";
    QCOMPARE(loadDatasetFromText(bioes, kName, {}).scheme, TagScheme::Bioes);
    const std::string bmes = "a B-X\nb M-X\nc E-X\n";
    QCOMPARE(loadDatasetFromText(bmes, kName, {}).scheme, TagScheme::Bmes);
    // A named scheme is reported as is, and tags outside it are errors.
    LoadOptions o;
    o.scheme = TagScheme::Bioes;
    QCOMPARE(loadDatasetFromText("a B-X\nb I-X\n", kName, o).scheme, TagScheme::Bioes);
    o.scheme = TagScheme::Bio;
    const std::optional<DataError> error = loadError(bioes, o);
    QVERIFY(error.has_value());
    QCOMPARE(error->line(), 2);
    QCOMPARE(error->problem(), std::string("unknown tag prefix in \"E-X\" for scheme bio"));
}

void TestDatasetReader::rejectsMixedSchemes() {
    const std::optional<DataError> error = loadError("a B-X\nb I-X\n\nc B-X\nd M-X\n", {});
    QVERIFY(error.has_value());
    QCOMPARE(error->line(), 0);
    QVERIFY2(
        QString::fromStdString(error->problem()).startsWith("tags mix I- (line 1) and M- (line 4)"),
        error->what());
}

void TestDatasetReader::loadsBuiltinCorpus() {
    const LoadResult r = loadDatasetFromText(builtinCorpusText(), kBuiltinCorpusName, {});
    QVERIFY(!r.sentences.empty());
    QCOMPARE(r.format, DataFormat::Jsonl);
    QCOMPARE(r.skipped, 0);
    for (const Sentence& s : r.sentences) {
        QVERIFY(!s.chars.empty());
        QCOMPARE(s.chars.size(), s.tags.size());
    }
}

void TestDatasetReader::loadsSharedCorpus() {
    const std::string dir = NER_SHARED_DATA_DIR;
    const std::string path = dir + "/military_ner.jsonl";
    if (!QFile::exists(QString::fromStdString(path)))
        QSKIP("shared corpus not present (it lives outside the repository)");
    const LoadResult r = loadDataset(path, {});
    QCOMPARE(r.format, DataFormat::Jsonl);
    QCOMPARE(r.scheme, TagScheme::Bio);
    QCOMPARE(r.skipped, 0);
    QCOMPARE(r.sentences.size(), std::size_t(940));
    long characters = 0;
    for (const Sentence& s : r.sentences)
        characters += static_cast<long>(s.chars.size());
    QCOMPARE(characters, 51137L);
    QCOMPARE(r.sentences.back().line, 940);
    // The fixed split the issues' figures use.
    QCOMPARE(loadDataset(dir + "/military_ner.train.jsonl", {}).sentences.size(), std::size_t(752));
    QCOMPARE(loadDataset(dir + "/military_ner.dev.jsonl", {}).sentences.size(), std::size_t(94));
    QCOMPARE(loadDataset(dir + "/military_ner.test.jsonl", {}).sentences.size(), std::size_t(94));
}

QTEST_MAIN(TestDatasetReader)
#include "tst_dataset_reader.moc"
