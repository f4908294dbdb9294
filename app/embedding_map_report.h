#pragma once
// `lstm-ner inspect --embedding-map`: where the model has put the most frequent characters of
// a labelled file (engine/embedding_map.h), each with its nearest neighbours, as JSON or CSV.
#include "engine/embedding_map.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace ner {
class Tagger;
}

namespace cli {

// The ner::kMapNeighbours nearest characters of each mapped one among the mapped ones, in the
// map's order (the studio's choice: a rare character's column is still mostly its random start).
std::vector<std::vector<std::string>> neighboursOf(const ner::Tagger& model,
                                                   const ner::EmbeddingMap& map);

// {"characters": how many are mapped, "explained": [x, y], "type_agreement": {"neighbours",
// "share", "chance", "characters"} (ner::neighbourTypeAgreement), "map": [{"char", "x", "y",
// "count", "type", "type_share", "neighbours": [...]}, ...]}, most frequent first. Floats are
// written as the shortest decimal of their float, as in the CSV.
nlohmann::json embeddingMapJson(const ner::EmbeddingMap& map,
                                const std::vector<std::vector<std::string>>& neighbours,
                                const ner::TypeAgreement& agreement);

// char,count,type,type_share,x,y,neighbours: one row per character, the neighbours joined by
// spaces; fields that need it are quoted (ner::csvField).
void writeEmbeddingMapCsv(const ner::EmbeddingMap& map,
                          const std::vector<std::vector<std::string>>& neighbours,
                          std::ostream& out);

} // namespace cli
