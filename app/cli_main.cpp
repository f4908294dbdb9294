// lstm-ner: train, evaluate, compare and use a character-level recurrent tagger from the
// command line.
#include "app/commands.h"
#include "app/report_format.h"

#include <cstring>
#include <iostream>

static const char* kUsage =
    "usage: lstm-ner COMMAND [options]\n\n"
    "commands:\n"
    "  train     train a tagger (on the built-in corpus unless --data is given)\n"
    "  eval      score a saved model on labelled data\n"
    "  tag       find entities in text given as arguments or on standard input\n"
    "  inspect   gate activations of every layer for one sentence (JSON or CSV)\n"
    "  compare   train several configurations over several seeds and tabulate their scores\n\n"
    "'lstm-ner COMMAND --help' describes each command's options.\n";

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    if (command == "train") return cli::reportErrors("train", cli::runTrain, argc, argv, 2);
    if (command == "eval") return cli::reportErrors("eval", cli::runEval, argc, argv, 2);
    if (command == "tag") return cli::reportErrors("tag", cli::runTag, argc, argv, 2);
    if (command == "inspect") return cli::reportErrors("inspect", cli::runInspect, argc, argv, 2);
    if (command == "compare") return cli::reportErrors("compare", cli::runCompare, argc, argv, 2);
    std::cerr << "lstm-ner: unknown command '" << command
              << "' (train, eval, tag, inspect, compare)\n";
    return 2;
}
