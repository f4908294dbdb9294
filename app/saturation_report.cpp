#include "app/saturation_report.h"

#include "app/cli_args.h"

#include <charconv>
#include <cstdlib>

namespace cli {

namespace {
// The shortest decimal that reads back as x: "0.1" rather than the 0.10000000149011612 a
// float widened to double prints as.
std::string shortestText(float x) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, x).ptr;
    return std::string(text, end);
}
double shortest(float x) {
    return std::strtod(shortestText(x).c_str(), nullptr);
}

const char* directionName(int direction) {
    return direction == 0 ? "forward" : "backward";
}
} // namespace

float parseSaturationThreshold(const std::string& text) {
    char* end = nullptr;
    const float x = std::strtof(text.c_str(), &end);
    if (text.empty() || *end || !(x > 0.0f && x < 0.5f))
        throw UsageError("--threshold expects a number above 0 and below 0.5, not '" + text + "'");
    return x;
}

nlohmann::json saturationJson(const ner::SaturationProfile& p) {
    nlohmann::json gates = nlohmann::json::array();
    for (const ner::GateSaturation& g : p.gates) {
        std::vector<double> below, above;
        double sumBelow = 0, sumAbove = 0;
        for (size_t u = 0; u < g.below.size(); ++u) {
            below.push_back(shortest(g.below[u]));
            above.push_back(shortest(g.above[u]));
            sumBelow += below.back();
            sumAbove += above.back();
        }
        const double units = below.empty() ? 1.0 : double(below.size());
        gates.push_back({{"layer", g.layer + 1},
                         {"direction", directionName(g.direction)},
                         {"gate", ner::gateSymbol(g.gate)},
                         {"below", below},
                         {"above", above},
                         {"mean_below", sumBelow / units},
                         {"mean_above", sumAbove / units}});
    }
    return {{"threshold", shortest(p.threshold)},
            {"sentences", p.sentences},
            {"characters", p.characters},
            {"gates", gates}};
}

void writeSaturationCsv(const ner::SaturationProfile& p, std::ostream& out) {
    out << "layer,direction,gate,unit,below,above\n";
    for (const ner::GateSaturation& g : p.gates)
        for (size_t u = 0; u < g.below.size(); ++u)
            out << g.layer + 1 << ',' << directionName(g.direction) << ','
                << ner::gateSymbol(g.gate) << ',' << u << ',' << shortestText(g.below[u]) << ','
                << shortestText(g.above[u]) << '\n';
}

} // namespace cli
