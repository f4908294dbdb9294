#include "engine/nn/recurrent_cell.h"

#include "engine/nn/gru_cell.h"
#include "engine/nn/lstm_cell.h"
#include "engine/nn/rnn_cell.h"

#include <stdexcept>
#include <string>

namespace ner {

std::unique_ptr<RecurrentCell> makeCell(CellType cell) {
    switch (cell) {
    case CellType::Rnn:
        return std::make_unique<RnnCell>();
    case CellType::Gru:
        return std::make_unique<GruCell>();
    case CellType::Lstm:
        break;
    }
    return std::make_unique<LstmCell>();
}

void checkCellInput(const Matrix& x, int D, int T, int B, const char* cell) {
    if (x.cols() != Eigen::Index(T) * B || x.rows() != D)
        throw std::logic_error(std::string(cell) +
                               "::forward: input shape does not match (D, T*B)");
}

void checkCellBackward(bool& haveForward, const Matrix& dh, int H, int T, int B, const char* cell) {
    if (!haveForward)
        throw std::logic_error(std::string(cell) + "::backward called without forward");
    haveForward = false; // one backward per forward: a second would reuse a consumed cache
    if (dh.rows() != H || dh.cols() != Eigen::Index(T) * B)
        throw std::logic_error(std::string(cell) + "::backward: dh shape does not match (H, T*B)");
}

void accumulateCellGradients(CellParams& p, const Matrix& x, const Matrix& da, const Matrix& de,
                             const Matrix& recurrent, int B, Matrix& dx) {
    const Eigen::Index N = da.cols();
    if (N > B) p.W_h.grad.noalias() += de.rightCols(N - B) * recurrent.leftCols(N - B).transpose();
    p.W_x.grad.noalias() += da * x.transpose();
    p.b.grad.col(0) += da.rowwise().sum();
    dx.resize(p.input(), N);
    dx.noalias() = p.W_x.value.transpose() * da;
}

} // namespace ner
