// InfluenceAnalyser against central differences: every entry of the map is the norm of the
// gradient of log softmax(e_t)[y_t] with respect to character s's embedding, for
// uni- and bidirectional, one- and two-layer stacks, CRF and softmax outputs, and a
// sentence long enough to be split into several passes. Characters are all distinct, so
// moving a character's column of the embedding table moves exactly one position's input.
#include "engine/analysis/influence.h"
#include "engine/analysis/sentence_analysis.h"
#include "engine/data/utf8.h"
#include "engine/model/tagger.h"
#include "engine/model/tagger_network.h"
#include "engine/nn/embedding.h"
#include "gradient_check.h"
#include "test_sentences.h"

#include <QtTest>

#include <cmath>

using namespace ner;
using namespace ner::test;

namespace {

// n distinct CJK characters, each in the vocabulary.
std::vector<std::string> distinctChars(int n) {
    std::vector<std::string> chars;
    for (int i = 0; i < n; ++i)
        chars.push_back(encodeCodePoint(char32_t(0x4E00 + i)));
    return chars;
}

Tagger makeModel(const std::vector<std::string>& chars, int layers, bool bidirectional,
                 OutputLayer output) {
    std::vector<std::string> tags(chars.size(), "O");
    if (chars.size() >= 3) {
        tags[1] = "B-LOC";
        tags[2] = "I-LOC";
    }
    const std::vector<Sentence> training{sentence(chars, tags)};
    ModelConfig config;
    config.embeddingDim = 4;
    config.hiddenDim = 3;
    config.layers = layers;
    config.bidirectional = bidirectional;
    config.output = output;
    config.scheme = TagScheme::Bio;
    config.languageModelWeight = 0;
    Tagger model = Tagger::create(config, Vocabulary::build(training, 1, config.normalize),
                                  TagSet::build(training), 7);
    // Larger weights than the initialisation's, so that the gradients reach far enough to
    // be told from zero across a long sentence.
    for (NamedParameter& p : model.namedParameters())
        p.parameter->value *= 3;
    return model;
}

// log softmax(e_t)[y_t] for every t, from a plain forward pass; minus log softmax(e_t)[c_t]
// where a contrast tag c_t ≥ 0 is given.
std::vector<double> evidence(const Tagger& model, const std::vector<std::string>& chars,
                             const std::vector<int>& tags, const std::vector<int>& contrast = {}) {
    const int T = int(chars.size());
    Matrix x, s;
    Embedding::forward(model.params().embedding, model.encode(chars).tokens, x);
    RecurrentStack stack;
    const Matrix& top =
        stack.forward(model.params().recurrent, x, {T}, T, 1, StackDropout{}, nullptr, 1);
    Linear::forward(model.params().projection, top, s);
    std::vector<double> out;
    for (int t = 0; t < T; ++t) {
        const double m = s.col(t).maxCoeff();
        const double logZ = m + std::log((s.col(t).array() - m).exp().sum());
        double v = s(tags[size_t(t)], t) - logZ;
        if (!contrast.empty() && contrast[size_t(t)] >= 0) v -= s(contrast[size_t(t)], t) - logZ;
        out.push_back(v);
    }
    return out;
}

// The whole T × T map by central differences on each character's embedding column.
std::vector<double> numericMap(Tagger model, const std::vector<std::string>& chars,
                               const std::vector<int>& tags,
                               const std::vector<int>& contrast = {}) {
    const int T = int(chars.size());
    const std::vector<int> tokens = model.encode(chars).tokens;
    Matrix& E = model.params().embedding.E.value;
    std::vector<double> squared(size_t(T) * size_t(T), 0.0);
    const double eps = kUnitDifference.eps;
    for (int s = 0; s < T; ++s)
        for (Eigen::Index d = 0; d < E.rows(); ++d) {
            const double keep = E(d, tokens[size_t(s)]);
            E(d, tokens[size_t(s)]) = keep + eps;
            const std::vector<double> plus = evidence(model, chars, tags, contrast);
            E(d, tokens[size_t(s)]) = keep - eps;
            const std::vector<double> minus = evidence(model, chars, tags, contrast);
            E(d, tokens[size_t(s)]) = keep;
            for (int t = 0; t < T; ++t) {
                const double g = (plus[size_t(t)] - minus[size_t(t)]) / (2 * eps);
                squared[size_t(t) * size_t(T) + size_t(s)] += g * g;
            }
        }
    for (double& v : squared)
        v = std::sqrt(v);
    return squared;
}

// Each row checked against its own scale, as gradient_check.h does per tensor.
void compareRows(const InfluenceMap& map, const std::vector<double>& numeric) {
    const int T = map.length;
    for (int t = 0; t < T; ++t) {
        double scale = 1e-8, worst = 0;
        int worstS = 0;
        for (int s = 0; s < T; ++s) {
            const double a = map.at(t, s), n = numeric[size_t(t) * size_t(T) + size_t(s)];
            scale = std::max(scale, std::abs(a) + std::abs(n));
            if (std::abs(a - n) > worst) {
                worst = std::abs(a - n);
                worstS = s;
            }
        }
        if (worst / scale > kGradTolerance)
            QFAIL(qPrintable(QStringLiteral("row %1, column %2: analytic %3, numeric %4")
                                 .arg(t)
                                 .arg(worstS)
                                 .arg(double(map.at(t, worstS)))
                                 .arg(numeric[size_t(t) * size_t(T) + size_t(worstS)])));
    }
}

std::vector<int> someTags(const Tagger& model, int T) {
    std::vector<int> tags;
    for (int t = 0; t < T; ++t)
        tags.push_back(t % model.tags().size()); // any decision can be explained
    return tags;
}

} // namespace

class TestInfluence : public QObject {
    Q_OBJECT

private slots:
    void matchesCentralDifferences_data();
    void matchesCentralDifferences();
    void forwardOnlyModelNeverLooksAhead();
    void analysisOverloadExplainsThePredictedTags();
    void modelIsLeftUntouched();
    void badTagsAreErrors();
    void emptySentence();
    void reachByHand();
    void againstAContrastTag();
    void againstGoldEntities();
};

void TestInfluence::matchesCentralDifferences_data() {
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<bool>("crf");
    QTest::newRow("bi, 1 layer, crf") << 7 << 1 << true << true;
    QTest::newRow("bi, 2 layers, softmax") << 6 << 2 << true << false;
    QTest::newRow("uni, 2 layers, crf") << 6 << 2 << false << true;
    // 100 characters: 2048 / 100 = 20 copies a pass, so the rows come from five passes.
    QTest::newRow("bi, 1 layer, two passes") << 100 << 1 << true << true;
}

void TestInfluence::matchesCentralDifferences() {
    QFETCH(int, length);
    QFETCH(int, layers);
    QFETCH(bool, bidirectional);
    QFETCH(bool, crf);
    const std::vector<std::string> chars = distinctChars(length);
    const Tagger model =
        makeModel(chars, layers, bidirectional, crf ? OutputLayer::Crf : OutputLayer::Softmax);
    const std::vector<int> tags = someTags(model, length);
    if (length > 90) QVERIFY(InfluenceAnalyser::kColumnsPerPass / length < length);
    InfluenceAnalyser analyser;
    const InfluenceMap map = analyser.analyse(model, chars, tags);
    QCOMPARE(map.length, length);
    QCOMPARE(map.tags, tags);
    compareRows(map, numericMap(model, chars, tags));
    // Not vacuous: every decision depends on its own character.
    for (int t = 0; t < length; ++t)
        QVERIFY(map.at(t, t) > 0);
    // The same analyser again (reused workspaces) gives the same map.
    QCOMPARE(analyser.analyse(model, chars, tags).values, map.values);
}

void TestInfluence::forwardOnlyModelNeverLooksAhead() {
    const std::vector<std::string> chars = distinctChars(9);
    const Tagger model = makeModel(chars, 2, false, OutputLayer::Crf);
    const InfluenceMap map = InfluenceAnalyser().analyse(model, chars, someTags(model, 9));
    for (int t = 0; t < 9; ++t)
        for (int s = 0; s < 9; ++s) {
            if (s > t)
                QCOMPARE(map.at(t, s), 0.0f); // exactly: no path from s to t
            else
                QVERIFY2(map.at(t, s) > 0, qPrintable(QStringLiteral("%1 ← %2").arg(t).arg(s)));
        }
    const Tagger bi = makeModel(chars, 1, true, OutputLayer::Crf);
    const InfluenceMap both = InfluenceAnalyser().analyse(bi, chars, someTags(bi, 9));
    QVERIFY(both.at(0, 8) > 0); // the backward direction carries the last character to the first
}

void TestInfluence::analysisOverloadExplainsThePredictedTags() {
    const std::vector<std::string> chars = distinctChars(5);
    const Tagger model = makeModel(chars, 1, true, OutputLayer::Crf);
    TaggerNetwork network;
    const SentenceAnalysis a = analyseSentence(network, model, chars);
    std::vector<int> predicted;
    for (const std::string& tag : a.predicted)
        predicted.push_back(model.tags().id(tag));
    InfluenceAnalyser analyser;
    const InfluenceMap map = analyser.analyse(model, a);
    QCOMPARE(map.tags, predicted);
    QCOMPARE(map.values, analyser.analyse(model, chars, predicted).values);
}

void TestInfluence::modelIsLeftUntouched() {
    const std::vector<std::string> chars = distinctChars(6);
    Tagger model = makeModel(chars, 2, true, OutputLayer::Softmax);
    const Tagger before = model;
    InfluenceAnalyser().analyse(model, chars, someTags(model, 6));
    std::vector<NamedParameter> now = model.namedParameters();
    std::vector<NamedParameter> then = const_cast<Tagger&>(before).namedParameters();
    QCOMPARE(now.size(), then.size());
    for (size_t i = 0; i < now.size(); ++i) {
        QVERIFY2(now[i].parameter->value == then[i].parameter->value, now[i].name.c_str());
        QVERIFY2(now[i].parameter->grad == then[i].parameter->grad, now[i].name.c_str());
    }
}

void TestInfluence::badTagsAreErrors() {
    const std::vector<std::string> chars = distinctChars(4);
    const Tagger model = makeModel(chars, 1, true, OutputLayer::Crf);
    InfluenceAnalyser analyser;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analyser.analyse(model, chars, {0, 0, 0}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             analyser.analyse(model, chars, {0, 0, 0, model.tags().size()}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analyser.analyse(model, chars, {0, -1, 0, 0}));
}

void TestInfluence::emptySentence() {
    const std::vector<std::string> chars = distinctChars(3);
    const Tagger model = makeModel(chars, 1, true, OutputLayer::Crf);
    const InfluenceMap map = InfluenceAnalyser().analyse(model, {}, {});
    QCOMPARE(map.length, 0);
    QVERIFY(map.values.empty());
}

void TestInfluence::reachByHand() {
    // Row 0 looks at itself; row 1 mostly two to the right; row 2 evenly at everything;
    // row 3 at nothing.
    InfluenceMap map;
    map.length = 4;
    map.values = {1, 0, 0, 0, //
                  1, 1, 0, 8, //
                  1, 1, 1, 1, //
                  0, 0, 0, 0};
    QCOMPARE(rowReach(map, 0, 0.5), 0);
    QCOMPARE(rowReach(map, 0, 1.0), 0);
    QCOMPARE(rowReach(map, 1, 0.1), 0); // 1 of 10 at distance 0
    QCOMPARE(rowReach(map, 1, 0.2), 1); // 2 of 10 within 1
    QCOMPARE(rowReach(map, 1, 0.5), 2); // the 8 two to the right
    QCOMPARE(rowReach(map, 2, 0.5), 1); // 3 of 4 within 1 (columns 1–3)
    QCOMPARE(rowReach(map, 2, 0.9), 2); // column 0 is two to the left
    QCOMPARE(rowReach(map, 3, 0.5), 0); // nothing to reach
    QCOMPARE(medianReach(map, 0.5), 1); // reaches 0, 2, 1, 0: the upper middle of 0 0 1 2
    QCOMPARE(medianReach(map, 0.9), 2); // reaches 0, 2, 2, 0
    QCOMPARE(medianReach(InfluenceMap{}, 0.5), 0);
}

void TestInfluence::againstAContrastTag() {
    const std::vector<std::string> chars = distinctChars(7);
    const Tagger model = makeModel(chars, 1, true, OutputLayer::Crf);
    const int K = model.tags().size();
    const std::vector<int> tags = someTags(model, 7);
    // Rows 0, 2, 5 against another tag; row 3 "against" its own tag (no contrast); the rest
    // without one.
    std::vector<int> contrast(7, -1);
    contrast[0] = (tags[0] + 1) % K;
    contrast[2] = (tags[2] + 2) % K;
    contrast[3] = tags[3];
    contrast[5] = (tags[5] + 1) % K;
    InfluenceAnalyser analyser;
    const InfluenceMap map = analyser.analyse(model, chars, tags, contrast);
    QCOMPARE(map.contrast,
             (std::vector<int>{contrast[0], -1, contrast[2], -1, -1, contrast[5], -1}));
    std::vector<int> numericContrast = map.contrast; // the objective each row differentiates
    compareRows(map, numericMap(model, chars, tags, numericContrast));
    // Uncontrasted rows are the plain map's; contrasted ones differ from it.
    const InfluenceMap plain = analyser.analyse(model, chars, tags);
    QVERIFY(plain.contrast.empty());
    for (int t = 0; t < 7; ++t)
        for (int s = 0; s < 7; ++s) {
            if (map.contrasted(t)) continue;
            QCOMPARE(map.at(t, s), plain.at(t, s));
        }
    QVERIFY(map.at(0, 0) != plain.at(0, 0));
    // A contrast equal to the tags everywhere is no contrast.
    QVERIFY(analyser.analyse(model, chars, tags, tags).contrast.empty());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             analyser.analyse(model, chars, tags, std::vector<int>(6, -1)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             analyser.analyse(model, chars, tags, std::vector<int>(7, K)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             analyser.analyse(model, chars, tags, std::vector<int>(7, -2)));
}

void TestInfluence::againstGoldEntities() {
    // The model predicts in BIO; gold spans become BIO tags and contrast only where they
    // differ from the prediction.
    const std::vector<std::string> chars = distinctChars(6);
    const Tagger model = makeModel(chars, 1, true, OutputLayer::Crf);
    TaggerNetwork network;
    const SentenceAnalysis a = analyseSentence(network, model, chars);
    const std::vector<Span> gold{{1, 3, "LOC"}};
    const std::vector<std::string> goldTags = spansToTags(gold, 6, TagScheme::Bio);
    InfluenceAnalyser analyser;
    const InfluenceMap map = analyser.analyse(model, a, &gold);
    bool anyWrong = false;
    for (int t = 0; t < 6; ++t) {
        const bool wrong = a.predicted[size_t(t)] != goldTags[size_t(t)];
        anyWrong = anyWrong || wrong;
        QCOMPARE(map.contrasted(t), wrong);
        if (wrong) QCOMPARE(model.tags().name(map.contrast[size_t(t)]), goldTags[size_t(t)]);
    }
    QVERIFY2(anyWrong, "the untrained model should get some character wrong");
    // Gold equal to the prediction: nothing to contrast.
    const std::vector<Span> same = extractSpans(a.predicted, TagScheme::Bio);
    QVERIFY(analyser.analyse(model, a, &same).contrast.empty());
    // A gold type the model has no tag for explains the prediction alone.
    const std::vector<Span> unknown{{0, 2, "ORG"}};
    const InfluenceMap noOrg = analyser.analyse(model, a, &unknown);
    if (!noOrg.contrast.empty()) {
        QVERIFY(!noOrg.contrasted(0));
        QVERIFY(!noOrg.contrasted(1));
    }
    // Spans past the sentence are an error, not a crash.
    const std::vector<Span> outside{{4, 9, "LOC"}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analyser.analyse(model, a, &outside));
}

QTEST_APPLESS_MAIN(TestInfluence)
#include "tst_influence.moc"
