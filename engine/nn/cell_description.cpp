#include "engine/nn/cell_description.h"

#include <cmath>

namespace ner {

namespace {
CellDescription rnn() {
    CellDescription d;
    d.type = CellType::Rnn;
    d.gateBlocks = 1;
    d.equations = "h_t = tanh(W_x x_t + W_h h_{t−1} + b)";
    d.gates = {{"hidden", "h", GateRange::Signed, false}};
    d.parameters = {{"W_x", &CellParams::W_x}, {"W_h", &CellParams::W_h}, {"b", &CellParams::b}};
    return d;
}

CellDescription gru() {
    CellDescription d;
    d.type = CellType::Gru;
    d.gateBlocks = 3;
    d.hiddenBias = true;
    d.equations = "r = σ(W_xr x + b_r + W_hr h + b_hr)   z = σ(W_xz x + b_z + W_hz h + b_hz)\n"
                  "n = tanh(W_xn x + b_n + r ⊙ (W_hn h + b_hn))   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}";
    d.gates = {{"reset", "r", GateRange::Unit, false},
               {"update", "z", GateRange::Unit, true},
               {"candidate", "n", GateRange::Signed, false},
               {"hidden", "h", GateRange::Signed, false}};
    d.parameters = {{"W_x", &CellParams::W_x},
                    {"W_h", &CellParams::W_h},
                    {"b", &CellParams::b},
                    {"b_h", &CellParams::b_h}};
    return d;
}

CellDescription lstm() {
    CellDescription d;
    d.type = CellType::Lstm;
    d.gateBlocks = 4;
    d.equations =
        "i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o),   z = W_x x_t + W_h h_{t−1} + b\n"
        "c_t = f ⊙ c_{t−1} + i ⊙ g   h_t = o ⊙ tanh(c_t)";
    d.gates = {
        {"input", "i", GateRange::Unit, false},       {"forget", "f", GateRange::Unit, true},
        {"candidate", "g", GateRange::Signed, false}, {"output", "o", GateRange::Unit, false},
        {"cell", "c", GateRange::Unbounded, false},   {"hidden", "h", GateRange::Signed, false}};
    d.parameters = {{"W_x", &CellParams::W_x}, {"W_h", &CellParams::W_h}, {"b", &CellParams::b}};
    return d;
}
} // namespace

const CellDescription& describeCell(CellType cell) {
    static const CellDescription descriptions[] = {rnn(), gru(), lstm()};
    switch (cell) {
    case CellType::Rnn:
        return descriptions[0];
    case CellType::Gru:
        return descriptions[1];
    case CellType::Lstm:
        break;
    }
    return descriptions[2];
}

std::optional<int> CellDescription::memoryGate() const {
    for (size_t q = 0; q < gates.size(); ++q)
        if (gates[q].memory) return int(q);
    return std::nullopt;
}

std::optional<int> CellDescription::findGate(std::string_view symbol) const {
    for (size_t q = 0; q < gates.size(); ++q)
        if (gates[q].symbol == symbol) return int(q);
    return std::nullopt;
}

std::vector<int> CellDescription::sigmoidGates() const {
    std::vector<int> out;
    for (size_t q = 0; q < gates.size(); ++q)
        if (gates[q].sigmoid()) out.push_back(int(q));
    return out;
}

std::string CellDescription::symbolList() const {
    std::string list;
    for (const GateDescriptor& g : gates)
        list += (list.empty() ? "" : ", ") + g.symbol;
    return list;
}

void shapeCell(CellParams& p, CellType cell, int D, int H) {
    const CellDescription& d = describeCell(cell);
    const int rows = d.gateBlocks * H;
    p.W_x.resize(rows, D);
    p.W_h.resize(rows, H);
    p.b.resize(rows, 1);
    if (d.hiddenBias)
        p.b_h.resize(rows, 1);
    else
        p.b_h.resize(0, 0);
}

void initialiseCell(CellParams& p, CellType cell, Random& rng) {
    const CellDescription& d = describeCell(cell);
    const int H = p.hidden();
    const double k = 1.0 / std::sqrt(double(H)); // nn.RNN, nn.GRU, nn.LSTM: U(−1/√H, 1/√H)
    for (const CellParameterBlock& block : d.parameters) {
        Parameter& param = p.*block.member;
        for (Eigen::Index n = 0; n < param.value.size(); ++n)
            param.value.data()[n] = Scalar(rng.uniform(-k, k));
    }
    if (cell == CellType::Lstm) p.b.value.middleRows(H, H).setOnes(); // forget gate bias 1
}

} // namespace ner
