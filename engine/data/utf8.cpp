#include "engine/data/utf8.h"

#include "engine/data/data_error.h"

namespace ner {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

unsigned char byteAt(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]);
}

bool isContinuation(unsigned char b) {
    return (b & 0xC0) == 0x80;
}

// Length of the well-formed sequence starting at s[pos], or 0 if it is ill-formed.
// The second byte's allowed range depends on the lead byte: that is what excludes
// overlongs (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
std::size_t sequenceLength(std::string_view s, std::size_t pos) {
    const unsigned char lead = byteAt(s, pos);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0; // 80..C1 (continuation or overlong lead) and F5..FF never start a sequence
    }
    if (pos + length > s.size()) return 0;
    const unsigned char second = byteAt(s, pos + 1);
    if (second < low || second > high) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (!isContinuation(byteAt(s, pos + k))) return 0;
    return length;
}

} // namespace

std::optional<std::size_t> findInvalidUtf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t length = sequenceLength(text, pos);
        if (length == 0) return pos;
        pos += length;
    }
    return std::nullopt;
}

bool isValidUtf8(std::string_view text) {
    return !findInvalidUtf8(text).has_value();
}

std::vector<std::string> splitCodePoints(std::string_view text, const std::string& file, int line) {
    std::vector<std::string> points;
    points.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t length = sequenceLength(text, pos);
        if (length == 0)
            throw DataError(file, line, "invalid UTF-8 at byte offset " + std::to_string(pos));
        points.emplace_back(text.substr(pos, length));
        pos += length;
    }
    return points;
}

char32_t decodeCodePoint(std::string_view oneChar) {
    if (oneChar.empty()) return kReplacement;
    const std::size_t length = sequenceLength(oneChar, 0);
    if (length == 0 || length != oneChar.size()) return kReplacement;
    const unsigned char lead = byteAt(oneChar, 0);
    if (length == 1) return lead;
    // The lead byte keeps 7 - length payload bits; each continuation byte adds 6.
    char32_t cp = lead & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k)
        cp = (cp << 6) | (byteAt(oneChar, k) & 0x3Fu);
    return cp;
}

std::string encodeCodePoint(char32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacement;
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

} // namespace ner
