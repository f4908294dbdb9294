// InspectorPanel: typing tags the sentence with the current weights, also while training
// (results follow newer weight copies); awkward input never crashes or hangs it.
#include "studio_test_support.h"
#include "ui/charts/saturation_chart.h"
#include "ui/inspector/entity_span_view.h"
#include "ui/inspector/gate_heatmap.h"
#include "ui/inspector/influence_view.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/reading_list.h"
#include "ui/inspector/saturation_panel.h"
#include "ui/inspector/tag_probability_view.h"
#include "ui/inspector/transition_matrix_view.h"
#include "ui/inspector/unit_profile_view.h"
#include "ui/state/throttle.h"
#include "ui/workers/training_worker.h"

#include "engine/analysis/gate_saturation.h"
#include "engine/analysis/influence.h"
#include "engine/analysis/sentence_analysis.h"
#include "engine/model/tagger_network.h"
#include "engine/nn/lstm_cell.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QImage>
#include <QInputMethodEvent>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QToolTip>
#include <QtTest>

using namespace studio;

class TestInspector : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void typingTagsWithTheCurrentWeightsDuringTraining();
    void awkwardInput_data();
    void awkwardInput();
    void longPasteIsCutWithANote();
    void hoveringACharacterMarksItInEveryView();
    void unitsCanBeSortedByVariation();
    void labelledSentenceShowsItsGoldEntities();
    void readingsShowWhatTheModelNearlySaid();
    void transitionTabShowsTheCrfAndTheSentencesPath();
    void clickedUnitIsProfiledOverTheDevSentences();
    void saturationTabCountsEveryGateAndChoosesAUnit();
    void saturationOfAForwardOnlyModel();
    void influenceTabExplainsTheShownSentence();
    void wrongTagsAreExplainedAgainstTheirGold();
    void throttleRunsOncePerInterval();

private:
    // Waits until the panel shows an analysis of exactly `text`.
    static bool waitForAnalysisOf(InspectorPanel& panel, const QString& text, int timeoutMs = 5000);
    // Shows the panel with the small model trained in initTestCase, tagging `text`.
    bool showTagged(InspectorPanel& panel, const QString& text) const;

    std::shared_ptr<const ner::TrainingData> m_data;
    // A small model trained for a few epochs in initTestCase, so that every test can also
    // be run on its own (`tst_inspector testName`).
    WeightsSnapshot m_weights;
};

void TestInspector::initTestCase() {
    m_data = test_support::builtinSlice(120, 20);
    registerTrainingMessageTypes();

    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    QSignalSpy published(&events, &test_support::WorkerEvents::weightsPublished);
    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    worker.start(test_support::smallJob(m_data, 4));
    QVERIFY(finished.wait(60000));
    QVERIFY(!published.isEmpty()); // one snapshot at the start and one per epoch at least
    m_weights = published.last().at(0).value<WeightsSnapshot>();
    QVERIFY(!m_weights.isNull());
    QVERIFY(m_weights.step > 0);
}

bool TestInspector::waitForAnalysisOf(InspectorPanel& panel, const QString& text, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        const InspectionResult& r = panel.shownResult();
        if (r.analysis && r.text == text && panel.text() == text) return true;
        QTest::qWait(20);
    }
    return false;
}

bool TestInspector::showTagged(InspectorPanel& panel, const QString& text) const {
    panel.resize(900, 600);
    panel.show();
    if (!QTest::qWaitForWindowExposed(&panel)) return false;
    panel.setWeights(m_weights);
    panel.setText(text);
    return waitForAnalysisOf(panel, text);
}

void TestInspector::typingTagsWithTheCurrentWeightsDuringTraining() {
    InspectorPanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    TrainingWorker worker;
    test_support::WorkerEvents events(&worker);
    worker.setPublishInterval(100);
    connect(&worker, &TrainingWorker::weightsPublished, &panel, &InspectorPanel::setWeights);
    QSignalSpy published(&events, &test_support::WorkerEvents::weightsPublished);
    worker.start(test_support::smallJob(m_data, 200));
    QVERIFY(published.wait(20000));

    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");
    panel.editor()->setFocus();
    test_support::type(panel.editor(), sentence);
    QCOMPARE(panel.text(), sentence);
    QVERIFY(waitForAnalysisOf(panel, sentence));
    const InspectionResult first = panel.shownResult();
    QCOMPARE(int(first.analysis->chars.size()), 13);
    QCOMPARE(first.inputLength, 13);
    QCOMPARE(panel.heatmap()->columnCount(), 13);
    QCOMPARE(panel.heatmap()->rowCount(), 16); // hidden units of the small model
    QCOMPARE(panel.heatmap()->gridCount(), 2); // forward and backward side by side
    QCOMPARE(int(first.analysis->predicted.size()), 13);
    QCOMPARE(panel.spanView()->spanCount(), int(first.analysis->entities.size()));
    QVERIFY(panel.noteText().contains(QStringLiteral("Tagged with")));
    const int entities = int(first.analysis->entities.size());
    QVERIFY2(panel.noteText().contains(entities == 1 ? QStringLiteral("1 entity")
                                                     : QStringLiteral("%1 entities").arg(entities)),
             qPrintable(panel.noteText()));

    // Training goes on: later snapshots re-tag the same sentence without any typing.
    QTRY_VERIFY_WITH_TIMEOUT(panel.shownResult().weights.step > first.weights.step, 20000);
    QCOMPARE(panel.shownResult().analysis->chars.size(), size_t(13));
    QVERIFY(panel.shownResult().weights.tagger != first.weights.tagger);

    // Typing more re-tags with whatever weights are current at that moment.
    test_support::type(panel.editor(), QStringLiteral("。"));
    QVERIFY(waitForAnalysisOf(panel, sentence + QStringLiteral("。")));
    QCOMPARE(panel.heatmap()->columnCount(), 14);
    QVERIFY(panel.shownResult().weights.step >= first.weights.step);

    QSignalSpy finished(&events, &test_support::WorkerEvents::trainingFinished);
    worker.stop();
    QVERIFY(finished.wait(10000));
}

void TestInspector::awkwardInput_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("characters");
    QTest::addColumn<bool>("allUnknown");
    QTest::newRow("empty") << QString() << 0 << false;
    QTest::newRow("emoji") << QStringLiteral("😀👍🏽🇨🇳") << 5 << true;
    QTest::newRow("latin") << QStringLiteral("Hello, World") << 12 << false;
    QTest::newRow("mixed") << QStringLiteral("Apple公司在北京发布iPhone") << 18 << false;
    QTest::newRow("spaces") << QStringLiteral("   ") << 3 << false;
}

void TestInspector::awkwardInput() {
    QFETCH(QString, text);
    QFETCH(int, characters);
    QFETCH(bool, allUnknown);
    QVERIFY(!m_weights.isNull());
    InspectorPanel panel;
    panel.resize(900, 600);
    panel.show();
    panel.setWeights(m_weights);
    panel.setText(QStringLiteral("占位"));
    QVERIFY(waitForAnalysisOf(panel, QStringLiteral("占位")));
    panel.editor()->selectAll();
    if (text.isEmpty())
        QTest::keyClick(panel.editor(), Qt::Key_Backspace);
    else
        test_support::type(panel.editor(), text);
    QCOMPARE(panel.text(), text);
    QVERIFY(waitForAnalysisOf(panel, text));
    const auto& analysis = *panel.shownResult().analysis;
    QCOMPARE(int(analysis.chars.size()), characters);
    QCOMPARE(panel.shownResult().inputLength, characters);
    QVERIFY(!analysis.truncated);
    QCOMPARE(panel.heatmap()->columnCount(), characters);
    QCOMPARE(panel.heatmap()->gridCount(), characters == 0 ? 0 : 2);
    if (allUnknown) {
        QVERIFY(
            std::none_of(analysis.known.begin(), analysis.known.end(), [](bool k) { return k; }));
        QVERIFY2(panel.noteText().contains(
                     QStringLiteral("%1 characters not in the vocabulary").arg(characters)),
                 qPrintable(panel.noteText()));
    }
    QVERIFY(!panel.noteText().contains(QStringLiteral("showing the first")));
    QVERIFY(panel.grab().width() > 0); // paints without trouble
}

void TestInspector::longPasteIsCutWithANote() {
    QVERIFY(!m_weights.isNull());
    InspectorPanel panel;
    panel.resize(900, 600);
    panel.show();
    panel.setWeights(m_weights);
    QString text;
    const QString pattern =
        QStringLiteral("新华社北京电，国务院总理李强昨天在人民大会堂会见了外宾。");
    while (text.size() < 5000)
        text += pattern;
    text.truncate(5000);

    QApplication::clipboard()->setText(text);
    panel.editor()->setFocus();
    QElapsedTimer clock;
    clock.start();
    if (QApplication::clipboard()->text() == text)
        panel.editor()->paste();
    else
        panel.setText(text); // a platform without a clipboard: the same text, typed in one go
    const qint64 pasteMs = clock.elapsed();
    QCOMPARE(panel.text().size(), qsizetype(5000));
    QVERIFY(waitForAnalysisOf(panel, text));
    qInfo() << "5,000-character paste: GUI thread busy" << pasteMs << "ms, tagged after"
            << clock.elapsed() << "ms";
    QVERIFY2(pasteMs < 1000, "pasting must not block the GUI thread");
    const InspectionResult& result = panel.shownResult();
    QVERIFY(result.analysis->truncated);
    QCOMPARE(int(result.analysis->chars.size()), InspectorPanel::kMaxCharacters);
    QCOMPARE(result.inputLength, 5000);
    QCOMPARE(panel.heatmap()->columnCount(), InspectorPanel::kMaxCharacters);
    QVERIFY(panel.noteText().contains(QStringLiteral("showing the first 300")));
    QVERIFY(panel.noteText().contains(QLocale().toString(5000)));
    QVERIFY(panel.grab().width() > 0);
}

void TestInspector::hoveringACharacterMarksItInEveryView() {
    InspectorPanel panel;
    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");
    QVERIFY(showTagged(panel, sentence));
    EntitySpanView* spans = panel.spanView();
    GateHeatmap* heatmap = panel.heatmap();
    QSignalSpy hovered(spans, &EntitySpanView::characterHovered);

    // The pointer over the fifth character (普) marks it in the heatmap and the tag list.
    const QRectF fifth = spans->characterRect(5);
    QVERIFY(!fifth.isEmpty());
    QTest::mouseMove(spans, fifth.center().toPoint());
    QTRY_COMPARE(spans->hoveredPosition(), 5);
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.last().at(0).toInt(), 5);
    QCOMPARE(heatmap->highlightedPosition(), 5);
    QCOMPARE(panel.influenceView()->highlightedPosition(), 5);
    QCOMPARE(panel.findChild<TagProbabilityView*>()->position(), 5);

    // Within the same character nothing is announced again.
    QTest::mouseMove(spans, fifth.center().toPoint() + QPoint(1, 0));
    QCOMPARE(hovered.count(), 1);

    // Retagging the same sentence with newer weights keeps the marks; a shorter sentence
    // drops the ones past its end without announcing a leave.
    panel.setText(QStringLiteral("北京"));
    QVERIFY(waitForAnalysisOf(panel, QStringLiteral("北京")));
    QCOMPARE(spans->hoveredPosition(), -1);
    QCOMPARE(heatmap->highlightedPosition(), -1);
    QCOMPARE(hovered.count(), 1);

    // Leaving the view with the pointer elsewhere clears the hover in every view.
    panel.setText(sentence);
    QVERIFY(waitForAnalysisOf(panel, sentence));
    QTest::mouseMove(spans, spans->characterRect(2).center().toPoint());
    QTRY_COMPARE(spans->hoveredPosition(), 2);
    QCOMPARE(heatmap->highlightedPosition(), 2);
    QTest::mouseMove(panel.editor(), panel.editor()->rect().center());
    QTRY_COMPARE(spans->hoveredPosition(), -1);
    QCOMPARE(hovered.last().at(0).toInt(), -1);
    QCOMPARE(heatmap->highlightedPosition(), -1);
}

void TestInspector::unitsCanBeSortedByVariation() {
    InspectorPanel panel;
    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");
    QVERIFY(showTagged(panel, sentence));
    GateHeatmap* heatmap = panel.heatmap();
    QCOMPARE(heatmap->unitAtRow(0, 3), 3); // in order by default

    auto* order = panel.findChild<QComboBox*>(QStringLiteral("unitOrder"));
    QVERIFY(order);
    order->setCurrentIndex(order->findText(QStringLiteral("by variation")));
    QCOMPARE(heatmap->unitOrder(), GateHeatmap::UnitOrder::Variation);
    const auto& gates = panel.shownResult().analysis->gates;
    for (int grid = 0; grid < 2; ++grid) { // forward and backward each sorted on their own
        const std::vector<int> expected =
            ner::unitsByVariation(gates[size_t(grid)], heatmap->gate());
        for (int row = 0; row < heatmap->rowCount(); ++row)
            QCOMPARE(heatmap->unitAtRow(grid, row), expected[size_t(row)]);
    }

    // The tooltip of the top row names the unit drawn there, not the row number.
    const int top = heatmap->unitAtRow(0, 0);
    QString tip;
    for (int y = 0; y < heatmap->height() && tip.isEmpty(); ++y)
        tip = heatmap->toolTipAt(QPoint(heatmap->width() / 6, y));
    QVERIFY2(tip.contains(QStringLiteral("unit %1 ").arg(top)), qPrintable(tip));

    // Another quantity re-sorts; back to "in order" restores the identity.
    heatmap->setGate(ner::LstmGate::Forget);
    const std::vector<int> byForget = ner::unitsByVariation(gates[1], ner::LstmGate::Forget);
    for (int row = 0; row < heatmap->rowCount(); ++row)
        QCOMPARE(heatmap->unitAtRow(1, row), byForget[size_t(row)]);
    order->setCurrentIndex(0);
    QCOMPARE(heatmap->unitAtRow(1, 5), 5);
}

void TestInspector::labelledSentenceShowsItsGoldEntities() {
    InspectorPanel panel;
    QVERIFY(showTagged(panel, QStringLiteral("北京")));
    // 俄罗斯/COU … 普京/PER … 北京/LOC, as a dev file would label it (line 12).
    ner::Sentence gold;
    for (const char* c :
         {"俄", "罗", "斯", "总", "统", "普", "京", "昨", "天", "抵", "达", "北", "京"})
        gold.chars.emplace_back(c);
    gold.tags = {"B-COU", "I-COU", "I-COU", "O", "O",     "B-PER", "I-PER",
                 "O",     "O",     "O",     "O", "B-LOC", "I-LOC"};
    gold.line = 12;
    const ReferenceSentence reference = referenceFrom(gold, ner::TagScheme::Bio, "dev");
    QCOMPARE(int(reference.gold.size()), 3);
    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");

    panel.showReference(reference);
    QCOMPARE(panel.text(), sentence);
    QVERIFY(waitForAnalysisOf(panel, sentence));
    EntitySpanView* spans = panel.spanView();
    QCOMPARE(spans->gold(), reference.gold);
    // "found" is judged against what these weights predict, not the list's epoch.
    const auto& predicted = panel.shownResult().analysis->entities;
    int found = 0;
    for (const ner::Span& g : reference.gold) {
        const bool match = std::find(predicted.begin(), predicted.end(), g) != predicted.end();
        QCOMPARE(spans->goldFound(g), match);
        found += match ? 1 : 0;
    }
    QVERIFY2(panel.noteText().contains(
                 QStringLiteral("dev sentence (line 12): %1 of 3 gold entities found").arg(found)),
             qPrintable(panel.noteText()));
    QVERIFY2(spans->toolTipAt(0).contains(QStringLiteral("gold: COU")),
             qPrintable(spans->toolTipAt(0)));
    QVERIFY2(spans->toolTipAt(3).contains(QStringLiteral("gold: outside any entity")),
             qPrintable(spans->toolTipAt(3)));

    // How probable the model finds the gold tagging, as the engine weighs it, and whether it
    // is one of the readings; the reading line names it.
    const InspectionResult& shown = panel.shownResult();
    const ner::Tagger& model = *m_weights.tagger;
    const auto goldTags =
        ner::spansToTags(reference.gold, int(gold.chars.size()), model.config().scheme);
    ner::TaggerNetwork network;
    const std::optional<ner::GoldStanding> weighed =
        weighTagging(network, model, gold.chars, goldTags);
    QVERIFY(weighed.has_value() && shown.gold.has_value());
    const double expected = weighed->probability;
    QVERIFY(std::abs(shown.gold->probability - expected) <= 1e-6 * expected);
    const auto& readings = shown.analysis->readings;
    const auto at = std::find_if(readings.begin(), readings.end(),
                                 [&](const ner::TagReading& r) { return r.tags == goldTags; });
    QCOMPARE(shown.gold->reading, at == readings.end() ? -1 : int(at - readings.begin()));
    const QString line = panel.readingList()->text();
    QVERIFY2(line.contains(QStringLiteral("gold: ")), qPrintable(line));
    if (shown.gold->reading == 0)
        QVERIFY2(line.contains(QStringLiteral("gold: this tagging")), qPrintable(line));
    else if (shown.gold->reading > 0)
        QVERIFY2(line.contains(QStringLiteral("reading %1").arg(shown.gold->reading + 1)),
                 qPrintable(line));
    else
        QVERIFY2(line.contains(QStringLiteral("not among the 5")), qPrintable(line));

    // Editing the text makes it a sentence of the user's: no gold any more.
    panel.editor()->end(false);
    test_support::type(panel.editor(), QStringLiteral("了"));
    QVERIFY(waitForAnalysisOf(panel, sentence + QStringLiteral("了")));
    QVERIFY(!panel.reference().has_value());
    QVERIFY(spans->gold().empty());
    QVERIFY(!panel.noteText().contains(QStringLiteral("dev sentence")));
    QVERIFY(!panel.shownResult().gold.has_value());
    QVERIFY(!panel.readingList()->text().contains(QStringLiteral("gold: ")));

    // Choosing the sentence while its text is already in the box still draws the gold.
    panel.setText(sentence);
    QVERIFY(waitForAnalysisOf(panel, sentence));
    QVERIFY(spans->gold().empty());
    panel.showReference(reference);
    QTRY_COMPARE(spans->gold(), reference.gold);
}

// "普京/PER 北京/LOC", as EntitySpanView::spanSummary writes it.
static QString summaryOf(const std::vector<ner::Span>& spans,
                         const std::vector<std::string>& chars) {
    QStringList parts;
    for (const ner::Span& s : spans)
        parts << QString::fromStdString(ner::joinCharacters(chars, size_t(s.begin), size_t(s.end)) +
                                        '/' + s.type);
    return parts.join(' ');
}

void TestInspector::readingsShowWhatTheModelNearlySaid() {
    InspectorPanel panel;
    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");
    QVERIFY(showTagged(panel, sentence));
    const auto analysis = panel.shownResult().analysis;
    const auto& readings = analysis->readings;
    // The engine's best readings of the shown sentence, the first being the tagging itself.
    QCOMPARE(int(readings.size()), ner::kDefaultReadings);
    QCOMPARE(readings.front().tags, analysis->predicted);
    ReadingList* list = panel.readingList();
    QVERIFY(list->isVisible());
    QCOMPARE(list->count(), int(readings.size()));
    QCOMPARE(list->shownReading(), 0);

    // The line names the runner-up as the engine describes it.
    auto described = [&](int n) {
        return QString::fromStdString(ner::describeChanges(
            ner::readingChanges(analysis->entities, readings[size_t(n)].entities),
            analysis->chars));
    };
    QVERIFY(!described(1).isEmpty()); // another reading differs in its entities here
    QVERIFY2(list->text().contains(described(1).toHtmlEscaped()), qPrintable(list->text()));
    EntitySpanView* spans = panel.spanView();
    QCOMPARE(spans->spanSummary(), summaryOf(analysis->entities, analysis->chars));

    // Choosing it draws it above; every other view keeps the tagging.
    QSignalSpy shown(list, &ReadingList::readingShown);
    emit list->linkActivated(QStringLiteral("1"));
    QCOMPARE(shown.count(), 1);
    QCOMPARE(list->shownReading(), 1);
    QCOMPARE(spans->spanSummary(), summaryOf(readings[1].entities, analysis->chars));
    QVERIFY(spans->spanSummary() != summaryOf(analysis->entities, analysis->chars));
    QCOMPARE(panel.shownResult().analysis->predicted, analysis->predicted);

    // The menu lists every reading with its probability, the shown one checked.
    QMenu* menu = list->openMenu(panel.mapToGlobal(QPoint(10, 10)));
    const auto actions = menu->actions();
    QCOMPARE(int(actions.size()), int(readings.size()));
    for (int n = 0; n < int(actions.size()); ++n) {
        QCOMPARE(actions[n]->isChecked(), n == 1);
        if (n > 0)
            QVERIFY2(actions[n]->text().contains(described(n)), qPrintable(actions[n]->text()));
        const double p = readings[size_t(n)].probability;
        if (p >= 0.001)
            QVERIFY2(actions[n]->text().contains(QString::number(100 * p, 'f', 1) + " %"),
                     qPrintable(actions[n]->text()));
    }
    actions[3]->trigger();
    QCOMPARE(list->shownReading(), 3);
    QCOMPARE(spans->spanSummary(), summaryOf(readings[3].entities, analysis->chars));

    // The gold tagging, named at the end of the line: a reading to click, or how rare.
    list->setGold(ner::GoldStanding{0.25, 2});
    QVERIFY2(list->text().contains(QStringLiteral("gold: <a href='2'>reading 3</a> (25.0 %)")),
             qPrintable(list->text()));
    list->setGold(ner::GoldStanding{1 / 48123.0, -1});
    QVERIFY2(list->text().contains(QStringLiteral("gold: 1 in 48,000, not among the 5")),
             qPrintable(list->text()));
    list->setGold(ner::GoldStanding{0.0, -1});
    QVERIFY(list->text().contains(QStringLiteral("gold: a tagging the decoder may not choose")));
    list->setGold(std::nullopt);
    QVERIFY(!list->text().contains(QStringLiteral("gold:")));

    // "this tagging" goes back.
    emit list->linkActivated(QStringLiteral("0"));
    QCOMPARE(spans->spanSummary(), summaryOf(analysis->entities, analysis->chars));

    // A new tagging starts from its own first reading and closes a menu of the old one.
    list->showReading(2);
    const QPointer<QMenu> open = list->openMenu(panel.mapToGlobal(QPoint(10, 10)));
    panel.setText(sentence + QStringLiteral("了"));
    QVERIFY(waitForAnalysisOf(panel, sentence + QStringLiteral("了")));
    QTRY_VERIFY(open.isNull());
    QCOMPARE(list->shownReading(), 0);
    const auto next = panel.shownResult().analysis;
    QCOMPARE(spans->spanSummary(), summaryOf(next->entities, next->chars));

    // Nothing typed, nothing to read.
    panel.setText(QString());
    QVERIFY(waitForAnalysisOf(panel, QString()));
    QVERIFY(!list->isVisible());
}

void TestInspector::clickedUnitIsProfiledOverTheDevSentences() {
    InspectorPanel panel;
    QVERIFY(showTagged(panel, QStringLiteral("俄罗斯总统普京昨天抵达北京")));
    panel.setDataset(m_data);
    QVERIFY(!panel.chosenUnit());
    QVERIFY(panel.unitView()->toPlainText().contains(QStringLiteral("Click a row")));

    // Click a cell of the backward grid (the right half): its unit, backward, h.
    GateHeatmap* heatmap = panel.heatmap();
    QPoint at;
    ner::UnitRef clicked{0, 0, ner::LstmGate::Hidden, -1};
    for (int y = heatmap->height() / 2; y < heatmap->height() && clicked.unit < 0; ++y) {
        const ner::UnitRef u = heatmap->unitAt(QPoint(heatmap->width() * 3 / 4, y));
        if (u.unit >= 0 && u.direction == 1) {
            at = QPoint(heatmap->width() * 3 / 4, y);
            clicked = u;
        }
    }
    QVERIFY2(clicked.unit >= 0, "no backward cell found");
    QTest::mouseClick(heatmap, Qt::LeftButton, {}, at);
    QVERIFY(panel.chosenUnit());
    QCOMPARE(panel.chosenUnit()->unit, clicked.unit);
    QCOMPARE(panel.chosenUnit()->direction, 1);
    QCOMPARE(panel.lowerTabs()->currentWidget(), panel.unitView());
    QTRY_VERIFY_WITH_TIMEOUT(panel.unitView()->result().profile != nullptr, 10000);
    // Its row stays outlined in the backward grid only, also when the rows are re-sorted.
    QVERIFY(heatmap->markedUnit());
    QCOMPARE(heatmap->markedRow(0), -1);
    QCOMPARE(heatmap->unitAtRow(1, heatmap->markedRow(1)), clicked.unit);
    heatmap->setUnitOrder(GateHeatmap::UnitOrder::Variation);
    QCOMPARE(heatmap->unitAtRow(1, heatmap->markedRow(1)), clicked.unit);
    heatmap->setUnitOrder(GateHeatmap::UnitOrder::Index);

    // The same profile the engine computes on these weights and the dev sentences.
    const UnitProfileResult& shown = panel.unitView()->result();
    QCOMPARE(shown.split, QStringLiteral("dev"));
    ner::TaggerNetwork network;
    const ner::UnitProfile expected = ner::profileUnit(network, *m_weights.tagger, m_data->dev,
                                                       m_data->scheme, *panel.chosenUnit(), 12);
    QCOMPARE(shown.profile->sentences, int(m_data->dev.size()));
    QCOMPARE(shown.profile->characters, expected.characters);
    QCOMPARE(shown.profile->highest.front().value, expected.highest.front().value);
    QCOMPARE(shown.profile->lowest.front().value, expected.lowest.front().value);
    QCOMPARE(shown.profile->byType.size(), expected.byType.size());
    const QString page = panel.unitView()->toPlainText();
    QVERIFY2(page.contains(QStringLiteral("Unit %1").arg(clicked.unit)), qPrintable(page));
    QVERIFY(page.contains(QStringLiteral("backward")));
    QVERIFY(page.contains(QStringLiteral("step %1").arg(m_weights.step))); // which weights
    const ner::Sentence& top = m_data->dev[size_t(expected.highest.front().sentence)];
    QVERIFY(page.contains(QStringLiteral("line %1").arg(top.line)));

    // Another quantity re-profiles the same unit.
    auto* gate = panel.findChild<QComboBox*>(QStringLiteral("heatmapQuantity"));
    QVERIFY(gate);
    QCOMPARE(gate->currentText(), QStringLiteral("h · hidden"));
    gate->setCurrentIndex(gate->findText(QStringLiteral("f · forget")));
    QTRY_COMPARE_WITH_TIMEOUT(int(panel.unitView()->result().profile->unit.gate),
                              int(ner::LstmGate::Forget), 10000);
    QCOMPARE(panel.chosenUnit()->unit, clicked.unit);

    // New weights while the tab is open (training): profiled within the throttle interval,
    // the last of a burst included.
    for (int k = 1; k <= 5; ++k) {
        WeightsSnapshot later = m_weights;
        later.step = m_weights.step + k;
        panel.setWeights(later);
    }
    QTRY_COMPARE_WITH_TIMEOUT(panel.unitView()->result().weights.step, m_weights.step + 5,
                              InspectorPanel::kProfileIntervalMs + 5000);

    // A moment's line link puts that sentence and its gold in the inspector.
    const int index = expected.lowest.front().sentence;
    emit panel.unitView()->anchorClicked(QUrl(QStringLiteral("sentence:%1").arg(index)));
    QVERIFY(panel.reference());
    QCOMPARE(panel.reference()->chars, m_data->dev[size_t(index)].chars);
    QCOMPARE(panel.reference()->split, QStringLiteral("dev"));
    QVERIFY(waitForAnalysisOf(panel, panel.reference()->text()));

    // Another dataset: the unit is forgotten.
    panel.setDataset(test_support::builtinSlice(50, 5));
    QVERIFY(!panel.chosenUnit());
    QVERIFY(!heatmap->markedUnit());
    QVERIFY(panel.unitView()->toPlainText().contains(QStringLiteral("Click a row")));
}

void TestInspector::saturationTabCountsEveryGateAndChoosesAUnit() {
    InspectorPanel panel;
    QVERIFY(showTagged(panel, QStringLiteral("俄罗斯总统普京昨天抵达北京")));
    panel.setDataset(m_data);
    SaturationPanel* tab = panel.saturationPanel();
    QVERIFY(!tab->shownResult().profile); // counted only once someone opens the tab
    panel.lowerTabs()->setCurrentWidget(tab);
    QTRY_VERIFY_WITH_TIMEOUT(tab->shownResult().profile != nullptr, 10000);

    // The engine's counts on these weights and the dev sentences, point for point.
    ner::TaggerNetwork network;
    const ner::SaturationProfile expected =
        ner::measureGateSaturation(network, *m_weights.tagger, m_data->dev);
    const ner::SaturationProfile& shown = *tab->shownResult().profile;
    QCOMPARE(shown.sentences, int(m_data->dev.size()));
    QCOMPARE(shown.characters, expected.characters);
    QCOMPARE(shown.gates.size(), expected.gates.size());
    for (size_t g = 0; g < expected.gates.size(); ++g) {
        QCOMPARE(shown.gates[g].below, expected.gates[g].below);
        QCOMPARE(shown.gates[g].above, expected.gates[g].above);
    }
    const int hidden = m_weights.tagger->config().hiddenDim;
    SaturationChart* chart = tab->chart();
    QCOMPARE(chart->pointCount(), 2 * 3 * hidden); // both directions, i, f and o
    const ner::GateSaturation* forget = expected.find(0, 0, ner::LstmGate::Forget);
    int open = 0;
    for (float share : forget->above)
        open += share > 0.5f;
    const QString caption = tab->caption();
    for (const QString& part : {QStringLiteral("%1 dev sentences").arg(m_data->dev.size()),
                                QStringLiteral("step %1").arg(m_weights.step),
                                QStringLiteral("→ %1 of %2").arg(open).arg(hidden)})
        QVERIFY2(caption.contains(part), qPrintable(caption + " lacks " + part));
    // Another threshold is counted at once, with the engine's counts for it.
    tab->thresholdBox()->setValue(0.25);
    QTRY_COMPARE_WITH_TIMEOUT(tab->shownResult().profile->threshold, 0.25f, 5000);
    const ner::SaturationProfile wider =
        ner::measureGateSaturation(network, *m_weights.tagger, m_data->dev, 0.25f);
    bool anyDiffers = false;
    for (size_t g = 0; g < wider.gates.size(); ++g) {
        QCOMPARE(tab->shownResult().profile->gates[g].below, wider.gates[g].below);
        QCOMPARE(tab->shownResult().profile->gates[g].above, wider.gates[g].above);
        anyDiffers = anyDiffers || wider.gates[g].below != expected.gates[g].below;
    }
    QVERIFY(anyDiffers);
    tab->thresholdBox()->setValue(0.1);
    QTRY_COMPARE_WITH_TIMEOUT(tab->shownResult().profile->threshold, 0.1f, 5000);

    tab->directionBox()->setCurrentIndex(tab->directionBox()->findText(QStringLiteral("Forward")));
    QCOMPARE(chart->pointCount(), 3 * hidden);
    QTest::qWait(100); // the chart lays its new series out in the event loop

    // The output gates are drawn last, so on top: take the one farthest from every other
    // point, hover it, then click it.
    ner::UnitRef target{0, 0, ner::LstmGate::Output, -1};
    double bestGap = -1;
    for (int u = 0; u < hidden; ++u) {
        const ner::UnitRef candidate{0, 0, ner::LstmGate::Output, u};
        const QPoint at = *chart->positionOf(candidate);
        double gap = 1e9;
        for (int gate : ner::describeCell(ner::CellType::Lstm).sigmoidGates())
            for (int v = 0; v < hidden; ++v)
                if (gate != ner::LstmGate::Output || v != u)
                    gap = std::min(
                        gap, double((*chart->positionOf({0, 0, gate, v}) - at).manhattanLength()));
        if (gap > bestGap) {
            bestGap = gap;
            target = candidate;
        }
    }
    QVERIFY2(bestGap >= 3, qPrintable(QString("the points are %1 pixels apart").arg(bestGap)));
    const QPoint at = *chart->positionOf(target);
    const QString description = chart->describePoint(
        0, ner::LstmGate::Output,
        QPointF(expected.find(0, 0, ner::LstmGate::Output)->below[size_t(target.unit)],
                expected.find(0, 0, ner::LstmGate::Output)->above[size_t(target.unit)]));
    QVERIFY2(description.contains(QStringLiteral("unit %1</nobr>").arg(target.unit)),
             qPrintable(description));
    QVERIFY(description.contains(QStringLiteral("output gate")));
    QTest::mouseMove(chart->plotViewport(), at);
    QTRY_VERIFY_WITH_TIMEOUT(QToolTip::isVisible(), 3000);
    QCOMPARE(QToolTip::text(), description);

    // A click chooses the unit: the heatmap shows that gate, the unit tab profiles it.
    QSignalSpy chosen(tab, &SaturationPanel::unitChosen);
    QTest::mouseClick(chart->plotViewport(), Qt::LeftButton, {}, at);
    QCOMPARE(chosen.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!QToolTip::isVisible(), 2000); // Qt hides it after a short delay
    QVERIFY(panel.chosenUnit());
    QCOMPARE(panel.chosenUnit()->unit, target.unit);
    QCOMPARE(panel.chosenUnit()->direction, 0);
    QCOMPARE(int(panel.chosenUnit()->gate), int(ner::LstmGate::Output));
    QCOMPARE(panel.heatmap()->gate(), ner::LstmGate::Output);
    QCOMPARE(panel.lowerTabs()->currentWidget(), panel.unitView());
    QTRY_VERIFY_WITH_TIMEOUT(panel.unitView()->result().profile != nullptr, 10000);
    QCOMPARE(int(panel.unitView()->result().profile->unit.gate), int(ner::LstmGate::Output));
    QCOMPARE(panel.unitView()->result().profile->unit.unit, target.unit);

    // New weights while the tab is closed are not counted; opening it counts them at once.
    WeightsSnapshot later = m_weights;
    later.step = m_weights.step + 1;
    panel.setWeights(later);
    QTest::qWait(100);
    QCOMPARE(tab->shownResult().weights.step, m_weights.step);
    panel.lowerTabs()->setCurrentWidget(tab);
    QTRY_COMPARE_WITH_TIMEOUT(tab->shownResult().weights.step, later.step, 5000);
}

void TestInspector::saturationOfAForwardOnlyModel() {
    InspectorPanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setDataset(m_data);
    SaturationPanel* tab = panel.saturationPanel();
    panel.lowerTabs()->setCurrentWidget(tab);
    QTRY_VERIFY(tab->caption().contains(QStringLiteral("Train or open a model")));
    // Backward chosen for a bidirectional model first…
    panel.setWeights(m_weights);
    QTRY_VERIFY_WITH_TIMEOUT(tab->shownResult().profile != nullptr, 10000);
    tab->directionBox()->setCurrentIndex(tab->directionBox()->findText(QStringLiteral("Backward")));
    const int hidden = m_weights.tagger->config().hiddenDim;
    QCOMPARE(tab->chart()->pointCount(), 3 * hidden);
    // …then a forward-only one: its units, and the box has nothing to choose.
    ner::ModelConfig config = m_weights.tagger->config();
    config.bidirectional = false;
    auto forward = std::make_shared<const ner::Tagger>(ner::planTraining(*m_data, config, 3).model);
    panel.setWeights({0, 0, 0, QStringLiteral("forward.lner"), forward});
    QTRY_COMPARE_WITH_TIMEOUT(tab->shownResult().weights.tagger, forward, 10000);
    QVERIFY(!tab->directionBox()->isEnabled());
    QCOMPARE(tab->chart()->pointCount(), 3 * hidden);
    QCOMPARE(tab->shownResult().profile->gates.size(), size_t(3));
    QVERIFY(tab->caption().contains(QStringLiteral("→ ")));
    QVERIFY(!tab->caption().contains(QStringLiteral("← ")));
}

void TestInspector::influenceTabExplainsTheShownSentence() {
    InspectorPanel panel;
    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");
    QVERIFY(showTagged(panel, sentence));
    InfluenceView* view = panel.influenceView();
    // Computed only for an open tab.
    QTest::qWait(100);
    QVERIFY(!view->hasMap());

    panel.lowerTabs()->setCurrentWidget(panel.influenceTab());
    QTRY_VERIFY_WITH_TIMEOUT(view->hasMap(), 10000);
    // The map of exactly the sentence shown, with the weights that tagged it, as the engine
    // computes it.
    const InspectionResult& shown = panel.shownResult();
    QCOMPARE(view->result().analysis, shown.analysis);
    QCOMPARE(view->result().weights.tagger, shown.weights.tagger);
    const ner::InfluenceMap expected =
        ner::InfluenceAnalyser().analyse(*shown.weights.tagger, *shown.analysis);
    QCOMPARE(view->length(), 13);
    QCOMPARE(view->result().map->values, expected.values);
    const QString caption = panel.influenceCaption();
    QVERIFY2(caption.contains(QStringLiteral("Half of a decision's influence comes from within "
                                             "±%1 characters")
                                  .arg(ner::medianReach(expected, 0.5))),
             qPrintable(caption));
    QVERIFY(caption.contains(QStringLiteral("step %1").arg(m_weights.step)));

    // The pointer over row 普 (5), column 总 (3): that decision is marked in every view, and
    // the tooltip names both characters with the value's share. (The caption above the map
    // was just set: let the layout settle, or the rows move under the pointer.)
    QCoreApplication::processEvents();
    QTest::qWait(50);
    const QPoint at = view->cellRect(5, 3).center();
    QTest::mouseMove(view, at);
    QTRY_COMPARE(view->hoveredPosition(), 5);
    QCOMPARE(panel.spanView()->highlightedPosition(), 5);
    QCOMPARE(panel.heatmap()->highlightedPosition(), 5);
    QCOMPARE(panel.probabilityView()->position(), 5);
    const QString tip = view->toolTipAt(at);
    QVERIFY2(tip.contains(QStringLiteral("<b>普</b> (character 6)")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("reading <b>总</b> (character 4, 2 to the left)")),
             qPrintable(tip));
    QVERIFY(
        tip.contains(QStringLiteral("gradient norm %1").arg(double(expected.at(5, 3)), 0, 'g', 3)));

    // New text while the tab is open: the map follows it.
    panel.setText(QStringLiteral("北京"));
    QVERIFY(waitForAnalysisOf(panel, QStringLiteral("北京")));
    QTRY_COMPARE_WITH_TIMEOUT(view->length(), 2, InspectorPanel::kInfluenceIntervalMs + 5000);
    QCOMPARE(view->hoveredPosition(), -1); // row 5 no longer exists

    // New weights (training): the last of a burst is mapped.
    for (int k = 1; k <= 5; ++k) {
        WeightsSnapshot later = m_weights;
        later.step = m_weights.step + k;
        panel.setWeights(later);
    }
    QTRY_COMPARE_WITH_TIMEOUT(view->result().weights.step, m_weights.step + 5,
                              InspectorPanel::kInfluenceIntervalMs + 5000);

    // Too long: a note instead of a map that would take seconds.
    const QString longText(InspectorPanel::kMaxInfluenceCharacters + 1, QChar(0x4E2D));
    panel.setText(longText);
    QVERIFY(waitForAnalysisOf(panel, longText));
    QTRY_VERIFY_WITH_TIMEOUT(!view->hasMap(), InspectorPanel::kInfluenceIntervalMs + 5000);
    QVERIFY2(view->hint().contains(QStringLiteral("up to %1 characters; this one has %2")
                                       .arg(InspectorPanel::kMaxInfluenceCharacters)
                                       .arg(InspectorPanel::kMaxInfluenceCharacters + 1)),
             qPrintable(view->hint()));
    QVERIFY(panel.influenceCaption().isEmpty());

    // No model: says what to do.
    panel.setWeights(WeightsSnapshot{});
    panel.setText(QStringLiteral("北京"));
    QTRY_VERIFY_WITH_TIMEOUT(view->hint().contains(QStringLiteral("Train or open a model")),
                             InspectorPanel::kInfluenceIntervalMs + 5000);
}

void TestInspector::wrongTagsAreExplainedAgainstTheirGold() {
    InspectorPanel panel;
    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");
    QVERIFY(showTagged(panel, sentence));
    panel.lowerTabs()->setCurrentWidget(panel.influenceTab());
    InfluenceView* view = panel.influenceView();
    QTRY_VERIFY_WITH_TIMEOUT(view->hasMap(), 10000);
    QVERIFY(!panel.againstGoldBox()->isEnabled()); // typed text has no gold
    QVERIFY(view->result().map->contrast.empty());

    // A gold reading no tagger would give (the whole sentence one ORG): some tags are
    // wrong, and their rows are explained against the gold tag, as the engine does.
    ner::Sentence gold;
    for (const QChar c : sentence)
        gold.chars.push_back(QString(c).toStdString());
    gold.tags.assign(gold.chars.size(), "I-ORG");
    gold.tags.front() = "B-ORG";
    const ReferenceSentence reference = referenceFrom(gold, ner::TagScheme::Bio, "dev");
    panel.showReference(reference); // the same text: tagged again, now with its gold
    QTRY_VERIFY_WITH_TIMEOUT(panel.againstGoldBox()->isEnabled(), 5000);
    QVERIFY(panel.againstGoldBox()->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(view->hasMap() && !view->result().map->contrast.empty(),
                             InspectorPanel::kInfluenceIntervalMs + 5000);
    const InspectionResult& shown = panel.shownResult();
    const ner::InfluenceMap expected =
        ner::InfluenceAnalyser().analyse(*shown.weights.tagger, *shown.analysis, &reference.gold);
    QCOMPARE(view->result().map->contrast, expected.contrast);
    QCOMPARE(view->result().map->values, expected.values);
    int row = 0;
    while (!expected.contrasted(row))
        ++row;
    const QString goldTag =
        QString::fromStdString(shown.weights.tagger->tags().name(expected.contrast[size_t(row)]));
    QCOMPARE(view->contrastOf(row), goldTag);
    QVERIFY(view->toolTipAt(view->cellRect(row, row).center())
                .contains(QStringLiteral("gold <b>%1</b>").arg(goldTag)));
    QVERIFY(panel.influenceCaption().contains(QStringLiteral("explained against the gold one")));

    // Unticked: the predicted tags alone again.
    panel.againstGoldBox()->setChecked(false);
    QTRY_VERIFY_WITH_TIMEOUT(view->hasMap() && view->result().map->contrast.empty(), 5000);
    QVERIFY(view->contrastOf(row).isEmpty());
    panel.againstGoldBox()->setChecked(true);
    QTRY_VERIFY_WITH_TIMEOUT(view->hasMap() && !view->result().map->contrast.empty(), 5000);

    // Editing the text makes it an ordinary sentence: no gold to explain against.
    panel.setText(sentence + QStringLiteral("。"));
    QVERIFY(waitForAnalysisOf(panel, sentence + QStringLiteral("。")));
    QVERIFY(!panel.againstGoldBox()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(view->length() == 14 && view->result().map->contrast.empty(),
                             InspectorPanel::kInfluenceIntervalMs + 5000);
}

void TestInspector::throttleRunsOncePerInterval() {
    int runs = 0;
    Throttle throttle(
        300, [&runs] { ++runs; }, nullptr);
    throttle.request(); // nothing ran before: at the next turn of the event loop
    QCOMPARE(runs, 0);
    QTRY_COMPARE(runs, 1);
    for (int k = 0; k < 5; ++k)
        throttle.request(); // within the interval: one deferred run for all five
    QVERIFY(throttle.isPending());
    QCOMPARE(runs, 1);
    QTRY_COMPARE_WITH_TIMEOUT(runs, 2, 5000);
    QVERIFY(!throttle.isPending());
    QTest::qWait(throttle.interval() + 200);
    QCOMPARE(runs, 2); // no run without a request
    throttle.request();
    throttle.runNow(); // at once, and the deferred run is cancelled
    QCOMPARE(runs, 3);
    QVERIFY(!throttle.isPending());
    QTest::qWait(throttle.interval() + 200);
    QCOMPARE(runs, 3);
}

QTEST_MAIN(TestInspector)
void TestInspector::transitionTabShowsTheCrfAndTheSentencesPath() {
    InspectorPanel panel;
    const QString sentence = QStringLiteral("俄罗斯总统普京昨天抵达北京");
    QVERIFY(showTagged(panel, sentence));
    auto* tabs = panel.findChild<QTabWidget*>();
    QVERIFY(tabs);
    QCOMPARE(tabs->tabText(1), QStringLiteral("CRF transitions"));
    tabs->setCurrentIndex(1);
    TransitionMatrixView* view = panel.transitionView();
    QVERIFY(view->hasTransitions());
    const auto analysis = panel.shownResult().analysis;
    const ner::TransitionScores& t = analysis->transitions;
    const int K = int(analysis->tagNames.size());
    QCOMPARE(t.tags, K);

    // Display order: O first, then each type's tags side by side.
    const std::vector<int>& order = view->order();
    QCOMPARE(int(order.size()), K);
    QCOMPARE(analysis->tagNames[size_t(order.front())], std::string("O"));
    QStringList typesSeen;
    for (int k = 1; k < K; ++k) {
        const QString type =
            QString::fromStdString(analysis->tagNames[size_t(order[size_t(k)])]).mid(2);
        if (typesSeen.isEmpty() || typesSeen.last() != type) {
            QVERIFY2(!typesSeen.contains(type), qPrintable(type + " split in two blocks"));
            typesSeen << type;
        }
    }

    // The predicted path uses start, one transition per pair of characters, and end.
    int used = 0;
    for (int from = -1; from < K; ++from)
        for (int to = -1; to < K; ++to)
            if (from >= 0 || to >= 0) used += view->uses(from, to);
    QCOMPARE(used, int(analysis->chars.size()) + 1);

    // Every cell's tooltip states the model's score; forbidden ones say so; the grid maps
    // points back to cells.
    int forbidden = 0;
    for (int row = 0; row <= K; ++row)
        for (int column = 0; column <= K; ++column) {
            if (row == 0 && column == K) continue; // start → end: no such transition
            const int from = row == 0 ? -1 : order[size_t(row - 1)];
            const int to = column == K ? -1 : order[size_t(column)];
            const float score = from < 0 ? t.start[size_t(to)]
                                : to < 0 ? t.end[size_t(from)]
                                         : t.score(from, to);
            const QString text = view->describeCell(row, column);
            QVERIFY2(text.contains(QString::number(double(std::abs(score)), 'f', 2)),
                     qPrintable(text));
            const bool allowed = from < 0 ? t.startAllowed[size_t(to)] != 0
                                 : to < 0 ? t.endAllowed[size_t(from)] != 0
                                          : t.isAllowed(from, to);
            QCOMPARE(text.contains(QStringLiteral("forbidden in BIOES")), !allowed);
            forbidden += allowed ? 0 : 1;
            const QPoint centre = view->cellRect(row, column).center();
            QCOMPARE(view->rowAt(centre.y()), row);
            QCOMPARE(view->columnAt(centre.x()), column);
        }
    QVERIFY(forbidden > 0);
    QVERIFY(view->caption().contains(QStringLiteral("BIOES")));

    // What it paints: every forbidden cell is hatched in the palette's two greys, and an
    // allowed one the path does not use is one flat colour from the score scale.
    view->resize(view->sizeHint());
    const QImage image = view->grab().toImage();
    const QColor midlight = view->palette().color(QPalette::Midlight),
                 mid = view->palette().color(QPalette::Mid);
    auto interior = [&](int row, int column) {
        QSet<QRgb> colours;
        const QRect cell = view->cellRect(row, column).adjusted(2, 2, -2, -2);
        for (int y = cell.top(); y <= cell.bottom(); ++y)
            for (int x = cell.left(); x <= cell.right(); ++x)
                colours.insert(image.pixel(x, y));
        return colours;
    };
    bool checkedForbidden = false, checkedAllowed = false;
    for (int row = 1; row <= K; ++row)
        for (int column = 0; column < K; ++column) {
            const int from = order[size_t(row - 1)], to = order[size_t(column)];
            const QSet<QRgb> colours = interior(row, column);
            if (!t.isAllowed(from, to)) {
                QCOMPARE(colours, (QSet<QRgb>{midlight.rgb(), mid.rgb()}));
                checkedForbidden = true;
            } else if (view->uses(from, to) == 0) {
                QCOMPARE(colours.size(), 1);
                QVERIFY(!colours.contains(midlight.rgb()));
                checkedAllowed = true;
            }
        }
    QVERIFY(checkedForbidden && checkedAllowed);

    // Hovering a character marks its incoming transition.
    EntitySpanView* spans = panel.spanView();
    tabs->setCurrentIndex(0); // the spans stay visible whichever tab is open
    QTest::mouseMove(spans, spans->characterRect(3).center().toPoint());
    QTRY_COMPARE(spans->hoveredPosition(), 3);
    QCOMPARE(view->highlightedPosition(), 3);
}

#include "tst_inspector.moc"
