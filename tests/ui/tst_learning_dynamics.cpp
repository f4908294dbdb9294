// The Learning dynamics dock: DynamicsHistory smooths each group's gradient norm and
// update-to-weight ratio as the loss chart's EMA does and stays bounded; a real run fills it
// with the trainer's groups, batch by batch, and DynamicsChart draws exactly those points on
// a log axis with the 1e-3 line in the ratio view; a new run starts it afresh.
#include "studio_test_support.h"
#include "ui/charts/dynamics_chart.h"
#include "ui/state/dynamics_history.h"
#include "ui/state/metrics_history.h"
#include "ui/state/training_session.h"
#include "ui/window/main_window.h"

#include <QComboBox>
#include <QDockWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtTest>

#include <cmath>

using namespace studio;
using Quantity = DynamicsHistory::Quantity;

namespace {
// Batch `batch` of `batches` in epoch 1 with two groups whose norms follow simple rules.
BatchMetrics syntheticBatch(int batch, int batches) {
    BatchMetrics m;
    m.progress.epoch = 1 + (batch - 1) / batches;
    m.progress.batch = (batch - 1) % batches + 1;
    m.progress.batchesPerEpoch = batches;
    m.progress.dynamics = {{"embedding", double(batch), 10.0, 0.01 * batch},
                           {"crf", 1.0 / batch, 2.0, 0.002}};
    return m;
}

// The smoothing the loss chart uses: decay 0.95 with Adam-style bias correction.
std::vector<double> smoothed(const std::vector<double>& values) {
    std::vector<double> out;
    double ema = 0, weight = 0;
    for (double v : values) {
        ema = 0.95 * ema + 0.05 * v;
        weight = 0.95 * weight + 0.05;
        out.push_back(ema / weight);
    }
    return out;
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}
} // namespace

class TestLearningDynamics : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void historySmoothsEachGroup();
    void historyStaysBounded();
    void aRunFillsTheDockBatchByBatch();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
};

void TestLearningDynamics::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
}

void TestLearningDynamics::historySmoothsEachGroup() {
    DynamicsHistory history;
    QSignalSpy changed(&history, &DynamicsHistory::changed);
    std::vector<double> gradients, ratios;
    for (int b = 1; b <= 12; ++b) {
        history.addBatch(syntheticBatch(b, 4));
        gradients.push_back(double(b));
        ratios.push_back(0.01 * b / 10.0);
    }
    QCOMPARE(changed.count(), 12);
    QCOMPARE(history.batches(), 12L);
    QCOMPARE(history.groups(), (QStringList{"embedding", "crf"})); // the trainer's order
    const QList<QPointF>& g = history.points("embedding", Quantity::Gradient);
    const QList<QPointF>& r = history.points("embedding", Quantity::UpdateRatio);
    QCOMPARE(g.size(), 12);
    const std::vector<double> expectedG = smoothed(gradients), expectedR = smoothed(ratios);
    for (int k = 0; k < 12; ++k) {
        // Batch b of 4 per epoch at x = epoch − 1 + batch / 4.
        QVERIFY(close(g[k].x(), (k + 1) / 4.0));
        QVERIFY2(close(g[k].y(), expectedG[size_t(k)]), qPrintable(QString::number(k)));
        QVERIFY(close(r[k].y(), expectedR[size_t(k)]));
    }
    QVERIFY(close(history.points("crf", Quantity::UpdateRatio).last().y(), 0.001));
    QVERIFY(history.points("lstm 1 forward", Quantity::Gradient).isEmpty());
    history.clear();
    QVERIFY(history.isEmpty());
    QVERIFY(history.groups().isEmpty());
    QVERIFY(history.points("embedding", Quantity::Gradient).isEmpty());
}

void TestLearningDynamics::historyStaysBounded() {
    DynamicsHistory history;
    history.setMaxPoints(16);
    std::vector<double> gradients;
    for (int b = 1; b <= 1000; ++b) {
        history.addBatch(syntheticBatch(b, 100));
        gradients.push_back(double(b));
    }
    const std::vector<double> expected = smoothed(gradients);
    for (const QString& group : history.groups())
        for (Quantity q : {Quantity::Gradient, Quantity::UpdateRatio}) {
            const QList<QPointF>& points = history.points(group, q);
            QVERIFY2(points.size() <= 16 && points.size() >= 8, qPrintable(group));
            for (qsizetype k = 1; k < points.size(); ++k)
                QVERIFY(points[k].x() > points[k - 1].x());
        }
    // Each kept point is the smoothed value of the batch it stands at.
    for (const QPointF& p : history.points("embedding", Quantity::Gradient)) {
        const int batch = int(std::lround(p.x() * 100));
        QVERIFY2(close(p.y(), expected[size_t(batch - 1)]), qPrintable(QString::number(batch)));
    }
}

void TestLearningDynamics::aRunFillsTheDockBatchByBatch() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 2, false));
    TrainingSession* session = window.trainingSession();
    DynamicsChart* chart = window.dynamicsChart();
    QVERIFY(chart);
    QCOMPARE(window.dynamicsDock()->widget(), chart);
    std::vector<ner::BatchProgress> batches;
    connect(session, &TrainingSession::batchProgress, this,
            [&](const BatchMetrics& m) { batches.push_back(m.progress); });
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    session->train();
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000));

    const DynamicsHistory* history = session->dynamics();
    QCOMPARE(history->batches(), long(batches.size()));
    QVERIFY(batches.size() >= 6); // 32 training sentences in batches of 8, twice
    // A one-layer bidirectional CRF tagger without the dictionary, with the next-character
    // head that is on by default.
    QCOMPARE(history->groups(), (QStringList{"embedding", "lstm 1 forward", "lstm 1 backward",
                                             "projection", "crf", "next character"}));
    for (qsizetype k = 0; k < history->groups().size(); ++k) {
        std::vector<double> ratios;
        for (const ner::BatchProgress& b : batches)
            ratios.push_back(b.dynamics[size_t(k)].updateRatio());
        const QList<QPointF>& points = history->points(history->groups()[k], Quantity::UpdateRatio);
        QCOMPARE(points.size(), qsizetype(batches.size()));
        QVERIFY(close(points.last().y(), smoothed(ratios).back()));
        QVERIFY(close(points.last().x(), 2.0)); // the last batch of epoch 2
    }

    // File → Export metrics as CSV keeps every batch's figures, unsmoothed: a grad_norm_ and
    // an update_ratio_ column per group, filled on batch rows only.
    const QStringList csv = session->history()->toCsv().trimmed().split('\n');
    const QStringList header = csv.first().split(',');
    int batchRow = 0;
    for (qsizetype line = 1; line < csv.size(); ++line) {
        const QStringList cells = csv[line].split(',');
        QCOMPARE(cells.size(), header.size());
        for (qsizetype k = 0; k < history->groups().size(); ++k) {
            const QString name = QString(history->groups()[k]).replace(' ', '_');
            const qsizetype gradient = header.indexOf("grad_norm_" + name),
                            ratio = header.indexOf("update_ratio_" + name);
            QVERIFY2(gradient > 0 && ratio > 0, qPrintable(name));
            if (cells[0] == "epoch") {
                QVERIFY(cells[gradient].isEmpty() && cells[ratio].isEmpty());
                continue;
            }
            const ner::GroupDynamics& d = batches[size_t(batchRow)].dynamics[size_t(k)];
            QVERIFY(std::abs(cells[gradient].toDouble() - d.gradient) <= 1e-9 * d.gradient);
            QVERIFY(std::abs(cells[ratio].toDouble() - d.updateRatio()) <= 1e-9 * d.updateRatio());
        }
        batchRow += cells[0] == "batch";
    }
    QCOMPARE(batchRow, int(batches.size()));

    // The chart draws the history's points, the ratio view first, with the 1e-3 line.
    chart->redrawNow();
    QCOMPARE(chart->quantity(), Quantity::UpdateRatio);
    for (const QString& group : history->groups()) {
        QLineSeries* series = chart->groupSeries(group);
        QVERIFY(series);
        QCOMPARE(series->points(), history->points(group, Quantity::UpdateRatio));
        for (const QPointF& p : series->points())
            QVERIFY(p.y() >= chart->yAxis()->min() && p.y() <= chart->yAxis()->max());
    }
    QVERIFY(chart->referenceLine()->isVisible());
    QCOMPARE(chart->referenceLine()->points().first().y(), DynamicsChart::kSoundRatio);
    chart->quantityBox()->setCurrentIndex(chart->quantityBox()->findData(int(Quantity::Gradient)));
    QCOMPARE(chart->quantity(), Quantity::Gradient);
    QVERIFY(!chart->referenceLine()->isVisible());
    QCOMPARE(chart->groupSeries("crf")->points(), history->points("crf", Quantity::Gradient));

    // A new run starts the dock afresh; Reset empties it.
    batches.clear();
    session->train();
    QVERIFY(QTest::qWaitFor([&] { return finished.size() == 2; }, 60000));
    QCOMPARE(history->batches(), long(batches.size()));
    session->reset();
    QVERIFY(history->isEmpty());
    chart->redrawNow();
    QVERIFY(!chart->groupSeries("crf"));
}

QTEST_MAIN(TestLearningDynamics)
#include "tst_learning_dynamics.moc"
