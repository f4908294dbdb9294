#pragma once
// Character vocabulary (with its normalisation) and the tag set: strings <-> ids.
#include "engine/data/sentence.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ner {

struct NormalizeOptions {
    bool fullWidthToHalf = true; // U+FF01..U+FF5E -> ASCII, U+3000 -> space
    bool digitsToZero = false;   // every Unicode decimal digit (Nd) -> '0', after width folding
    bool operator==(const NormalizeOptions&) const = default;
};

// The character the model sees for ch (one UTF-8 code point); ch itself if no rule applies.
std::string normalizeChar(const std::string& ch, const NormalizeOptions& options);

class Vocabulary {
public:
    static constexpr int kPadId = 0;
    static constexpr int kUnkId = 1;
    static constexpr const char* kPadToken = "<pad>";
    static constexpr const char* kUnkToken = "<unk>";

    // Normalised characters seen at least minCount times, ids 2, 3, ... by descending count,
    // ties by code point, so the same corpus always gives the same ids.
    static Vocabulary build(const std::vector<Sentence>& sentences, int minCount,
                            NormalizeOptions normalize);
    // Restores a saved vocabulary (tokens() of the original). Throws std::invalid_argument
    // unless tokens starts with <pad>, <unk> and has no duplicates.
    static Vocabulary fromTokens(std::vector<std::string> tokens, NormalizeOptions normalize);

    Vocabulary(); // just <pad> and <unk>

    // Id of the normalised ch; kUnkId if it is not in the vocabulary.
    int id(const std::string& ch) const;
    bool contains(const std::string& ch) const;
    // Throws std::out_of_range for an id outside [0, size()).
    const std::string& token(int id) const { return m_tokens.at(static_cast<std::size_t>(id)); }
    int size() const { return static_cast<int>(m_tokens.size()); }
    const NormalizeOptions& normalize() const { return m_normalize; }
    const std::vector<std::string>& tokens() const { return m_tokens; }

private:
    std::vector<std::string> m_tokens; // id -> token
    std::unordered_map<std::string, int> m_ids;
    NormalizeOptions m_normalize;
};

class TagSet {
public:
    // "O" first, then every other tag of the corpus in byte order.
    static TagSet build(const std::vector<Sentence>& sentences);
    // Names in id order, e.g. from a model file. Throws std::invalid_argument on duplicates.
    static TagSet fromNames(std::vector<std::string> names);

    // Id of name, or -1 if it is not in the set.
    int id(const std::string& name) const;
    // Throws std::out_of_range for an id outside [0, size()).
    const std::string& name(int id) const { return m_names.at(static_cast<std::size_t>(id)); }
    int size() const { return static_cast<int>(m_names.size()); }
    const std::vector<std::string>& names() const { return m_names; }

private:
    std::vector<std::string> m_names;
    std::unordered_map<std::string, int> m_ids;
};

// Collects the distinct tags of many sentences without keeping them: what TagSet::build
// does, for tags made one sentence at a time (e.g. converted to another scheme).
class TagSetBuilder {
public:
    void add(const std::vector<std::string>& tags);
    TagSet build() const; // as TagSet::build: "O" first, the rest in byte order

private:
    std::unordered_set<std::string> m_seen;
};

} // namespace ner
