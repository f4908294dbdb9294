#include "ui/window/experiment_panel.h"

#include "engine/train/comparison.h"

#include "ui/charts/experiment_chart.h"
#include "ui/state/experiment_summary_model.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace studio {

namespace {
QString duration(double seconds) {
    if (seconds < 90) return QObject::tr("%1 s").arg(std::lround(seconds));
    if (seconds < 5400) return QObject::tr("%1 min").arg(std::lround(seconds / 60));
    return QObject::tr("%1 h").arg(seconds / 3600, 0, 'f', 1);
}

QToolButton* button(QAction* action) {
    auto* b = new QToolButton;
    b->setDefaultAction(action);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}
} // namespace

ExperimentPanel::ExperimentPanel(ExperimentWorker* worker, QWidget* parent)
    : QWidget(parent), m_worker(worker), m_summary(new ExperimentSummaryModel(this)) {
    m_rerun = new QAction(tr("Rerun the original &experiment"), this);
    m_rerun->setToolTip(tr("Train the nine configurations of the original experiment, each "
                           "with every seed, on the open dataset with the form's other "
                           "settings, one run after another in the background"));
    m_pause = new QAction(tr("Pause"), this);
    m_pause->setToolTip(tr("Pause the experiment at the next batch, or resume it"));
    m_stop = new QAction(tr("Stop"), this);
    m_stop->setToolTip(tr("Stop the experiment at the next batch; the finished runs are kept"));
    m_showStored = new QAction(tr("Summarise stored runs"), this);
    m_showStored->setToolTip(tr("Fill the table and the chart from the stored runs of the "
                                "experiment's configurations (those of Runs, imported too)"));
    connect(m_showStored, &QAction::triggered, this, &ExperimentPanel::storedRunsRequested);
    m_seeds = new QSpinBox;
    m_seeds->setRange(1, 100);
    m_seeds->setValue(5);
    m_seeds->setSuffix(tr(" seeds"));
    m_seeds->setToolTip(tr("Runs per configuration, one seed each (the form's seed, +1, …)"));
    connect(m_rerun, &QAction::triggered, this, [this] { emit startRequested(seeds()); });
    connect(m_pause, &QAction::triggered, this, [this] {
        if (m_worker->isPaused())
            m_worker->resume();
        else
            m_worker->pause();
    });
    connect(m_stop, &QAction::triggered, m_worker, &ExperimentWorker::stop);

    m_progress = new QLabel(tr("No experiment yet."));
    m_progress->setWordWrap(true);
    m_caption = new QLabel;
    m_caption->setWordWrap(true);
    m_table = new QTableView;
    m_table->setModel(m_summary);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_chart = new ExperimentChart(m_summary);

    // Two rows: a dock is narrow, and cut-off button texts say nothing.
    auto* start = new QHBoxLayout;
    start->addWidget(button(m_rerun));
    start->addWidget(m_seeds);
    start->addStretch(1);
    auto* controls = new QHBoxLayout;
    controls->addWidget(button(m_pause));
    controls->addWidget(button(m_stop));
    controls->addStretch(1);
    controls->addWidget(button(m_showStored));
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(start);
    layout->addLayout(controls);
    layout->addWidget(m_progress);
    layout->addWidget(split, 1);
    layout->addWidget(m_caption);

    connect(worker, &ExperimentWorker::started, this, &ExperimentPanel::onStarted);
    connect(worker, &ExperimentWorker::progress, this, &ExperimentPanel::onProgress);
    connect(worker, &ExperimentWorker::runFinished, m_summary, &ExperimentSummaryModel::addRun);
    connect(worker, &ExperimentWorker::runFinished, this,
            [this] { m_table->resizeColumnsToContents(); });
    connect(worker, &ExperimentWorker::pausedChanged, this, [this](bool paused) {
        refreshActions();
        if (paused) m_progress->setText(m_progress->text() + tr(" — paused"));
    });
    connect(worker, &ExperimentWorker::finished, this, &ExperimentPanel::onFinished);
    refreshActions();
}

int ExperimentPanel::seeds() const {
    return m_seeds->value();
}

void ExperimentPanel::setSeeds(int seeds) {
    m_seeds->setValue(seeds);
}

QString ExperimentPanel::progressText() const {
    return m_progress->text();
}

QString ExperimentPanel::captionText() const {
    return m_caption->text();
}

void ExperimentPanel::setBlocked(const QString& reason) {
    m_blocked = reason;
    refreshActions();
}

void ExperimentPanel::refreshActions() {
    const bool running = m_worker->isRunning();
    m_rerun->setEnabled(!running && m_blocked.isEmpty());
    m_rerun->setStatusTip(m_blocked);
    m_seeds->setEnabled(!running);
    m_pause->setEnabled(running);
    m_pause->setText(m_worker->isPaused() ? tr("Resume") : tr("Pause"));
    m_stop->setEnabled(running);
    m_showStored->setEnabled(!running);
    if (!m_blocked.isEmpty() && !running) m_progress->setText(m_blocked);
}

void ExperimentPanel::showStoredRuns(const std::vector<ner::RunResult>& runs) {
    QStringList keys;
    for (const ner::ComparedConfiguration& c : ner::originalExperiment())
        keys << QString::fromStdString(c.key);
    m_summary->start(keys);
    QStringList datasets;
    int shown = 0;
    for (const ner::RunResult& run : runs)
        if (run.finished && keys.contains(QString::fromStdString(run.key))) {
            m_summary->addRun(run);
            ++shown;
            const QString dataset = QString::fromStdString(run.dataset);
            if (!datasets.contains(dataset)) datasets << dataset;
        }
    m_table->resizeColumnsToContents();
    m_progress->setText(shown == 0 ? tr("No stored run is of the experiment's configurations.")
                                   : tr("%1 stored runs of the experiment, on %2")
                                         .arg(shown)
                                         .arg(datasets.join(QStringLiteral(", "))));
    m_caption->clear();
}

void ExperimentPanel::onStarted(const ExperimentStart& start) {
    m_start = start;
    m_summary->start(start.keys);
    m_progress->setText(tr("%1 configurations × %2 seeds = %3 runs of %4 epochs on %5")
                            .arg(start.keys.size())
                            .arg(start.seeds)
                            .arg(start.runs)
                            .arg(start.epochs)
                            .arg(start.dataset));
    m_caption->setText(tr("Tagging every character O would score a token accuracy of %1 % on "
                          "the test split of %2; entity F1 0.")
                           .arg(start.allOutsideAccuracy * 100, 0, 'f', 2)
                           .arg(start.dataset));
    refreshActions();
}

void ExperimentPanel::onProgress(const ExperimentProgress& p) {
    QString text = tr("run %1 of %2: %3 seed %4, epoch %5 of %6")
                       .arg(p.run)
                       .arg(p.runs)
                       .arg(p.name)
                       .arg(p.seed)
                       .arg(p.epoch)
                       .arg(p.epochs);
    if (p.fraction > 0.002) text += tr(", about %1 left").arg(duration(p.remainingSeconds));
    if (m_worker->isPaused()) text += tr(" — paused");
    m_progress->setText(text);
}

void ExperimentPanel::onFinished(const ExperimentEnd& end) {
    QString text;
    if (!end.error.isEmpty())
        text = tr("The experiment failed: %1 (%2 of %3 runs finished)")
                   .arg(end.error)
                   .arg(end.finishedRuns)
                   .arg(end.runs);
    else if (end.stopped)
        text = tr("Stopped: %1 of %2 runs finished").arg(end.finishedRuns).arg(end.runs);
    else
        text = tr("Done: %1 runs finished").arg(end.finishedRuns);
    m_progress->setText(text);
    emit message(text);
    refreshActions();
}

} // namespace studio
