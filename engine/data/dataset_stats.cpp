#include "engine/data/dataset_stats.h"

#include <algorithm>

namespace ner {

DatasetStats computeStats(const std::vector<Sentence>& sentences, TagScheme scheme) {
    DatasetStats stats;
    stats.sentences = static_cast<int>(sentences.size());
    for (const Sentence& sentence : sentences) {
        const int length = static_cast<int>(sentence.chars.size());
        stats.characters += length;
        stats.longestSentence = std::max(stats.longestSentence, length);
        stats.outsideCharacters += std::count(sentence.tags.begin(), sentence.tags.end(), "O");
        for (const Span& span : extractSpans(sentence.tags, scheme))
            ++stats.entitiesPerType[span.type];
    }
    return stats;
}

} // namespace ner
