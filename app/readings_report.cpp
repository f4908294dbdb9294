#include "app/readings_report.h"

#include "engine/data/sentence.h"

#include <cstdio>

namespace cli {

namespace {
const char* kindName(ner::ReadingChange::Kind kind) {
    switch (kind) {
    case ner::ReadingChange::Kind::Added:
        return "added";
    case ner::ReadingChange::Kind::Removed:
        return "removed";
    case ner::ReadingChange::Kind::Changed:
        return "changed";
    }
    return "";
}
} // namespace

nlohmann::json spanJson(const std::vector<std::string>& chars, const ner::Span& span) {
    return {{"text", ner::joinCharacters(chars, size_t(span.begin), size_t(span.end))},
            {"type", span.type},
            {"start", span.begin},
            {"end", span.end}};
}

nlohmann::json readingsJson(const ner::SentenceAnalysis& a) {
    nlohmann::json out = nlohmann::json::array();
    for (const ner::TagReading& r : a.readings) {
        nlohmann::json entities = nlohmann::json::array(), changes = nlohmann::json::array();
        for (const ner::Span& s : r.entities)
            entities.push_back(spanJson(a.chars, s));
        for (const ner::ReadingChange& c :
             ner::readingChanges(a.readings.front().entities, r.entities)) {
            nlohmann::json change{{"change", kindName(c.kind)}};
            if (c.kind != ner::ReadingChange::Kind::Added)
                change["before"] = spanJson(a.chars, c.before);
            if (c.kind != ner::ReadingChange::Kind::Removed)
                change["after"] = spanJson(a.chars, c.after);
            changes.push_back(std::move(change));
        }
        out.push_back({{"probability", r.probability},
                       {"tags", r.tags},
                       {"entities", entities},
                       {"changes", changes}});
    }
    return out;
}

void printReadings(const ner::SentenceAnalysis& a, std::ostream& out) {
    for (size_t n = 0; n < a.readings.size(); ++n) {
        const ner::TagReading& r = a.readings[n];
        std::string described = ner::describeChanges(
            ner::readingChanges(a.readings.front().entities, r.entities), a.chars);
        if (n == 0) described = "best";
        if (described.empty()) described = "the same entities, other tags";
        char head[48];
        std::snprintf(head, sizeof head, "  %2d %7.2f%%  ", int(n + 1), 100 * r.probability);
        out << head << described << "\n";
    }
}

} // namespace cli
