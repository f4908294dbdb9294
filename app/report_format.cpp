#include "app/report_format.h"

#include "app/cli_args.h"
#include "engine/analysis/gate_saturation.h"
#include "engine/data/data_error.h"
#include "engine/model/model_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace cli {

double shortestNumber(float x) {
    return std::strtod(ner::shortestDecimal(x).c_str(), nullptr);
}

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

namespace {
// The tags that occur as gold or predicted, in the evaluation's tag order.
std::vector<std::string> occurringTags(const ner::Evaluation& ev) {
    std::vector<std::string> tags;
    for (const std::string& tag : ev.tagNames) {
        const bool occurs =
            std::any_of(ev.confusion.begin(), ev.confusion.end(), [&](const auto& c) {
                return c.second > 0 && (c.first.first == tag || c.first.second == tag);
            });
        if (occurs) tags.push_back(tag);
    }
    return tags;
}

long confusionCount(const ner::Evaluation& ev, const std::string& gold,
                    const std::string& predicted) {
    const auto it = ev.confusion.find({gold, predicted});
    return it == ev.confusion.end() ? 0 : it->second;
}
} // namespace

std::string confusionTable(const ner::Evaluation& ev) {
    const std::vector<std::string> tags = occurringTags(ev);
    size_t width = 5;
    for (const std::string& tag : tags)
        width = std::max(width, tag.size());
    for (const auto& c : ev.confusion)
        width = std::max(width, std::to_string(c.second).size());
    auto cell = [&](const std::string& text) {
        return std::string(width + 1 - std::min(width, text.size()), ' ') + text;
    };
    std::string out = "  " + std::string(width, ' ') + " (gold down, predicted across)\n  " +
                      std::string(width, ' ');
    for (const std::string& p : tags)
        out += cell(p);
    out += "\n";
    for (const std::string& g : tags) {
        out += "  " + g + std::string(width - std::min(width, g.size()), ' ');
        for (const std::string& p : tags) {
            const long n = confusionCount(ev, g, p);
            out += cell(n == 0 ? "." : std::to_string(n));
        }
        out += "\n";
    }
    return out;
}

nlohmann::json confusionJson(const ner::Evaluation& ev) {
    const std::vector<std::string> tags = occurringTags(ev);
    nlohmann::json counts = nlohmann::json::array();
    for (const std::string& g : tags) {
        nlohmann::json row = nlohmann::json::array();
        for (const std::string& p : tags)
            row.push_back(confusionCount(ev, g, p));
        counts.push_back(row);
    }
    return {{"tags", tags}, {"counts", counts}};
}

namespace {
nlohmann::json intervalJson(const ner::Interval& i) {
    return nlohmann::json::array({i.low, i.high});
}

std::string intervalText(const ner::Interval& i) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f–%.3f", i.low, i.high);
    return text;
}
} // namespace

nlohmann::json intervalsJson(const ner::BootstrapIntervals& b) {
    return {{"resamples", b.resamples},         {"level", b.level},
            {"f1", intervalJson(b.f1)},         {"precision", intervalJson(b.precision)},
            {"recall", intervalJson(b.recall)}, {"token_accuracy", intervalJson(b.tokenAccuracy)}};
}

std::string intervalsText(const ner::BootstrapIntervals& b) {
    return std::to_string(int(std::lround(b.level * 100))) + " % interval, " +
           std::to_string(b.resamples) + " resamples of the sentences: F1 " + intervalText(b.f1) +
           ", precision " + intervalText(b.precision) + ", recall " + intervalText(b.recall) +
           ", token accuracy " + intervalText(b.tokenAccuracy);
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
