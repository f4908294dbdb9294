#include "engine/analysis/unit_profile.h"

#include "engine/analysis/sentence_analysis.h"

#include <algorithm>
#include <stdexcept>

namespace ner {

namespace {
// u with its gate resolved, or std::invalid_argument naming what the model has instead.
UnitRef checkUnit(const Tagger& model, UnitRef u) {
    const ModelConfig& c = model.config();
    const CellDescription& cell = describeCell(c.cell);
    if (u.gate == UnitRef::kOutput) u.gate = cell.outputGate();
    if (u.gate < 0 || u.gate >= int(cell.gates.size()))
        throw std::invalid_argument("no gate " + std::to_string(u.gate) + " in a " +
                                    cellTitle(c.cell) + ": it has " + cell.symbolList());
    if (u.layer >= 0 && u.layer < c.layers && u.direction >= 0 && u.direction < c.directions() &&
        u.unit >= 0 && u.unit < c.hiddenDim)
        return u;
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
    UnitProfile profile;
    profile.cell = model.config().cell;
    profile.unit = checkUnit(model, unit);
    const size_t profiled = std::min(sentences.size(), maxSentences);
    profile.sentences = int(profiled);
    const size_t keep = size_t(std::max(0, k));
    auto higher = [](const UnitMoment& a, const UnitMoment& b) { return a.value > b.value; };
    auto lower = [](const UnitMoment& a, const UnitMoment& b) { return a.value < b.value; };
    // Per gold type, by index: 0 is "O", the others in order of first appearance.
    std::vector<std::string> types{"O"};
    std::vector<std::pair<double, long>> sums(1); // (sum, characters) per type
    std::vector<int> typeAt;                      // per character of the current sentence
    const int directions = model.config().directions();
    for (size_t s = 0; s < profiled; ++s) {
        const SentenceAnalysis a = traceSentence(network, model, sentences[s].chars, maxLength);
        const GateTrace& trace =
            a.gates[size_t(profile.unit.layer * directions + profile.unit.direction)];
        if (trace.length == 0) continue;
        typeAt.assign(size_t(trace.length), 0);
        for (const Span& span : extractSpans(sentences[s].tags, goldScheme)) {
            const auto known = std::find(types.begin(), types.end(), span.type);
            const int index = int(known - types.begin());
            if (known == types.end()) {
                types.push_back(span.type);
                sums.emplace_back(0.0, 0L);
            }
            for (int t = span.begin; t < std::min(span.end, trace.length); ++t)
                typeAt[size_t(t)] = index;
        }
        // One moment per sentence each way: ten characters of one long name would otherwise
        // fill the list with a single sentence.
        UnitMoment top{int(s), 0, trace.value(profile.unit.gate, profile.unit.unit, 0)},
            bottom = top;
        for (int t = 0; t < trace.length; ++t) {
            const UnitMoment m{int(s), t, trace.value(profile.unit.gate, profile.unit.unit, t)};
            if (higher(m, top)) top = m;
            if (lower(m, bottom)) bottom = m;
            auto& [sum, count] = sums[size_t(typeAt[size_t(t)])];
            sum += double(m.value);
            ++count;
        }
        profile.characters += trace.length;
        keepBest(profile.highest, top, keep, higher);
        keepBest(profile.lowest, bottom, keep, lower);
    }
    // "O" first, then the entity types by name; a type with no character is left out.
    std::vector<size_t> order(types.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin() + 1, order.end(),
              [&](size_t x, size_t y) { return types[x] < types[y]; });
    for (size_t i : order)
        if (sums[i].second > 0)
            profile.byType.push_back(
                {types[i], sums[i].first / double(sums[i].second), sums[i].second});
    return profile;
}

} // namespace ner
