// lstm-ner train
#include "app/best_model_checkpoint.h"
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/interrupt_guard.h"
#include "app/report_format.h"
#include "app/terminal_progress.h"
#include "engine/data/data_error.h"
#include "engine/model/model_file.h"
#include "engine/train/training_setup.h"

#include <iostream>
#include <optional>
#include <thread>

namespace cli {

namespace {
// Every default is the engine's (ModelConfig, TrainConfig): the best settings found, which
// the studio starts from as well.
const ner::ModelConfig kModel;
const ner::TrainConfig kTrain;

struct TrainFlags {
    std::string data, dev, test,
        format = "auto", out = "model.lner", dictionary = ner::kDefaultDictionary,
        output = kModel.output == ner::OutputLayer::Crf ? "crf" : "softmax",
        optimizer = kTrain.optimizer.kind == ner::OptimizerKind::Sgd ? "sgd" : "adam",
        scheme = kModel.scheme == ner::TagScheme::Bio ? "bio" : "bioes",
        schedule = kTrain.schedule == ner::TrainConfig::Schedule::Cosine ? "cosine" : "inverse",
        dropoutMask = kModel.dropoutPerSentence ? "sentence" : "character",
        decoding = kModel.constrainedDecoding ? "constrained" : "free";
    int epochs = kTrain.epochs, layers = kModel.layers, hidden = kModel.hiddenDim,
        embedding = kModel.embeddingDim, batch = kTrain.batchSize, patience = kTrain.patience,
        minCount = kModel.minCount, lmHidden = kModel.languageModelHidden;
    int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    double lr = kTrain.optimizer.learningRate, dropout = kModel.dropout,
           embeddingDropout = kModel.embeddingDropout, recurrentDropout = kModel.recurrentDropout,
           lmWeight = kModel.languageModelWeight, clip = kTrain.clipNorm, l2 = kTrain.optimizer.l2,
           lrDecay = kTrain.lrDecay, average = kTrain.weightAveraging,
           unk = kTrain.unknownReplacement, mentions = kTrain.mentionReplacement;
    std::uint64_t seed = kTrain.seed;
    bool unidirectional = !kModel.bidirectional, skipBad = false, json = false, quiet = false,
         digitsToZero = kModel.normalize.digitsToZero, noTrainEval = false;
};

void declare(ArgParser& a, TrainFlags& f) {
    a.option(
        "--data", &f.data, "FILE",
        "training data (JSONL, CoNLL or CLUENER); default: the built-in corpus, split 80/10/10");
    a.option("--dev", &f.dev, "FILE", "development data (with --test; then all of --data trains)");
    a.option("--test", &f.test, "FILE", "test data (with --dev)");
    a.choice("--format", &f.format, {"auto", "jsonl", "conll", "cluener"}, "data format");
    a.flag("--skip-bad", &f.skipBad, "skip malformed records and report them instead of stopping");
    a.option("--out", &f.out, "MODEL",
             "where to save the best model; rewritten whenever dev F1 improves, so a run that "
             "is killed keeps its best epoch so far");
    a.option("--epochs", &f.epochs, 1, 10000, "training epochs at most");
    a.option("--layers", &f.layers, 1, 4, "stacked LSTM layers");
    a.option("--hidden", &f.hidden, 1, 2048, "hidden units per direction");
    a.option("--embedding", &f.embedding, 1, 2048, "character embedding size");
    a.flag("--unidirectional", &f.unidirectional, "left-to-right LSTM only");
    a.choice("--output", &f.output, {"crf", "softmax"}, "output layer");
    a.choice("--scheme", &f.scheme, {"bio", "bioes"}, "tag scheme the model predicts in");
    a.choice("--decoding", &f.decoding, {"constrained", "free"},
             "decoding: only tag sequences the scheme can write, or any");
    a.choice("--optimizer", &f.optimizer, {"adam", "sgd"}, "optimiser");
    a.option("--lr", &f.lr, 1e-6, 10.0, "learning rate");
    a.choice("--schedule", &f.schedule, {"inverse", "cosine"},
             "learning-rate schedule: inverse decay per epoch, or a cosine over the run");
    a.option("--lr-decay", &f.lrDecay, 0.0, 10.0,
             "with --schedule inverse, epoch e uses lr / (1 + decay·e)");
    a.option("--batch", &f.batch, 1, 4096, "sentences per batch");
    a.option("--dropout", &f.dropout, 0.0, 0.95, "dropout on every LSTM layer's output");
    a.option("--embedding-dropout", &f.embeddingDropout, 0.0, 0.95,
             "dropout on the character embeddings");
    a.option("--recurrent-dropout", &f.recurrentDropout, 0.0, 0.95,
             "dropout on each LSTM's previous hidden state, one mask per sentence");
    a.choice("--dropout-mask", &f.dropoutMask, {"character", "sentence"},
             "draw dropout masks per character, or once per sentence for all its characters");
    a.option("--lm-weight", &f.lmWeight, 0.0, 100.0,
             "weight of the training-only objective: each direction also predicts the next "
             "character it reads (0: off)");
    a.option("--lm-hidden", &f.lmHidden, 1, 2048, "hidden size of that objective's head");
    a.option("--clip", &f.clip, 0.0, 1e6, "clip the global gradient norm (0: off)");
    a.option("--l2", &f.l2, 0.0, 1.0, "L2 weight decay");
    a.option("--average", &f.average, 0.0, 0.99999,
             "evaluate an exponential moving average of the weights with this decay (0: off)");
    a.option("--replace-mentions", &f.mentions, 0.0, 1.0,
             "swap each training mention for another of its type with this probability");
    a.option("--unk", &f.unk, 0.0, 0.9,
             "read each training character as <unk> with this probability");
    a.option("--patience", &f.patience, 0, 10000,
             "stop after N epochs without a better dev F1 (0: never)");
    a.option("--dictionary", &f.dictionary, "FILE",
             "word dictionary read as features of each character (\"word frequency "
             "part-of-speech\" lines, jieba's format); none: no dictionary");
    a.option("--min-count", &f.minCount, 1, 1000000, "rarer training characters become <unk>");
    a.flag("--digits-to-zero", &f.digitsToZero, "read every digit as 0");
    a.option("--seed", &f.seed, "random seed (weights, split, batches, dropout)");
    a.option("--threads", &f.threads, 1, 256, "threads (the default is this machine's core count)");
    a.flag("--no-train-eval", &f.noTrainEval, "do not score the training split each epoch");
    a.flag("--json", &f.json, "one JSON object per epoch and a final summary line on stdout");
    a.flag("--quiet", &f.quiet, "no progress output");
}
} // namespace

static int train(int argc, char** argv, int first) {
    TrainFlags f;
    ArgParser args("lstm-ner train", "Train a BiLSTM(-CRF) character tagger.");
    declare(args, f);
    if (!args.parse(argc, argv, first).empty())
        throw UsageError("train takes no positional arguments");
    if (args.helpRequested()) {
        std::cout << args.help();
        return 0;
    }

    ner::DataSources sources;
    sources.data = f.data;
    sources.dev = f.dev;
    sources.test = f.test;
    sources.load.format = *ner::parseFormat(f.format);
    sources.load.skipBad = f.skipBad;
    sources.splitSeed = f.seed;
    sources.load.progress = readingProgress(f.quiet);
    const ner::TrainingData data = ner::loadTrainingData(sources);
    if (data.skipped > 0) {
        std::cerr << "skipped " << data.skipped
                  << (data.skipped == 1 ? " malformed record:\n" : " malformed records:\n");
        for (const auto& reason : data.skipReasons)
            std::cerr << "  " << reason << "\n";
    }

    ner::ModelConfig config;
    config.embeddingDim = f.embedding;
    config.hiddenDim = f.hidden;
    config.layers = f.layers;
    config.bidirectional = !f.unidirectional;
    config.output = f.output == "crf" ? ner::OutputLayer::Crf : ner::OutputLayer::Softmax;
    config.dropout = f.dropout;
    config.embeddingDropout = f.embeddingDropout;
    config.dropoutPerSentence = f.dropoutMask == "sentence";
    config.recurrentDropout = f.recurrentDropout;
    config.languageModelWeight = f.lmWeight;
    config.languageModelHidden = f.lmHidden;
    config.scheme = *ner::parseScheme(f.scheme);
    config.constrainedDecoding = f.decoding == "constrained";
    config.normalize.digitsToZero = f.digitsToZero;
    config.minCount = f.minCount;

    if (config.languageModelWeight > 0 && !config.hasLanguageModelHead() && !f.quiet)
        std::cerr << "note: the next-character objective (--lm-weight) is off: it needs one "
                     "layer or --unidirectional\n";

    ner::TrainConfig tc;
    tc.optimizer.kind = f.optimizer == "sgd" ? ner::OptimizerKind::Sgd : ner::OptimizerKind::Adam;
    tc.optimizer.learningRate = f.lr;
    tc.optimizer.l2 = f.l2;
    tc.epochs = f.epochs;
    tc.batchSize = f.batch;
    tc.lrDecay = f.lrDecay;
    tc.schedule = f.schedule == "cosine" ? ner::TrainConfig::Schedule::Cosine
                                         : ner::TrainConfig::Schedule::InverseDecay;
    tc.clipNorm = f.clip;
    tc.seed = f.seed;
    tc.threads = f.threads;
    tc.patience = f.patience;
    tc.evaluateTrain = !f.noTrainEval;
    tc.weightAveraging = f.average;
    tc.unknownReplacement = f.unk;
    tc.mentionReplacement = f.mentions;

    ner::SharedLexicon lexicon;
    if (f.dictionary != "none") {
        try {
            lexicon = std::make_shared<ner::Lexicon>(ner::Lexicon::read(f.dictionary));
        } catch (const ner::DataError& e) {
            if (e.line() > 0) throw; // a bad line: the file is there, mend it
            throw ner::DataError(e.file(), 0, e.problem() + ", or pass --dictionary none");
        }
    }
    ner::TrainingPlan plan = ner::planTraining(data, config, f.seed, lexicon);
    if (!f.json && !f.quiet)
        std::cerr << data.name << ": " << plan.train.sentences.size() << " train / "
                  << plan.dev.sentences.size() << " dev / " << plan.test.sentences.size()
                  << " test sentences, " << plan.model.vocabulary().size() << " characters, "
                  << plan.model.tags().size() << " tags, " << plan.model.parameterCount()
                  << " parameters"
                  << (lexicon ? ", dictionary " + lexicon->source() + " (" +
                                    std::to_string(lexicon->size()) + " words)"
                              : std::string())
                  << "\n";
    const size_t devSentences = plan.dev.sentences.size(),
                 testSentences = plan.test.sentences.size();
    ner::Trainer trainer(std::move(plan.model), tc, std::move(plan.train), std::move(plan.dev));
    TerminalProgress progress(f.json, f.quiet);
    BestModelCheckpoint checkpoint(trainer, f.out, progress);
    bool interrupted = false;
    {
        InterruptGuard guard(trainer, checkpoint);
        interrupted = !trainer.run(&guard);
    }
    if (interrupted && !f.quiet)
        std::cerr << "\ninterrupted after " << trainer.epochsDone()
                  << (trainer.epochsDone() == 1 ? " epoch" : " epochs")
                  << (f.out.empty() ? "; testing the best weights so far\n"
                                    : "; testing and saving the best weights so far\n");

    const ner::Tagger best = trainer.bestModel();
    ner::TaggerNetwork network(f.threads);
    std::vector<std::vector<std::string>> predicted;
    const ner::Evaluation test = ner::evaluate(best, plan.test, network, 32, &predicted);
    // How far the test figures can be trusted: 1,000 resamples of the test sentences.
    std::optional<ner::BootstrapIntervals> intervals;
    if (!plan.test.sentences.empty())
        intervals = ner::bootstrapIntervals(plan.test.sentences, predicted, plan.test.scheme, 1000);
    // The checkpoint already holds these weights unless no epoch ended (a very early Ctrl-C).
    if (!f.out.empty() && checkpoint.saves() == 0) ner::saveModel(best, f.out);

    if (f.json) {
        nlohmann::json summary = {
            {"best_dev_f1", trainer.bestDevF1()},
            {"best_epoch", trainer.bestEpoch()},
            {"epochs", trainer.epochsDone()},
            {"train_tokens_per_second", progress.meanTokensPerSecond()},
            {"model", f.out},
            {"interrupted", interrupted},
            {"dev_sentences", devSentences},
            {"dictionary", lexicon ? nlohmann::json(lexicon->source()) : nlohmann::json(nullptr)},
            {"dictionary_words", lexicon ? lexicon->size() : 0},
            {"test_sentences", testSentences}};
        addEvaluation(summary, "test", test, true);
        if (intervals) summary["test_bootstrap"] = intervalsJson(*intervals);
        std::cout << summary.dump() << std::endl;
    } else if (!f.quiet) {
        // A corpus too small to split has no dev or test sentences: say what was done instead.
        if (devSentences == 0)
            std::cerr << "no dev sentences: kept epoch " << trainer.bestEpoch()
                      << ", the lowest training loss\n";
        else
            std::cerr << "best dev F1 " << trainer.bestDevF1() << " at epoch "
                      << trainer.bestEpoch() << "\n";
        if (testSentences == 0)
            std::cerr << "no test sentences to score (give --test FILE)\n";
        else
            std::cerr << "test set:\n"
                      << evaluationTable(test) << intervalsText(*intervals) << "\n";
        if (!f.out.empty()) std::cerr << "saved " << f.out << "\n";
    }
    return interrupted ? 130 : 0; // 128 + SIGINT, as a shell reports an interrupted command
}

int runTrain(int argc, char** argv, int first) {
    return train(argc, argv, first);
}

} // namespace cli
