#include "engine/train/mention_replacement.h"

namespace ner {

MentionPool::MentionPool(const std::vector<EncodedSentence>& sentences, const TagSet& tags,
                         TagScheme scheme)
    : m_tagNames(tags.names()), m_scheme(scheme) {
    for (const EncodedSentence& s : sentences)
        for (const Span& span : spansOf(s)) {
            Mention m;
            m.tokens.assign(s.tokens.begin() + span.begin, s.tokens.begin() + span.end);
            m.tags.assign(s.tags.begin() + span.begin, s.tags.begin() + span.end);
            if (!s.features.empty())
                m.features.assign(s.features.begin() + span.begin, s.features.begin() + span.end);
            m_byType[span.type].push_back(std::move(m));
        }
}

std::vector<Span> MentionPool::spansOf(const EncodedSentence& s) const {
    std::vector<std::string> names;
    names.reserve(s.tags.size());
    for (int id : s.tags)
        names.push_back(id >= 0 ? m_tagNames[size_t(id)] : "O");
    return extractSpans(names, m_scheme);
}

EncodedSentence MentionPool::augment(const EncodedSentence& s, double p, Random& rng) const {
    EncodedSentence out;
    int next = 0; // first position of s not yet copied
    for (const Span& span : spansOf(s)) {
        if (rng.uniform() >= p) continue;
        const auto pool = m_byType.find(span.type);
        if (pool == m_byType.end()) continue;
        const Mention& m = pool->second[rng.below(pool->second.size())];
        out.tokens.insert(out.tokens.end(), s.tokens.begin() + next, s.tokens.begin() + span.begin);
        out.tags.insert(out.tags.end(), s.tags.begin() + next, s.tags.begin() + span.begin);
        out.tokens.insert(out.tokens.end(), m.tokens.begin(), m.tokens.end());
        out.tags.insert(out.tags.end(), m.tags.begin(), m.tags.end());
        if (!s.features.empty()) {
            out.features.insert(out.features.end(), s.features.begin() + next,
                                s.features.begin() + span.begin);
            out.features.insert(out.features.end(), m.features.begin(), m.features.end());
        }
        next = span.end;
    }
    out.tokens.insert(out.tokens.end(), s.tokens.begin() + next, s.tokens.end());
    out.tags.insert(out.tags.end(), s.tags.begin() + next, s.tags.end());
    if (!s.features.empty())
        out.features.insert(out.features.end(), s.features.begin() + next, s.features.end());
    return out;
}

} // namespace ner
