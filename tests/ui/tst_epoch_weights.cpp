// Going back to an epoch: the weights a run had after each epoch are kept (EpochWeights), and
// clicking a point of the learning curves shows them in the inspector (InspectedWeights)
// without touching what training goes on from or what Save writes.
#include "../engine/test_sentences.h"
#include "../engine/tiny_model.h"
#include "engine/model/model_file.h"
#include "studio_test_support.h"
#include "ui/charts/metrics_chart.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/state/epoch_weights.h"
#include "ui/state/inspected_weights.h"
#include "ui/state/metrics_history.h"
#include "ui/state/training_session.h"
#include "ui/window/epoch_bar.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/main_window.h"
#include "ui/window/results_panel.h"
#include "ui/workers/model_scorer.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtTest>

#include <cmath>
#include <set>

using namespace studio;

namespace {
std::shared_ptr<const ner::Tagger> tinyCopy(std::uint64_t seed) {
    return std::make_shared<const ner::Tagger>(
        ner::test::tinyModel(ner::test::fourShortSentences(), 1, true, 4, seed));
}
} // namespace

class TestEpochWeights : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void storeFindsAndStepsThroughEpochs();
    void sharedCopiesAreCountedOnce();
    void overBudgetEveryOtherEpochGoes();
    void eachKeptEpochIsThatEpochsWeights();
    void clickingAnEpochRewindsOnlyTheInspector();
    void aChosenEpochStaysWhileTrainingGoesOn();
    void aNewRunOrResetForgetsTheEpochs();
    void theViewMenuStepsThroughTheEpochs();
    void aChosenEpochCanBeSavedApart();

private:
    bool trainToTheEnd(MainWindow& window);

    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
};

void TestEpochWeights::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
}

bool TestEpochWeights::trainToTheEnd(MainWindow& window) {
    QSignalSpy finished(window.trainingSession(), &TrainingSession::trainingFinished);
    window.trainingSession()->train();
    return QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000);
}

void TestEpochWeights::storeFindsAndStepsThroughEpochs() {
    EpochWeights kept;
    QVERIFY(kept.empty());
    QVERIFY(!kept.nearest(3));
    QVERIFY(!kept.step(3, 1));
    std::vector<std::shared_ptr<const ner::Tagger>> copies;
    for (int epoch : {0, 2, 4, 8}) {
        copies.push_back(tinyCopy(std::uint64_t(epoch + 1)));
        kept.add(epoch, copies.back());
    }
    QCOMPARE(kept.epochs(), (std::vector<int>{0, 2, 4, 8}));
    QCOMPARE(kept.at(4), copies[2]);
    QVERIFY(!kept.at(3));
    QCOMPARE(*kept.nearest(5), 4);
    QCOMPARE(*kept.nearest(6), 4); // a tie goes to the earlier epoch
    QCOMPARE(*kept.nearest(7), 8);
    QCOMPARE(*kept.nearest(-3), 0);
    QCOMPARE(*kept.nearest(40), 8);
    QCOMPARE(*kept.step(4, 1), 8);
    QCOMPARE(*kept.step(4, -1), 2);
    QCOMPARE(*kept.step(4, 5), 8);  // clamped to the last
    QCOMPARE(*kept.step(2, -9), 0); // and to the first
    QCOMPARE(*kept.step(3, 1), 4);  // from the kept epoch nearest to 3 (2)
    // A later copy of the same epoch replaces the earlier one.
    const auto again = tinyCopy(99);
    kept.add(4, again);
    QCOMPARE(kept.at(4), again);
    QCOMPARE(kept.epochs().size(), size_t(4));
    kept.add(5, nullptr); // nothing to keep
    QCOMPARE(kept.epochs().size(), size_t(4));
    kept.clear();
    QVERIFY(kept.empty());
}

void TestEpochWeights::sharedCopiesAreCountedOnce() {
    const auto copy = tinyCopy(1);
    const std::size_t one = EpochWeights::bytesOf(*copy);
    QCOMPARE(one, std::size_t(copy->parameterCount()) * sizeof(ner::Scalar));
    QVERIFY(one > 0);
    EpochWeights kept;
    kept.add(1, copy);
    kept.add(2, copy); // the best epoch's copy is the same object as its epoch's
    QCOMPARE(kept.bytes(), one);
    kept.add(3, tinyCopy(2));
    QCOMPARE(kept.bytes(), 2 * one);
}

void TestEpochWeights::overBudgetEveryOtherEpochGoes() {
    const std::size_t one = EpochWeights::bytesOf(*tinyCopy(1));
    EpochWeights kept(5 * one); // room for five copies
    for (int epoch = 0; epoch <= 4; ++epoch)
        kept.add(epoch, tinyCopy(std::uint64_t(epoch + 1)), 3);
    QCOMPARE(kept.epochs(), (std::vector<int>{0, 1, 2, 3, 4})); // within the budget: all
    kept.add(5, tinyCopy(6), 3);
    // Six copies: the 2nd, 4th, … between the ends go, except the protected best (3).
    QCOMPARE(kept.epochs(), (std::vector<int>{0, 2, 3, 4, 5}));
    QVERIFY(kept.bytes() <= kept.budget());
    for (int epoch = 6; epoch <= 40; ++epoch) {
        kept.add(epoch, tinyCopy(std::uint64_t(epoch + 1)), 3);
        QVERIFY2(kept.bytes() <= kept.budget(), qPrintable(QString::number(epoch)));
        const std::vector<int> list = kept.epochs();
        QCOMPARE(list.front(), 0);    // the start is never lost…
        QCOMPARE(list.back(), epoch); // …nor the newest
        QVERIFY(kept.at(3));          // …nor the protected one
    }
    // What is left still spans the run: no gap wider than half of it.
    const std::vector<int> list = kept.epochs();
    for (size_t k = 1; k < list.size(); ++k)
        QVERIFY2(list[k] - list[k - 1] <= 20, qPrintable(QString::number(list[k])));
}

void TestEpochWeights::eachKeptEpochIsThatEpochsWeights() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 3, false));
    QVERIFY(trainToTheEnd(window));
    TrainingSession* session = window.trainingSession();
    const EpochWeights& kept = session->epochWeights();
    QCOMPARE(kept.epochs(), (std::vector<int>{0, 1, 2, 3}));
    // Scored again now, each kept copy gives the dev figures its epoch reported while
    // training; the epochs' losses all differ, so no copy stands in for another.
    std::set<double> losses;
    for (const MetricsHistory::EpochRecord& record : session->history()->epochs()) {
        WeightsSnapshot weights;
        weights.tagger = kept.at(record.epoch);
        QVERIFY(weights.tagger);
        const ModelScore score = ModelScorer::scoreNow(weights, window.datasetSession()->data());
        QVERIFY2(score.dev, qPrintable(score.error));
        QCOMPARE(score.dev->entities.overall.f1(), record.devF1);
        QCOMPARE(score.dev->tokenAccuracy, record.devAccuracy);
        QVERIFY2(std::abs(score.dev->loss - record.devLoss) <= 1e-9 * std::abs(record.devLoss),
                 qPrintable(QStringLiteral("epoch %1: %2 against %3")
                                .arg(record.epoch)
                                .arg(score.dev->loss)
                                .arg(record.devLoss)));
        losses.insert(record.devLoss);
    }
    QCOMPARE(losses.size(), size_t(3));
    // The best epoch's copy is the one Save writes, not a second copy of it.
    QCOMPARE(kept.at(session->bestEpoch()), session->modelToSave());
    // Epoch 0 is where the run started: not any trained epoch's weights.
    QVERIFY(kept.at(0) != kept.at(1));
}

void TestEpochWeights::clickingAnEpochRewindsOnlyTheInspector() {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 3, false));
    QVERIFY(trainToTheEnd(window));
    TrainingSession* session = window.trainingSession();
    InspectorPanel* inspector = window.inspector();
    InspectedWeights* inspected = window.inspectedWeights();
    const WeightsSnapshot best = session->weights();
    QCOMPARE(best.origin, QStringLiteral("best"));
    QVERIFY(!inspected->chosenEpoch());
    QVERIFY(!inspector->epochBar()->isVisibleTo(&window));

    // A click on the F1 chart at epoch 1.
    MetricsChart* f1 = window.chart(MetricsChart::Kind::F1);
    f1->redrawNow();
    QTest::mouseClick(f1->chartView()->viewport(), Qt::LeftButton, {}, f1->epochPosition(1));
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(1));
    QCOMPARE(inspector->weights().tagger, session->epochWeights().at(1));
    QVERIFY(inspector->weights().isChosenEpoch());
    // (Waited for by origin: the best epoch may be epoch 1, whose copy is the best's.)
    QTRY_VERIFY_WITH_TIMEOUT(inspector->shownResult().weights.isChosenEpoch(), 10000);
    QCOMPARE(inspector->shownResult().weights.tagger, session->epochWeights().at(1));
    QVERIFY2(inspector->noteText().contains(QStringLiteral("the weights after epoch 1 (chosen)")),
             qPrintable(inspector->noteText()));
    QVERIFY(inspector->epochBar()->isVisibleTo(&window));
    // The Results dock shows that epoch's dev scores and wrong sentences as training reported
    // them.
    const ner::EpochReport* one = session->epochReport(1);
    QVERIFY(one);
    QVERIFY2(window.resultsPanel()->summaryText().contains(QStringLiteral("Dev set, epoch 1<")),
             qPrintable(window.resultsPanel()->summaryText()));
    QVERIFY(window.resultsPanel()->summaryText().contains(
        QStringLiteral("F1 %1").arg(one->dev.entities.overall.f1(), 0, 'f', 3)));
    // Every chart marks it; training's own weights, and what Save writes, stay the best.
    for (auto kind :
         {MetricsChart::Kind::Loss, MetricsChart::Kind::Accuracy, MetricsChart::Kind::F1}) {
        MetricsChart* chart = window.chart(kind);
        QCOMPARE(chart->markedEpoch(), std::optional<int>(1));
        QVERIFY(chart->epochMarker()->isVisible());
        QCOMPARE(chart->epochMarker()->at(0).x(), 1.0);
        QVERIFY(!chart->shownSeries().isEmpty());
    }
    QCOMPARE(session->weights().tagger, best.tagger);
    QCOMPARE(session->modelToSave(), best.tagger);
    QVERIFY(!window.inspectedWeights()->weights().isFromFile()); // nothing to score as a file

    // → on the focused chart steps to the next epoch; the bar's arrows step too, and stop at
    // the ends.
    QTest::keyClick(f1->chartView(), Qt::Key_Right);
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(2));
    QCOMPARE(inspector->weights().tagger, session->epochWeights().at(2));
    QToolButton* next = inspector->epochBar()->nextButton();
    QToolButton* previous = inspector->epochBar()->previousButton();
    next->click();
    next->click();
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(3));
    for (int k = 0; k < 5; ++k)
        previous->click();
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(0));
    QTRY_VERIFY_WITH_TIMEOUT(
        inspector->noteText().contains(QStringLiteral("the weights the run started from")), 10000);
    // Training never scored epoch 0: the Results dock scores it in the background.
    WeightsSnapshot start;
    start.tagger = session->epochWeights().at(0);
    const ModelScore atStart = ModelScorer::scoreNow(start, window.datasetSession()->data());
    QVERIFY(atStart.dev);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.resultsPanel()->summaryText().contains(QStringLiteral("Dev set, epoch 0<")), 10000);
    QVERIFY2(window.resultsPanel()->summaryText().contains(
                 QStringLiteral("F1 %1").arg(atStart.dev->entities.overall.f1(), 0, 'f', 3)),
             qPrintable(window.resultsPanel()->summaryText()));

    // A click just right of the last point, on the plot's edge, takes the last epoch, as
    // does asking for one beyond it; Latest weights goes back to the session's.
    QTest::mouseClick(f1->chartView()->viewport(), Qt::LeftButton, {},
                      f1->epochPosition(3) + QPoint(4, 0));
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(3));
    inspected->chooseEpoch(1);
    inspected->chooseEpoch(40);
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(3));
    inspector->epochBar()->latestButton()->click();
    QVERIFY(!inspected->chosenEpoch());
    QCOMPARE(inspector->weights().tagger, best.tagger);
    QVERIFY(!inspector->epochBar()->isVisibleTo(&window));
    QVERIFY(!f1->markedEpoch());
    QVERIFY(!f1->epochMarker()->isVisible());
    QVERIFY(window.resultsPanel()->summaryText().contains(QStringLiteral("Dev set, epoch 3<")));

    // Replay: from the run's start, one epoch after another, until the last.
    inspected->chooseEpoch(2);
    QSignalSpy shownEpochs(inspected, &InspectedWeights::chosenEpochChanged);
    inspector->epochBar()->replayButton()->click();
    QVERIFY(inspector->epochBar()->isReplaying());
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(0)); // at once
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->epochBar()->isReplaying(), 10000);
    QVERIFY(!inspector->epochBar()->replayButton()->isChecked());
    QList<int> replayed;
    for (const QList<QVariant>& args : shownEpochs)
        replayed << args.at(0).value<std::optional<int>>().value_or(-1);
    QCOMPARE(replayed, (QList<int>{0, 1, 2, 3}));
    // An arrow ends a replay.
    inspector->epochBar()->replayButton()->click();
    QVERIFY(inspector->epochBar()->isReplaying());
    previous->click();
    QVERIFY(!inspector->epochBar()->isReplaying());
    inspector->epochBar()->latestButton()->click();

    // Esc on a focused chart does the same.
    QTest::mouseClick(f1->chartView()->viewport(), Qt::LeftButton, {}, f1->epochPosition(2));
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(2));
    QTest::keyClick(f1->chartView(), Qt::Key_Escape);
    QVERIFY(!inspected->chosenEpoch());
    QCOMPARE(inspector->weights().tagger, best.tagger);
}

void TestEpochWeights::aChosenEpochStaysWhileTrainingGoesOn() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 8, false));
    TrainingSession* session = window.trainingSession();
    TrainingWorker* worker = session->worker();
    worker->setPublishInterval(0); // new weights after every batch
    // Paused right at the end of epoch 1, on the training thread, so that seven epochs are
    // still to come however fast this machine trains.
    const QMetaObject::Connection pauser = connect(
        worker, &TrainingWorker::epochFinished, worker, [worker] { worker->pause(); },
        Qt::DirectConnection);
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    session->train();
    QTRY_COMPARE_WITH_TIMEOUT(session->state(), TrainingState::Paused, 30000);
    disconnect(pauser);
    QCOMPARE(session->epochWeights().epochs(), (std::vector<int>{0, 1}));
    window.inspectedWeights()->chooseEpoch(1);
    QCOMPARE(window.inspectedWeights()->chosenEpoch(), std::optional<int>(1));
    const auto epochOne = session->epochWeights().at(1);
    QVERIFY(epochOne);
    QSignalSpy sessionWeights(session, &TrainingSession::weightsChanged);
    session->resume();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    // Training published newer weights all along; the inspector kept epoch 1's.
    QVERIFY(sessionWeights.size() > 3);
    QCOMPARE(window.inspector()->weights().tagger, epochOne);
    QVERIFY(window.inspector()->weights().isChosenEpoch()); // not the best, should that be 1
    QCOMPARE(window.inspector()->weights().epoch, 1);
    QCOMPARE(session->weights().origin, QStringLiteral("best"));
    QCOMPARE(session->epochWeights().epochs().size(), size_t(9));
    // So did the Results dock, which shows the epoch the inspector shows.
    QVERIFY2(window.resultsPanel()->summaryText().contains(QStringLiteral("Dev set, epoch 1<")),
             qPrintable(window.resultsPanel()->summaryText()));
    // Going back shows what the session has now: the finished run's best weights, and the
    // last epoch's scores.
    window.inspectedWeights()->followSession();
    QCOMPARE(window.inspector()->weights().tagger, session->weights().tagger);
    QVERIFY(window.resultsPanel()->summaryText().contains(QStringLiteral("Dev set, epoch 8<")));
}

void TestEpochWeights::aNewRunOrResetForgetsTheEpochs() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 2, false));
    TrainingSession* session = window.trainingSession();
    QVERIFY(trainToTheEnd(window));
    const auto firstRunEpochOne = session->epochWeights().at(1);
    window.inspectedWeights()->chooseEpoch(1);
    QCOMPARE(window.inspectedWeights()->chosenEpoch(), std::optional<int>(1));

    // Train again: a new run from the best weights, with epochs of its own.
    QSignalSpy forgotten(session, &TrainingSession::epochWeightsForgotten);
    QVERIFY(trainToTheEnd(window));
    QCOMPARE(forgotten.size(), 1);
    QVERIFY(!window.inspectedWeights()->chosenEpoch());
    QCOMPARE(window.inspector()->weights().tagger, session->weights().tagger);
    QCOMPARE(session->epochWeights().epochs(), (std::vector<int>{0, 1, 2}));
    QVERIFY(session->epochWeights().at(1) != firstRunEpochOne);
    QVERIFY(!window.chart(MetricsChart::Kind::F1)->markedEpoch());

    // Reset: nothing to go back to, and choosing does nothing.
    window.inspectedWeights()->chooseEpoch(2);
    QVERIFY(window.inspectedWeights()->chosenEpoch());
    session->reset();
    QVERIFY(session->epochWeights().empty());
    QVERIFY(!window.inspectedWeights()->chosenEpoch());
    window.inspectedWeights()->chooseEpoch(1);
    window.inspectedWeights()->stepEpoch(-1);
    QVERIFY(!window.inspectedWeights()->chosenEpoch());
    QCOMPARE(window.inspector()->weights().tagger, session->weights().tagger);
}

void TestEpochWeights::theViewMenuStepsThroughTheEpochs() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 3, false));
    auto action = [&](const QString& text) -> QAction* {
        for (QAction* menu : window.menuBar()->actions())
            if (menu->menu())
                for (QAction* a : menu->menu()->actions())
                    if (a->text().remove('&') == text) return a;
        return nullptr;
    };
    QAction* earlier = action(QStringLiteral("Earlier epoch"));
    QAction* later = action(QStringLiteral("Later epoch"));
    QAction* replay = action(QStringLiteral("Replay the run"));
    QAction* latest = action(QStringLiteral("Latest weights"));
    QVERIFY(earlier && later && replay && latest);
    QCOMPARE(earlier->shortcut(), QKeySequence(Qt::ALT | Qt::Key_Left));
    for (QAction* a : {earlier, later, replay, latest})
        QVERIFY(!a->isEnabled()); // no run: no epochs to go back to

    QVERIFY(trainToTheEnd(window));
    for (QAction* a : {earlier, later, replay, latest})
        QVERIFY(a->isEnabled());
    InspectedWeights* inspected = window.inspectedWeights();
    earlier->trigger(); // from the latest epoch, 3
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(2));
    earlier->trigger();
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(1));
    later->trigger();
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(2));
    latest->trigger();
    QVERIFY(!inspected->chosenEpoch());
    replay->trigger();
    QCOMPARE(inspected->chosenEpoch(), std::optional<int>(0));
    QVERIFY(window.inspector()->epochBar()->isReplaying());
    QTRY_COMPARE_WITH_TIMEOUT(inspected->chosenEpoch(), std::optional<int>(3), 10000);

    window.trainingSession()->reset();
    QVERIFY(!inspected->chosenEpoch());
    for (QAction* a : {earlier, later, replay, latest})
        QVERIFY(!a->isEnabled());
}

void TestEpochWeights::aChosenEpochCanBeSavedApart() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 3, false));
    QAction* saveEpoch = nullptr;
    for (QAction* a : window.menuBar()->actions().first()->menu()->actions())
        if (a->text().remove('&') == QStringLiteral("Save the chosen epoch's weights…"))
            saveEpoch = a;
    QVERIFY(saveEpoch);
    QVERIFY(!saveEpoch->isEnabled());
    QVERIFY(trainToTheEnd(window));
    TrainingSession* session = window.trainingSession();
    QVERIFY(session->hasUnsavedModel());
    window.inspectedWeights()->chooseEpoch(1);
    QVERIFY(saveEpoch->isEnabled());
    const QString path = m_dir.filePath(QStringLiteral("epoch1.lner"));
    QVERIFY(window.saveChosenEpoch(path));
    QCOMPARE(ner::serializeModel(ner::loadModel(path.toStdString())),
             ner::serializeModel(*session->epochWeights().at(1)));
    // Not what Save writes: the trained model is still unsaved, and Save still asks.
    QVERIFY(session->hasUnsavedModel());
    // Without a chosen epoch there is nothing to save apart, and the window says so.
    window.inspectedWeights()->followSession();
    QVERIFY(!saveEpoch->isEnabled());
    QStringList reported;
    window.setErrorReporter([&](const QString&, const QString& text) { reported << text; });
    QVERIFY(!window.saveChosenEpoch(m_dir.filePath(QStringLiteral("none.lner"))));
    QCOMPARE(reported.size(), 1);
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none.lner"))));
    session->discardUnsaved();
}

QTEST_MAIN(TestEpochWeights)
#include "tst_epoch_weights.moc"
