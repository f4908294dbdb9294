// Comparisons of configurations over seeds (engine/train/comparison.h): the experiment's
// configurations and their names, one run trained and tested end to end (deterministic,
// stoppable), the summaries' statistics, and run records read back field by field.
#include "engine/train/comparison.h"
#include "engine/train/run_record.h"
#include "test_sentences.h"

#include <QtTest>

#include <cmath>

using namespace ner;
using namespace ner::test;

namespace {

// A corpus the run can learn a little in two epochs: people after 主席, places after 在.
TrainingData smallData() {
    const char* people[] = {"李明", "王芳", "张伟", "刘洋"};
    const char* places[] = {"北京", "上海", "广州", "深圳"};
    TrainingData data;
    data.scheme = TagScheme::Bio;
    data.name = "small";
    for (int k = 0; k < 24; ++k) {
        std::vector<std::string> chars{"主", "席"}, tags{"O", "O"};
        const std::string per = people[k % 4], loc = places[(k / 4) % 4];
        for (size_t i = 0; i < per.size(); i += 3) {
            chars.push_back(per.substr(i, 3));
            tags.push_back(i == 0 ? "B-PER" : "I-PER");
        }
        chars.push_back("在");
        tags.push_back("O");
        for (size_t i = 0; i < loc.size(); i += 3) {
            chars.push_back(loc.substr(i, 3));
            tags.push_back(i == 0 ? "B-LOC" : "I-LOC");
        }
        (k % 6 == 4   ? data.dev
         : k % 6 == 5 ? data.test
                      : data.train)
            .push_back(sentence(chars, tags));
    }
    return data;
}

ModelConfig smallBase() {
    ModelConfig base;
    base.embeddingDim = 6;
    base.hiddenDim = 5;
    return base;
}

TrainConfig twoEpochs() {
    TrainConfig t;
    t.epochs = 2;
    t.batchSize = 4;
    t.evaluateTrain = false;
    return t;
}

class StopAfterFirstBatch : public TrainingObserver {
public:
    explicit StopAfterFirstBatch(Trainer& trainer) : m_trainer(trainer) {}
    void onBatch(const BatchProgress&) override { m_trainer.requestStop(); }

private:
    Trainer& m_trainer;
};

} // namespace

class TestComparison : public QObject {
    Q_OBJECT

private slots:
    void theOriginalExperiment();
    void architectureNames();
    void aRunTrainsTestsAndRepeatsItself();
    void aStoppedRunIsNotFinished();
    void summaryStatistics();
    void summariesKeepTheOrderAndSkipUnfinishedRuns();
    void runRecordsRoundTrip();
    void damagedRunRecordsNameTheField_data();
    void damagedRunRecordsNameTheField();
};

void TestComparison::theOriginalExperiment() {
    const std::vector<ComparedConfiguration> list = originalExperiment();
    QCOMPARE(list.size(), size_t(9));
    QCOMPARE(list[0].name, std::string("3-layer RNN"));
    QCOMPARE(list[0].cell, CellType::Rnn);
    QCOMPARE(list[0].layers, 3);
    QVERIFY(!list[0].bidirectional);
    // The original experiment's rows had a softmax output; the CRF rows are ours.
    for (const ComparedConfiguration& c : list)
        QCOMPARE(c.output == OutputLayer::Crf, c.key.find("crf") != std::string::npos);
    QCOMPARE(list[2].name, std::string("3-layer LSTM, linear between"));
    QVERIFY(list[2].linearBetween);
    QCOMPARE(list[4].name, std::string("BiLSTM-CRF"));
    QCOMPARE(list[8].name, std::string("BiGRU-CRF"));
    // Every LSTM row has its GRU counterpart.
    for (const ComparedConfiguration& c : list)
        if (c.cell == CellType::Lstm) {
            ComparedConfiguration gru = c;
            gru.cell = CellType::Gru;
            const std::string name = architectureName(gru.applyTo(ModelConfig{}));
            QVERIFY2(std::any_of(list.begin(), list.end(),
                                 [&](const ComparedConfiguration& o) { return o.name == name; }),
                     name.c_str());
        }
    // applyTo changes the architecture and nothing else.
    ModelConfig base = smallBase();
    base.dropout = 0.2;
    const ModelConfig applied = list[2].applyTo(base);
    QCOMPARE(applied.cell, CellType::Lstm);
    QCOMPARE(applied.layers, 3);
    QVERIFY(applied.linearBetween && !applied.bidirectional);
    QCOMPARE(applied.hiddenDim, 5);
    QCOMPARE(applied.dropout, 0.2);
}

void TestComparison::architectureNames() {
    ModelConfig m;
    QCOMPARE(architectureName(m), std::string("BiLSTM-CRF")); // the defaults
    m.layers = 2;
    m.cell = CellType::Gru;
    QCOMPARE(architectureName(m), std::string("2-layer BiGRU-CRF"));
    m.bidirectional = false;
    m.output = OutputLayer::Softmax;
    m.linearBetween = true;
    QCOMPARE(architectureName(m), std::string("2-layer GRU, linear between"));
}

void TestComparison::aRunTrainsTestsAndRepeatsItself() {
    const TrainingData data = smallData();
    const ComparedConfiguration bigru = originalExperiment()[8];
    ComparisonRun first(data, bigru, smallBase(), twoEpochs(), 3, nullptr);
    const RunResult a = first.run();
    QVERIFY(a.finished);
    QCOMPARE(a.name, std::string("BiGRU-CRF"));
    QCOMPARE(a.dataset, std::string("small"));
    QCOMPARE(a.model.cell, CellType::Gru);
    QCOMPARE(a.model.hiddenDim, 5);
    QCOMPARE(a.seed, std::uint64_t(3));
    QCOMPARE(a.train.seed, std::uint64_t(3));
    QCOMPARE(a.epochs, 2);
    QCOMPARE(a.curve.size(), size_t(2));
    QCOMPARE(a.curve[1].epoch, 2);
    QVERIFY(a.bestEpoch >= 1 && a.bestEpoch <= 2);
    QCOMPARE(a.bestDevF1, std::max(a.curve[0].devF1, a.curve[1].devF1));
    QVERIFY(a.testTokenAccuracy > 0 && a.testTokenAccuracy <= 1);
    QVERIFY(a.tokensPerSecond > 0 && a.seconds > 0);
    // The parameters of a bidirectional GRU-CRF of these sizes.
    QCOMPARE(a.parameters, first.trainer().snapshot().parameterCount());
    // The same seed gives the same run; another seed another.
    ComparisonRun again(data, bigru, smallBase(), twoEpochs(), 3, nullptr);
    const RunResult b = again.run();
    QCOMPARE(b.testF1, a.testF1);
    QCOMPARE(b.curve[1].trainLoss, a.curve[1].trainLoss);
    ComparisonRun other(data, bigru, smallBase(), twoEpochs(), 4, nullptr);
    QVERIFY(other.run().curve[1].trainLoss != a.curve[1].trainLoss);
}

void TestComparison::aStoppedRunIsNotFinished() {
    ComparisonRun run(smallData(), originalExperiment()[1], smallBase(), twoEpochs(), 1, nullptr);
    StopAfterFirstBatch stop(run.trainer());
    const RunResult r = run.run(&stop);
    QVERIFY(!r.finished);
    QVERIFY(r.curve.empty());
    QCOMPARE(summariseRuns({r}, {r.key}).size(), size_t(0));
}

void TestComparison::summaryStatistics() {
    const ScoreSummary s = summarise({0.70, 0.72, 0.74});
    QVERIFY(std::abs(s.mean - 0.72) < 1e-12);
    QVERIFY(std::abs(s.sd - 0.02) < 1e-12);
    QCOMPARE(s.min, 0.70);
    QCOMPARE(s.max, 0.74);
    // Student's t for 2 degrees of freedom, 4.303: 0.72 ± 4.303 · 0.02 / √3.
    const double half = 4.303 * 0.02 / std::sqrt(3.0);
    QVERIFY(std::abs(s.low - (0.72 - half)) < 1e-12);
    QVERIFY(std::abs(s.high - (0.72 + half)) < 1e-12);
    const ScoreSummary one = summarise({0.5});
    QCOMPARE(one.mean, 0.5);
    QCOMPARE(one.sd, 0.0);
    QCOMPARE(one.low, 0.5);
    QCOMPARE(one.high, 0.5);
    QCOMPARE(summarise({}).mean, 0.0);
}

void TestComparison::summariesKeepTheOrderAndSkipUnfinishedRuns() {
    auto run = [](const std::string& key, double f1, bool finished) {
        RunResult r;
        r.key = key;
        r.name = key + " name";
        r.finished = finished;
        r.testF1 = f1;
        r.testTokenAccuracy = f1 + 0.1;
        r.bestDevF1 = f1 - 0.1;
        r.tokensPerSecond = 1000 * f1;
        r.parameters = 42;
        return r;
    };
    const std::vector<RunResult> runs{run("b", 0.6, true), run("a", 0.5, true), run("b", 0.8, true),
                                      run("a", 0.9, false), run("c", 0.4, false)};
    const std::vector<ConfigurationSummary> s = summariseRuns(runs, {"a", "b", "c"});
    QCOMPARE(s.size(), size_t(2)); // c has no finished run
    QCOMPARE(s[0].key, std::string("a"));
    QCOMPARE(s[0].runs, 1);
    QCOMPARE(s[0].testF1.mean, 0.5); // the unfinished 0.9 does not count
    QCOMPARE(s[1].key, std::string("b"));
    QCOMPARE(s[1].runs, 2);
    QVERIFY(std::abs(s[1].testF1.mean - 0.7) < 1e-12);
    QVERIFY(std::abs(s[1].testTokenAccuracy.mean - 0.8) < 1e-12);
    QVERIFY(std::abs(s[1].tokensPerSecond - 700) < 1e-9);
    QCOMPARE(s[1].parameters, 42L);
}

void TestComparison::runRecordsRoundTrip() {
    ComparisonRun run(smallData(), originalExperiment()[6], smallBase(), twoEpochs(), 2, nullptr);
    const RunResult a = run.run();
    const RunResult b = runFromJson(nlohmann::json::parse(runToJson(a).dump()));
    QCOMPARE(b.key, a.key);
    QCOMPARE(b.name, a.name);
    QCOMPARE(b.dataset, a.dataset);
    QCOMPARE(b.model.cell, CellType::Gru);
    QCOMPARE(b.model.layers, 3);
    QVERIFY(b.model.linearBetween);
    QCOMPARE(b.model.output, OutputLayer::Softmax);
    QCOMPARE(b.model.hiddenDim, 5);
    QCOMPARE(b.train.epochs, 2);
    QCOMPARE(b.train.batchSize, 4);
    QCOMPARE(b.seed, a.seed);
    QCOMPARE(b.finished, true);
    QCOMPARE(b.testF1, a.testF1);
    QCOMPARE(b.testTokenAccuracy, a.testTokenAccuracy);
    QCOMPARE(b.bestDevF1, a.bestDevF1);
    QCOMPARE(b.parameters, a.parameters);
    QCOMPARE(b.curve.size(), a.curve.size());
    QCOMPARE(b.curve[1].devF1, a.curve[1].devF1);
    QCOMPARE(runToJson(b), runToJson(a));
}

void TestComparison::damagedRunRecordsNameTheField_data() {
    QTest::addColumn<QString>("pointer"); // JSON pointer to change
    QTest::addColumn<QString>("value");   // its new value, as JSON; "" removes it
    QTest::addColumn<QString>("message");
    QTest::newRow("no test F1") << "/test_f1"
                                << ""
                                << "no \"test_f1\"";
    QTest::newRow("test F1 a string") << "/test_f1"
                                      << "\"high\""
                                      << "\"test_f1\" is not a number";
    QTest::newRow("unknown cell") << "/model/cell"
                                  << "\"lsm\""
                                  << "unknown cell \"lsm\"";
    QTest::newRow("impossible settings") << "/model/layers"
                                         << "9"
                                         << "settings: layers must be 1–4";
    QTest::newRow("a newer version") << "/version"
                                     << "2"
                                     << "run record version 2";
    QTest::newRow("curve not a list") << "/curve"
                                      << "{}"
                                      << "\"curve\" is not a list";
    QTest::newRow("curve entry without F1") << "/curve/0/dev_f1"
                                            << ""
                                            << "no \"dev_f1\"";
}

void TestComparison::damagedRunRecordsNameTheField() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, message);
    RunResult r;
    r.key = "bilstm";
    r.name = "BiLSTM";
    r.finished = true;
    r.curve.push_back({1, 2.0, 1.5, 0.3, 0.7});
    nlohmann::json j = runToJson(r);
    QVERIFY(runFromJson(j).finished); // whole, it reads
    const nlohmann::json::json_pointer at(pointer.toStdString());
    if (value.isEmpty())
        j[at.parent_pointer()].erase(at.back());
    else
        j[at] = nlohmann::json::parse(value.toStdString());
    try {
        runFromJson(j);
        QFAIL("read without an error");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
    }
}

QTEST_APPLESS_MAIN(TestComparison)
#include "tst_comparison.moc"
