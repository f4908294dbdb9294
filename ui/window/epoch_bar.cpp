#include "ui/window/epoch_bar.h"

#include "ui/window/studio_style.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <climits>

namespace studio {

EpochBar::EpochBar(QWidget* parent) : QWidget(parent), m_replayTimer(new QTimer(this)) {
    auto arrow = [this](Qt::ArrowType type, int delta, const QString& tip) {
        auto* button = new QToolButton;
        button->setArrowType(type);
        button->setToolTip(tip);
        button->setAutoRaise(true);
        connect(button, &QToolButton::clicked, this, [this, delta] {
            setReplaying(false);
            emit stepRequested(delta);
        });
        return button;
    };
    m_previous = arrow(Qt::LeftArrow, -1, tr("The epoch before (← on a chart)"));
    m_label = new QLabel;
    m_label->setStyleSheet(
        QStringLiteral("color: %1; font-weight: bold;").arg(style::chosenEpochColor().name()));
    m_next = arrow(Qt::RightArrow, +1, tr("The epoch after (→ on a chart)"));
    m_replay = new QToolButton;
    m_replay->setCheckable(true);
    m_replay->setAutoRaise(true);
    m_replay->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_replay->setToolTip(tr("Replay the run: every epoch from the start, one after another"));
    connect(m_replay, &QToolButton::toggled, this, &EpochBar::setReplaying);
    m_latest = new QToolButton;
    m_latest->setText(tr("Latest weights"));
    m_latest->setToolTip(
        tr("The inspector shows the weights of an epoch chosen on the charts or in View. "
           "Go back to the weights training has now (Esc on a chart)"));
    connect(m_latest, &QToolButton::clicked, this, [this] {
        setReplaying(false);
        emit latestRequested();
    });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_previous, m_label, m_next, m_replay, m_latest})
        layout->addWidget(w);

    m_replayTimer->setInterval(kReplayIntervalMs);
    connect(m_replayTimer, &QTimer::timeout, this, &EpochBar::replayStep);
    setVisible(false);
}

bool EpochBar::isReplaying() const {
    return m_replayTimer->isActive();
}

void EpochBar::showEpoch(std::optional<int> epoch) {
    m_stepPending = false;
    setVisible(epoch.has_value());
    if (!epoch) {
        setReplaying(false);
        return;
    }
    m_label->setText(tr("epoch %1").arg(*epoch));
}

void EpochBar::replay() {
    setReplaying(true);
}

void EpochBar::setReplaying(bool on) {
    if (m_replay->isChecked() != on) {
        const QSignalBlocker quiet(m_replay);
        m_replay->setChecked(on);
    }
    if (on == isReplaying()) return;
    if (!on) {
        m_replayTimer->stop();
        m_replay->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
        return;
    }
    m_replay->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_replayTimer->start();
    emit stepRequested(INT_MIN / 2); // to the first kept epoch: the run's start
}

void EpochBar::replayStep() {
    // A step that showed nothing new means the last epoch is on screen: the replay is over.
    if (m_stepPending) {
        setReplaying(false);
        return;
    }
    m_stepPending = true;
    emit stepRequested(+1);
}

} // namespace studio
