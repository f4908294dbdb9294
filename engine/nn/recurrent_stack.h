#pragma once
// 1–4 stacked recurrent layers of one cell type (recurrent_cell.h), each uni- or
// bidirectional, with dropout on the embedded input and on every layer's output (so between
// layers and before the projection), and optionally an affine layer between each two
// recurrent layers (the "linear layers between" of the experiment this project grew from):
//
//   u_0 = x;   u_l = W_l y_{l−1} + b_l  (or u_l = y_{l−1} without them);   y_l = layer_l(u_l)
//
// A bidirectional layer runs two cells: the forward one on its input, the backward one on the
// input reversed within each sequence's length (padding stays at the end, so it never reaches
// a real position). Its output stacks [h_fwd; h_bwd] (rows 0..H-1, H..2H-1), with h_bwd put
// back into left-to-right order. The two directions are independent, so with two threads
// they run at the same time and give bit-identical results.
#include "engine/core/parallel_pair.h"
#include "engine/nn/dropout.h"
#include "engine/nn/linear.h"
#include "engine/nn/recurrent_cell.h"

#include <functional>
#include <memory>
#include <vector>

namespace ner {

struct StackParams {
    CellType cell = CellType::Lstm;
    // layers[l][d]: layer l, direction d (0 = forward, 1 = backward)
    std::vector<std::vector<CellParams>> layers;
    // between[l]: the affine layer from layer l's output to layer l+1's input, W: (S, S) with
    // S = dirs·H; empty when the stack has none.
    std::vector<LinearParams> between;
};

// Dropout while training: `input` on the embedded characters, `between` on every layer's
// output — masks per element or, with perSequence, one per sentence (see Dropout) — and
// `recurrent` on every direction's h_{t-1}, always one mask per sentence (recurrent_cell.h).
struct StackDropout {
    double input = 0.0;
    double between = 0.0;
    bool perSequence = false;
    double recurrent = 0.0;
};

class RecurrentStack {
public:
    // x: (D, T*B), the embedded input. When training (rng given), dropout.input is applied
    // to x and dropout.between to every layer's output. Returns the top layer's output
    // (dirs·H, T*B).
    const Matrix& forward(const StackParams& p, const Matrix& x, const std::vector<int>& lengths,
                          int T, int B, const StackDropout& dropout, Random* rng, int threads);
    // dout: gradient w.r.t. the output of forward. Writes dx: (D, T*B).
    void backward(StackParams& p, Matrix& dout, Matrix& dx, int threads);

    // The cell of one direction of one layer after the last forward (in that direction's own
    // time order: the backward direction's step t is character length−1−t).
    const RecurrentCell& direction(int layer, int dir) const {
        return *m_layers[size_t(layer)].dirs[size_t(dir)];
    }
    // Runs `job(d)` for d = 0 (and 1 when bidirectional), both at once when threads > 1,
    // on this stack's helper thread. Also used for per-direction work above the stack.
    void forEachDirection(bool bidirectional, int threads, const std::function<void(int)>& job);
    // Column permutation that reverses each sequence within its length (an involution).
    const std::vector<int>& reverseIndex() const { return m_reverse; }

private:
    struct LayerState {
        std::unique_ptr<RecurrentCell> dirs[2];
        Matrix input;    // (D_l, T*B): this layer's input after dropout
        Matrix inputRev; // reversed copy for the backward direction
        Matrix output;   // (dirs·H, T*B)
        Dropout inputDropout;
        Matrix recurrentMask[2]; // (H, B) per direction, when recurrent dropout is on
    };

    std::vector<LayerState> m_layers;
    std::unique_ptr<ParallelPair> m_pair; // created on first use with threads > 1
    Dropout m_outputDropout;
    std::vector<int> m_reverse;
    int m_T = 0, m_B = 0;
    bool m_haveForward = false;
    Matrix m_dFwd, m_dRev, m_dxDir[2], m_dBetween; // backward workspaces, reused across batches
};

// Gathers columns: out.col(n) = in.col(index[n]).
void permuteColumns(const Matrix& in, const std::vector<int>& index, Matrix& out);

} // namespace ner
