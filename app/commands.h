#pragma once
// The subcommands of lstm-ner. Each parses its own flags (argv[first..]) and returns the
// process exit status: 0 success, 1 failure (bad data, unreadable model), 2 usage error.
namespace cli {

int runTrain(int argc, char** argv, int first);
int runEval(int argc, char** argv, int first);
int runTag(int argc, char** argv, int first);
int runInspect(int argc, char** argv, int first);
int runCompare(int argc, char** argv, int first);

} // namespace cli
