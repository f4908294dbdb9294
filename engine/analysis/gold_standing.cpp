#include "engine/analysis/gold_standing.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ner {

std::optional<GoldStanding> goldStanding(TaggerNetwork& network, const Tagger& model,
                                         const std::vector<std::string>& chars,
                                         const std::vector<Span>& gold, int readings) {
    try {
        return weighTagging(network, model, chars,
                            spansToTags(gold, int(chars.size()), model.config().scheme), readings);
    } catch (const std::invalid_argument&) {
        return std::nullopt; // spans that do not fit the characters
    }
}

void weighGoldTaggings(TaggerNetwork& network, const Tagger& model,
                       std::vector<SentenceErrors>& sentences) {
    for (SentenceErrors& s : sentences)
        s.goldStanding = goldStanding(network, model, s.chars, s.gold);
}

NearMisses countNearMisses(const std::vector<SentenceErrors>& sentences) {
    NearMisses n;
    for (const SentenceErrors& s : sentences)
        if (const auto& g = s.goldStanding) {
            ++n.weighed;
            n.runnerUp += g->reading == 1 ? 1 : 0;
            n.listed += g->reading >= 1 ? 1 : 0;
        }
    return n;
}

std::string describeProbability(double p) {
    char text[64];
    if (p <= 0) return "0";
    if (p >= 0.001) {
        std::snprintf(text, sizeof text, "%.1f %%", 100 * p);
        return text;
    }
    const double oneIn = 1 / p;
    if (oneIn >= 1e9) return "under 1 in a billion";
    const double unit = std::pow(10.0, std::floor(std::log10(oneIn)) - 1); // two figures
    const long long n = std::llround(std::round(oneIn / unit) * unit);
    std::string digits = std::to_string(n), grouped;
    for (size_t k = 0; k < digits.size(); ++k) {
        if (k > 0 && (digits.size() - k) % 3 == 0) grouped += ',';
        grouped += digits[k];
    }
    return "1 in " + grouped;
}

} // namespace ner
