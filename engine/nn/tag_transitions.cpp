#include "engine/nn/tag_transitions.h"

namespace ner {

namespace {

bool opensEntity(char prefix) {
    return prefix == 'B' || prefix == 'I';
}

} // namespace

bool transitionAllowed(std::string_view from, std::string_view to, TagScheme scheme) {
    const TagParts a = splitTag(from), b = splitTag(to);
    if (scheme == TagScheme::Bio)
        return b.prefix != 'I' || (opensEntity(a.prefix) && a.type == b.type);
    if (opensEntity(a.prefix)) return (b.prefix == 'I' || b.prefix == 'E') && a.type == b.type;
    return b.prefix == 'O' || b.prefix == 'B' || b.prefix == 'S';
}

bool mayStart(std::string_view tag, TagScheme /*scheme*/) {
    const char p = splitTag(tag).prefix;
    return p == 'O' || p == 'B' || p == 'S'; // BIO has no S-, so this reads "O or B-" there
}

bool mayEnd(std::string_view tag, TagScheme scheme) {
    if (scheme == TagScheme::Bio) return true;
    const char p = splitTag(tag).prefix;
    return p == 'O' || p == 'E' || p == 'S';
}

bool sequenceAllowed(const std::vector<std::string>& tags, TagScheme scheme) {
    if (tags.empty()) return true;
    if (!mayStart(tags.front(), scheme) || !mayEnd(tags.back(), scheme)) return false;
    for (size_t t = 1; t < tags.size(); ++t)
        if (!transitionAllowed(tags[t - 1], tags[t], scheme)) return false;
    return true;
}

TransitionConstraints TransitionConstraints::forTags(const std::vector<std::string>& tags,
                                                     TagScheme scheme) {
    const Eigen::Index K = Eigen::Index(tags.size());
    TransitionConstraints c;
    c.transitions.setZero(K, K);
    c.start.setZero(K, 1);
    c.end.setZero(K, 1);
    for (Eigen::Index i = 0; i < K; ++i) {
        const std::string& from = tags[size_t(i)];
        if (!mayStart(from, scheme)) c.start(i, 0) = kForbidden;
        if (!mayEnd(from, scheme)) c.end(i, 0) = kForbidden;
        for (Eigen::Index j = 0; j < K; ++j)
            if (!transitionAllowed(from, tags[size_t(j)], scheme)) c.transitions(i, j) = kForbidden;
    }
    return c;
}

} // namespace ner
