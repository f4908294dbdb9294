#include "engine/unit_profile.h"

#include "engine/tagger.h"
#include "engine/tagger_network.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace ner {

namespace {
void checkUnit(const Tagger& model, const UnitRef& u) {
    const ModelConfig& c = model.config();
    if (u.layer >= 0 && u.layer < c.layers && u.direction >= 0 && u.direction < c.directions() &&
        u.unit >= 0 && u.unit < c.hiddenDim)
        return;
    const std::string direction = u.direction == 0   ? "forward"
                                  : u.direction == 1 ? "backward"
                                                     : "direction " + std::to_string(u.direction);
    throw std::invalid_argument("no unit " + std::to_string(u.unit) + " in layer " +
                                std::to_string(u.layer + 1) + ", " + direction +
                                ": the model has " + std::to_string(c.layers) +
                                (c.layers == 1 ? " layer" : " layers") + " of " +
                                (c.bidirectional ? "forward and backward" : "forward") +
                                " units 0–" + std::to_string(c.hiddenDim - 1));
}

// Keeps the k best of a stream by `better`, best first.
template <class Better>
void keepBest(std::vector<UnitMoment>& kept, const UnitMoment& m, size_t k, Better better) {
    if (kept.size() == k && !better(m, kept.back())) return;
    kept.insert(std::upper_bound(kept.begin(), kept.end(), m, better), m);
    if (kept.size() > k) kept.pop_back();
}
} // namespace

UnitProfile profileUnit(TaggerNetwork& network, const Tagger& model,
                        const std::vector<Sentence>& sentences, TagScheme goldScheme,
                        const UnitRef& unit, int k, size_t maxSentences, int maxLength) {
    checkUnit(model, unit);
    UnitProfile profile;
    profile.unit = unit;
    const size_t profiled = std::min(sentences.size(), maxSentences);
    profile.sentences = int(profiled);
    const size_t keep = size_t(std::max(0, k));
    auto higher = [](const UnitMoment& a, const UnitMoment& b) { return a.value > b.value; };
    auto lower = [](const UnitMoment& a, const UnitMoment& b) { return a.value < b.value; };
    std::map<std::string, std::pair<double, long>> sums; // type → (sum, count)
    for (size_t s = 0; s < profiled; ++s) {
        const SentenceAnalysis a = network.analyse(model, sentences[s].chars, maxLength);
        const int directions = model.config().directions();
        const GateTrace& trace = a.gates[size_t(unit.layer * directions + unit.direction)];
        std::vector<std::string> type(a.chars.size(), "O");
        for (const Span& span : extractSpans(sentences[s].tags, goldScheme))
            for (int t = span.begin; t < std::min(span.end, int(type.size())); ++t)
                type[size_t(t)] = span.type;
        if (trace.length == 0) continue;
        // One moment per sentence each way: ten characters of one long name would otherwise
        // fill the list with a single sentence.
        UnitMoment top{int(s), 0, trace.value(unit.gate, unit.unit, 0)}, bottom = top;
        for (int t = 0; t < trace.length; ++t) {
            const UnitMoment m{int(s), t, trace.value(unit.gate, unit.unit, t)};
            if (higher(m, top)) top = m;
            if (lower(m, bottom)) bottom = m;
            auto& [sum, count] = sums[type[size_t(t)]];
            sum += double(m.value);
            ++count;
            ++profile.characters;
        }
        keepBest(profile.highest, top, keep, higher);
        keepBest(profile.lowest, bottom, keep, lower);
    }
    if (auto outside = sums.find("O"); outside != sums.end()) {
        profile.byType.push_back(
            {"O", outside->second.first / double(outside->second.second), outside->second.second});
        sums.erase(outside);
    }
    for (const auto& [type, sc] : sums)
        profile.byType.push_back({type, sc.first / double(sc.second), sc.second});
    return profile;
}

} // namespace ner
