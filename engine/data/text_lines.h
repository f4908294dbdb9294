#pragma once
// Splitting a data file into numbered lines, and the whitespace tests the readers share.
// Internal to the dataset readers (see dataset_reader.h); not part of the engine's API.
#include <string_view>
#include <vector>

namespace ner {

struct TextLine {
    int number;            // 1-based
    std::string_view text; // without the line break; views into the content given to splitLines
};

bool isSpace(char c);
bool isBlank(std::string_view s);
std::string_view trimLeft(std::string_view s);

// content without a leading UTF-8 byte order mark.
std::string_view stripBom(std::string_view content);

// One TextLine per '\n'-terminated line (the last may lack its '\n'); a '\r' before the break
// is dropped, so CRLF files read like LF ones.
std::vector<TextLine> splitLines(std::string_view content);

} // namespace ner
