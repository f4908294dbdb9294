#pragma once
// Mention replacement (Dai & Adel, 2020, "An analysis of simple data augmentation for named
// entity recognition"): during training, an entity mention is swapped for another training
// mention of the same type, so the model sees the same contexts with other names in them.
// On small corpora this is a cheap and well-studied regulariser; it changes only which
// sentences the trainer feeds, never the model.
#include "engine/core/random.h"
#include "engine/data/batch.h"
#include "engine/data/tag_scheme.h"
#include "engine/data/vocabulary.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ner {

class MentionPool {
public:
    MentionPool() = default;
    // Collects every mention of the (encoded, model-scheme) training sentences.
    MentionPool(const std::vector<EncodedSentence>& sentences, const TagSet& tags,
                TagScheme scheme);

    // A copy of s in which each mention is replaced, with probability p, by a random
    // mention of its type (tokens and tags together, so the tags stay well-formed; with
    // dictionary features, the mention's features as they were in its own sentence).
    EncodedSentence augment(const EncodedSentence& s, double p, Random& rng) const;
    bool empty() const { return m_byType.empty(); }

private:
    struct Mention {
        std::vector<int> tokens, tags;
        std::vector<std::uint32_t> features; // empty without a lexicon
    };
    std::vector<Span> spansOf(const EncodedSentence& s) const;

    std::map<std::string, std::vector<Mention>> m_byType;
    std::vector<std::string> m_tagNames;
    TagScheme m_scheme = TagScheme::Bio;
};

} // namespace ner
