// countCharacterUsage on sentences counted by hand; mapEmbeddings on embedding columns placed
// on a known plane, against a PCA computed here with Eigen's SVD, and across sign flips;
// nearestCharacters against a brute-force cosine.
#include "engine/analysis/embedding_map.h"
#include "engine/data/vocabulary.h"
#include "engine/model/tagger.h"
#include "test_sentences.h"

#include <Eigen/SVD>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

using namespace ner;
using namespace ner::test;

namespace {

// <pad> 0, <unk> 1, 李 2, 明 3, 在 4, 北 5, 京 6, A 7, 1 8, 海 9, 空 10 (never in a sentence).
// Full-width forms fold to half-width (NormalizeOptions' default).
Vocabulary handVocabulary() {
    return Vocabulary::fromTokens(
        {"<pad>", "<unk>", "李", "明", "在", "北", "京", "A", "1", "海", "空"}, NormalizeOptions{});
}

// 他 is outside the vocabulary; Ａ (U+FF21) and １ (U+FF11) are its A and 1.
std::vector<Sentence> bioSentences() {
    return {
        sentence({"李", "明", "在", "北", "京"}, {"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}),
        sentence({"北", "京", "在", "他", "李"}, {"B-PER", "I-PER", "B-LOC", "O", "B-PER"}),
        sentence({"Ａ", "１", "在", "A", "北"}, {"B-ORG", "I-ORG", "O", "O", "B-LOC"}),
        sentence({"明", "海", "海"}, {"B-ORG", "B-LOC", "O"}),
    };
}

// A model whose vocabulary is <pad>, <unk> and `characters` letters a, b, c, ...: ids 2, 3, ...
// Embedding 6 as in tiny_model.h; untrained, so E holds seed's random columns.
Tagger letterModel(int characters, std::uint64_t seed) {
    std::vector<std::string> tokens{Vocabulary::kPadToken, Vocabulary::kUnkToken};
    for (int k = 0; k < characters; ++k)
        tokens.push_back(std::string(1, char('a' + k)));
    ModelConfig config;
    config.embeddingDim = 6;
    config.hiddenDim = 3;
    config.scheme = TagScheme::Bio;
    return Tagger::create(config, Vocabulary::fromTokens(tokens, config.normalize),
                          TagSet::fromNames({"O", "B-PER", "I-PER"}), seed);
}

// Usage with the given counts (one per vocabulary id); type and share differ per id so that a
// map that copied another id's would be seen.
CharacterUsage usageOf(const std::vector<long>& counts) {
    CharacterUsage u;
    u.count = counts;
    u.type.assign(counts.size(), "O");
    u.typeShare.assign(counts.size(), 0.0f);
    for (size_t id = 0; id < counts.size(); ++id)
        if (counts[id] > 0) {
            u.type[id] = id % 2 ? "PER" : "LOC";
            u.typeShare[id] = 1.0f / float(id);
        }
    return u;
}

EmbeddingMap negated(EmbeddingMap map, bool x, bool y) {
    for (MappedCharacter& c : map.characters) {
        if (x) c.x = -c.x;
        if (y) c.y = -c.y;
    }
    return map;
}

// Two orthonormal directions in R^6, each with its largest loadings positive (the sign rule
// of mapEmbeddings), and a mean away from the origin. u·v = (0 − 2 + 0 + 2)/9 = 0.
const Eigen::VectorXd& planeU() {
    static const Eigen::VectorXd u = (Eigen::VectorXd(6) << 2, -1, 0, 2, 0, 0).finished() / 3;
    return u;
}
const Eigen::VectorXd& planeV() {
    static const Eigen::VectorXd v = (Eigen::VectorXd(6) << 0, 2, 2, 1, 0, 0).finished() / 3;
    return v;
}
// Points (a, b) on that plane: mean a = 8/8 = 1, mean b = 0, Σ(a − 1)·b = 5 − 5 − 3 + 3 − 2 + 2
// = 0, so u and v are the principal axes; var a = (25+25+9+9+1+1+1+9)/8 = 10 and var b =
// (1+1+1+1+4+4)/8 = 1.5, so they explain 10/11.5 and 1.5/11.5 of the variance.
const std::vector<std::pair<double, double>> kPlanePoints = {{6, 1}, {6, -1}, {-2, 1}, {-2, -1},
                                                             {0, 2}, {0, -2}, {2, 0},  {-2, 0}};

bool near(double a, double b, double tolerance = 1e-4) {
    return std::abs(a - b) <= tolerance;
}

} // namespace

class TestEmbeddingMap : public QObject {
    Q_OBJECT

private slots:
    void countsTypesAndShares_data();
    void countsTypesAndShares();
    void countsOnlyVocabularyCharacters();
    void bioesSpansCountAsTheirBioReading();
    void selectsTheMostFrequent_data();
    void selectsTheMostFrequent();
    void planeIsMappedWithoutDistortion_data();
    void planeIsMappedWithoutDistortion();
    void matchesAnIndependentPca();
    void previousMapSetsTheSigns();
    void projectPlacesColumnsAsTheMapDoes();
    void emptyAndSingleCharacterMaps();
    void badArgumentsThrow();
    void neighboursByCosine_data();
    void neighboursByCosine();
    void neighbourTiesGoToTheLowerId();
    void largeKGivesEveryOtherCharacter();
    void neighbourOfAnIdOutsideTheVocabularyThrows();
    void neighboursOnlyAmongTheCandidates();
    void typeAgreementCountsNeighboursOfTheSameType();
    void typeAgreementOfNoEntityIsEmpty();
};

void TestEmbeddingMap::countsTypesAndShares_data() {
    QTest::addColumn<int>("id");
    QTest::addColumn<long>("count");
    QTest::addColumn<QString>("type");
    QTest::addColumn<float>("share");
    // Occurrences of each character in bioSentences(), by the span it sits in.
    QTest::newRow("李: PER, PER") << 2 << 2L << "PER" << 1.0f;
    QTest::newRow("明: PER, ORG tie, ORG first by name") << 3 << 2L << "ORG" << 0.5f;
    QTest::newRow("在: O, LOC, O") << 4 << 3L << "O" << float(2.0 / 3.0);
    QTest::newRow("北: LOC, PER, LOC") << 5 << 3L << "LOC" << float(2.0 / 3.0);
    QTest::newRow("京: LOC, PER tie, LOC first by name") << 6 << 2L << "LOC" << 0.5f;
    QTest::newRow("A: ORG (as Ａ), O tie, O wins") << 7 << 2L << "O" << 0.5f;
    QTest::newRow("1: ORG (as １)") << 8 << 1L << "ORG" << 1.0f;
    QTest::newRow("海: LOC, O tie, O wins though LOC sorts first") << 9 << 2L << "O" << 0.5f;
    QTest::newRow("空: never seen") << 10 << 0L << "O" << 0.0f;
    QTest::newRow("<pad>") << 0 << 0L << "O" << 0.0f;
    QTest::newRow("<unk>: 他 is not counted") << 1 << 0L << "O" << 0.0f;
}

void TestEmbeddingMap::countsTypesAndShares() {
    QFETCH(int, id);
    QFETCH(long, count);
    QFETCH(QString, type);
    QFETCH(float, share);
    const Vocabulary vocab = handVocabulary();
    const CharacterUsage u = countCharacterUsage(vocab, bioSentences(), TagScheme::Bio);
    QCOMPARE(u.count.size(), size_t(vocab.size()));
    QCOMPARE(u.type.size(), size_t(vocab.size()));
    QCOMPARE(u.typeShare.size(), size_t(vocab.size()));
    QCOMPARE(u.count[size_t(id)], count);
    QCOMPARE(QString::fromStdString(u.type[size_t(id)]), type);
    QCOMPARE(u.typeShare[size_t(id)], share);
}

void TestEmbeddingMap::countsOnlyVocabularyCharacters() {
    const Vocabulary vocab = handVocabulary();
    const CharacterUsage u = countCharacterUsage(vocab, bioSentences(), TagScheme::Bio);
    long total = 0, known = 0;
    for (long n : u.count)
        total += n;
    for (const Sentence& s : bioSentences())
        for (const std::string& ch : s.chars)
            known += vocab.contains(ch);
    QCOMPARE(known, 17L); // 18 characters, one of them 他
    QCOMPARE(total, known);
    // No sentences: nothing counted, every type O.
    const CharacterUsage none = countCharacterUsage(vocab, {}, TagScheme::Bio);
    for (size_t id = 0; id < none.count.size(); ++id) {
        QCOMPARE(none.count[id], 0L);
        QCOMPARE(QString::fromStdString(none.type[id]), QStringLiteral("O"));
        QCOMPARE(none.typeShare[id], 0.0f);
    }
}

void TestEmbeddingMap::bioesSpansCountAsTheirBioReading() {
    const Vocabulary vocab = handVocabulary();
    const std::vector<Sentence> bioes = {
        sentence({"李", "明", "在", "京", "京", "北"},
                 {"B-PER", "E-PER", "O", "S-LOC", "S-LOC", "O"}),
        sentence({"北", "京", "Ａ"}, {"B-LOC", "E-LOC", "S-ORG"}),
    };
    const CharacterUsage u = countCharacterUsage(vocab, bioes, TagScheme::Bioes);
    // By hand: 李 PER; 明 PER; 在 O; 京 LOC three times; 北 O and LOC (tie: O); A ORG.
    const std::vector<long> counts{0, 0, 1, 1, 1, 2, 3, 1, 0, 0, 0};
    const std::vector<std::string> types{"O",   "O",   "PER", "PER", "O", "O",
                                         "LOC", "ORG", "O",   "O",   "O"};
    const std::vector<float> shares{0, 0, 1, 1, 1, 0.5f, 1, 1, 0, 0, 0};
    QCOMPARE(u.count, counts);
    QCOMPARE(u.type, types);
    QCOMPARE(u.typeShare, shares);
    // The same sentences rewritten in BIO give the same usage.
    std::vector<Sentence> bio = bioes;
    for (Sentence& s : bio)
        s.tags = convertTags(s.tags, TagScheme::Bioes, TagScheme::Bio);
    const CharacterUsage v = countCharacterUsage(vocab, bio, TagScheme::Bio);
    QCOMPARE(v.count, u.count);
    QCOMPARE(v.type, u.type);
    QCOMPARE(v.typeShare, u.typeShare);
}

void TestEmbeddingMap::selectsTheMostFrequent_data() {
    QTest::addColumn<int>("maxCharacters");
    QTest::addColumn<std::vector<int>>("ids");
    // Counts below: 9 at ids 4, 7; 5 at 2, 5, 10; 3 at 11; 2 at 9; 1 at 6; 0 elsewhere.
    QTest::newRow("1") << 1 << std::vector<int>{4};
    QTest::newRow("3: a tie at 5 cut by id") << 3 << std::vector<int>{4, 7, 2};
    QTest::newRow("5") << 5 << std::vector<int>{4, 7, 2, 5, 10};
    QTest::newRow("8: all that occur") << 8 << std::vector<int>{4, 7, 2, 5, 10, 11, 9, 6};
    QTest::newRow("100: no more") << 100 << std::vector<int>{4, 7, 2, 5, 10, 11, 9, 6};
}

void TestEmbeddingMap::selectsTheMostFrequent() {
    QFETCH(int, maxCharacters);
    QFETCH(std::vector<int>, ids);
    const Tagger model = letterModel(10, 3);
    const CharacterUsage usage = usageOf({0, 0, 5, 0, 9, 5, 1, 9, 0, 2, 5, 3});
    const EmbeddingMap map = mapEmbeddings(model, usage, maxCharacters);
    QCOMPARE(map.ids(), ids);
    for (const MappedCharacter& c : map.characters) {
        const size_t id = size_t(c.id);
        QCOMPARE(QString::fromStdString(c.character), QString(QChar('a' + c.id - 2)));
        QCOMPARE(c.count, usage.count[id]);
        QCOMPARE(QString::fromStdString(c.type), QString::fromStdString(usage.type[id]));
        QCOMPARE(c.typeShare, usage.typeShare[id]);
    }
}

void TestEmbeddingMap::planeIsMappedWithoutDistortion_data() {
    QTest::addColumn<double>("signU");
    QTest::addColumn<double>("signV");
    // Along −u the largest loading is negative, so x runs along +u: x = −(a − mean a).
    QTest::newRow("u, v") << 1.0 << 1.0;
    QTest::newRow("-u, v") << -1.0 << 1.0;
    QTest::newRow("u, -v") << 1.0 << -1.0;
}

void TestEmbeddingMap::planeIsMappedWithoutDistortion() {
    QFETCH(double, signU);
    QFETCH(double, signV);
    // Ids 2..9 lie on the plane with counts 8..1; ids 10 and 11 keep their random columns
    // off it and occur never, so a map that took them in would not be flat.
    Tagger model = letterModel(10, 5);
    Matrix& E = model.params().embedding.E.value; // (6, 12)
    const Eigen::VectorXd mean = (Eigen::VectorXd(6) << 0.3, -0.2, 0.1, 0.5, -0.4, 0.2).finished();
    std::vector<long> counts(12, 0);
    for (size_t k = 0; k < kPlanePoints.size(); ++k) {
        const auto [a, b] = kPlanePoints[k];
        E.col(Eigen::Index(k + 2)) =
            (a * signU * planeU() + b * signV * planeV() + mean).cast<Scalar>();
        counts[k + 2] = long(8 - k);
    }
    const EmbeddingMap map = mapEmbeddings(model, usageOf(counts), 300);
    QCOMPARE(map.ids(), (std::vector<int>{2, 3, 4, 5, 6, 7, 8, 9}));
    QVERIFY(near(map.explained[0] + map.explained[1], 1.0, 1e-5));
    QVERIFY(near(map.explained[0], 10 / 11.5, 1e-5));
    QVERIFY(near(map.explained[1], 1.5 / 11.5, 1e-5));
    QVERIFY(map.explained[0] > map.explained[1]);
    for (size_t k = 0; k < kPlanePoints.size(); ++k) {
        const MappedCharacter& c = map.characters[k];
        const auto [a, b] = kPlanePoints[k];
        // The axes' signs follow the largest loadings of u and v, which are positive.
        QVERIFY2(near(c.x, signU * (a - 1)), qPrintable(QString::number(c.x)));
        QVERIFY2(near(c.y, signV * b), qPrintable(QString::number(c.y)));
        for (size_t j = 0; j < k; ++j) { // distances within the plane survive the projection
            const MappedCharacter& d = map.characters[j];
            const auto [aj, bj] = kPlanePoints[j];
            QVERIFY(near(std::hypot(c.x - d.x, c.y - d.y), std::hypot(a - aj, b - bj)));
        }
    }
}

void TestEmbeddingMap::matchesAnIndependentPca() {
    Tagger model = letterModel(20, 11);
    // Random columns stretched unequally along the coordinates, so that the leading principal
    // axes are well apart (checked below) yet not the coordinate axes.
    const Eigen::VectorXd stretch = (Eigen::VectorXd(6) << 4, 2.5, 1.5, 1, 0.7, 0.5).finished();
    model.params().embedding.E.value.array().colwise() *= stretch.cast<Scalar>().array();
    std::vector<long> counts(22, 0);
    for (size_t id = 2; id < 22; ++id)
        counts[id] = long(30 - id); // distinct, falling with id: the 15 mapped are ids 2..16
    const EmbeddingMap map = mapEmbeddings(model, usageOf(counts), 15);
    QCOMPARE(map.characters.size(), size_t(15));

    const Matrix& E = model.params().embedding.E.value;      // (6, 22)
    Eigen::MatrixXd X = E.middleCols(2, 15).cast<double>();  // (6, 15)
    const Eigen::VectorXd centre = X.rowwise().sum() / 15.0; // (6)
    for (Eigen::Index n = 0; n < X.cols(); ++n)
        X.col(n) -= centre;
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(X, Eigen::ComputeThinU); // X = U S Vᵀ
    const Eigen::VectorXd s = svd.singularValues();
    const double total = s.squaredNorm();
    // Distinct leading singular values, or the axes would be any rotation of each other.
    QVERIFY(s(0) > 1.05 * s(1) && s(1) > 1.05 * s(2));
    QVERIFY(near(map.explained[0], s(0) * s(0) / total, 1e-5));
    QVERIFY(near(map.explained[1], s(1) * s(1) / total, 1e-5));
    for (int axis = 0; axis < 2; ++axis) {
        Eigen::VectorXd u = svd.matrixU().col(axis);
        Eigen::Index largest = 0;
        u.cwiseAbs().maxCoeff(&largest);
        if (u(largest) < 0) u = -u; // the documented sign: the largest loading positive
        const Eigen::RowVectorXd expected = u.transpose() * X; // (15)
        for (Eigen::Index n = 0; n < 15; ++n) {
            const MappedCharacter& c = map.characters[size_t(n)];
            QVERIFY2(near(axis == 0 ? c.x : c.y, expected(n)),
                     qPrintable(QString("axis %1, character %2").arg(axis).arg(n)));
        }
    }
}

void TestEmbeddingMap::previousMapSetsTheSigns() {
    const Tagger model = letterModel(12, 17);
    std::vector<long> counts(14, 0);
    for (size_t id = 2; id < 12; ++id) // ids 12, 13 occur never and stay off the map
        counts[id] = long(id);
    const CharacterUsage usage = usageOf(counts);
    const EmbeddingMap first = mapEmbeddings(model, usage, 100);
    QCOMPARE(first.characters.size(), size_t(10));
    const EmbeddingMap again = mapEmbeddings(model, usage, 100);
    const auto agree = [&](const EmbeddingMap& m, double sx, double sy) {
        if (m.characters.size() != first.characters.size()) return false;
        for (size_t k = 0; k < m.characters.size(); ++k)
            if (m.characters[k].id != first.characters[k].id ||
                m.characters[k].x != float(sx * first.characters[k].x) ||
                m.characters[k].y != float(sy * first.characters[k].y))
                return false;
        return true;
    };
    QVERIFY(agree(again, 1, 1)); // without previous: the loading rule, the same each time
    QVERIFY(first.characters[0].x != 0 && first.characters[0].y != 0);

    const EmbeddingMap both = negated(first, true, true);
    QVERIFY(agree(mapEmbeddings(model, usage, 100, &both), -1, -1));
    const EmbeddingMap justY = negated(first, false, true);
    QVERIFY(agree(mapEmbeddings(model, usage, 100, &justY), 1, -1));
    // A previous map that holds three of the characters decides as well.
    EmbeddingMap some = negated(first, true, false);
    some.characters.resize(3);
    QVERIFY(agree(mapEmbeddings(model, usage, 100, &some), -1, 1));
    // One that shares no character cannot: the loading rule again.
    EmbeddingMap other;
    other.characters.push_back({12, "k", -5, -5, 1, "O", 1});
    other.characters.push_back({13, "l", -4, 3, 1, "O", 1});
    QVERIFY(agree(mapEmbeddings(model, usage, 100, &other), 1, 1));
    // Every coordinate of the realigned map agrees in sign with previous's.
    const EmbeddingMap aligned = mapEmbeddings(model, usage, 100, &both);
    for (size_t k = 0; k < aligned.characters.size(); ++k) {
        QVERIFY(aligned.characters[k].x * both.characters[k].x >= 0);
        QVERIFY(aligned.characters[k].y * both.characters[k].y >= 0);
    }
}

// A map's own projection puts each mapped column at its (x, y), whichever signs alignment
// chose; another model's column (another epoch's) lands where the same formula puts it.
void TestEmbeddingMap::projectPlacesColumnsAsTheMapDoes() {
    const Tagger model = letterModel(12, 19);
    std::vector<long> counts(14, 0);
    for (size_t id = 2; id < 14; ++id)
        counts[id] = long(id);
    const CharacterUsage usage = usageOf(counts);
    const EmbeddingMap plain = mapEmbeddings(model, usage, 100);
    const EmbeddingMap flipped = negated(plain, true, false);
    const EmbeddingMap aligned = mapEmbeddings(model, usage, 100, &flipped);
    const Matrix& E = model.params().embedding.E.value;
    for (const EmbeddingMap* map : {&plain, &aligned}) {
        QCOMPARE(map->axes.rows(), Eigen::Index(2));
        QCOMPARE(map->axes.cols(), E.rows());
        for (const MappedCharacter& c : map->characters) {
            const std::array<float, 2> at = map->project(E.col(c.id));
            QVERIFY(near(at[0], c.x, 1e-5) && near(at[1], c.y, 1e-5));
        }
    }
    QVERIFY(near(aligned.characters[0].x, -plain.characters[0].x, 1e-6)); // x did flip
    // A column from elsewhere: the centred column's dot products with the two axes.
    const Tagger other = letterModel(12, 20);
    const Vector column = other.params().embedding.E.value.col(5);
    const Eigen::VectorXd centred = column.cast<double>() - plain.mean;
    const std::array<float, 2> at = plain.project(column);
    QVERIFY(near(at[0], plain.axes.row(0).dot(centred), 1e-6));
    QVERIFY(near(at[1], plain.axes.row(1).dot(centred), 1e-6));
    QVERIFY(near(plain.axes.row(0).norm(), 1, 1e-9) &&
            near(plain.axes.row(0).dot(plain.axes.row(1)), 0, 1e-9));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, plain.project(Vector::Zero(3)));
}

void TestEmbeddingMap::emptyAndSingleCharacterMaps() {
    const Tagger model = letterModel(4, 2);
    const EmbeddingMap none = mapEmbeddings(model, usageOf({0, 0, 0, 0, 0, 0}), 10);
    QVERIFY(none.characters.empty());
    QCOMPARE(none.explained[0], 0.0f);
    QCOMPARE(none.explained[1], 0.0f);
    // One character is its own mean: it sits at the origin and nothing varies.
    const EmbeddingMap one = mapEmbeddings(model, usageOf({0, 0, 0, 4, 0, 0}), 10);
    QCOMPARE(one.ids(), std::vector<int>{3});
    QCOMPARE(one.characters[0].x, 0.0f);
    QCOMPARE(one.characters[0].y, 0.0f);
    QCOMPARE(one.explained[0], 0.0f);
    QCOMPARE(one.explained[1], 0.0f);
}

void TestEmbeddingMap::badArgumentsThrow() {
    const Tagger model = letterModel(4, 2); // 6 ids
    const CharacterUsage fits = usageOf({0, 0, 1, 2, 3, 4});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             mapEmbeddings(model, usageOf({0, 0, 1, 2, 3, 4, 5}), 10));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             mapEmbeddings(model, usageOf({0, 0, 1, 2, 3}), 10));
    CharacterUsage shortTypes = fits;
    shortTypes.type.pop_back();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mapEmbeddings(model, shortTypes, 10));
    // Counted with another model's vocabulary.
    const CharacterUsage hand =
        countCharacterUsage(handVocabulary(), bioSentences(), TagScheme::Bio);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mapEmbeddings(model, hand, 10));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mapEmbeddings(model, fits, 0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mapEmbeddings(model, fits, -3));
    QCOMPARE(mapEmbeddings(model, fits, 1).characters.size(), size_t(1));
}

void TestEmbeddingMap::neighboursByCosine_data() {
    QTest::addColumn<int>("id");
    QTest::addColumn<int>("k");
    QTest::newRow("a, 3") << 2 << 3;
    QTest::newRow("d, 1") << 5 << 1;
    QTest::newRow("last, 5") << 11 << 5;
    QTest::newRow("a, all") << 2 << 9;
    QTest::newRow("<pad> asks: a zero column, every cosine 0, by id") << 0 << 4;
    QTest::newRow("<unk> asks, 0") << 1 << 0;
}

void TestEmbeddingMap::neighboursByCosine() {
    QFETCH(int, id);
    QFETCH(int, k);
    Tagger model = letterModel(10, 23); // 12 ids
    Matrix& E = model.params().embedding.E.value;
    // <pad> and <unk> made the closest possible: they must still not be returned.
    if (id > Vocabulary::kUnkId) {
        E.col(Vocabulary::kPadId) = E.col(id);
        E.col(Vocabulary::kUnkId) = 3 * E.col(id);
    }
    std::vector<std::pair<double, int>> expected; // (−cosine, id): sorts most similar first
    const Eigen::VectorXd self = E.col(id).cast<double>();
    for (int other = 2; other < E.cols(); ++other)
        if (other != id) {
            const Eigen::VectorXd v = E.col(other).cast<double>();
            const double norms = self.norm() * v.norm(); // <pad>'s column is zero
            expected.push_back({norms > 0 ? -self.dot(v) / norms : 0.0, other});
        }
    std::sort(expected.begin(), expected.end());
    expected.resize(std::min(expected.size(), size_t(k)));

    const std::vector<Neighbour> got = nearestCharacters(model, id, k);
    QCOMPARE(got.size(), expected.size());
    for (size_t n = 0; n < got.size(); ++n) {
        QCOMPARE(got[n].id, expected[n].second);
        QCOMPARE(QString::fromStdString(got[n].character), QString(QChar('a' + got[n].id - 2)));
        QVERIFY(near(got[n].similarity, -expected[n].first, 1e-6));
        if (n > 0) QVERIFY(got[n].similarity <= got[n - 1].similarity);
    }
}

void TestEmbeddingMap::neighbourTiesGoToTheLowerId() {
    Tagger model = letterModel(10, 29);
    Matrix& E = model.params().embedding.E.value;
    // Doubling is exact in floating point, so both cosines are the same number.
    E.col(9) = 2 * E.col(4);
    E.col(6) = E.col(4);
    const std::vector<Neighbour> got = nearestCharacters(model, 4, 2);
    QCOMPARE(got.size(), size_t(2));
    QCOMPARE(got[0].id, 6);
    QCOMPARE(got[1].id, 9);
    QCOMPARE(got[0].similarity, got[1].similarity);
    QVERIFY(near(got[0].similarity, 1.0, 1e-6));
}

void TestEmbeddingMap::largeKGivesEveryOtherCharacter() {
    const Tagger model = letterModel(10, 31); // 12 ids: 10 characters
    const std::vector<Neighbour> got = nearestCharacters(model, 7, 1000);
    QCOMPARE(got.size(), size_t(9)); // every character but 7 itself
    std::vector<int> ids;
    for (const Neighbour& n : got)
        ids.push_back(n.id);
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (std::vector<int>{2, 3, 4, 5, 6, 8, 9, 10, 11}));
    QVERIFY(nearestCharacters(model, 7, 0).empty());
    QVERIFY(nearestCharacters(model, 7, -2).empty());
}

void TestEmbeddingMap::neighbourOfAnIdOutsideTheVocabularyThrows() {
    const Tagger model = letterModel(3, 1); // 5 ids
    for (int bad : {-1, 5, 100})
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, nearestCharacters(model, bad, 3));
    QCOMPARE(nearestCharacters(model, 4, 3).size(), size_t(2));
}

void TestEmbeddingMap::neighboursOnlyAmongTheCandidates() {
    const Tagger model = letterModel(10, 37); // 12 ids
    // The asking id, <pad> and <unk> among the candidates are still never returned.
    const std::vector<int> candidates{9, 0, 4, 1, 6, 3, 11};
    const std::vector<Neighbour> all = nearestCharacters(model, 6, 1000);
    std::vector<int> expected; // the full ranking, kept to the candidates
    for (const Neighbour& n : all)
        if (n.id == 9 || n.id == 4 || n.id == 3 || n.id == 11) expected.push_back(n.id);
    const std::vector<Neighbour> got = nearestCharacters(model, 6, 1000, &candidates);
    std::vector<int> ids;
    for (const Neighbour& n : got)
        ids.push_back(n.id);
    QCOMPARE(ids, expected);
    QCOMPARE(nearestCharacters(model, 6, 2, &candidates).size(), size_t(2));
    QCOMPARE(nearestCharacters(model, 6, 2, &candidates)[0].id, expected[0]);
    const std::vector<int> outside{3, 12};
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, nearestCharacters(model, 6, 2, &outside));
}

// Six characters on three axes: a, b, c (PER) near e1, d, e (LOC) near e2, f (O) on e3. With
// k = 2 each PER character's two nearest are the other two PER ones (2 of 2), and each LOC
// character has one LOC neighbour (1 of 2): share (1 + 1 + 1 + ½ + ½) / 5 = 0.8. By chance a
// PER character's neighbour is PER with probability 2/5, a LOC one's LOC with 1/5: chance
// (3 · 0.4 + 2 · 0.2) / 5 = 0.32. f, outside every entity, is not averaged.
void TestEmbeddingMap::typeAgreementCountsNeighboursOfTheSameType() {
    Tagger model = letterModel(6, 41);            // ids 2..7: a..f
    Matrix& E = model.params().embedding.E.value; // (6, 8)
    E.setZero();
    const float offset[3] = {0.1f, 0.2f, 0.3f};
    for (int k = 0; k < 3; ++k) { // a, b, c
        E(0, 2 + k) = 1;
        E(3, 2 + k) = offset[k];
    }
    for (int k = 0; k < 2; ++k) { // d, e
        E(1, 5 + k) = 1;
        E(4, 5 + k) = offset[k];
    }
    E(2, 7) = 1; // f
    EmbeddingMap map;
    const char* types[] = {"PER", "PER", "PER", "LOC", "LOC", "O"};
    for (int k = 0; k < 6; ++k)
        map.characters.push_back({2 + k, std::string(1, char('a' + k)), 0, 0, 10, types[k], 1});
    const TypeAgreement agreement = neighbourTypeAgreement(model, map, 2);
    QCOMPARE(agreement.characters, 5);
    QVERIFY(near(agreement.share, 0.8, 1e-6));
    QVERIFY(near(agreement.chance, 0.32, 1e-6));
    // k beyond the map is cut to the other characters: each has all 5 as neighbours, so the
    // share is what chance gives.
    const TypeAgreement everyone = neighbourTypeAgreement(model, map, 50);
    QVERIFY(near(everyone.share, everyone.chance, 1e-6));
    // Scrambled types: a PER character now sits among LOC ones, and the share falls.
    std::swap(map.characters[0].type, map.characters[3].type);
    QVERIFY(neighbourTypeAgreement(model, map, 2).share < agreement.share);
}

void TestEmbeddingMap::typeAgreementOfNoEntityIsEmpty() {
    const Tagger model = letterModel(4, 43);
    EmbeddingMap map;
    for (int k = 0; k < 4; ++k)
        map.characters.push_back({2 + k, std::string(1, char('a' + k)), 0, 0, 1, "O", 1});
    const TypeAgreement none = neighbourTypeAgreement(model, map, 2);
    QCOMPARE(none.characters, 0);
    QCOMPARE(none.share, 0.0f);
    map.characters.resize(1);
    map.characters[0].type = "PER";
    QCOMPARE(neighbourTypeAgreement(model, map, 2).characters, 0); // no neighbour to have
}

QTEST_GUILESS_MAIN(TestEmbeddingMap)
#include "tst_embedding_map.moc"
