#include "ui/workers/background_thread.h"

#include <QThread>

namespace studio {

BackgroundThread::BackgroundThread() = default;

BackgroundThread::~BackgroundThread() {
    join();
}

bool BackgroundThread::start(QObject* context, const QString& name, std::function<void()> work,
                             std::function<void()> done) {
    if (m_thread) return false;
    const long run = ++m_runs;
    m_thread.reset(QThread::create(
        [this, context, run, work = std::move(work), done = std::move(done)]() mutable {
            work();
            QMetaObject::invokeMethod(
                context,
                [this, run, done = std::move(done)] {
                    if (run == m_runs) join(); // it has nothing left to do but return
                    done();
                },
                Qt::QueuedConnection);
        }));
    m_thread->setObjectName(name);
    m_thread->start();
    return true;
}

void BackgroundThread::join() {
    if (!m_thread) return;
    m_thread->wait();
    m_thread.reset();
}

} // namespace studio
