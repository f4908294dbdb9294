#pragma once
// Train / Pause / Resume / Stop / Reset and the progress of the run (epoch, batch, time
// left). Progress arrives once per batch; the bar is redrawn from a short timer with the
// latest figures, since QProgressBar repaints on every change of its text.
#include "ui/workers/training_messages.h"

#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QProgressBar;
class QTimer;

namespace studio {

class TrainingControls : public QWidget {
    Q_OBJECT
public:
    explicit TrainingControls(QWidget* parent = nullptr);

    QAction* trainAction() const { return m_train; }
    QAction* pauseAction() const { return m_pause; }
    QAction* resumeAction() const { return m_resume; }
    QAction* stopAction() const { return m_stop; }
    QAction* resetAction() const { return m_reset; }
    QList<QAction*> actions() const { return {m_train, m_pause, m_resume, m_stop, m_reset}; }
    QString progressText() const;

public slots:
    void setState(studio::TrainingState state);
    void showProgress(const studio::BatchMetrics& metrics);
    void showEpoch(const studio::EpochMetrics& metrics);
    void clearProgress();
    void setEpochCount(int epochs); // the run's total, for "epoch 3/30"
    // While a dataset or model file loads, Train waits for it rather than train on what it
    // replaces.
    void setFileLoading(bool loading);
    // Train was pressed before the dictionary had been read: the bar says what it waits for.
    void setWaitingForDictionary(bool waiting);
    // Non-empty: Train waits (the experiment is running), and its tooltip says why.
    void setBlocked(const QString& reason);

signals:
    void trainRequested();
    void pauseRequested();
    void resumeRequested();
    void stopRequested();
    void resetRequested();
    void throughputChanged(const QString& text); // tokens per second, for the status bar

private:
    void refresh();

    QAction* m_train;
    QAction* m_pause;
    QAction* m_resume;
    QAction* m_stop;
    QAction* m_reset;
    QProgressBar* m_progress;
    QLabel* m_stateLabel;
    QTimer* m_refreshTimer;
    TrainingState m_state = TrainingState::Idle;
    bool m_fileLoading = false;
    bool m_waitingForDictionary = false;
    QString m_blocked;
    std::optional<ner::BatchProgress> m_latest;
    int m_epochs = 0;
    double m_bestF1 = -1;
};

} // namespace studio
