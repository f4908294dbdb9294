#include "app/terminal_progress.h"

#include "app/report_format.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace cli {

TerminalProgress::TerminalProgress(bool json, bool quiet)
    : m_json(json), m_quiet(quiet), m_bar(!quiet && ::isatty(2)) {}

void TerminalProgress::onBatch(const ner::BatchProgress& p) {
    if (m_json) {
        if (m_epochDynamics.size() != p.dynamics.size()) {
            m_epochDynamics.clear();
            for (const ner::GroupDynamics& g : p.dynamics)
                m_epochDynamics.push_back({g.group});
        }
        for (size_t k = 0; k < p.dynamics.size(); ++k) {
            m_epochDynamics[k].gradient += p.dynamics[k].gradient;
            m_epochDynamics[k].updateRatio += p.dynamics[k].updateRatio();
        }
        ++m_epochBatches;
    }
    if (!m_bar) return;
    const auto now = std::chrono::steady_clock::now();
    if (p.batch != p.batchesPerEpoch && now - m_lastDraw < std::chrono::milliseconds(100)) return;
    m_lastDraw = now;
    const int width = 30, filled = int(p.progress * width + 0.5);
    std::fprintf(stderr,
                 "\r[%s%s] %3.0f%%  epoch %d batch %d/%d  loss %.3f  %.0f tok/s  %.0fs left  ",
                 std::string(size_t(filled), '#').c_str(),
                 std::string(size_t(width - filled), '.').c_str(), p.progress * 100, p.epoch,
                 p.batch, p.batchesPerEpoch, p.loss, p.tokensPerSecond, p.remainingSeconds);
    std::fflush(stderr);
}

double TerminalProgress::meanTokensPerSecond() const {
    return m_trainSeconds > 0 ? m_trainTokens / m_trainSeconds : 0.0;
}

void TerminalProgress::onEpoch(const ner::EpochReport& r) {
    m_tokensPerSecond = r.tokensPerSecond;
    m_trainSeconds += r.seconds;
    m_trainTokens += r.tokensPerSecond * r.seconds;
    if (m_bar) std::fprintf(stderr, "\r%100s\r", "");
    if (m_json) {
        nlohmann::json j = {{"epoch", r.epoch},       {"train_loss", r.trainLoss},
                            {"seconds", r.seconds},   {"tokens_per_second", r.tokensPerSecond},
                            {"improved", r.improved}, {"best_dev_f1", r.bestDevF1}};
        if (r.train) addEvaluation(j, "train", *r.train, false);
        addEvaluation(j, "dev", r.dev, false);
        if (r.devIntervals) j["dev_bootstrap"] = intervalsJson(*r.devIntervals);
        nlohmann::json dynamics = nlohmann::json::array();
        for (GroupSums& g : m_epochDynamics) {
            const double n = std::max(1, m_epochBatches);
            dynamics.push_back({{"group", g.group},
                                {"gradient", g.gradient / n},
                                {"update_ratio", g.updateRatio / n}});
            g.gradient = g.updateRatio = 0;
        }
        m_epochBatches = 0;
        j["dynamics"] = dynamics;
        std::cout << j.dump() << std::endl;
    } else if (!m_quiet && r.dev.tokens == 0) { // no dev split: nothing to score
        std::fprintf(stderr, "epoch %2d  train loss %.4f%s  %.0f tok/s\n", r.epoch, r.trainLoss,
                     r.improved ? " *" : "  ", r.tokensPerSecond);
    } else if (!m_quiet) {
        std::fprintf(stderr,
                     "epoch %2d  train loss %.4f  dev loss %.4f  dev acc %.4f  dev P/R/F1 "
                     "%.4f/%.4f/%.4f%s  %.0f tok/s\n",
                     r.epoch, r.trainLoss, r.dev.loss, r.dev.tokenAccuracy,
                     r.dev.entities.overall.precision(), r.dev.entities.overall.recall(),
                     r.dev.entities.overall.f1(), r.improved ? " *" : "  ", r.tokensPerSecond);
    }
}

ner::LoadProgress readingProgress(bool quiet) {
    if (quiet || !::isatty(2)) return {};
    using Clock = std::chrono::steady_clock;
    // Small files load in a blink: draw only once a file has taken 0.3 s, then every 0.1 s.
    return [start = Clock::time_point{}, lastDraw = Clock::time_point{},
            drawn = false](double fraction) mutable {
        const auto now = Clock::now();
        if (fraction == 0.0) start = now;
        if (fraction >= 1.0) {
            if (drawn) std::fprintf(stderr, "\r%40s\r", "");
            drawn = false;
            return true;
        }
        if (now - start < std::chrono::milliseconds(300) ||
            now - lastDraw < std::chrono::milliseconds(100))
            return true;
        lastDraw = now;
        drawn = true;
        std::fprintf(stderr, "\rreading data %3.0f%%", fraction * 100);
        std::fflush(stderr);
        return true;
    };
}

} // namespace cli
