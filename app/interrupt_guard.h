#pragma once
// Ctrl-C while training. Hours of training must not vanish with one keystroke: the first
// SIGINT asks the trainer to stop at the next batch boundary, so the best weights so far are
// still tested and saved; a second one ends the process at once (the default action).
#include "engine/train/trainer.h"

#include <csignal>

namespace cli {

// While in scope, the first SIGINT only raises a flag (raised()); the handler then resets
// itself, so that a second one ends the process at once. Restores the previous action.
class InterruptFlag {
public:
    InterruptFlag();
    ~InterruptFlag();
    InterruptFlag(const InterruptFlag&) = delete;
    InterruptFlag& operator=(const InterruptFlag&) = delete;
    static bool raised();

private:
    struct sigaction m_previous {};
};

class InterruptGuard : public ner::TrainingObserver {
public:
    // Installs the SIGINT handler; progress is passed every report unchanged.
    InterruptGuard(ner::Trainer& trainer, ner::TrainingObserver& progress);
    ~InterruptGuard() override; // restores the previous SIGINT action
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    void onBatch(const ner::BatchProgress& p) override;
    void onEpoch(const ner::EpochReport& r) override;

private:
    void stopIfInterrupted();

    InterruptFlag m_flag;
    ner::Trainer& m_trainer;
    ner::TrainingObserver& m_progress;
};

} // namespace cli
