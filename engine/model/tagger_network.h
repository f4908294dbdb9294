#pragma once
// The computation of a Tagger: embedding → recurrent stack → projection → softmax or CRF,
// forward and backward, with the workspaces that make it allocation-light. A network is
// cheap to create; one per thread (the trainer's, the inspector's). What the inspector
// makes of a forward pass (gates, marginals, readings) is analysis/'s: it reads the pass
// through scores(), stack(), crf() and softmax().
#include "engine/model/tagger.h"
#include "engine/nn/crf.h"
#include "engine/nn/softmax_cross_entropy.h"

namespace ner {

class TaggerNetwork {
public:
    explicit TaggerNetwork(int threads = 1);
    void setThreads(int threads) { m_threads = threads; }

    // Training step: forward with dropout drawn from rng, loss summed over the batch's
    // sequences, backward accumulating scale·dL/dθ into model's gradients. Returns the
    // tagging loss; with a language-model head the objective differentiated is
    // loss + languageModelWeight·languageModelLoss().
    double forwardBackward(Tagger& model, const Batch& batch, Random& rng, Scalar scale);
    // Loss without dropout or gradients.
    double loss(const Tagger& model, const Batch& batch);
    // Best tag ids per sequence: Viterbi for a CRF, argmax for softmax, each over the
    // scheme's allowed sequences only when the model decodes under constraints.
    std::vector<std::vector<int>> predict(const Tagger& model, const Batch& batch);
    // Loss and prediction from one forward pass (evaluation).
    double lossAndPredict(const Tagger& model, const Batch& batch,
                          std::vector<std::vector<int>>& predicted);

    // The next-character loss of the last forwardBackward (0 without a head).
    double languageModelLoss() const { return m_lmLoss; }

    // The tag scores of a forward pass without dropout: (K, T*B). The stack's caches then
    // hold that pass (stack()).
    const Matrix& scores(const Tagger& model, const Batch& batch);
    // Best tag ids per sequence for scores of this model (see predict).
    std::vector<std::vector<int>> decode(const Tagger& model, const Matrix& scores,
                                         const Batch& batch);
    // After scores(): backpropagates dScores (K, T*B) to the embedded input, accumulating
    // the stack's and the projection's gradients into model's (the caller's copy, when the
    // gradient is a measurement rather than a training step). Returns dL/dx: (E, T*B).
    const Matrix& inputGradient(Tagger& model, const Matrix& dScores);

    // The last pass's parts, for analysis: the recurrent caches, and the output layers that
    // compute marginals and probabilities from the scores.
    const RecurrentStack& stack() const { return m_stack; }
    Crf& crf() { return m_crf; }
    SoftmaxCrossEntropy& softmax() { return m_softmax; }

private:
    const Matrix& forwardScores(const Tagger& model, const Batch& batch, Random* rng);
    // Adds scale·weight·dL_lm/d(top) to m_dTop; sets m_lmLoss.
    void languageModelStep(Tagger& model, const Batch& batch, Scalar scale);

    int m_threads;
    RecurrentStack m_stack;
    Matrix m_embedded;             // (E, T*B)
    const Matrix* m_top = nullptr; // the stack's output (dirs·H, T*B), owned by m_stack
    Matrix m_scores;               // (K, T*B)
    Matrix m_dScores, m_dTop, m_dEmbedded;
    SoftmaxCrossEntropy m_softmax;
    Crf m_crf;
    LanguageModelHead m_lm[2];
    Matrix m_lmInput[2], m_dLm[2];
    double m_lmLoss = 0;
};

} // namespace ner
