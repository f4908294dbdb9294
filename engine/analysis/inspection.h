#pragma once
// What the inspector shows for one sentence, as plain value types (no Eigen, no Qt).
#include "engine/data/tag_readings.h"
#include "engine/data/tag_scheme.h"
#include "engine/nn/cell_description.h"

#include <string>
#include <vector>

namespace ner {

// One direction of one layer: every gate's activation for every character. Gates are
// indices into describeCell(cell).gates (cell_description.h): for an LSTM i, f, g, o, c, h;
// for a GRU r, z, n, h; for an RNN h alone. The last is always h.
struct GateTrace {
    CellType cell = CellType::Lstm;
    int layer = 0;
    int direction = 0; // 0 forward, 1 backward
    int hidden = 0;    // H
    int length = 0;    // characters
    int gates = 0;     // describeCell(cell).gates.size()
    // One (H × length) column-major block per gate, in the cell's order, indexed by
    // character position left to right (the backward direction is put back in reading order).
    std::vector<float> values;

    float value(int gate, int unit, int position) const {
        return values[(size_t(gate) * size_t(length) + size_t(position)) * size_t(hidden) +
                      size_t(unit)];
    }
};

// A CRF's learnt tag-to-tag scores, which do not depend on the sentence but say how its tags
// were strung together, and which transitions the decoder may use at all.
struct TransitionScores {
    int tags = 0;                  // K, in SentenceAnalysis::tagNames order; 0 for softmax
    std::vector<float> scores;     // (K × K) row-major: A[from, to]
    std::vector<float> start, end; // K: score of a sentence's first / last tag
    std::vector<bool> allowed;     // (K × K) row-major: whether the decoder may go there
    std::vector<bool> startAllowed, endAllowed; // K
    std::string constraint; // "BIOES" etc. when decoding is constrained, else ""

    float score(int from, int to) const { return scores[size_t(from) * size_t(tags) + size_t(to)]; }
    bool isAllowed(int from, int to) const {
        return allowed[size_t(from) * size_t(tags) + size_t(to)];
    }
};

struct SentenceAnalysis {
    CellType cell = CellType::Lstm; // whose gates `gates` holds
    std::vector<std::string> chars;
    std::vector<bool> known;            // false where the vocabulary maps the character to <unk>
    std::vector<std::string> tagNames;  // K tags of the model
    std::vector<std::string> predicted; // one tag per character (model's scheme)
    std::vector<float> probabilities;   // (K × length) column-major: P(tag k at position t)
    std::vector<Span> entities;         // spans of the prediction
    std::vector<GateTrace> gates;       // layers × directions
    TransitionScores transitions;       // empty (tags 0) for a softmax output
    bool truncated = false;             // input was longer than the analysis limit
    // The highest-scoring tag sequences, best first (see tag_readings.h); the first is the
    // one decoded into `predicted` (barring a tie within rounding: Viterbi sums in Scalar,
    // the readings in double). Empty when none were asked for.
    std::vector<TagReading> readings;

    float probability(int tag, int position) const {
        return probabilities[size_t(position) * tagNames.size() + size_t(tag)];
    }
};

// The units of one trace, those whose `gate` changes most along the sentence first
// (variance over the positions; ties by unit number). Of 128 units a handful usually react
// to a given sentence, e.g. switch at an entity's boundary; sorted, they are the top rows.
std::vector<int> unitsByVariation(const GateTrace& trace, int gate);

} // namespace ner
