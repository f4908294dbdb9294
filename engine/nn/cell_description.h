#pragma once
// What a recurrent cell is made of, told once so that nothing else has to know: its
// parameter blocks (names, shapes, initialisation) and its gates (name, symbol, the range
// of their values, their role). Inspection, saturation, unit profiles, the CSV and JSON
// outputs, the heatmap, the saturation chart and the guide all read this list instead of
// assuming an LSTM.
//
// Every cell keeps PyTorch's layout (RNNBase): one matrix for the inputs and one for the
// recurrent state, each stacking the cell's G gate blocks of H rows (G = 1 for a tanh RNN,
// 3 for a GRU, 4 for an LSTM), in PyTorch's gate order.
#include "engine/core/parameter.h"
#include "engine/core/random.h"
#include "engine/nn/cell_type.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ner {

// The parameters of one direction of one recurrent layer.
struct CellParams {
    Parameter W_x; // (G·H, D): the input weights, PyTorch's weight_ih
    Parameter W_h; // (G·H, H): the recurrent weights, weight_hh
    Parameter b;   // (G·H, 1): bias_ih, plus bias_hh where the cell only ever adds the two
    Parameter b_h; // (G·H, 1): bias_hh, for a cell that uses it apart (the GRU's candidate
                   // multiplies W_hn h + b_hn by r); empty (0 × 0) otherwise

    int hidden() const { return static_cast<int>(W_h.value.cols()); }
    int input() const { return static_cast<int>(W_x.value.cols()); }
};

// How a gate's values are drawn and counted.
enum class GateRange {
    Unit,      // (0, 1): a σ gate; a sequential colour scale
    Signed,    // (−1, 1): tanh; a diverging scale around 0
    Unbounded, // a state that may leave (−1, 1) (the LSTM's c); diverging, clipped
};

struct GateDescriptor {
    std::string name;   // "forget"
    std::string symbol; // "f": what CSV, JSON and --gate use
    GateRange range = GateRange::Unit;
    // Near 1 it carries the unit's state on along the sentence (the LSTM's f, the GRU's z):
    // the gate a saturation plot reads for memory.
    bool memory = false;
    bool sigmoid() const { return range == GateRange::Unit; }
};

// One parameter block of CellParams: its name in model files ("W_x") and where it lives.
struct CellParameterBlock {
    std::string name;
    Parameter CellParams::*member;
};

struct CellDescription {
    CellType type = CellType::Lstm;
    int gateBlocks = 4;      // G
    bool hiddenBias = false; // whether b_h is used
    std::string equations;   // for people (the guide, --help): one line a step
    // Every value a forward pass keeps per unit and step, in the order a trace holds them;
    // the last is always h, the cell's output.
    std::vector<GateDescriptor> gates;
    std::vector<CellParameterBlock> parameters; // in model-file order

    int outputGate() const { return int(gates.size()) - 1; }
    // The gate with memory (see GateDescriptor), if the cell has one.
    std::optional<int> memoryGate() const;
    // The index of the gate with this symbol.
    std::optional<int> findGate(std::string_view symbol) const;
    std::vector<int> sigmoidGates() const;
    // "i, f, g, o, c, h"
    std::string symbolList() const;
};

const CellDescription& describeCell(CellType);

// Gives p the shapes of a cell with D inputs and H units (all zero).
void shapeCell(CellParams& p, CellType cell, int D, int H);
// PyTorch's initialisation for nn.RNN, nn.GRU and nn.LSTM: every block U(−1/√H, 1/√H), drawn
// in the order of describeCell(cell).parameters; an LSTM's forget-gate bias then starts at 1,
// so that early training remembers.
void initialiseCell(CellParams& p, CellType cell, Random& rng);

} // namespace ner
