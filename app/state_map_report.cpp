#include "app/state_map_report.h"

#include "app/report_format.h"

namespace cli {

nlohmann::json stateMapJson(const ner::StateMap& map) {
    nlohmann::json points = nlohmann::json::array();
    for (const ner::StatePoint& p : map.points)
        points.push_back({{"sentence", p.sentence},
                          {"position", p.position},
                          {"char", p.character},
                          {"type", p.type},
                          {"predicted", p.predicted},
                          {"x", shortestNumber(p.x)},
                          {"y", shortestNumber(p.y)}});
    return {{"layer", map.layer + 1},
            {"sentences", map.sentences},
            {"characters", map.points.size()},
            {"explained", {shortestNumber(map.explained[0]), shortestNumber(map.explained[1])}},
            {"type_agreement",
             {{"neighbours", ner::kStateNeighbours},
              {"share", shortestNumber(map.agreement.share)},
              {"chance", shortestNumber(map.agreement.chance)},
              {"characters", map.agreement.characters}}},
            {"points", points}};
}

} // namespace cli
