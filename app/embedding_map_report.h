#pragma once
// `lstm-ner inspect --embedding-map`: where the model has put the most frequent characters of
// a labelled file (engine/analysis/embedding_map.h), each with its nearest neighbours, as JSON or
// CSV.
#include "engine/analysis/embedding_map.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ner {
class Tagger;
}

namespace cli {

// {"characters": how many are mapped, "explained": [x, y], "type_agreement": {"neighbours",
// "share", "chance", "characters"} (ner::neighbourTypeAgreement), "map": [{"char", "x", "y",
// "count", "type", "type_share", "neighbours": [...]}, ...]}, most frequent first, with the
// neighbours of ner::writeEmbeddingMapCsv. Floats are written as the shortest decimal of their
// float, as in the CSV.
nlohmann::json embeddingMapJson(const ner::Tagger& model, const ner::EmbeddingMap& map);

} // namespace cli
