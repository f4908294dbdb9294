// TaggerNetwork::analyse, what the inspector draws: the gate values it reports obey the LSTM
// equations they claim to be (c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t)) in every layer and
// both directions, probabilities are distributions, the prediction is the decoder's, and
// unknown characters and over-long input are flagged, the CRF's transition scores are the
// model's with the decoder's constraints. Also the unit ordering of the heatmap.
#include "engine/analysis/inspection.h"
#include "engine/analysis/inspection_csv.h"
#include "engine/analysis/sentence_analysis.h"
#include "engine/data/batch.h"
#include "engine/model/tagger_network.h"
#include "engine/nn/lstm_cell.h"
#include "engine/nn/tag_transitions.h"
#include "test_sentences.h"

#include <QtTest>

#include <cmath>
#include <set>
#include <sstream>

using namespace ner;
using namespace ner::test;

Q_DECLARE_METATYPE(ner::OutputLayer)

namespace {

Tagger makeModel(OutputLayer output, int layers, bool bidirectional, bool constrained = true,
                 CellType cell = CellType::Lstm) {
    const std::vector<Sentence> corpus{
        sentence({"李", "明", "在", "北", "京"}, {"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}),
        sentence({"王", "芳", "到", "上", "海"}, {"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}),
    };
    ModelConfig config;
    config.embeddingDim = 7;
    config.hiddenDim = 5;
    config.layers = layers;
    config.bidirectional = bidirectional;
    config.cell = cell;
    config.output = output;
    config.scheme = TagScheme::Bio;
    config.constrainedDecoding = constrained;
    Tagger model = Tagger::create(config, Vocabulary::build(corpus, 1, config.normalize),
                                  TagSet::build(corpus), 7);
    // Untrained CRF transitions are zero; give them values so that Viterbi differs from a
    // per-character argmax and the check below means something.
    if (output == OutputLayer::Crf) {
        Random rng(3);
        for (Parameter* p :
             {&model.params().crf.transitions, &model.params().crf.start, &model.params().crf.end})
            for (Eigen::Index k = 0; k < p->value.size(); ++k)
                p->value.data()[k] = Scalar(rng.uniform(-2, 2));
    }
    return model;
}

// Splits one CSV record (RFC 4180 quoting, no line breaks inside fields).
std::vector<std::string> csvFields(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t k = 0; k < line.size(); ++k) {
        const char c = line[k];
        if (quoted && c == '"' && k + 1 < line.size() && line[k + 1] == '"')
            fields.back() += line[++k];
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields.emplace_back();
        else
            fields.back() += c;
    }
    return fields;
}

// The reading-order neighbour whose cell state feeds position t, or -1 at the start.
int previousPosition(const GateTrace& g, int t) {
    const int previous = g.direction == 0 ? t - 1 : t + 1;
    return previous >= 0 && previous < g.length ? previous : -1;
}

} // namespace

class TestInspection : public QObject {
    Q_OBJECT

private slots:
    void gatesObeyTheLstmEquations_data();
    void gatesObeyTheLstmEquations();
    void aGruShowsItsOwnGates();
    void anRnnShowsOnlyItsState();
    void unknownAndOverlongInputAreFlagged();
    void transitionsAreTheModelsWithTheDecodersConstraints();
    void unitsByVariationPutsTheChangingUnitsFirst();
    void gateCsvHasOneParsableRowPerValue();
};

void TestInspection::gatesObeyTheLstmEquations_data() {
    QTest::addColumn<OutputLayer>("output");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("bidirectional");
    QTest::newRow("crf, 1 bi") << OutputLayer::Crf << 1 << true;
    QTest::newRow("crf, 2 bi") << OutputLayer::Crf << 2 << true;
    QTest::newRow("softmax, 2 uni") << OutputLayer::Softmax << 2 << false;
    QTest::newRow("softmax, 3 bi") << OutputLayer::Softmax << 3 << true;
}

void TestInspection::gatesObeyTheLstmEquations() {
    QFETCH(OutputLayer, output);
    QFETCH(int, layers);
    QFETCH(bool, bidirectional);
    const Tagger model = makeModel(output, layers, bidirectional);
    TaggerNetwork network;
    const std::vector<std::string> chars{"李", "明", "在", "上", "海", "王", "芳"};
    const int T = int(chars.size());
    const SentenceAnalysis a = analyseSentence(network, model, chars);

    QCOMPARE(int(a.gates.size()), layers * (bidirectional ? 2 : 1));
    const double tol = 2e-6; // float values, each equation a few operations deep
    for (const GateTrace& g : a.gates) {
        QCOMPARE(g.length, T);
        QCOMPARE(g.hidden, 5);
        for (int t = 0; t < T; ++t)
            for (int u = 0; u < g.hidden; ++u) {
                const double i = g.value(LstmGate::Input, u, t),
                             f = g.value(LstmGate::Forget, u, t),
                             gc = g.value(LstmGate::Candidate, u, t),
                             o = g.value(LstmGate::Output, u, t), c = g.value(LstmGate::Cell, u, t),
                             h = g.value(LstmGate::Hidden, u, t);
                for (double sigmoid : {i, f, o})
                    QVERIFY(sigmoid > 0 && sigmoid < 1);
                QVERIFY(gc > -1 && gc < 1);
                const int p = previousPosition(g, t);
                const double cPrevious = p < 0 ? 0.0 : g.value(LstmGate::Cell, u, p);
                QVERIFY2(std::abs(c - (f * cPrevious + i * gc)) < tol,
                         qPrintable(QString("layer %1 direction %2 unit %3 position %4: c")
                                        .arg(g.layer)
                                        .arg(g.direction)
                                        .arg(u)
                                        .arg(t)));
                QVERIFY2(std::abs(h - o * std::tanh(c)) < tol, "h = o ⊙ tanh(c)");
            }
    }

    // Probabilities are distributions over the tags, and the prediction is the decoder's.
    QCOMPARE(int(a.predicted.size()), T);
    for (int t = 0; t < T; ++t) {
        double sum = 0;
        for (int k = 0; k < int(a.tagNames.size()); ++k) {
            QVERIFY(a.probability(k, t) >= 0);
            sum += a.probability(k, t);
        }
        QVERIFY(std::abs(sum - 1) < 1e-5);
    }
    const EncodedSentence encoded = model.encode(chars);
    const std::vector<int> decoded = network.predict(model, makeBatch({&encoded})).front();
    for (int t = 0; t < T; ++t)
        QCOMPARE(a.predicted[size_t(t)], model.tags().name(decoded[size_t(t)]));
}

void TestInspection::aGruShowsItsOwnGates() {
    const Tagger model = makeModel(OutputLayer::Crf, 2, true, true, CellType::Gru);
    TaggerNetwork network;
    const std::vector<std::string> chars{"李", "明", "在", "上", "海", "王", "芳"};
    const int T = int(chars.size());
    const SentenceAnalysis a = analyseSentence(network, model, chars);
    QCOMPARE(a.cell, CellType::Gru);
    QCOMPARE(describeCell(a.cell).symbolList(), std::string("r, z, n, h"));
    QCOMPARE(int(a.gates.size()), 4);
    const double tol = 2e-6;
    for (const GateTrace& g : a.gates) {
        QCOMPARE(g.cell, CellType::Gru);
        QCOMPARE(g.gates, 4);
        QCOMPARE(g.values.size(), size_t(4 * T * g.hidden));
        for (int t = 0; t < T; ++t)
            for (int u = 0; u < g.hidden; ++u) {
                const double r = g.value(0, u, t), z = g.value(1, u, t), n = g.value(2, u, t),
                             h = g.value(3, u, t);
                QVERIFY(r > 0 && r < 1 && z > 0 && z < 1 && n > -1 && n < 1);
                const int p = previousPosition(g, t);
                const double hPrevious = p < 0 ? 0.0 : g.value(3, u, p);
                // (5) h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
                QVERIFY2(std::abs(h - ((1 - z) * n + z * hPrevious)) < tol, "h = (1-z)n + z h");
            }
    }
    // The CSV names exactly those gates.
    std::ostringstream csv;
    writeGateCsv(a, csv);
    std::istringstream in(csv.str());
    std::string line;
    std::getline(in, line);
    std::set<std::string> symbols;
    while (std::getline(in, line))
        symbols.insert(csvFields(line)[2]);
    QCOMPARE(symbols, (std::set<std::string>{"r", "z", "n", "h"}));
}

void TestInspection::anRnnShowsOnlyItsState() {
    const Tagger model = makeModel(OutputLayer::Softmax, 1, false, true, CellType::Rnn);
    TaggerNetwork network;
    const std::vector<std::string> chars{"李", "明", "在", "北", "京"};
    const SentenceAnalysis a = analyseSentence(network, model, chars);
    QCOMPARE(a.cell, CellType::Rnn);
    QCOMPARE(int(a.gates.size()), 1);
    const GateTrace& g = a.gates.front();
    QCOMPARE(g.gates, 1);
    // h_t = tanh(W_x x_t + W_h h_{t−1} + b), recomputed from the weights in double.
    const CellParams& p = model.params().recurrent.layers[0][0];
    const EncodedSentence encoded = model.encode(chars);
    Eigen::VectorXd previous = Eigen::VectorXd::Zero(g.hidden);
    for (int t = 0; t < g.length; ++t) {
        const Eigen::VectorXd x =
            model.params().embedding.E.value.col(encoded.tokens[size_t(t)]).cast<double>();
        const Eigen::VectorXd h = (p.W_x.value.cast<double>() * x +
                                   p.W_h.value.cast<double>() * previous + p.b.value.cast<double>())
                                      .array()
                                      .tanh();
        for (int u = 0; u < g.hidden; ++u)
            QVERIFY2(std::abs(h(u) - g.value(0, u, t)) < 2e-6, qPrintable(QString::number(t)));
        previous = h;
    }
}

void TestInspection::unknownAndOverlongInputAreFlagged() {
    const Tagger model = makeModel(OutputLayer::Crf, 1, true);
    TaggerNetwork network;
    const SentenceAnalysis a = analyseSentence(network, model, {"李", "😀", "京"});
    QCOMPARE(a.known, (std::vector<bool>{true, false, true}));
    QVERIFY(!a.truncated);

    const std::vector<std::string> longer(12, "北");
    const SentenceAnalysis cut = analyseSentence(network, model, longer, 10);
    QVERIFY(cut.truncated);
    QCOMPARE(int(cut.chars.size()), 10);
    QCOMPARE(cut.gates.front().length, 10);

    const SentenceAnalysis empty = analyseSentence(network, model, {});
    QVERIFY(empty.chars.empty() && empty.gates.empty() && !empty.truncated);
}

void TestInspection::transitionsAreTheModelsWithTheDecodersConstraints() {
    TaggerNetwork network;
    const std::vector<std::string> text{"李", "明", "在", "北", "京"};
    for (bool constrained : {true, false}) {
        const Tagger model = makeModel(OutputLayer::Crf, 1, true, constrained);
        const SentenceAnalysis a = analyseSentence(network, model, text);
        const TransitionScores& t = a.transitions;
        const int K = int(a.tagNames.size());
        QCOMPARE(t.tags, K);
        QCOMPARE(QString::fromStdString(t.constraint), constrained ? QString("BIO") : QString());
        const CrfParams& crf = model.params().crf;
        int forbidden = 0;
        for (int i = 0; i < K; ++i) {
            QCOMPARE(t.start[size_t(i)], float(crf.start.value(i, 0)));
            QCOMPARE(t.end[size_t(i)], float(crf.end.value(i, 0)));
            const std::string& from = a.tagNames[size_t(i)];
            QCOMPARE(t.startAllowed[size_t(i)] != 0,
                     !constrained || mayStart(from, TagScheme::Bio));
            for (int j = 0; j < K; ++j) {
                QCOMPARE(t.score(i, j), float(crf.transitions.value(i, j)));
                const bool rule = transitionAllowed(from, a.tagNames[size_t(j)], TagScheme::Bio);
                QCOMPARE(t.isAllowed(i, j), !constrained || rule);
                forbidden += rule ? 0 : 1;
            }
        }
        QVERIFY(forbidden > 0); // O → I-PER and the like exist in this tag set
    }
    const SentenceAnalysis softmax =
        analyseSentence(network, makeModel(OutputLayer::Softmax, 1, true), text);
    QCOMPARE(softmax.transitions.tags, 0);
    QVERIFY(softmax.transitions.scores.empty());
}

void TestInspection::unitsByVariationPutsTheChangingUnitsFirst() {
    // Four units over three positions: unit 2 swings most, unit 0 a little, units 1 and 3
    // not at all (a tie: kept in unit order). Only the hidden state varies.
    GateTrace g;
    g.hidden = 4;
    g.length = 3;
    g.values.assign(6 * 4 * 3, 0.5f);
    const float hidden[3][4] = {
        {0.1f, 0.3f, -0.9f, 0.0f}, {0.2f, 0.3f, 0.9f, 0.0f}, {0.1f, 0.3f, -0.8f, 0.0f}};
    for (int t = 0; t < 3; ++t)
        for (int u = 0; u < 4; ++u)
            g.values[(size_t(LstmGate::Hidden) * 3 + size_t(t)) * 4 + size_t(u)] = hidden[t][u];
    QCOMPARE(unitsByVariation(g, LstmGate::Hidden), (std::vector<int>{2, 0, 1, 3}));
    QCOMPARE(unitsByVariation(g, LstmGate::Input), (std::vector<int>{0, 1, 2, 3})); // all constant
    g.length = 0;
    g.values.clear();
    QCOMPARE(unitsByVariation(g, LstmGate::Hidden), (std::vector<int>{0, 1, 2, 3}));
}

void TestInspection::gateCsvHasOneParsableRowPerValue() {
    // A comma and a quote are characters like any other here; the CSV must still parse.
    const Tagger model = makeModel(OutputLayer::Crf, 2, true);
    TaggerNetwork network;
    const std::vector<std::string> chars{"李", ",", "\"", "京"};
    const SentenceAnalysis a = analyseSentence(network, model, chars);
    std::ostringstream csv;
    writeGateCsv(a, csv);
    std::istringstream in(csv.str());
    std::string line;
    std::getline(in, line);
    QCOMPARE(line, std::string("layer,direction,gate,unit,position,char,value"));
    size_t rows = 0;
    while (std::getline(in, line)) {
        const std::vector<std::string> f = csvFields(line);
        QCOMPARE(int(f.size()), 7);
        const int layer = std::stoi(f[0]), unit = std::stoi(f[3]), position = std::stoi(f[4]);
        QCOMPARE(f[5], chars[size_t(position)]);
        const GateTrace& g = a.gates[size_t(layer * 2 + (f[1] == "backward" ? 1 : 0))];
        const std::optional<int> found = describeCell(CellType::Lstm).findGate(f[2]);
        QVERIFY2(found, f[2].c_str());
        const int gate = *found;
        QCOMPARE(std::stof(f[6]), g.value(gate, unit, position)); // written to read back exactly
        ++rows;
    }
    QCOMPARE(rows, size_t(2 * 2 * 6 * 4 * 5)); // layers × directions × gates × chars × units
}

QTEST_APPLESS_MAIN(TestInspection)
#include "tst_inspection.moc"
