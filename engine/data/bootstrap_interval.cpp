#include "engine/data/bootstrap_interval.h"

#include "engine/core/random.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ner {

std::vector<SentenceScore> scoreSentences(const std::vector<std::vector<std::string>>& gold,
                                          const std::vector<std::vector<std::string>>& predicted,
                                          TagScheme scheme) {
    if (gold.size() != predicted.size())
        throw std::invalid_argument("scoreSentences: " + std::to_string(gold.size()) +
                                    " gold sentences but " + std::to_string(predicted.size()) +
                                    " predicted");
    std::vector<SentenceScore> out;
    out.reserve(gold.size());
    for (size_t k = 0; k < gold.size(); ++k) {
        MetricsAccumulator one(scheme); // checks the lengths and the tags
        one.add(gold[k], predicted[k]);
        const PrfScore& s = one.entities().overall;
        long correct = 0;
        for (size_t t = 0; t < gold[k].size(); ++t)
            correct += gold[k][t] == predicted[k][t];
        out.push_back({s.tp, s.fp, s.fn, correct, long(gold[k].size())});
    }
    return out;
}

namespace {
// The value at quantile q of sorted values, linearly interpolated between neighbours.
double quantile(const std::vector<double>& sorted, double q) {
    const double at = q * double(sorted.size() - 1);
    const size_t below = size_t(std::floor(at));
    const size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (at - double(below)) * (sorted[above] - sorted[below]);
}

Interval middle(std::vector<double>& values, double level) {
    std::sort(values.begin(), values.end());
    const double tail = (1.0 - level) / 2.0;
    return {quantile(values, tail), quantile(values, 1.0 - tail)};
}
} // namespace

BootstrapIntervals bootstrapIntervals(const std::vector<SentenceScore>& sentences, int resamples,
                                      double level, std::uint64_t seed) {
    if (sentences.empty()) throw std::invalid_argument("bootstrap: no sentences to draw from");
    if (resamples < 1)
        throw std::invalid_argument("bootstrap: at least 1 resample, not " +
                                    std::to_string(resamples));
    if (!(level > 0.0 && level < 1.0))
        throw std::invalid_argument("bootstrap: the level must lie between 0 and 1, not " +
                                    std::to_string(level));
    Random random(seed);
    std::vector<double> precision, recall, f1, accuracy;
    for (int r = 0; r < resamples; ++r) {
        PrfScore entities;
        long correct = 0, tokens = 0;
        for (size_t k = 0; k < sentences.size(); ++k) {
            const SentenceScore& s = sentences[size_t(random.below(sentences.size()))];
            entities.tp += s.tp;
            entities.fp += s.fp;
            entities.fn += s.fn;
            correct += s.correctTokens;
            tokens += s.tokens;
        }
        precision.push_back(entities.precision());
        recall.push_back(entities.recall());
        f1.push_back(entities.f1());
        accuracy.push_back(tokens > 0 ? double(correct) / double(tokens) : 0.0);
    }
    BootstrapIntervals out;
    out.resamples = resamples;
    out.level = level;
    out.precision = middle(precision, level);
    out.recall = middle(recall, level);
    out.f1 = middle(f1, level);
    out.tokenAccuracy = middle(accuracy, level);
    return out;
}

BootstrapIntervals bootstrapIntervals(const std::vector<Sentence>& gold,
                                      const std::vector<std::vector<std::string>>& predicted,
                                      TagScheme scheme, int resamples, double level,
                                      std::uint64_t seed) {
    std::vector<std::vector<std::string>> goldTags;
    goldTags.reserve(gold.size());
    for (const Sentence& s : gold)
        goldTags.push_back(s.tags);
    return bootstrapIntervals(scoreSentences(goldTags, predicted, scheme), resamples, level, seed);
}

} // namespace ner
