#pragma once
// Which characters each decision depends on. For every position t of a sentence, the size
// of the gradient of the evidence for the tag chosen there with respect to every
// character's embedding:
//
//   I[t, s] = ‖ ∂ log softmax(e_t)[y_t] / ∂ x_s ‖₂       e_t: (K) emission scores at t,
//                                                       y_t: the tag decoded at t,
//                                                       x_s: (E) embedding of character s
//
// log softmax(e_t)[y_t] is the emission's case for y_t against the other tags, so a
// character that would push every tag's score up alike does not count. For a CRF it leaves
// out the transitions, which are no function of the characters. A unidirectional layer's row
// t is exactly zero right of t; a bidirectional one's shows how far each direction carries
// what it read. The gradients are the network's own backward pass (inputGradient).
//
// Against a second tag c_t (the gold one, where the decision was wrong), a row says what
// made the model prefer y_t to c_t:
//
//   I[t, s] = ‖ ∂ (log softmax(e_t)[y_t] − log softmax(e_t)[c_t]) / ∂ x_s ‖₂
//           = ‖ ∂ (e_t[y_t] − e_t[c_t]) / ∂ x_s ‖₂            (the normalisers cancel)
#include "engine/analysis/inspection.h"
#include "engine/model/tagger_network.h"

#include <string>
#include <vector>

namespace ner {

struct InfluenceMap {
    int length = 0;            // T
    std::vector<float> values; // (T × T) row-major: row t (the decision), column s (the input)
    std::vector<int> tags;     // y_t: the tag id each row's gradient starts from
    // c_t: the tag row t is explained against, or -1 where it explains y_t alone (no contrast,
    // or c_t = y_t). Empty when no row has one.
    std::vector<int> contrast;

    bool contrasted(int row) const { return !contrast.empty() && contrast[size_t(row)] >= 0; }

    float at(int target, int source) const {
        return values[size_t(target) * size_t(length) + size_t(source)];
    }
};

// How far a decision looks: the smallest r such that the characters within r of it
// (|s − t| ≤ r) carry at least `share` of its row's total. 0 for a row of zeros.
int rowReach(const InfluenceMap& map, int row, double share);
// The median of rowReach over the rows (the upper middle for an even count); 0 when empty.
int medianReach(const InfluenceMap& map, double share);

class InfluenceAnalyser {
public:
    // tags: one tag id per character, the decisions to explain (usually the decoded ones);
    // contrast: none, or one tag id (or −1) per character to explain them against.
    // Throws std::invalid_argument when the lengths differ or a tag id is out of range.
    InfluenceMap analyse(const Tagger& model, const std::vector<std::string>& chars,
                         const std::vector<int>& tags, const std::vector<int>& contrast = {});
    // The decisions of an analysed sentence: its characters and predicted tags; with gold
    // entities, each wrongly tagged character against its gold tag (written in the model's
    // scheme; a gold tag the model does not have leaves its row uncontrasted). Gold spans
    // must lie within the analysed characters (std::invalid_argument otherwise).
    InfluenceMap analyse(const Tagger& model, const SentenceAnalysis& analysis,
                         const std::vector<Span>* gold = nullptr);

    // Columns (positions × copies) one pass works on: T copies of a T-character sentence
    // make T² columns, so long sentences go through in chunks of copies. Measured with
    // `lstm-ner inspect --influence` (medians of 5): 2048 against 8192 took 0.56 s instead of
    // 0.88 s for 150 characters and 57 MB instead of 163 MB peak, the workspaces staying in
    // cache; 1024 was no faster at 150 characters and slower at 280.
    static constexpr long kColumnsPerPass = 2048;

private:
    // Backward passes accumulate into the parameters' gradients: they go into this copy,
    // never into the model's.
    Tagger m_copy;
    TaggerNetwork m_network;
    Matrix m_dScores;
};

} // namespace ner
