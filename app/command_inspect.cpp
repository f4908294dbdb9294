// lstm-ner inspect
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/decoding_flag.h"
#include "app/embedding_map_report.h"
#include "app/readings_report.h"
#include "app/saturation_report.h"
#include "app/state_map_report.h"
#include "app/unit_report.h"
#include "engine/analysis/embedding_map.h"
#include "engine/analysis/gate_saturation.h"
#include "engine/analysis/influence.h"
#include "engine/analysis/inspection_csv.h"
#include "engine/analysis/sentence_analysis.h"
#include "engine/analysis/state_map.h"
#include "engine/data/dataset_reader.h"
#include "engine/data/utf8.h"
#include "engine/model/model_file.h"

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>

namespace cli {

namespace {
// --unit: one unit over every sentence of a labelled file, as the studio's unit tab.
int profileOneUnit(const ner::Tagger& tagger, const ner::UnitRef& unit, const std::string& data,
                   int top) {
    const ner::LoadResult loaded = ner::loadDataset(data, ner::LoadOptions{});
    ner::TaggerNetwork network(1);
    try {
        const ner::UnitProfile profile =
            ner::profileUnit(network, tagger, loaded.sentences, loaded.scheme, unit, top);
        std::cout << unitProfileJson(profile, loaded.sentences).dump() << "\n";
    } catch (const std::invalid_argument& e) { // the model has no such unit: a bad flag
        throw UsageError(std::string("--unit: ") + e.what());
    }
    return 0;
}

// --saturation: how often each unit's sigmoid gates sit near 0 or 1 over a labelled file,
// Karpathy et al.'s saturation plot in numbers.
int measureSaturation(const ner::Tagger& tagger, const std::string& data, float threshold,
                      bool csv) {
    const ner::LoadResult loaded = ner::loadDataset(data, ner::LoadOptions{});
    ner::TaggerNetwork network(1);
    const ner::SaturationProfile profile =
        ner::measureGateSaturation(network, tagger, loaded.sentences, threshold);
    if (profile.gates.empty())
        std::cerr << "note: a " << ner::cellTitle(profile.cell)
                  << " has no sigmoid gates: there is nothing to count\n";
    if (csv)
        ner::writeSaturationCsv(profile, std::cout);
    else
        std::cout << saturationJson(profile).dump() << "\n";
    return 0;
}

// --embedding-map: where the model has put the most frequent characters of a labelled file,
// on the two principal axes of their embedding columns, with the type each mostly sits in.
int mapCharacters(const ner::Tagger& tagger, const std::string& data, int characters, bool csv) {
    const ner::LoadResult loaded = ner::loadDataset(data, ner::LoadOptions{});
    const ner::CharacterUsage usage =
        ner::countCharacterUsage(tagger.vocabulary(), loaded.sentences, loaded.scheme);
    const ner::EmbeddingMap map = ner::mapEmbeddings(tagger, usage, characters);
    if (csv)
        ner::writeEmbeddingMapCsv(tagger, map, std::cout);
    else
        std::cout << embeddingMapJson(tagger, map).dump() << "\n";
    return 0;
}

// --state-map: where one layer's hidden states lie over a labelled file's characters, on their
// two principal axes, with each character's gold type and how often an entity character's
// nearest states share it.
int mapStates(const ner::Tagger& tagger, const std::string& data, int layer, int characters,
              bool csv) {
    const ner::LoadResult loaded = ner::loadDataset(data, ner::LoadOptions{});
    ner::TaggerNetwork network(1);
    const ner::StateMap map = ner::mapHiddenStates(network, tagger, loaded.sentences, loaded.scheme,
                                                   layer, size_t(characters));
    if (csv)
        ner::writeStateMapCsv(map, std::cout);
    else
        std::cout << stateMapJson(map).dump() << "\n";
    return 0;
}

// A whole number in [min, max] given as text, or a UsageError naming the flag.
int parseCount(const std::string& flag, const std::string& text, int min, int max) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < min || value > max)
        throw UsageError(flag + " expects a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", not '" + text + "'");
    return value;
}

// Its cost grows with the square of the length: T copies of T characters, forward and back.
constexpr size_t kMaxInfluenceCharacters = 1000;

ner::InfluenceMap influenceMap(const ner::Tagger& tagger, const ner::SentenceAnalysis& a) {
    if (a.chars.size() > kMaxInfluenceCharacters)
        throw UsageError("--influence takes at most " + std::to_string(kMaxInfluenceCharacters) +
                         " characters; the text has " + std::to_string(a.chars.size()));
    return ner::InfluenceAnalyser().analyse(tagger, a);
}

nlohmann::json influenceJson(const ner::InfluenceMap& map) {
    nlohmann::json rows = nlohmann::json::array(); // [decision][input]
    for (int t = 0; t < map.length; ++t)
        rows.push_back(std::vector<float>(map.values.begin() + long(t) * map.length,
                                          map.values.begin() + long(t + 1) * map.length));
    return rows;
}
// What the model read from its dictionary: the words found in the sentence with their
// class, the segmentation, and each character's feature bits by name.
nlohmann::json dictionaryJson(const ner::Lexicon& lexicon, const std::vector<std::string>& chars) {
    nlohmann::json words = nlohmann::json::array(), segmentation = nlohmann::json::array(),
                   features = nlohmann::json::array();
    for (const ner::Lexicon::Match& m : lexicon.matches(chars))
        words.push_back({{"begin", m.begin},
                         {"end", m.end},
                         {"text", ner::joinCharacters(chars, size_t(m.begin), size_t(m.end))},
                         {"class", ner::wordClassName(m.wordClass)}});
    size_t at = 0;
    for (int length : lexicon.segment(chars)) {
        segmentation.push_back(ner::joinCharacters(chars, at, at + size_t(length)));
        at += size_t(length);
    }
    for (std::uint32_t bits : lexicon.features(chars)) {
        std::vector<std::string> names;
        for (int k = 0; k < ner::kLexiconFeatures; ++k)
            if (bits & (1u << k)) names.push_back(ner::lexiconFeatureName(k));
        features.push_back(names);
    }
    return {{"source", lexicon.source()},
            {"words", words},
            {"segmentation", segmentation},
            {"features", features}};
}
} // namespace

int runInspect(int argc, char** argv, int first) {
    std::string model, unit, unitGate = "h", data, threshold = "0.1", layerText, charactersText;
    bool csv = false, influence = false, saturation = false, embeddingMap = false, stateMap = false;
    int top = 12;
    ArgParser args("lstm-ner inspect",
                   "Gate activations (an LSTM's i, f, g, o, c, h; a GRU's r, z, n, h; an RNN's h) "
                   "of every layer and direction, the tag "
                   "probabilities and the predicted tags of one sentence, as JSON or CSV; the "
                   "JSON also holds a CRF's transition scores. With --unit, one unit over "
                   "every sentence of a labelled file instead; with --saturation, how often each "
                   "unit's sigmoid gates sit near 0 or 1 over such a file; with "
                   "--embedding-map, where the model has put that file's most frequent characters "
                   "(the two principal axes of their embeddings), with the entity type each "
                   "mostly sits in and its nearest characters; with --state-map, where one "
                   "layer's hidden states lie over that file's characters.",
                   "TEXT");
    args.option("--model", &model, "MODEL", "model file");
    args.flag("--csv", &csv,
              "CSV rows: layer,direction,gate,unit,position,char,value; with --influence, "
              "position,char,tag,against,source,source_char,value instead; with --saturation, "
              "layer,direction,gate,unit,below,above,threshold; with --embedding-map, "
              "char,count,type,type_share,x,y,neighbours (the neighbours space-separated); with "
              "--state-map, sentence,position,char,type,predicted,x,y");
    args.flag(
        "--influence", &influence,
        "add \"influence\": [decision][input], how much each character's embedding moves "
        "the evidence for each predicted tag (gradient norm; see engine/analysis/influence.h)");
    DecodingFlag decoding;
    decoding.addTo(args);
    args.option("--unit", &unit, "L:DIR:U",
                "profile one unit over --data, e.g. 1:backward:83: its mean per gold entity "
                "type and the sentences where it goes highest and lowest");
    args.choice("--gate", &unitGate, allGateSymbols(),
                "the quantity --unit profiles: one of the model's gates (an LSTM's i, f, g, o, "
                "c, h; a GRU's r, z, n, h; an RNN's h)");
    args.option("--data", &data, "FILE",
                "labelled data for --unit, --saturation, --embedding-map or --state-map (JSONL, "
                "CoNLL or CLUENER)");
    args.option("--top", &top, 1, 1000, "sentences listed each way by --unit");
    args.flag("--saturation", &saturation,
              "for each unit's sigmoid gates (an LSTM's i, f, o; a GRU's r, z), the fraction of "
              "the characters of --data where "
              "it is below --threshold and where it is above 1 - threshold, and their means");
    args.option("--threshold", &threshold, "X",
                "what --saturation counts as near 0 or 1: above 0, below 0.5");
    args.flag("--embedding-map", &embeddingMap,
              "the --characters most frequent characters of --data on the two principal axes "
              "of their embedding columns (with the share of the variance each keeps), each "
              "with its count, the gold entity type it mostly sits in and its " +
                  std::to_string(ner::kMapNeighbours) +
                  " nearest mapped characters by cosine; the JSON adds how often an entity "
                  "character's neighbours share its type (\"type_agreement\")");
    args.flag("--state-map", &stateMap,
              "the hidden state h of --layer at each character of --data (whole sentences, up "
              "to --characters), forward and backward units together, on the two principal "
              "axes of those states, each with its gold entity type; the JSON adds how often "
              "an entity character's " +
                  std::to_string(ner::kStateNeighbours) +
                  " nearest states among other sentences' other characters share its type "
                  "(\"type_agreement\")");
    // Text options, parsed below: their defaults depend on the mode.
    args.option("--layer", &layerText, "N",
                "the layer --state-map maps, from 1 (default: the last)");
    args.option("--characters", &charactersText, "N",
                "characters --embedding-map places (default 300) or --state-map maps (default "
                "2000)");
    const std::vector<std::string> texts = args.parse(argc, argv, first);
    if (args.helpRequested()) {
        std::cout << args.help();
        return 0;
    }
    if (model.empty()) throw UsageError("--model is required");
    if (!layerText.empty() && !stateMap) throw UsageError("--layer goes with --state-map");
    if (!charactersText.empty() && !stateMap && !embeddingMap)
        throw UsageError("--characters goes with --embedding-map or --state-map");
    const int layer = layerText.empty() ? 0 : parseCount("--layer", layerText, 1, 4);
    const int characters =
        charactersText.empty() ? 0 : parseCount("--characters", charactersText, 1, 100000);
    if (stateMap) {
        if (data.empty()) throw UsageError("--state-map needs --data FILE");
        if (!texts.empty() || !unit.empty() || saturation || influence || embeddingMap)
            throw UsageError("--state-map takes no TEXT, --unit, --saturation, --influence or "
                             "--embedding-map");
        const ner::Tagger tagger = ner::loadModel(model);
        const int layers = tagger.config().layers;
        if (layer > layers)
            throw UsageError("--layer " + std::to_string(layer) + ": the model has " +
                             std::to_string(layers) + (layers == 1 ? " layer" : " layers"));
        return mapStates(tagger, data, layer == 0 ? layers - 1 : layer - 1,
                         characters == 0 ? 2000 : characters, csv);
    }
    if (embeddingMap) {
        if (data.empty()) throw UsageError("--embedding-map needs --data FILE");
        if (!texts.empty() || !unit.empty() || saturation || influence)
            throw UsageError("--embedding-map takes no TEXT, --unit, --saturation or --influence");
        return mapCharacters(ner::loadModel(model), data, characters == 0 ? 300 : characters, csv);
    }
    if (saturation) {
        if (data.empty()) throw UsageError("--saturation needs --data FILE");
        if (!texts.empty() || !unit.empty() || influence)
            throw UsageError("--saturation takes no TEXT, --unit or --influence");
        const float cut = parseSaturationThreshold(threshold); // before any file is read
        return measureSaturation(ner::loadModel(model), data, cut, csv);
    }
    if (!unit.empty()) {
        if (data.empty()) throw UsageError("--unit needs --data FILE");
        if (!texts.empty() || csv || influence)
            throw UsageError("--unit takes no TEXT, --csv or --influence");
        ner::UnitRef which = parseUnitSpec(unit); // before any file is read
        const ner::Tagger tagger = ner::loadModel(model);
        which.gate = gateOfModel(tagger, unitGate);
        return profileOneUnit(tagger, which, data, top);
    }
    if (texts.size() != 1) throw UsageError("inspect takes exactly one TEXT (quote it)");
    ner::Tagger tagger = ner::loadModel(model);
    decoding.applyTo(tagger);
    ner::TaggerNetwork network(1);
    const auto a = ner::analyseSentence(network, tagger,
                                        ner::splitCodePoints(texts[0], "<argument>", 1), 100000);

    if (csv) {
        if (influence)
            ner::writeInfluenceCsv(a, influenceMap(tagger, a), std::cout);
        else
            ner::writeGateCsv(a, std::cout);
        return 0;
    }
    nlohmann::json out;
    out["cell"] = ner::cellName(a.cell);
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
        const ner::CellDescription& cell = ner::describeCell(g.cell);
        for (int gate = 0; gate < g.gates; ++gate) {
            nlohmann::json rows = nlohmann::json::array(); // [position][unit]
            for (int t = 0; t < g.length; ++t) {
                std::vector<float> units;
                for (int u = 0; u < g.hidden; ++u)
                    units.push_back(g.value(gate, u, t));
                rows.push_back(units);
            }
            trace[cell.gates[size_t(gate)].symbol] = rows;
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
    out["readings"] = readingsJson(a); // the studio's five most probable taggings
    if (const ner::Lexicon* lexicon = tagger.lexicon())
        out["dictionary"] = dictionaryJson(*lexicon, a.chars);
    if (influence) out["influence"] = influenceJson(influenceMap(tagger, a));
    std::cout << out.dump() << "\n";
    return 0;
}

} // namespace cli
