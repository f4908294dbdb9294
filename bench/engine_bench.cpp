// lstm-ner-bench: the engine's side of the speed benchmark (see bench/README.md).
//
// One process measures one configuration and prints one JSON object on stdout, so that the
// peak resident memory it reports belongs to that configuration alone:
//   --mode train   --output crf|softmax --batch B --epochs N [--sentences M]
//   --mode tag     --output crf|softmax --batch B [--min-seconds S]
//   --mode latency --output crf|softmax [--length L] [--runs R]
//   --mode gemm    [--samples S]
// Data (train, tag, latency): --train FILE [--dev FILE --test FILE]; dev and test only
// add their tags to the tag set, as in `lstm-ner train`.
#include "bench/bench_modes.h"
#include "bench/gemm_rate.h"

#include <Eigen/Core>

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

namespace {

struct Args {
    std::string mode, output = "crf", cell = "lstm";
    bench::SetupOptions setup;
    bench::TrainOptions train;
    bench::TagOptions tag;
    bench::LatencyOptions latency;
    int batch = 16, threads = 2, samples = 5;
};

const char* const kUsage =
    "usage: lstm-ner-bench --mode train|tag|latency|gemm [options]\n"
    "  --train FILE --dev FILE --test FILE   data (dev/test: optional, both or neither)\n"
    "  --output crf|softmax   output layer (default crf)\n"
    "  --cell rnn|gru|lstm    recurrent cell (default lstm)\n"
    "  --batch N              sentences per batch (default 16)\n"
    "  --epochs N             training epochs (default 1)\n"
    "  --sentences M          train on the first M sentences only\n"
    "  --threads N            engine threads (default 2: the two directions at once)\n"
    "  --dropout P            dropout (default 0.5)\n"
    "  --min-seconds S        tag: repeat whole passes for at least S seconds (default 1)\n"
    "  --length L --runs R --warmup W   latency: sentence length, timed and untimed runs\n"
    "  --samples S            gemm: timings per shape, median reported (default 5)\n";

Args parseArgs(int argc, char** argv) {
    Args a;
    for (int k = 1; k < argc; ++k) {
        const std::string flag = argv[k];
        if (flag == "--help" || flag == "-h") {
            std::cout << kUsage;
            std::exit(0);
        }
        if (k + 1 >= argc) throw std::invalid_argument("missing value after " + flag);
        const std::string value = argv[++k];
        const auto integer = [&] { return std::stoi(value); };
        if (flag == "--mode")
            a.mode = value;
        else if (flag == "--output")
            a.output = value;
        else if (flag == "--cell")
            a.cell = value;
        else if (flag == "--train")
            a.setup.train = value;
        else if (flag == "--dev")
            a.setup.dev = value;
        else if (flag == "--test")
            a.setup.test = value;
        else if (flag == "--batch")
            a.batch = integer();
        else if (flag == "--epochs")
            a.train.epochs = integer();
        else if (flag == "--sentences")
            a.train.sentences = integer();
        else if (flag == "--threads")
            a.threads = integer();
        else if (flag == "--dropout")
            a.setup.dropout = std::stod(value);
        else if (flag == "--min-seconds")
            a.tag.minSeconds = std::stod(value);
        else if (flag == "--length")
            a.latency.length = integer();
        else if (flag == "--runs")
            a.latency.runs = integer();
        else if (flag == "--warmup")
            a.latency.warmup = integer();
        else if (flag == "--samples")
            a.samples = integer();
        else
            throw std::invalid_argument("unknown option " + flag);
    }
    if (a.output != "crf" && a.output != "softmax")
        throw std::invalid_argument("--output must be crf or softmax");
    if (a.batch < 1 || a.threads < 1 || a.train.epochs < 1 || a.latency.runs < 1 || a.samples < 1)
        throw std::invalid_argument("--batch, --threads, --epochs, --runs, --samples must be ≥ 1");
    if (a.setup.dev.empty() != a.setup.test.empty())
        throw std::invalid_argument("give both --dev and --test, or neither");
    a.setup.output = a.output == "crf" ? ner::OutputLayer::Crf : ner::OutputLayer::Softmax;
    const auto cell = ner::parseCell(a.cell);
    if (!cell) throw std::invalid_argument("--cell must be rnn, gru or lstm");
    a.setup.cell = *cell;
    a.train.batchSize = a.tag.batchSize = a.batch;
    a.train.threads = a.tag.threads = a.latency.threads = a.threads;
    return a;
}

nlohmann::json run(const Args& a) {
    if (a.mode == "gemm") return bench::measureGemm(a.samples);
    if (a.mode != "train" && a.mode != "tag" && a.mode != "latency")
        throw std::invalid_argument("--mode must be train, tag, latency or gemm");
    const bench::BenchSetup setup = bench::loadBenchSetup(a.setup);
    if (a.mode == "train") return bench::measureTraining(setup, a.train);
    if (a.mode == "tag") return bench::measureTagging(setup, a.tag);
    return bench::measureLatency(setup, a.latency);
}

} // namespace

int main(int argc, char** argv) {
    try {
        const Args args = parseArgs(argc, argv);
        nlohmann::json out = run(args);
        out["side"] = "engine";
        out["threads"] = args.mode == "gemm" ? 1 : args.threads;
        out["peak_rss_mib"] = bench::peakRssMiB();
        out["simd"] = Eigen::SimdInstructionSetsInUse();
        std::cout << out.dump() << std::endl;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "lstm-ner-bench: " << e.what() << "\n" << kUsage;
        return 2;
    }
}
