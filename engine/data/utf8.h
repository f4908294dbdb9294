#pragma once
// Strict UTF-8: splitting text into code points, one code point to and from char32_t.
//
// Strict means the Unicode definition (Table 3-7 of the standard): no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences. Data files
// are checked with it before anything else, so the rest of the engine can assume valid text.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ner {

// Splits text into its code points, each UTF-8 encoded. Throws DataError(file, line,
// "invalid UTF-8 at byte offset N"), N counted from the start of text (the line or record).
std::vector<std::string> splitCodePoints(std::string_view text, const std::string& file, int line);

// Byte offset of the first ill-formed sequence in text, or nullopt if text is valid UTF-8.
std::optional<std::size_t> findInvalidUtf8(std::string_view text);

bool isValidUtf8(std::string_view text);

// The code point of a string holding exactly one valid code point; U+FFFD otherwise, so that
// callers on hot paths (vocabulary lookups) need no error handling for impossible input.
char32_t decodeCodePoint(std::string_view oneChar);

// UTF-8 encoding of cp; U+FFFD for surrogates and values above U+10FFFF.
std::string encodeCodePoint(char32_t cp);

} // namespace ner
