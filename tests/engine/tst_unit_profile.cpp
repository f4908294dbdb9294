// profileUnit against the inspector's own per-sentence analysis: its highest and lowest
// moments are each sentence's extreme (sentence, character) value of that unit, the most
// extreme sentences first, and its per-type means are the means over the characters each
// gold entity type covers.
#include "engine/analysis/sentence_analysis.h"
#include "engine/analysis/unit_profile.h"
#include "engine/model/tagger_network.h"
#include "engine/nn/lstm_cell.h"
#include "test_sentences.h"
#include "tiny_model.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

using namespace ner;
using namespace ner::test;

namespace {

std::vector<Sentence> corpus() {
    return fourShortSentences();
}

// Vocabulary and tags from the first two sentences: the last two have unknown characters.
Tagger makeModel(int layers, bool bidirectional) {
    const std::vector<Sentence> all = corpus();
    return tinyModel({all.begin(), all.begin() + 2}, layers, bidirectional, 4, 5);
}

struct Value {
    float value;
    int sentence, position;
};

// Every value of the unit, from analyse() one sentence at a time.
std::vector<Value> allValues(const Tagger& model, const UnitRef& u) {
    TaggerNetwork network;
    std::vector<Value> out;
    const std::vector<Sentence> sentences = corpus();
    for (size_t s = 0; s < sentences.size(); ++s) {
        const SentenceAnalysis a = analyseSentence(network, model, sentences[s].chars);
        for (const GateTrace& g : a.gates)
            if (g.layer == u.layer && g.direction == u.direction)
                for (int t = 0; t < g.length; ++t)
                    out.push_back({g.value(u.gate, u.unit, t), int(s), t});
    }
    return out;
}

} // namespace

class TestUnitProfile : public QObject {
    Q_OBJECT

private slots:
    void extremesAreTheUnitsValuesInOrder_data();
    void extremesAreTheUnitsValuesInOrder();
    void meansByGoldType();
    void kLargerThanTheCorpusKeepsEverything();
    void onlyTheFirstSentencesWhenCut();
    void unknownUnitIsAnError();
    void aGateTheCellLacksIsAnError();
};

void TestUnitProfile::extremesAreTheUnitsValuesInOrder_data() {
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layer");
    QTest::addColumn<int>("direction");
    QTest::addColumn<int>("gate");
    QTest::addColumn<int>("unit");
    QTest::newRow("1 layer, forward h") << 1 << true << 0 << 0 << int(LstmGate::Hidden) << 2;
    QTest::newRow("1 layer, backward forget") << 1 << true << 0 << 1 << int(LstmGate::Forget) << 0;
    QTest::newRow("2 layers, second, backward c")
        << 2 << true << 1 << 1 << int(LstmGate::Cell) << 3;
    QTest::newRow("unidirectional, input") << 2 << false << 1 << 0 << int(LstmGate::Input) << 1;
}

void TestUnitProfile::extremesAreTheUnitsValuesInOrder() {
    QFETCH(int, layers);
    QFETCH(bool, bidirectional);
    QFETCH(int, layer);
    QFETCH(int, direction);
    QFETCH(int, gate);
    QFETCH(int, unit);
    const Tagger model = makeModel(layers, bidirectional);
    const UnitRef u{layer, direction, gate, unit};
    TaggerNetwork network;
    const UnitProfile p = profileUnit(network, model, corpus(), TagScheme::Bio, u, 3);
    const std::vector<Value> all = allValues(model, u);
    QCOMPARE(p.characters, long(all.size()));
    QCOMPARE(p.sentences, int(corpus().size()));
    for (const bool highest : {true, false}) {
        auto before = [highest](const Value& a, const Value& b) {
            return highest ? a.value > b.value : a.value < b.value;
        };
        // Each sentence's first most extreme character, then the sentences by it.
        std::vector<Value> perSentence;
        for (const Value& v : all)
            if (perSentence.empty() || perSentence.back().sentence != v.sentence)
                perSentence.push_back(v);
            else if (before(v, perSentence.back()))
                perSentence.back() = v;
        std::stable_sort(perSentence.begin(), perSentence.end(), before);
        const std::vector<UnitMoment>& moments = highest ? p.highest : p.lowest;
        QCOMPARE(moments.size(), std::min<size_t>(3, perSentence.size()));
        for (size_t k = 0; k < moments.size(); ++k) {
            QCOMPARE(moments[k].value, perSentence[k].value);
            QCOMPARE(moments[k].sentence, perSentence[k].sentence);
            QCOMPARE(moments[k].position, perSentence[k].position);
        }
    }
    QVERIFY(p.highest.front().value > p.lowest.front().value); // the case is not degenerate
}

void TestUnitProfile::meansByGoldType() {
    const Tagger model = makeModel(1, true);
    const UnitRef u{0, 0, LstmGate::Hidden, 1};
    TaggerNetwork network;
    const UnitProfile p = profileUnit(network, model, corpus(), TagScheme::Bio, u, 3);
    // By hand from the gold tags above: PER at (0,0) (0,1) (1,0) (1,1); LOC at (0,3) (0,4)
    // (1,3) (1,4) (2,2); the other 7 of the 16 characters are O.
    std::map<std::pair<int, int>, std::string> type;
    for (auto [s, t] : {std::pair{0, 0}, {0, 1}, {1, 0}, {1, 1}})
        type[{s, t}] = "PER";
    for (auto [s, t] : {std::pair{0, 3}, {0, 4}, {1, 3}, {1, 4}, {2, 2}})
        type[{s, t}] = "LOC";
    std::map<std::string, std::pair<double, long>> expected;
    for (const Value& v : allValues(model, u)) {
        const auto it = type.find({v.sentence, v.position});
        auto& [sum, count] = expected[it == type.end() ? "O" : it->second];
        sum += double(v.value);
        ++count;
    }
    QCOMPARE(int(p.byType.size()), 3);
    QCOMPARE(QString::fromStdString(p.byType[0].type), QStringLiteral("O"));   // O first,
    QCOMPARE(QString::fromStdString(p.byType[1].type), QStringLiteral("LOC")); // then by name
    QCOMPARE(QString::fromStdString(p.byType[2].type), QStringLiteral("PER"));
    QCOMPARE(p.byType[0].characters, 7L);
    QCOMPARE(p.byType[1].characters, 5L);
    QCOMPARE(p.byType[2].characters, 4L);
    for (const TypeMean& m : p.byType) {
        const auto& [sum, count] = expected.at(m.type);
        QCOMPARE(m.characters, count);
        QVERIFY(std::abs(m.mean - sum / double(count)) < 1e-9);
    }
}

void TestUnitProfile::kLargerThanTheCorpusKeepsEverything() {
    const Tagger model = makeModel(1, false);
    TaggerNetwork network;
    const UnitProfile p = profileUnit(network, model, corpus(), TagScheme::Bio,
                                      UnitRef{0, 0, LstmGate::Output, 0}, 100);
    QCOMPARE(int(p.highest.size()), 4); // one per sentence
    QCOMPARE(int(p.lowest.size()), 4);
    QVERIFY(
        std::is_sorted(p.highest.begin(), p.highest.end(),
                       [](const UnitMoment& a, const UnitMoment& b) { return a.value > b.value; }));
    for (size_t k = 0; k < 4; ++k) // every sentence once each way
        QCOMPARE(std::count_if(p.highest.begin(), p.highest.end(),
                               [k](const UnitMoment& m) { return m.sentence == int(k); }),
                 1L);
}

void TestUnitProfile::onlyTheFirstSentencesWhenCut() {
    const Tagger model = makeModel(1, true);
    TaggerNetwork network;
    const UnitRef u{0, 1, LstmGate::Hidden, 2};
    const UnitProfile p = profileUnit(network, model, corpus(), TagScheme::Bio, u, 10, 2);
    QCOMPARE(p.sentences, 2);
    QCOMPARE(p.characters, 11L); // 5 + 6
    QCOMPARE(int(p.highest.size()), 2);
    for (const UnitMoment& m : p.highest)
        QVERIFY(m.sentence < 2);
    long counted = 0;
    for (const TypeMean& m : p.byType)
        counted += m.characters;
    QCOMPARE(counted, 11L);
}

void TestUnitProfile::unknownUnitIsAnError() {
    const Tagger model = makeModel(1, false); // 1 layer, forward only, 4 units
    TaggerNetwork network;
    for (const UnitRef& u :
         {UnitRef{1, 0, LstmGate::Hidden, 0}, UnitRef{0, 1, LstmGate::Hidden, 0},
          UnitRef{0, 0, LstmGate::Hidden, 4}, UnitRef{0, 0, LstmGate::Hidden, -1}})
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 profileUnit(network, model, corpus(), TagScheme::Bio, u, 3));
}

void TestUnitProfile::aGateTheCellLacksIsAnError() {
    const std::vector<Sentence> all = corpus();
    const Tagger gru = tinyModel({all.begin(), all.begin() + 2}, 1, true, 4, 5, CellType::Gru);
    TaggerNetwork network;
    // h by default: the GRU's fourth gate.
    const UnitProfile h = profileUnit(network, gru, corpus(), TagScheme::Bio, UnitRef{0, 1}, 2);
    QCOMPARE(h.cell, CellType::Gru);
    QCOMPARE(h.unit.gate, 3);
    // Its update gate z is gate 1; its values are the trace's.
    const UnitProfile z =
        profileUnit(network, gru, corpus(), TagScheme::Bio, UnitRef{0, 0, 1, 2}, 1);
    const SentenceAnalysis first =
        traceSentence(network, gru, corpus()[size_t(z.highest[0].sentence)].chars);
    QCOMPARE(z.highest[0].value, first.gates[0].value(1, 2, z.highest[0].position));
    // A GRU has four gates: a fifth (an LSTM's c) is no gate of it.
    try {
        profileUnit(network, gru, corpus(), TagScheme::Bio, UnitRef{0, 0, 4, 0}, 1);
        QFAIL("no error");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(std::string(e.what()).find("r, z, n, h") != std::string::npos, e.what());
    }
}

QTEST_APPLESS_MAIN(TestUnitProfile)
#include "tst_unit_profile.moc"
