// Opening datasets in the main window: a malformed file reports file, line and problem
// (through the injectable error reporter, so no modal box blocks the test) and the
// previous dataset stays loaded; a good file replaces it.
#include "studio_test_support.h"
#include "ui/dataset_panel.h"
#include "ui/dataset_session.h"
#include "ui/inspector_panel.h"
#include "ui/main_window.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
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

private:
    QString write(const QString& name, const QByteArray& content);

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

    QVERIFY(!window.openDataset(path));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(changed.count(), 0);
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
    QVERIFY(window.openDataset(path));
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
    QVERIFY(!window.openDataset(path));
    QCOMPARE(reported.size(), 1);
    QVERIFY(reported[0].contains(path));
    QVERIFY(window.datasetSession()->isLoaded());
}

QTEST_MAIN(TestDatasetLoading)
#include "tst_dataset_loading.moc"
