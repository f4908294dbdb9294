#include "bench/bench_setup.h"

#include "engine/nn/cell_description.h"

#include <sys/resource.h>

#include <algorithm>
#include <stdexcept>

namespace bench {

ner::ModelConfig benchModelConfig(ner::OutputLayer output, double dropout, ner::CellType cell) {
    ner::ModelConfig config;
    config.cell = cell;
    config.embeddingDim = 100;
    config.hiddenDim = 128;
    config.layers = 1;
    config.bidirectional = true;
    config.output = output;
    config.dropout = dropout;
    // The PyTorch reference has neither: same model, whatever the engine's defaults are.
    config.recurrentDropout = 0.0;
    config.languageModelWeight = 0.0;
    config.constrainedDecoding = false;  // it decodes freely: argmax, or Viterbi unmasked
    config.scheme = ner::TagScheme::Bio; // the data's own scheme: 27 tags, as PyTorch's
    return config;
}

BenchSetup loadBenchSetup(const SetupOptions& options) {
    if (options.train.empty()) throw std::invalid_argument("--train FILE is required");
    BenchSetup s;
    if (options.dev.empty()) {
        // loadTrainingData would split a lone file 80/10/10; the benchmark trains on all of it.
        ner::LoadResult all = ner::loadDataset(options.train, ner::LoadOptions{});
        s.data.train = std::move(all.sentences);
        s.data.scheme = all.scheme;
        s.data.name = options.train;
    } else {
        ner::DataSources sources;
        sources.data = options.train; // with dev and test given, the whole file trains
        sources.dev = options.dev;
        sources.test = options.test;
        s.data = ner::loadTrainingData(sources);
    }
    s.plan = ner::planTraining(
        s.data, benchModelConfig(options.output, options.dropout, options.cell), options.seed);
    return s;
}

double trainingFlopsPerToken(const ner::Tagger& model) {
    const ner::ModelConfig& c = model.config();
    const double dirs = c.directions(), H = c.hiddenDim, D = c.embeddingDim;
    const double K = model.tags().size();
    const double G = ner::describeCell(c.cell).gateBlocks; // 4 for an LSTM, 3 GRU, 1 RNN
    double perToken = 6.0 * dirs * G * H * (D + H);        // first layer
    for (int l = 1; l < c.layers; ++l)
        perToken += 6.0 * dirs * G * H * (dirs * H + H);
    return perToken + 6.0 * K * dirs * H;
}

std::vector<std::vector<int>> planBatches(const std::vector<ner::EncodedSentence>& sentences,
                                          int batchSize) {
    std::vector<std::vector<int>> batches;
    const size_t n = sentences.size(), B = size_t(batchSize), chunk = 20 * B;
    for (size_t first = 0; first < n; first += chunk) {
        std::vector<int> order;
        for (size_t k = first; k < std::min(n, first + chunk); ++k)
            order.push_back(int(k));
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return sentences[size_t(a)].tokens.size() < sentences[size_t(b)].tokens.size();
        });
        for (size_t k = 0; k < order.size(); k += B)
            batches.emplace_back(order.begin() + long(k),
                                 order.begin() + long(std::min(order.size(), k + B)));
    }
    return batches;
}

double peakRssMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

} // namespace bench
