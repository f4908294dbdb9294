#pragma once
// The engine's measurements, one per mode of lstm-ner-bench. Each returns the JSON object
// the process prints; bench/pytorch_reference.py prints the same keys for PyTorch.
#include "bench/bench_setup.h"

#include <nlohmann/json.hpp>

namespace bench {

struct TrainOptions {
    int batchSize = 16;
    int epochs = 1;
    int sentences = 0; // first M training sentences only; 0 = all
    int threads = 2;
    double learningRate = 0.001;
    double clipNorm = 5.0;
};

// Training throughput: the trainer's inner loop (makeBatch, forwardBackward with dropout,
// clipGradientNorm, Adam step) timed over every batch of every epoch, with a per-phase
// breakdown. Tokens per second = real (unpadded) characters / loop time.
nlohmann::json measureTraining(const BenchSetup& setup, const TrainOptions& options);

struct TagOptions {
    int batchSize = 1; // 1: one sentence at a time; more: length-sorted batches
    int threads = 2;
    double minSeconds = 1.0; // whole passes over the data until at least this long
};

// Tagging throughput over the training file's sentences: encode + makeBatch + predict
// (argmax or Viterbi), with a fresh model (speed does not depend on the weights).
nlohmann::json measureTagging(const BenchSetup& setup, const TagOptions& options);

struct LatencyOptions {
    int length = 100; // characters, taken from the corpus text
    int runs = 2000;
    int warmup = 200;
    int threads = 2;
};

// Latency of TaggerNetwork::analyse (tagging + gate capture + probabilities) on one
// sentence: median, p90, mean and minimum over `runs` calls after `warmup` calls; also
// the same statistics for predict() alone, to show what the capture costs.
nlohmann::json measureLatency(const BenchSetup& setup, const LatencyOptions& options);

} // namespace bench
