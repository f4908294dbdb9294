#include "engine/nn/cell_type.h"

namespace ner {

std::string cellName(CellType cell) {
    switch (cell) {
    case CellType::Rnn:
        return "rnn";
    case CellType::Gru:
        return "gru";
    case CellType::Lstm:
        return "lstm";
    }
    return "?";
}

std::string cellTitle(CellType cell) {
    switch (cell) {
    case CellType::Rnn:
        return "RNN";
    case CellType::Gru:
        return "GRU";
    case CellType::Lstm:
        return "LSTM";
    }
    return "?";
}

std::optional<CellType> parseCell(std::string_view name) {
    for (CellType cell : kAllCells)
        if (name == cellName(cell)) return cell;
    return std::nullopt;
}

} // namespace ner
