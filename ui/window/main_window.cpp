#include "ui/window/main_window.h"

#include "ui/charts/dynamics_chart.h"
#include "ui/inspector/embedding_map_panel.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/state_map_panel.h"
#include "ui/state/app_settings.h"
#include "ui/state/counted.h"
#include "ui/state/dataset_session.h"
#include "ui/state/inspected_weights.h"
#include "ui/state/metrics_history.h"
#include "ui/state/run_store.h"
#include "ui/state/training_session.h"
#include "ui/window/dataset_load_indicator.h"
#include "ui/window/dataset_panel.h"
#include "ui/window/epoch_bar.h"
#include "ui/window/experiment_panel.h"
#include "ui/window/guide_dialog.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/recent_files_menu.h"
#include "ui/window/results_panel.h"
#include "ui/window/studio_style.h"
#include "ui/window/training_controls.h"
#include "ui/workers/dictionary_loader.h"
#include "ui/workers/experiment_worker.h"
#include "ui/workers/model_loader.h"
#include "ui/workers/model_scorer.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

namespace studio {

MainWindow::MainWindow(QWidget* parent, const QString& dictionaryPath)
    : QMainWindow(parent), m_settings(new AppSettings), m_dataset(new DatasetSession(this)),
      m_dictionary(new DictionaryLoader(dictionaryPath, this)),
      m_modelLoader(new ModelLoader(this)), m_scorer(new ModelScorer(this)),
      m_epochScorer(new ModelScorer(this)), m_session(new TrainingSession(this)),
      m_inspected(new InspectedWeights(m_session, this)),
      m_runStore(new RunStore(RunStore::defaultFolder(), this)),
      m_experiment(new ExperimentWorker(this)) {
    setWindowTitle(QStringLiteral("LSTM NER Studio"));
    setWindowIcon(style::applicationIcon());
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    m_controls = new TrainingControls;
    auto* toolbar = addToolBar(tr("Training"));
    toolbar->setObjectName(QStringLiteral("trainingToolbar"));
    toolbar->setMovable(false);
    toolbar->addWidget(m_controls);

    m_datasetPanel = new DatasetPanel(m_dataset);
    m_hyperparameters = new HyperparameterPanel;
    m_inspector = new InspectorPanel;
    // The character map draws a chosen character's path through the run's kept epochs.
    m_inspector->characterMap()->setEpochSource([this] {
        EmbeddingMapPanel::EpochCopies copies;
        const EpochWeights& kept = m_session->epochWeights();
        for (int epoch : kept.epochs())
            copies.emplace_back(epoch, kept.at(epoch));
        return copies;
    });
    m_results = new ResultsPanel;
    setCentralWidget(buildCentralArea());
    buildDocks();
    buildMenus();

    m_weightsLabel = new QLabel;
    m_throughputLabel = new QLabel;
    m_throughputLabel->setMinimumWidth(120);
    for (QLabel* label : {m_weightsLabel, m_throughputLabel})
        label->setContentsMargins(10, 0, 10, 0);
    statusBar()->addPermanentWidget(new DatasetLoadIndicator(m_dataset));
    statusBar()->addPermanentWidget(m_weightsLabel);
    statusBar()->addPermanentWidget(m_throughputLabel);

    m_reportError = [this](const QString& title, const QString& text) {
        QMessageBox::warning(this, title, text);
    };
    m_session->setRecoveryPath(m_settings->recoveryModelPath());
    connectSessions();
    restoreSettings();
    QTimer::singleShot(0, this, &MainWindow::offerRecovery); // once the window is up
}

MainWindow::~MainWindow() {
    delete m_settings;
}

MetricsChart* MainWindow::chart(MetricsChart::Kind kind) const {
    for (MetricsChart* c : m_charts)
        if (c->kind() == kind) return c;
    return nullptr;
}

QWidget* MainWindow::buildCentralArea() {
    auto* charts = new QSplitter(Qt::Horizontal);
    charts->setChildrenCollapsible(false);
    for (auto kind :
         {MetricsChart::Kind::Loss, MetricsChart::Kind::Accuracy, MetricsChart::Kind::F1}) {
        auto* chart = new MetricsChart(m_session->history(), kind);
        connect(chart, &MetricsChart::exportRequested, this,
                [this, chart] { chooseChartFile(chart); });
        charts->addWidget(chart);
        m_charts << chart;
    }
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);
    charts->setStretchFactor(2, 2);
    auto* split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("centralSplitter"));
    split->addWidget(charts);
    split->addWidget(m_inspector);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({300, 560});
    split->setChildrenCollapsible(false);
    return split;
}

void MainWindow::buildDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* widget) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                       QDockWidget::DockWidgetClosable);
        return d;
    };
    auto* settingsScroll = new QScrollArea;
    settingsScroll->setWidget(m_hyperparameters);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Docks take their width from their widgets; these keep forms and tables unclipped.
    settingsScroll->setMinimumWidth(290);
    m_datasetPanel->setMinimumWidth(270);
    m_results->setMinimumWidth(390);
    m_datasetDock = dock(tr("Dataset"), QStringLiteral("datasetDock"), m_datasetPanel);
    m_settingsDock = dock(tr("Hyper-parameters"), QStringLiteral("settingsDock"), settingsScroll);
    m_resultsDock = dock(tr("Results"), QStringLiteral("resultsDock"), m_results);
    addDockWidget(Qt::LeftDockWidgetArea, m_datasetDock);
    addDockWidget(Qt::LeftDockWidgetArea, m_settingsDock);
    addDockWidget(Qt::RightDockWidgetArea, m_resultsDock);
    // Behind Results, which matters more at the end of a run; a tab away while training.
    m_dynamicsChart = new DynamicsChart(m_session->dynamics());
    m_dynamicsDock = dock(tr("Learning dynamics"), QStringLiteral("dynamicsDock"), m_dynamicsChart);
    tabifyDockWidget(m_resultsDock, m_dynamicsDock);
    m_runsDock = buildRunsDock();
    tabifyDockWidget(m_resultsDock, m_runsDock);
    m_resultsDock->raise();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_openDatasetAction =
        file->addAction(tr("Open &dataset…"), QKeySequence::Open, this, &MainWindow::chooseDataset);
    m_recentDatasets = new RecentFilesMenu(tr("Recent datasets"), this);
    file->addMenu(m_recentDatasets);
    m_builtinAction =
        file->addAction(tr("Use the &built-in corpus"), this, [this] { openDataset(QString()); });
    file->addSeparator();
    m_openModelAction =
        file->addAction(tr("Open &model…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                        &MainWindow::chooseModelToOpen);
    m_recentModels = new RecentFilesMenu(tr("Recent models"), this);
    file->addMenu(m_recentModels);
    file->addAction(tr("&Save model…"), QKeySequence::Save, this, [this] { chooseModelToSave(); });
    m_saveEpochAction = file->addAction(tr("Save the c&hosen epoch's weights…"), this,
                                        &MainWindow::chooseEpochToSave);
    m_saveEpochAction->setEnabled(false); // until an epoch is chosen
    file->addSeparator();
    file->addAction(tr("Export metrics as &CSV…"), this, &MainWindow::chooseMetricsFile);
    file->addAction(tr("Export &gate activations as CSV…"), this,
                    &MainWindow::chooseGateActivationsFile);
    file->addAction(tr("Export &influence map as CSV…"), this, &MainWindow::chooseInfluenceFile);
    file->addAction(tr("Export gate &saturation as CSV…"), this, &MainWindow::chooseSaturationFile);
    file->addAction(tr("Export c&haracter map as CSV…"), this, &MainWindow::chooseCharacterMapFile);
    file->addAction(tr("Export hidden s&tates as CSV…"), this, &MainWindow::chooseHiddenStatesFile);
    QMenu* charts = file->addMenu(tr("Export chart as &PNG"));
    for (MetricsChart* chart : m_charts)
        charts->addAction(chart->title() + QStringLiteral("…"), this,
                          [this, chart] { chooseChartFile(chart); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* training = menuBar()->addMenu(tr("&Training"));
    training->addActions(m_controls->actions());
    training->addSeparator();
    training->addAction(m_experimentPanel->rerunAction());
    training->addAction(m_experimentPanel->pauseAction());
    training->addAction(m_experimentPanel->stopAction());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d :
         {m_datasetDock, m_settingsDock, m_resultsDock, m_dynamicsDock, m_runsDock})
        view->addAction(d->toggleViewAction());
    // Going back to an epoch, for the keyboard and for anyone who never clicks a chart.
    view->addSeparator();
    m_epochActions = {
        view->addAction(tr("&Earlier epoch"), QKeySequence(Qt::ALT | Qt::Key_Left), m_inspected,
                        [this] { m_inspected->stepEpoch(-1); }),
        view->addAction(tr("La&ter epoch"), QKeySequence(Qt::ALT | Qt::Key_Right), m_inspected,
                        [this] { m_inspected->stepEpoch(+1); }),
        view->addAction(tr("&Replay the run"), QKeySequence(Qt::ALT | Qt::Key_Home), this,
                        [this] { m_inspector->epochBar()->replay(); }),
        view->addAction(tr("&Latest weights"), QKeySequence(Qt::ALT | Qt::Key_End), m_inspected,
                        &InspectedWeights::followSession),
    };
    m_epochActions[0]->setStatusTip(
        tr("The inspector shows the weights of the epoch before (also: click a chart)"));
    refreshEpochActions();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Guide to the studio"), QKeySequence::HelpContents, this,
                    &MainWindow::showGuide);
    help->addAction(tr("&About LSTM NER Studio"), this, [this] {
        QMessageBox::about(this, tr("About LSTM NER Studio"), GuideDialog::aboutText());
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    connect(m_recentDatasets, &RecentFilesMenu::fileChosen, this, &MainWindow::openDataset);
    connect(m_recentModels, &RecentFilesMenu::fileChosen, this, &MainWindow::openModel);
    connect(m_recentDatasets, &RecentFilesMenu::clearRequested, this, [this] {
        m_settings->clearRecentDatasets();
        refreshRecentMenus();
    });
    connect(m_recentModels, &RecentFilesMenu::clearRequested, this, [this] {
        m_settings->clearRecentModels();
        refreshRecentMenus();
    });
}

void MainWindow::connectSessions() {
    connect(m_dataset, &DatasetSession::datasetChanged, this, &MainWindow::onDatasetChanged);
    connect(m_dataset, &DatasetSession::loadStarted, this, &MainWindow::refreshFileActions);
    connect(m_modelLoader, &ModelLoader::loadingChanged, this, &MainWindow::refreshFileActions);
    connect(m_modelLoader, &ModelLoader::loaded, this, &MainWindow::onModelRead);
    connect(m_scorer, &ModelScorer::scored, this, &MainWindow::onModelScored);
    connect(m_epochScorer, &ModelScorer::scored, this, &MainWindow::onEpochScored);
    connect(m_modelLoader, &ModelLoader::failed, this,
            [this](const QString&, const QString& error) {
                reportError(tr("Cannot open the model"), error);
            });
    connect(m_dataset, &DatasetSession::datasetChanged, this, &MainWindow::refreshFileActions);
    connect(m_dataset, &DatasetSession::loadCancelled, this, [this](const QString& path) {
        refreshFileActions();
        m_settings->setLastDataset(m_dataset->path()); // what is loaded, not what was not
        statusBar()->showMessage(tr("Stopped reading %1; %2 stays loaded")
                                     .arg(QFileInfo(path).fileName(), m_dataset->displayName()),
                                 8000);
    });
    connect(m_dataset, &DatasetSession::loadFailed, this, [this](const DatasetLoadError& e) {
        refreshFileActions();
        m_settings->setLastDataset(m_dataset->path());
        reportError(
            tr("Cannot read the dataset"),
            tr("%1\n\nFile: %2\nLine: %3\nProblem: %4\n\nThe previous dataset stays loaded.")
                .arg(e.message(), e.file, e.line > 0 ? QString::number(e.line) : tr("(whole file)"),
                     e.problem));
    });
    connect(m_datasetPanel, &DatasetPanel::openRequested, this, &MainWindow::chooseDataset);
    connect(m_datasetPanel, &DatasetPanel::builtinRequested, this, [this] { openDataset({}); });

    m_session->setDictionaryLoader(m_dictionary);
    m_hyperparameters->setDictionaryStatus(m_dictionary->status(), m_dictionary->path());
    connect(m_dictionary, &DictionaryLoader::loaded, this, &MainWindow::onDictionaryRead);
    connect(m_dictionary, &DictionaryLoader::failed, this, &MainWindow::onDictionaryRead);

    connect(m_hyperparameters, &HyperparameterPanel::settingsChanged, m_session,
            &TrainingSession::setSettings);
    connect(m_controls, &TrainingControls::trainRequested, m_session, &TrainingSession::train);
    connect(m_controls, &TrainingControls::pauseRequested, m_session, &TrainingSession::pause);
    connect(m_controls, &TrainingControls::resumeRequested, m_session, &TrainingSession::resume);
    connect(m_controls, &TrainingControls::stopRequested, m_session, &TrainingSession::stop);
    connect(m_controls, &TrainingControls::resetRequested, this, [this] {
        if (!confirmUnsavedModel(tr("Reset"), tr("Save the trained model before forgetting it?")))
            return;
        m_session->reset();
        m_results->clear();
        m_controls->clearProgress();
    });
    connect(m_controls, &TrainingControls::throughputChanged, m_throughputLabel, &QLabel::setText);

    connect(m_session, &TrainingSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_session, &TrainingSession::weightsChanged, this,
            &MainWindow::onSessionWeightsChanged);
    connect(m_inspected, &InspectedWeights::weightsChanged, this,
            &MainWindow::onInspectedWeightsChanged);
    connect(m_inspected, &InspectedWeights::chosenEpochChanged, this,
            &MainWindow::onChosenEpochChanged);
    for (MetricsChart* chart : m_charts) {
        connect(chart, &MetricsChart::epochClicked, m_inspected, &InspectedWeights::chooseEpoch);
        connect(chart, &MetricsChart::epochStepped, m_inspected, &InspectedWeights::stepEpoch);
        connect(chart, &MetricsChart::latestRequested, m_inspected,
                &InspectedWeights::followSession);
    }
    connect(m_inspector, &InspectorPanel::latestWeightsRequested, m_inspected,
            &InspectedWeights::followSession);
    connect(m_inspector, &InspectorPanel::epochStepRequested, m_inspected,
            &InspectedWeights::stepEpoch);
    connect(m_session, &TrainingSession::batchProgress, m_controls,
            &TrainingControls::showProgress);
    connect(m_session, &TrainingSession::trainingStarted, this, [this](const TrainingStart& s) {
        m_controls->setEpochCount(m_hyperparameters->settings().train.epochs);
        if (!s.continued) {
            m_results->clear();
            m_controls->clearProgress();
        }
    });
    connect(m_session, &TrainingSession::epochWeightsForgotten, this,
            &MainWindow::refreshEpochActions);
    connect(m_session, &TrainingSession::trainingStarted, this, &MainWindow::refreshEpochActions);
    connect(m_session, &TrainingSession::epochFinished, this, [this](const EpochMetrics& m) {
        refreshEpochActions();
        m_controls->showEpoch(m);
        // The dock shows the chosen epoch's scores while one is chosen, as the inspector does.
        if (!m_inspected->chosenEpoch()) showEpochResults(m.report);
    });
    connect(m_results, &ResultsPanel::sentenceChosen, m_inspector, &InspectorPanel::showReference);
    connect(m_session, &TrainingSession::trainingFinished, this, [this](const TrainingOutcome& o) {
        if (o.test) m_results->showTest(*o.test, o.bestEpoch, o.testIntervals);
        recordStudioRun(o);
    });
    connectRuns();
    connect(m_session, &TrainingSession::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(m_session, &TrainingSession::trainingFailed, this,
            [this](const QString& text) { reportError(tr("Training failed"), text); });
}

void MainWindow::onDatasetChanged() {
    m_datasetPanel->refresh();
    m_session->setDataset(m_dataset->data());
    scoreOpenedModel(); // a model from a file keeps its weights: score them on the new data
    m_inspector->setDataset(m_dataset->data());
    // The sample replaces only an empty box or the previous sample, never the user's text;
    // it comes with its gold entities, so that training visibly finds them one by one.
    const ReferenceSentence sample = m_dataset->sampleReference();
    const QString text = m_inspector->text();
    if (text.isEmpty() || text == m_sampleSentence || text == sample.text())
        m_inspector->showReference(sample);
    m_sampleSentence = sample.text();
    m_settings->setLastDataset(m_dataset->path());
    if (const QString path = m_dataset->path(); !path.isEmpty()) {
        m_settings->addRecentDataset(path);
        m_settings->setLastDirectory(QFileInfo(path).absolutePath());
        refreshRecentMenus();
    }
    statusBar()->showMessage(
        tr("Loaded %1: %2")
            .arg(m_dataset->displayName(),
                 counted(m_dataset->stats().sentences, tr("sentence"), tr("sentences"))),
        8000);
}

void MainWindow::onDictionaryRead() {
    const ner::SharedLexicon lexicon = m_dictionary->lexicon();
    m_hyperparameters->setDictionaryStatus(m_dictionary->status(), m_dictionary->error(),
                                           lexicon ? long(lexicon->size()) : 0);
    // Quietly when it worked (it is expected); a failure is said once, not in a dialog:
    // everything but the dictionary features still works.
    if (!lexicon)
        statusBar()->showMessage(tr("Dictionary features are off: %1").arg(m_dictionary->error()),
                                 15000);
}

void MainWindow::onStateChanged(TrainingState state) {
    m_controls->setWaitingForDictionary(m_session->isWaitingForDictionary());
    m_controls->setState(state);
    m_hyperparameters->setShapeLocked(m_session->modelShapeFixed());
    refreshFileActions();
    refreshRunsBlocking();
}

void MainWindow::scoreOpenedModel() {
    // Training scores its own weights every epoch; a model from a file has no such figures,
    // so it is scored here, on the dev split, as it is.
    const WeightsSnapshot& weights = m_session->weights();
    if (!weights.isFromFile() || !m_dataset->data() || m_session->isActive()) {
        m_scorer->cancel();
        return;
    }
    m_results->clear();
    m_results->showScoring(weights.origin);
    m_scorer->score(weights, m_dataset->data());
}

void MainWindow::onModelScored(const ModelScore& score) {
    // Only for what is still shown: the scorer reports the newest request, which is the
    // current model on the current data unless training has started since.
    if (score.weights.tagger != m_session->weights().tagger || score.data != m_dataset->data() ||
        m_session->isActive())
        return;
    if (score.dev)
        m_results->showModelEvaluation(*score.dev, score.wrong, score.weights.origin);
    else
        m_results->showModelUnscored(score.weights.origin, score.error);
}

void MainWindow::onEpochScored(const ModelScore& score) {
    if (!score.dev || score.weights.tagger != m_inspected->weights().tagger) return;
    const int epoch = score.weights.epoch;
    // Nothing before it: at its own epoch, its F1 is the best so far.
    m_results->showEvaluation(*score.dev, epoch, score.dev->entities.overall.f1(), epoch);
    m_results->showSentenceErrors(score.wrong, score.dev->sentences, epoch);
}

void MainWindow::refreshDictionaryField() {
    // A trained or opened model goes on with the dictionary it reads; a preview does not count.
    const WeightsSnapshot& weights = m_session->weights();
    const ner::Lexicon* lexicon =
        weights.tagger && !weights.isUntrained() ? weights.tagger->lexicon() : nullptr;
    m_hyperparameters->setModelDictionary(lexicon ? long(lexicon->size()) : 0);
}

void MainWindow::refreshFileActions() {
    // Another file may not open while a run trains or a dataset or model is still being read.
    const bool reading = m_dataset->isLoading() || m_modelLoader->isLoading();
    const bool busy = m_session->isActive() || reading;
    for (QAction* a : {m_openDatasetAction, m_builtinAction, m_openModelAction})
        a->setEnabled(!busy);
    m_recentDatasets->setEnabled(!busy);
    m_recentModels->setEnabled(!busy);
    m_datasetPanel->setOpenEnabled(!busy);
    m_controls->setFileLoading(reading);
}

void MainWindow::onSessionWeightsChanged() {
    refreshDictionaryField();
    scoreOpenedModel();
}

void MainWindow::onInspectedWeightsChanged(const WeightsSnapshot& weights) {
    m_inspector->setWeights(weights);
    if (m_guide) m_guide->setCell(modelCell());
    QString text;
    if (weights.isNull())
        text = tr("no model");
    else if (weights.origin == QLatin1String("training"))
        text = tr("weights: epoch %1 · step %2").arg(weights.epoch).arg(weights.step);
    else if (weights.origin == QLatin1String("best"))
        text = tr("weights: best, epoch %1").arg(weights.epoch);
    else if (weights.isChosenEpoch())
        text = tr("weights: epoch %1, chosen").arg(weights.epoch);
    else
        text = tr("weights: %1").arg(weights.origin);
    m_weightsLabel->setText(text);
}

void MainWindow::refreshEpochActions() {
    const bool kept = !m_session->epochWeights().empty();
    for (QAction* action : m_epochActions)
        action->setEnabled(kept);
}

void MainWindow::showEpochResults(const ner::EpochReport& report) {
    m_results->showEvaluation(report.dev, report.epoch, report.bestDevF1, report.bestEpoch,
                              report.devIntervals);
    m_results->showSentenceErrors(report.devErrors, report.dev.sentences, report.epoch);
}

void MainWindow::onChosenEpochChanged(std::optional<int> epoch) {
    for (MetricsChart* chart : m_charts)
        chart->setMarkedEpoch(epoch);
    m_saveEpochAction->setEnabled(epoch.has_value());
    // The Results dock follows: that epoch's dev scores and wrong sentences, or, going back,
    // the latest epoch's. Training never scored epoch 0, so it is scored here, in the
    // background, the first time it is chosen.
    const std::vector<int> kept = m_session->epochWeights().epochs();
    const int shown = epoch ? *epoch : (kept.empty() ? 0 : kept.back());
    m_epochScorer->cancel();
    if (const ner::EpochReport* report = m_session->epochReport(shown))
        showEpochResults(*report);
    else if (epoch && m_dataset->data())
        m_epochScorer->score(m_inspected->weights(), m_dataset->data());
    if (!epoch) return;
    const QString what = *epoch == 0 ? tr("the weights the run started from")
                                     : tr("the weights after epoch %1").arg(*epoch);
    statusBar()->showMessage(
        tr("The inspector shows %1; training, Save and Train use the latest and best as before. "
           "On a chart: ← → step through the epochs, Esc goes back")
            .arg(what),
        10000);
}

void MainWindow::reportError(const QString& title, const QString& text) {
    statusBar()->showMessage(title, 10000);
    if (m_reportError) m_reportError(title, text);
}

void MainWindow::restoreSettings() {
    const TrainingSettings settings = m_settings->trainingSettings();
    m_hyperparameters->setSettings(settings);
    m_session->setSettings(settings);
    if (const QByteArray geometry = m_settings->windowGeometry(); !geometry.isEmpty())
        restoreGeometry(geometry);
    else
        resize(1500, 950);
    if (!restoreState(m_settings->windowState()))
        resizeDocks({m_datasetDock, m_settingsDock}, {330, 520}, Qt::Vertical);
    chart(MetricsChart::Kind::Loss)->setLogScale(m_settings->lossLogScale());
    chart(MetricsChart::Kind::F1)->setPerType(m_settings->f1PerType());
    m_dynamicsChart->setQuantity(m_settings->dynamicsShowsGradient()
                                     ? DynamicsHistory::Quantity::Gradient
                                     : DynamicsHistory::Quantity::UpdateRatio);
    if (const int characters = m_settings->characterMapSize(); characters > 0)
        m_inspector->characterMap()->charactersBox()->setValue(characters); // clamped to its range
    if (const int characters = m_settings->stateMapSize(); characters > 0)
        m_inspector->stateMap()->charactersBox()->setValue(characters);
    if (m_settings->hasInspectorText()) m_inspector->setText(m_settings->inspectorText());
    m_inspector->setHeatmapView(m_settings->heatmapView());
    refreshRecentMenus();

    // The built-in corpus at once, so the window never starts empty; the last file, if any,
    // then loads in the background and replaces it (or fails and leaves it).
    const QString last = m_settings->lastDataset();
    openDataset(QString());
    if (!last.isEmpty()) openDataset(last);
}

void MainWindow::saveSettings() {
    m_settings->setWindowLayout(saveGeometry(), saveState());
    m_settings->setTrainingSettings(m_hyperparameters->settings());
    m_settings->setInspectorText(m_inspector->text());
    m_settings->setHeatmapView(m_inspector->heatmapView());
    m_settings->setLossLogScale(chart(MetricsChart::Kind::Loss)->logScale());
    m_settings->setF1PerType(chart(MetricsChart::Kind::F1)->perType());
    m_settings->setDynamicsShowsGradient(m_dynamicsChart->quantity() ==
                                         DynamicsHistory::Quantity::Gradient);
    m_settings->setCharacterMapSize(m_inspector->characterMap()->charactersBox()->value());
    m_settings->setStateMapSize(m_inspector->stateMap()->charactersBox()->value());
}

void MainWindow::refreshRecentMenus() {
    m_recentDatasets->setFiles(m_settings->recentDatasets());
    m_recentModels->setFiles(m_settings->recentModels());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    const bool running = m_session->isActive();
    if (!confirmUnsavedModel(running ? tr("Training is running") : tr("Unsaved model"),
                             running ? tr("Stop training and save the model before closing?")
                                     : tr("Save the trained model before closing?"))) {
        event->ignore();
        return;
    }
    if (running) m_session->stop();
    saveSettings();
    event->accept();
}

ner::CellType MainWindow::modelCell() const {
    const WeightsSnapshot& weights = m_inspected->weights();
    return weights.tagger ? weights.tagger->config().cell
                          : m_hyperparameters->settings().model.cell;
}

void MainWindow::showGuide() {
    if (!m_guide) m_guide = new GuideDialog(this);
    m_guide->setCell(modelCell());
    m_guide->show();
    m_guide->raise();
    m_guide->activateWindow();
}

} // namespace studio
