#include "engine/nn/recurrent_cell.h"

#include "engine/nn/gru_cell.h"
#include "engine/nn/lstm_cell.h"
#include "engine/nn/rnn_cell.h"

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

} // namespace ner
