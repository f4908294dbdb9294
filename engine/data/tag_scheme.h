#pragma once
// Tag schemes, entity spans and the conversions between them.
//
// A tag is "O" or PREFIX-TYPE ("B-PER"). Prefixes by scheme:
//   BIO    B (begin), I (inside)
//   BIOES  B, I, E (end), S (single)
//   BMES   B, M (middle), E, S; with O this is what is often called BMESO
// Spans are read with conlleval's lenient chunk rules (the Python conlleval port that
// knows S), identical for every scheme because M is read as I:
//   a chunk ends   after E or S, or when the next tag is B, S, O or of another type;
//   a chunk starts at B or S, at an I/M/E that does not continue a chunk of its type
//                  (so "O I-PER" and "B-PER I-LOC" each start a new entity).
#include "engine/data/sentence.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ner {

enum class TagScheme { Bio, Bioes, Bmes };

// An entity: tag positions [begin, end) with their type.
struct Span {
    int begin = 0;
    int end = 0; // exclusive
    std::string type;
    bool operator==(const Span&) const = default;
};

// A tag's prefix letter ('O' for the outside tag, I for BMES's M, so that every scheme reads
// alike) and its entity type (empty for O). Throws std::invalid_argument for a tag that
// tagProblem rejects.
struct TagParts {
    char prefix;
    std::string_view type; // a view into the tag passed in
};
TagParts splitTag(std::string_view tag);

// Entities of a tag sequence. Throws std::invalid_argument for a tag that tagProblem rejects,
// since by then tags have passed the loaders and a bad one is a programming error.
std::vector<Span> extractSpans(const std::vector<std::string>& tags, TagScheme scheme);

// Tags of length positions carrying spans, written in scheme. Spans must lie in [0, length),
// be non-empty and not overlap (std::invalid_argument otherwise); order does not matter.
std::vector<std::string> spansToTags(const std::vector<Span>& spans, int length, TagScheme scheme);

// Rewrites tags from one scheme into another through their spans. Lenient readings are
// normalised on the way, e.g. BIO "O I-PER" becomes "O B-PER".
std::vector<std::string> convertTags(const std::vector<std::string>& tags, TagScheme from,
                                     TagScheme to);

// Scheme of a labelled corpus: BMES if any M- tag, BIOES if any E- or S- tag, otherwise BIO
// (also when every tag is O, where any answer fits). nullopt when no scheme fits: a tag
// tagProblem rejects, or I- and M- tags in the same corpus.
std::optional<TagScheme> detectScheme(const std::vector<Sentence>& sentences);

// "bio", "bioes", "bmes".
std::string schemeName(TagScheme scheme);
// Inverse of schemeName, case-insensitive; "bmeso" is accepted for BMES.
std::optional<TagScheme> parseScheme(std::string_view name);

// Why tag is not a valid tag, or nullopt if it is. Without a scheme any prefix of the three
// schemes is accepted; with one, only that scheme's. Problems read like
// `unknown tag prefix in "X-PER"` and are used verbatim in DataError messages.
std::optional<std::string> tagProblem(std::string_view tag,
                                      std::optional<TagScheme> scheme = std::nullopt);

} // namespace ner
