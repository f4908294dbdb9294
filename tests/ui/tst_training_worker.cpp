// TrainingWorker: signals in order, pause/resume at batch boundaries, stop, restart,
// continue after a stop, and prompt destruction mid-run.
#include "studio_test_support.h"
#include "ui/workers/training_worker.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace studio;

class TestTrainingWorker : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void signalsArriveInOrder();
    void pauseHaltsBatchesAndResumeContinuesTheStep();
    void stopEndsTheRunAndASecondStartWorks();
    void continueAfterStopGoesOnFromTheNextBatch();
    void warmStartUsesMatchingWeights();
    void aDivergingRunIsAFailureThatSaysWhy();
    void destroyingMidTrainingReturnsPromptly_data();
    void destroyingMidTrainingReturnsPromptly();

private:
    static QList<TrainingState> states(const QSignalSpy& spy);
    static bool waitForState(QSignalSpy& spy, TrainingState state, int timeoutMs = 10000);

    QTemporaryDir m_dir;
    std::shared_ptr<const ner::TrainingData> m_data;
};

void TestTrainingWorker::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QString path = test_support::writeTinyCorpus(m_dir.path(), 60);
    QVERIFY(!path.isEmpty());
    m_data = test_support::loadData(path);
    QCOMPARE(m_data->train.size() + m_data->dev.size() + m_data->test.size(), size_t(60));
}

QList<TrainingState> TestTrainingWorker::states(const QSignalSpy& spy) {
    QList<TrainingState> list;
    for (const QList<QVariant>& args : spy)
        list << args.at(0).value<TrainingState>();
    return list;
}

bool TestTrainingWorker::waitForState(QSignalSpy& spy, TrainingState state, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (!states(spy).contains(state)) {
        if (clock.elapsed() > timeoutMs) return false;
        spy.wait(50);
    }
    return true;
}

void TestTrainingWorker::signalsArriveInOrder() {
    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    QSignalSpy started(&events, &test_support::WorkerEvents::trainingStarted);
    QSignalSpy batches(&events, &test_support::WorkerEvents::batchProgress);
    QSignalSpy epochs(&events, &test_support::WorkerEvents::epochFinished);
    QSignalSpy weights(&events, &test_support::WorkerEvents::weightsPublished);
    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    QSignalSpy stateSpy(&events, &test_support::WorkerEvents::stateChanged);
    // One sequence of everything, to check the interleaving of batches and epochs.
    QStringList sequence;
    connect(&events, &test_support::WorkerEvents::batchProgress, this, [&](const BatchMetrics& m) {
        sequence << QStringLiteral("b%1").arg(m.progress.epoch);
    });
    connect(&events, &test_support::WorkerEvents::epochFinished, this,
            [&](const EpochMetrics& m) { sequence << QStringLiteral("e%1").arg(m.report.epoch); });

    worker.start(test_support::smallJob(m_data, 3));
    QVERIFY(finished.wait(30000));
    QCOMPARE(started.count(), 1);
    const auto start = started.at(0).at(0).value<TrainingStart>();
    QCOMPARE(start.run, worker.currentRun());
    QVERIFY(!start.continued);
    QCOMPARE(start.trainSentences, int(m_data->train.size()));

    QVERIFY(batches.count() > 0);
    const int perEpoch = batches.at(0).at(0).value<BatchMetrics>().progress.batchesPerEpoch;
    QCOMPARE(batches.count(), 3 * perEpoch);
    for (int k = 0; k < batches.count(); ++k) {
        const auto m = batches.at(k).at(0).value<BatchMetrics>();
        QCOMPARE(m.run, start.run);
        QCOMPARE(m.progress.step, long(k + 1));
        QCOMPARE(m.progress.epoch, k / perEpoch + 1);
        QCOMPARE(m.progress.batch, k % perEpoch + 1);
        QVERIFY(std::isfinite(m.progress.loss) && m.progress.loss > 0);
    }
    QCOMPARE(epochs.count(), 3);
    for (int e = 0; e < 3; ++e) {
        QCOMPARE(epochs.at(e).at(0).value<EpochMetrics>().report.epoch, e + 1);
        // The epoch's report follows its last batch and precedes the next epoch's first.
        const int at = int(sequence.indexOf(QStringLiteral("e%1").arg(e + 1)));
        QCOMPARE(at, (e + 1) * perEpoch + e);
        QCOMPARE(sequence.at(at - 1), QStringLiteral("b%1").arg(e + 1));
    }
    QVERIFY(epochs.at(0).at(0).value<EpochMetrics>().best); // the first epoch is always best
    // The initial weights, one copy per epoch, maybe some in between; all usable.
    QVERIFY(weights.count() >= 4);
    for (const auto& args : weights)
        QVERIFY(!args.at(0).value<WeightsSnapshot>().isNull());
    QCOMPARE(weights.last().at(0).value<WeightsSnapshot>().epoch, 3);

    const auto outcome = finished.at(0).at(0).value<TrainingOutcome>();
    QVERIFY(outcome.completed);
    QCOMPARE(outcome.epochsDone, 3);
    QCOMPARE(states(stateSpy),
             (QList<TrainingState>{TrainingState::Preparing, TrainingState::Running,
                                   TrainingState::Finished}));
    QCOMPARE(worker.state(), TrainingState::Finished);
}

void TestTrainingWorker::pauseHaltsBatchesAndResumeContinuesTheStep() {
    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    QSignalSpy batches(&events, &test_support::WorkerEvents::batchProgress);
    QSignalSpy stateSpy(&events, &test_support::WorkerEvents::stateChanged);
    worker.start(test_support::smallJob(m_data, 1000));
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 5, 20000);

    worker.pause();
    QVERIFY(waitForState(stateSpy, TrainingState::Paused));
    // Queued signals keep their order: every batch before the pause has arrived by now.
    const qsizetype atPause = batches.count();
    const long lastStep = batches.last().at(0).value<BatchMetrics>().progress.step;
    QTest::qWait(300);
    QCOMPARE(batches.count(), atPause);
    QCOMPARE(worker.state(), TrainingState::Paused);

    worker.resume();
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() > atPause, 5000);
    QCOMPARE(batches.at(atPause).at(0).value<BatchMetrics>().progress.step, lastStep + 1);
    QCOMPARE(states(stateSpy).last(), TrainingState::Running);

    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    worker.stop();
    QVERIFY(finished.wait(10000));
}

void TestTrainingWorker::stopEndsTheRunAndASecondStartWorks() {
    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    QSignalSpy batches(&events, &test_support::WorkerEvents::batchProgress);
    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    worker.start(test_support::smallJob(m_data, 1000));
    const int firstRun = worker.currentRun();
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 3, 20000);

    worker.stop();
    QVERIFY(finished.wait(10000));
    const auto outcome = finished.at(0).at(0).value<TrainingOutcome>();
    QVERIFY(!outcome.completed);
    QCOMPARE(outcome.run, firstRun);
    QTRY_COMPARE(worker.state(), TrainingState::Stopped);
    const qsizetype afterStop = batches.count();
    QTest::qWait(200);
    QCOMPARE(batches.count(), afterStop); // the thread's run has ended

    batches.clear();
    worker.start(test_support::smallJob(m_data, 2));
    QVERIFY(worker.currentRun() > firstRun);
    QVERIFY(finished.wait(30000));
    QVERIFY(finished.last().at(0).value<TrainingOutcome>().completed);
    QVERIFY(batches.count() > 0);
    const auto first = batches.at(0).at(0).value<BatchMetrics>();
    QCOMPARE(first.run, worker.currentRun());
    QCOMPARE(first.progress.step, 1L); // a fresh model counts from one
}

void TestTrainingWorker::continueAfterStopGoesOnFromTheNextBatch() {
    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    QSignalSpy batches(&events, &test_support::WorkerEvents::batchProgress);
    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    QSignalSpy started(&events, &test_support::WorkerEvents::trainingStarted);
    worker.start(test_support::smallJob(m_data, 1000));
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 3, 20000);
    worker.stop();
    QVERIFY(finished.wait(10000));
    QTRY_COMPARE(worker.state(), TrainingState::Stopped);
    const long lastStep = batches.last().at(0).value<BatchMetrics>().progress.step;
    const qsizetype before = batches.count();

    worker.continueTraining();
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() > before, 5000);
    QCOMPARE(batches.at(before).at(0).value<BatchMetrics>().progress.step, lastStep + 1);
    QVERIFY(started.last().at(0).value<TrainingStart>().continued);
    worker.stop();
    QVERIFY(finished.wait(10000));
}

void TestTrainingWorker::warmStartUsesMatchingWeights() {
    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    QSignalSpy weights(&events, &test_support::WorkerEvents::weightsPublished);
    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    QSignalSpy started(&events, &test_support::WorkerEvents::trainingStarted);
    worker.start(test_support::smallJob(m_data, 2));
    QVERIFY(finished.wait(30000));
    const auto trained = weights.last().at(0).value<WeightsSnapshot>();

    TrainingJob again = test_support::smallJob(m_data, 1);
    again.warmStart = trained.tagger;
    worker.start(again);
    QVERIFY(finished.wait(30000));
    QVERIFY(started.last().at(0).value<TrainingStart>().warmStarted);

    TrainingJob otherShape = again;
    otherShape.model.hiddenDim = 8; // does not fit: a fresh model instead
    worker.start(otherShape);
    QVERIFY(finished.wait(30000));
    QVERIFY(!started.last().at(0).value<TrainingStart>().warmStarted);
}

void TestTrainingWorker::aDivergingRunIsAFailureThatSaysWhy() {
    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    QSignalSpy failed(&events, &test_support::WorkerEvents::trainingFailed);
    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    // Plain SGD at learning rate 1,000, unclipped: the loss is NaN within the first epoch.
    TrainingJob job = test_support::smallJob(m_data, 3);
    job.train.optimizer.kind = ner::OptimizerKind::Sgd;
    job.train.optimizer.learningRate = 1000;
    job.train.clipNorm = 0;
    worker.start(job);
    QVERIFY(failed.wait(30000));
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.startsWith("Training diverged: the "), qPrintable(message));
    QVERIFY2(message.contains("that step was not taken") &&
                 message.contains("Lower the learning rate"),
             qPrintable(message));
    QTRY_COMPARE(worker.state(), TrainingState::Stopped);
    QCOMPARE(finished.count(), 0); // not a finished run: no test score to quote
}

void TestTrainingWorker::destroyingMidTrainingReturnsPromptly_data() {
    QTest::addColumn<bool>("paused");
    QTest::newRow("running") << false;
    QTest::newRow("paused") << true;
}

void TestTrainingWorker::destroyingMidTrainingReturnsPromptly() {
    QFETCH(bool, paused);
    // A model big enough for a batch to take a noticeable time on the built-in corpus.
    TrainingJob job = test_support::smallJob(test_support::builtinSlice(400, 40), 1000, 16);
    job.model.hiddenDim = 96;
    job.model.embeddingDim = 64;
    auto* worker = new TrainingWorker;
    test_support::WorkerEvents events(worker);
    QSignalSpy batches(&events, &test_support::WorkerEvents::batchProgress);
    QSignalSpy stateSpy(&events, &test_support::WorkerEvents::stateChanged);
    worker->start(job);
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 2, 20000);
    if (paused) {
        worker->pause();
        QVERIFY(waitForState(stateSpy, TrainingState::Paused));
    }
    QElapsedTimer clock;
    clock.start();
    delete worker;
    qInfo() << "worker destroyed mid-run in" << clock.elapsed() << "ms";
    QVERIFY2(clock.elapsed() < 2000, "the destructor must stop the trainer, not wait for it");
}

QTEST_MAIN(TestTrainingWorker)
#include "tst_training_worker.moc"
