// The inspector's Hidden states tab (StateMapPanel, StateMapView): it draws the engine's map
// of one layer's hidden states over the dev sentences, for the weights the inspector shows,
// made on the inspection thread only while the tab is open; the inspector's sentence is drawn
// over it as the engine projects it; the layer and character boxes drive it; pointing at a dot
// names its sentence and clicking it opens that sentence in the inspector.
#include "engine/analysis/state_map.h"
#include "engine/model/tagger.h"
#include "engine/model/tagger_network.h"
#include "studio_test_support.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/state_map_panel.h"
#include "ui/inspector/state_map_view.h"
#include "ui/state/inspected_weights.h"
#include "ui/state/training_session.h"
#include "ui/window/main_window.h"

#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

#include <sstream>

using namespace studio;

namespace {
// The engine's map of these weights over the dev split, as the tab asks for it.
ner::StateMap engineMap(const ner::Tagger& model, const ner::TrainingData& data, int layer,
                        int characters, const ner::StateMap* previous = nullptr) {
    ner::TaggerNetwork network(1);
    return ner::mapHiddenStates(network, model, data.dev, data.scheme, layer, size_t(characters),
                                1000, previous);
}

bool sameMap(const ner::StateMap& a, const ner::StateMap& b) {
    if (a.points.size() != b.points.size() || a.layer != b.layer || a.sentences != b.sentences)
        return false;
    for (size_t k = 0; k < a.points.size(); ++k)
        if (a.points[k].x != b.points[k].x || a.points[k].y != b.points[k].y ||
            a.points[k].character != b.points[k].character || a.points[k].type != b.points[k].type)
            return false;
    return a.agreement.share == b.agreement.share && a.agreement.chance == b.agreement.chance;
}
} // namespace

class TestHiddenStates : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void theMapIsMadeOnlyWhileItsTabIsOpen();
    void theMapIsTheEnginesAndFollowsTheShownMapsSigns();
    void theSentenceIsDrawnAsTheEngineProjectsIt();
    void pointingAtADotNamesItsSentenceAndClickingOpensIt();
    void theLayerAndCharacterBoxesDriveTheMap();
    void theExportWritesTheMapShown();
    void theColourBoxShowsTheErrors();

private:
    StateMapPanel* openTab();
    const ner::StateMap& waitForMap(const WeightsSnapshot& weights);

    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestHiddenStates::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
}

// Every test starts from a finished 3-epoch run of a 2-layer model on the tiny corpus, tab
// closed.
void TestHiddenStates::init() {
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(test_support::setUpSmallTraining(*m_window, m_dir.path(), 3, false));
    // More sentences than the other suites use, so that the dev split (a tenth) holds more
    // characters than the fewest a map can be asked for, and the cut can be seen.
    QVERIFY(test_support::openAndWait(*m_window, test_support::writeTinyCorpus(m_dir.path(), 200)));
    TrainingSettings settings = m_window->hyperparameterPanel()->settings();
    settings.model.layers = 2;
    m_window->hyperparameterPanel()->setSettings(settings);
    m_window->trainingSession()->setSettings(settings);
    QSignalSpy finished(m_window->trainingSession(), &TrainingSession::trainingFinished);
    m_window->trainingSession()->train();
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000));
    QTRY_COMPARE(m_window->inspector()->weights().origin, QStringLiteral("best"));
    QCOMPARE(m_window->inspector()->weights().tagger->config().layers, 2);
}

void TestHiddenStates::cleanup() {
    m_window.reset();
}

StateMapPanel* TestHiddenStates::openTab() {
    InspectorPanel* inspector = m_window->inspector();
    inspector->lowerTabs()->setCurrentWidget(inspector->stateMap());
    QCoreApplication::processEvents();
    return inspector->stateMap();
}

// The map the tab shows once the inspection thread has made it for these weights.
const ner::StateMap& TestHiddenStates::waitForMap(const WeightsSnapshot& weights) {
    StateMapPanel* panel = m_window->inspector()->stateMap();
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownResult().profile &&
                                     panel->shownResult().weights.tagger == weights.tagger &&
                                     panel->view()->map() == panel->shownResult().profile,
                                 20000);
    }();
    return *panel->shownResult().profile;
}

void TestHiddenStates::theMapIsMadeOnlyWhileItsTabIsOpen() {
    StateMapPanel* panel = m_window->inspector()->stateMap();
    QTest::qWait(100);
    QVERIFY(!panel->view()->map()); // trained, but nobody has looked
    openTab();
    const ner::StateMap& first = waitForMap(m_window->inspector()->weights());
    QVERIFY(!first.points.empty());
    const auto shown = panel->view()->map();
    // Closed again, new weights (an earlier epoch) leave the map as it was.
    m_window->inspector()->lowerTabs()->setCurrentIndex(0);
    m_window->inspectedWeights()->chooseEpoch(0);
    QTest::qWait(300);
    QCOMPARE(panel->view()->map(), shown);
    openTab(); // opening it brings the map up to date
    waitForMap(m_window->inspector()->weights());
    QVERIFY(panel->view()->map() != shown);
    QCOMPARE(panel->shownResult().weights.epoch, 0);
}

void TestHiddenStates::theMapIsTheEnginesAndFollowsTheShownMapsSigns() {
    StateMapPanel* panel = openTab();
    const WeightsSnapshot best = m_window->inspector()->weights();
    const ner::StateMap& shown = waitForMap(best);
    const auto& data = *panel->shownResult().data;
    QVERIFY(!data.dev.empty());
    // The last layer, what the tag scores read, and the default number of characters.
    const ner::StateMap expected =
        engineMap(*best.tagger, data, 1, StateMapPanel::kDefaultCharacters);
    QVERIFY(sameMap(shown, expected));
    QCOMPARE(panel->layerBox()->currentIndex(), 1);
    QVERIFY(panel->caption().contains(
        QStringLiteral("%1 %").arg(std::lround(100.0 * double(expected.agreement.share)))));
    QVERIFY(panel->caption().contains(QStringLiteral("Layer 2")));
    // Each epoch's map is made against the one shown before it, so that stepping through the
    // epochs moves the dots instead of mirroring the picture.
    int flipsPrevented = 0;
    for (int epoch : {0, 1, 2, 3}) {
        const auto before = panel->shownResult().profile;
        m_window->inspectedWeights()->chooseEpoch(epoch);
        const WeightsSnapshot weights = m_window->inspector()->weights();
        QCOMPARE(weights.epoch, epoch);
        const ner::StateMap& next = waitForMap(weights);
        const ner::StateMap aligned =
            engineMap(*weights.tagger, data, 1, StateMapPanel::kDefaultCharacters, before.get());
        QVERIFY(sameMap(next, aligned));
        flipsPrevented += !sameMap(
            aligned, engineMap(*weights.tagger, data, 1, StateMapPanel::kDefaultCharacters));
    }
    // Else the run above could not tell an aligned map from one made afresh.
    QVERIFY(flipsPrevented > 0);
}

void TestHiddenStates::theSentenceIsDrawnAsTheEngineProjectsIt() {
    StateMapPanel* panel = openTab();
    InspectorPanel* inspector = m_window->inspector();
    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");
    inspector->setText(sentence);
    QTRY_VERIFY_WITH_TIMEOUT(
        inspector->shownResult().analysis && inspector->shownResult().text == sentence, 20000);
    const ner::StateMap& map = waitForMap(inspector->weights());
    QTRY_COMPARE(panel->view()->path().size(), size_t(sentence.size()));
    const ner::SentenceAnalysis& analysis = *inspector->shownResult().analysis;
    const std::vector<std::array<float, 2>> expected = ner::sentencePath(map, analysis);
    for (size_t t = 0; t < expected.size(); ++t) {
        const StateMapView::PathPoint& point = panel->view()->path()[t];
        QCOMPARE(point.character, QString(sentence[qsizetype(t)]));
        QCOMPARE(point.x, expected[t][0]);
        QCOMPARE(point.y, expected[t][1]);
        // Coloured by the type the model gave the character.
        QString type;
        for (const ner::Span& span : analysis.entities)
            if (span.begin <= int(t) && int(t) < span.end) type = QString::fromStdString(span.type);
        QCOMPARE(point.type, type);
    }
    // Never over a map of other weights: the same sentence tagged by epoch 0's weights.
    InspectionResult other = inspector->shownResult();
    m_window->inspectedWeights()->chooseEpoch(0);
    other.weights = m_window->inspector()->weights();
    // (The new map comes by a queued signal: the one shown is still the best weights'.)
    QVERIFY(other.weights.tagger != panel->shownResult().weights.tagger);
    panel->setSentence(other);
    QVERIFY(panel->view()->path().empty());
    inspector->setText(QString());
    QTRY_VERIFY(panel->view()->path().empty());
}

void TestHiddenStates::pointingAtADotNamesItsSentenceAndClickingOpensIt() {
    StateMapPanel* panel = openTab();
    const ner::StateMap& map = waitForMap(m_window->inspector()->weights());
    const auto& data = *panel->shownResult().data;
    // The inspector's sentence is on the map too, and widens its bounds: the dots are where
    // they stay once it is.
    QTRY_VERIFY_WITH_TIMEOUT(!panel->view()->path().empty(), 20000);
    // From the last point back, the first that the pointer can reach at a whole pixel: the
    // tiny corpus's sentences share their endings, whose states lie on top of each other.
    int index = int(map.points.size()) - 1;
    QPoint at;
    for (; index >= 0; --index) {
        const std::optional<QPointF> exact = panel->view()->positionOfPoint(index);
        at = exact ? exact->toPoint() : QPoint();
        if (exact && panel->view()->pointAt(QPointF(at)) == index) break;
    }
    QVERIFY(index >= 0);
    const ner::StatePoint& point = map.points[size_t(index)];
    const ner::Sentence& sentence = data.dev[size_t(point.sentence)];
    QSignalSpy hovered(panel->view(), &StateMapView::pointHovered);
    QTest::mouseMove(panel->view(), QPoint(1, 1)); // from off every dot, so that the move counts
    QTest::mouseMove(panel->view(), at);
    QTRY_VERIFY(!hovered.isEmpty() && hovered.last().at(0).value<std::optional<int>>() == index);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY(QToolTip::text().contains(QStringLiteral("sentence %1").arg(point.sentence + 1)));
    QVERIFY(QToolTip::text().contains(QString::fromStdString(point.character)));
    QTest::mouseClick(panel->view(), Qt::LeftButton, {}, at);
    InspectorPanel* inspector = m_window->inspector();
    QCOMPARE(inspector->text(), QString::fromStdString(ner::joinCharacters(sentence.chars)));
    QVERIFY(inspector->reference());
    QCOMPARE(inspector->reference()->split, QStringLiteral("dev"));
    QCOMPARE(inspector->reference()->line, sentence.line);
}

void TestHiddenStates::theLayerAndCharacterBoxesDriveTheMap() {
    StateMapPanel* panel = openTab();
    const WeightsSnapshot weights = m_window->inspector()->weights();
    waitForMap(weights);
    QCOMPARE(panel->layerBox()->count(), 2);
    panel->layerBox()->setCurrentIndex(0);
    QTRY_VERIFY_WITH_TIMEOUT(
        panel->shownResult().profile && panel->shownResult().profile->layer == 0, 20000);
    const auto& data = *panel->shownResult().data;
    // Another layer's states are other numbers: its signs follow the loading rule alone.
    QVERIFY(sameMap(*panel->shownResult().profile,
                    engineMap(*weights.tagger, data, 0, StateMapPanel::kDefaultCharacters)));
    // Fewer characters: whole sentences up to the count, as the engine cuts them.
    size_t devCharacters = 0;
    for (const ner::Sentence& sentence : data.dev)
        devCharacters += sentence.chars.size();
    const int fewest = panel->charactersBox()->minimum();
    QVERIFY2(devCharacters > size_t(fewest), "the test corpus's dev split is too small to cut");
    panel->charactersBox()->setValue(fewest);
    QTRY_VERIFY_WITH_TIMEOUT(panel->shownResult().profile &&
                                 panel->shownResult().profile->points.size() <= size_t(fewest),
                             20000);
    const ner::StateMap& cut = *panel->shownResult().profile;
    QVERIFY(sameMap(cut, engineMap(*weights.tagger, data, 0, fewest)));
    QVERIFY(cut.sentences < int(data.dev.size()));
    QVERIFY(
        panel->caption().contains(QStringLiteral("the first %1 dev sentences").arg(cut.sentences)));
}

void TestHiddenStates::theExportWritesTheMapShown() {
    const WeightsSnapshot weights = m_window->inspector()->weights();
    auto readAll = [](const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    auto csvOf = [](const ner::StateMap& map) {
        std::ostringstream csv;
        ner::writeStateMapCsv(map, csv);
        return QByteArray::fromStdString(csv.str());
    };
    // Never opened: the map is made for the export, as the tab would make it.
    const QString unopened = m_dir.filePath("unopened.csv");
    QVERIFY(m_window->exportHiddenStates(unopened));
    QVERIFY(!m_window->inspector()->stateMap()->view()->map()); // the tab still has none
    const auto& data = *m_window->inspector()->stateMap()->mapNow().data;
    QCOMPARE(readAll(unopened),
             csvOf(engineMap(*weights.tagger, data, 1, StateMapPanel::kDefaultCharacters)));
    // Opened and changed: what it shows, byte for byte.
    StateMapPanel* panel = openTab();
    waitForMap(weights);
    panel->layerBox()->setCurrentIndex(0);
    QTRY_VERIFY_WITH_TIMEOUT(
        panel->shownResult().profile && panel->shownResult().profile->layer == 0, 20000);
    const QString shown = m_dir.filePath("shown.csv");
    QVERIFY(m_window->exportHiddenStates(shown));
    const QByteArray written = readAll(shown);
    QCOMPARE(written, csvOf(*panel->shownResult().profile));
    QVERIFY(written.startsWith("sentence,position,char,type,predicted,x,y\n"));
    QCOMPARE(written.count('\n'), qsizetype(panel->shownResult().profile->points.size() + 1));
}

void TestHiddenStates::theColourBoxShowsTheErrors() {
    StateMapPanel* panel = openTab();
    // The untrained weights, which surely get characters wrong (the tiny corpus is easy).
    m_window->inspectedWeights()->chooseEpoch(0);
    const ner::StateMap& map = waitForMap(m_window->inspector()->weights());
    QTRY_VERIFY_WITH_TIMEOUT(!panel->view()->path().empty(), 20000); // the bounds settle
    QCOMPARE(panel->view()->colouring(), StateMapView::Colouring::Gold);
    QVERIFY(!panel->caption().contains(QStringLiteral("another type")));
    // A character the model puts in another type than the gold, away from the sentence's
    // glyphs, which are drawn over the dots.
    std::optional<QPoint> at;
    int atIndex = -1;
    qsizetype wrong = 0;
    for (size_t k = 0; k < map.points.size(); ++k) {
        if (map.points[k].predicted == map.points[k].type) continue;
        ++wrong;
        const QPoint here = panel->view()->positionOfPoint(int(k))->toPoint();
        bool clear = panel->view()->pointAt(QPointF(here)) == int(k); // not under another dot
        for (int t = 0; t < int(panel->view()->path().size()); ++t)
            clear = clear && QLineF(here, *panel->view()->positionOfPathPoint(t)).length() > 16;
        if (clear && !at) {
            at = here;
            atIndex = int(k);
        }
    }
    QVERIFY2(wrong > 0 && at, "untrained weights get some characters wrong");
    panel->colouringBox()->setCurrentIndex(
        panel->colouringBox()->findData(int(StateMapView::Colouring::Errors)));
    QCOMPARE(panel->view()->colouring(), StateMapView::Colouring::Errors);
    QVERIFY2(panel->caption().contains(
                 QStringLiteral("gives %1 of them another type").arg(QLocale().toString(wrong))),
             qPrintable(panel->caption()));
    // Drawn red, over the characters it gets right.
    const QColor pixel = panel->view()->grab().toImage().pixelColor(*at);
    QVERIFY2(pixel.red() > 150 && pixel.green() < 100 && pixel.blue() < 100,
             qPrintable(pixel.name()));
    // Pointed at, it says what the model tagged it with.
    QSignalSpy hovered(panel->view(), &StateMapView::pointHovered);
    QTest::mouseMove(panel->view(), QPoint(1, 1));
    QTest::mouseMove(panel->view(), *at);
    QTRY_VERIFY(!hovered.isEmpty() && hovered.last().at(0).value<std::optional<int>>() == atIndex);
    const ner::StatePoint& point = map.points[size_t(atIndex)];
    const QString tagged = point.predicted == "O" ? QStringLiteral("outside")
                                                  : QString::fromStdString(point.predicted);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("(tagged %1)").arg(tagged)),
             qPrintable(QToolTip::text()));
    panel->colouringBox()->setCurrentIndex(
        panel->colouringBox()->findData(int(StateMapView::Colouring::Predicted)));
    QCOMPARE(panel->view()->colouring(), StateMapView::Colouring::Predicted);
    QVERIFY(!panel->caption().contains(QStringLiteral("another type")));
}

QTEST_MAIN(TestHiddenStates)
#include "tst_hidden_states.moc"
