// Stored runs, the experiment worker and the Runs dock: the store round-trips a run and skips
// a damaged file by name; the worker trains 2 configurations × 2 seeds and the table shows
// their means; pause holds it and stop keeps the finished runs; checked runs overlay on the
// charts with labels that tell them apart; a run the studio trains is stored.
#include "studio_test_support.h"

#include "engine/train/run_record.h"
#include "ui/charts/experiment_chart.h"
#include "ui/state/experiment_summary_model.h"
#include "ui/state/run_list_model.h"
#include "ui/state/run_overlays.h"
#include "ui/state/run_store.h"
#include "ui/window/experiment_panel.h"
#include "ui/window/runs_panel.h"
#include "ui/window/training_controls.h"
#include "ui/workers/experiment_worker.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QLegend>
#include <QLegendMarker>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtCharts/QBarSet>
#include <QtCharts/QLineSeries>

#include <algorithm>
#include <fstream>

using namespace studio;

namespace {
ner::RunResult storedRun(const char* key, ner::CellType cell, std::uint64_t seed, double testF1) {
    ner::RunResult r;
    r.key = key;
    r.model.cell = cell;
    r.model.embeddingDim = 8;
    r.model.hiddenDim = 8;
    r.name = ner::architectureName(r.model);
    r.dataset = "tiny.jsonl";
    r.seed = seed;
    r.train.seed = seed;
    r.train.epochs = 3;
    r.finished = true;
    r.epochs = 3;
    r.bestEpoch = 2;
    r.bestDevF1 = testF1 - 0.01;
    r.testF1 = testF1;
    r.testTokenAccuracy = 0.9;
    r.parameters = 1234;
    for (int e = 1; e <= 3; ++e)
        r.curve.push_back({e, 1.0 / e, 1.2 / e, testF1 * e / 3, 0.8 + 0.03 * e});
    return r;
}

// The experiment's signals collected on the test's thread (queued, as the panel gets them).
struct ExperimentLog {
    std::vector<ner::RunResult> runs;
    int progress = 0;
    std::optional<ExperimentEnd> end;
    ExperimentLog(ExperimentWorker* worker, QObject* context) {
        QObject::connect(worker, &ExperimentWorker::runFinished, context,
                         [this](const ner::RunResult& r) { runs.push_back(r); });
        QObject::connect(worker, &ExperimentWorker::progress, context,
                         [this](const ExperimentProgress&) { ++progress; });
        QObject::connect(worker, &ExperimentWorker::finished, context,
                         [this](const ExperimentEnd& e) { end = e; });
    }
};
} // namespace

class TestRuns : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void storeRoundTripsARun();
    void storeSkipsADamagedFile();
    void compareOutputImports();
    void experimentFillsTheTable();
    void storedRunsFillTheExperimentTable();
    void pauseHoldsAndStopKeepsFinishedRuns();
    void checkedRunsOverlayTheCharts();
    void studioRunIsStored();

private:
    ExperimentJob tinyJob(int epochs, int seeds) const;
    std::shared_ptr<const ner::TrainingData> m_longer; // runs of about a second, to pause
    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    std::shared_ptr<const ner::TrainingData> m_data;
};

void TestRuns::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
    // The windows below keep their runs here, not in the user's data folder.
    qputenv("LSTM_NER_STUDIO_RUNS", QDir(m_dir.path()).filePath("window-runs").toUtf8());
    m_data = test_support::loadData(test_support::writeTinyCorpus(m_dir.path(), 40));
    QVERIFY(!m_data->test.empty());
    const QString longer = QDir(m_dir.path()).filePath("longer");
    QVERIFY(QDir().mkpath(longer));
    m_longer = test_support::loadData(test_support::writeTinyCorpus(longer, 200));
}

ExperimentJob TestRuns::tinyJob(int epochs, int seeds) const {
    ExperimentJob job;
    job.data = m_data;
    for (const ner::ComparedConfiguration& c : ner::originalExperiment())
        if (c.key == "lstm1" || c.key == "bigru-crf") job.configurations.push_back(c);
    job.base.embeddingDim = 6;
    job.base.hiddenDim = 6;
    job.base.languageModelHidden = 4;
    job.train.epochs = epochs;
    job.train.batchSize = 4;
    job.train.threads = 1;
    job.train.evaluateTrain = false;
    job.seeds = seeds;
    job.firstSeed = 1;
    return job;
}

void TestRuns::storeRoundTripsARun() {
    const QString folder = QDir(m_dir.path()).filePath("roundtrip");
    const ner::RunResult run = storedRun("bigru-crf", ner::CellType::Gru, 2, 0.75);
    QString file;
    {
        RunStore store(folder);
        QCOMPARE(store.runs().size(), size_t(0));
        file = store.add(run);
        QVERIFY(!file.isEmpty());
        QCOMPARE(store.runs().size(), size_t(1));
    }
    RunStore again(folder); // as at the next start
    QCOMPARE(again.runs().size(), size_t(1));
    QVERIFY(again.damaged().isEmpty());
    const StoredRun& back = again.runs().front();
    QCOMPARE(back.file, file);
    QCOMPARE(back.run.name, std::string("BiGRU-CRF"));
    QCOMPARE(back.run.seed, std::uint64_t(2));
    QCOMPARE(back.run.model.cell, ner::CellType::Gru);
    QCOMPARE(back.run.model.hiddenDim, 8);
    QCOMPARE(back.run.testF1, 0.75);
    QCOMPARE(back.run.curve.size(), size_t(3));
    QCOMPARE(back.run.curve[1].devF1, run.curve[1].devF1);
    QVERIFY(back.saved.isValid());
    QVERIFY(again.remove(file));
    QVERIFY(again.runs().empty());
    QVERIFY(!QFile::exists(QDir(folder).filePath(file)));
}

void TestRuns::storeSkipsADamagedFile() {
    const QString folder = QDir(m_dir.path()).filePath("damaged");
    {
        RunStore store(folder);
        QVERIFY(!store.add(storedRun("lstm1", ner::CellType::Lstm, 1, 0.6)).isEmpty());
    }
    nlohmann::json broken = ner::runToJson(storedRun("gru1", ner::CellType::Gru, 1, 0.6));
    broken["model"].erase("hidden");
    std::ofstream(QDir(folder).filePath("broken.json").toStdString()) << broken.dump();
    std::ofstream(QDir(folder).filePath("cut.json").toStdString()) << "{\"version\": 1, \"na";

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("broken\\.json.*hidden"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("cut\\.json"));
    RunStore store(folder);
    QCOMPARE(store.runs().size(), size_t(1));
    QCOMPARE(store.damaged().size(), 2);
    const QString reasons = store.damaged().join('\n');
    QVERIFY2(reasons.contains(QRegularExpression("broken\\.json: .*\"hidden\"")),
             qPrintable(reasons));
    QVERIFY2(reasons.contains("cut.json: "), qPrintable(reasons));

    RunsPanel panel(&store);
    QVERIFY2(panel.noteText().contains("2 damaged files"), qPrintable(panel.noteText()));
    QCOMPARE(panel.model()->rowCount(), 1);
}

void TestRuns::compareOutputImports() {
    // What `lstm-ner compare --json` prints: a run a line, then its summary; here with a
    // blank line and a damaged record among them.
    const QString path = QDir(m_dir.path()).filePath("compare.jsonl");
    {
        std::ofstream out(path.toStdString());
        out << ner::runToJson(storedRun("bilstm", ner::CellType::Lstm, 1, 0.7)).dump() << "\n\n";
        nlohmann::json broken = ner::runToJson(storedRun("bigru", ner::CellType::Gru, 1, 0.7));
        broken.erase("test_f1");
        out << broken.dump() << "\n";
        out << ner::runToJson(storedRun("bigru", ner::CellType::Gru, 2, 0.72)).dump() << "\n";
        out << R"({"summary":[],"all_outside_token_accuracy":0.64,"interrupted":false})"
            << "\n";
    }
    RunStore store(QDir(m_dir.path()).filePath("imported"));
    RunsPanel panel(&store);
    const QString said = panel.importRuns(path);
    QVERIFY2(said.contains("imported 2 runs from compare.jsonl"), qPrintable(said));
    QVERIFY2(said.contains("1 line skipped"), qPrintable(said));
    QCOMPARE(store.runs().size(), size_t(2));
    QCOMPARE(panel.model()->rowCount(), 2);
    QVERIFY(panel.noteText().contains("imported 2 runs"));
    // The skipped line is named by its number and what is wrong with it.
    const RunStore::Import again = store.importFile(path);
    QCOMPARE(again.imported, 2);
    QCOMPARE(again.problems, QStringList{"compare.jsonl:3: no \"test_f1\""});
    // Each is a file of the store's own, read back at the next start.
    RunStore reopened(store.folder());
    QCOMPARE(reopened.runs().size(), size_t(4));
    QVERIFY(reopened.damaged().isEmpty());
    // A file that is not there says so.
    QVERIFY(store.importFile(QDir(m_dir.path()).filePath("none.jsonl"))
                .problems.front()
                .contains("cannot open"));
}

void TestRuns::storedRunsFillTheExperimentTable() {
    MainWindow window;
    RunStore* store = window.runStore();
    store->add(storedRun("bigru-crf", ner::CellType::Gru, 1, 0.70));
    store->add(storedRun("bigru-crf", ner::CellType::Gru, 2, 0.74));
    ner::RunResult lstm = storedRun("lstm1", ner::CellType::Lstm, 1, 0.60);
    lstm.name = "1-layer LSTM";
    store->add(lstm);
    store->add(storedRun("studio", ner::CellType::Lstm, 1, 0.90)); // not the experiment's
    ExperimentPanel* panel = window.experimentPanel();
    emit panel->storedRunsRequested();
    const QString said = panel->progressText();
    QVERIFY2(said.contains("3 stored runs of the experiment, on tiny.jsonl"), qPrintable(said));
    auto* table = panel->findChild<QTableView*>();
    QVERIFY(table);
    const QAbstractItemModel* model = table->model();
    QCOMPARE(model->rowCount(), 2); // lstm1 and bigru-crf, in the experiment's order
    QCOMPARE(model->data(model->index(0, 0)).toString(), QString("1-layer LSTM"));
    QCOMPARE(model->data(model->index(1, 0)).toString(), QString("BiGRU-CRF"));
    QCOMPARE(model->data(model->index(1, 1)).toInt(), 2);
    QVERIFY2(model->data(model->index(1, 2)).toString().startsWith("72.00"),
             qPrintable(model->data(model->index(1, 2)).toString()));
    // The store is the window's, shared with the tests after this one.
    QStringList files;
    for (const StoredRun& run : store->runs())
        files << run.file;
    for (const QString& file : files)
        QVERIFY(store->remove(file));
}

void TestRuns::experimentFillsTheTable() {
    ExperimentWorker worker;
    ExperimentPanel panel(&worker);
    ExperimentLog log(&worker, this);
    QVERIFY(worker.start(tinyJob(1, 2)));
    QVERIFY(!worker.start(tinyJob(1, 2))); // one experiment at a time
    QVERIFY(QTest::qWaitFor([&] { return log.end.has_value(); }, 60000));
    QVERIFY2(log.end->error.isEmpty(), qPrintable(log.end->error));
    QVERIFY(!log.end->stopped);
    QCOMPARE(log.end->finishedRuns, 4);
    QCOMPARE(log.runs.size(), size_t(4));
    QVERIFY(log.progress > 0);
    QVERIFY(!worker.isRunning());

    // The table: a row per configuration in the experiment's order, its mean computed here.
    const ExperimentSummaryModel* table = panel.summary();
    QCOMPARE(table->rowCount(), 2);
    const char* keys[] = {"lstm1", "bigru-crf"};
    for (int row = 0; row < 2; ++row) {
        std::vector<double> f1;
        for (const ner::RunResult& r : log.runs)
            if (r.key == keys[row]) f1.push_back(r.testF1);
        QCOMPARE(f1.size(), size_t(2));
        const double mean = (f1[0] + f1[1]) / 2;
        const QString shown =
            table->data(table->index(row, ExperimentSummaryModel::TestF1), Qt::DisplayRole)
                .toString();
        QVERIFY2(shown.startsWith(QString::number(mean * 100, 'f', 2) + " ± "), qPrintable(shown));
        QCOMPARE(
            table->data(table->index(row, ExperimentSummaryModel::Runs), Qt::DisplayRole).toInt(),
            2);
    }
    panel.chart()->redrawNow();
    QCOMPARE(panel.chart()->means()->count(), 2);
    QCOMPARE(panel.chart()->intervals().size(), 2);
    QVERIFY2(panel.captionText().contains("%"), qPrintable(panel.captionText()));
    QVERIFY2(panel.progressText().startsWith("Done: 4 runs"), qPrintable(panel.progressText()));
}

void TestRuns::pauseHoldsAndStopKeepsFinishedRuns() {
    ExperimentWorker worker;
    ExperimentPanel panel(&worker);
    ExperimentLog log(&worker, this);
    ExperimentJob job = tinyJob(15, 2);
    job.data = m_longer;
    QVERIFY(worker.start(job));
    QVERIFY(QTest::qWaitFor([&] { return !log.runs.empty(); }, 60000));
    worker.pause();
    QVERIFY(worker.isPaused());
    QTest::qWait(300); // what was already queued arrives
    const int before = log.progress;
    QTest::qWait(800);
    QCOMPARE(log.progress, before); // held: not a batch while paused
    QVERIFY(!log.end);
    QVERIFY2(panel.progressText().contains("paused"), qPrintable(panel.progressText()));

    worker.resume();
    QVERIFY(QTest::qWaitFor([&] { return log.progress > before; }, 20000));
    worker.stop();
    QVERIFY(QTest::qWaitFor([&] { return log.end.has_value(); }, 20000));
    QVERIFY(log.end->stopped);
    QVERIFY(log.end->finishedRuns >= 1 && log.end->finishedRuns < 4);
    QCOMPARE(log.runs.size(), size_t(log.end->finishedRuns));
    QCOMPARE(panel.summary()->runs().size(), log.runs.size()); // kept in the table
    QVERIFY(
        std::all_of(log.runs.begin(), log.runs.end(), [](const auto& r) { return r.finished; }));
}

void TestRuns::checkedRunsOverlayTheCharts() {
    MainWindow window;
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    RunStore* store = window.runStore();
    const QString bigru = store->add(storedRun("bigru-crf", ner::CellType::Gru, 2, 0.7));
    const QString bilstm = store->add(storedRun("bilstm-crf", ner::CellType::Lstm, 1, 0.8));
    QVERIFY(!bigru.isEmpty() && !bilstm.isEmpty());
    RunListModel* list = window.runsPanel()->model();
    QCOMPARE(list->fileAt(0), bilstm); // newest first

    list->setChecked(bigru, true);
    list->setChecked(bilstm, true);
    for (auto kind :
         {MetricsChart::Kind::Loss, MetricsChart::Kind::Accuracy, MetricsChart::Kind::F1}) {
        const QList<QLineSeries*>& overlays = window.chart(kind)->overlaySeries();
        QCOMPARE(overlays.size(), 2);
        QStringList names{overlays[0]->name(), overlays[1]->name()};
        names.sort();
        QCOMPARE(names, (QStringList{"BiGRU-CRF seed 2", "BiLSTM-CRF seed 1"}));
        QCOMPARE(overlays[0]->count(), 3);
    }
    // Before this window trains, the legends name only the stored runs: the empty lines of the
    // current run would crowd them out of a narrow chart.
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (auto kind :
         {MetricsChart::Kind::Loss, MetricsChart::Kind::Accuracy, MetricsChart::Kind::F1}) {
        MetricsChart* chart = window.chart(kind);
        chart->redrawNow();
        QStringList named;
        for (QLegendMarker* marker : chart->findChild<QChartView*>()->chart()->legend()->markers())
            if (marker->isVisible()) named << marker->label();
        named.sort();
        QVERIFY2(named == (QStringList{"BiGRU-CRF seed 2", "BiLSTM-CRF seed 1"}),
                 qPrintable(named.join(" | ")));
    }
    const QList<QPointF> f1 = window.chart(MetricsChart::Kind::F1)->overlaySeries()[0]->points();
    QCOMPARE(f1.last(), QPointF(3, 0.8)); // the BiLSTM's dev F1 curve (first in the table)

    // Only seed differs: the labels say just that.
    QCOMPARE(runDifferenceLabels({storedRun("a", ner::CellType::Gru, 1, 0.5),
                                  storedRun("a", ner::CellType::Gru, 2, 0.5)}),
             (QStringList{"seed 1", "seed 2"}));

    list->setChecked(bigru, false);
    QCOMPARE(window.chart(MetricsChart::Kind::F1)->overlaySeries().size(), 1);
    window.runsPanel()->setConfirmer([](const QString&) { return true; });
    window.runsPanel()->table()->selectRow(0);
    window.runsPanel()->deleteSelected();
    QCOMPARE(store->runs().size(), size_t(1));
    QCOMPARE(window.chart(MetricsChart::Kind::F1)->overlaySeries().size(), 0);
}

void TestRuns::studioRunIsStored() {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 1, false));
    const size_t before = window.runStore()->runs().size();
    QSignalSpy finished(window.trainingSession(), &TrainingSession::trainingFinished);
    window.trainingControls()->trainAction()->trigger();
    // Meanwhile the experiment may not start.
    QTRY_VERIFY_WITH_TIMEOUT(
        !window.experimentPanel()->rerunAction()->isEnabled() || !finished.isEmpty(), 10000);
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000));
    QCOMPARE(window.runStore()->runs().size(), before + 1);
    const ner::RunResult& run = window.runStore()->runs().front().run;
    QCOMPARE(run.key, std::string("studio"));
    QCOMPARE(run.name, ner::architectureName(window.hyperparameterPanel()->settings().model));
    QCOMPARE(run.epochs, 1);
    QCOMPARE(run.curve.size(), size_t(1));
    QVERIFY(run.parameters > 0);
    QCOMPARE(run.dataset, window.datasetSession()->data()->name); // as the experiment names it
    // And it is on disk, for the next start.
    RunStore reread(window.runStore()->folder());
    QCOMPARE(reread.runs().size(), before + 1);
    QTRY_VERIFY(window.experimentPanel()->rerunAction()->isEnabled());
}

QTEST_MAIN(TestRuns)
#include "tst_runs.moc"
