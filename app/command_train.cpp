// lstm-ner train
#include "app/best_model_checkpoint.h"
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/interrupt_guard.h"
#include "app/report_format.h"
#include "app/terminal_progress.h"
#include "app/train_flags.h"
#include "engine/data/data_error.h"
#include "engine/model/model_file.h"
#include "engine/train/training_setup.h"

#include <iostream>
#include <optional>
#include <thread>

namespace cli {

static int train(int argc, char** argv, int first) {
    TrainFlags f;
    ArgParser args("lstm-ner train",
                   "Train a character tagger: stacked RNN, GRU or LSTM layers (by default one "
                   "bidirectional LSTM layer) with a softmax or CRF output.");
    declareTrainFlags(args, f, kDataFlags | kArchitectureFlags | kRecipeFlags);
    args.option("--out", &f.out, "MODEL",
                "where to save the best model; rewritten whenever dev F1 improves, so a run that "
                "is killed keeps its best epoch so far");
    args.flag("--no-train-eval", &f.noTrainEval, "do not score the training split each epoch");
    args.flag("--json", &f.json, "one JSON object per epoch and a final summary line on stdout");
    args.flag("--quiet", &f.quiet, "no progress output");

    if (!args.parse(argc, argv, first).empty())
        throw UsageError("train takes no positional arguments");
    if (args.helpRequested()) {
        std::cout << args.help();
        return 0;
    }

    ner::DataSources sources = dataSources(f);
    sources.load.progress = readingProgress(f.quiet);
    const ner::TrainingData data = ner::loadTrainingData(sources);
    reportSkipped(data);
    const ner::ModelConfig config = modelConfig(f);
    if (config.languageModelWeight > 0 && !config.hasLanguageModelHead() && !f.quiet)
        std::cerr << "note: the next-character objective (--lm-weight) is off: it needs one "
                     "layer or --unidirectional\n";
    ner::TrainConfig tc = trainConfig(f);
    tc.evaluateTrain = !f.noTrainEval;
    const ner::SharedLexicon lexicon = readDictionary(f);
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
    if (const auto& fault = trainer.fault()) {
        // Nothing damaged is saved: the checkpoint holds the best epoch before the fault, if
        // one finished, and is left as it is.
        interrupted = false;
        const std::string message = "training diverged: " + fault->message() +
                                    ". Lower --lr, or clip the gradient norm (--clip 5)";
        const bool saved = !f.out.empty() && checkpoint.saves() > 0;
        if (f.json) {
            std::cout << nlohmann::json{{"error", message},
                                        {"epochs", trainer.epochsDone()},
                                        {"best_epoch", trainer.bestEpoch()},
                                        {"best_dev_f1", trainer.bestDevF1()},
                                        {"model", saved ? nlohmann::json(f.out) : nullptr}}
                             .dump()
                      << std::endl;
        }
        std::cerr << "\nerror: " << message << "\n"
                  << (saved ? f.out + " holds epoch " + std::to_string(trainer.bestEpoch()) +
                                  ", the best before it\n"
                            : std::string("no model saved: no epoch finished before it\n"));
        return 1;
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
