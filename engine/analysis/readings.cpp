#include "engine/analysis/readings.h"

#include "engine/nn/k_best_paths.h"

#include <cctype>
#include <cmath>

namespace ner {

TransitionScores transitionScores(const Tagger& model) {
    const CrfParams& crf = model.params().crf;
    const TransitionConstraints* c = model.decodingConstraints();
    const int K = int(crf.transitions.value.rows());
    TransitionScores t;
    t.tags = K;
    t.scores.resize(size_t(K) * size_t(K));
    t.allowed.resize(size_t(K) * size_t(K));
    t.start.resize(size_t(K));
    t.end.resize(size_t(K));
    t.startAllowed.resize(size_t(K));
    t.endAllowed.resize(size_t(K));
    for (int i = 0; i < K; ++i) {
        t.start[size_t(i)] = float(crf.start.value(i, 0));
        t.end[size_t(i)] = float(crf.end.value(i, 0));
        t.startAllowed[size_t(i)] = !c || c->start(i, 0) == 0;
        t.endAllowed[size_t(i)] = !c || c->end(i, 0) == 0;
        for (int j = 0; j < K; ++j) {
            const size_t n = size_t(i) * size_t(K) + size_t(j);
            t.scores[n] = float(crf.transitions.value(i, j));
            t.allowed[n] = !c || c->transitions(i, j) == 0;
        }
    }
    if (c) {
        t.constraint = schemeName(model.config().scheme);
        for (char& ch : t.constraint)
            ch = char(std::toupper(static_cast<unsigned char>(ch)));
    }
    return t;
}

std::vector<TagReading> bestReadings(TaggerNetwork& network, const Tagger& model, const Matrix& s,
                                     int k) {
    const int K = int(s.rows());
    const TransitionConstraints* c = model.decodingConstraints();
    std::vector<ScoredPath> paths;
    double logZ = 0;
    if (model.config().output == OutputLayer::Crf) {
        const CrfParams& crf = model.params().crf;
        if (c)
            paths = kBestPaths(s, crf.transitions.value + c->transitions,
                               crf.start.value + c->start, crf.end.value + c->end, k);
        else
            paths = kBestPaths(s, crf.transitions.value, crf.start.value, crf.end.value, k);
        logZ = network.crf().logPartition().front();
    } else {
        // log p_t: each column's log-softmax, so that a path's score is Σ_t log p_t(y_t).
        Matrix logP = s;
        for (Eigen::Index t = 0; t < logP.cols(); ++t) {
            const Scalar top = logP.col(t).maxCoeff();
            logP.col(t).array() -= top + std::log((logP.col(t).array() - top).exp().sum());
        }
        const Matrix none = Matrix::Zero(K, K);
        const Vector noEnds = Vector::Zero(K);
        paths = c ? kBestPaths(logP, c->transitions, c->start.col(0), c->end.col(0), k)
                  : kBestPaths(logP, none, noEnds, noEnds, k);
    }
    std::vector<TagReading> out;
    for (const ScoredPath& path : paths) {
        TagReading r;
        for (int tag : path.tags)
            r.tags.push_back(model.tags().name(tag));
        r.entities = extractSpans(r.tags, model.config().scheme);
        r.probability = std::exp(path.score - logZ);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace ner
