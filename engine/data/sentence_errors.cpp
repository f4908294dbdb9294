#include "engine/data/sentence_errors.h"

#include <algorithm>
#include <stdexcept>

namespace ner {

namespace {
bool overlaps(const Span& a, const Span& b) {
    return a.begin < b.end && b.begin < a.end;
}

int position(const EntityError& e) {
    const int g = e.gold ? e.gold->begin : e.predicted->begin;
    const int p = e.predicted ? e.predicted->begin : g;
    return std::min(g, p);
}
} // namespace

SentenceErrors compareSentence(const Sentence& gold, const std::vector<std::string>& predicted,
                               TagScheme scheme, int index) {
    if (gold.tags.size() != gold.chars.size() || predicted.size() != gold.chars.size())
        throw std::invalid_argument("compareSentence: " + std::to_string(gold.chars.size()) +
                                    " characters, " + std::to_string(gold.tags.size()) +
                                    " gold and " + std::to_string(predicted.size()) +
                                    " predicted tags");
    SentenceErrors r;
    r.index = index;
    r.line = gold.line;
    r.chars = gold.chars;
    r.gold = extractSpans(gold.tags, scheme);
    r.predicted = extractSpans(predicted, scheme);
    for (size_t k = 0; k < predicted.size(); ++k)
        r.tokenErrors += predicted[k] != gold.tags[k] ? 1 : 0;

    // Exact matches first: they are conlleval's true positives and take no part in pairing.
    std::vector<bool> goldUsed(r.gold.size()), predictedUsed(r.predicted.size());
    for (size_t g = 0; g < r.gold.size(); ++g)
        for (size_t p = 0; p < r.predicted.size(); ++p)
            if (!predictedUsed[p] && r.gold[g] == r.predicted[p]) {
                goldUsed[g] = predictedUsed[p] = true;
                ++r.correctEntities;
                break;
            }
    // Then the same extent with another type, then any overlap: pairing the closest first
    // keeps a wrong type from being read as a boundary error of a neighbouring span.
    auto pairUp = [&](EntityErrorKind kind, auto&& matches) {
        for (size_t g = 0; g < r.gold.size(); ++g) {
            if (goldUsed[g]) continue;
            for (size_t p = 0; p < r.predicted.size(); ++p)
                if (!predictedUsed[p] && matches(r.gold[g], r.predicted[p])) {
                    goldUsed[g] = predictedUsed[p] = true;
                    r.errors.push_back({kind, r.gold[g], r.predicted[p]});
                    break;
                }
        }
    };
    pairUp(EntityErrorKind::WrongType,
           [](const Span& g, const Span& p) { return g.begin == p.begin && g.end == p.end; });
    pairUp(EntityErrorKind::WrongBoundary, overlaps);
    for (size_t g = 0; g < r.gold.size(); ++g)
        if (!goldUsed[g]) r.errors.push_back({EntityErrorKind::Missed, r.gold[g], std::nullopt});
    for (size_t p = 0; p < r.predicted.size(); ++p)
        if (!predictedUsed[p])
            r.errors.push_back({EntityErrorKind::Spurious, std::nullopt, r.predicted[p]});
    std::stable_sort(
        r.errors.begin(), r.errors.end(),
        [](const EntityError& a, const EntityError& b) { return position(a) < position(b); });
    return r;
}

std::vector<SentenceErrors>
sentencesWithErrors(const std::vector<Sentence>& gold,
                    const std::vector<std::vector<std::string>>& predicted, TagScheme scheme) {
    if (gold.size() != predicted.size())
        throw std::invalid_argument("sentencesWithErrors: " + std::to_string(gold.size()) +
                                    " gold and " + std::to_string(predicted.size()) +
                                    " predicted sentences");
    std::vector<SentenceErrors> result;
    for (size_t k = 0; k < gold.size(); ++k) {
        SentenceErrors s = compareSentence(gold[k], predicted[k], scheme, int(k));
        if (!s.errors.empty() || s.tokenErrors > 0) result.push_back(std::move(s));
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const SentenceErrors& a, const SentenceErrors& b) {
                         if (a.errors.size() != b.errors.size())
                             return a.errors.size() > b.errors.size();
                         return a.tokenErrors > b.tokenErrors;
                     });
    return result;
}

std::string spanText(const SentenceErrors& sentence, const Span& span) {
    return joinCharacters(sentence.chars, size_t(span.begin), size_t(span.end));
}

std::string describeEntityError(const SentenceErrors& s, const EntityError& e) {
    switch (e.kind) {
    case EntityErrorKind::WrongType:
        return spanText(s, *e.gold) + "  gold " + e.gold->type + ", predicted " + e.predicted->type;
    case EntityErrorKind::WrongBoundary:
        return "gold " + spanText(s, *e.gold) + "/" + e.gold->type + ", predicted " +
               spanText(s, *e.predicted) + "/" + e.predicted->type;
    case EntityErrorKind::Missed:
        return spanText(s, *e.gold) + "/" + e.gold->type;
    case EntityErrorKind::Spurious:
        return spanText(s, *e.predicted) + "/" + e.predicted->type;
    }
    return {};
}

std::string entityErrorKindName(EntityErrorKind kind) {
    switch (kind) {
    case EntityErrorKind::WrongType:
        return "wrong type";
    case EntityErrorKind::WrongBoundary:
        return "wrong boundary";
    case EntityErrorKind::Missed:
        return "missed";
    case EntityErrorKind::Spurious:
        return "spurious";
    }
    return "?";
}

} // namespace ner
