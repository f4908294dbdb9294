#include "app/embedding_map_report.h"

#include "app/report_format.h"
#include "engine/gate_saturation.h"
#include "engine/inspection_csv.h"

namespace cli {

std::vector<std::vector<std::string>> neighboursOf(const ner::Tagger& model,
                                                   const ner::EmbeddingMap& map) {
    std::vector<int> mapped;
    for (const ner::MappedCharacter& c : map.characters)
        mapped.push_back(c.id);
    std::vector<std::vector<std::string>> all;
    all.reserve(map.characters.size());
    for (const ner::MappedCharacter& c : map.characters) {
        std::vector<std::string> names;
        for (const ner::Neighbour& n :
             ner::nearestCharacters(model, c.id, ner::kMapNeighbours, &mapped))
            names.push_back(n.character);
        all.push_back(std::move(names));
    }
    return all;
}

nlohmann::json embeddingMapJson(const ner::EmbeddingMap& map,
                                const std::vector<std::vector<std::string>>& neighbours,
                                const ner::TypeAgreement& agreement) {
    nlohmann::json rows = nlohmann::json::array();
    for (size_t k = 0; k < map.characters.size(); ++k) {
        const ner::MappedCharacter& c = map.characters[k];
        rows.push_back({{"char", c.character},
                        {"x", shortestNumber(c.x)},
                        {"y", shortestNumber(c.y)},
                        {"count", c.count},
                        {"type", c.type},
                        {"type_share", shortestNumber(c.typeShare)},
                        {"neighbours", neighbours.at(k)}});
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

void writeEmbeddingMapCsv(const ner::EmbeddingMap& map,
                          const std::vector<std::vector<std::string>>& neighbours,
                          std::ostream& out) {
    out << "char,count,type,type_share,x,y,neighbours\n";
    for (size_t k = 0; k < map.characters.size(); ++k) {
        const ner::MappedCharacter& c = map.characters[k];
        std::string joined;
        for (const std::string& n : neighbours.at(k))
            joined += (joined.empty() ? "" : " ") + n;
        out << ner::csvField(c.character) << ',' << c.count << ',' << ner::csvField(c.type) << ','
            << ner::shortestDecimal(c.typeShare) << ',' << ner::shortestDecimal(c.x) << ','
            << ner::shortestDecimal(c.y) << ',' << ner::csvField(joined) << '\n';
    }
}

} // namespace cli
