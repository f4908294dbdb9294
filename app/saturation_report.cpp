#include "app/saturation_report.h"

#include "app/cli_args.h"
#include "app/report_format.h"

#include <cstdlib>

namespace cli {

namespace {
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
            below.push_back(shortestNumber(g.below[u]));
            above.push_back(shortestNumber(g.above[u]));
            sumBelow += below.back();
            sumAbove += above.back();
        }
        const double units = below.empty() ? 1.0 : double(below.size());
        gates.push_back({{"layer", g.layer + 1},
                         {"direction", directionName(g.direction)},
                         {"gate", ner::describeCell(p.cell).gates[size_t(g.gate)].symbol},
                         {"below", below},
                         {"above", above},
                         {"mean_below", sumBelow / units},
                         {"mean_above", sumAbove / units}});
    }
    return {{"cell", ner::cellName(p.cell)},
            {"threshold", shortestNumber(p.threshold)},
            {"sentences", p.sentences},
            {"characters", p.characters},
            {"gates", gates}};
}

} // namespace cli
