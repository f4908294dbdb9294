#include "bench/bench_modes.h"

#include "engine/analysis/sentence_analysis.h"
#include "engine/core/random.h"
#include "engine/model/tagger_network.h"
#include "engine/train/optimizer.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace bench {

namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Linear interpolation between order statistics (numpy's default, as the Python side).
double quantile(std::vector<double> values, double q) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const double pos = q * double(values.size() - 1);
    const size_t lo = size_t(pos), hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (pos - double(lo)) * (values[hi] - values[lo]);
}

nlohmann::json summary(const std::vector<double>& ms) {
    double sum = 0;
    for (double v : ms)
        sum += v;
    return {{"median_ms", quantile(ms, 0.5)},
            {"p90_ms", quantile(ms, 0.9)},
            {"mean_ms", sum / double(ms.size())},
            {"min_ms", *std::min_element(ms.begin(), ms.end())}};
}

nlohmann::json modelFacts(const ner::Tagger& model) {
    return {{"output", ner::outputLayerName(model.config().output)},
            {"vocabulary", model.vocabulary().size()},
            {"tags", model.tags().size()},
            {"parameters", model.parameterCount()},
            {"flops_per_token", trainingFlopsPerToken(model)}};
}
} // namespace

nlohmann::json measureTraining(const BenchSetup& setup, const TrainOptions& options) {
    ner::Tagger model = setup.plan.model;
    std::vector<ner::EncodedSentence> train = setup.plan.train.encoded;
    if (options.sentences > 0 && size_t(options.sentences) < train.size())
        train.resize(size_t(options.sentences));
    const auto batches = planBatches(train, options.batchSize);

    ner::TaggerNetwork network(options.threads);
    ner::OptimizerConfig adam;
    adam.kind = ner::OptimizerKind::Adam;
    adam.learningRate = options.learningRate;
    adam.l2 = 0.0; // PyTorch's reference uses Adam without weight decay
    const auto optimizer = ner::Optimizer::create(adam);
    ner::Random dropoutRng(7);

    // Phases: batch assembly, forward+backward, gradient clipping, Adam step.
    double tBatch = 0, tForwardBackward = 0, tClip = 0, tStep = 0, seconds = 0;
    long tokens = 0, padded = 0;
    std::vector<double> epochLoss, epochRate;
    std::vector<const ner::EncodedSentence*> members;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        double loss = 0, epochSeconds = 0;
        long epochTokens = 0;
        for (const std::vector<int>& indices : batches) {
            const auto t0 = Clock::now();
            members.clear();
            for (int k : indices)
                members.push_back(&train[size_t(k)]);
            const ner::Batch batch = ner::makeBatch(members);
            const auto t1 = Clock::now();
            // The trainer's objective: mean loss per sentence of the batch.
            loss += network.forwardBackward(model, batch, dropoutRng, ner::Scalar(1.0 / batch.B));
            const auto t2 = Clock::now();
            const auto params = model.namedParameters();
            ner::clipGradientNorm(params, options.clipNorm);
            const auto t3 = Clock::now();
            optimizer->step(params, options.learningRate);
            const auto t4 = Clock::now();
            tBatch += std::chrono::duration<double>(t1 - t0).count();
            tForwardBackward += std::chrono::duration<double>(t2 - t1).count();
            tClip += std::chrono::duration<double>(t3 - t2).count();
            tStep += std::chrono::duration<double>(t4 - t3).count();
            epochSeconds += std::chrono::duration<double>(t4 - t0).count();
            epochTokens += batch.tokenCount();
            padded += long(batch.T) * batch.B;
        }
        seconds += epochSeconds;
        tokens += epochTokens;
        epochLoss.push_back(loss / double(epochTokens));
        epochRate.push_back(double(epochTokens) / epochSeconds);
    }
    nlohmann::json out = modelFacts(model);
    out.update({{"mode", "train"},
                {"batch", options.batchSize},
                {"epochs", options.epochs},
                {"sentences", train.size()},
                {"batches_per_epoch", batches.size()},
                {"tokens", tokens},
                {"padding_fraction", 1.0 - double(tokens) / double(padded)},
                {"seconds", seconds},
                {"tokens_per_second", double(tokens) / seconds},
                {"epoch_tokens_per_second", epochRate},
                {"loss_per_token", epochLoss},
                {"phase_seconds",
                 {{"make_batch", tBatch},
                  {"forward_backward", tForwardBackward},
                  {"clip_gradient_norm", tClip},
                  {"optimizer_step", tStep}}}});
    return out;
}

nlohmann::json measureTagging(const BenchSetup& setup, const TagOptions& options) {
    const ner::Tagger& model = setup.plan.model;
    const std::vector<ner::Sentence>& sentences = setup.plan.train.sentences;
    // Batches of similar length (the evaluator's grouping); one sentence each for batch 1.
    const auto batches = ner::lengthSortedBatches(setup.plan.train.encoded, options.batchSize);
    ner::TaggerNetwork network(options.threads);

    std::vector<ner::EncodedSentence> encoded;
    std::vector<const ner::EncodedSentence*> members;
    long tokens = 0, checksum = 0;
    int passes = 0;
    const auto start = Clock::now();
    do {
        for (const std::vector<int>& indices : batches) {
            encoded.clear();
            for (int k : indices)
                encoded.push_back(model.encode(sentences[size_t(k)].chars));
            members.clear();
            for (const ner::EncodedSentence& e : encoded)
                members.push_back(&e);
            const ner::Batch batch = ner::makeBatch(members);
            for (const std::vector<int>& path : network.predict(model, batch))
                checksum += path.empty() ? 0 : path.front();
            tokens += batch.tokenCount();
        }
        ++passes;
    } while (secondsSince(start) < options.minSeconds);
    const double seconds = secondsSince(start);
    nlohmann::json out = modelFacts(model);
    out.update({{"mode", "tag"},
                {"batch", options.batchSize},
                {"passes", passes},
                {"sentences", sentences.size()},
                {"tokens", tokens},
                {"seconds", seconds},
                {"tokens_per_second", double(tokens) / seconds},
                {"checksum", checksum}});
    return out;
}

nlohmann::json measureLatency(const BenchSetup& setup, const LatencyOptions& options) {
    const ner::Tagger& model = setup.plan.model;
    // A sentence of exactly `length` characters: the training sentences run together.
    std::vector<std::string> chars;
    for (const ner::Sentence& s : setup.plan.train.sentences) {
        for (const std::string& ch : s.chars) {
            if (int(chars.size()) == options.length) break;
            chars.push_back(ch);
        }
        if (int(chars.size()) == options.length) break;
    }
    if (int(chars.size()) < options.length)
        throw std::invalid_argument("the corpus is shorter than the latency sentence");

    ner::TaggerNetwork network(options.threads);
    size_t gateValues = 0;
    std::vector<double> analyseMs, predictMs;
    for (int run = 0; run < options.warmup + options.runs; ++run) {
        const auto start = Clock::now();
        const ner::SentenceAnalysis a = ner::analyseSentence(network, model, chars);
        const double ms = secondsSince(start) * 1e3;
        if (run >= options.warmup) analyseMs.push_back(ms);
        gateValues = 0;
        for (const ner::GateTrace& g : a.gates)
            gateValues += g.values.size();
    }
    const ner::EncodedSentence encoded = model.encode(chars);
    const ner::Batch batch = ner::makeBatch({&encoded});
    for (int run = 0; run < options.warmup + options.runs; ++run) {
        const auto start = Clock::now();
        const auto paths = network.predict(model, batch);
        const double ms = secondsSince(start) * 1e3;
        if (run >= options.warmup && !paths.empty()) predictMs.push_back(ms);
    }
    nlohmann::json out = modelFacts(model);
    out.update({{"mode", "latency"},
                {"length", options.length},
                {"runs", options.runs},
                {"warmup", options.warmup},
                {"gate_values", gateValues}});
    out.update(summary(analyseMs));
    out["predict_only"] = summary(predictMs);
    return out;
}

} // namespace bench
