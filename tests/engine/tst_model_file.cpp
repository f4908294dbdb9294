// Model files: exact round trips, and every kind of damage (truncation at any length, any
// single flipped byte, wrong magic, a well-formed file with a bad header) reported as a
// ModelFileError with a clear message, never a crash; saving is atomic.
#include "engine/model/model_file.h"
#include "engine/model/tagger_network.h"
#include "test_files.h"
#include "test_sentences.h"

#include <QtTest>

#include <csignal>
#include <cstdint>
#include <cstring>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ner;
using namespace ner::test;

Q_DECLARE_METATYPE(ner::OutputLayer)
Q_DECLARE_METATYPE(ner::TagScheme)
Q_DECLARE_METATYPE(ner::CellType)

using ner::test::writeFile;

namespace {

const std::vector<Sentence>& corpus() {
    static const std::vector<Sentence> sentences{
        sentence({"李", "明", "在", "北", "京"}, {"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}),
        sentence({"王", "芳", "到", "上", "海", "１", "9"},
                 {"B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "O"}),
        sentence({"他", "好"}, {"O", "O"}),
    };
    return sentences;
}

// A small dictionary in jieba's format; toText() writes 李明 back as "李明 5 nr".
SharedLexicon smallDictionary() {
    auto lexicon = std::make_shared<Lexicon>(
        Lexicon::parse("李明 5 nr\n北京 100 ns\n上海 90 ns\n京 3 j\n到 20\n", "small.txt"));
    return lexicon;
}

Tagger makeModel(OutputLayer output, int layers, bool bidirectional, TagScheme scheme,
                 std::uint64_t seed, SharedLexicon lexicon = nullptr,
                 CellType cell = CellType::Lstm, bool linearBetween = false) {
    ModelConfig config;
    config.cell = cell;
    config.linearBetween = linearBetween;
    config.embeddingDim = 8;
    config.hiddenDim = 6;
    config.layers = layers;
    config.bidirectional = bidirectional;
    config.output = output;
    config.embeddingDropout = 0.1;
    config.dropout = 0.3;
    config.dropoutPerSentence = true;
    config.recurrentDropout = 0.2;
    // A next-character head wherever the shape allows one: its weights are saved too.
    config.languageModelWeight = layers == 1 || !bidirectional ? 0.3 : 0.0;
    config.languageModelHidden = 5;
    config.scheme = scheme;
    config.constrainedDecoding = layers != 3; // both values round-trip
    config.normalize.digitsToZero = true;
    config.minCount = 1;
    std::vector<Sentence> converted = corpus();
    for (Sentence& s : converted)
        s.tags = convertTags(s.tags, TagScheme::Bio, scheme);
    Tagger model = Tagger::create(config, Vocabulary::build(converted, 1, config.normalize),
                                  TagSet::build(converted), seed, std::move(lexicon));
    // Trained CRF weights are not zero: give them values so that they round-trip too.
    Random rng(seed + 1);
    if (output == OutputLayer::Crf)
        for (Parameter* p :
             {&model.params().crf.transitions, &model.params().crf.start, &model.params().crf.end})
            for (Eigen::Index k = 0; k < p->value.size(); ++k)
                p->value.data()[k] = Scalar(rng.uniform(-2, 2));
    // So do the dictionary's feature embeddings, which start at zero too.
    for (Eigen::Index k = 0; k < model.params().lexicon.E.value.size(); ++k)
        model.params().lexicon.E.value.data()[k] = Scalar(rng.uniform(-1, 1));
    return model;
}

std::vector<std::vector<int>> predictions(const Tagger& model) {
    std::vector<EncodedSentence> encoded;
    for (const Sentence& s : corpus())
        encoded.push_back(model.encode(s.chars));
    encoded.push_back(model.encode({"未", "知", "字", "京"})); // mostly <unk>
    std::vector<const EncodedSentence*> members;
    for (const EncodedSentence& e : encoded)
        members.push_back(&e);
    TaggerNetwork network;
    return network.predict(model, makeBatch(members));
}

// FNV-1a 64 over bytes, as documented in model_file.h, to forge well-formed damaged files.
std::uint64_t fnv1a(const std::string& bytes) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : bytes) {
        h ^= std::uint8_t(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

std::string withChecksum(std::string body) {
    const std::uint64_t sum = fnv1a(body);
    body.append(reinterpret_cast<const char*>(&sum), sizeof sum);
    return body;
}

constexpr size_t kFixed = 8 + 4 + 8; // magic, version, header length

size_t headerLength(const std::string& bytes) {
    std::uint64_t n;
    std::memcpy(&n, bytes.data() + 12, sizeof n);
    return size_t(n);
}

// bytes with `from` in the header replaced by `to` (any length), the length and checksum
// rewritten: a header as an older or hand-edited file would have it.
std::string withHeaderEdit(const std::string& bytes, const std::string& from,
                           const std::string& to) {
    const size_t length = headerLength(bytes);
    std::string header = bytes.substr(kFixed, length);
    const size_t at = header.find(from);
    if (at == std::string::npos) throw std::logic_error("not in the header: " + from);
    header.replace(at, from.size(), to);
    const std::uint64_t newLength = header.size();
    std::string body = bytes.substr(0, 12);
    body.append(reinterpret_cast<const char*>(&newLength), sizeof newLength);
    body += header;
    body += bytes.substr(kFixed + length, bytes.size() - 8 - kFixed - length);
    return withChecksum(body);
}

// The error message for bytes, or "" if they load.
std::string loadError(const std::string& bytes, const std::string& name) {
    try {
        deserializeModel(bytes, name);
    } catch (const ModelFileError& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& text, const char* what) {
    return text.find(what) != std::string::npos;
}

// The message of the ModelFileError that saveModel throws, or "" if it saves.
std::string saveError(const Tagger& model, const std::string& path) {
    try {
        saveModel(model, path);
    } catch (const ModelFileError& e) {
        return e.what();
    }
    return {};
}

// saveError() in a forked child running as user nobody (for tests run as root, whom
// permission bits do not stop). The message comes back through a pipe.
std::string saveErrorAsNobody(const Tagger& model, const std::string& path) {
    int fds[2];
    if (::pipe(fds) != 0) return "pipe failed";
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        std::string message = "could not drop privileges";
        if (::setgid(65534) == 0 && ::setuid(65534) == 0) message = saveError(model, path);
        const ssize_t written = ::write(fds[1], message.data(), message.size());
        ::_exit(written == ssize_t(message.size()) ? 0 : 1);
    }
    ::close(fds[1]);
    std::string message;
    char buffer[512];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        message.append(buffer, size_t(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? message : "child failed";
}

QStringList entries(const QString& dir) {
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestModelFile : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void truncatedFile_data();
    void truncatedFile();
    void everyTruncationIsAnError();
    void flippedByte_data();
    void flippedByte();
    void everyFlippedByteIsAnError();
    void wrongMagic();
    void missingFile();
    void wellFormedFileWithBadHeader_data();
    void wellFormedFileWithBadHeader();
    void olderHeadersDecodeAsTheyWereScored_data();
    void olderHeadersDecodeAsTheyWereScored();
    void headerWithoutACellIsAnLstm();
    void saveReplacesAtomically();
    void failedSaveKeepsOldFile_data();
    void failedSaveKeepsOldFile();

private:
    QTemporaryDir m_dir;
};

void TestModelFile::roundTrip_data() {
    QTest::addColumn<OutputLayer>("output");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<TagScheme>("scheme");
    QTest::addColumn<bool>("dictionary");
    QTest::addColumn<CellType>("cell");
    QTest::addColumn<bool>("linearBetween");
    const CellType lstm = CellType::Lstm, gru = CellType::Gru, rnn = CellType::Rnn;
    QTest::newRow("crf, 2 layers, bi, bioes")
        << OutputLayer::Crf << 2 << true << TagScheme::Bioes << false << lstm << false;
    QTest::newRow("softmax, 1 layer, uni, bio")
        << OutputLayer::Softmax << 1 << false << TagScheme::Bio << false << lstm << false;
    QTest::newRow("crf, 3 layers, uni, bmes")
        << OutputLayer::Crf << 3 << false << TagScheme::Bmes << false << lstm << false;
    QTest::newRow("crf, 1 layer, bi, bioes, dictionary features")
        << OutputLayer::Crf << 1 << true << TagScheme::Bioes << true << lstm << false;
    QTest::newRow("gru, crf, 2 layers, bi, bioes, dictionary features")
        << OutputLayer::Crf << 2 << true << TagScheme::Bioes << true << gru << false;
    QTest::newRow("gru, softmax, 1 layer, uni, bio")
        << OutputLayer::Softmax << 1 << false << TagScheme::Bio << false << gru << false;
    QTest::newRow("rnn, softmax, 3 layers, uni, bio, linear layers between")
        << OutputLayer::Softmax << 3 << false << TagScheme::Bio << false << rnn << true;
    QTest::newRow("rnn, crf, 1 layer, bi, bmes")
        << OutputLayer::Crf << 1 << true << TagScheme::Bmes << false << rnn << false;
    QTest::newRow("lstm, softmax, 3 layers, uni, linear layers between")
        << OutputLayer::Softmax << 3 << false << TagScheme::Bio << false << lstm << true;
}

void TestModelFile::roundTrip() {
    QFETCH(OutputLayer, output);
    QFETCH(int, layers);
    QFETCH(bool, bidirectional);
    QFETCH(TagScheme, scheme);
    QFETCH(bool, dictionary);
    QFETCH(CellType, cell);
    QFETCH(bool, linearBetween);
    QVERIFY(m_dir.isValid());
    Tagger model = makeModel(output, layers, bidirectional, scheme, 5,
                             dictionary ? smallDictionary() : nullptr, cell, linearBetween);
    const QString path = m_dir.filePath("round.lner");
    saveModel(model, path.toStdString());
    Tagger loaded = loadModel(path.toStdString());

    const ModelConfig &a = model.config(), &b = loaded.config();
    QCOMPARE(b.embeddingDim, a.embeddingDim);
    QCOMPARE(b.hiddenDim, a.hiddenDim);
    QCOMPARE(b.layers, a.layers);
    QCOMPARE(b.bidirectional, a.bidirectional);
    QCOMPARE(b.cell, cell);
    QCOMPARE(b.linearBetween, linearBetween);
    QCOMPARE(loaded.params().recurrent.cell, cell);
    QCOMPARE(loaded.params().recurrent.between.size(), size_t(linearBetween ? layers - 1 : 0));
    QCOMPARE(b.output, a.output);
    QCOMPARE(b.embeddingDropout, a.embeddingDropout);
    QCOMPARE(b.dropout, a.dropout);
    QCOMPARE(b.dropoutPerSentence, a.dropoutPerSentence);
    QCOMPARE(b.recurrentDropout, a.recurrentDropout);
    QCOMPARE(b.languageModelWeight, a.languageModelWeight);
    QCOMPARE(b.languageModelHidden, a.languageModelHidden);
    QCOMPARE(loaded.params().languageModel.size(), model.params().languageModel.size());
    QCOMPARE(b.scheme, a.scheme);
    QCOMPARE(b.constrainedDecoding, a.constrainedDecoding);
    QCOMPARE(loaded.decodingConstraints() != nullptr, model.decodingConstraints() != nullptr);
    QVERIFY(b.normalize == a.normalize);
    QCOMPARE(b.minCount, a.minCount);
    QCOMPARE(loaded.vocabulary().tokens(), model.vocabulary().tokens());
    QVERIFY(loaded.vocabulary().normalize() == model.vocabulary().normalize());
    QCOMPARE(loaded.vocabulary().id("9"), model.vocabulary().id("9")); // digits → 0 still applies
    QCOMPARE(loaded.tags().names(), model.tags().names());
    QCOMPARE(loaded.lexicon() != nullptr, dictionary);
    if (dictionary) {
        QCOMPARE(loaded.lexicon()->size(), size_t(5));
        QCOMPARE(loaded.lexicon()->source(), std::string("small.txt"));
        QCOMPARE(loaded.lexicon()->toText(), model.lexicon()->toText());
        for (const Sentence& s : corpus()) {
            QCOMPARE(loaded.encode(s.chars).features, model.encode(s.chars).features);
            QVERIFY(loaded.encode(s.chars).features != std::vector<std::uint32_t>(s.chars.size()));
        }
    }

    const auto original = model.namedParameters(), restored = loaded.namedParameters();
    QCOMPARE(restored.size(), original.size());
    // The cell's own blocks, named after it: a GRU's b_h too, an LSTM's nothing else.
    const std::string prefix = cellName(cell) + ".0.forward.";
    for (const CellParameterBlock& block : describeCell(cell).parameters)
        QVERIFY2(
            std::any_of(restored.begin(), restored.end(),
                        [&](const NamedParameter& p) { return p.name == prefix + block.name; }),
            (prefix + block.name).c_str());
    for (size_t k = 0; k < original.size(); ++k) {
        QCOMPARE(restored[k].name, original[k].name);
        QVERIFY2(restored[k].parameter->value == original[k].parameter->value,
                 original[k].name.c_str());
    }
    QCOMPARE(predictions(loaded), predictions(model));
    QCOMPARE(serializeModel(loaded), serializeModel(model));
}

void TestModelFile::truncatedFile_data() {
    const std::string bytes =
        serializeModel(makeModel(OutputLayer::Crf, 1, true, TagScheme::Bioes, 3));
    const size_t headerEnd = kFixed + headerLength(bytes);
    QTest::addColumn<qsizetype>("length");
    QTest::newRow("0 bytes") << qsizetype(0);
    QTest::newRow("half the magic") << qsizetype(4);
    QTest::newRow("magic only") << qsizetype(8);
    QTest::newRow("fixed header") << qsizetype(kFixed);
    QTest::newRow("header cut") << qsizetype(kFixed + 10);
    QTest::newRow("header only") << qsizetype(headerEnd);
    QTest::newRow("half the weights") << qsizetype((headerEnd + bytes.size() - 8) / 2);
    QTest::newRow("no checksum") << qsizetype(bytes.size() - 8);
    QTest::newRow("last byte missing") << qsizetype(bytes.size() - 1);
}

void TestModelFile::truncatedFile() {
    QFETCH(qsizetype, length);
    const std::string bytes =
        serializeModel(makeModel(OutputLayer::Crf, 1, true, TagScheme::Bioes, 3));
    const QString path = m_dir.filePath("cut.lner");
    writeFile(path, bytes.substr(0, size_t(length)));
    try {
        loadModel(path.toStdString());
        QFAIL("a truncated file loaded");
    } catch (const ModelFileError& e) {
        const std::string what = e.what();
        qInfo("%s", what.c_str());
        QVERIFY2(contains(what, "cut.lner"), what.c_str());
        QVERIFY2(contains(what, "truncated") || (length == 0 && contains(what, "empty")),
                 what.c_str());
    }
}

void TestModelFile::everyTruncationIsAnError() {
    // Every proper prefix of a model file, in memory: always a ModelFileError that says so.
    const std::string bytes =
        serializeModel(makeModel(OutputLayer::Crf, 2, true, TagScheme::Bioes, 4));
    for (size_t n = 0; n < bytes.size(); ++n) {
        const std::string what = loadError(bytes.substr(0, n), "m.lner");
        const std::string context = "length " + std::to_string(n) + ": " + what;
        QVERIFY2(contains(what, "m.lner"), context.c_str());
        QVERIFY2(contains(what, "truncated") || (n == 0 && contains(what, "empty")),
                 context.c_str());
    }
}

void TestModelFile::flippedByte_data() {
    const std::string bytes =
        serializeModel(makeModel(OutputLayer::Crf, 1, true, TagScheme::Bioes, 3));
    const size_t headerEnd = kFixed + headerLength(bytes);
    QTest::addColumn<qsizetype>("position");
    QTest::addColumn<QString>("expected"); // part of the message
    QTest::newRow("magic") << qsizetype(0) << QString("not an LSTM NER model file");
    QTest::newRow("last magic byte") << qsizetype(7) << QString("not an LSTM NER model file");
    QTest::newRow("version") << qsizetype(8) << QString("format version");
    QTest::newRow("header length, low byte") << qsizetype(12) << QString("truncated");
    QTest::newRow("header length, high byte") << qsizetype(19) << QString("truncated");
    QTest::newRow("header JSON") << qsizetype(kFixed + 5) << QString("checksum");
    QTest::newRow("last header byte") << qsizetype(headerEnd - 1) << QString("checksum");
    QTest::newRow("first weight") << qsizetype(headerEnd) << QString("checksum");
    QTest::newRow("a middle weight")
        << qsizetype((headerEnd + bytes.size()) / 2) << QString("checksum");
    QTest::newRow("last weight byte") << qsizetype(bytes.size() - 9) << QString("checksum");
    QTest::newRow("checksum") << qsizetype(bytes.size() - 1) << QString("checksum");
}

void TestModelFile::flippedByte() {
    QFETCH(qsizetype, position);
    QFETCH(QString, expected);
    std::string bytes = serializeModel(makeModel(OutputLayer::Crf, 1, true, TagScheme::Bioes, 3));
    bytes[size_t(position)] = char(bytes[size_t(position)] ^ 0xFF);
    const QString path = m_dir.filePath("flipped.lner");
    writeFile(path, bytes);
    try {
        loadModel(path.toStdString());
        QFAIL("a damaged file loaded");
    } catch (const ModelFileError& e) {
        const std::string what = e.what();
        qInfo("%s", what.c_str());
        QVERIFY2(contains(what, "flipped.lner"), what.c_str());
        QVERIFY2(contains(what, expected.toUtf8().constData()), what.c_str());
    }
}

void TestModelFile::everyFlippedByteIsAnError() {
    // One byte changed anywhere (three different changes per position): always an error.
    const std::string bytes =
        serializeModel(makeModel(OutputLayer::Softmax, 2, true, TagScheme::Bio, 6));
    for (size_t pos = 0; pos < bytes.size(); ++pos)
        for (int mask : {0x01, 0x80, 0xFF}) {
            std::string damaged = bytes;
            damaged[pos] = char(damaged[pos] ^ mask);
            const std::string what = loadError(damaged, "m.lner");
            const std::string context =
                "byte " + std::to_string(pos) + " ^ " + std::to_string(mask);
            QVERIFY2(!what.empty(), context.c_str());
        }
}

void TestModelFile::wrongMagic() {
    std::string bytes = serializeModel(makeModel(OutputLayer::Crf, 1, false, TagScheme::Bio, 2));
    std::memcpy(bytes.data(), "NOTMODEL", 8);
    const QString path = m_dir.filePath("magic.lner");
    for (const std::string& content :
         {bytes, std::string("{\"config\": {}}\n"), std::string("LNERMOD")}) {
        writeFile(path, content);
        try {
            loadModel(path.toStdString());
            QFAIL("a file with the wrong magic loaded");
        } catch (const ModelFileError& e) {
            const std::string what = e.what();
            // "LNERMOD" is a truncated magic; the others are not model files at all.
            const char* expected =
                content == "LNERMOD" ? "truncated" : "not an LSTM NER model file";
            QVERIFY2(contains(what, expected), what.c_str());
        }
    }
}

void TestModelFile::missingFile() {
    const std::string path = m_dir.filePath("does-not-exist.lner").toStdString();
    try {
        loadModel(path);
        QFAIL("a missing file loaded");
    } catch (const ModelFileError& e) {
        QVERIFY2(contains(e.what(), "does-not-exist.lner") && contains(e.what(), "cannot open"),
                 e.what());
    }
    // A directory opens as a stream on Linux: it must not be read as a file of its "size".
    try {
        loadModel(m_dir.path().toStdString());
        QFAIL("a directory loaded");
    } catch (const ModelFileError& e) {
        QVERIFY2(contains(e.what(), "is a directory"), e.what());
    }
}

void TestModelFile::wellFormedFileWithBadHeader_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not JSON") << QString("{\"config\"") << QString("[\"config\"")
                              << QString("bad header");
    QTest::newRow("missing config")
        << QString("\"config\"") << QString("\"cfg\"   ") << QString("bad header");
    QTest::newRow("hidden size differs from weights")
        << QString("\"hidden\":6") << QString("\"hidden\":5") << QString("wrong shape");
    QTest::newRow("layers out of range")
        << QString("\"layers\":1") << QString("\"layers\":9") << QString("bad header");
    QTest::newRow("unknown scheme") << QString("\"scheme\":\"bioes\"")
                                    << QString("\"scheme\":\"xyzzy\"") << QString("bad header");
    QTest::newRow("unknown decoding")
        << QString("\"decoding\":\"constrained\"") << QString("\"decoding\":\"unconstrain\"")
        << QString("bad header");
    QTest::newRow("unknown cell") << QString("\"cell\":\"lstm\"") << QString("\"cell\":\"lsxm\"")
                                  << QString("unknown cell \"lsxm\"");
    // A cell that is known but not the weights': their names and shapes give it away.
    QTest::newRow("another cell than the weights'")
        << QString("\"cell\":\"lstm\"") << QString("\"cell\":\"gru\" ")
        << QString("(GRU, 23 parameters): lstm.0.forward.W_x where it needs gru.0.forward.W_x");
    QTest::newRow("linear layers between one layer")
        << QString("\"linear_between\":false") << QString("\"linear_between\":true ")
        << QString("need at least 2 layers");
    QTest::newRow("parameter renamed")
        << QString("\"projection.W\"") << QString("\"projection.V\"") << QString("wrong shape");
    // The dictionary is read with the same checks as a file, named after the model's.
    QTest::newRow("dictionary frequency not a number")
        << QString("北京 100 ns") << QString("北京 1x0 ns")
        << QString("edited.lner (its dictionary):2: frequency \"1x0\"");
    QTest::newRow("dictionary features without a dictionary")
        << QString("\"lexicon\":{") << QString("\"lexicoX\":{")
        << QString("parameter list does not match");
}

void TestModelFile::olderHeadersDecodeAsTheyWereScored_data() {
    // Each file decodes the way its best epoch was chosen. Before the "decoding" key,
    // "constrained_decoding" existed and applied to a CRF only; before that, neither.
    QTest::addColumn<int>("output");
    QTest::addColumn<QString>("header"); // what replaces "decoding":"constrained"
    QTest::addColumn<bool>("constrained");
    const int crf = int(OutputLayer::Crf), softmax = int(OutputLayer::Softmax);
    QTest::newRow("CRF, current") << crf << QString("\"decoding\":\"constrained\"") << true;
    QTest::newRow("softmax, current") << softmax << QString("\"decoding\":\"constrained\"") << true;
    QTest::newRow("CRF, current, free") << crf << QString("\"decoding\":\"free\"") << false;
    QTest::newRow("CRF, constrained_decoding true")
        << crf << QString("\"constrained_decoding\":true") << true;
    QTest::newRow("CRF, constrained_decoding false")
        << crf << QString("\"constrained_decoding\":false") << false;
    QTest::newRow("softmax, constrained_decoding true (it took the argmax)")
        << softmax << QString("\"constrained_decoding\":true") << false;
    QTest::newRow("CRF, neither key") << crf << QString("\"unrelated\":1") << false;
    QTest::newRow("softmax, neither key") << softmax << QString("\"unrelated\":1") << false;
}

void TestModelFile::olderHeadersDecodeAsTheyWereScored() {
    QFETCH(int, output);
    QFETCH(QString, header);
    QFETCH(bool, constrained);
    const Tagger model = makeModel(OutputLayer(output), 1, true, TagScheme::Bioes, 3);
    QVERIFY(model.config().constrainedDecoding);
    const std::string bytes =
        withHeaderEdit(serializeModel(model), "\"decoding\":\"constrained\"", header.toStdString());
    const Tagger loaded = deserializeModel(bytes, "old.lner");
    QCOMPARE(loaded.config().constrainedDecoding, constrained);
    QCOMPARE(loaded.decodingConstraints() != nullptr, constrained);
}

void TestModelFile::headerWithoutACellIsAnLstm() {
    // Files written before the cells were: no "cell", no "linear_between". They are LSTMs and
    // load to the same weights and predictions.
    const Tagger model = makeModel(OutputLayer::Crf, 2, true, TagScheme::Bioes, 4);
    std::string bytes = withHeaderEdit(serializeModel(model), "\"cell\":\"lstm\",", "");
    bytes = withHeaderEdit(bytes, "\"linear_between\":false,", "");
    QVERIFY(bytes.find("\"cell\"") == std::string::npos);
    const Tagger loaded = deserializeModel(bytes, "old.lner");
    QCOMPARE(loaded.config().cell, CellType::Lstm);
    QVERIFY(!loaded.config().linearBetween);
    QCOMPARE(predictions(loaded), predictions(model));
    QCOMPARE(serializeModel(loaded), serializeModel(model));
}

void TestModelFile::wellFormedFileWithBadHeader() {
    // A header edited by hand, with a valid checksum: rejected by the parser, not by the hash.
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    const std::string bytes = serializeModel(
        makeModel(OutputLayer::Crf, 1, true, TagScheme::Bioes, 3, smallDictionary()));
    const size_t length = headerLength(bytes);
    std::string header = bytes.substr(kFixed, length);
    const std::string a = from.toStdString(), b = to.toStdString();
    QCOMPARE(a.size(), b.size()); // the header length stays valid
    const size_t at = header.find(a);
    QVERIFY2(at != std::string::npos, header.c_str());
    header.replace(at, a.size(), b);
    const std::string body = bytes.substr(0, kFixed) + header +
                             bytes.substr(kFixed + length, bytes.size() - 8 - kFixed - length);
    const std::string what = loadError(withChecksum(body), "edited.lner");
    QVERIFY2(contains(what, "edited.lner"), what.c_str());
    QVERIFY2(contains(what, expected.toUtf8().constData()), what.c_str());
}

void TestModelFile::saveReplacesAtomically() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("model.lner").toStdString();
    const Tagger first = makeModel(OutputLayer::Crf, 1, true, TagScheme::Bioes, 10);
    const Tagger second = makeModel(OutputLayer::Crf, 1, true, TagScheme::Bioes, 11);
    saveModel(first, path);
    saveModel(second, path);
    QCOMPARE(entries(dir.path()), QStringList{"model.lner"});
    QCOMPARE(serializeModel(loadModel(path)), serializeModel(second));
}

void TestModelFile::failedSaveKeepsOldFile_data() {
    QTest::addColumn<QString>("failure");
    QTest::newRow("target is a directory") << QString("directory");
    QTest::newRow("directory not writable") << QString("read-only");
    QTest::newRow("write fails midway (file size limit)") << QString("fsize");
}

void TestModelFile::failedSaveKeepsOldFile() {
    QFETCH(QString, failure);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Tagger oldModel = makeModel(OutputLayer::Crf, 1, true, TagScheme::Bioes, 12);
    const Tagger newModel = makeModel(OutputLayer::Crf, 2, true, TagScheme::Bioes, 13);
    const std::string oldBytes = serializeModel(oldModel);

    QString target = dir.filePath("model.lner");
    QStringList before;
    if (failure == "directory") {
        // The "old file" is a directory holding a file: neither may be touched.
        target = dir.filePath("folder");
        QVERIFY(QDir(dir.path()).mkdir("folder"));
        writeFile(dir.filePath("folder/inside.txt"), "keep me");
    } else {
        saveModel(oldModel, target.toStdString());
    }
    before = entries(dir.path());

    std::string what; // the ModelFileError's message; empty if saving succeeded
    if (failure == "read-only") {
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner |
                                                      QFile::ReadGroup | QFile::ExeGroup |
                                                      QFile::ReadOther | QFile::ExeOther));
        // Root ignores permission bits: then the save runs in a child as user nobody.
        what = ::geteuid() == 0 ? saveErrorAsNobody(newModel, target.toStdString())
                                : saveError(newModel, target.toStdString());
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    } else if (failure == "fsize") {
        // write() fails with EFBIG after 1 KiB, as on a full disk. Nothing else may write
        // between setting and restoring the limit.
        QVERIFY(oldBytes.size() > 2048);
        rlimit saved{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = saved;
        small.rlim_cur = 1024;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        what = saveError(newModel, target.toStdString());
        ::setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, previousHandler);
    } else {
        what = saveError(newModel, target.toStdString());
    }
    qInfo("%s", what.c_str());
    QVERIFY2(!what.empty(), "saving should have failed");
    QVERIFY2(contains(what, target.toStdString().c_str()), what.c_str());
    QCOMPARE(entries(dir.path()), before); // no temporary file left behind
    if (failure == "directory") {
        QVERIFY(QFileInfo(target).isDir());
        QCOMPARE(entries(target), QStringList{"inside.txt"});
    } else {
        QCOMPARE(serializeModel(loadModel(target.toStdString())), oldBytes);
    }
}

QTEST_APPLESS_MAIN(TestModelFile)
#include "tst_model_file.moc"
