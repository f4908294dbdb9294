#pragma once
// One piece of work on a thread of its own, its result handed back to the owner's thread:
// the pattern of every file the studio reads in the background (a dataset, jieba's
// dictionary, a model file). work() runs on the new thread; then `done` runs on the thread
// of `context` (the owner, living on the GUI thread) as a queued call, after the thread has
// been joined. A queued call is dropped if `context` goes first, and the destructor joins
// the thread, so nothing outlives the owner that holds this as a member.
#include <QString>

#include <functional>
#include <memory>

class QObject;
class QThread;

namespace studio {

class BackgroundThread {
public:
    BackgroundThread();
    ~BackgroundThread(); // join()
    BackgroundThread(const BackgroundThread&) = delete;
    BackgroundThread& operator=(const BackgroundThread&) = delete;

    // False, and nothing starts, while the previous run has not been joined.
    bool start(QObject* context, const QString& name, std::function<void()> work,
               std::function<void()> done);
    bool isRunning() const { return m_thread != nullptr; }
    // Waits for the thread, if any (a run joined early, as a cancelled load is, still has
    // its `done` called later; the owner tells a superseded run from the current one).
    void join();

private:
    std::unique_ptr<QThread> m_thread;
    long m_runs = 0; // which run `done` belongs to: only the current one joins the thread
};

} // namespace studio
