#pragma once
// Deterministic train/dev/test split of a corpus.
#include "engine/data/sentence.h"

#include <cstdint>
#include <vector>

namespace ner {

struct DataSplit {
    std::vector<Sentence> train, dev, test;
};

// Shuffles with a seeded Fisher–Yates and cuts 80/10/10: dev and test get floor(n/10)
// sentences each, but at least one each once n >= 3; train gets the rest (everything when
// n < 3). The same seed gives the same split on every machine and standard library.
DataSplit splitDataset(std::vector<Sentence> sentences, std::uint64_t seed);

} // namespace ner
