#pragma once
// An auxiliary training objective (Rei 2017, "Semi-supervised multitask learning for
// sequence labeling"): each LSTM direction also predicts the next character it is about to
// read — the forward direction x_{t+1}, the backward direction x_{t-1}. Every character of
// the training text becomes a target, not only the ~35% inside entities, which gives the
// recurrent weights far more signal from a small corpus. Only training uses it; tagging,
// inspection and the saved tagger are unchanged.
//
// Per direction, h: (H, N) that direction's states at every position (N = T*B):
//   (1) z = W_m h + b_m        m = tanh(z)          z, m: (P, N)
//   (2) s = W_o m + b_o        p = softmax(s)       s, p: (V, N)
//   (3) L = Σ_{n with a target} −log p_n[y_n]
// A direction sees only one side of the sentence, so y_n is never among its inputs: the
// head needs a one-layer or unidirectional stack (a higher bidirectional layer mixes both;
// ModelConfig::hasLanguageModelHead).
#include "engine/data/batch.h"
#include "engine/nn/linear.h"
#include "engine/nn/softmax_cross_entropy.h"

#include <vector>

namespace ner {

struct LanguageModelParams {
    LinearParams hidden; // W: (P, H)
    LinearParams output; // W: (V, P)
};

// For each position of the batch, the character a direction reads next: the token at
// t + 1 (forward) or t − 1 (backward) of the same sequence, or −1 where there is none.
std::vector<int> nextCharacterTargets(const Batch& batch, bool forward);

class LanguageModelHead {
public:
    // h: (H, N); targets: (N), vocabulary ids or −1. Returns L (3).
    double forward(const LanguageModelParams& p, const Matrix& h, std::vector<int> targets);
    // Accumulates scale·dL/dθ into p's gradients and writes dh = scale·dL/dh: (H, N).
    void backward(LanguageModelParams& p, Scalar scale, Matrix& dh);

private:
    const Matrix* m_h = nullptr;
    std::vector<int> m_targets;
    Matrix m_m;                    // (P, N)
    Matrix m_s;                    // (V, N)
    Matrix m_ds, m_dm;             // workspaces
    SoftmaxCrossEntropy m_softmax; // for (2)'s probabilities only
};

} // namespace ner
