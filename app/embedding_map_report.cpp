#include "app/embedding_map_report.h"

#include "app/report_format.h"

namespace cli {

namespace {
std::vector<std::string> names(const std::vector<ner::Neighbour>& neighbours) {
    std::vector<std::string> out;
    for (const ner::Neighbour& n : neighbours)
        out.push_back(n.character);
    return out;
}
} // namespace

nlohmann::json embeddingMapJson(const ner::Tagger& model, const ner::EmbeddingMap& map) {
    const std::vector<std::vector<ner::Neighbour>> neighbours =
        ner::neighboursOnTheMap(model, map, ner::kMapNeighbours);
    const ner::TypeAgreement agreement =
        ner::neighbourTypeAgreement(model, map, ner::kMapNeighbours);
    nlohmann::json rows = nlohmann::json::array();
    for (size_t k = 0; k < map.characters.size(); ++k) {
        const ner::MappedCharacter& c = map.characters[k];
        rows.push_back({{"char", c.character},
                        {"x", shortestNumber(c.x)},
                        {"y", shortestNumber(c.y)},
                        {"count", c.count},
                        {"type", c.type},
                        {"type_share", shortestNumber(c.typeShare)},
                        {"neighbours", names(neighbours[k])}});
    }
    return {{"characters", map.characters.size()},
            {"explained", {shortestNumber(map.explained[0]), shortestNumber(map.explained[1])}},
            {"type_agreement",
             {{"neighbours", ner::kMapNeighbours},
              {"share", shortestNumber(agreement.share)},
              {"chance", shortestNumber(agreement.chance)},
              {"characters", agreement.characters}}},
            {"map", rows}};
}

} // namespace cli
