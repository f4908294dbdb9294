#include "engine/data/data_error.h"

#include <cstdio>

namespace ner {

namespace {
// Problems quote the input ("text[5] is \"…\""), which may hold a newline or a NUL: written
// as escapes, every error stays the one line the command-line tool and the studio promise.
std::string escapeControlCharacters(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7F) {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", unsigned(byte));
            out += escaped;
        } else {
            out += c;
        }
    }
    return out;
}

std::string formatDataError(const std::string& file, int line, const std::string& problem) {
    if (line > 0) return file + ":" + std::to_string(line) + ": " + problem;
    return file + ": " + problem;
}
} // namespace

DataError::DataError(std::string file, int line, const std::string& problem)
    : std::runtime_error(
          formatDataError(escapeControlCharacters(file), line, escapeControlCharacters(problem))),
      m_file(std::move(file)), m_line(line), m_problem(escapeControlCharacters(problem)) {}

} // namespace ner
