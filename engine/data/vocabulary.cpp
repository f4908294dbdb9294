#include "engine/data/vocabulary.h"

#include "engine/data/utf8.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <unordered_map>

namespace ner {

namespace {

// First code point (the zero) of every run of ten decimal digits, general category Nd, in
// Unicode 15.0. Every Nd character belongs to exactly one such run.
constexpr char32_t kDigitZeros[] = {
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,   0xB66,   0xBE6,
    0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,   0xF20,   0x1040,  0x1090,  0x17E0,
    0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,
    0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8,
    0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950, 0x1FBF0,
};

bool isDecimalDigit(char32_t cp) {
    // The zeros are sorted: find the last one <= cp and check cp is within its run of ten.
    const auto after = std::upper_bound(std::begin(kDigitZeros), std::end(kDigitZeros), cp);
    return after != std::begin(kDigitZeros) && cp - *(after - 1) < 10;
}

std::unordered_map<std::string, int> indexOf(const std::vector<std::string>& items) {
    std::unordered_map<std::string, int> ids;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (!ids.emplace(items[i], static_cast<int>(i)).second)
            throw std::invalid_argument("duplicate entry \"" + items[i] + "\"");
    return ids;
}

} // namespace

std::string normalizeChar(const std::string& ch, const NormalizeOptions& options) {
    char32_t cp = decodeCodePoint(ch);
    bool changed = false;
    if (options.fullWidthToHalf) {
        if (cp >= 0xFF01 && cp <= 0xFF5E) { // the full-width forms of '!'..'~', same order
            cp -= 0xFEE0;
            changed = true;
        } else if (cp == 0x3000) { // ideographic space
            cp = U' ';
            changed = true;
        }
    }
    if (options.digitsToZero && isDecimalDigit(cp)) return "0";
    return changed ? encodeCodePoint(cp) : ch;
}

Vocabulary::Vocabulary()
    : m_tokens{kPadToken, kUnkToken}, m_ids{{kPadToken, kPadId}, {kUnkToken, kUnkId}} {}

Vocabulary Vocabulary::build(const std::vector<Sentence>& sentences, int minCount,
                             NormalizeOptions normalize) {
    // Hashed while counting (a 40 MB corpus has millions of characters but a few thousand
    // distinct ones); then the most frequent first, ties in byte order, which for UTF-8 is
    // code point order.
    std::unordered_map<std::string, long> counts;
    const bool normalizing = normalize.fullWidthToHalf || normalize.digitsToZero;
    for (const Sentence& sentence : sentences)
        for (const std::string& ch : sentence.chars)
            ++counts[normalizing ? normalizeChar(ch, normalize) : ch];
    std::vector<std::pair<std::string, long>> kept;
    for (auto& [token, count] : counts)
        if (count >= std::max(minCount, 1)) kept.emplace_back(token, count);
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<std::string> tokens{kPadToken, kUnkToken};
    for (auto& entry : kept)
        tokens.push_back(std::move(entry.first));
    return fromTokens(std::move(tokens), normalize);
}

Vocabulary Vocabulary::fromTokens(std::vector<std::string> tokens, NormalizeOptions normalize) {
    if (tokens.size() < 2 || tokens[kPadId] != kPadToken || tokens[kUnkId] != kUnkToken)
        throw std::invalid_argument("a vocabulary must start with <pad>, <unk>");
    Vocabulary vocabulary;
    vocabulary.m_ids = indexOf(tokens);
    vocabulary.m_tokens = std::move(tokens);
    vocabulary.m_normalize = normalize;
    return vocabulary;
}

int Vocabulary::id(const std::string& ch) const {
    const auto it = m_ids.find(normalizeChar(ch, m_normalize));
    return it == m_ids.end() ? kUnkId : it->second;
}

bool Vocabulary::contains(const std::string& ch) const {
    return m_ids.count(normalizeChar(ch, m_normalize)) > 0;
}

TagSet TagSet::build(const std::vector<Sentence>& sentences) {
    TagSetBuilder builder;
    for (const Sentence& sentence : sentences)
        builder.add(sentence.tags);
    return builder.build();
}

void TagSetBuilder::add(const std::vector<std::string>& tags) {
    // Runs of one tag (O, I-X) are the common case: compare before hashing.
    const std::string* previous = nullptr;
    for (const std::string& tag : tags) {
        if (tag != "O" && (!previous || tag != *previous)) m_seen.insert(tag);
        previous = &tag;
    }
}

TagSet TagSetBuilder::build() const {
    std::vector<std::string> names{"O"};
    std::vector<std::string> others(m_seen.begin(), m_seen.end());
    std::sort(others.begin(), others.end());
    names.insert(names.end(), others.begin(), others.end());
    return TagSet::fromNames(std::move(names));
}

TagSet TagSet::fromNames(std::vector<std::string> names) {
    TagSet tags;
    tags.m_ids = indexOf(names);
    tags.m_names = std::move(names);
    return tags;
}

int TagSet::id(const std::string& name) const {
    const auto it = m_ids.find(name);
    return it == m_ids.end() ? -1 : it->second;
}

} // namespace ner
