// measureGateSaturation against a count made directly from analyse()'s traces, and on gates
// whose biases leave them no choice: a forget bias of +50 holds every forget gate of that
// direction above 0.9 at every character, an input bias of −50 below 0.1, and the other
// direction keeps its own counts.
#include "engine/analysis/gate_saturation.h"
#include "engine/analysis/sentence_analysis.h"
#include "engine/model/tagger_network.h"
#include "engine/nn/lstm_cell.h"
#include "test_sentences.h"
#include "tiny_model.h"

#include <QtTest>

#include <sstream>

#include <stdexcept>

using namespace ner;
using namespace ner::test;

namespace {

Tagger makeModel(int layers, bool bidirectional) {
    return tinyModel(fourShortSentences(), layers, bidirectional, 5, 3);
}

// Large enough that no input moves the sigmoid off its end: 1 − σ(50) underflows to 0.
void setGateBias(Tagger& model, const std::string& name, int gate, float bias) {
    const int H = model.config().hiddenDim;
    const int block = gate == LstmGate::Input ? 0 : gate == LstmGate::Forget ? 1 : 3; // i, f, g, o
    for (const NamedParameter& p : model.namedParameters())
        if (p.name == name) {
            p.parameter->value.middleRows(block * H, H).setConstant(bias);
            return;
        }
    QFAIL(("no parameter " + name).c_str());
}

} // namespace

class TestGateSaturation : public QObject {
    Q_OBJECT

private slots:
    void fractionsCountTheTraces_data();
    void fractionsCountTheTraces();
    void saturatedByTheirBiases();
    void onlyTheFirstSentencesWhenCut();
    void thresholdOutsideItsRangeIsAnError();
    void aGruCountsItsResetAndUpdateGates();
    void anRnnHasNoSigmoidGate();
};

void TestGateSaturation::fractionsCountTheTraces_data() {
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<float>("threshold");
    QTest::newRow("1 bidirectional layer") << 1 << true << 0.1f;
    QTest::newRow("2 bidirectional layers, wide threshold") << 2 << true << 0.4f;
    QTest::newRow("2 forward layers") << 2 << false << 0.3f;
}

void TestGateSaturation::fractionsCountTheTraces() {
    QFETCH(int, layers);
    QFETCH(bool, bidirectional);
    QFETCH(float, threshold);
    const Tagger model = makeModel(layers, bidirectional);
    TaggerNetwork network;
    const SaturationProfile p =
        measureGateSaturation(network, model, fourShortSentences(), threshold);
    const int directions = bidirectional ? 2 : 1;
    QCOMPARE(p.sentences, 4);
    QCOMPARE(p.characters, 16L);
    QCOMPARE(p.threshold, threshold);
    QCOMPARE(p.gates.size(), size_t(layers * directions * 3));
    long anyBelow = 0, anyAbove = 0;
    for (int layer = 0; layer < layers; ++layer)
        for (int direction = 0; direction < directions; ++direction)
            for (int gate : {int(LstmGate::Input), int(LstmGate::Forget), int(LstmGate::Output)}) {
                const GateSaturation* g = p.find(layer, direction, gate);
                QVERIFY(g);
                QCOMPARE(g->below.size(), size_t(5));
                for (int unit = 0; unit < 5; ++unit) {
                    long below = 0, above = 0;
                    for (const Sentence& s : fourShortSentences())
                        for (const GateTrace& trace :
                             analyseSentence(network, model, s.chars).gates)
                            if (trace.layer == layer && trace.direction == direction)
                                for (int t = 0; t < trace.length; ++t) {
                                    const float v = trace.value(gate, unit, t);
                                    below += v < threshold;
                                    above += v > 1 - threshold;
                                }
                    QCOMPARE(g->below[size_t(unit)], float(below) / 16.0f);
                    QCOMPARE(g->above[size_t(unit)], float(above) / 16.0f);
                    anyBelow += below;
                    anyAbove += above;
                }
            }
    QVERIFY(!p.find(layers, 0, LstmGate::Forget));               // no such layer
    QVERIFY(!p.find(0, 0, LstmGate::Hidden));                    // h is not a sigmoid gate
    if (threshold > 0.2f) QVERIFY(anyBelow > 0 && anyAbove > 0); // the case is not degenerate
}

void TestGateSaturation::saturatedByTheirBiases() {
    Tagger model = makeModel(1, true);
    setGateBias(model, "lstm.0.forward.b", LstmGate::Forget, 50);
    setGateBias(model, "lstm.0.forward.b", LstmGate::Input, -50);
    TaggerNetwork network;
    const SaturationProfile p = measureGateSaturation(network, model, fourShortSentences());
    const GateSaturation* forget = p.find(0, 0, LstmGate::Forget);
    const GateSaturation* input = p.find(0, 0, LstmGate::Input);
    QVERIFY(forget && input);
    for (int unit = 0; unit < 5; ++unit) {
        QCOMPARE(forget->above[size_t(unit)], 1.0f);
        QCOMPARE(forget->below[size_t(unit)], 0.0f);
        QCOMPARE(input->below[size_t(unit)], 1.0f);
        QCOMPARE(input->above[size_t(unit)], 0.0f);
    }
    // The backward direction's gates start near σ(1) and σ(0): nowhere near either end.
    const GateSaturation* backward = p.find(0, 1, LstmGate::Forget);
    QVERIFY(backward);
    for (int unit = 0; unit < 5; ++unit)
        QVERIFY(backward->above[size_t(unit)] < 1.0f);
}

void TestGateSaturation::onlyTheFirstSentencesWhenCut() {
    const Tagger model = makeModel(1, true);
    TaggerNetwork network;
    const SaturationProfile p =
        measureGateSaturation(network, model, fourShortSentences(), 0.1f, 2);
    QCOMPARE(p.sentences, 2);
    QCOMPARE(p.characters, 11L);
    const SaturationProfile cut =
        measureGateSaturation(network, model, fourShortSentences(), 0.1f, 4, 3);
    QCOMPARE(cut.characters, 3L + 3L + 3L + 2L); // each sentence cut at 3 characters
}

void TestGateSaturation::thresholdOutsideItsRangeIsAnError() {
    const Tagger model = makeModel(1, true);
    TaggerNetwork network;
    for (float bad : {0.0f, 0.5f, -0.1f, 0.7f})
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 measureGateSaturation(network, model, fourShortSentences(), bad));
}

void TestGateSaturation::aGruCountsItsResetAndUpdateGates() {
    const Tagger model = tinyModel(fourShortSentences(), 1, true, 5, 3, CellType::Gru);
    TaggerNetwork network;
    const SaturationProfile p = measureGateSaturation(network, model, fourShortSentences(), 0.4f);
    QCOMPARE(p.cell, CellType::Gru);
    QCOMPARE(p.gates.size(), size_t(2 * 2)); // r and z, each direction
    for (const GateSaturation& g : p.gates)
        QVERIFY(g.gate == 0 || g.gate == 1);
    // The update gate, counted from the traces as the LSTM's forget gate is above.
    const GateSaturation* z = p.find(0, 0, 1);
    QVERIFY(z);
    long above = 0;
    for (const Sentence& s : fourShortSentences())
        for (const GateTrace& trace : traceSentence(network, model, s.chars).gates)
            if (trace.direction == 0)
                for (int t = 0; t < trace.length; ++t)
                    above += trace.value(1, 2, t) > 0.6f;
    QCOMPARE(z->above[2], float(above) / 16.0f);
    std::ostringstream csv;
    writeSaturationCsv(p, csv);
    QVERIFY(csv.str().find(",forward,z,2,") != std::string::npos);
    QVERIFY(csv.str().find(",f,") == std::string::npos);
}

void TestGateSaturation::anRnnHasNoSigmoidGate() {
    const Tagger model = tinyModel(fourShortSentences(), 2, false, 5, 3, CellType::Rnn);
    TaggerNetwork network;
    const SaturationProfile p = measureGateSaturation(network, model, fourShortSentences());
    QCOMPARE(p.cell, CellType::Rnn);
    QVERIFY(p.gates.empty());
    QCOMPARE(p.characters, 16L); // the sentences were still read
}

QTEST_GUILESS_MAIN(TestGateSaturation)
#include "tst_gate_saturation.moc"
