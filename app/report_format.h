#pragma once
// Turning engine results into terminal tables and JSON for the command line.
#include "engine/data/bootstrap_interval.h"
#include "engine/train/evaluator.h"

#include <nlohmann/json.hpp>
#include <string>

namespace cli {

// Per-type precision/recall/F1 table with an overall row and token accuracy.
std::string evaluationTable(const ner::Evaluation& ev);
// Tag confusion counts, gold tags down, predicted across, in the data's scheme; only tags
// that occur on either side, so a 13-type corpus still fits a wide terminal.
std::string confusionTable(const ner::Evaluation& ev);
// {"tags": [...], "counts": [[...], ...]}: counts[g][p] for gold tags[g], predicted tags[p].
nlohmann::json confusionJson(const ner::Evaluation& ev);
// {"precision", "recall", "f1", "token_accuracy", "loss", "per_type": {...}} under prefix_.
void addEvaluation(nlohmann::json& out, const std::string& prefix, const ner::Evaluation& ev,
                   bool perType);
// {"resamples", "level", "f1": [low, high], "precision", "recall", "token_accuracy"}.
nlohmann::json intervalsJson(const ner::BootstrapIntervals& intervals);
// "95 % interval, 1000 resamples of the sentences: F1 0.667–0.763, precision …", one line.
std::string intervalsText(const ner::BootstrapIntervals& intervals);
// x as the double that JSON writes as ner::shortestDecimal(x) ("0.1", not the
// 0.10000000149011612 a float widened to double prints as), so that a report's JSON and CSV
// agree to the digit.
double shortestNumber(float x);
// Runs fn and turns engine errors into one-line messages on stderr with exit status 1.
int reportErrors(const char* command, int (*fn)(int, char**, int), int argc, char** argv,
                 int first);

} // namespace cli
