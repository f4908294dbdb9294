#pragma once
// Beside the inspector's sentence while it shows an epoch chosen on the charts or in View rather
// than the session's weights: which epoch, a step either way, a replay of the run from its start,
// and the way back to the latest weights. It only asks (stepRequested, latestRequested); which
// epochs exist is InspectedWeights's business, and showEpoch() says what is shown.
#include <QWidget>

#include <optional>

class QLabel;
class QTimer;
class QToolButton;

namespace studio {

class EpochBar : public QWidget {
    Q_OBJECT
public:
    // A replay shows each epoch this long: enough for the tags and the heatmap to follow
    // (the saturation and unit tabs redraw at most every 2 s and lag behind).
    static constexpr int kReplayIntervalMs = 600;

    explicit EpochBar(QWidget* parent = nullptr);

    QToolButton* previousButton() const { return m_previous; }
    QToolButton* nextButton() const { return m_next; }
    QToolButton* replayButton() const { return m_replay; }
    QToolButton* latestButton() const { return m_latest; }
    bool isReplaying() const;

public slots:
    // The epoch the inspector now shows; nullopt hides the bar (and ends a replay).
    void showEpoch(std::optional<int> epoch);
    void replay(); // from the run's start, as ▶ does

signals:
    void stepRequested(int delta); // kept epochs to move by; clamped at the first and last
    void latestRequested();

private:
    void setReplaying(bool on);
    void replayStep();

    QToolButton* m_previous;
    QLabel* m_label;
    QToolButton* m_next;
    QToolButton* m_replay;
    QToolButton* m_latest;
    QTimer* m_replayTimer;
    bool m_stepPending = false; // a replay step asked for and not yet shown
};

} // namespace studio
