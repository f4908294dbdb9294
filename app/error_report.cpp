#include "app/error_report.h"

#include "engine/analysis/gold_standing.h"

#include <algorithm>

namespace cli {

namespace {
std::string counted(size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

nlohmann::json spanJson(const ner::SentenceErrors& s, const std::optional<ner::Span>& span) {
    if (!span) return nullptr;
    return {{"begin", span->begin},
            {"end", span->end},
            {"type", span->type},
            {"text", ner::spanText(s, *span)}};
}

std::string standingText(const std::optional<ner::GoldStanding>& g) {
    if (!g) return "not weighed (a type the model does not know)";
    const std::string p = ner::describeProbability(g->probability);
    if (g->reading >= 0)
        return "reading " + std::to_string(g->reading + 1) + " of the " +
               std::to_string(ner::kDefaultReadings) + " most probable, " + p;
    return p + ", not among the " + std::to_string(ner::kDefaultReadings) + " most probable";
}
} // namespace

std::string sentenceErrorsText(const std::vector<ner::SentenceErrors>& errors,
                               size_t sentenceCount) {
    if (errors.empty())
        return "no errors: every entity and character of " +
               counted(sentenceCount, "sentence", "sentences") + " is right\n";
    std::string out =
        std::to_string(errors.size()) + " of " + counted(sentenceCount, "sentence", "sentences") +
        (errors.size() == 1 ? " has" : " have") + " errors, most entity errors first.\n";
    // Near misses against sure mistakes: how often the gold tagging was the runner-up.
    const ner::NearMisses near = ner::countNearMisses(errors);
    if (near.weighed > 0)
        out += "Their gold tagging was the model's runner-up in " + std::to_string(near.runnerUp) +
               " and among its " + std::to_string(ner::kDefaultReadings) +
               " most probable taggings in " + std::to_string(near.listed) + " of " +
               std::to_string(near.weighed) + ".\n";
    for (const ner::SentenceErrors& s : errors) {
        out += "\n";
        if (s.line > 0) out += "line " + std::to_string(s.line) + " ";
        // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
        // "literal" + std::string chains here.
        out += '(';
        out += counted(s.errors.size(), "entity error", "entity errors");
        out += ", ";
        out += counted(size_t(s.tokenErrors), "character", "characters");
        out += " wrong): ";
        out += ner::joinCharacters(s.chars);
        out += '\n';
        if (near.weighed > 0) out += "  gold tagging    " + standingText(s.goldStanding) + "\n";
        for (const ner::EntityError& e : s.errors) {
            std::string kind = ner::entityErrorKindName(e.kind);
            kind.resize(std::max<size_t>(kind.size(), 15), ' ');
            out += "  " + kind + " " + ner::describeEntityError(s, e) + "\n";
        }
    }
    return out;
}

nlohmann::json sentenceErrorsJson(const std::vector<ner::SentenceErrors>& errors) {
    nlohmann::json out = nlohmann::json::array();
    for (const ner::SentenceErrors& s : errors) {
        nlohmann::json list = nlohmann::json::array();
        for (const ner::EntityError& e : s.errors)
            list.push_back({{"kind", ner::entityErrorKindName(e.kind)},
                            {"gold", spanJson(s, e.gold)},
                            {"predicted", spanJson(s, e.predicted)}});
        out.push_back({{"line", s.line},
                       {"index", s.index},
                       {"text", ner::joinCharacters(s.chars)},
                       {"correct", s.correctEntities},
                       {"token_errors", s.tokenErrors},
                       {"errors", list}});
        const auto& g = s.goldStanding;
        out.back()["gold_probability"] = g ? nlohmann::json(g->probability) : nullptr;
        out.back()["gold_reading"] =
            g && g->reading >= 0 ? nlohmann::json(g->reading + 1) : nullptr;
    }
    return out;
}

} // namespace cli
