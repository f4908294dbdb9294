#include "app/saturation_report.h"

#include "app/cli_args.h"

#include <cstdlib>

namespace cli {

namespace {
// As the CSV writes it (ner::shortestDecimal), so JSON and CSV agree to the digit.
double shortest(float x) {
    return std::strtod(ner::shortestDecimal(x).c_str(), nullptr);
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

} // namespace cli
