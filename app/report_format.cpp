#include "app/report_format.h"

#include "app/cli_args.h"
#include "engine/data_error.h"
#include "engine/model_file.h"

#include <cstdio>
#include <iostream>

namespace cli {

std::string evaluationTable(const ner::Evaluation& ev) {
    std::string out;
    char line[160];
    std::snprintf(line, sizeof line, "  %-10s %9s %9s %9s %7s\n", "type", "precision", "recall",
                  "F1", "gold");
    out += line;
    auto row = [&](const std::string& name, const ner::PrfScore& s) {
        std::snprintf(line, sizeof line, "  %-10s %9.4f %9.4f %9.4f %7ld\n", name.c_str(),
                      s.precision(), s.recall(), s.f1(), s.tp + s.fn);
        out += line;
    };
    for (const auto& [type, score] : ev.entities.perType)
        row(type, score);
    row("overall", ev.entities.overall);
    std::snprintf(line, sizeof line, "  token accuracy %.4f over %ld characters\n",
                  ev.tokenAccuracy, ev.tokens);
    out += line;
    return out;
}

void addEvaluation(nlohmann::json& out, const std::string& prefix, const ner::Evaluation& ev,
                   bool perType) {
    out[prefix + "_precision"] = ev.entities.overall.precision();
    out[prefix + "_recall"] = ev.entities.overall.recall();
    out[prefix + "_f1"] = ev.entities.overall.f1();
    out[prefix + "_token_accuracy"] = ev.tokenAccuracy;
    out[prefix + "_loss"] = ev.loss;
    if (!perType) return;
    nlohmann::json types = nlohmann::json::object();
    for (const auto& [type, s] : ev.entities.perType)
        types[type] = {{"precision", s.precision()},
                       {"recall", s.recall()},
                       {"f1", s.f1()},
                       {"gold", s.tp + s.fn},
                       {"predicted", s.tp + s.fp}};
    out[prefix + "_per_type"] = types;
}

int reportErrors(const char* command, int (*fn)(int, char**, int), int argc, char** argv,
                 int first) {
    try {
        return fn(argc, argv, first);
    } catch (const UsageError& e) {
        std::cerr << "lstm-ner " << command << ": " << e.what() << "\n";
        return 2;
    } catch (const ner::DataError& e) {
        std::cerr << "lstm-ner " << command << ": " << e.what() << "\n";
        return 1;
    } catch (const ner::ModelFileError& e) {
        std::cerr << "lstm-ner " << command << ": " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "lstm-ner " << command << ": " << e.what() << "\n";
        return 1;
    }
}

} // namespace cli
