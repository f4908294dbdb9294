#include "app/unit_report.h"

#include "app/cli_args.h"

#include <algorithm>

namespace cli {

ner::UnitRef parseUnitSpec(const std::string& spec) {
    ner::UnitRef u;
    const auto first = spec.find(':'), second = spec.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos)
        throw UsageError("--unit takes LAYER:DIRECTION:UNIT, e.g. 1:backward:83, not \"" + spec +
                         "\"");
    const std::string layer = spec.substr(0, first),
                      direction = spec.substr(first + 1, second - first - 1),
                      unit = spec.substr(second + 1);
    auto number = [&](const std::string& text, const char* what) {
        std::size_t used = 0;
        int value = -1;
        try {
            value = std::stoi(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != text.size() || value < 0)
            throw UsageError(std::string("--unit: ") + what + " \"" + text + "\" is not a number");
        return value;
    };
    u.layer = number(layer, "layer") - 1;
    if (u.layer < 0) throw UsageError("--unit: layers are numbered from 1");
    if (direction != "forward" && direction != "backward")
        throw UsageError("--unit: direction \"" + direction + "\" is not forward or backward");
    u.direction = direction == "forward" ? 0 : 1;
    u.unit = number(unit, "unit");
    return u;
}

std::vector<std::string> allGateSymbols() {
    std::vector<std::string> symbols;
    for (ner::CellType cell : ner::kAllCells)
        for (const ner::GateDescriptor& g : ner::describeCell(cell).gates)
            if (std::find(symbols.begin(), symbols.end(), g.symbol) == symbols.end())
                symbols.push_back(g.symbol);
    return symbols;
}

int gateOfModel(const ner::Tagger& model, const std::string& symbol) {
    const ner::CellDescription& cell = ner::describeCell(model.config().cell);
    if (const auto gate = cell.findGate(symbol)) return *gate;
    throw UsageError("--gate " + symbol + ": the model is " + ner::cellTitle(cell.type) +
                     ", whose gates are " + cell.symbolList());
}

nlohmann::json unitProfileJson(const ner::UnitProfile& p,
                               const std::vector<ner::Sentence>& sentences) {
    auto moments = [&](const std::vector<ner::UnitMoment>& list) {
        nlohmann::json out = nlohmann::json::array();
        for (const ner::UnitMoment& m : list) {
            const ner::Sentence& s = sentences[size_t(m.sentence)];
            out.push_back({{"value", m.value},
                           {"line", s.line},
                           {"position", m.position},
                           {"char", s.chars[size_t(m.position)]},
                           {"gold", s.tags[size_t(m.position)]},
                           {"text", ner::joinCharacters(s.chars)}});
        }
        return out;
    };
    nlohmann::json byType = nlohmann::json::array();
    for (const ner::TypeMean& m : p.byType)
        byType.push_back({{"type", m.type}, {"mean", m.mean}, {"characters", m.characters}});
    return {{"unit",
             {{"layer", p.unit.layer + 1},
              {"direction", p.unit.direction == 0 ? "forward" : "backward"},
              {"cell", ner::cellName(p.cell)},
              {"gate", ner::describeCell(p.cell).gates[size_t(p.unit.gate)].symbol},
              {"unit", p.unit.unit}}},
            {"sentences", p.sentences},
            {"characters", p.characters},
            {"by_type", byType},
            {"highest", moments(p.highest)},
            {"lowest", moments(p.lowest)}};
}

} // namespace cli
