// The window's Runs dock: the stored runs and their overlays on the charts, the experiment
// and what it and the studio's own training leave in the run store.
#include "ui/state/dataset_session.h"
#include "ui/state/metrics_history.h"
#include "ui/state/run_list_model.h"
#include "ui/state/run_overlays.h"
#include "ui/state/run_store.h"
#include "ui/state/training_session.h"
#include "ui/window/experiment_panel.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/main_window.h"
#include "ui/window/runs_panel.h"
#include "ui/window/training_controls.h"
#include "ui/workers/dictionary_loader.h"
#include "ui/workers/experiment_worker.h"

#include <QDockWidget>
#include <QStatusBar>
#include <QTabWidget>

namespace studio {

QDockWidget* MainWindow::buildRunsDock() {
    m_runsPanel = new RunsPanel(m_runStore);
    m_experimentPanel = new ExperimentPanel(m_experiment);
    auto* tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("runsTabs"));
    tabs->addTab(m_runsPanel, tr("Runs"));
    tabs->addTab(m_experimentPanel, tr("Experiment"));
    tabs->setMinimumWidth(390);
    auto* dock = new QDockWidget(tr("Runs"), this);
    dock->setObjectName(QStringLiteral("runsDock"));
    dock->setWidget(tabs);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    // Choosing "Rerun the original experiment" from the menu shows what it fills.
    connect(m_experimentPanel->rerunAction(), &QAction::triggered, dock, [dock, tabs, this] {
        dock->show();
        dock->raise();
        tabs->setCurrentWidget(m_experimentPanel);
    });
    return dock;
}

void MainWindow::connectRuns() {
    connect(m_runsPanel->model(), &RunListModel::checkedChanged, this, [this] {
        const QList<RunOverlay> overlays = runOverlays(m_runsPanel->model()->checkedRuns());
        for (MetricsChart* chart : m_charts)
            chart->setOverlays(overlays);
    });
    connect(m_experimentPanel, &ExperimentPanel::startRequested, this,
            &MainWindow::startExperiment);
    connect(m_experimentPanel, &ExperimentPanel::storedRunsRequested, this, [this] {
        std::vector<ner::RunResult> runs;
        for (const StoredRun& stored : m_runStore->runs())
            runs.push_back(stored.run);
        m_experimentPanel->showStoredRuns(runs);
    });
    connect(m_experimentPanel, &ExperimentPanel::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 15000); });
    connect(m_experiment, &ExperimentWorker::runFinished, m_runStore, &RunStore::add);
    connect(m_experiment, &ExperimentWorker::started, this, &MainWindow::refreshRunsBlocking);
    connect(m_experiment, &ExperimentWorker::finished, this, &MainWindow::refreshRunsBlocking);
    connect(m_runStore, &RunStore::writeFailed, this,
            [this](const QString& text) { statusBar()->showMessage(text, 15000); });
    if (!m_runStore->damaged().isEmpty())
        statusBar()->showMessage(tr("Skipped %1 damaged run files in %2 (the Runs dock lists them)")
                                     .arg(m_runStore->damaged().size())
                                     .arg(m_runStore->folder()),
                                 15000);
}

bool MainWindow::startExperiment(int seeds) {
    if (m_session->isActive()) {
        statusBar()->showMessage(tr("The experiment waits: training is running (stop it first)"),
                                 10000);
        return false;
    }
    if (!m_dataset->data()) return false;
    const TrainingSettings settings = m_hyperparameters->settings();
    ExperimentJob job;
    job.data = m_dataset->data();
    job.configurations = ner::originalExperiment();
    job.base = settings.model;
    job.train = settings.train;
    job.train.evaluateTrain = false; // the table does not show it; a fifth of a run's time
    job.seeds = seeds;
    job.firstSeed = settings.train.seed;
    if (settings.dictionary) job.lexicon = m_dictionary->lexicon();
    if (!m_experiment->start(job)) return false;
    refreshRunsBlocking();
    statusBar()->showMessage(tr("The experiment runs in the background; Train waits until it "
                                "ends or is stopped"),
                             10000);
    return true;
}

void MainWindow::recordStudioRun(const TrainingOutcome& outcome) {
    if (!outcome.completed || !outcome.test) return;
    const std::shared_ptr<const ner::Tagger> model = m_session->modelToSave();
    const MetricsHistory* history = m_session->history();
    const QString dataset =
        m_dataset->data() ? QString::fromStdString(m_dataset->data()->name) : QString();
    m_runStore->add(studioRunResult(history->runSettings(), history->epochs(), outcome, dataset,
                                    model ? model->parameterCount() : 0));
}

void MainWindow::refreshRunsBlocking() {
    const bool experiment = m_experiment->isRunning();
    m_controls->setBlocked(experiment ? tr("The experiment is running: Train waits until it "
                                           "ends or is stopped (Runs → Experiment)")
                                      : QString());
    m_experimentPanel->setBlocked(m_session->isActive()
                                      ? tr("Training is running: the experiment can start "
                                           "once it is stopped or finished")
                                      : QString());
}

} // namespace studio
