#include "engine/gold_standing.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ner {

std::optional<GoldStanding> goldStanding(TaggerNetwork& network, const Tagger& model,
                                         const std::vector<std::string>& chars,
                                         const std::vector<Span>& gold,
                                         const std::vector<TagReading>& readings) {
    std::vector<std::string> tags;
    try {
        tags = spansToTags(gold, int(chars.size()), model.config().scheme);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
    const std::optional<double> p = network.sequenceProbability(model, chars, tags);
    if (!p) return std::nullopt;
    GoldStanding standing{*p, -1};
    for (size_t n = 0; n < readings.size() && standing.reading < 0; ++n)
        if (readings[n].tags == tags) standing.reading = int(n);
    return standing;
}

void weighGoldTaggings(TaggerNetwork& network, const Tagger& model,
                       std::vector<SentenceErrors>& sentences) {
    for (SentenceErrors& s : sentences) {
        const SentenceAnalysis a =
            network.analyse(model, s.chars, int(s.chars.size()), TaggerNetwork::kDefaultReadings);
        s.goldStanding = goldStanding(network, model, s.chars, s.gold, a.readings);
    }
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
