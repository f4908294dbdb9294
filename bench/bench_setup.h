#pragma once
// What every measurement of the engine's side starts from: the data, a freshly initialised
// model of the benchmark's shape, and the batch plan shared with the PyTorch reference.
#include "engine/train/training_setup.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bench {

struct SetupOptions {
    std::string train, dev, test; // dev and test: both or neither (they add to the tag set)
    ner::OutputLayer output = ner::OutputLayer::Crf;
    ner::CellType cell = ner::CellType::Lstm;
    double dropout = 0.5;
    std::uint64_t seed = 1;
};

struct BenchSetup {
    ner::TrainingData data; // train = the whole training file
    ner::TrainingPlan plan; // model (BIO tags), train/dev/test encoded
};

// The benchmark's model: embedding 100, one bidirectional layer of `cell` (an LSTM unless
// asked), 128 units per direction, BIO tags.
ner::ModelConfig benchModelConfig(ner::OutputLayer output, double dropout,
                                  ner::CellType cell = ner::CellType::Lstm);

BenchSetup loadBenchSetup(const SetupOptions& options);

// Training FLOPs per token, forward + backward, counting each multiply–add as 2 and only
// the matrix products (gate non-linearities, CRF and Adam are not counted):
//   per direction, forward  W_x x_t + W_h h_{t−1}:         2·GH·(D + H)
//                  backward dW_x, dx, dW_h, dh_{t−1}:      2 · 2·GH·(D + H)
//   projection (K × dirs·H), forward + backward (dW, dh):  3 · 2·K·dirs·H
//   total = 6·dirs·GH·(D + H) + 6·K·dirs·H, G the cell's gate blocks (LSTM 4, GRU 3, RNN 1)
// For an LSTM, D = 100, H = 128, dirs = 2, K = 27: 1,400,832 + 41,472 = 1,442,304.
double trainingFlopsPerToken(const ner::Tagger& model);

// The training batches, identical to bench/pytorch_reference.py's plan_batches(): the
// sentences in file order, cut into chunks of 20·B, each chunk stable-sorted by length and
// cut into batches of B. Like the trainer's plan (less padding), but with no shuffling so
// that both sides see exactly the same batches. Indices into `sentences`.
std::vector<std::vector<int>> planBatches(const std::vector<ner::EncodedSentence>& sentences,
                                          int batchSize);

// Peak resident set size of this process so far, in MiB.
double peakRssMiB();

} // namespace bench
