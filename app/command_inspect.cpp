// lstm-ner inspect
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/decoding_flag.h"
#include "engine/inspection_csv.h"
#include "engine/model_file.h"
#include "engine/tagger_network.h"
#include "engine/utf8.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace cli {

int runInspect(int argc, char** argv, int first) {
    std::string model;
    bool csv = false;
    ArgParser args("lstm-ner inspect",
                   "Gate activations (i, f, g, o, c, h) of every layer and direction, the tag "
                   "probabilities and the predicted tags of one sentence, as JSON or CSV; the "
                   "JSON also holds a CRF's transition scores.",
                   "TEXT");
    args.option("--model", &model, "MODEL", "model file");
    args.flag("--csv", &csv, "CSV rows: layer,direction,gate,unit,position,char,value");
    DecodingFlag decoding;
    decoding.addTo(args);
    const std::vector<std::string> texts = args.parse(argc, argv, first);
    if (args.helpRequested()) {
        std::cout << args.help();
        return 0;
    }
    if (model.empty()) throw UsageError("--model is required");
    if (texts.size() != 1) throw UsageError("inspect takes exactly one TEXT (quote it)");
    ner::Tagger tagger = ner::loadModel(model);
    decoding.applyTo(tagger);
    ner::TaggerNetwork network(1);
    const auto a = network.analyse(tagger, ner::splitCodePoints(texts[0], "<argument>", 1), 100000);

    if (csv) {
        ner::writeGateCsv(a, std::cout);
        return 0;
    }
    nlohmann::json out;
    out["chars"] = a.chars;
    out["known"] = a.known;
    out["tags"] = a.predicted;
    out["tag_names"] = a.tagNames;
    nlohmann::json probs = nlohmann::json::array();
    for (int t = 0; t < int(a.chars.size()); ++t) {
        std::vector<float> column;
        for (int k = 0; k < int(a.tagNames.size()); ++k)
            column.push_back(a.probability(k, t));
        probs.push_back(column);
    }
    out["probabilities"] = probs; // [position][tag]
    nlohmann::json gates = nlohmann::json::array();
    for (const ner::GateTrace& g : a.gates) {
        nlohmann::json trace = {{"layer", g.layer},
                                {"direction", g.direction ? "backward" : "forward"},
                                {"hidden", g.hidden}};
        for (ner::Gate gate : ner::kAllGates) {
            nlohmann::json rows = nlohmann::json::array(); // [position][unit]
            for (int t = 0; t < g.length; ++t) {
                std::vector<float> units;
                for (int u = 0; u < g.hidden; ++u)
                    units.push_back(g.value(gate, u, t));
                rows.push_back(units);
            }
            trace[ner::gateSymbol(gate)] = rows;
        }
        gates.push_back(trace);
    }
    out["gates"] = gates;
    if (a.transitions.tags > 0) { // a CRF: how it strings the tags together, as the studio shows
        const ner::TransitionScores& tr = a.transitions;
        nlohmann::json scores = nlohmann::json::array(), allowed = nlohmann::json::array();
        for (int i = 0; i < tr.tags; ++i) {
            std::vector<float> row;
            std::vector<bool> ok;
            for (int j = 0; j < tr.tags; ++j) {
                row.push_back(tr.score(i, j));
                ok.push_back(tr.isAllowed(i, j));
            }
            scores.push_back(row);
            allowed.push_back(ok);
        }
        out["crf"] = {{"transitions", scores}, // [from][to], in tag_names order
                      {"allowed", allowed},
                      {"start", tr.start},
                      {"end", tr.end},
                      {"start_allowed", tr.startAllowed},
                      {"end_allowed", tr.endAllowed},
                      {"constraint", tr.constraint}};
    }
    std::cout << out.dump() << "\n";
    return 0;
}

} // namespace cli
