// lstm-ner tag
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/decoding_flag.h"
#include "app/readings_report.h"
#include "engine/analysis/sentence_analysis.h"
#include "engine/data/data_error.h"
#include "engine/data/sentence.h"
#include "engine/data/utf8.h"
#include "engine/model/model_file.h"

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

void printLine(const ner::SentenceAnalysis& a, bool json, bool colour, const std::string& text,
               int readings) {
    if (json) {
        nlohmann::json entities = nlohmann::json::array();
        for (const ner::Span& s : a.entities)
            entities.push_back(spanJson(a.chars, s));
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
            const std::string surface =
                ner::joinCharacters(a.chars, size_t(s.begin), size_t(s.end));
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
    if (readings > 0) printReadings(a, std::cout);
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
        printLine(ner::analyseSentence(network, tagger, chars, 100000, readings), json, colour,
                  text, readings);
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
