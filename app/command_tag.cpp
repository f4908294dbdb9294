// lstm-ner tag
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/decoding_flag.h"
#include "engine/data_error.h"
#include "engine/model_file.h"
#include "engine/sentence.h"
#include "engine/tagger_network.h"
#include "engine/utf8.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace cli {

namespace {
// A stable background colour per entity type (ANSI 256-colour palette).
int colourFor(const std::string& type) {
    static const int palette[] = {153, 186, 217, 151, 223, 189, 159, 229, 181, 195, 152, 222};
    unsigned h = 0;
    for (char c : type)
        h = h * 31 + unsigned(char(c));
    return palette[h % (sizeof palette / sizeof *palette)];
}

std::string surfaceOf(const ner::SentenceAnalysis& a, const ner::Span& s) {
    return ner::joinCharacters(a.chars, size_t(s.begin), size_t(s.end));
}

nlohmann::json spanJson(const ner::SentenceAnalysis& a, const ner::Span& s) {
    return {{"text", surfaceOf(a, s)}, {"type", s.type}, {"start", s.begin}, {"end", s.end}};
}

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

// Each reading with its probability, its entities and how they differ from the first's.
nlohmann::json readingsJson(const ner::SentenceAnalysis& a) {
    nlohmann::json out = nlohmann::json::array();
    for (const ner::TagReading& r : a.readings) {
        nlohmann::json entities = nlohmann::json::array(), changes = nlohmann::json::array();
        for (const ner::Span& s : r.entities)
            entities.push_back(spanJson(a, s));
        for (const ner::ReadingChange& c :
             ner::readingChanges(a.readings.front().entities, r.entities)) {
            nlohmann::json change{{"change", kindName(c.kind)}};
            if (c.kind != ner::ReadingChange::Kind::Added) change["before"] = spanJson(a, c.before);
            if (c.kind != ner::ReadingChange::Kind::Removed) change["after"] = spanJson(a, c.after);
            changes.push_back(std::move(change));
        }
        out.push_back({{"probability", r.probability},
                       {"tags", r.tags},
                       {"entities", entities},
                       {"changes", changes}});
    }
    return out;
}

// "   2   30.50%  普京 PER, not LOC · + 昨天 TIM": a line a reading, the first as "best".
void printReadings(const ner::SentenceAnalysis& a) {
    for (size_t n = 0; n < a.readings.size(); ++n) {
        const ner::TagReading& r = a.readings[n];
        std::string described = ner::describeChanges(
            ner::readingChanges(a.readings.front().entities, r.entities), a.chars);
        if (n == 0) described = "best";
        if (described.empty()) described = "the same entities, other tags";
        char head[48];
        std::snprintf(head, sizeof head, "  %2d %7.2f%%  ", int(n + 1), 100 * r.probability);
        std::cout << head << described << "\n";
    }
}

void printLine(const ner::SentenceAnalysis& a, bool json, bool colour, const std::string& text,
               int readings) {
    if (json) {
        nlohmann::json entities = nlohmann::json::array();
        for (const ner::Span& s : a.entities)
            entities.push_back(spanJson(a, s));
        nlohmann::json line{{"text", text}, {"entities", entities}, {"tags", a.predicted}};
        if (readings > 0) line["readings"] = readingsJson(a);
        std::cout << line.dump() << "\n";
        return;
    }
    size_t next = 0;
    std::string out;
    for (int k = 0; k < int(a.chars.size());) {
        if (next < a.entities.size() && a.entities[next].begin == k) {
            const ner::Span& s = a.entities[next++];
            const std::string surface = surfaceOf(a, s);
            if (colour)
                out += "\x1b[30;48;5;" + std::to_string(colourFor(s.type)) + "m" + surface +
                       " \x1b[1m" + s.type + "\x1b[0m";
            else
                out += "[" + surface + "]" + s.type;
            k = s.end;
        } else {
            out += a.chars[size_t(k++)];
        }
    }
    std::cout << out << "\n";
    if (readings > 0) printReadings(a);
}
} // namespace

int runTag(int argc, char** argv, int first) {
    std::string model;
    bool json = false, plain = false;
    ArgParser args("lstm-ner tag",
                   "Find entities in each TEXT argument, or in each line of standard input.",
                   "[TEXT ...]");
    args.option("--model", &model, "MODEL", "model file");
    args.flag("--json", &json, "one JSON object per input line");
    args.flag("--plain", &plain, "no colours: [entity]TYPE");
    int readings = 0;
    args.option("--readings", &readings, 0, 100,
                "also the N most probable taggings, with their probability and how each "
                "differs from the best");
    DecodingFlag decoding;
    decoding.addTo(args);
    const std::vector<std::string> texts = args.parse(argc, argv, first);
    if (args.helpRequested()) {
        std::cout << args.help();
        return 0;
    }
    if (model.empty()) throw UsageError("--model is required");
    ner::Tagger tagger = ner::loadModel(model);
    decoding.applyTo(tagger);
    ner::TaggerNetwork network(1);
    const bool colour = !plain && ::isatty(1);
    int line = 0, failed = 0;
    // A line that is not UTF-8 is reported and skipped; the others are still tagged, and
    // the output keeps one line per input line so that it lines up with the input.
    auto tagOne = [&](const std::string& text) {
        ++line;
        std::vector<std::string> chars;
        try {
            chars = ner::splitCodePoints(text, texts.empty() ? "<stdin>" : "<argument>", line);
        } catch (const ner::DataError& e) {
            ++failed;
            std::cerr << "lstm-ner tag: " << e.what() << "\n";
            if (json)
                std::cout << nlohmann::json{{"line", line}, {"error", e.problem()}}.dump() << "\n";
            else
                std::cout << "\n";
            return;
        }
        printLine(network.analyse(tagger, chars, 100000, readings), json, colour, text, readings);
    };
    if (!texts.empty()) {
        for (const std::string& t : texts)
            tagOne(t);
    } else {
        for (std::string text; std::getline(std::cin, text);)
            tagOne(text);
    }
    if (failed > 0) {
        std::cerr << "lstm-ner tag: " << failed << (failed == 1 ? " line" : " lines")
                  << " not tagged (not UTF-8)\n";
        return 1;
    }
    return 0;
}

} // namespace cli
