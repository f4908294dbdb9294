#pragma once
// One direction of one recurrent layer, run left to right over a padded mini-batch: the
// interface every cell (rnn_cell.h, gru_cell.h, lstm_cell.h) implements, so that the stack,
// the network and everything that reads gates work with any of them (DyNet's RNNBuilder).
//
// Conventions shared by every cell:
// * x: (D, T*B), column t*B + b (tensor.h). Sequences are padded at the end, so a left-to-
//   right pass never lets padding reach a real position; the backward direction of a
//   bidirectional layer is the same cell run on inputs reversed within each sequence's
//   length (recurrent_stack.h).
// * h_{−1} = 0 (and c_{−1} = 0).
// * Recurrent dropout (Gal & Ghahramani 2016), when a mask M: (H, B) is given: wherever the
//   cell multiplies the previous state by W_h it reads h_{t−1} ⊙ M, the same mask at every
//   step of a sequence. The state carried on otherwise (the LSTM's c, the GRU's z ⊙ h_{t−1})
//   and the output h_t itself are not masked.
// * forward keeps in its cache exactly what backward needs, which is what the gate heatmap
//   shows (gate(q)); no allocation happens inside the time loop.
// * backward requires the matching forward on the same x (std::logic_error otherwise).
#include "engine/nn/cell_description.h"

#include <memory>

namespace ner {

// Where one of the cell's gates lies in its cache: rows [first, first + H) of *values, with
// step t of sequence b at column t*B + b.
struct GateRows {
    const Matrix* values = nullptr;
    Eigen::Index first = 0;
};

class RecurrentCell {
public:
    virtual ~RecurrentCell() = default;

    virtual CellType type() const = 0;
    // x: (D, T*B); recurrentMask: (H, B) or null. The output is output().
    virtual void forward(const CellParams& p, const Matrix& x, int T, int B,
                         const Matrix* recurrentMask = nullptr) = 0;
    // dh: (H, T*B), the gradient of the loss w.r.t. the outputs. Accumulates into p's
    // gradients and writes dx: (D, T*B).
    virtual void backward(CellParams& p, const Matrix& x, const Matrix& dh, Matrix& dx) = 0;

    // h: (H, T*B) of the last forward.
    virtual const Matrix& output() const = 0;
    // Gate q of describeCell(type()).gates in the last forward's cache.
    virtual GateRows gate(int q) const = 0;
};

std::unique_ptr<RecurrentCell> makeCell(CellType cell);

// The checks every cell makes, each a std::logic_error naming `cell`: forward's x is (D, T*B);
// backward follows a forward (once) and its dh is (H, T*B).
void checkCellInput(const Matrix& x, int D, int T, int B, const char* cell);
void checkCellBackward(bool& haveForward, const Matrix& dh, int H, int T, int B, const char* cell);

// What every cell's backward ends with, once its time loop has the gradients of the two
// products every step takes, a_t = W_x x_t + b and e_t = W_h r_{t−1} (r the recurrent input:
// h, or h ⊙ M under dropout), both (G·H, T*B) (for an LSTM or an RNN they are one matrix):
//   dL/dW_h = Σ_{t≥1} de_t r_{t−1}ᵀ   dL/dW_x = Σ_t da_t x_tᵀ   dL/db = Σ_t da_t   dx = W_xᵀ da
// each one product over all steps rather than T outer products.
void accumulateCellGradients(CellParams& p, const Matrix& x, const Matrix& da, const Matrix& de,
                             const Matrix& recurrent, int B, Matrix& dx);

} // namespace ner
