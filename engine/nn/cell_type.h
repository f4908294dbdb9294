#pragma once
// The recurrent cells the engine has, by name: what ModelConfig, model files and the command
// line (--cell rnn|gru|lstm) say.
#include <optional>
#include <string>
#include <string_view>

namespace ner {

enum class CellType { Rnn, Gru, Lstm };

inline constexpr CellType kAllCells[] = {CellType::Rnn, CellType::Gru, CellType::Lstm};

std::string cellName(CellType);  // "rnn", "gru", "lstm"
std::string cellTitle(CellType); // "RNN", "GRU", "LSTM": for people
std::optional<CellType> parseCell(std::string_view name);

} // namespace ner
