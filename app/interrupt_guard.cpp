#include "app/interrupt_guard.h"

namespace cli {

namespace {
// Written by the handler, read by the training thread: only a sig_atomic_t is safe here.
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int) {
    g_interrupted = 1;
}
} // namespace

InterruptFlag::InterruptFlag() {
    g_interrupted = 0;
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    // After the first Ctrl-C the default action is back: a second one ends the process.
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, &m_previous);
}

InterruptFlag::~InterruptFlag() {
    sigaction(SIGINT, &m_previous, nullptr);
}

bool InterruptFlag::raised() {
    return g_interrupted != 0;
}

InterruptGuard::InterruptGuard(ner::Trainer& trainer, ner::TrainingObserver& progress)
    : m_trainer(trainer), m_progress(progress) {}

InterruptGuard::~InterruptGuard() = default;

void InterruptGuard::stopIfInterrupted() {
    // Called on the training thread between batches; the trainer stops before the next one.
    if (InterruptFlag::raised()) m_trainer.requestStop();
}

void InterruptGuard::onBatch(const ner::BatchProgress& p) {
    m_progress.onBatch(p);
    stopIfInterrupted();
}

void InterruptGuard::onEpoch(const ner::EpochReport& r) {
    m_progress.onEpoch(r);
    stopIfInterrupted();
}

} // namespace cli
