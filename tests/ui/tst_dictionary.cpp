// Dictionary features in the studio: jieba's dictionary is read in the background, runs and the
// untrained preview read it when the form's box is on (and only then), warm starts never cross
// between models with and without it, Train waits for it, a missing dictionary says what to
// do, and the inspector shows what the dictionary says about the hovered character.
//
// The window tests read jieba's real dictionary (ner::kDefaultDictionary, from Debian's
// python3-jieba, which .ci/install-deps installs); without it they fail, saying so.
#include "engine/model/model_file.h"
#include "studio_test_support.h"
#include "ui/inspector/entity_span_view.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/tag_probability_view.h"
#include "ui/state/training_session.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/training_controls.h"
#include "ui/workers/dictionary_loader.h"
#include "ui/workers/preview_model_builder.h"
#include "ui/workers/training_worker.h"

#include <QAction>
#include <QCheckBox>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <optional>

using namespace studio;

namespace {
// What the worker tests here watch of a run.
struct RunSpies {
    explicit RunSpies(TrainingWorker* worker)
        : events(worker), started(&events, &test_support::WorkerEvents::trainingStarted),
          weights(&events, &test_support::WorkerEvents::weightsPublished),
          finished(&events, &test_support::WorkerEvents::trainingFinished),
          failed(&events, &test_support::WorkerEvents::trainingFailed) {}
    test_support::WorkerEvents events;
    QSignalSpy started, weights, finished, failed;
};

// A few words of the tiny corpus and of the inspector's sentence, in jieba's format.
ner::SharedLexicon smallLexicon() {
    return std::make_shared<const ner::Lexicon>(ner::Lexicon::parse(
        "北京 20 ns\n北京大学 10 nt\n大学 15 n\n工作 10 vn\n清华大学 5 nt\n新华社 5 nt\n"
        "李明 3 nr\n会见 8 v\n代表 8 n\n",
        "small.txt"));
}

// A copy of the model's parameter of that name, if it has one.
std::optional<ner::Parameter> parameter(ner::Tagger model, const std::string& name) {
    for (const ner::NamedParameter& p : model.namedParameters()) // non-const: for writers
        if (p.name == name) return *p.parameter;
    return std::nullopt;
}

bool hasParameter(const ner::Tagger& model, const std::string& name) {
    return parameter(model, name).has_value();
}

QString jiebaMissing() {
    return QStringLiteral("%1 is missing: install Debian's python3-jieba (.ci/install-deps does)")
        .arg(DictionaryLoader::defaultPath());
}
} // namespace

class TestDictionary : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void loaderReadsJiebasDictionaryInTheBackground();
    void missingDictionarySaysWhatToDo();
    void loaderDestroyedWhileReadingWaitsForIt();
    void jobWithALexiconTrainsAModelThatReadsIt();
    void warmStartNeverCrossesDictionaries();
    void previewIsThePlansModelWithTheDictionary();
    void previewGetsTheDictionaryOnceRead();
    void trainWaitsForTheDictionaryAndTheBoxDecides();
    void stopWhileWaitingCancelsTheRun();
    void missingDictionaryDisablesTheBoxAndTrainsWithout();
    void boxShowsTheOpenedModelsOwnDictionary();
    void inspectorShowsTheDictionarysWords();

private:
    // Small settings for the window: a 16-unit model, one thread.
    static void useSmallSettings(MainWindow& window, int epochs);

    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    std::shared_ptr<const ner::TrainingData> m_data;
};

void TestDictionary::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
    registerTrainingMessageTypes();
    m_data = test_support::loadData(test_support::writeTinyCorpus(m_dir.path(), 60));
    QVERIFY2(QFileInfo::exists(DictionaryLoader::defaultPath()), qPrintable(jiebaMissing()));
}

void TestDictionary::useSmallSettings(MainWindow& window, int epochs) {
    TrainingSettings small = window.hyperparameterPanel()->settings();
    small.model = test_support::smallJob(nullptr, 1).model;
    small.train.epochs = epochs;
    small.train.threads = 1;
    small.train.batchSize = 8;
    window.hyperparameterPanel()->setSettings(small);
    window.trainingSession()->setSettings(small);
}

void TestDictionary::loaderReadsJiebasDictionaryInTheBackground() {
    QElapsedTimer clock;
    clock.start();
    DictionaryLoader loader;
    const qint64 constructed = clock.elapsed();
    // Nothing is read on this thread: the result can only arrive through the event loop.
    QCOMPARE(loader.status(), DictionaryStatus::Loading);
    QVERIFY(!loader.lexicon());
    QSignalSpy loaded(&loader, &DictionaryLoader::loaded);
    QSignalSpy failed(&loader, &DictionaryLoader::failed);
    QVERIFY(loaded.wait(30000));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(loader.status(), DictionaryStatus::Ready);
    const ner::SharedLexicon lexicon = loaded.at(0).at(0).value<ner::SharedLexicon>();
    QVERIFY(lexicon);
    QCOMPARE(lexicon, loader.lexicon());
    QVERIFY2(lexicon->size() > 340000, qPrintable(QString::number(lexicon->size())));
    QCOMPARE(QString::fromStdString(lexicon->source()), QStringLiteral("dict.txt"));
    qInfo("constructor returned after %lld ms; read in %.2f s", constructed, loader.seconds());
    // jieba's own view of a name the military corpus is full of.
    const auto matches = lexicon->matches({"北", "京", "大", "学"});
    QVERIFY(std::any_of(matches.begin(), matches.end(), [](const ner::Lexicon::Match& m) {
        return m.begin == 0 && m.end == 4 && m.wordClass == ner::WordClass::Organisation;
    }));
}

void TestDictionary::missingDictionarySaysWhatToDo() {
    const QString path = m_dir.filePath(QStringLiteral("nowhere/dict.txt"));
    DictionaryLoader loader(path);
    QSignalSpy failed(&loader, &DictionaryLoader::failed);
    QVERIFY(failed.wait(10000));
    QCOMPARE(loader.status(), DictionaryStatus::Failed);
    QVERIFY(!loader.lexicon());
    const QString error = failed.at(0).at(0).toString();
    QCOMPARE(error, loader.error());
    for (const QString& part : {path, QStringLiteral("install Debian's python3-jieba"),
                                QStringLiteral(".ci/install-deps")})
        QVERIFY2(error.contains(part), qPrintable(error));

    // A file that is there but is no dictionary: the engine's file and line.
    const QString broken = m_dir.filePath(QStringLiteral("broken.txt"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("北京 20 ns\n大学 many n\n");
    file.close();
    DictionaryLoader bad(broken);
    QSignalSpy badFailed(&bad, &DictionaryLoader::failed);
    QVERIFY(badFailed.wait(10000));
    QVERIFY2(bad.error().contains(QStringLiteral("broken.txt:2")), qPrintable(bad.error()));
}

void TestDictionary::loaderDestroyedWhileReadingWaitsForIt() {
    auto* loader = new DictionaryLoader;
    QSignalSpy loaded(loader, &DictionaryLoader::loaded);
    delete loader; // joins the reading thread; its queued result goes nowhere
    QTest::qWait(100);
    QCOMPARE(loaded.count(), 0);
}

void TestDictionary::jobWithALexiconTrainsAModelThatReadsIt() {
    const ner::SharedLexicon lexicon = smallLexicon();
    TrainingWorker worker;
    RunSpies spies(&worker);
    QSignalSpy &started = spies.started, &weights = spies.weights, &finished = spies.finished;

    TrainingJob job = test_support::smallJob(m_data, 2);
    job.lexicon = lexicon;
    worker.start(job);
    QVERIFY(finished.wait(30000));
    const auto start = started.at(0).at(0).value<TrainingStart>();
    QCOMPARE(start.dictionaryWords, long(lexicon->size()));
    QCOMPARE(start.dictionary, QStringLiteral("small.txt"));
    const auto first = weights.first().at(0).value<WeightsSnapshot>();
    const auto last = weights.last().at(0).value<WeightsSnapshot>();
    QCOMPARE(last.tagger->lexicon(), lexicon.get());
    const auto before = parameter(*first.tagger, "lexicon.E");
    const auto after = parameter(*last.tagger, "lexicon.E");
    QVERIFY(before && after);
    QCOMPARE(after->value.rows(), Eigen::Index(job.model.embeddingDim));
    QCOMPARE(after->value.cols(), Eigen::Index(ner::kLexiconFeatures));
    // It starts at zero and training moves it: the features reach the gradient.
    QVERIFY(before->value.isZero(0));
    QVERIFY(!after->value.isZero(0));
    QCOMPARE(start.parameters, last.tagger->parameterCount());

    // Without one: no dictionary, no lexicon.E, fewer parameters.
    worker.start(test_support::smallJob(m_data, 1));
    QVERIFY(finished.wait(30000));
    const auto plain = started.last().at(0).value<TrainingStart>();
    QCOMPARE(plain.dictionaryWords, 0L);
    const auto model = weights.last().at(0).value<WeightsSnapshot>().tagger;
    QVERIFY(!model->lexicon());
    QVERIFY(!hasParameter(*model, "lexicon.E"));
    QCOMPARE(plain.parameters,
             start.parameters - long(job.model.embeddingDim) * ner::kLexiconFeatures);
}

void TestDictionary::warmStartNeverCrossesDictionaries() {
    const ner::SharedLexicon lexicon = smallLexicon();
    TrainingWorker worker;
    RunSpies spies(&worker);
    QSignalSpy &started = spies.started, &weights = spies.weights, &finished = spies.finished;
    auto train = [&](ner::SharedLexicon lex, std::shared_ptr<const ner::Tagger> warm) {
        TrainingJob job = test_support::smallJob(m_data, 1);
        job.lexicon = std::move(lex);
        job.warmStart = std::move(warm);
        worker.start(job);
        return finished.wait(30000);
    };
    QVERIFY(train(nullptr, nullptr));
    const auto without = weights.last().at(0).value<WeightsSnapshot>().tagger;
    QVERIFY(train(lexicon, nullptr));
    const auto with = weights.last().at(0).value<WeightsSnapshot>().tagger;
    QVERIFY(with->lexicon() && !without->lexicon());

    // Same sizes, vocabulary and tags, but one parameter more or less: a fresh model, which
    // trains (copying params() across would leave lexicon.E missing or unread).
    QVERIFY(train(lexicon, without));
    QVERIFY(!started.last().at(0).value<TrainingStart>().warmStarted);
    QVERIFY(hasParameter(*weights.last().at(0).value<WeightsSnapshot>().tagger, "lexicon.E"));
    QVERIFY(finished.last().at(0).value<TrainingOutcome>().completed);
    QVERIFY(train(nullptr, with));
    QVERIFY(!started.last().at(0).value<TrainingStart>().warmStarted);
    QVERIFY(!hasParameter(*weights.last().at(0).value<WeightsSnapshot>().tagger, "lexicon.E"));
    QVERIFY(finished.last().at(0).value<TrainingOutcome>().completed);

    // Both with one: the weights carry over, lexicon.E included.
    const qsizetype before = weights.count();
    QVERIFY(train(lexicon, with));
    QVERIFY(started.last().at(0).value<TrainingStart>().warmStarted);
    const auto carried =
        parameter(*weights.at(before).at(0).value<WeightsSnapshot>().tagger, "lexicon.E");
    const auto trained = parameter(*with, "lexicon.E");
    QVERIFY(carried && trained);
    QVERIFY(!trained->value.isZero(0));
    QVERIFY(carried->value == trained->value);
    QCOMPARE(spies.failed.count(), 0);
}

void TestDictionary::previewIsThePlansModelWithTheDictionary() {
    const ner::SharedLexicon lexicon = smallLexicon();
    const auto data = test_support::builtinSlice(200, 40);
    ner::ModelConfig config = TrainingSettings::defaults().model;
    config.hiddenDim = 8;
    config.embeddingDim = 6;
    PreviewModelBuilder builder;
    for (const ner::SharedLexicon& lex : {lexicon, ner::SharedLexicon(), lexicon}) {
        ner::Tagger preview = *builder.build(data, config, 5, lex);
        ner::TrainingPlan plan = ner::planTraining(*data, config, 5, lex);
        QCOMPARE(preview.lexicon(), plan.model.lexicon());
        QCOMPARE(preview.parameterCount(), plan.model.parameterCount());
        const auto a = preview.namedParameters();
        const auto b = plan.model.namedParameters();
        QCOMPARE(a.size(), b.size());
        for (size_t k = 0; k < a.size(); ++k) {
            QCOMPARE(a[k].name, b[k].name);
            QVERIFY2(a[k].parameter->value == b[k].parameter->value, a[k].name.c_str());
        }
        QCOMPARE(hasParameter(preview, "lexicon.E"), bool(lex));
    }
    // The dictionary changes neither the vocabulary nor the tag set: counted once.
    QCOMPARE(builder.vocabularyCounts(), 1);
    QCOMPARE(builder.tagSetCounts(), 1);
}

void TestDictionary::previewGetsTheDictionaryOnceRead() {
    MainWindow window;
    TrainingSession* session = window.trainingSession();
    DictionaryLoader* loader = window.dictionaryLoader();
    QCOMPARE(loader->status(), DictionaryStatus::Loading);
    QVERIFY(session->weights().tagger);             // the built-in corpus's preview, at once…
    QVERIFY(!session->weights().tagger->lexicon()); // …without the dictionary, not read yet
    const int counted = session->previewBuilder().vocabularyCounts();
    QSignalSpy loaded(loader, &DictionaryLoader::loaded);
    QVERIFY(loaded.wait(30000));
    // Rebuilt at once with it: the model the run will train, parameter for parameter.
    const auto preview = session->weights().tagger;
    QCOMPARE(preview->lexicon(), loader->lexicon().get());
    QCOMPARE(session->weights().origin, QStringLiteral("untrained"));
    const TrainingSettings settings = window.hyperparameterPanel()->settings();
    const ner::TrainingPlan plan = ner::planTraining(
        *window.datasetSession()->data(), settings.model, settings.train.seed, loader->lexicon());
    QCOMPARE(preview->parameterCount(), plan.model.parameterCount());
    QCOMPARE(session->previewBuilder().vocabularyCounts(), counted);

    // The box off: the preview follows (after the form's debounce), without lexicon.E.
    auto* box =
        window.hyperparameterPanel()->findChild<QCheckBox*>(QStringLiteral("dictionaryFeatures"));
    QVERIFY(box && box->isEnabled() && box->isChecked());
    box->click();
    QTRY_VERIFY_WITH_TIMEOUT(!session->weights().tagger->lexicon(), 5000);
    QCOMPARE(session->weights().tagger->parameterCount(),
             plan.model.parameterCount() -
                 long(settings.model.embeddingDim) * ner::kLexiconFeatures);
}

void TestDictionary::trainWaitsForTheDictionaryAndTheBoxDecides() {
    MainWindow window;
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    useSmallSettings(window, 1);
    TrainingSession* session = window.trainingSession();
    TrainingControls* controls = window.trainingControls();
    DictionaryLoader* loader = window.dictionaryLoader();
    auto* box =
        window.hyperparameterPanel()->findChild<QCheckBox*>(QStringLiteral("dictionaryFeatures"));
    QVERIFY(box);
    // Still reading (its result can only arrive through the event loop): the box waits too.
    QCOMPARE(loader->status(), DictionaryStatus::Loading);
    QVERIFY(!box->isEnabled());
    QVERIFY(box->isChecked());
    QVERIFY2(box->toolTip().contains(QStringLiteral("Reading the dictionary")),
             qPrintable(box->toolTip()));

    QSignalSpy started(session, &TrainingSession::trainingStarted);
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    QSignalSpy messages(session, &TrainingSession::message);
    controls->trainAction()->trigger();
    // Not silently without it: the run waits, visibly, in Preparing.
    QVERIFY(session->isWaitingForDictionary());
    QCOMPARE(session->state(), TrainingState::Preparing);
    QVERIFY(!controls->trainAction()->isEnabled());
    QVERIFY(controls->stopAction()->isEnabled());
    QVERIFY2(controls->progressText().contains(QStringLiteral("Reading the dictionary")),
             qPrintable(controls->progressText()));
    QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("Reading the dictionary")));
    QCOMPARE(started.count(), 0);

    QVERIFY(started.wait(30000));
    QCOMPARE(loader->status(), DictionaryStatus::Ready);
    QVERIFY(!session->isWaitingForDictionary());
    const auto start = started.at(0).at(0).value<TrainingStart>();
    QCOMPARE(start.dictionaryWords, long(loader->lexicon()->size()));
    QVERIFY2(messages.last().at(0).toString().contains(QStringLiteral("dictionary features from "
                                                                      "dict.txt")),
             qPrintable(messages.last().at(0).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    const auto model = session->weights().tagger;
    QCOMPARE(model->lexicon(), loader->lexicon().get());
    QVERIFY(hasParameter(*model, "lexicon.E"));
    QCOMPARE(start.parameters, model->parameterCount());
    // Read now, and explained: jieba's word count in the tooltip.
    QVERIFY2(box->toolTip().contains(QLocale().toString(qlonglong(loader->lexicon()->size()))),
             qPrintable(box->toolTip()));

    // Reset, untick, Train: a model without the dictionary, its change named.
    session->reset();
    QTRY_COMPARE_WITH_TIMEOUT(session->state(), TrainingState::Idle, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(box->isEnabled(), 5000);
    box->click();
    QVERIFY(!window.hyperparameterPanel()->settings().dictionary);
    controls->trainAction()->trigger();
    QVERIFY(!session->isWaitingForDictionary());
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 2, 30000);
    QCOMPARE(started.last().at(0).value<TrainingStart>().dictionaryWords, 0L);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
    const auto plain = session->weights().tagger;
    QVERIFY(!plain->lexicon());
    QVERIFY(!hasParameter(*plain, "lexicon.E"));
}

void TestDictionary::stopWhileWaitingCancelsTheRun() {
    MainWindow window;
    useSmallSettings(window, 1);
    TrainingSession* session = window.trainingSession();
    TrainingControls* controls = window.trainingControls();
    QSignalSpy started(session, &TrainingSession::trainingStarted);
    QSignalSpy states(session, &TrainingSession::stateChanged);
    controls->trainAction()->trigger();
    QVERIFY(session->isWaitingForDictionary());
    controls->stopAction()->trigger();
    QVERIFY(!session->isWaitingForDictionary());
    QCOMPARE(session->state(), TrainingState::Idle);
    QCOMPARE(states.last().at(0).value<TrainingState>(), TrainingState::Idle);
    QVERIFY(controls->trainAction()->isEnabled());
    QSignalSpy loaded(window.dictionaryLoader(), &DictionaryLoader::loaded);
    QVERIFY(loaded.wait(30000));
    QTest::qWait(300);
    QCOMPARE(started.count(), 0); // the dictionary's arrival does not revive it
    QCOMPARE(session->state(), TrainingState::Idle);
}

void TestDictionary::missingDictionaryDisablesTheBoxAndTrainsWithout() {
    const QString path = m_dir.filePath(QStringLiteral("nowhere/dict.txt"));
    MainWindow window(nullptr, path);
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    useSmallSettings(window, 1);
    QSignalSpy failed(window.dictionaryLoader(), &DictionaryLoader::failed);
    QVERIFY(failed.wait(10000));
    auto* box =
        window.hyperparameterPanel()->findChild<QCheckBox*>(QStringLiteral("dictionaryFeatures"));
    QVERIFY(box);
    QVERIFY(!box->isEnabled());
    QVERIFY(!box->isChecked());
    for (const QString& part : {QStringLiteral("Unavailable"), QStringLiteral("python3-jieba"),
                                QStringLiteral(".ci/install-deps")})
        QVERIFY2(box->toolTip().contains(part), qPrintable(box->toolTip()));
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("python3-jieba")),
             qPrintable(window.statusBar()->currentMessage()));

    TrainingSession* session = window.trainingSession();
    QSignalSpy started(session, &TrainingSession::trainingStarted);
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    QSignalSpy messages(session, &TrainingSession::message);
    window.trainingControls()->trainAction()->trigger();
    QVERIFY(!session->isWaitingForDictionary());
    QVERIFY(started.wait(30000));
    QCOMPARE(started.at(0).at(0).value<TrainingStart>().dictionaryWords, 0L);
    QVERIFY2(messages.last().at(0).toString().contains(QStringLiteral("without dictionary")),
             qPrintable(messages.last().at(0).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QVERIFY(!session->weights().tagger->lexicon());
}

void TestDictionary::boxShowsTheOpenedModelsOwnDictionary() {
    // jieba's dictionary cannot be read, but a model file carries its own copy, and Train
    // goes on with it: the box says so (it used to show "Unavailable", unticked and disabled,
    // while the run read the file's dictionary), and after Reset it is jieba's again.
    const QString missing = m_dir.filePath(QStringLiteral("nowhere/dict.txt"));
    MainWindow window(nullptr, missing);
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    QSignalSpy failed(window.dictionaryLoader(), &DictionaryLoader::failed);
    QVERIFY(failed.wait(10000));
    auto* box =
        window.hyperparameterPanel()->findChild<QCheckBox*>(QStringLiteral("dictionaryFeatures"));
    QVERIFY(box && !box->isChecked() && !box->isEnabled());

    const ner::ModelConfig config = test_support::smallJob(nullptr, 1).model;
    const auto data = test_support::builtinSlice(60, 10);
    const QString withWords = m_dir.filePath(QStringLiteral("own-dictionary.lner"));
    const QString without = m_dir.filePath(QStringLiteral("no-dictionary.lner"));
    ner::saveModel(ner::planTraining(*data, config, 1, smallLexicon()).model,
                   withWords.toStdString());
    ner::saveModel(ner::planTraining(*data, config, 1).model, without.toStdString());

    QVERIFY(test_support::openAndWait(window, withWords));
    QVERIFY(window.trainingSession()->weights().tagger->lexicon());
    QVERIFY(box->isChecked());
    QVERIFY(box->isEnabled()); // unticking it trains a new model without a dictionary
    for (const QString& part : {QStringLiteral("own copy"), QStringLiteral("(9 words)"),
                                QStringLiteral("for a new model"), QStringLiteral("Unavailable")})
        QVERIFY2(box->toolTip().contains(part), qPrintable(box->toolTip()));
    box->click();
    QVERIFY(!window.hyperparameterPanel()->settings().dictionary);
    box->click();
    QVERIFY(window.hyperparameterPanel()->settings().dictionary);

    // As the box says: the run reads the file's nine words.
    useSmallSettings(window, 1);
    TrainingSession* session = window.trainingSession();
    QSignalSpy started(session, &TrainingSession::trainingStarted);
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    window.trainingControls()->trainAction()->trigger();
    QVERIFY(started.wait(30000));
    QCOMPARE(started.at(0).at(0).value<TrainingStart>().dictionaryWords, 9L);
    QVERIFY(!box->isEnabled()); // locked with the shape while the model exists
    QVERIFY(box->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QVERIFY(box->isChecked());
    QVERIFY2(box->toolTip().contains(QStringLiteral("(9 words)")), qPrintable(box->toolTip()));
    session->markSaved(); // a throwaway: opening the next file need not ask to save it

    // A file without a dictionary, and Reset: jieba's state decides again.
    QVERIFY(test_support::openAndWait(window, without));
    QVERIFY(!box->isChecked() && !box->isEnabled());
    QVERIFY(!box->toolTip().contains(QStringLiteral("own copy")));
    QVERIFY(test_support::openAndWait(window, withWords));
    QVERIFY(box->isChecked());
    session->reset();
    QTRY_VERIFY_WITH_TIMEOUT(session->weights().origin == QStringLiteral("untrained"), 5000);
    QVERIFY(!box->isChecked() && !box->isEnabled());
    QVERIFY2(box->toolTip().contains(QStringLiteral("Unavailable")) &&
                 !box->toolTip().contains(QStringLiteral("own copy")),
             qPrintable(box->toolTip()));
}

void TestDictionary::inspectorShowsTheDictionarysWords() {
    const ner::SharedLexicon lexicon = smallLexicon();
    ner::ModelConfig config = test_support::smallJob(nullptr, 1).model;
    const auto data = test_support::builtinSlice(60, 10);
    auto model =
        std::make_shared<const ner::Tagger>(ner::planTraining(*data, config, 1, lexicon).model);
    InspectorPanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setWeights({0, 0, 0, QStringLiteral("with dictionary"), model});
    const QString text = QStringLiteral("他在北京大学工作");
    panel.setText(text);
    QTRY_VERIFY_WITH_TIMEOUT(panel.shownResult().analysis && panel.shownResult().text == text,
                             5000);
    const auto& dictionary = panel.shownResult().dictionary;
    QVERIFY(dictionary);
    QCOMPARE(dictionary->source, QStringLiteral("small.txt"));
    QCOMPARE(dictionary->wordsText(2), QStringLiteral("北京大学 organisation, 北京 place"));
    QCOMPARE(dictionary->wordsText(4), QStringLiteral("北京大学 organisation, 大学"));
    QCOMPARE(dictionary->wordsText(0), QString());
    QVERIFY(dictionary->segmentAt(3));
    QCOMPARE(dictionary->segmentAt(3)->text, QStringLiteral("北京大学"));
    QCOMPARE(dictionary->segmentAt(6)->text, QStringLiteral("工作"));
    // 北京, 北京大学, 大学 and 工作.
    QCOMPARE(dictionary->words.size(), size_t(4));
    QVERIFY2(panel.noteText().contains(QStringLiteral("4 dictionary words of small.txt")),
             qPrintable(panel.noteText()));

    // Hovering 京: the P(tag) panel and the sentence's tooltip say what the model read there.
    panel.probabilityView()->setPosition(3);
    QCOMPARE(panel.probabilityView()->dictionaryLines(),
             (QStringList{QStringLiteral("Dictionary: 北京大学 organisation, 北京 place"),
                          QStringLiteral("Segmentation: 北京大学")}));
    const QString tip = panel.spanView()->toolTipAt(3);
    QVERIFY2(tip.contains(QStringLiteral("dictionary: 北京大学 organisation, 北京 place")),
             qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("segmentation: 北京大学")), qPrintable(tip));
    panel.probabilityView()->setPosition(0); // 他: in no word, its own segment
    QCOMPARE(panel.probabilityView()->dictionaryLines(),
             (QStringList{QStringLiteral("Dictionary: in no word"),
                          QStringLiteral("Segmentation: 他")}));

    // A model without a dictionary: nothing of the kind.
    auto plain = std::make_shared<const ner::Tagger>(ner::planTraining(*data, config, 1).model);
    panel.setWeights({0, 0, 0, QStringLiteral("plain"), plain});
    QTRY_VERIFY_WITH_TIMEOUT(panel.shownResult().weights.tagger == plain, 5000);
    QVERIFY(!panel.shownResult().dictionary);
    QVERIFY(panel.probabilityView()->dictionaryLines().isEmpty());
    QVERIFY(!panel.spanView()->toolTipAt(3).contains(QStringLiteral("dictionary")));
    QVERIFY(!panel.noteText().contains(QStringLiteral("dictionary")));
}

QTEST_MAIN(TestDictionary)
#include "tst_dictionary.moc"
