// Saving and opening models in the main window: the round trip, a broken file, and training
// on from an opened model whose shape fits the dataset.
#include "engine/analysis/gate_saturation.h"
#include "engine/analysis/gold_standing.h"
#include "engine/analysis/influence.h"
#include "engine/model/model_file.h"
#include "studio_test_support.h"
#include "ui/charts/metrics_chart.h"
#include "ui/inspector/entity_span_view.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/saturation_panel.h"
#include "ui/state/app_settings.h"
#include "ui/state/confusion_matrix_model.h"
#include "ui/state/dataset_session.h"
#include "ui/state/entity_score_model.h"
#include "ui/state/metrics_history.h"
#include "ui/state/sentence_error_model.h"
#include "ui/state/settings_difference.h"
#include "ui/state/training_session.h"
#include "ui/window/guide_dialog.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/main_window.h"
#include "ui/window/results_panel.h"
#include "ui/window/training_controls.h"
#include "ui/workers/model_scorer.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>
#include <QtCharts/QLineSeries>
#include <QtTest>

using namespace studio;

namespace {
// Answers the next modal message box with `button` and records its text; a box that nobody
// expected is answered with Cancel, so a wrong prompt fails the test instead of hanging it.
class MessageBoxAnswerer : public QObject {
public:
    explicit MessageBoxAnswerer(QMessageBox::StandardButton button) : m_button(button) {
        auto* timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, [this] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) return;
            questions << box->text();
            box->button(m_button)->click();
        });
        timer->start(20);
    }
    QStringList questions;

private:
    QMessageBox::StandardButton m_button;
};
} // namespace

class TestModelFiles : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void saveThenOpenShowsTheModel();
    void brokenModelFileIsReported();
    void openedModelIsScoredOnTheDevSplit();
    void finishedTrainingShowsTheBestWeights();
    void unsavedModelIsOfferedForSaving();
    void anUnsavedModelOutlivesACrash();
    void gateActivationsExport();
    void wrongDevSentencesOpenInTheInspector();
    void nextRunKeepsThePreviousRunsDevCurves();
    void influenceExport();
    void gateSaturationExport();
    void helpMenuOpensTheGuide();
    void metricsExport();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
};

void TestModelFiles::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
}

void TestModelFiles::saveThenOpenShowsTheModel() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 2));
    TrainingSession* session = window.trainingSession();
    // The untrained preview follows the settings (after its debounce).
    QTRY_COMPARE_WITH_TIMEOUT(session->weights().tagger->config().hiddenDim, 16, 5000);

    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("models")));
    const QString path = m_dir.filePath(QStringLiteral("models/small.lner"));
    QVERIFY(window.saveModel(path));
    QVERIFY(QFileInfo(path).size() > 0);
    // The next file dialog starts where the model went, not where the dataset came from.
    QCOMPARE(AppSettings().lastDirectory(), QFileInfo(path).absolutePath());
    const auto saved = session->weights().tagger;

    window.hyperparameterPanel()->setSettings(TrainingSettings::defaults()); // form changes…
    QSignalSpy opened(&window, &MainWindow::modelOpened);
    QVERIFY(window.openFile(path));
    // The file is read on a thread: until it is, no other file opens and Train waits.
    QVERIFY(window.modelLoader()->isLoading());
    QVERIFY(!window.openModel(path));
    QVERIFY(!window.trainingControls()->trainAction()->isEnabled());
    QVERIFY(opened.wait(10000));
    QCOMPARE(opened.at(0).at(0).toString(), path);
    QVERIFY(!window.modelLoader()->isLoading());
    // …and opening the model puts its shape back into the form.
    QCOMPARE(window.hyperparameterPanel()->settings().model.hiddenDim, 16);
    QCOMPARE(session->weights().origin, QStringLiteral("small.lner"));
    QCOMPARE(session->weights().tagger->vocabulary().tokens(), saved->vocabulary().tokens());
    QCOMPARE(session->weights().tagger->tags().names(), saved->tags().names());
    QTRY_COMPARE_WITH_TIMEOUT(window.inspector()->shownResult().weights.origin,
                              QStringLiteral("small.lner"), 5000);

    // Same dataset, same shape: Train goes on from the opened weights.
    QSignalSpy started(session, &TrainingSession::trainingStarted);
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    session->train();
    QVERIFY(started.wait(20000));
    QVERIFY(started.at(0).at(0).value<TrainingStart>().warmStarted);
    // Counted, not waited for: a 2-epoch run can finish while the loop ran for `started`.
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
}

void TestModelFiles::openedModelIsScoredOnTheDevSplit() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 2));
    TrainingSession* session = window.trainingSession();
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    session->train();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
    const QString path = m_dir.filePath(QStringLiteral("scored.lner"));
    QVERIFY(window.saveModel(path));
    session->reset();
    ResultsPanel* results = window.resultsPanel();
    results->clear();
    QVERIFY(!results->scoreModel()->rowCount());

    // Opened, it is scored on the dev split at once, as the engine scores it.
    QVERIFY(test_support::openAndWait(window, path));
    QTRY_VERIFY_WITH_TIMEOUT(results->summaryText().contains(QStringLiteral("model scored.lner")),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(results->summaryText().contains(QStringLiteral("F1")), 10000);
    const ModelScore expected =
        ModelScorer::scoreNow(session->weights(), window.datasetSession()->data());
    QVERIFY2(expected.dev, qPrintable(expected.error));
    const QString f1 = QString::number(expected.dev->entities.overall.f1(), 'f', 3);
    QVERIFY2(results->summaryText().contains(QStringLiteral("F1 %1").arg(f1)),
             qPrintable(results->summaryText()));
    QVERIFY(results->scoreModel()->rowCount() > 0);
    QVERIFY2(results->errorSummaryText().contains(
                 QStringLiteral("With model scored.lner, %1 of %2 dev sentences")
                     .arg(expected.wrong.size())
                     .arg(window.datasetSession()->data()->dev.size())),
             qPrintable(results->errorSummaryText()));
    QVERIFY(results->confusionTitleText().contains(QStringLiteral("model scored.lner")));
    // Each wrong sentence with where its gold tagging stands, weighed with the opened weights.
    QVERIFY(!expected.wrong.empty());
    for (int row = 0; row < results->errorModel()->rowCount(); ++row) {
        const ner::SentenceErrors& s = expected.wrong[size_t(row)];
        QVERIFY(s.goldStanding.has_value());
        QCOMPARE(results->errorModel()->index(row, SentenceErrorModel::Gold).data().toString(),
                 SentenceErrorModel::goldStandingText(s));
    }

    // Data with an entity type the model never saw: why it cannot be scored, with the line.
    const QString other = m_dir.filePath(QStringLiteral("other-types.jsonl"));
    {
        QFile file(other);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int k = 0; k < 40; ++k)
            file.write(
                R"({"text": ["他", "去", "天", "宫"], "labels": ["O", "O", "B-XYZ", "I-XYZ"]})"
                "\n");
    }
    QVERIFY(test_support::openAndWait(window, other));
    QTRY_VERIFY_WITH_TIMEOUT(results->summaryText().contains(QStringLiteral("cannot be scored")),
                             10000);
    QVERIFY2(results->summaryText().contains(QStringLiteral("the model has no tag B-XYZ")),
             qPrintable(results->summaryText()));
    QVERIFY(!results->scoreModel()->rowCount());

    // Training takes the dock over: its epochs are scored by the run, not here.
    QVERIFY(test_support::openAndWait(window, test_support::writeTinyCorpus(m_dir.path(), 40)));
    QTRY_VERIFY_WITH_TIMEOUT(results->summaryText().contains(QStringLiteral("F1")), 10000);
    QSignalSpy epochs(session, &TrainingSession::epochFinished);
    session->train();
    QTRY_VERIFY_WITH_TIMEOUT(!epochs.isEmpty(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(results->summaryText().contains(QStringLiteral("epoch")), 5000);
    QVERIFY(!results->summaryText().contains(QStringLiteral("model scored.lner")));
    QTRY_VERIFY_WITH_TIMEOUT(!session->isActive(), 30000);
}

void TestModelFiles::brokenModelFileIsReported() {
    const QString path = m_dir.filePath(QStringLiteral("broken.lner"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("LNERMODL this is not a model");
    file.close();

    MainWindow window;
    QStringList reported;
    window.setErrorReporter([&](const QString&, const QString& text) { reported << text; });
    QSignalSpy opened(&window, &MainWindow::modelOpened);
    QVERIFY(window.openModel(path)); // started; read on a thread
    QTRY_COMPARE_WITH_TIMEOUT(reported.size(), 1, 10000);
    QVERIFY(opened.isEmpty());
    QVERIFY(!window.modelLoader()->isLoading());
    QVERIFY(reported[0].contains(path));
    // Nothing of it is used. (The untrained preview may have been rebuilt meanwhile, since
    // the event loop ran while the file was read.)
    QVERIFY(window.trainingSession()->weights().origin != QStringLiteral("broken.lner"));
    // Train is back once nothing is being read. The window also reopens the last dataset (an
    // earlier test's) in the background at start, which on a busy machine can take longer
    // than the broken file did.
    QTRY_VERIFY_WITH_TIMEOUT(!window.datasetSession()->isLoading(), 30000);
    QVERIFY(window.trainingControls()->trainAction()->isEnabled());
}

void TestModelFiles::finishedTrainingShowsTheBestWeights() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 4));
    TrainingSession* session = window.trainingSession();
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    QSignalSpy epochs(session, &TrainingSession::epochFinished);
    session->train();
    QVERIFY(finished.wait(30000));
    QVERIFY(finished.at(0).at(0).value<TrainingOutcome>().completed);
    // The last epoch's dev line, with its 95 % intervals from 1,000 resamples of the dev split.
    const ner::EpochReport last = epochs.last().at(0).value<EpochMetrics>().report;
    QVERIFY(last.devIntervals);
    const QString devLine = window.resultsPanel()->summaryText();
    QVERIFY2(devLine.contains(QStringLiteral("F1 %1 [%2, %3]")
                                  .arg(last.dev.entities.overall.f1(), 0, 'f', 3)
                                  .arg(last.devIntervals->f1.low, 0, 'f', 3)
                                  .arg(last.devIntervals->f1.high, 0, 'f', 3)),
             qPrintable(devLine));

    // What the inspector tags with is what Save would write: the best epoch's weights.
    QVERIFY(session->bestEpoch() >= 1 && session->bestEpoch() <= 4);
    QCOMPARE(session->weights().tagger, session->modelToSave());
    QCOMPARE(session->weights().origin, QStringLiteral("best"));
    QCOMPARE(session->weights().epoch, session->bestEpoch());
    // (Waited for by origin: the last epoch's copy is the best's when the last was best.)
    QTRY_COMPARE_WITH_TIMEOUT(window.inspector()->shownResult().weights.origin,
                              QStringLiteral("best"), 5000);
    QCOMPARE(window.inspector()->shownResult().weights.tagger, session->modelToSave());
    QVERIFY(window.inspector()->noteText().contains(
        QStringLiteral("the best weights (epoch %1)").arg(session->bestEpoch())));

    // The held-out test split is scored once, with those weights, as lstm-ner train does.
    const TrainingOutcome outcome = finished.at(0).at(0).value<TrainingOutcome>();
    QVERIFY(outcome.test.has_value());
    const auto data = window.datasetSession()->data();
    QVERIFY(!data->test.empty());
    const ner::LabelledSet test =
        ner::prepareLabelledSet(*session->modelToSave(), data->test, data->scheme);
    ner::TaggerNetwork network(1);
    const ner::Evaluation expected = ner::evaluate(*session->modelToSave(), test, network);
    QCOMPARE(outcome.test->entities.overall.f1(), expected.entities.overall.f1());
    QCOMPARE(outcome.test->tokenAccuracy, expected.tokenAccuracy);
    QCOMPARE(outcome.test->sentences, long(data->test.size()));
    const QString summary = window.resultsPanel()->testSummaryText();
    QVERIFY2(
        summary.contains(QStringLiteral("F1 %1").arg(expected.entities.overall.f1(), 0, 'f', 3)) &&
            summary.contains(QStringLiteral("best weights (epoch %1)").arg(session->bestEpoch())),
        qPrintable(summary));
    // With the 95 % intervals of 1,000 resamples of the test sentences, as lstm-ner train.
    std::vector<std::vector<std::string>> predicted;
    ner::evaluate(*session->modelToSave(), test, network, 32, &predicted);
    const ner::BootstrapIntervals intervals =
        ner::bootstrapIntervals(test.sentences, predicted, test.scheme, 1000);
    QVERIFY(outcome.testIntervals);
    QCOMPARE(outcome.testIntervals->f1.low, intervals.f1.low);
    QCOMPARE(outcome.testIntervals->tokenAccuracy.high, intervals.tokenAccuracy.high);
    QVERIFY2(summary.contains(QStringLiteral("F1 %1 [%2, %3]")
                                  .arg(expected.entities.overall.f1(), 0, 'f', 3)
                                  .arg(intervals.f1.low, 0, 'f', 3)
                                  .arg(intervals.f1.high, 0, 'f', 3)),
             qPrintable(summary));

    // The table and the confusion matrix can show the test split's scores instead of the
    // latest dev epoch's, and go back.
    ResultsPanel* results = window.resultsPanel();
    QVERIFY(results->canShowTest());
    auto* split = results->findChild<QComboBox*>(QStringLiteral("resultsSplit"));
    QVERIFY(split && split->isEnabled());
    QCOMPARE(results->shownSplit(), ResultsPanel::Split::Dev);
    auto overallGold = [&] {
        const QAbstractItemModel* scores = results->scoreModel();
        return scores->index(scores->rowCount() - 1, EntityScoreModel::Gold).data().toLongLong();
    };
    auto confusionTotal = [&] {
        long total = 0;
        const ConfusionMatrixModel* m = results->confusionModel();
        for (int g = 0; g < m->rowCount(); ++g)
            for (int p = 0; p < m->columnCount(); ++p)
                total += m->count(g, p);
        return total;
    };
    const long devTokens = confusionTotal();
    long devCharacters = 0;
    for (const ner::Sentence& sentence : data->dev)
        devCharacters += long(sentence.chars.size());
    QCOMPARE(devTokens, devCharacters);
    split->setCurrentIndex(1); // as a user picks it
    QCOMPARE(results->shownSplit(), ResultsPanel::Split::Test);
    const ner::PrfScore& testOverall = expected.entities.overall;
    QCOMPARE(overallGold(), qlonglong(testOverall.tp + testOverall.fn));
    QCOMPARE(confusionTotal(), expected.tokens);
    QVERIFY2(results->confusionTitleText().contains(
                 QStringLiteral("test set, best weights (epoch %1)").arg(session->bestEpoch())),
             qPrintable(results->confusionTitleText()));
    results->showSplit(ResultsPanel::Split::Dev);
    QCOMPARE(confusionTotal(), devTokens);
    QVERIFY(results->confusionTitleText().contains(QStringLiteral("dev set")));

    // A new run forgets it until it completes in turn, and shows dev again.
    results->showSplit(ResultsPanel::Split::Test);
    results->clear();
    QVERIFY(results->testSummaryText().isEmpty());
    QVERIFY(!results->canShowTest());
    QVERIFY(!split->isEnabled());
    QCOMPARE(results->shownSplit(), ResultsPanel::Split::Dev);
    QCOMPARE(split->currentIndex(), 0);
    QCOMPARE(confusionTotal(), 0L);
}

void TestModelFiles::unsavedModelIsOfferedForSaving() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 2));
    TrainingSession* session = window.trainingSession();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!session->hasUnsavedModel()); // an untrained preview is nothing to lose

    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    session->train();
    QVERIFY(finished.wait(30000));
    QVERIFY(session->hasUnsavedModel());
    const auto trained = session->weights().tagger;

    {
        // Closing asks first; Cancel keeps the window and the model.
        MessageBoxAnswerer cancel(QMessageBox::Cancel);
        QVERIFY(!window.close());
        QCOMPARE(cancel.questions, QStringList{"Save the trained model before closing?"});
        QVERIFY(window.isVisible());
        // So does Reset.
        emit window.trainingControls()->resetRequested();
        QCOMPARE(cancel.questions.size(), 2);
        QCOMPARE(session->weights().tagger, trained);
    }

    // Once saved there is nothing to ask about.
    QVERIFY(window.saveModel(m_dir.filePath(QStringLiteral("kept.lner"))));
    QVERIFY(!session->hasUnsavedModel());
    MessageBoxAnswerer unexpected(QMessageBox::Cancel);
    QVERIFY(window.close());
    QVERIFY(unexpected.questions.isEmpty());
}

void TestModelFiles::anUnsavedModelOutlivesACrash() {
    for (const QString& left : AppSettings().recoveryModelsLeft())
        QVERIFY(QFile::remove(left)); // what earlier tests here left (they crash no less)
    QString recovery;
    std::string trained;
    {
        MainWindow window;
        QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 2));
        TrainingSession* session = window.trainingSession();
        recovery = session->recoveryPath();
        QVERIFY(recovery.startsWith(m_settingsDir.path())); // beside the (test's) settings
        QVERIFY(recovery.endsWith(QStringLiteral("/unsaved-model.lner")));
        QSignalSpy finished(session, &TrainingSession::trainingFinished);
        session->train();
        QVERIFY(finished.wait(30000));
        // The best weights so far are on disk, as Save would write them.
        QVERIFY(QFile::exists(recovery));
        trained = ner::serializeModel(*session->modelToSave());
        QCOMPARE(ner::serializeModel(ner::loadModel(recovery.toStdString())), trained);
        // The window goes without Save or Discard, as when the studio crashes.
    }
    QCOMPARE(AppSettings().recoveryModelsLeft(), QStringList{recovery});

    // The next start offers it, without blocking the window, and keeps its own copies in
    // another file until that one is dealt with; Open shows it as unsaved.
    {
        MainWindow next;
        QVERIFY(next.trainingSession()->recoveryPath().endsWith(
            QStringLiteral("/unsaved-model-2.lner")));
        QTRY_VERIFY_WITH_TIMEOUT(next.recoveryOffer() && next.recoveryOffer()->isVisible(), 5000);
        QVERIFY(!next.recoveryOffer()->isModal());
        QSignalSpy opened(&next, &MainWindow::modelOpened);
        QAbstractButton* open = nullptr;
        for (QAbstractButton* b : next.recoveryOffer()->buttons())
            if (b->text() == QStringLiteral("Open")) open = b;
        QVERIFY(open);
        open->click();
        QVERIFY(opened.wait(10000));
        TrainingSession* session = next.trainingSession();
        QCOMPARE(ner::serializeModel(*session->weights().tagger), trained);
        QVERIFY(session->hasUnsavedModel());         // closing would ask to save it
        QCOMPARE(session->recoveryPath(), recovery); // now this session's copy
        QVERIFY(!AppSettings().recentModels().contains(recovery));
        QVERIFY(AppSettings().lastDirectory() != QFileInfo(recovery).absolutePath());
        // Saved elsewhere, the recovery copy is no longer needed.
        QVERIFY(next.saveModel(m_dir.filePath(QStringLiteral("recovered.lner"))));
        QVERIFY(!QFile::exists(recovery));
    }
    QVERIFY(AppSettings().recoveryModelsLeft().isEmpty());

    // Later keeps it for the next start, and training meanwhile does not overwrite it;
    // Discard deletes it.
    QVERIFY(QFile::copy(m_dir.filePath(QStringLiteral("recovered.lner")), recovery));
    {
        MainWindow later;
        QTRY_VERIFY_WITH_TIMEOUT(later.recoveryOffer() && later.recoveryOffer()->isVisible(), 5000);
        for (QAbstractButton* b : later.recoveryOffer()->buttons())
            if (b->text() == QStringLiteral("Later")) b->click();
        QTRY_VERIFY_WITH_TIMEOUT(!later.recoveryOffer(), 5000);
        QVERIFY(test_support::setUpSmallTraining(later, m_dir.path(), 1));
        QSignalSpy finished(later.trainingSession(), &TrainingSession::trainingFinished);
        later.trainingSession()->train();
        QVERIFY(finished.wait(30000));
        QVERIFY(later.trainingSession()->recoveryPath() != recovery);
        QCOMPARE(ner::serializeModel(ner::loadModel(recovery.toStdString())), trained);
        later.trainingSession()->discardUnsaved(); // its own copy goes, the old one stays
    }
    QCOMPARE(AppSettings().recoveryModelsLeft(), QStringList{recovery});
    {
        MainWindow discard;
        QTRY_VERIFY_WITH_TIMEOUT(discard.recoveryOffer() && discard.recoveryOffer()->isVisible(),
                                 5000);
        for (QAbstractButton* b : discard.recoveryOffer()->buttons())
            if (b->text() == QStringLiteral("Discard")) b->click();
        QVERIFY(!QFile::exists(recovery));
    }

    // Discard when closing after training deletes the copy too.
    {
        MainWindow window;
        QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 1));
        QSignalSpy finished(window.trainingSession(), &TrainingSession::trainingFinished);
        window.trainingSession()->train();
        QVERIFY(finished.wait(30000));
        QVERIFY(QFile::exists(window.trainingSession()->recoveryPath()));
        window.show();
        MessageBoxAnswerer discardOnClose(QMessageBox::Discard);
        QVERIFY(window.close());
        QCOMPARE(discardOnClose.questions.size(), 1);
        QVERIFY(!QFile::exists(window.trainingSession()->recoveryPath()));
    }
    QVERIFY(AppSettings().recoveryModelsLeft().isEmpty());
    MainWindow clean;
    QTest::qWait(50);
    QVERIFY(!clean.recoveryOffer()); // nothing to offer
}

void TestModelFiles::gateActivationsExport() {
    MainWindow window;
    // The untrained preview tags the sample sentence.
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 1));
    QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->shownResult().analysis &&
                                 window.inspector()->shownResult().weights.tagger ==
                                     window.trainingSession()->weights().tagger,
                             5000);
    const auto analysis = window.inspector()->shownResult().analysis;
    const QString path = m_dir.filePath(QStringLiteral("gates.csv"));
    QVERIFY(window.exportGateActivations(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.front(), QByteArray("layer,direction,gate,unit,position,char,value"));
    long values = 0;
    for (const ner::GateTrace& g : analysis->gates)
        values += 6L * g.length * g.hidden;
    QCOMPARE(long(lines.size()), 1 + values);
    QVERIFY(lines[1].startsWith("0,forward,i,0,0,"));

    // A folder that does not exist: an error naming the path, and no file.
    QStringList reported;
    window.setErrorReporter([&](const QString&, const QString& text) { reported << text; });
    const QString bad = m_dir.filePath(QStringLiteral("missing/gates.csv"));
    QVERIFY(!window.exportGateActivations(bad));
    QCOMPARE(reported.size(), 1);
    QVERIFY(reported[0].contains(bad));
    QVERIFY(!QFile::exists(bad));
}

void TestModelFiles::wrongDevSentencesOpenInTheInspector() {
    MainWindow window;
    // One epoch of a tiny model: plenty of errors.
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 1));
    TrainingSession* session = window.trainingSession();
    QSignalSpy epochs(session, &TrainingSession::epochFinished);
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    session->train();
    QVERIFY(finished.wait(30000));
    QCOMPARE(epochs.count(), 1);
    const ner::EpochReport report = epochs.at(0).at(0).value<EpochMetrics>().report;
    QVERIFY(!report.devErrors.empty());

    // The list is the epoch's, worst first.
    ResultsPanel* results = window.resultsPanel();
    SentenceErrorModel* model = results->errorModel();
    QCOMPARE(model->rowCount(), int(report.devErrors.size()));
    int second = 0, listed = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const ner::SentenceErrors& s = report.devErrors[size_t(row)];
        QCOMPARE(model->sentenceAt(row).index, s.index);
        QCOMPARE(model->index(row, SentenceErrorModel::Errors).data().toInt(),
                 int(s.errors.size()));
        // The studio has each gold tagging weighed (the CLI's training does not).
        QVERIFY(s.goldStanding.has_value());
        const QString gold = model->index(row, SentenceErrorModel::Gold).data().toString();
        QCOMPARE(gold, SentenceErrorModel::goldStandingText(s));
        QVERIFY(gold.endsWith(
            QString::fromStdString(ner::describeProbability(s.goldStanding->probability))));
        second += s.goldStanding->reading == 1 ? 1 : 0;
        listed += s.goldStanding->reading >= 1 ? 1 : 0;
    }
    QVERIFY2(results->errorSummaryText().contains(
                 QStringLiteral("The gold tagging is the model's runner-up in %1 of them and "
                                "among its five most probable in %2.")
                     .arg(second)
                     .arg(listed)),
             qPrintable(results->errorSummaryText()));
    QCOMPARE(results->tabs()->tabText(1),
             QStringLiteral("Wrong sentences (%1)").arg(report.devErrors.size()));
    QVERIFY2(
        results->errorSummaryText().contains(QStringLiteral("At epoch 1, %1 of %2 dev sentences")
                                                 .arg(report.devErrors.size())
                                                 .arg(report.dev.sentences)),
        qPrintable(results->errorSummaryText()));

    // Choosing a row tags that sentence and underlines its gold entities.
    const int row = model->rowCount() - 1;
    const ner::SentenceErrors& chosen = model->sentenceAt(row);
    const QString text = QString::fromStdString(ner::joinCharacters(chosen.chars));
    // Unsorted, the view shows the list's own order.
    QCOMPARE(results->errorOrder()->mapFromSource(model->index(row, 0)).row(), row);
    results->errorView()->setCurrentIndex(
        results->errorOrder()->mapFromSource(model->index(row, SentenceErrorModel::Sentence)));
    InspectorPanel* inspector = window.inspector();
    QCOMPARE(inspector->text(), text);
    QVERIFY(inspector->reference().has_value());
    QTRY_VERIFY_WITH_TIMEOUT(inspector->shownResult().text == text, 5000);
    QCOMPARE(inspector->spanView()->gold(), chosen.gold);
    QVERIFY2(
        inspector->noteText().contains(QStringLiteral("dev sentence (line %1)").arg(chosen.line)),
        qPrintable(inspector->noteText()));

    // A click on Gold puts the most probable gold taggings, the near misses, first; choosing
    // the top row opens that sentence, not the list's first.
    QTest::mouseClick(results->errorView()->horizontalHeader()->viewport(), Qt::LeftButton, {},
                      QPoint(results->errorView()->horizontalHeader()->sectionViewportPosition(
                                 SentenceErrorModel::Gold) +
                                 5,
                             5));
    QCOMPARE(results->errorView()->horizontalHeader()->sortIndicatorSection(),
             int(SentenceErrorModel::Gold));
    double previous = 2;
    int top = -1;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex shown = results->errorOrder()->index(r, SentenceErrorModel::Gold);
        const int source = results->errorOrder()->mapToSource(shown).row();
        if (r == 0) top = source;
        const double p = model->sentenceAt(source).goldStanding->probability;
        QVERIFY(p <= previous);
        previous = p;
    }
    double most = 0;
    for (const ner::SentenceErrors& s : report.devErrors)
        most = std::max(most, s.goldStanding->probability);
    QCOMPARE(model->sentenceAt(top).goldStanding->probability, most);
    results->errorView()->setCurrentIndex(
        results->errorOrder()->index(0, SentenceErrorModel::Sentence));
    QCOMPARE(inspector->text(),
             QString::fromStdString(ner::joinCharacters(model->sentenceAt(top).chars)));

    // A dataset without a dev split has nothing to list, and says why.
    results->showSentenceErrors({}, 0, 2);
    QVERIFY2(results->errorSummaryText().contains(QStringLiteral("no dev split")),
             qPrintable(results->errorSummaryText()));

    // Reset forgets the list.
    session->reset();
    results->clear();
    QCOMPARE(model->rowCount(), 0);
    QCOMPARE(results->tabs()->tabText(1), QStringLiteral("Wrong sentences"));
}

void TestModelFiles::metricsExport() {
    MainWindow window;
    QStringList reported;
    // After two epochs the metrics CSV holds every batch and both epochs, under its header.
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 2));
    window.setErrorReporter(
        [&reported](const QString& t, const QString& x) { reported << t + ": " + x; });
    QSignalSpy finished(window.trainingSession(), &TrainingSession::trainingFinished);
    window.trainingSession()->train();
    QVERIFY(finished.wait(30000));
    const QString csvPath = m_dir.filePath(QStringLiteral("metrics.csv"));
    QVERIFY(window.exportMetrics(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
    QVERIFY(lines.first().startsWith(QStringLiteral("record,epoch,batch")));
    QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^epoch,"))).size(), 2);
    const int batches = int(window.trainingSession()->history()->batches().size());
    QVERIFY(batches >= 2);
    QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^batch,"))).size(), batches);
    QVERIFY(window.statusBar()->currentMessage().contains(csvPath));
    // A path that cannot be written is reported with its name.
    const QString bad = m_dir.filePath(QStringLiteral("no/such/folder/metrics.csv"));
    QVERIFY(reported.isEmpty());
    QVERIFY(!window.exportMetrics(bad));
    QCOMPARE(reported.size(), 1);
    QVERIFY2(reported.last().startsWith(QStringLiteral("Cannot export the metrics")) &&
                 reported.last().contains(bad),
             qPrintable(reported.last()));
}

QTEST_MAIN(TestModelFiles)
void TestModelFiles::nextRunKeepsThePreviousRunsDevCurves() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 2));
    TrainingSession* session = window.trainingSession();
    MetricsHistory* history = session->history();
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    session->train();
    QVERIFY(finished.wait(30000));
    QVERIFY(!history->previousRun());
    const QList<QPointF> firstF1 = history->points(MetricSeries::DevF1);
    const QList<QPointF> firstLoss = history->points(MetricSeries::DevLoss);
    QCOMPARE(firstF1.size(), 2);
    MetricsChart* f1Chart = nullptr;
    for (MetricsChart* chart : window.findChildren<MetricsChart*>())
        if (chart->kind() == MetricsChart::Kind::F1) f1Chart = chart;
    QVERIFY(f1Chart);
    f1Chart->redrawNow();
    QVERIFY(!f1Chart->series(MetricSeries::PreviousDevF1)->isVisible()); // nothing to compare

    // Reset, change two settings, train again: the first run's dev curves stay, and the
    // status line says what the new run changed.
    const TrainingSettings before = window.hyperparameterPanel()->settings();
    TrainingSettings after = before;
    after.model.dropout = before.model.dropout == 0.3 ? 0.4 : 0.3;
    after.train.seed = before.train.seed + 1;
    window.hyperparameterPanel()->setSettings(after);
    session->setSettings(after);
    session->reset();
    QSignalSpy messages(session, &TrainingSession::message);
    QSignalSpy started(session, &TrainingSession::trainingStarted);
    session->train();
    QVERIFY(started.wait(20000));
    QVERIFY(history->previousRun());
    QCOMPARE(history->previousRun()->epochs, 2);
    QCOMPARE(history->points(MetricSeries::PreviousDevF1), firstF1);
    QCOMPARE(history->points(MetricSeries::PreviousDevLoss), firstLoss);
    const QStringList changed = settingsDifferences(before, after);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(history->previousRunDifferences(), changed);
    bool said = false;
    for (const QList<QVariant>& m : messages)
        said = said || m.at(0).toString().contains(
                           QStringLiteral("previous run's dev curves stay, in grey (%1)")
                               .arg(changed.join(QStringLiteral(", "))));
    QVERIFY2(said,
             messages.isEmpty() ? "no message" : qPrintable(messages.last().at(0).toString()));
    f1Chart->redrawNow();
    QLineSeries* previous = f1Chart->series(MetricSeries::PreviousDevF1);
    QVERIFY(previous->isVisible());
    QCOMPARE(previous->points(), firstF1);
    QCOMPARE(previous->pen().style(), Qt::DashLine);
    QVERIFY(f1Chart->previousRunNote().contains(
        QStringLiteral("this run changed %1").arg(changed.join(QStringLiteral(", ")))));
    // Counted, not waited for: the short run may already have finished while the event loop
    // ran for `started`.
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);

    // Another dataset: a different dev split, nothing to compare with.
    QVERIFY(test_support::openAndWait(window, test_support::writeTinyCorpus(m_dir.path(), 30)));
    QTRY_VERIFY_WITH_TIMEOUT(!history->previousRun(), 5000);
    f1Chart->redrawNow();
    QVERIFY(!f1Chart->series(MetricSeries::PreviousDevF1)->isVisible());
}

void TestModelFiles::gateSaturationExport() {
    MainWindow window;
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 1));
    TrainingSession* session = window.trainingSession();
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    session->train();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(window.inspector()->weights().tagger, session->weights().tagger,
                              5000);
    // The tab was never opened: the export counts the gates itself, over the dev split.
    const auto data = window.datasetSession()->data();
    const ner::Tagger& model = *session->weights().tagger;
    ner::TaggerNetwork network(1);
    const ner::SaturationProfile expected = ner::measureGateSaturation(network, model, data->dev);
    const QString path = m_dir.filePath(QStringLiteral("saturation.csv"));
    QVERIFY(window.exportGateSaturation(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.front(), QByteArray("layer,direction,gate,unit,below,above,threshold"));
    const int hidden = model.config().hiddenDim;
    QCOMPARE(int(lines.size()), 1 + 2 * 3 * hidden);
    int row = 1;
    for (const ner::GateSaturation& g : expected.gates)
        for (int u = 0; u < hidden; ++u, ++row) {
            const QList<QByteArray> f = lines[row].split(',');
            QCOMPARE(f.size(), 7);
            QCOMPARE(f[6], QByteArray("0.1")); // the tab's threshold, untouched
            QCOMPARE(f[0].toInt(), g.layer + 1);
            QCOMPARE(f[1], QByteArray(g.direction == 0 ? "forward" : "backward"));
            QCOMPARE(f[2], QByteArray::fromStdString(
                               ner::describeCell(expected.cell).gates[size_t(g.gate)].symbol));
            QCOMPARE(f[3].toInt(), u);
            QCOMPARE(f[4].toFloat(), g.below[size_t(u)]); // the shortest exact decimal
            QCOMPARE(f[5].toFloat(), g.above[size_t(u)]);
        }
    file.close();

    // Another threshold in the tab: the export counts with it, and every row says so.
    window.inspector()->saturationPanel()->thresholdBox()->setValue(0.3);
    const ner::SaturationProfile wider =
        ner::measureGateSaturation(network, model, data->dev, 0.3f);
    QVERIFY(window.exportGateSaturation(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> widerLines = file.readAll().trimmed().split('\n');
    file.close();
    QCOMPARE(widerLines.size(), lines.size());
    row = 1;
    bool anyDiffers = false;
    for (const ner::GateSaturation& g : wider.gates)
        for (int u = 0; u < hidden; ++u, ++row) {
            const QList<QByteArray> f = widerLines[row].split(',');
            QCOMPARE(f[6], QByteArray("0.3"));
            QCOMPARE(f[4].toFloat(), g.below[size_t(u)]);
            QCOMPARE(f[5].toFloat(), g.above[size_t(u)]);
            anyDiffers = anyDiffers || widerLines[row] != lines[row];
        }
    QVERIFY(anyDiffers);
    QVERIFY2(window.statusBar()->currentMessage().contains(
                 QStringLiteral("%L1 characters").arg(expected.characters)),
             qPrintable(window.statusBar()->currentMessage()));

    // No model on screen to count: an error that says what to do, and no file.
    MainWindow empty;
    QStringList reported;
    empty.setErrorReporter([&](const QString&, const QString& text) { reported << text; });
    empty.inspector()->setWeights({});
    const QString nowhere = m_dir.filePath(QStringLiteral("not-written.csv"));
    QVERIFY(!empty.exportGateSaturation(nowhere));
    QCOMPARE(reported.size(), 1);
    QVERIFY2(reported[0].contains(QStringLiteral("Train or open a model")),
             qPrintable(reported[0]));
    QVERIFY(!QFileInfo::exists(nowhere));
}

void TestModelFiles::influenceExport() {
    MainWindow window;
    // The untrained preview tags the sample sentence.
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 1));
    InspectorPanel* inspector = window.inspector();
    QTRY_VERIFY_WITH_TIMEOUT(inspector->shownResult().analysis &&
                                 inspector->shownResult().weights.tagger ==
                                     window.trainingSession()->weights().tagger,
                             5000);
    // The sample comes with its gold entities: wrong tags are explained against them, as in
    // the tab.
    QTRY_VERIFY_WITH_TIMEOUT(inspector->reference() && inspector->againstGoldBox()->isEnabled(),
                             5000);
    const InspectionResult shown = inspector->shownResult();
    const ner::InfluenceMap expected = ner::InfluenceAnalyser().analyse(
        *shown.weights.tagger, *shown.analysis, &inspector->reference()->gold);
    QVERIFY2(!expected.contrast.empty(), "an untrained model gets some of the sample wrong");

    const QString path = m_dir.filePath(QStringLiteral("influence.csv"));
    QVERIFY(window.exportInfluence(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.front(), QByteArray("position,char,tag,against,source,source_char,value"));
    const int T = expected.length;
    QCOMPARE(int(lines.size()), 1 + T * T);
    for (int t = 0; t < T; ++t)
        for (int s = 0; s < T; ++s) {
            const QList<QByteArray> f = lines[1 + t * T + s].split(',');
            QCOMPARE(f.size(), 7);
            QCOMPARE(f[0].toInt(), t);
            QCOMPARE(f[4].toInt(), s);
            QCOMPARE(f[2].toStdString(),
                     shown.analysis->tagNames[size_t(expected.tags[size_t(t)])]);
            QCOMPARE(!f[3].isEmpty(), expected.contrasted(t));
            QCOMPARE(f[6].toFloat(), expected.at(t, s)); // max_digits10: the exact float
        }

    // Unticked, the export explains the predicted tags alone.
    inspector->againstGoldBox()->setChecked(false);
    QVERIFY(window.exportInfluence(path));
    file.close(); // the save replaced the file: read the new one
    QVERIFY(file.open(QIODevice::ReadOnly));
    for (const QByteArray& line : file.readAll().trimmed().split('\n').mid(1))
        QVERIFY(line.split(',')[3].isEmpty());

    // No sentence: an error that says what to do, and no file.
    QStringList reported;
    window.setErrorReporter([&](const QString&, const QString& text) { reported << text; });
    inspector->setText(QString());
    QTRY_VERIFY_WITH_TIMEOUT(inspector->shownResult().analysis &&
                                 inspector->shownResult().analysis->chars.empty(),
                             5000);
    const QString other = m_dir.filePath(QStringLiteral("none.csv"));
    QVERIFY(!window.exportInfluence(other));
    QCOMPARE(reported.size(), 1);
    QVERIFY2(reported[0].contains(QStringLiteral("Type a sentence")), qPrintable(reported[0]));
    QVERIFY(!QFile::exists(other));
}

void TestModelFiles::helpMenuOpensTheGuide() {
    MainWindow window;
    QAction* guideAction = nullptr;
    for (QMenu* menu : window.menuBar()->findChildren<QMenu*>())
        if (menu->title() == QStringLiteral("&Help"))
            for (QAction* a : menu->actions())
                if (a->text() == QStringLiteral("&Guide to the studio")) guideAction = a;
    QVERIFY(guideAction);
    QCOMPARE(guideAction->shortcut(), QKeySequence(QKeySequence::HelpContents));
    QVERIFY(!window.guide());
    guideAction->trigger();
    QVERIFY(window.guide() && window.guide()->isVisible());
    GuideDialog* first = window.guide();
    guideAction->trigger(); // raised again, not a second window
    QCOMPARE(window.guide(), first);
    const QString text =
        first->findChild<QTextBrowser*>(QStringLiteral("guideText"))->toPlainText();
    // Every tab of the inspector by the name it has, and the docks.
    auto* inspectorTabs = window.inspector()->findChild<QTabWidget*>();
    QVERIFY(inspectorTabs && inspectorTabs->count() == 7);
    for (int k = 0; k < inspectorTabs->count(); ++k)
        QVERIFY2(text.contains(inspectorTabs->tabText(k)), qPrintable(inspectorTabs->tabText(k)));
    for (const char* name : {"Wrong sentences", "previous run", "Learning dynamics"})
        QVERIFY2(text.contains(QString::fromUtf8(name)), name);
    QVERIFY(GuideDialog::aboutText().contains(QString::fromLatin1(qVersion())));
    QVERIFY(GuideDialog::aboutText().contains(QStringLiteral("MIT")));
}

#include "tst_model_files.moc"
