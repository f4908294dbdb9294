#include "engine/data/batch.h"

#include <algorithm>
#include <stdexcept>

namespace ner {

long Batch::tokenCount() const {
    long n = 0;
    for (int len : lengths)
        n += len;
    return n;
}

Batch makeBatch(const std::vector<const EncodedSentence*>& sentences) {
    Batch batch;
    batch.B = int(sentences.size());
    for (const EncodedSentence* s : sentences) {
        if (s->tokens.empty()) throw std::invalid_argument("makeBatch: empty sentence");
        batch.T = std::max(batch.T, int(s->tokens.size()));
    }
    const size_t n = size_t(batch.T) * size_t(batch.B);
    batch.tokens.assign(n, 0);
    batch.tags.assign(n, -1);
    const bool features =
        std::any_of(sentences.begin(), sentences.end(),
                    [](const EncodedSentence* s) { return !s->features.empty(); });
    if (features) batch.features.assign(n, 0);
    for (int b = 0; b < batch.B; ++b) {
        const EncodedSentence& s = *sentences[size_t(b)];
        batch.lengths.push_back(int(s.tokens.size()));
        for (int t = 0; t < int(s.tokens.size()); ++t) {
            batch.tokens[size_t(batch.col(t, b))] = s.tokens[size_t(t)];
            if (!s.features.empty())
                batch.features[size_t(batch.col(t, b))] = s.features[size_t(t)];
            if (!s.tags.empty()) batch.tags[size_t(batch.col(t, b))] = s.tags[size_t(t)];
        }
    }
    return batch;
}

} // namespace ner
