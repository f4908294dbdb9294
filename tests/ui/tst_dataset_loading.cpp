// Opening datasets in the main window: a malformed file reports file, line and problem
// (through the injectable error reporter, so no modal box blocks the test) and the
// previous dataset stays loaded; a good file replaces it. Files load in the background:
// a large one shows progress while the window keeps answering, and can be cancelled.
#include "engine/data/builtin_corpus.h"
#include "studio_test_support.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/state/dataset_session.h"
#include "ui/state/training_session.h"
#include "ui/window/dataset_load_indicator.h"
#include "ui/window/dataset_panel.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/main_window.h"
#include "ui/window/training_controls.h"
#include "ui/workers/preview_model_builder.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace studio;

class TestDatasetLoading : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void startsWithTheBuiltinCorpus();
    void malformedFileKeepsThePreviousDataset_data();
    void malformedFileKeepsThePreviousDataset();
    void goodFileReplacesTheDataset();
    void missingFileIsReported();
    void largeFileLoadsInTheBackground();
    void cancellingKeepsThePreviousDataset();
    void newLoadReplacesOneInProgress();
    void previewRecountsOnlyWhatChanged();

private:
    QString write(const QString& name, const QByteArray& content);
    QString writeLargeCorpus();             // the built-in corpus kLargeCopies times over
    static constexpr int kLargeCopies = 20; // 6.7 MB, 16,020 sentences: ~0.6 s to load
    static QAction* action(MainWindow& window, const QString& text);

    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
};

void TestDatasetLoading::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
}

QString TestDatasetLoading::write(const QString& name, const QByteArray& content) {
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return {};
    file.write(content);
    return path;
}

QString TestDatasetLoading::writeLargeCorpus() {
    const QString path = m_dir.filePath(QStringLiteral("large.jsonl"));
    if (QFileInfo::exists(path)) return path;
    QByteArray content;
    const std::string_view corpus = ner::builtinCorpusText();
    for (int k = 0; k < kLargeCopies; ++k)
        content.append(corpus.data(), qsizetype(corpus.size()));
    return write(QStringLiteral("large.jsonl"), content);
}

QAction* TestDatasetLoading::action(MainWindow& window, const QString& text) {
    for (QAction* menu : window.menuBar()->actions())
        if (menu->menu())
            for (QAction* a : menu->menu()->actions())
                if (a->text() == text) return a;
    return nullptr;
}

void TestDatasetLoading::startsWithTheBuiltinCorpus() {
    MainWindow window;
    QVERIFY(window.datasetSession()->isLoaded());
    QVERIFY(window.datasetSession()->path().isEmpty());
    QCOMPARE(window.datasetPanel()->datasetName(), QStringLiteral("Built-in corpus"));
    const ner::DatasetStats& stats = window.datasetSession()->stats();
    QVERIFY(stats.sentences >= 800);
    for (const char* type : {"PER", "ORG", "LOC", "COU", "TIM", "EQU", "NUM"})
        QVERIFY2(stats.entitiesPerType.count(type) == 1, type);
    // The inspector starts on a real sentence of the corpus: the first test sentence.
    const auto& first = window.datasetSession()->data()->test.front();
    const QString sentence = QString::fromStdString(ner::joinCharacters(first.chars));
    QCOMPARE(window.inspector()->text(), sentence);
    // … with its gold entities, so that training is seen finding them.
    InspectorPanel* inspector = window.inspector();
    QVERIFY(inspector->reference().has_value());
    QCOMPARE(inspector->reference()->gold, ner::extractSpans(first.tags, ner::TagScheme::Bio));
    QVERIFY(!inspector->reference()->gold.empty());
    QTRY_VERIFY_WITH_TIMEOUT(inspector->shownResult().text == sentence, 5000);
    QVERIFY2(
        inspector->noteText().contains(QStringLiteral("test sentence (line %1): ").arg(first.line)),
        qPrintable(inspector->noteText()));
}

void TestDatasetLoading::malformedFileKeepsThePreviousDataset_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("problemPart");
    const QByteArray good = R"({"text": ["李", "明"], "labels": ["B-PER", "I-PER"]})"
                            "\n";
    QTest::newRow("broken JSON") << "broken.jsonl"
                                 << good + R"({"text": ["北", "京"], "labels": [)"
                                           "\n"
                                 << 2 << QString();
    QTest::newRow("label count") << "count.jsonl"
                                 << good + good +
                                        R"({"text": ["北", "京"], "labels": ["B-LOC"]})"
                                        "\n"
                                 << 3 << QString();
    QTest::newRow("bad tag") << "tag.jsonl"
                             << good + R"({"text": ["北", "京"], "labels": ["X-LOC", "I-LOC"]})"
                                       "\n"
                             << 2 << QStringLiteral("X-LOC");
    QTest::newRow("invalid UTF-8") << "bytes.conll" << QByteArray("李 B-PER\n\xff\xfe I-PER\n") << 2
                                   << QStringLiteral("UTF-8");
}

void TestDatasetLoading::malformedFileKeepsThePreviousDataset() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, problemPart);
    const QString path = write(name, content);
    QVERIFY(!path.isEmpty());

    MainWindow window;
    QStringList reported;
    window.setErrorReporter(
        [&](const QString& title, const QString& text) { reported << title << text; });
    const auto before = window.datasetSession()->data();
    const QString inspectorText = window.inspector()->text();
    QSignalSpy failed(window.datasetSession(), &DatasetSession::loadFailed);
    QSignalSpy changed(window.datasetSession(), &DatasetSession::datasetChanged);

    QVERIFY(window.openDataset(path)); // started, in the background
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(changed.count(), 0);
    QVERIFY(!window.datasetSession()->isLoading());
    const auto error = failed.at(0).at(0).value<DatasetLoadError>();
    QCOMPARE(error.file, path);
    QCOMPARE(error.line, line);
    QVERIFY(!error.problem.isEmpty());
    if (!problemPart.isEmpty())
        QVERIFY2(error.problem.contains(problemPart), qPrintable(error.problem));
    // The dialog text names the file, the line and the problem (the engine's wording).
    QCOMPARE(reported.size(), 2);
    QVERIFY(reported[1].contains(QStringLiteral("%1:%2: ").arg(path).arg(line)));
    QVERIFY(reported[1].contains(error.problem));
    // Nothing else changed.
    QCOMPARE(window.datasetSession()->data(), before);
    QCOMPARE(window.datasetPanel()->datasetName(), QStringLiteral("Built-in corpus"));
    QCOMPARE(window.inspector()->text(), inspectorText);
}

void TestDatasetLoading::goodFileReplacesTheDataset() {
    const QString path = test_support::writeTinyCorpus(m_dir.path(), 30);
    MainWindow window;
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    QVERIFY(test_support::openAndWait(window, path));
    QCOMPARE(window.datasetSession()->path(), path);
    QCOMPARE(window.datasetPanel()->datasetName(), QStringLiteral("tiny.jsonl"));
    QCOMPARE(window.datasetSession()->stats().sentences, 30);
    QCOMPARE(window.datasetSession()->stats().entitiesPerType.at("PER"), 30);
    // The sample sentence followed the dataset (the user had not edited it).
    QVERIFY(window.inspector()->text().endsWith(QStringLiteral("代表。")));
    QCOMPARE(window.inspector()->reference()->text(), window.inspector()->text());
    QCOMPARE(window.inspector()->reference()->gold.size(), size_t(3)); // PER, LOC, ORG

    // Text the user typed stays when another dataset opens, and is nobody's reference.
    window.inspector()->setText(QStringLiteral("我的句子"));
    QVERIFY(!window.inspector()->reference().has_value());
    QVERIFY(window.openDataset(QString()));
    QCOMPARE(window.inspector()->text(), QStringLiteral("我的句子"));
    QVERIFY(!window.inspector()->reference().has_value());
}

void TestDatasetLoading::missingFileIsReported() {
    MainWindow window;
    QStringList reported;
    window.setErrorReporter([&](const QString&, const QString& text) { reported << text; });
    const QString path = m_dir.filePath(QStringLiteral("does-not-exist.jsonl"));
    QVERIFY(window.openDataset(path));
    QTRY_COMPARE(reported.size(), 1);
    QVERIFY(reported[0].contains(path));
    QVERIFY(window.datasetSession()->isLoaded());
}

void TestDatasetLoading::largeFileLoadsInTheBackground() {
    const QString path = writeLargeCorpus();
    QVERIFY(!path.isEmpty());
    MainWindow window;
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    DatasetSession* dataset = window.datasetSession();
    // The window reopens the last dataset in the background (an earlier test's file):
    // start from the built-in corpus, which cancels that.
    QVERIFY(window.openDataset(QString()));
    QVERIFY(!dataset->isLoading());
    auto* indicator = window.findChild<DatasetLoadIndicator*>();
    QVERIFY(indicator && indicator->isHidden());
    QAction* open = action(window, QStringLiteral("Open &dataset…"));
    QVERIFY(open && open->isEnabled());
    QSignalSpy progress(dataset, &DatasetSession::loadProgress);
    QSignalSpy changed(dataset, &DatasetSession::datasetChanged);

    // A 10 ms timer measures how long the event loop goes unanswered while the file loads,
    // as tst_event_loop_responsiveness does for training.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, longest = 0;
    long ticks = 0;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        longest = std::max(longest, now - last);
        last = now;
        ++ticks;
    });
    ticker.start();
    last = clock.elapsed();
    QVERIFY(window.openDataset(path));
    // While it loads: the indicator names the file, and nothing may start on the old data.
    QVERIFY(dataset->isLoading());
    QCOMPARE(dataset->loadingPath(), path);
    QVERIFY(indicator->isVisibleTo(&window));
    QVERIFY2(indicator->labelText().contains(QStringLiteral("large.jsonl")),
             qPrintable(indicator->labelText()));
    QVERIFY(!open->isEnabled());
    QVERIFY(!window.trainingControls()->trainAction()->isEnabled());
    QVERIFY(dataset->path().isEmpty()); // the built-in corpus is still the dataset

    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 60000);
    ticker.stop();
    const qint64 total = clock.elapsed();
    qInfo("loading %lld KB took %lld ms; longest event-loop gap %lld ms over %ld ticks",
          QFileInfo(path).size() / 1024, total, longest, ticks);
    QVERIFY2(longest < 250, qPrintable(QString::number(longest)));

    // Progress rose from 0 to 1, and the bar followed it.
    QVERIFY2(progress.count() >= 10, qPrintable(QString::number(progress.count())));
    double previous = -1;
    for (const QList<QVariant>& p : progress) {
        QVERIFY(p.at(0).toDouble() >= previous);
        previous = p.at(0).toDouble();
    }
    QCOMPARE(progress.first().at(0).toDouble(), 0.0);
    QCOMPARE(progress.last().at(0).toDouble(), 1.0);
    QVERIFY(indicator->isHidden());
    QCOMPARE(indicator->percent(), 100);

    // The same data as the engine reads on this thread.
    ner::DataSources sources;
    sources.data = path.toStdString();
    const ner::TrainingData expected = ner::loadTrainingData(sources);
    QCOMPARE(dataset->path(), path);
    QCOMPARE(dataset->data()->train.size(), expected.train.size());
    QCOMPARE(dataset->data()->test.front().chars, expected.test.front().chars);
    QCOMPARE(dataset->stats().sentences, kLargeCopies * 801);
    QVERIFY(open->isEnabled());
    QVERIFY(window.trainingControls()->trainAction()->isEnabled());
}

void TestDatasetLoading::cancellingKeepsThePreviousDataset() {
    const QString path = writeLargeCorpus();
    MainWindow window;
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    DatasetSession* dataset = window.datasetSession();
    // The window reopens the last dataset in the background (an earlier test's file):
    // start from the built-in corpus, which cancels that.
    QVERIFY(window.openDataset(QString()));
    QVERIFY(!dataset->isLoading());
    const auto before = dataset->data();
    auto* indicator = window.findChild<DatasetLoadIndicator*>();
    QSignalSpy progress(dataset, &DatasetSession::loadProgress);
    QSignalSpy cancelled(dataset, &DatasetSession::loadCancelled);
    QSignalSpy changed(dataset, &DatasetSession::datasetChanged);

    QVERIFY(window.openDataset(path));
    // Cancel part-way, as a user clicks the indicator's button.
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toDouble() > 0.05, 60000);
    QVERIFY(dataset->isLoading());
    QTest::mouseClick(indicator->cancelButton(), Qt::LeftButton);

    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(cancelled.at(0).at(0).toString(), path);
    QVERIFY(!dataset->isLoading());
    QVERIFY(indicator->isHidden());
    QVERIFY(window.trainingControls()->trainAction()->isEnabled());
    // Whatever the thread still had queued changes nothing.
    QTest::qWait(200);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(dataset->data(), before);
    QVERIFY(dataset->path().isEmpty());
    QCOMPARE(window.datasetPanel()->datasetName(), QStringLiteral("Built-in corpus"));
}

void TestDatasetLoading::newLoadReplacesOneInProgress() {
    const QString large = writeLargeCorpus();
    const QString tiny = test_support::writeTinyCorpus(m_dir.path(), 30);
    MainWindow window;
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    DatasetSession* dataset = window.datasetSession();
    // The window reopens the last dataset in the background (an earlier test's file):
    // start from the built-in corpus, which cancels that.
    QVERIFY(window.openDataset(QString()));
    QVERIFY(!dataset->isLoading());
    QSignalSpy cancelled(dataset, &DatasetSession::loadCancelled);
    QSignalSpy changed(dataset, &DatasetSession::datasetChanged);
    dataset->load(large);
    dataset->load(tiny); // the first is abandoned, not raced
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(cancelled.at(0).at(0).toString(), large);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 30000);
    QTest::qWait(200);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(dataset->path(), tiny);
    QCOMPARE(dataset->stats().sentences, 30);
}

void TestDatasetLoading::previewRecountsOnlyWhatChanged() {
    const auto data = test_support::builtinSlice(200, 40);
    ner::ModelConfig config = TrainingSettings::defaults().model;
    config.hiddenDim = 8;
    config.embeddingDim = 6;
    // What training would start from, with the same seed: the preview must be that model.
    auto sameAsPlan = [&](const ner::Tagger& preview, std::uint64_t seed) {
        ner::TrainingPlan plan = ner::planTraining(*data, config, seed);
        ner::Tagger shown = preview; // namedParameters() is for writers
        QCOMPARE(preview.vocabulary().tokens(), plan.model.vocabulary().tokens());
        QCOMPARE(preview.tags().names(), plan.model.tags().names());
        const auto a = shown.namedParameters();
        const auto b = plan.model.namedParameters();
        QCOMPARE(a.size(), b.size());
        for (size_t k = 0; k < a.size(); ++k)
            QVERIFY2(a[k].parameter->value == b[k].parameter->value, a[k].name.c_str());
    };

    PreviewModelBuilder builder;
    sameAsPlan(*builder.build(data, config, 1), 1);
    QCOMPARE(builder.vocabularyCounts(), 1);
    QCOMPARE(builder.tagSetCounts(), 1);
    // Sizes and seed change neither the vocabulary nor the tag set.
    config.hiddenDim = 12;
    config.layers = 2;
    sameAsPlan(*builder.build(data, config, 7), 7);
    QCOMPARE(builder.vocabularyCounts(), 1);
    QCOMPARE(builder.tagSetCounts(), 1);
    // Each counts again when what it depends on changes, and only then.
    config.minCount = 2;
    sameAsPlan(*builder.build(data, config, 7), 7);
    QCOMPARE(builder.vocabularyCounts(), 2);
    QCOMPARE(builder.tagSetCounts(), 1);
    config.normalize.digitsToZero = true;
    sameAsPlan(*builder.build(data, config, 7), 7);
    QCOMPARE(builder.vocabularyCounts(), 3);
    config.scheme = ner::TagScheme::Bio;
    sameAsPlan(*builder.build(data, config, 7), 7);
    QCOMPARE(builder.vocabularyCounts(), 3);
    QCOMPARE(builder.tagSetCounts(), 2);
    // Another dataset, even with the same sentences, is counted afresh.
    const auto copy = std::make_shared<const ner::TrainingData>(*data);
    builder.build(copy, config, 7);
    QCOMPARE(builder.vocabularyCounts(), 4);
    QCOMPARE(builder.tagSetCounts(), 3);

    // In the window: a settings edit that changes only sizes rebuilds the preview with the
    // vocabulary it had.
    MainWindow window;
    TrainingSession* session = window.trainingSession();
    QVERIFY(window.openDataset(QString()));
    const int counted = session->previewBuilder().vocabularyCounts();
    TrainingSettings settings = window.hyperparameterPanel()->settings();
    settings.model.hiddenDim = 20;
    window.hyperparameterPanel()->setSettings(settings);
    session->setSettings(settings);
    QTRY_COMPARE_WITH_TIMEOUT(session->weights().tagger->config().hiddenDim, 20, 5000);
    QCOMPARE(session->previewBuilder().vocabularyCounts(), counted);
}

QTEST_MAIN(TestDatasetLoading)
#include "tst_dataset_loading.moc"
