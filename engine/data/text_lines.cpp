#include "engine/data/text_lines.h"

#include <algorithm>

namespace ner {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool isBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), isSpace);
}

std::string_view trimLeft(std::string_view s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    return s;
}

std::string_view stripBom(std::string_view content) {
    // Editors on Windows like to start UTF-8 files with a byte order mark; it is not data.
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (content.substr(0, kBom.size()) == kBom) content.remove_prefix(kBom.size());
    return content;
}

std::vector<TextLine> splitLines(std::string_view content) {
    std::vector<TextLine> lines;
    int number = 1;
    while (!content.empty()) {
        const std::size_t end = content.find('\n');
        std::string_view text = content.substr(0, end);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1); // CRLF files
        lines.push_back({number++, text});
        content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    }
    return lines;
}

} // namespace ner
