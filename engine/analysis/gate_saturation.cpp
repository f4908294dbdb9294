#include "engine/analysis/gate_saturation.h"

#include "engine/analysis/sentence_analysis.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string>

namespace ner {

const GateSaturation* SaturationProfile::find(int layer, int direction, int gate) const {
    for (const GateSaturation& g : gates)
        if (g.layer == layer && g.direction == direction && g.gate == gate) return &g;
    return nullptr;
}

SaturationProfile measureGateSaturation(TaggerNetwork& network, const Tagger& model,
                                        const std::vector<Sentence>& sentences, float threshold,
                                        size_t maxSentences, int maxLength) {
    if (!(threshold > 0.0f && threshold < 0.5f))
        throw std::invalid_argument("the saturation threshold must be between 0 and 0.5, not " +
                                    std::to_string(threshold));
    const ModelConfig& config = model.config();
    const int directions = config.directions();
    const size_t hidden = size_t(config.hiddenDim);
    const std::vector<int> sigmoid = describeCell(config.cell).sigmoidGates();
    SaturationProfile profile;
    profile.cell = config.cell;
    profile.threshold = threshold;
    // Counts first, fractions at the end: (layer, direction, gate) blocks of H units each.
    std::vector<long> below(size_t(config.layers * directions) * sigmoid.size() * hidden);
    std::vector<long> above(below.size());
    const size_t measured = std::min(sentences.size(), maxSentences);
    for (size_t s = 0; s < measured; ++s) {
        const SentenceAnalysis a = traceSentence(network, model, sentences[s].chars, maxLength);
        for (const GateTrace& trace : a.gates) {
            const size_t block = size_t(trace.layer * directions + trace.direction);
            for (size_t g = 0; g < sigmoid.size(); ++g) {
                const size_t first = (block * sigmoid.size() + g) * hidden;
                for (int t = 0; t < trace.length; ++t)
                    for (size_t u = 0; u < hidden; ++u) {
                        const float v = trace.value(sigmoid[g], int(u), t);
                        below[first + u] += v < threshold;
                        above[first + u] += v > 1.0f - threshold;
                    }
            }
        }
        if (!a.gates.empty()) profile.characters += a.gates.front().length;
    }
    profile.sentences = int(measured);
    const float scale = profile.characters > 0 ? 1.0f / float(profile.characters) : 0.0f;
    for (int layer = 0; layer < config.layers; ++layer)
        for (int direction = 0; direction < directions; ++direction)
            for (size_t g = 0; g < sigmoid.size(); ++g) {
                GateSaturation out{layer, direction, sigmoid[g], {}, {}};
                const size_t first =
                    (size_t(layer * directions + direction) * sigmoid.size() + g) * hidden;
                for (size_t u = 0; u < hidden; ++u) {
                    out.below.push_back(float(below[first + u]) * scale);
                    out.above.push_back(float(above[first + u]) * scale);
                }
                profile.gates.push_back(std::move(out));
            }
    return profile;
}

std::string shortestDecimal(float x) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, x).ptr;
    return std::string(text, end);
}

void writeSaturationCsv(const SaturationProfile& profile, std::ostream& out) {
    out << "layer,direction,gate,unit,below,above,threshold\n";
    const std::string threshold = shortestDecimal(profile.threshold);
    for (const GateSaturation& g : profile.gates)
        for (size_t u = 0; u < g.below.size(); ++u)
            out << g.layer + 1 << ',' << (g.direction == 0 ? "forward" : "backward") << ','
                << describeCell(profile.cell).gates[size_t(g.gate)].symbol << ',' << u << ','
                << shortestDecimal(g.below[u]) << ',' << shortestDecimal(g.above[u]) << ','
                << threshold << '\n';
}

} // namespace ner
