#include "engine/tagger_network.h"

#include "engine/k_best_paths.h"
#include "engine/lexicon_embedding.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ner {

TaggerNetwork::TaggerNetwork(int threads) : m_threads(threads) {
#if defined(__GLIBC__)
    // Workspaces change size with every batch's length. glibc serves blocks above its mmap
    // threshold (128 KiB at first) with fresh mappings and trims the heap eagerly, so each
    // batch paid for page faults: 17% of a batch-1 training step in the kernel (perf).
    // Keeping such blocks on the heap makes the reuse free. Process-wide, set once.
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 256 << 20);
        mallopt(M_TRIM_THRESHOLD, 512 << 20);
    });
#endif
}

const Matrix& TaggerNetwork::scores(const Tagger& model, const Batch& batch, Random* rng) {
    const TaggerParams& p = model.params();
    Embedding::forward(p.embedding, batch.tokens, m_embedded);
    LexiconEmbedding::forward(p.lexicon, batch.features, m_embedded); // no-op without a lexicon
    const ModelConfig& c = model.config();
    const StackDropout dropout{c.embeddingDropout, c.dropout, c.dropoutPerSentence,
                               c.recurrentDropout};
    m_top = &m_stack.forward(p.lstm, m_embedded, batch.lengths, batch.T, batch.B, dropout, rng,
                             m_threads);
    Linear::forward(p.projection, *m_top, m_scores);
    return m_scores;
}

double TaggerNetwork::forwardBackward(Tagger& model, const Batch& batch, Random& rng,
                                      Scalar scale) {
    TaggerParams& p = model.params();
    const Matrix& s = scores(model, batch, &rng);
    double loss;
    if (model.config().output == OutputLayer::Crf) {
        loss = m_crf.forward(p.crf, s, batch);
        m_crf.backward(p.crf, scale, m_dScores);
    } else {
        loss = m_softmax.forward(s, batch);
        m_softmax.backward(scale, m_dScores);
    }
    // Backward reads as forward in reverse: projection, stack, embedding.
    Linear::backward(p.projection, *m_top, m_dScores, m_dTop);
    languageModelStep(model, batch, scale);
    m_stack.backward(p.lstm, m_dTop, m_dEmbedded, m_threads);
    Embedding::backward(p.embedding, batch.tokens, m_dEmbedded);
    LexiconEmbedding::backward(p.lexicon, batch.features, m_dEmbedded);
    return loss;
}

void TaggerNetwork::languageModelStep(Tagger& model, const Batch& batch, Scalar scale) {
    m_lmLoss = 0;
    auto& heads = model.params().languageModel;
    if (heads.empty()) return;
    const int H = model.config().hiddenDim;
    const Scalar weighted = scale * Scalar(model.config().languageModelWeight);
    double loss[2] = {0, 0};
    // The heads share nothing, so the two directions' run on the two cores like the LSTM's.
    m_stack.forEachDirection(heads.size() == 2, m_threads, [&](int d) {
        // The top output holds direction d's states in rows d·H…, in sentence order.
        m_lmInput[d] = m_top->middleRows(Eigen::Index(d) * H, H);
        loss[d] =
            m_lm[d].forward(heads[size_t(d)], m_lmInput[d], nextCharacterTargets(batch, d == 0));
        m_lm[d].backward(heads[size_t(d)], weighted, m_dLm[d]);
    });
    for (size_t d = 0; d < heads.size(); ++d) {
        m_dTop.middleRows(Eigen::Index(d) * H, H) += m_dLm[d];
        m_lmLoss += loss[d];
    }
}

double TaggerNetwork::loss(const Tagger& model, const Batch& batch) {
    std::vector<std::vector<int>> unused;
    return lossAndPredict(model, batch, unused);
}

std::vector<std::vector<int>> TaggerNetwork::predict(const Tagger& model, const Batch& batch) {
    return decode(model, scores(model, batch, nullptr), batch);
}

std::vector<std::vector<int>> TaggerNetwork::decode(const Tagger& model, const Matrix& s,
                                                    const Batch& batch) {
    if (model.config().output == OutputLayer::Crf)
        return Crf::viterbi(model.params().crf, s, batch, model.decodingConstraints());
    return m_softmax.predict(s, batch, model.decodingConstraints());
}

double TaggerNetwork::lossAndPredict(const Tagger& model, const Batch& batch,
                                     std::vector<std::vector<int>>& predicted) {
    const Matrix& s = scores(model, batch, nullptr);
    predicted = decode(model, s, batch);
    if (model.config().output == OutputLayer::Crf)
        return m_crf.forward(model.params().crf, s, batch);
    return m_softmax.forward(s, batch);
}

} // namespace ner

namespace ner {

namespace {
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
} // namespace

std::vector<TagReading> TaggerNetwork::bestReadings(const Tagger& model, const Matrix& s,
                                                    int k) const {
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
        logZ = m_crf.logPartition().front();
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

std::optional<GoldStanding> TaggerNetwork::weigh(const Tagger& model,
                                                 const std::vector<std::string>& chars,
                                                 const std::vector<std::string>& tags,
                                                 int readings) {
    if (chars.empty() || tags.size() != chars.size()) return std::nullopt;
    const EncodedSentence encoded = model.encode(chars, &tags);
    if (std::any_of(encoded.tags.begin(), encoded.tags.end(), [](int id) { return id < 0; }))
        return std::nullopt;
    const TransitionConstraints* constraints = model.decodingConstraints();
    const bool allowed = !constraints || sequenceAllowed(tags, model.config().scheme);
    const Batch batch = makeBatch({&encoded});
    const Matrix& s = scores(model, batch, nullptr);
    GoldStanding standing;
    if (model.config().output == OutputLayer::Crf) {
        // As the readings: normalised over the paths the decoder may choose.
        m_crf.marginals(model.params().crf, s, batch, constraints);
        if (allowed)
            standing.probability =
                std::exp(Crf::pathScore(model.params().crf, s, batch, 0, encoded.tags) -
                         m_crf.logPartition().front());
    } else if (allowed) {
        m_softmax.probabilities(s);
        double logP = 0;
        for (int t = 0; t < int(chars.size()); ++t)
            logP += std::log(
                double(m_softmax.probabilities()(encoded.tags[size_t(t)], batch.col(t, 0))));
        standing.probability = std::exp(logP);
    }
    if (readings > 0) {
        const std::vector<TagReading> best = bestReadings(model, s, readings);
        for (size_t n = 0; n < best.size() && standing.reading < 0; ++n)
            if (best[n].tags == tags) standing.reading = int(n);
    }
    return standing;
}

SentenceAnalysis TaggerNetwork::analyse(const Tagger& model, const std::vector<std::string>& chars,
                                        int maxLength, int readings) {
    SentenceAnalysis a;
    a.tagNames = model.tags().names();
    a.truncated = int(chars.size()) > maxLength;
    a.chars.assign(chars.begin(), chars.begin() + std::min<long>(long(chars.size()), maxLength));
    const int T = int(a.chars.size());
    if (T == 0) return a;
    for (const std::string& ch : a.chars)
        a.known.push_back(model.vocabulary().contains(ch));

    const EncodedSentence encoded = model.encode(a.chars);
    const Batch batch = makeBatch({&encoded});
    const Matrix& s = scores(model, batch, nullptr);
    const std::vector<int> best = decode(model, s, batch).front();
    const Matrix* prob;
    if (model.config().output == OutputLayer::Crf) {
        // CRF marginals by forward–backward, over the paths the decoder may choose.
        m_crf.marginals(model.params().crf, s, batch, model.decodingConstraints());
        prob = &m_crf.unaryMarginals();
    } else {
        // Each character's own distribution: under constraints the decoded tag need not
        // be its most probable one.
        m_softmax.probabilities(s);
        prob = &m_softmax.probabilities();
    }
    a.probabilities.assign(prob->data(), prob->data() + prob->size());
    for (int k : best)
        a.predicted.push_back(model.tags().name(k));
    a.entities = extractSpans(a.predicted, model.config().scheme);
    if (model.config().output == OutputLayer::Crf) a.transitions = transitionScores(model);
    if (readings > 0) a.readings = bestReadings(model, s, readings);

    // Gate traces: with B = 1, column t of a direction's cache is its t-th step; the
    // backward direction's step t is character T-1-t.
    const int L = model.config().layers, D = model.config().directions();
    for (int l = 0; l < L; ++l)
        for (int d = 0; d < D; ++d) {
            const LstmCache& k = m_stack.direction(l, d).cache();
            const int H = int(k.h.rows());
            GateTrace g;
            g.layer = l;
            g.direction = d;
            g.hidden = H;
            g.length = T;
            g.values.resize(6 * size_t(H) * size_t(T));
            for (int pos = 0; pos < T; ++pos) {
                const int step = d == 0 ? pos : T - 1 - pos;
                const Matrix* source[6] = {&k.gates, &k.gates, &k.gates, &k.gates, &k.c, &k.h};
                const int rowOffset[6] = {0, H, 2 * H, 3 * H, 0, 0};
                for (int q = 0; q < 6; ++q)
                    for (int u = 0; u < H; ++u)
                        g.values[(size_t(q) * size_t(T) + size_t(pos)) * size_t(H) + size_t(u)] =
                            float((*source[q])(rowOffset[q] + u, step));
            }
            a.gates.push_back(std::move(g));
        }
    return a;
}

} // namespace ner
