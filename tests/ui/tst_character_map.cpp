// The inspector's Character map tab (EmbeddingMapPanel, EmbeddingMapView): it draws the
// engine's map of the weights the inspector shows, made only while the tab is open; hovering
// and clicking a character name its neighbours as the engine finds them; a chosen character
// outlives new weights and chosen epochs; the find box, the count box and the inspector's
// sentence drive it.
#include "engine/analysis/embedding_map.h"
#include "engine/model/tagger.h"
#include "studio_test_support.h"
#include "ui/charts/spark_line.h"
#include "ui/inspector/embedding_map_panel.h"
#include "ui/inspector/embedding_map_view.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/state/epoch_weights.h"
#include "ui/state/inspected_weights.h"
#include "ui/state/training_session.h"
#include "ui/window/main_window.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

#include <cmath>
#include <sstream>

using namespace studio;

namespace {
// The map the engine makes of these weights over the dataset's training sentences, with no
// earlier map to align to: what the tab shows when it opens.
ner::EmbeddingMap engineMap(const ner::Tagger& model, const ner::TrainingData& data, int count) {
    return ner::mapEmbeddings(
        model, ner::countCharacterUsage(model.vocabulary(), data.train, data.scheme), count);
}

// A point of the view that no character is drawn near: for a click on empty space.
std::optional<QPoint> emptyPoint(const EmbeddingMapView& view) {
    for (int y = 5; y < view.height(); y += 7)
        for (int x = 5; x < view.width(); x += 7)
            if (!view.characterAt(QPointF(x, y))) return QPoint(x, y);
    return std::nullopt;
}
} // namespace

class TestCharacterMap : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void theMapIsMadeOnlyWhileItsTabIsOpen();
    void theMapIsTheEnginesMapOfTheShownWeights();
    void hoveringACharacterNamesItsNeighbours();
    void aClickedCharacterStaysChosenAcrossEpochs();
    void theFindBoxChoosesOrSaysWhyNot();
    void theCountBoxSetsHowManyAreMapped();
    void theInspectorsSentenceIsMarked();
    void theExportWritesTheMapShown();
    void agreementIsShownForEveryKeptEpoch();

private:
    EmbeddingMapPanel* openTab();

    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestCharacterMap::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
}

// Every test starts from a finished 3-epoch run on the tiny corpus, tab closed.
void TestCharacterMap::init() {
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(test_support::setUpSmallTraining(*m_window, m_dir.path(), 3, false));
    QSignalSpy finished(m_window->trainingSession(), &TrainingSession::trainingFinished);
    m_window->trainingSession()->train();
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000));
    QTRY_COMPARE(m_window->inspector()->weights().origin, QStringLiteral("best"));
}

void TestCharacterMap::cleanup() {
    m_window.reset();
}

EmbeddingMapPanel* TestCharacterMap::openTab() {
    InspectorPanel* inspector = m_window->inspector();
    inspector->lowerTabs()->setCurrentWidget(inspector->characterMap());
    // The tab's layout settles, so that characters stay where positionOf() finds them.
    QCoreApplication::processEvents();
    QTest::qWait(50);
    return inspector->characterMap();
}

void TestCharacterMap::theMapIsMadeOnlyWhileItsTabIsOpen() {
    EmbeddingMapPanel* panel = m_window->inspector()->characterMap();
    QVERIFY(!panel->view()->map()); // trained, but nobody has looked
    openTab();
    QVERIFY(panel->view()->map());
    QVERIFY(!panel->view()->map()->characters.empty());
    // Closed again, new weights (an earlier epoch) leave the map as it was.
    const auto shown = panel->view()->map();
    m_window->inspector()->lowerTabs()->setCurrentIndex(0);
    m_window->inspectedWeights()->chooseEpoch(0);
    QCOMPARE(panel->view()->map(), shown);
    openTab(); // and opening it brings the map up to date at once
    QVERIFY(panel->view()->map() != shown);
}

void TestCharacterMap::theMapIsTheEnginesMapOfTheShownWeights() {
    EmbeddingMapPanel* panel = openTab();
    const ner::Tagger& model = *m_window->inspector()->weights().tagger;
    const ner::TrainingData& data = *m_window->datasetSession()->data();
    const ner::EmbeddingMap expected = engineMap(model, data, panel->charactersBox()->value());
    const ner::EmbeddingMap& shown = *panel->view()->map();
    QCOMPARE(shown.ids(), expected.ids());
    QVERIFY(!expected.characters.empty());
    for (size_t k = 0; k < shown.characters.size(); ++k) {
        QCOMPARE(shown.characters[k].x, expected.characters[k].x);
        QCOMPARE(shown.characters[k].y, expected.characters[k].y);
        QCOMPARE(shown.characters[k].type, expected.characters[k].type);
    }
    // The tiny corpus has fewer characters than the box asks for: all of them are mapped,
    // with the types its templates give them.
    QVERIFY(long(shown.characters.size()) < panel->charactersBox()->value());
    auto typeOf = [&](const std::string& ch) {
        for (const ner::MappedCharacter& c : shown.characters)
            if (c.character == ch) return c.type;
        return std::string("missing");
    };
    QCOMPARE(typeOf("李"), std::string("PER"));
    QCOMPARE(typeOf("京"), std::string("LOC"));
    QCOMPARE(typeOf("社"), std::string("ORG"));
    QCOMPARE(typeOf("见"), std::string("O"));
    QVERIFY2(panel->caption().contains(QString::number(shown.characters.size())),
             qPrintable(panel->caption()));
    QVERIFY2(panel->caption().contains(QStringLiteral("best weights")),
             qPrintable(panel->caption()));
    // How often an entity character's neighbours share its type, and by chance.
    const ner::TypeAgreement agreement =
        ner::neighbourTypeAgreement(model, expected, EmbeddingMapPanel::kNeighbours);
    QVERIFY(agreement.characters > 0);
    const QString figures = QStringLiteral("%1 % share its type (%2 % by chance)")
                                .arg(std::lround(100.0 * double(agreement.share)))
                                .arg(std::lround(100.0 * double(agreement.chance)));
    QVERIFY2(panel->caption().contains(figures), qPrintable(panel->caption() + " / " + figures));
}

void TestCharacterMap::hoveringACharacterNamesItsNeighbours() {
    EmbeddingMapPanel* panel = openTab();
    EmbeddingMapView* view = panel->view();
    const ner::Tagger& model = *m_window->inspector()->weights().tagger;
    const int id = model.vocabulary().id("京");
    const std::optional<QPointF> at = view->positionOf(id);
    QVERIFY(at);
    QCOMPARE(view->characterAt(*at), std::optional<int>(id));
    QTest::mouseMove(view, at->toPoint());
    QTRY_VERIFY(QToolTip::isVisible());
    const QString tip = QToolTip::text();
    QVERIFY2(tip.contains(QStringLiteral("<b>京</b>")), qPrintable(tip));
    const std::vector<int> mapped = view->map()->ids();
    const std::vector<ner::Neighbour> nearest =
        ner::nearestCharacters(model, id, EmbeddingMapPanel::kNeighbours, &mapped);
    QCOMPARE(int(nearest.size()), EmbeddingMapPanel::kNeighbours);
    for (const ner::Neighbour& n : nearest)
        QVERIFY2(tip.contains(QString::fromStdString(n.character) + QLatin1Char(' ') +
                              QString::number(double(n.similarity), 'f', 2)),
                 qPrintable(tip));
}

void TestCharacterMap::aClickedCharacterStaysChosenAcrossEpochs() {
    EmbeddingMapPanel* panel = openTab();
    EmbeddingMapView* view = panel->view();
    const ner::Tagger& best = *m_window->inspector()->weights().tagger;
    const int id = best.vocabulary().id("北");
    QTest::mouseClick(view, Qt::LeftButton, {}, view->positionOf(id)->toPoint());
    QCOMPARE(panel->chosenCharacter(), QStringLiteral("北"));
    QCOMPARE(view->chosen(), std::optional<int>(id));
    QCOMPARE(panel->findBox()->text(), QStringLiteral("北"));
    auto expectNeighbours = [&](const ner::Tagger& model) {
        const std::vector<int> mapped = view->map()->ids();
        for (const ner::Neighbour& n :
             ner::nearestCharacters(model, id, EmbeddingMapPanel::kNeighbours, &mapped))
            QVERIFY2(panel->neighboursText().contains(
                         QString::fromStdString(n.character) + QLatin1Char(' ') +
                         QString::number(double(n.similarity), 'f', 2)),
                     qPrintable(panel->neighboursText()));
    };
    expectNeighbours(best);

    // Its path through the run: one point per kept epoch, each that epoch's column on this
    // map's axes; the shown weights' own epoch (the best) lands where the glyph is drawn.
    const EpochWeights& kept = m_window->trainingSession()->epochWeights();
    const std::vector<EmbeddingMapView::TrailPoint>& trail = view->trail();
    QCOMPARE(trail.size(), kept.epochs().size());
    QCOMPARE(trail.size(), size_t(4)); // epochs 0 to 3
    for (size_t k = 0; k < trail.size(); ++k) {
        QCOMPARE(trail[k].epoch, kept.epochs()[k]);
        const std::array<float, 2> at =
            view->map()->project(kept.at(trail[k].epoch)->params().embedding.E.value.col(id));
        QCOMPARE(trail[k].x, at[0]);
        QCOMPARE(trail[k].y, at[1]);
    }
    const int bestEpoch = m_window->inspector()->weights().epoch;
    const ner::MappedCharacter* drawn = nullptr;
    for (const ner::MappedCharacter& c : view->map()->characters)
        if (c.id == id) drawn = &c;
    QVERIFY(drawn);
    for (const EmbeddingMapView::TrailPoint& t : trail)
        if (t.epoch == bestEpoch)
            QVERIFY(std::abs(t.x - drawn->x) < 1e-4f && std::abs(t.y - drawn->y) < 1e-4f);

    // The untrained weights: another map, the same character chosen, its neighbours then.
    const ner::EmbeddingMap before = *view->map();
    m_window->inspectedWeights()->chooseEpoch(0);
    const ner::Tagger& start = *m_window->inspector()->weights().tagger;
    QVERIFY(&start != &best);
    QCOMPARE(m_window->inspector()->weights().epoch, 0);
    const ner::EmbeddingMap& after = *view->map();
    QCOMPARE(after.ids(), before.ids()); // the same characters, counted once
    QVERIFY(after.characters[0].x != before.characters[0].x);
    QCOMPARE(panel->chosenCharacter(), QStringLiteral("北"));
    QCOMPARE(view->chosen(), std::optional<int>(id));
    expectNeighbours(start);
    // Aligned with the map it replaced: each axis points the way it did before.
    double alongX = 0, alongY = 0;
    for (size_t k = 0; k < after.characters.size(); ++k) {
        alongX += double(after.characters[k].x) * double(before.characters[k].x);
        alongY += double(after.characters[k].y) * double(before.characters[k].y);
    }
    QVERIFY(alongX >= 0 && alongY >= 0);

    // A click away from every character lets it go.
    const std::optional<QPoint> empty = emptyPoint(*view);
    QVERIFY(empty);
    QTest::mouseClick(view, Qt::LeftButton, {}, *empty);
    QVERIFY(panel->chosenCharacter().isEmpty());
    QCOMPARE(view->chosen(), std::nullopt);
    QVERIFY(view->trail().empty());
    QVERIFY(panel->findBox()->text().isEmpty());
}

void TestCharacterMap::theFindBoxChoosesOrSaysWhyNot() {
    EmbeddingMapPanel* panel = openTab();
    QLineEdit* find = panel->findBox();
    find->setFocus();
    test_support::type(find, QStringLiteral("伟"));
    QCOMPARE(panel->chosenCharacter(), QStringLiteral("伟"));
    const ner::Tagger& model = *m_window->inspector()->weights().tagger;
    QCOMPARE(panel->view()->chosen(), std::optional<int>(model.vocabulary().id("伟")));
    QVERIFY2(panel->neighboursText().contains(QStringLiteral("nearest to")),
             qPrintable(panel->neighboursText()));
    find->clear();
    test_support::type(find, QStringLiteral("龘")); // in no sentence of the tiny corpus
    QCOMPARE(panel->view()->chosen(), std::nullopt);
    QVERIFY2(panel->neighboursText().contains(QStringLiteral("not in the model's vocabulary")),
             qPrintable(panel->neighboursText()));
}

void TestCharacterMap::theCountBoxSetsHowManyAreMapped() {
    EmbeddingMapPanel* panel = openTab();
    const long all = long(panel->view()->map()->characters.size());
    QVERIFY(all > 20);
    panel->charactersBox()->setValue(20);
    const ner::EmbeddingMap& map = *panel->view()->map();
    QCOMPARE(map.characters.size(), size_t(20));
    for (size_t k = 1; k < map.characters.size(); ++k)
        QVERIFY(map.characters[k - 1].count >= map.characters[k].count);
    // The 20 most frequent: none left out occurs more often than the last one kept.
    const ner::Tagger& model = *m_window->inspector()->weights().tagger;
    const ner::TrainingData& data = *m_window->datasetSession()->data();
    const ner::CharacterUsage usage =
        ner::countCharacterUsage(model.vocabulary(), data.train, data.scheme);
    const std::vector<int> kept = map.ids();
    int leftOut = -1;
    for (size_t id = 0; id < usage.count.size(); ++id)
        if (std::find(kept.begin(), kept.end(), int(id)) == kept.end()) {
            QVERIFY(usage.count[id] <= map.characters.back().count);
            if (usage.count[id] > 0) leftOut = int(id);
        }
    // A character left off the map can still be chosen: its neighbours are named, and no
    // path is drawn for a glyph that is not there.
    QVERIFY(leftOut > 1);
    panel->chooseCharacter(QString::fromStdString(model.vocabulary().token(leftOut)));
    QVERIFY2(panel->neighboursText().contains(QStringLiteral("(not on the map)")),
             qPrintable(panel->neighboursText()));
    QVERIFY(panel->view()->trail().empty());
}

void TestCharacterMap::theInspectorsSentenceIsMarked() {
    EmbeddingMapPanel* panel = openTab();
    m_window->inspector()->setText(QStringLiteral("王芳在北京"));
    QTRY_COMPARE(panel->view()->markedCharacters(), (QSet<QString>{"王", "芳", "在", "北", "京"}));
}

// File → Export character map writes what `lstm-ner inspect --embedding-map --csv` writes
// (ner::writeEmbeddingMapCsv) of the map the tab shows, and, with the tab never opened, of
// the map it would show.
void TestCharacterMap::theExportWritesTheMapShown() {
    const QString path = m_dir.filePath(QStringLiteral("map.csv"));
    auto read = [&] {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const ner::Tagger& model = *m_window->inspector()->weights().tagger;
    const ner::TrainingData& data = *m_window->datasetSession()->data();
    QVERIFY(m_window->exportCharacterMap(path)); // the tab was never opened
    std::ostringstream expected;
    ner::writeEmbeddingMapCsv(model, engineMap(model, data, EmbeddingMapPanel::kDefaultCharacters),
                              expected);
    QCOMPARE(read(), QByteArray::fromStdString(expected.str()));
    QVERIFY(read().startsWith("char,count,type,type_share,x,y,neighbours\n"));

    EmbeddingMapPanel* panel = openTab();
    panel->charactersBox()->setValue(20);
    QVERIFY(m_window->exportCharacterMap(path));
    std::ostringstream shown;
    ner::writeEmbeddingMapCsv(model, *panel->view()->map(), shown);
    QCOMPARE(read(), QByteArray::fromStdString(shown.str()));
    QCOMPARE(read().count('\n'), 21); // the header and the 20 characters shown
}

// The small line beside the neighbours: each kept epoch's type agreement, on that epoch's own
// map of the same characters, as the engine computes it; the epoch shown is marked.
void TestCharacterMap::agreementIsShownForEveryKeptEpoch() {
    EmbeddingMapPanel* panel = openTab();
    const EpochWeights& kept = m_window->trainingSession()->epochWeights();
    const ner::TrainingData& data = *m_window->datasetSession()->data();
    auto expected = [&] {
        std::vector<QPointF> points;
        for (int epoch : kept.epochs()) {
            const ner::Tagger& model = *kept.at(epoch);
            const ner::EmbeddingMap map = engineMap(model, data, panel->charactersBox()->value());
            points.emplace_back(
                epoch,
                double(
                    ner::neighbourTypeAgreement(model, map, EmbeddingMapPanel::kNeighbours).share));
        }
        return points;
    };
    SparkLine* line = panel->agreementByEpoch();
    QCOMPARE(line->points().size(), size_t(4)); // epochs 0 to 3
    QCOMPARE(line->points(), expected());
    QVERIFY(line->level());
    QVERIFY(*line->level() > 0 && *line->level() < 1);
    QCOMPARE(line->markedX(), std::optional<double>(m_window->inspector()->weights().epoch));
    QVERIFY(line->isVisible());
    QVERIFY2(line->toolTip().contains(QStringLiteral("epoch 0: ")), qPrintable(line->toolTip()));

    m_window->inspectedWeights()->chooseEpoch(0);
    QCOMPARE(line->markedX(), std::optional<double>(0));
    // Another count of characters: every epoch again, on maps of that many.
    panel->charactersBox()->setValue(20);
    QCOMPARE(line->points(), expected());
}

QTEST_MAIN(TestCharacterMap)
#include "tst_character_map.moc"
