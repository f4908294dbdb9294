#include "app/train_flags.h"

#include "engine/data/data_error.h"

#include <iostream>

namespace cli {

void declareTrainFlags(ArgParser& a, TrainFlags& f, unsigned groups) {
    if (groups & kDataFlags) {
        a.option("--data", &f.data, "FILE",
                 "training data (JSONL, CoNLL or CLUENER); default: the built-in corpus, split "
                 "80/10/10");
        a.option("--dev", &f.dev, "FILE",
                 "development data (with --test; then all of --data trains)");
        a.option("--test", &f.test, "FILE", "test data (with --dev)");
        a.choice("--format", &f.format, {"auto", "jsonl", "conll", "cluener"}, "data format");
        a.flag("--skip-bad", &f.skipBad,
               "skip malformed records and report them instead of stopping");
    }
    if (groups & kArchitectureFlags) {
        a.choice("--cell", &f.cell, {"rnn", "gru", "lstm"},
                 "recurrent cell: a tanh RNN, a GRU (as nn.GRU) or an LSTM");
        a.option("--layers", &f.layers, 1, 4, "stacked recurrent layers");
        a.flag("--linear-between", &f.linearBetween,
               "an affine layer between each two recurrent layers (needs --layers 2 or more)");
        a.flag("--unidirectional", &f.unidirectional, "left-to-right layers only");
        a.choice("--output", &f.output, {"crf", "softmax"}, "output layer");
    }
    if (groups & kRecipeFlags) {
        a.option("--epochs", &f.epochs, 1, 10000, "training epochs at most");
        a.option("--hidden", &f.hidden, 1, 2048, "hidden units per direction");
        a.option("--embedding", &f.embedding, 1, 2048, "character embedding size");
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
        a.option("--dropout", &f.dropout, 0.0, 0.95, "dropout on every recurrent layer's output");
        a.option("--embedding-dropout", &f.embeddingDropout, 0.0, 0.95,
                 "dropout on the character embeddings");
        a.option("--recurrent-dropout", &f.recurrentDropout, 0.0, 0.95,
                 "dropout on each cell's previous hidden state, one mask per sentence");
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
        a.option("--threads", &f.threads, 1, 256,
                 "threads (the default is this machine's core count)");
    }
}

ner::DataSources dataSources(const TrainFlags& f) {
    ner::DataSources sources;
    sources.data = f.data;
    sources.dev = f.dev;
    sources.test = f.test;
    sources.load.format = *ner::parseFormat(f.format);
    sources.load.skipBad = f.skipBad;
    sources.splitSeed = f.seed;
    return sources;
}

void reportSkipped(const ner::TrainingData& data) {
    if (data.skipped == 0) return;
    std::cerr << "skipped " << data.skipped
              << (data.skipped == 1 ? " malformed record:\n" : " malformed records:\n");
    for (const auto& reason : data.skipReasons)
        std::cerr << "  " << reason << "\n";
}

ner::ModelConfig modelConfig(const TrainFlags& f) {
    ner::ModelConfig config;
    config.embeddingDim = f.embedding;
    config.hiddenDim = f.hidden;
    config.layers = f.layers;
    config.bidirectional = !f.unidirectional;
    config.cell = *ner::parseCell(f.cell);
    config.linearBetween = f.linearBetween;
    if (config.linearBetween && config.layers < 2)
        throw UsageError("--linear-between needs --layers 2 or more");
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
    return config;
}

ner::TrainConfig trainConfig(const TrainFlags& f) {
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
    return tc;
}

ner::SharedLexicon readDictionary(const TrainFlags& f) {
    if (f.dictionary == "none") return nullptr;
    try {
        return std::make_shared<ner::Lexicon>(ner::Lexicon::read(f.dictionary));
    } catch (const ner::DataError& e) {
        if (e.line() > 0) throw; // a bad line: the file is there, mend it
        throw ner::DataError(e.file(), 0, e.problem() + ", or pass --dictionary none");
    }
}

} // namespace cli
