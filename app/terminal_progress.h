#pragma once
// Training progress for a terminal: a redrawn progress bar on stderr (only when stderr is a
// terminal), a line per epoch, or JSON lines on stdout (with each part of the model's mean
// gradient norm and update-to-weight ratio over the epoch: engine/train/learning_dynamics.h).
#include "engine/data/dataset_reader.h"
#include "engine/train/trainer.h"

#include <chrono>
#include <string>
#include <vector>

namespace cli {

class TerminalProgress : public ner::TrainingObserver {
public:
    TerminalProgress(bool json, bool quiet);
    void onBatch(const ner::BatchProgress& p) override;
    void onEpoch(const ner::EpochReport& r) override;
    double lastTokensPerSecond() const { return m_tokensPerSecond; }
    double meanTokensPerSecond() const;

private:
    // The epoch's batches summed per group of parameters, for the "dynamics" of its JSON line.
    struct GroupSums {
        std::string group;
        double gradient = 0, updateRatio = 0;
    };

    bool m_json, m_quiet, m_bar;
    std::vector<GroupSums> m_epochDynamics;
    int m_epochBatches = 0;
    std::chrono::steady_clock::time_point m_lastDraw{};
    double m_tokensPerSecond = 0, m_trainSeconds = 0, m_trainTokens = 0;
};

// For LoadOptions::progress: "reading data  45%" redrawn on stderr while a file takes longer
// than a moment to read; nothing when quiet or when stderr is not a terminal.
ner::LoadProgress readingProgress(bool quiet);

} // namespace cli
