#pragma once
// A small BIO tagger for the engine tests that run a model over a few sentences (unit
// profiles, gate saturation): embedding 6, `hidden` units per direction, its vocabulary and
// tags from `training`, untrained weights from `seed`.
#include "engine/model/tagger.h"

#include <cstdint>
#include <vector>

namespace ner::test {

inline Tagger tinyModel(const std::vector<Sentence>& training, int layers, bool bidirectional,
                        int hidden, std::uint64_t seed, CellType cell = CellType::Lstm) {
    ModelConfig config;
    config.cell = cell;
    config.embeddingDim = 6;
    config.hiddenDim = hidden;
    config.layers = layers;
    config.bidirectional = bidirectional;
    config.scheme = TagScheme::Bio;
    return Tagger::create(config, Vocabulary::build(training, 1, config.normalize),
                          TagSet::build(training), seed);
}

} // namespace ner::test
