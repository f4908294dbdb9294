#include "engine/data/tag_scheme.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace ner {

TagParts splitTag(std::string_view tag) {
    if (auto problem = tagProblem(tag)) throw std::invalid_argument(*problem);
    if (tag == "O") return {'O', {}};
    const char prefix = tag[0] == 'M' ? 'I' : tag[0]; // M is BMES's name for inside
    return {prefix, tag.substr(2)};
}

namespace {

std::string_view allowedPrefixes(std::optional<TagScheme> scheme) {
    if (!scheme) return "BIESM";
    switch (*scheme) {
    case TagScheme::Bio:
        return "BI";
    case TagScheme::Bioes:
        return "BIES";
    case TagScheme::Bmes:
        return "BMES";
    }
    return "";
}

} // namespace

std::optional<std::string> tagProblem(std::string_view tag, std::optional<TagScheme> scheme) {
    if (tag.empty()) return "empty tag";
    if (tag == "O") return std::nullopt;
    // Built by appending: GCC 12 at -O3 gives a false -Wrestrict for `"\"" + std::string(tag)`.
    std::string quoted(1, '"');
    quoted.append(tag).push_back('"');
    const auto dash = tag.find('-');
    if (dash == std::string_view::npos) return "tag " + quoted + " is neither O nor PREFIX-TYPE";
    const std::string_view prefix = tag.substr(0, dash);
    if (prefix.size() != 1 || allowedPrefixes(scheme).find(prefix[0]) == std::string_view::npos) {
        std::string problem = "unknown tag prefix in " + quoted;
        if (scheme) problem += " for scheme " + schemeName(*scheme);
        return problem;
    }
    if (dash + 1 == tag.size()) return "missing entity type in " + quoted;
    // A type is drawn in the studio and printed by the tool: no control characters.
    for (const char c : tag.substr(dash + 1))
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return "entity type in " + quoted + " contains a control character";
    return std::nullopt;
}

std::vector<Span> extractSpans(const std::vector<std::string>& tags, TagScheme /*scheme*/) {
    // The rules are the same for every scheme (see the header); the argument documents what
    // the caller passes and keeps call sites uniform with spansToTags.
    std::vector<Span> spans;
    char prevPrefix = 'O';
    std::string_view prevType;
    int open = -1; // begin of the chunk being read, or -1
    for (int i = 0; i < static_cast<int>(tags.size()); ++i) {
        const TagParts cur = splitTag(tags[i]);
        const bool typeChanged = cur.type != prevType;
        const bool chunkEnds = prevPrefix == 'E' || prevPrefix == 'S' ||
                               ((prevPrefix == 'B' || prevPrefix == 'I') &&
                                (cur.prefix == 'B' || cur.prefix == 'S' || cur.prefix == 'O')) ||
                               (prevPrefix != 'O' && typeChanged);
        const bool chunkStarts = cur.prefix == 'B' || cur.prefix == 'S' ||
                                 ((prevPrefix == 'E' || prevPrefix == 'S' || prevPrefix == 'O') &&
                                  (cur.prefix == 'I' || cur.prefix == 'E')) ||
                                 (cur.prefix != 'O' && typeChanged);
        if (open >= 0 && chunkEnds) {
            spans.push_back({open, i, std::string(prevType)});
            open = -1;
        }
        if (chunkStarts) open = i;
        prevPrefix = cur.prefix;
        prevType = cur.type;
    }
    if (open >= 0) spans.push_back({open, static_cast<int>(tags.size()), std::string(prevType)});
    return spans;
}

std::vector<std::string> spansToTags(const std::vector<Span>& spans, int length, TagScheme scheme) {
    std::vector<std::string> tags(static_cast<std::size_t>(std::max(length, 0)), "O");
    std::vector<bool> used(tags.size(), false);
    const std::string inside = scheme == TagScheme::Bmes ? "M-" : "I-";
    const bool marksEnds = scheme != TagScheme::Bio;
    for (const Span& span : spans) {
        if (span.begin < 0 || span.end > length || span.begin >= span.end || span.type.empty())
            throw std::invalid_argument("span [" + std::to_string(span.begin) + ", " +
                                        std::to_string(span.end) + ") of type \"" + span.type +
                                        "\" is empty or outside a sentence of " +
                                        std::to_string(length));
        for (int i = span.begin; i < span.end; ++i) {
            if (used[i])
                throw std::invalid_argument("overlapping spans at position " + std::to_string(i));
            used[i] = true;
            std::string prefix = inside;
            if (i == span.begin) prefix = "B-";
            if (marksEnds && i + 1 == span.end) prefix = i == span.begin ? "S-" : "E-";
            tags[i] = prefix + span.type;
        }
    }
    return tags;
}

std::vector<std::string> convertTags(const std::vector<std::string>& tags, TagScheme from,
                                     TagScheme to) {
    return spansToTags(extractSpans(tags, from), static_cast<int>(tags.size()), to);
}

std::optional<TagScheme> detectScheme(const std::vector<Sentence>& sentences) {
    bool sawInside = false, sawMiddle = false, sawEndOrSingle = false;
    for (const Sentence& sentence : sentences) {
        for (const std::string& tag : sentence.tags) {
            if (tagProblem(tag)) return std::nullopt;
            sawInside |= tag[0] == 'I';
            sawMiddle |= tag[0] == 'M';
            sawEndOrSingle |= tag[0] == 'E' || tag[0] == 'S';
        }
    }
    if (sawMiddle) return sawInside ? std::nullopt : std::optional(TagScheme::Bmes);
    if (sawEndOrSingle) return TagScheme::Bioes;
    return TagScheme::Bio;
}

std::string schemeName(TagScheme scheme) {
    switch (scheme) {
    case TagScheme::Bio:
        return "bio";
    case TagScheme::Bioes:
        return "bioes";
    case TagScheme::Bmes:
        return "bmes";
    }
    return "bio";
}

std::optional<TagScheme> parseScheme(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "bio") return TagScheme::Bio;
    if (lower == "bioes") return TagScheme::Bioes;
    if (lower == "bmes" || lower == "bmeso") return TagScheme::Bmes;
    return std::nullopt;
}

} // namespace ner
