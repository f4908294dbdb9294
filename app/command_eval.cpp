// lstm-ner eval
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/decoding_flag.h"
#include "app/error_report.h"
#include "app/report_format.h"
#include "app/terminal_progress.h"
#include "engine/analysis/gold_standing.h"
#include "engine/data/bootstrap_interval.h"
#include "engine/data/dataset_reader.h"
#include "engine/model/model_file.h"

#include <iostream>
#include <optional>
#include <thread>

namespace cli {

int runEval(int argc, char** argv, int first) {
    std::string model, data, format = "auto";
    bool json = false, skipBad = false, confusion = false, errors = false;
    int bootstrap = 0;
    int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    ArgParser args("lstm-ner eval", "Score a saved model on labelled data: entity precision, "
                                    "recall and F1 per type and overall, and token accuracy.");
    args.option("--model", &model, "MODEL", "model file");
    args.option("--data", &data, "FILE", "labelled data (JSONL, CoNLL or CLUENER)");
    args.choice("--format", &format, {"auto", "jsonl", "conll", "cluener"}, "data format");
    args.flag("--skip-bad", &skipBad, "skip malformed records and report them");
    args.option("--threads", &threads, 1, 256, "threads");
    args.flag("--confusion", &confusion, "also the tag confusion matrix (gold × predicted)");
    args.flag("--errors", &errors,
              "also every sentence with a wrong entity, worst first, and what was wrong");
    args.option("--bootstrap", &bootstrap, 0, 100000,
                "also 95 % intervals for F1, precision, recall and token accuracy: the scores "
                "of N resamples of the sentences drawn with replacement (0: none)");
    args.flag("--json", &json, "print one JSON object");
    DecodingFlag decoding;
    decoding.addTo(args);
    if (!args.parse(argc, argv, first).empty())
        throw UsageError("eval takes no positional arguments");
    if (args.helpRequested()) {
        std::cout << args.help();
        return 0;
    }
    if (model.empty()) throw UsageError("--model is required");
    if (data.empty()) throw UsageError("--data is required");

    ner::Tagger tagger = ner::loadModel(model);
    decoding.applyTo(tagger);
    ner::LoadOptions options;
    options.format = *ner::parseFormat(format);
    options.skipBad = skipBad;
    options.progress = readingProgress(false);
    ner::LoadResult loaded = ner::loadDataset(data, options);
    for (const auto& reason : loaded.skipReasons)
        std::cerr << "skipped " << reason << "\n";
    const ner::LabelledSet set =
        ner::prepareLabelledSet(tagger, std::move(loaded.sentences), loaded.scheme, data);
    ner::TaggerNetwork network(threads);
    std::vector<std::vector<std::string>> predicted;
    const ner::Evaluation ev =
        ner::evaluate(tagger, set, network, 32, errors || bootstrap > 0 ? &predicted : nullptr);
    std::vector<ner::SentenceErrors> wrong;
    if (errors) {
        wrong = ner::sentencesWithErrors(set.sentences, predicted, set.scheme);
        ner::weighGoldTaggings(network, tagger, wrong);
    }
    std::optional<ner::BootstrapIntervals> intervals;
    if (bootstrap > 0)
        intervals = ner::bootstrapIntervals(set.sentences, predicted, set.scheme, bootstrap);
    if (json) {
        nlohmann::json out = {{"sentences", set.sentences.size()}, {"tokens", ev.tokens}};
        addEvaluation(out, "eval", ev, true);
        if (confusion) out["eval_confusion"] = confusionJson(ev);
        if (errors) out["eval_errors"] = sentenceErrorsJson(wrong);
        if (intervals) out["eval_bootstrap"] = intervalsJson(*intervals);
        std::cout << out.dump() << std::endl;
    } else {
        std::cout << data << ": " << set.sentences.size() << " sentences\n" << evaluationTable(ev);
        if (confusion) std::cout << "tag confusion:\n" << confusionTable(ev);
        if (intervals) std::cout << intervalsText(*intervals) << "\n";
        if (errors) std::cout << "\n" << sentenceErrorsText(wrong, set.sentences.size());
    }
    return 0;
}

} // namespace cli
