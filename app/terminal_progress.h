#pragma once
// Training progress for a terminal: a redrawn progress bar on stderr (only when stderr is a
// terminal), a line per epoch, or JSON lines on stdout.
#include "engine/trainer.h"

#include <chrono>

namespace cli {

class TerminalProgress : public ner::TrainingObserver {
public:
    TerminalProgress(bool json, bool quiet);
    void onBatch(const ner::BatchProgress& p) override;
    void onEpoch(const ner::EpochReport& r) override;
    double lastTokensPerSecond() const { return m_tokensPerSecond; }
    double meanTokensPerSecond() const;

private:
    bool m_json, m_quiet, m_bar;
    std::chrono::steady_clock::time_point m_lastDraw{};
    double m_tokensPerSecond = 0, m_trainSeconds = 0, m_trainTokens = 0;
};

} // namespace cli
