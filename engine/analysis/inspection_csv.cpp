#include "engine/analysis/inspection_csv.h"

#include <limits>
#include <string>

namespace ner {

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

void writeGateCsv(const SentenceAnalysis& a, std::ostream& out) {
    // Enough digits to read back the exact float; the stream's own precision is restored.
    const auto precision = out.precision(std::numeric_limits<float>::max_digits10);
    out << "layer,direction,gate,unit,position,char,value\n";
    for (const GateTrace& g : a.gates)
        for (int gate = 0; gate < g.gates; ++gate) {
            const std::string& symbol = describeCell(g.cell).gates[size_t(gate)].symbol;
            for (int t = 0; t < g.length; ++t) {
                const std::string ch = csvField(a.chars[size_t(t)]);
                for (int u = 0; u < g.hidden; ++u)
                    out << g.layer << ',' << (g.direction ? "backward" : "forward") << ',' << symbol
                        << ',' << u << ',' << t << ',' << ch << ',' << g.value(gate, u, t) << '\n';
            }
        }
    out.precision(precision);
}

void writeInfluenceCsv(const SentenceAnalysis& a, const InfluenceMap& map, std::ostream& out) {
    const auto precision = out.precision(std::numeric_limits<float>::max_digits10);
    out << "position,char,tag,against,source,source_char,value\n";
    for (int t = 0; t < map.length; ++t) {
        const std::string prefix =
            std::to_string(t) + ',' + csvField(a.chars[size_t(t)]) + ',' +
            csvField(a.tagNames[size_t(map.tags[size_t(t)])]) + ',' +
            (map.contrasted(t) ? csvField(a.tagNames[size_t(map.contrast[size_t(t)])]) : "") + ',';
        for (int s = 0; s < map.length; ++s)
            out << prefix << s << ',' << csvField(a.chars[size_t(s)]) << ',' << map.at(t, s)
                << '\n';
    }
    out.precision(precision);
}

} // namespace ner
