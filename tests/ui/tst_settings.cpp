// Hyper-parameters survive the form and the next session: every field the panel shows
// comes back unchanged from settings(), and from QSettings after a restart.
#include "engine/nn/lstm_cell.h"
#include "studio_test_support.h"
#include "ui/charts/dynamics_chart.h"
#include "ui/charts/metrics_chart.h"
#include "ui/inspector/embedding_map_panel.h"
#include "ui/inspector/gate_heatmap.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/state_map_panel.h"
#include "ui/state/app_settings.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/main_window.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLocale>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace studio;

namespace {
// Every value differs from TrainingSettings::defaults(), so a field that is dropped on the
// way reverts to its default and the comparison fails.
TrainingSettings unusualSettings() {
    TrainingSettings s = TrainingSettings::defaults();
    s.model.cell = ner::CellType::Gru;
    s.model.layers = 2;
    s.model.linearBetween = true;
    s.model.hiddenDim = 48;
    s.model.embeddingDim = 24;
    s.model.bidirectional = false;
    s.model.output = ner::OutputLayer::Softmax;
    s.model.scheme = ner::TagScheme::Bio;
    s.model.constrainedDecoding = false;
    s.model.dropout = 0.35;
    s.model.embeddingDropout = 0.45;
    s.model.recurrentDropout = 0.15;
    s.model.languageModelWeight = 0.35;
    s.train.optimizer.kind = ner::OptimizerKind::Sgd;
    s.train.optimizer.learningRate = 0.02;
    s.train.batchSize = 5;
    s.train.epochs = 7;
    s.train.seed = 99;
    s.train.threads = 1;
    s.dictionary = false;
    return s;
}
} // namespace

class TestSettings : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void panelShowsWhatItIsGiven();
    void recurrentDropoutEditEmitsSettings();
    void decodingIsASettingOutsideTheShape();
    void formFitsItsDock();
    void settingsSurviveARestart();
    void nextCharacterWeightFollowsTheShape();
    void heatmapViewSurvivesARestart();
    void chartChoicesSurviveARestart();
    void dictionaryIsOnWhenNothingIsStored();
    void dictionaryBoxFollowsTheDictionary();
    void cellChoiceSurvivesARestart();
    void linearLayersNeedTwoLayers();
    void heatmapGateOfAnOlderVersion();

private:
    QTemporaryDir m_settingsDir;
};

void TestSettings::initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
    QVERIFY(!(unusualSettings() == TrainingSettings::defaults()));
}

void TestSettings::panelShowsWhatItIsGiven() {
    HyperparameterPanel panel;
    const TrainingSettings s = unusualSettings();
    panel.setSettings(s);
    QVERIFY(panel.settings() == s);
    QCOMPARE(panel.settings().model.recurrentDropout, 0.15);
    QCOMPARE(panel.settings().model.embeddingDropout, 0.45);
}

void TestSettings::recurrentDropoutEditEmitsSettings() {
    HyperparameterPanel panel;
    panel.setSettings(TrainingSettings::defaults());
    QSignalSpy changed(&panel, &HyperparameterPanel::settingsChanged);
    auto* box = panel.findChild<QDoubleSpinBox*>(QStringLiteral("recurrentDropout"));
    QVERIFY(box != nullptr);
    box->setValue(0.4);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<TrainingSettings>().model.recurrentDropout, 0.4);

    // Embedding dropout likewise; and a changed value is a change of settings (Train then
    // starts a new run from the current weights instead of continuing the old one).
    auto* embedding = panel.findChild<QDoubleSpinBox*>(QStringLiteral("embeddingDropout"));
    QVERIFY(embedding != nullptr);
    QCOMPARE(embedding->value(), TrainingSettings::defaults().model.embeddingDropout);
    embedding->setValue(0.1);
    const TrainingSettings edited = changed.last().at(0).value<TrainingSettings>();
    QCOMPARE(edited.model.embeddingDropout, 0.1);
    TrainingSettings expected = TrainingSettings::defaults();
    expected.model.recurrentDropout = 0.4;
    QVERIFY(!(edited == expected));
    expected.model.embeddingDropout = 0.1;
    QVERIFY(edited == expected);
}

void TestSettings::decodingIsASettingOutsideTheShape() {
    HyperparameterPanel panel;
    panel.setSettings(TrainingSettings::defaults());
    auto* decoding = panel.findChild<QComboBox*>(QStringLiteral("decoding"));
    QVERIFY(decoding != nullptr);
    QVERIFY(panel.settings().model.constrainedDecoding); // the default, shown as it is
    QCOMPARE(decoding->currentText(), QStringLiteral("Constrained"));
    // It selects the epoch that is kept, not the weights' shape: it stays editable while a
    // model exists, and a change is a change of settings (Train starts a new run).
    panel.setShapeLocked(true);
    QVERIFY(decoding->isEnabled());
    QSignalSpy changed(&panel, &HyperparameterPanel::settingsChanged);
    decoding->setCurrentIndex(decoding->findText(QStringLiteral("Free")));
    QCOMPARE(changed.size(), 1);
    const TrainingSettings edited = changed.last().at(0).value<TrainingSettings>();
    QVERIFY(!edited.model.constrainedDecoding);
    QVERIFY(!(edited == TrainingSettings::defaults()));
    QVERIFY(edited.sameShape(TrainingSettings::defaults()));
}

void TestSettings::formFitsItsDock() {
    // The main window gives the form's scroll area 290 pixels and no horizontal scroll bar;
    // a wider form had its fields cut off at the right edge (spin arrows, combo arrows).
    HyperparameterPanel panel;
    const int needed = panel.minimumSizeHint().width();
    QVERIFY2(needed <= 290, qPrintable(QString("the form needs %1 pixels").arg(needed)));
}

void TestSettings::settingsSurviveARestart() {
    {
        AppSettings settings;
        settings.setTrainingSettings(unusualSettings());
    }
    const AppSettings restarted;
    QVERIFY(restarted.trainingSettings() == unusualSettings());
}

void TestSettings::nextCharacterWeightFollowsTheShape() {
    HyperparameterPanel panel;
    TrainingSettings s = TrainingSettings::defaults();
    s.model.layers = 1;
    s.model.bidirectional = true;
    panel.setSettings(s);
    auto* weight = panel.findChild<QDoubleSpinBox*>(QStringLiteral("languageModelWeight"));
    QVERIFY(weight != nullptr);
    QVERIFY(weight->isEnabled());
    // Two bidirectional layers: the objective does not apply, and the field says so.
    s.model.layers = 2;
    panel.setSettings(s);
    QVERIFY(!weight->isEnabled());
    QVERIFY(weight->toolTip().contains(QStringLiteral("Off")));
    s.model.bidirectional = false;
    panel.setSettings(s);
    QVERIFY(weight->isEnabled());
    // The heads are parameters: the weight locks with the model's shape.
    panel.setShapeLocked(true);
    QVERIFY(!weight->isEnabled());
    panel.setShapeLocked(false);
    QVERIFY(weight->isEnabled());
}

void TestSettings::heatmapViewSurvivesARestart() {
    const HeatmapView unusual{QStringLiteral("f"), int(GateHeatmap::Directions::Backward),
                              int(GateHeatmap::UnitOrder::Variation)};
    QVERIFY(!(unusual == HeatmapView{}));
    {
        InspectorPanel panel;
        QVERIFY(panel.heatmapView() == HeatmapView{}); // the defaults are what it shows
        panel.setHeatmapView(unusual);
        QVERIFY(panel.heatmapView() == unusual);
        // The selectors drive the heatmap.
        QCOMPARE(panel.heatmap()->gate(), ner::LstmGate::Forget);
        QCOMPARE(panel.heatmap()->unitOrder(), GateHeatmap::UnitOrder::Variation);
        AppSettings settings;
        settings.setHeatmapView(panel.heatmapView());
    }
    const AppSettings restarted;
    QVERIFY(restarted.heatmapView() == unusual);

    // A value no selector offers (another version's settings) leaves that selector alone.
    InspectorPanel panel;
    panel.setHeatmapView({QStringLiteral("q"), unusual.directions, 7});
    QCOMPARE(panel.heatmapView().gate, HeatmapView{}.gate);
    QCOMPARE(panel.heatmapView().directions, unusual.directions);
    QCOMPARE(panel.heatmapView().unitOrder, HeatmapView{}.unitOrder);
}

void TestSettings::chartChoicesSurviveARestart() {
    {
        MainWindow window;
        QVERIFY(!window.chart(MetricsChart::Kind::F1)->perType());
        QVERIFY(!window.chart(MetricsChart::Kind::Loss)->logScale());
        window.chart(MetricsChart::Kind::F1)->setPerType(true);
        window.chart(MetricsChart::Kind::Loss)->setLogScale(true);
        QCOMPARE(window.dynamicsChart()->quantity(), DynamicsHistory::Quantity::UpdateRatio);
        window.dynamicsChart()->setQuantity(DynamicsHistory::Quantity::Gradient);
        QSpinBox* size = window.inspector()->characterMap()->charactersBox();
        QCOMPARE(size->value(), EmbeddingMapPanel::kDefaultCharacters);
        size->setValue(650);
        QSpinBox* states = window.inspector()->stateMap()->charactersBox();
        QCOMPARE(states->value(), StateMapPanel::kDefaultCharacters);
        states->setValue(3500);
        QVERIFY(window.close()); // nothing trained: no question, the settings are saved
    }
    MainWindow restarted;
    QVERIFY(restarted.chart(MetricsChart::Kind::F1)->perType());
    QVERIFY(restarted.chart(MetricsChart::Kind::Loss)->logScale());
    QCOMPARE(restarted.dynamicsChart()->quantity(), DynamicsHistory::Quantity::Gradient);
    QCOMPARE(restarted.inspector()->characterMap()->charactersBox()->value(), 650);
    QCOMPARE(restarted.inspector()->stateMap()->charactersBox()->value(), 3500);
    restarted.chart(MetricsChart::Kind::F1)->setPerType(false);
    restarted.chart(MetricsChart::Kind::Loss)->setLogScale(false);
    QVERIFY(restarted.close());
    QVERIFY(!AppSettings().f1PerType());
}

void TestSettings::dictionaryIsOnWhenNothingIsStored() {
    {
        AppSettings settings;
        settings.setTrainingSettings(unusualSettings()); // dictionary off…
        QVERIFY(!settings.trainingSettings().dictionary);
    }
    // …then the key is gone, as in an older version's settings.
    QSettings().remove(QStringLiteral("model/dictionary"));
    const AppSettings older;
    QVERIFY(older.trainingSettings().dictionary);
    TrainingSettings expected = unusualSettings();
    expected.dictionary = true;
    QVERIFY(older.trainingSettings() == expected); // the rest as stored
}

void TestSettings::dictionaryBoxFollowsTheDictionary() {
    HyperparameterPanel panel;
    auto* box = panel.findChild<QCheckBox*>(QStringLiteral("dictionaryFeatures"));
    QVERIFY(box != nullptr);
    QCOMPARE(box->text(), QStringLiteral("Dictionary features"));
    panel.setSettings(TrainingSettings::defaults());
    QVERIFY(box->isChecked());

    panel.setDictionaryStatus(DictionaryStatus::Loading, QStringLiteral("/some/dict.txt"));
    QVERIFY(!box->isEnabled());
    QVERIFY(box->isChecked()); // the choice stands: it applies once the dictionary is read
    QVERIFY2(box->toolTip().contains(QStringLiteral("Reading the dictionary")),
             qPrintable(box->toolTip()));

    panel.setDictionaryStatus(DictionaryStatus::Ready, {}, 349045);
    QVERIFY(box->isEnabled());
    QVERIFY(box->isChecked());
    const QString tip = box->toolTip();
    for (const QString& part : {QStringLiteral("jieba"), QLocale().toString(349045) + " words",
                                QStringLiteral("organisation"), QStringLiteral("segmentation")})
        QVERIFY2(tip.contains(part), qPrintable(tip));

    // Unticking is a change of settings, and of the model's shape.
    QSignalSpy changed(&panel, &HyperparameterPanel::settingsChanged);
    box->setChecked(false);
    QCOMPARE(changed.size(), 1);
    const TrainingSettings off = changed.last().at(0).value<TrainingSettings>();
    QVERIFY(!off.dictionary);
    QVERIFY(!off.sameShape(TrainingSettings::defaults()));
    box->setChecked(true);
    QVERIFY(panel.settings().dictionary);

    // It locks with the shape.
    panel.setShapeLocked(true);
    QVERIFY(!box->isEnabled());
    panel.setShapeLocked(false);
    QVERIFY(box->isEnabled());

    // Unreadable: unticked and disabled, saying why; the user's choice is kept for when it
    // can be read again, and no settings change is announced.
    changed.clear();
    panel.setDictionaryStatus(DictionaryStatus::Failed,
                              QStringLiteral("dict.txt: install Debian's python3-jieba"));
    QVERIFY(!box->isEnabled());
    QVERIFY(!box->isChecked());
    QVERIFY2(box->toolTip().contains(QStringLiteral("python3-jieba")), qPrintable(box->toolTip()));
    QVERIFY(box->toolTip().contains(QStringLiteral("Unavailable")));
    QVERIFY(panel.settings().dictionary);
    QCOMPARE(changed.size(), 0);
}

void TestSettings::cellChoiceSurvivesARestart() {
    QSettings().clear();
    {
        MainWindow window;
        auto* cell = window.hyperparameterPanel()->findChild<QComboBox*>(QStringLiteral("cell"));
        QVERIFY(cell);
        QCOMPARE(cell->currentText(), QStringLiteral("LSTM")); // nothing stored: the default
        cell->setCurrentIndex(cell->findText(QStringLiteral("GRU")));
        QCOMPARE(window.hyperparameterPanel()->settings().model.cell, ner::CellType::Gru);
        // The untrained preview follows the form; the heatmap then offers the GRU's gates,
        // and z is chosen.
        InspectorPanel* inspector = window.inspector();
        inspector->setText(QStringLiteral("李明在北京工作"));
        QTRY_VERIFY_WITH_TIMEOUT(inspector->shownResult().analysis &&
                                     inspector->shownResult().analysis->cell == ner::CellType::Gru,
                                 10000);
        QComboBox* gates = inspector->gateChooser();
        gates->setCurrentIndex(gates->findData(QStringLiteral("z")));
        QCOMPARE(inspector->heatmapView().gate, QStringLiteral("z"));
        QVERIFY(window.close()); // nothing trained: no question, the settings are saved
    }
    QCOMPARE(QSettings().value(QStringLiteral("model/cell")).toString(), QStringLiteral("gru"));
    QCOMPARE(AppSettings().trainingSettings().model.cell, ner::CellType::Gru);

    MainWindow restarted;
    auto* cell = restarted.hyperparameterPanel()->findChild<QComboBox*>(QStringLiteral("cell"));
    QCOMPARE(cell->currentText(), QStringLiteral("GRU"));
    QCOMPARE(restarted.hyperparameterPanel()->settings().model.cell, ner::CellType::Gru);
    // z is kept until a model of a cell that has it is shown (the settings are read before
    // the first model is built), then chosen.
    InspectorPanel* inspector = restarted.inspector();
    QCOMPARE(inspector->heatmapView().gate, QStringLiteral("z"));
    QTRY_VERIFY_WITH_TIMEOUT(inspector->shownResult().analysis &&
                                 inspector->shownResult().analysis->cell == ner::CellType::Gru,
                             10000);
    QCOMPARE(inspector->gateChoices(), (QStringList{"r", "z", "n", "h"}));
    QCOMPARE(inspector->gateChooser()->currentData().toString(), QStringLiteral("z"));
    QCOMPARE(inspector->heatmap()->shownGate(), 1);
    QVERIFY(restarted.close());
    QSettings().clear();
}

void TestSettings::linearLayersNeedTwoLayers() {
    HyperparameterPanel panel;
    TrainingSettings s = TrainingSettings::defaults();
    QCOMPARE(s.model.layers, 1);
    panel.setSettings(s);
    auto* linear = panel.findChild<QCheckBox*>(QStringLiteral("linearBetween"));
    auto* layers = panel.findChild<QSpinBox*>(QStringLiteral("layers"));
    QVERIFY(linear && layers);
    QCOMPARE(linear->text(), QStringLiteral("Linear layers between"));
    QVERIFY(!linear->isEnabled()); // one layer: nothing to go between
    QVERIFY(!linear->isChecked());

    QSignalSpy changed(&panel, &HyperparameterPanel::settingsChanged);
    layers->setValue(2);
    QVERIFY(linear->isEnabled());
    linear->setChecked(true);
    TrainingSettings edited = changed.last().at(0).value<TrainingSettings>();
    QVERIFY(edited.model.linearBetween);
    QVERIFY(!edited.sameShape(TrainingSettings::defaults()));
    edited.model.validate(); // two layers: a valid configuration

    // Back to one layer: disabled, and the settings have none (validate() would refuse them);
    // the tick waits for a second layer.
    layers->setValue(1);
    QVERIFY(!linear->isEnabled());
    QVERIFY(linear->isChecked());
    QVERIFY(!changed.last().at(0).value<TrainingSettings>().model.linearBetween);
    QVERIFY(!panel.settings().model.linearBetween);
    layers->setValue(3);
    QVERIFY(panel.settings().model.linearBetween);

    // Part of the shape: it locks with it.
    panel.setShapeLocked(true);
    QVERIFY(!linear->isEnabled());
    panel.setShapeLocked(false);
    QVERIFY(linear->isEnabled());
}

void TestSettings::heatmapGateOfAnOlderVersion() {
    // The studio used to store the LSTM gate's number (5 for h, 1 for f).
    QSettings().clear();
    QSettings().setValue(QStringLiteral("inspector/gate"), 1);
    QCOMPARE(AppSettings().heatmapView().gate, QStringLiteral("f"));
    QSettings().setValue(QStringLiteral("inspector/gate"), 5);
    QCOMPARE(AppSettings().heatmapView().gate, QStringLiteral("h"));
    // What this version writes wins over it.
    AppSettings().setHeatmapView({QStringLiteral("z"), HeatmapView::kBothDirections, 0});
    QCOMPARE(AppSettings().heatmapView().gate, QStringLiteral("z"));
    QSettings().clear();
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
