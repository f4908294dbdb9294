#pragma once
// Runs a job at most once per interval. A request during the quiet period after a run is
// deferred to its end, and any number of requests in that period give one run, which sees
// the state of the last. Used for work that new weights (every 0.4 s while training) would
// otherwise redo back to back: a unit's profile over the dev split, a sentence's influence map.
#include <QElapsedTimer>
#include <QObject>

#include <functional>

class QTimer;

namespace studio {

class Throttle : public QObject {
    Q_OBJECT
public:
    Throttle(int intervalMs, std::function<void()> job, QObject* parent);

    int interval() const { return m_interval; }
    // Runs the job now if the interval since the last run has passed, else at its end.
    void request();
    // Runs the job now, whatever the interval, and cancels a deferred run.
    void runNow();
    bool isPending() const;

private:
    int m_interval;
    std::function<void()> m_job;
    QTimer* m_timer;
    QElapsedTimer m_sinceRun;
};

} // namespace studio
