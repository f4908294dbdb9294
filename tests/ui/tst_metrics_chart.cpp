// MetricsHistory and MetricsChart: series grow while a model trains, the per-batch buffer
// stays bounded, CSV rows match the signals, log scale and PNG export work.
#include "studio_test_support.h"
#include "ui/charts/metrics_chart.h"
#include "ui/state/metrics_history.h"
#include "ui/state/settings_difference.h"
#include "ui/workers/training_worker.h"

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtTest>

using namespace studio;

namespace {
// The CSV holds ten significant digits.
bool close(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}
} // namespace

class TestMetricsChart : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void seriesGainPointsWhileTraining();
    void csvRowsMatchTheSignals();
    void perTypeDrawsEachTypesDevF1();
    void batchBufferIsBounded_data();
    void batchBufferIsBounded();
    void logScaleAndPngExport();
    void previousRunIsKeptUntilForgotten();
    void settingsDifferencesNameWhatChanged();
    void settingsDifferencesNameTheCell();

private:
    static BatchMetrics batch(long step, int perEpoch, double loss);
    // Trains a small model for `epochs` epochs, recording into the members below. The first
    // test records a run it stops midway; a later test run on its own
    // (`tst_metrics_chart testName`) records a complete one with this.
    bool recordCompleteRun(int epochs);
    // Feeds the worker's reports to m_history and keeps copies in m_batches and m_epochs.
    void record(TrainingWorker& worker, test_support::WorkerEvents& events);

    QTemporaryDir m_dir;
    std::shared_ptr<const ner::TrainingData> m_data;
    // Everything one short training run emitted (the first test's, or recordCompleteRun's).
    QList<BatchMetrics> m_batches;
    QList<EpochMetrics> m_epochs;
    MetricsHistory m_history;
};

void TestMetricsChart::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_data = test_support::loadData(test_support::writeTinyCorpus(m_dir.path(), 60));
}

BatchMetrics TestMetricsChart::batch(long step, int perEpoch, double loss) {
    BatchMetrics m;
    m.progress.step = step;
    m.progress.epoch = int((step - 1) / perEpoch) + 1;
    m.progress.batch = int((step - 1) % perEpoch) + 1;
    m.progress.batchesPerEpoch = perEpoch;
    m.progress.loss = loss;
    return m;
}

void TestMetricsChart::record(TrainingWorker& worker, test_support::WorkerEvents& events) {
    connect(&worker, &TrainingWorker::batchProgress, &m_history, &MetricsHistory::addBatch);
    connect(&worker, &TrainingWorker::epochFinished, &m_history, &MetricsHistory::addEpoch);
    connect(&events, &test_support::WorkerEvents::batchProgress, this,
            [this](const BatchMetrics& m) { m_batches << m; });
    connect(&events, &test_support::WorkerEvents::epochFinished, this,
            [this](const EpochMetrics& m) { m_epochs << m; });
}

bool TestMetricsChart::recordCompleteRun(int epochs) {
    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    record(worker, events);
    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    worker.start(test_support::smallJob(m_data, epochs, 2));
    return finished.wait(60000) && m_epochs.size() == epochs;
}

void TestMetricsChart::seriesGainPointsWhileTraining() {
    MetricsChart loss(&m_history, MetricsChart::Kind::Loss);
    MetricsChart f1(&m_history, MetricsChart::Kind::F1);
    loss.resize(500, 300);
    loss.show();
    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    record(worker, events);
    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    QSignalSpy changed(&m_history, &MetricsHistory::changed);
    worker.start(test_support::smallJob(m_data, 1000, 2));

    QLineSeries* batchSeries = loss.series(MetricSeries::BatchLoss);
    QVERIFY(batchSeries);
    QVERIFY(!f1.series(MetricSeries::BatchLoss)); // the F1 chart draws epochs only
    QTRY_VERIFY_WITH_TIMEOUT(batchSeries->count() > 0, 20000);
    const qsizetype early = batchSeries->count();
    // Still training: later redraws bring more points, epochs bring dev scores.
    QTRY_VERIFY_WITH_TIMEOUT(batchSeries->count() > early, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(f1.series(MetricSeries::DevF1)->count() >= 3, 30000);
    QCOMPARE(worker.state(), TrainingState::Running);
    worker.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QTest::qWait(100); // one redraw period after the last signal

    // The chart redraws from a timer: one redraw for many history changes, same points.
    QCOMPARE(batchSeries->count(), qsizetype(m_history.points(MetricSeries::BatchLoss).size()));
    QCOMPARE(qsizetype(m_history.batches().size()), qsizetype(m_batches.size()));
    QCOMPARE(changed.count(), m_batches.size() + m_epochs.size());
    const qsizetype epochs = m_epochs.size();
    QVERIFY(epochs >= 3);
    QCOMPARE(f1.series(MetricSeries::DevF1)->count(), epochs);
    QCOMPARE(loss.series(MetricSeries::DevLoss)->count(), epochs);
    // Epoch points sit at x = epoch; the last batch of epoch e at x = e as well.
    QCOMPARE(f1.series(MetricSeries::DevF1)->at(int(epochs) - 1).x(), double(epochs));
    const int perEpoch = m_batches.first().progress.batchesPerEpoch;
    QCOMPARE(batchSeries->at(int(epochs) * perEpoch - 1).x(), double(epochs));
}

void TestMetricsChart::perTypeDrawsEachTypesDevF1() {
    if (m_epochs.isEmpty()) QVERIFY(recordCompleteRun(3));
    MetricsChart f1(&m_history, MetricsChart::Kind::F1);
    MetricsChart accuracy(&m_history, MetricsChart::Kind::Accuracy);
    f1.redrawNow();
    const ner::EntityReport& last = m_epochs.last().report.dev.entities;
    QCOMPARE(last.perType.size(), size_t(3)); // the tiny corpus's PER, LOC and ORG
    // Off (the default): the overall curves, the types' lines hidden.
    QVERIFY(!f1.perType());
    QVERIFY(f1.series(MetricSeries::DevF1)->isVisible());
    for (const auto& [type, score] : last.perType) {
        QLineSeries* line = f1.typeSeries(QString::fromStdString(type));
        QVERIFY2(line, type.c_str());
        QVERIFY(!line->isVisible());
    }

    // On: one line per type, its colour, a point per epoch at the F1 that epoch reported.
    QSignalSpy toggled(&f1, &MetricsChart::perTypeChanged);
    f1.setPerType(true);
    QCOMPARE(toggled.count(), 1);
    QVERIFY(!f1.series(MetricSeries::DevF1)->isVisible());
    QVERIFY(!f1.series(MetricSeries::TrainF1)->isVisible());
    QCOMPARE(f1.chartView()->chart()->legend()->alignment(), Qt::AlignRight);
    for (const auto& [type, score] : last.perType) {
        QLineSeries* line = f1.typeSeries(QString::fromStdString(type));
        QVERIFY(line->isVisible());
        QCOMPARE(line->name(), QString::fromStdString(type));
        QCOMPARE(line->count(), int(m_epochs.size()));
        for (int e = 0; e < m_epochs.size(); ++e) {
            const ner::EpochReport& report = m_epochs[e].report;
            QCOMPARE(line->at(e).x(), double(report.epoch));
            QCOMPARE(line->at(e).y(), report.dev.entities.perType.at(type).f1());
        }
    }
    // Only the F1 chart has types.
    accuracy.setPerType(true);
    QVERIFY(!accuracy.perType());
    QVERIFY(!accuracy.typeSeries(QStringLiteral("PER")));

    // Off again; a new run's history starts the types over.
    f1.setPerType(false);
    QVERIFY(f1.series(MetricSeries::DevF1)->isVisible());
    QVERIFY(!f1.typeSeries(QStringLiteral("PER"))->isVisible());
    MetricsHistory fresh;
    MetricsChart empty(&fresh, MetricsChart::Kind::F1);
    empty.setPerType(true);
    QVERIFY(!empty.typeSeries(QStringLiteral("PER")));
    fresh.addEpoch(m_epochs.first());
    empty.redrawNow();
    QCOMPARE(empty.typeSeries(QStringLiteral("PER"))->count(), 1);
    fresh.clear();
    empty.redrawNow();
    QVERIFY(!empty.typeSeries(QStringLiteral("PER")));
}

void TestMetricsChart::csvRowsMatchTheSignals() {
    if (m_batches.isEmpty()) QVERIFY(recordCompleteRun(3));
    QVERIFY(!m_batches.isEmpty() && !m_epochs.isEmpty());
    const QString path = m_dir.filePath(QStringLiteral("metrics.csv"));
    QString error;
    QVERIFY2(m_history.writeCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    // The fixed columns, then each type's dev F1 (the tiny corpus has LOC, ORG and PER), then
    // each group of parameters' gradient norm and update ratio (tst_learning_dynamics checks
    // their values).
    QString dynamics;
    for (const char* prefix : {",grad_norm_", ",update_ratio_"})
        for (const QString& group : m_history.dynamicsGroups())
            dynamics += prefix + QString(group).replace(' ', '_');
    QVERIFY(dynamics.contains(QStringLiteral(",grad_norm_lstm_1_forward,")));
    QCOMPARE(lines.first(), MetricsHistory::csvHeader() +
                                QStringLiteral(",dev_f1_LOC,dev_f1_ORG,dev_f1_PER") + dynamics);
    const QStringList header = lines.first().split(',');
    const int columns = int(header.size());
    const auto column = [&](const char* name) { return int(header.indexOf(QLatin1String(name))); };

    int b = 0, e = 0;
    for (const QString& line : lines.mid(1)) {
        const QStringList cells = line.split(',');
        QCOMPARE(int(cells.size()), columns);
        if (cells[0] == QLatin1String("batch")) {
            QVERIFY(b < m_batches.size());
            const ner::BatchProgress& p = m_batches[b++].progress;
            QCOMPARE(cells[column("step")].toLong(), p.step);
            QCOMPARE(cells[column("epoch")].toInt(), p.epoch);
            QCOMPARE(cells[column("batch")].toInt(), p.batch);
            QVERIFY(close(cells[column("loss")].toDouble(), p.loss));
            QVERIFY(close(cells[column("learning_rate")].toDouble(), p.learningRate));
            QVERIFY(cells[column("dev_f1_PER")].isEmpty());
        } else {
            QCOMPARE(cells[0], QStringLiteral("epoch"));
            QVERIFY(e < m_epochs.size());
            const ner::EpochReport& r = m_epochs[e++].report;
            QCOMPARE(cells[column("epoch")].toInt(), r.epoch);
            // An epoch row follows its own last batch.
            QCOMPARE(m_batches[b - 1].progress.epoch, r.epoch);
            QVERIFY(close(cells[column("dev_f1")].toDouble(), r.dev.entities.overall.f1()));
            QVERIFY(close(cells[column("train_loss")].toDouble(), r.trainLoss));
            QVERIFY(close(cells[column("dev_accuracy")].toDouble(), r.dev.tokenAccuracy));
            for (const char* type : {"LOC", "ORG", "PER"})
                QVERIFY(
                    close(cells[column(qPrintable(QStringLiteral("dev_f1_") + type))].toDouble(),
                          r.dev.entities.perType.at(type).f1()));
        }
    }
    QCOMPARE(b, int(m_batches.size()));
    QCOMPARE(e, int(m_epochs.size()));
}

void TestMetricsChart::batchBufferIsBounded_data() {
    QTest::addColumn<int>("batches");
    QTest::addColumn<int>("maxPoints");
    QTest::newRow("under the limit") << 500 << 2000;
    QTest::newRow("ten thousand") << 10000 << 2000;
    QTest::newRow("small buffer") << 1000 << 64;
}

void TestMetricsChart::batchBufferIsBounded() {
    QFETCH(int, batches);
    QFETCH(int, maxPoints);
    MetricsHistory history;
    history.setMaxChartPoints(maxPoints);
    double sum = 0;
    for (long step = 1; step <= batches; ++step) {
        const double loss = 1.0 + double(step % 7);
        sum += loss;
        history.addBatch(batch(step, 100, loss));
    }
    const QList<QPointF>& raw = history.points(MetricSeries::BatchLoss);
    QVERIFY(raw.size() <= maxPoints);
    QVERIFY(raw.size() >= std::min(batches, maxPoints / 2));
    QCOMPARE(qsizetype(history.batches().size()), qsizetype(batches)); // CSV keeps every batch
    QCOMPARE(history.points(MetricSeries::BatchLossSmoothed).size(), raw.size());
    for (qsizetype k = 1; k < raw.size(); ++k)
        QVERIFY(raw[k].x() > raw[k - 1].x());
    // Merged points are means: their average stays the average of the losses.
    double pointSum = 0;
    for (const QPointF& p : raw)
        pointSum += p.y();
    QVERIFY(std::abs(pointSum / double(raw.size()) - sum / batches) < 0.1);
}

void TestMetricsChart::logScaleAndPngExport() {
    MetricsHistory history;
    MetricsChart chart(&history, MetricsChart::Kind::Loss);
    chart.resize(500, 300);
    chart.show();
    for (long step = 1; step <= 50; ++step)
        history.addBatch(batch(step, 10, 2.0 / double(step)));
    chart.redrawNow();
    QCOMPARE(chart.series(MetricSeries::BatchLoss)->count(), 50);

    QSignalSpy toggled(&chart, &MetricsChart::logScaleChanged);
    chart.setLogScale(true);
    QCOMPARE(toggled.count(), 1);
    const auto vertical = chart.chartView()->chart()->axes(Qt::Vertical);
    QCOMPARE(vertical.size(), 1);
    auto* logAxis = qobject_cast<QLogValueAxis*>(vertical.first());
    QVERIFY(logAxis);
    QVERIFY(logAxis->min() > 0 && logAxis->min() <= 2.0 / 50);
    QVERIFY(logAxis->max() >= 2.0);
    chart.setLogScale(false);
    QVERIFY(!qobject_cast<QLogValueAxis*>(chart.chartView()->chart()->axes(Qt::Vertical).first()));

    const QString png = m_dir.filePath(QStringLiteral("loss.png"));
    QVERIFY(chart.exportPng(png));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 100 && image.height() > 100);
}

void TestMetricsChart::previousRunIsKeptUntilForgotten() {
    MetricsHistory history;
    // The best so far as the trainer reports it: F1, ties to the lower dev loss (1/e here).
    double bestF1 = -1;
    int bestEpoch = 0;
    auto epoch = [&](int e, double f1) {
        if (e == 1) bestF1 = -1;
        if (f1 >= bestF1) {
            bestF1 = f1;
            bestEpoch = e;
        }
        EpochMetrics m;
        m.report.epoch = e;
        m.report.bestDevF1 = bestF1;
        m.report.bestEpoch = bestEpoch;
        // 100 gold and 100 predicted entities, tp of them right: P = R = F1 = tp / 100.
        const long tp = std::lround(f1 * 100);
        m.report.dev.entities.overall = {tp, 100 - tp, 100 - tp};
        m.report.dev.loss = 1.0 / e;
        m.report.dev.tokenAccuracy = 0.5 + 0.1 * e;
        history.addEpoch(m);
    };
    TrainingSettings first = TrainingSettings::defaults();
    history.setRunSettings(first);
    history.clear(); // nothing recorded: no previous run
    QVERIFY(!history.previousRun());
    epoch(1, 0.5);
    epoch(2, 0.7);
    epoch(3, 0.6);
    const QList<QPointF> f1 = history.points(MetricSeries::DevF1);
    const QList<QPointF> accuracy = history.points(MetricSeries::DevAccuracy);
    history.clear();
    QVERIFY(history.previousRun());
    QCOMPARE(history.previousRun()->epochs, 3);
    QCOMPARE(history.previousRun()->bestEpoch, 2);
    QCOMPARE(history.previousRun()->bestDevF1, 0.7);
    QCOMPARE(history.points(MetricSeries::PreviousDevF1), f1);
    QCOMPARE(history.points(MetricSeries::PreviousDevAccuracy), accuracy);
    QVERIFY(history.points(MetricSeries::DevF1).isEmpty());

    TrainingSettings second = first;
    second.model.dropout = 0.25;
    history.setRunSettings(second);
    QCOMPARE(history.previousRunDifferences(),
             QStringList{QStringLiteral("dropout %1 → 0.25").arg(first.model.dropout)});
    MetricsChart chart(&history, MetricsChart::Kind::F1);
    chart.redrawNow();
    QVERIFY(chart.series(MetricSeries::PreviousDevF1)->isVisible());
    QCOMPARE(chart.series(MetricSeries::PreviousDevF1)->points(), f1);
    QVERIFY2(chart.previousRunNote().contains(QStringLiteral("best dev F1 0.700 at epoch 2 of 3")),
             qPrintable(chart.previousRunNote()));
    QVERIFY(chart.previousRunNote().contains(QStringLiteral("this run changed dropout")));
    MetricsChart loss(&history, MetricsChart::Kind::Loss);
    QVERIFY(loss.series(MetricSeries::PreviousDevLoss));
    QVERIFY(!loss.series(MetricSeries::PreviousDevF1));

    history.clear(); // the new run has no epoch yet: the previous run stays
    QCOMPARE(history.previousRun()->epochs, 3);
    epoch(1, 0.4);
    history.clear(); // now it is the previous run
    QCOMPARE(history.previousRun()->epochs, 1);
    QCOMPARE(history.points(MetricSeries::PreviousDevF1).size(), 1);
    // A tie in F1: the previous run's best epoch is the one the trainer kept (lower dev loss,
    // the later epoch here), not the first maximum.
    epoch(1, 0.6);
    epoch(2, 0.6);
    history.clear();
    QCOMPARE(history.previousRun()->bestEpoch, 2);
    QCOMPARE(history.previousRun()->bestDevF1, 0.6);

    QSignalSpy changed(&history, &MetricsHistory::changed);
    history.forgetPreviousRun();
    QVERIFY(!history.previousRun());
    QVERIFY(history.points(MetricSeries::PreviousDevF1).isEmpty());
    QCOMPARE(changed.count(), 1); // the charts redraw without it
    chart.redrawNow();
    QVERIFY(!chart.series(MetricSeries::PreviousDevF1)->isVisible());
}

void TestMetricsChart::settingsDifferencesNameWhatChanged() {
    const TrainingSettings a = TrainingSettings::defaults();
    QVERIFY(settingsDifferences(a, a).isEmpty());
    TrainingSettings b = a;
    b.train.optimizer.learningRate = 0.01;
    b.train.seed = 7;
    b.model.bidirectional = !a.model.bidirectional;
    b.model.output =
        a.model.output == ner::OutputLayer::Crf ? ner::OutputLayer::Softmax : ner::OutputLayer::Crf;
    QVERIFY(a.dictionary); // on by default, as in `lstm-ner train`
    b.dictionary = false;
    const QStringList d = settingsDifferences(a, b);
    QCOMPARE(d.size(), 5);
    QCOMPARE(d[0],
             QStringLiteral("bidirectional %1 → %2")
                 .arg(a.model.bidirectional ? "on" : "off", b.model.bidirectional ? "on" : "off"));
    QCOMPARE(d[1], QStringLiteral("dictionary features on → off"));
    QCOMPARE(d[2], QStringLiteral("output %1 → %2")
                       .arg(QString::fromStdString(ner::outputLayerName(a.model.output)),
                            QString::fromStdString(ner::outputLayerName(b.model.output))));
    QCOMPARE(d[3], QStringLiteral("learning rate %1 → 0.01").arg(a.train.optimizer.learningRate));
    QCOMPARE(d[4], QStringLiteral("seed %1 → 7").arg(a.train.seed));
    // It changes the parameters (lexicon.E): a setting of the shape, not only of the run.
    TrainingSettings c = a;
    c.dictionary = false;
    QVERIFY(!c.sameShape(a));
    QVERIFY(!(c == a));
}

void TestMetricsChart::settingsDifferencesNameTheCell() {
    const TrainingSettings lstm = TrainingSettings::defaults();
    QCOMPARE(lstm.model.cell, ner::CellType::Lstm); // the default, as in `lstm-ner train`
    TrainingSettings gru = lstm;
    gru.model.cell = ner::CellType::Gru;
    QCOMPARE(settingsDifferences(lstm, gru), QStringList{QStringLiteral("cell LSTM → GRU")});
    QCOMPARE(settingsDifferences(gru, lstm), QStringList{QStringLiteral("cell GRU → LSTM")});
    // Other gates, other parameters: the cell is part of the shape, as the linear layers are.
    QVERIFY(!gru.sameShape(lstm));
    QVERIFY(!(gru == lstm));
    TrainingSettings linear = gru;
    linear.model.layers = 2;
    linear.model.linearBetween = true;
    QVERIFY(!linear.sameShape(gru));
    QCOMPARE(settingsDifferences(lstm, linear),
             (QStringList{QStringLiteral("cell LSTM → GRU"), QStringLiteral("layers 1 → 2"),
                          QStringLiteral("linear layers between off → on")}));

    // The previous run's curves on a chart say that this run changed the cell.
    MetricsHistory history;
    history.setRunSettings(lstm);
    EpochMetrics m;
    m.report.epoch = 1;
    m.report.bestEpoch = 1;
    m.report.dev.entities.overall = {60, 40, 40};
    m.report.bestDevF1 = m.report.dev.entities.overall.f1();
    history.addEpoch(m);
    history.clear(); // a new run: the LSTM's is the previous one
    history.setRunSettings(gru);
    QCOMPARE(history.previousRunDifferences(), QStringList{QStringLiteral("cell LSTM → GRU")});
    MetricsChart chart(&history, MetricsChart::Kind::F1);
    QVERIFY2(chart.previousRunNote().contains(QStringLiteral("this run changed cell LSTM → GRU")),
             qPrintable(chart.previousRunNote()));
}

QTEST_MAIN(TestMetricsChart)
#include "tst_metrics_chart.moc"
