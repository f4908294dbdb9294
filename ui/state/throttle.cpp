#include "ui/state/throttle.h"

#include <QTimer>

#include <algorithm>

namespace studio {

Throttle::Throttle(int intervalMs, std::function<void()> job, QObject* parent)
    : QObject(parent), m_interval(intervalMs), m_job(std::move(job)), m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &Throttle::runNow);
}

void Throttle::request() {
    if (m_timer->isActive()) return; // the deferred run will see this request's state
    const qint64 since = m_sinceRun.isValid() ? m_sinceRun.elapsed() : m_interval;
    m_timer->start(int(std::max<qint64>(0, m_interval - since)));
}

void Throttle::runNow() {
    m_timer->stop();
    m_sinceRun.start();
    m_job();
}

bool Throttle::isPending() const {
    return m_timer->isActive();
}

} // namespace studio
