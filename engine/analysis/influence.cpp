#include "engine/analysis/influence.h"

#include <algorithm>
#include <stdexcept>

namespace ner {

int rowReach(const InfluenceMap& map, int row, double share) {
    const int T = map.length;
    double total = 0;
    for (int s = 0; s < T; ++s)
        total += map.at(row, s);
    if (total <= 0) return 0;
    double within = map.at(row, row);
    int r = 0;
    // Up to T − 1 = the farthest any column can be; `within` then holds the whole row.
    while (within < share * total && r < T - 1) {
        ++r;
        if (row - r >= 0) within += map.at(row, row - r);
        if (row + r < T) within += map.at(row, row + r);
    }
    return r;
}

int medianReach(const InfluenceMap& map, double share) {
    if (map.length == 0) return 0;
    std::vector<int> reach;
    for (int t = 0; t < map.length; ++t)
        reach.push_back(rowReach(map, t, share));
    const auto middle = reach.begin() + long(reach.size()) / 2;
    std::nth_element(reach.begin(), middle, reach.end());
    return *middle;
}

InfluenceMap InfluenceAnalyser::analyse(const Tagger& model, const SentenceAnalysis& analysis,
                                        const std::vector<Span>* gold) {
    std::vector<int> tags;
    tags.reserve(analysis.predicted.size());
    for (const std::string& name : analysis.predicted)
        tags.push_back(model.tags().id(name));
    std::vector<int> contrast;
    if (gold) {
        const int T = int(analysis.chars.size());
        const std::vector<std::string> goldTags = spansToTags(*gold, T, model.config().scheme);
        for (const std::string& name : goldTags)
            contrast.push_back(model.tags().id(name)); // -1 if the model lacks it
    }
    return analyse(model, analysis.chars, tags, contrast);
}

InfluenceMap InfluenceAnalyser::analyse(const Tagger& model, const std::vector<std::string>& chars,
                                        const std::vector<int>& tags,
                                        const std::vector<int>& contrast) {
    const int T = int(chars.size());
    const int K = int(model.tags().size());
    if (int(tags.size()) != T)
        throw std::invalid_argument("influence: " + std::to_string(T) + " characters but " +
                                    std::to_string(tags.size()) + " tags");
    if (!contrast.empty() && int(contrast.size()) != T)
        throw std::invalid_argument("influence: " + std::to_string(T) + " characters but " +
                                    std::to_string(contrast.size()) + " contrast tags");
    for (int y : tags)
        if (y < 0 || y >= K)
            throw std::invalid_argument("influence: tag id " + std::to_string(y) +
                                        " is not one of the model's " + std::to_string(K));
    for (int c : contrast)
        if (c < -1 || c >= K)
            throw std::invalid_argument("influence: contrast tag id " + std::to_string(c) +
                                        " is not one of the model's " + std::to_string(K));
    InfluenceMap map;
    map.length = T;
    map.tags = tags;
    if (!contrast.empty()) {
        map.contrast.assign(size_t(T), -1);
        bool any = false;
        for (int t = 0; t < T; ++t)
            if (contrast[size_t(t)] >= 0 && contrast[size_t(t)] != tags[size_t(t)]) {
                map.contrast[size_t(t)] = contrast[size_t(t)];
                any = true;
            }
        if (!any) map.contrast.clear(); // nothing to contrast: as if none was given
    }
    map.values.assign(size_t(T) * size_t(T), 0.0f);
    if (T == 0) return map;

    m_copy = model;
    const EncodedSentence encoded = model.encode(chars);

    // Copy b of a chunk explains decision `first + b`: its gradient enters at that position
    // only, so the copies' columns never mix and one batched pass gives B rows of the map.
    const int perPass = int(std::clamp<long>(kColumnsPerPass / T, 1, T));
    for (int first = 0; first < T; first += perPass) {
        const int B = std::min(perPass, T - first);
        Batch batch;
        batch.T = T;
        batch.B = B;
        batch.lengths.assign(size_t(B), T);
        batch.tokens.resize(size_t(T) * size_t(B));
        batch.tags.assign(batch.tokens.size(), -1);
        batch.features.resize(encoded.features.empty() ? 0 : batch.tokens.size());
        for (int t = 0; t < T; ++t) {
            std::fill_n(batch.tokens.begin() + long(t) * B, B, encoded.tokens[size_t(t)]);
            if (!batch.features.empty())
                std::fill_n(batch.features.begin() + long(t) * B, B, encoded.features[size_t(t)]);
        }
        const Matrix& scores = m_network.scores(m_copy, batch); // (K, T*B)

        // d log softmax(e)[y] / de = onehot(y) − softmax(e), at column (t = first+b, b) only;
        // against c: onehot(y) − onehot(c).
        m_dScores.setZero(K, Eigen::Index(T) * B);
        for (int b = 0; b < B; ++b) {
            const int t = first + b;
            const Eigen::Index col = Eigen::Index(t) * B + b;
            if (map.contrasted(t)) {
                m_dScores(tags[size_t(t)], col) = 1;
                m_dScores(map.contrast[size_t(t)], col) = -1;
                continue;
            }
            auto d = m_dScores.col(col);
            d = (scores.col(col).array() - scores.col(col).maxCoeff()).exp().matrix();
            d /= -d.sum();
            d(tags[size_t(t)]) += 1;
        }
        const Matrix& dEmbedded = m_network.inputGradient(m_copy, m_dScores); // (E, T*B)

        for (int b = 0; b < B; ++b)
            for (int s = 0; s < T; ++s)
                map.values[size_t(first + b) * size_t(T) + size_t(s)] =
                    float(dEmbedded.col(Eigen::Index(s) * B + b).norm());
    }
    return map;
}

} // namespace ner
