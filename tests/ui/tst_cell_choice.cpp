// The recurrent cell is the form's choice, and every view of gates reads that cell's own: a
// GRU chosen in the form and trained has r, z, n and h in the heatmap's chooser (h staying
// chosen across the change), a sequential scale for its sigmoid gates, unit profiles and a
// guide in its words, and update gates in the saturation tab; a tanh RNN has only h, and its
// saturation tab says that it has no sigmoid gates instead of drawing an empty plot.
#include "engine/nn/cell_description.h"
#include "engine/nn/lstm_cell.h"
#include "studio_test_support.h"
#include "ui/charts/saturation_chart.h"
#include "ui/inspector/color_scale_legend.h"
#include "ui/inspector/gate_heatmap.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/saturation_panel.h"
#include "ui/inspector/unit_profile_view.h"
#include "ui/window/guide_dialog.h"
#include "ui/window/training_controls.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace studio;

namespace {
const QString kSentence = QStringLiteral("李明在北京会见了新华社代表。");

QStringList symbols(ner::CellType cell) {
    QStringList out;
    for (const ner::GateDescriptor& g : ner::describeCell(cell).gates)
        out << QString::fromStdString(g.symbol);
    return out;
}

bool hasParameter(ner::Tagger model, const std::string& name) {
    for (const ner::NamedParameter& p : model.namedParameters()) // non-const: for writers
        if (p.name == name) return true;
    return false;
}

// An untrained model of that cell over the data, as a file would bring one.
WeightsSnapshot untrained(const ner::TrainingData& data, ner::CellType cell, const char* name) {
    ner::ModelConfig config = test_support::smallJob(nullptr, 1).model;
    config.cell = cell;
    auto model = std::make_shared<const ner::Tagger>(ner::planTraining(data, config, 5).model);
    return {0, 0, 0, QString::fromLatin1(name), model};
}
} // namespace

class TestCellChoice : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void gruChosenInTheFormTrainsAGru();
    void rnnShowsOnlyHAndHasNoSaturation();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
};

void TestCellChoice::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
    QCOMPARE(symbols(ner::CellType::Gru), (QStringList{"r", "z", "n", "h"}));
    QCOMPARE(symbols(ner::CellType::Rnn), QStringList{"h"});
}

void TestCellChoice::gruChosenInTheFormTrainsAGru() {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test_support::setUpSmallTraining(window, m_dir.path(), 1, false));
    InspectorPanel* inspector = window.inspector();
    inspector->setText(kSentence);
    auto shownCell = [inspector]() -> std::optional<ner::CellType> {
        const auto& analysis = inspector->shownResult().analysis;
        if (!analysis || inspector->shownResult().text != kSentence) return std::nullopt;
        return analysis->cell;
    };

    // The untrained preview is an LSTM, the default: its six quantities, the forget gate
    // chosen by hand.
    QTRY_VERIFY_WITH_TIMEOUT(shownCell() == ner::CellType::Lstm, 10000);
    QCOMPARE(inspector->gateChoices(), symbols(ner::CellType::Lstm));
    QComboBox* chooser = inspector->gateChooser();
    chooser->setCurrentIndex(chooser->findData(QStringLiteral("f")));
    QCOMPARE(inspector->heatmap()->gate(), int(ner::LstmGate::Forget));

    // GRU in the form: the settings the next Train uses, and the preview follows.
    auto* cell = window.hyperparameterPanel()->findChild<QComboBox*>(QStringLiteral("cell"));
    QVERIFY(cell);
    QCOMPARE(cell->currentText(), QStringLiteral("LSTM"));
    QStringList offered;
    for (int k = 0; k < cell->count(); ++k)
        offered << cell->itemText(k);
    QCOMPARE(offered, (QStringList{"RNN", "GRU", "LSTM"}));
    QSignalSpy changed(window.hyperparameterPanel(), &HyperparameterPanel::settingsChanged);
    cell->setCurrentIndex(cell->findText(QStringLiteral("GRU")));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).value<TrainingSettings>().model.cell, ner::CellType::Gru);

    TrainingSession* session = window.trainingSession();
    QSignalSpy finished(session, &TrainingSession::trainingFinished);
    window.trainingControls()->trainAction()->trigger();
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000));
    const std::shared_ptr<const ner::Tagger> model = session->weights().tagger;
    QVERIFY(model);
    QCOMPARE(model->config().cell, ner::CellType::Gru);
    QVERIFY(hasParameter(*model, "gru.0.forward.b_h")); // the GRU's own recurrent bias
    QVERIFY(!hasParameter(*model, "lstm.0.forward.W_x"));
    // While the cell is part of the shape, the form keeps it.
    QVERIFY(!cell->isEnabled());

    // The inspector shows the trained GRU's gates, exactly: f has no GRU counterpart, so h
    // (every cell's last) is chosen, and the heatmap draws it.
    QTRY_VERIFY_WITH_TIMEOUT(inspector->shownResult().weights.tagger == model &&
                                 shownCell() == ner::CellType::Gru,
                             10000);
    QCOMPARE(inspector->gateChoices(), (QStringList{"r", "z", "n", "h"}));
    QCOMPARE(chooser->currentData().toString(), QStringLiteral("h"));
    QCOMPARE(chooser->currentText(), QStringLiteral("h · hidden"));
    GateHeatmap* heatmap = inspector->heatmap();
    QCOMPARE(heatmap->shownGate(), 3);
    QCOMPARE(heatmap->rowCount(), 16);
    auto* scale = inspector->findChild<ColorScaleLegend*>();
    QVERIFY(scale && scale->isDiverging());

    // z, a sigmoid gate: a sequential scale, and the tooltip names the GRU's gate with the
    // value of the analysis.
    chooser->setCurrentIndex(chooser->findData(QStringLiteral("z")));
    QCOMPARE(heatmap->gate(), 1);
    QVERIFY(!scale->isDiverging());
    QString tip;
    for (int y = 0; y < heatmap->height() && tip.isEmpty(); ++y)
        tip = heatmap->toolTipAt(QPoint(heatmap->width() / 6, y));
    QVERIFY2(tip.contains(QStringLiteral("z (update)")), qPrintable(tip));

    // A unit chosen with z: its profile is the GRU's, and says so in the GRU's words.
    inspector->chooseUnit({0, 0, heatmap->gate(), 2});
    QTRY_VERIFY_WITH_TIMEOUT(inspector->unitView()->result().profile != nullptr, 10000);
    QCOMPARE(inspector->unitView()->result().profile->cell, ner::CellType::Gru);
    QCOMPARE(inspector->unitView()->result().profile->unit.gate, 1);
    QVERIFY2(inspector->unitView()->toPlainText().contains(QStringLiteral("z (update)")),
             qPrintable(inspector->unitView()->toPlainText()));

    // Saturation: the GRU's two sigmoid gates in both directions, the update gate as memory.
    SaturationPanel* saturation = inspector->saturationPanel();
    inspector->lowerTabs()->setCurrentWidget(saturation);
    QTRY_VERIFY_WITH_TIMEOUT(saturation->shownResult().profile &&
                                 saturation->shownResult().weights.tagger == model,
                             10000);
    QVERIFY(saturation->showsChart());
    QCOMPARE(saturation->chart()->pointCount(), 2 * 2 * 16); // r and z, → and ←
    QVERIFY2(saturation->caption().contains(QStringLiteral("update gates open")),
             qPrintable(saturation->caption()));

    // The guide describes the GRU the studio shows.
    window.showGuide();
    QCOMPARE(window.guide()->cell(), ner::CellType::Gru);
    const QString guide =
        window.guide()->findChild<QTextBrowser*>(QStringLiteral("guideText"))->toPlainText();
    for (const QString& part :
         {QStringLiteral("The cell: GRU"), QStringLiteral("z · update"),
          QStringLiteral("n · candidate"), QStringLiteral("h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}"),
          QStringLiteral("gates r, z in 0…1; n, h around 0")})
        QVERIFY2(guide.contains(part), qPrintable(part));
    QVERIFY(!guide.contains(QStringLiteral("forget gate")));
}

void TestCellChoice::rnnShowsOnlyHAndHasNoSaturation() {
    const auto data = test_support::loadData(test_support::writeTinyCorpus(m_dir.path(), 40));
    InspectorPanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setDataset(data);
    panel.setHeatmapView({QStringLiteral("o"), HeatmapView::kBothDirections, 0});
    QCOMPARE(panel.heatmapView().gate, QStringLiteral("o"));

    const WeightsSnapshot rnn = untrained(*data, ner::CellType::Rnn, "rnn.lner");
    panel.setWeights(rnn);
    panel.setText(kSentence);
    QTRY_VERIFY_WITH_TIMEOUT(panel.shownResult().analysis && panel.shownResult().text == kSentence,
                             5000);
    QCOMPARE(panel.shownResult().analysis->cell, ner::CellType::Rnn);
    // h alone, whatever was chosen for the LSTM before.
    QCOMPARE(panel.gateChoices(), QStringList{"h"});
    QVERIFY(!panel.gateChooser()->isEnabled()); // nothing to choose from
    QCOMPARE(panel.heatmapView().gate, QStringLiteral("h"));
    QCOMPARE(panel.heatmap()->shownGate(), 0);
    QCOMPARE(panel.heatmap()->rowCount(), 16);
    QCOMPARE(panel.heatmap()->gridCount(), 2);

    // The saturation tab counts the sentences, but a tanh RNN has no sigmoid gate: a note
    // says so where the plot would be.
    SaturationPanel* tab = panel.saturationPanel();
    panel.lowerTabs()->setCurrentWidget(tab);
    QTRY_VERIFY_WITH_TIMEOUT(
        tab->shownResult().profile && tab->shownResult().weights.tagger == rnn.tagger, 10000);
    QCOMPARE(tab->shownResult().profile->cell, ner::CellType::Rnn);
    QVERIFY(tab->shownResult().profile->gates.empty());
    QVERIFY(!tab->showsChart());
    QVERIFY(tab->noGatesNote()->isVisible());
    QVERIFY(!tab->chart()->isVisible());
    QCOMPARE(tab->chart()->pointCount(), 0);
    QVERIFY2(tab->noGatesNote()->text().contains(QStringLiteral("has no sigmoid gates")),
             qPrintable(tab->noGatesNote()->text()));
    QVERIFY2(tab->caption().contains(QStringLiteral("a tanh RNN has no sigmoid gates")),
             qPrintable(tab->caption()));

    // A GRU's weights bring the plot back: its reset and update gates, both directions.
    const WeightsSnapshot gru = untrained(*data, ner::CellType::Gru, "gru.lner");
    panel.setWeights(gru);
    QTRY_VERIFY_WITH_TIMEOUT(tab->shownResult().weights.tagger == gru.tagger, 10000);
    QVERIFY(tab->showsChart());
    QVERIFY(tab->chart()->isVisible());
    QVERIFY(!tab->noGatesNote()->isVisible());
    QCOMPARE(tab->chart()->pointCount(), 2 * 2 * 16);
    QTRY_VERIFY_WITH_TIMEOUT(panel.shownResult().weights.tagger == gru.tagger, 5000);
    QCOMPARE(panel.gateChoices(), (QStringList{"r", "z", "n", "h"}));
    QVERIFY(panel.gateChooser()->isEnabled());
}

QTEST_MAIN(TestCellChoice)
#include "tst_cell_choice.moc"
