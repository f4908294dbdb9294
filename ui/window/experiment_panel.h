#pragma once
// The Runs dock's second tab: "Rerun the original experiment" (also in the Training menu),
// Pause/Resume and Stop, a progress line ("run 7 of 45: BiGRU seed 2, epoch 12 of 30, about
// 11 min left") and, filled as each run ends, the comparison table and the bar chart of mean
// test F1 with 95 % intervals, captioned with what tagging every character O would score.
// The panel only asks for a start (startRequested); the window builds the job from the
// dataset and the form.
#include "ui/workers/experiment_worker.h"

#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace studio {

class ExperimentChart;
class ExperimentSummaryModel;

class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentPanel(ExperimentWorker* worker, QWidget* parent = nullptr);

    QAction* rerunAction() const { return m_rerun; }
    QAction* pauseAction() const { return m_pause; }
    QAction* stopAction() const { return m_stop; }
    int seeds() const;
    void setSeeds(int seeds);
    ExperimentSummaryModel* summary() const { return m_summary; }
    ExperimentChart* chart() const { return m_chart; }
    QTableView* table() const { return m_table; }
    QString progressText() const;
    QString captionText() const;

public slots:
    // The table and the chart from runs already made (the store's): each finished run of one
    // of the experiment's configurations, grouped by configuration.
    void showStoredRuns(const std::vector<ner::RunResult>& runs);
    // Non-empty: the experiment cannot start now, and the tooltip says why (training runs).
    void setBlocked(const QString& reason);

signals:
    void startRequested(int seeds);
    void storedRunsRequested(); // Summarise stored runs: the window answers with showStoredRuns
    void message(const QString& text); // for the status bar

private:
    void onStarted(const ExperimentStart& start);
    void onProgress(const ExperimentProgress& progress);
    void onFinished(const ExperimentEnd& end);
    void refreshActions();

    ExperimentWorker* m_worker;
    ExperimentSummaryModel* m_summary;
    ExperimentChart* m_chart;
    QTableView* m_table;
    QAction* m_rerun;
    QAction* m_pause;
    QAction* m_stop;
    QAction* m_showStored;
    QSpinBox* m_seeds;
    QLabel* m_progress;
    QLabel* m_caption;
    QString m_blocked;
    ExperimentStart m_start;
};

} // namespace studio
