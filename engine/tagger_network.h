#pragma once
// The computation of a Tagger: embedding → LSTM stack → projection → softmax or CRF,
// forward and backward, with the workspaces that make it allocation-light. A network is
// cheap to create; one per thread (the trainer's, the inspector's).
#include "engine/crf.h"
#include "engine/inspection.h"
#include "engine/softmax_cross_entropy.h"
#include "engine/tagger.h"

#include <optional>

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

    // Everything the inspector shows; input longer than maxLength characters is cut. With
    // `readings` > 0, also that many of the best tag sequences and their probabilities.
    SentenceAnalysis analyse(const Tagger& model, const std::vector<std::string>& chars,
                             int maxLength = 1000, int readings = kDefaultReadings);
    static constexpr int kDefaultReadings = 5;
    // Where the whole tag sequence `tags` (the model's scheme, one per character) stands with
    // the model, from one forward pass: the probability the readings' distribution gives it
    // (0 for a sequence the decoder may not choose) and its index among the `readings` best
    // (-1: none of them, or readings ≤ 0). nullopt for a tag the model does not know or a
    // length that is not the sentence's. How far the model is from a gold tagging it got
    // wrong: a near miss, or nowhere near.
    std::optional<GoldStanding> weigh(const Tagger& model, const std::vector<std::string>& chars,
                                      const std::vector<std::string>& tags, int readings = 0);

private:
    std::vector<std::vector<int>> decode(const Tagger& model, const Matrix& scores,
                                         const Batch& batch);
    const Matrix& scores(const Tagger& model, const Batch& batch, Random* rng);
    // The k best readings of the one sequence in s (K, T); for a CRF after marginals(),
    // whose log Z they are normalised by.
    std::vector<TagReading> bestReadings(const Tagger& model, const Matrix& s, int k) const;
    // Adds scale·weight·dL_lm/d(top) to m_dTop; sets m_lmLoss.
    void languageModelStep(Tagger& model, const Batch& batch, Scalar scale);

    int m_threads;
    LstmStack m_stack;
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
