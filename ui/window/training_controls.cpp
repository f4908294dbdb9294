#include "ui/window/training_controls.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <cmath>

namespace studio {

namespace {
QString duration(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

TrainingControls::TrainingControls(QWidget* parent) : QWidget(parent) {
    QStyle* st = style();
    m_train = new QAction(st->standardIcon(QStyle::SP_MediaPlay), tr("&Train"), this);
    m_train->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_train->setToolTip(tr("Train (Ctrl+R)"));
    m_pause = new QAction(st->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
    m_resume = new QAction(st->standardIcon(QStyle::SP_MediaSeekForward), tr("Res&ume"), this);
    m_stop = new QAction(st->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), this);
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_reset = new QAction(st->standardIcon(QStyle::SP_BrowserReload), tr("R&eset"), this);
    m_reset->setToolTip(tr("Forget the model and the metrics"));
    connect(m_train, &QAction::triggered, this, &TrainingControls::trainRequested);
    connect(m_pause, &QAction::triggered, this, &TrainingControls::pauseRequested);
    connect(m_resume, &QAction::triggered, this, &TrainingControls::resumeRequested);
    connect(m_stop, &QAction::triggered, this, &TrainingControls::stopRequested);
    connect(m_reset, &QAction::triggered, this, &TrainingControls::resetRequested);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(4);
    for (QAction* action : actions()) {
        auto* button = new QToolButton;
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setAutoRaise(true);
        layout->addWidget(button);
    }
    layout->addSpacing(12);
    m_stateLabel = new QLabel;
    m_stateLabel->setMinimumWidth(70);
    layout->addWidget(m_stateLabel);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setMinimumWidth(300);
    layout->addWidget(m_progress, 1);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(100);
    connect(m_refreshTimer, &QTimer::timeout, this, &TrainingControls::refresh);
    setState(TrainingState::Idle);
    clearProgress();
}

void TrainingControls::setState(TrainingState state) {
    m_state = state;
    const bool active = state == TrainingState::Running || state == TrainingState::Paused ||
                        state == TrainingState::Preparing;
    m_train->setEnabled(!active && !m_fileLoading && m_blocked.isEmpty());
    m_train->setStatusTip(m_blocked);
    m_pause->setEnabled(state == TrainingState::Running);
    m_resume->setEnabled(state == TrainingState::Paused);
    m_stop->setEnabled(active);
    m_reset->setEnabled(state != TrainingState::Preparing);
    m_train->setText(state == TrainingState::Stopped ? tr("&Continue") : tr("&Train"));
    m_stateLabel->setText(QStringLiteral("<b>%1</b>").arg(trainingStateName(state)));
    refresh();
}

void TrainingControls::setFileLoading(bool loading) {
    m_fileLoading = loading;
    setState(m_state);
}

void TrainingControls::setBlocked(const QString& reason) {
    m_blocked = reason;
    setState(m_state);
}

void TrainingControls::setWaitingForDictionary(bool waiting) {
    m_waitingForDictionary = waiting;
    refresh();
}

void TrainingControls::showProgress(const BatchMetrics& metrics) {
    m_latest = metrics.progress;
    if (!m_refreshTimer->isActive()) m_refreshTimer->start();
}

void TrainingControls::showEpoch(const EpochMetrics& metrics) {
    m_bestF1 = metrics.report.bestDevF1;
    if (!m_refreshTimer->isActive()) m_refreshTimer->start();
}

void TrainingControls::clearProgress() {
    m_latest.reset();
    m_bestF1 = -1;
    refresh();
    emit throughputChanged(QString());
}

void TrainingControls::setEpochCount(int epochs) {
    m_epochs = epochs;
    refresh();
}

QString TrainingControls::progressText() const {
    return m_progress->format();
}

void TrainingControls::refresh() {
    if (!m_latest) {
        m_progress->setValue(0);
        m_progress->setFormat(m_state != TrainingState::Preparing ? tr("Ready to train")
                              : m_waitingForDictionary
                                  ? tr("Reading the dictionary… training starts when it is read")
                                  : tr("Building the model…"));
        return;
    }
    const ner::BatchProgress& p = *m_latest;
    m_progress->setValue(int(std::lround(p.progress * 1000)));
    QString text = tr("Epoch %1 · batch %2/%3 · %4 elapsed")
                       .arg(m_epochs > 0 ? QStringLiteral("%1/%2").arg(p.epoch).arg(m_epochs)
                                         : QString::number(p.epoch))
                       .arg(p.batch)
                       .arg(p.batchesPerEpoch)
                       .arg(duration(p.elapsedSeconds));
    if (m_state == TrainingState::Running || m_state == TrainingState::Paused)
        text += tr(" · %1 left").arg(duration(p.remainingSeconds));
    if (m_bestF1 >= 0) text += tr(" · best dev F1 %1").arg(m_bestF1, 0, 'f', 3);
    m_progress->setFormat(text);
    emit throughputChanged(tr("%L1 tokens/s").arg(p.tokensPerSecond, 0, 'f', 0));
}

} // namespace studio
