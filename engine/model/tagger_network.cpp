#include "engine/model/tagger_network.h"

#include "engine/nn/lexicon_embedding.h"

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

const Matrix& TaggerNetwork::forwardScores(const Tagger& model, const Batch& batch, Random* rng) {
    const TaggerParams& p = model.params();
    Embedding::forward(p.embedding, batch.tokens, m_embedded);
    LexiconEmbedding::forward(p.lexicon, batch.features, m_embedded); // no-op without a lexicon
    const ModelConfig& c = model.config();
    const StackDropout dropout{c.embeddingDropout, c.dropout, c.dropoutPerSentence,
                               c.recurrentDropout};
    m_top = &m_stack.forward(p.recurrent, m_embedded, batch.lengths, batch.T, batch.B, dropout, rng,
                             m_threads);
    Linear::forward(p.projection, *m_top, m_scores);
    return m_scores;
}

double TaggerNetwork::forwardBackward(Tagger& model, const Batch& batch, Random& rng,
                                      Scalar scale) {
    TaggerParams& p = model.params();
    const Matrix& s = forwardScores(model, batch, &rng);
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
    m_stack.backward(p.recurrent, m_dTop, m_dEmbedded, m_threads);
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

const Matrix& TaggerNetwork::scores(const Tagger& model, const Batch& batch) {
    return forwardScores(model, batch, nullptr);
}

const Matrix& TaggerNetwork::inputGradient(Tagger& model, const Matrix& dScores) {
    TaggerParams& p = model.params();
    Linear::backward(p.projection, *m_top, dScores, m_dTop);
    m_stack.backward(p.recurrent, m_dTop, m_dEmbedded, m_threads);
    return m_dEmbedded;
}

double TaggerNetwork::loss(const Tagger& model, const Batch& batch) {
    std::vector<std::vector<int>> unused;
    return lossAndPredict(model, batch, unused);
}

std::vector<std::vector<int>> TaggerNetwork::predict(const Tagger& model, const Batch& batch) {
    return decode(model, forwardScores(model, batch, nullptr), batch);
}

std::vector<std::vector<int>> TaggerNetwork::decode(const Tagger& model, const Matrix& s,
                                                    const Batch& batch) {
    if (model.config().output == OutputLayer::Crf)
        return Crf::viterbi(model.params().crf, s, batch, model.decodingConstraints());
    return m_softmax.predict(s, batch, model.decodingConstraints());
}

double TaggerNetwork::lossAndPredict(const Tagger& model, const Batch& batch,
                                     std::vector<std::vector<int>>& predicted) {
    const Matrix& s = forwardScores(model, batch, nullptr);
    predicted = decode(model, s, batch);
    if (model.config().output == OutputLayer::Crf)
        return m_crf.forward(model.params().crf, s, batch);
    return m_softmax.forward(s, batch);
}

} // namespace ner
