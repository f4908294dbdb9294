#pragma once
// Which tag may follow which: the sequences a scheme can write (spansToTags's output).
//
//   BIO          I-X only after B-X or I-X; a sentence starts with O or B-.
//   BIOES, BMES  after B-X or I-X (M-X): I-X (M-X) or E-X; after O, E- or S-: O, B- or S-;
//                a sentence starts with O, B- or S- and ends with O, E- or S-.
//
// A CRF scores every path, so a model trained on well-formed tags can still decode
// "B-LOC I-LOC E-ORG", which conlleval's lenient reading turns into entities nobody
// labelled. Decoding under these constraints returns only paths the scheme can write.
#include "engine/core/parameter.h"
#include "engine/data/tag_scheme.h"

#include <string>
#include <string_view>
#include <vector>

namespace ner {

// Tags must be valid (tagProblem): splitTag throws std::invalid_argument otherwise.
bool transitionAllowed(std::string_view from, std::string_view to, TagScheme scheme);
bool mayStart(std::string_view tag, TagScheme scheme);
bool mayEnd(std::string_view tag, TagScheme scheme);
// All three rules over a whole sequence: whether constrained decoding could output it.
// True for an empty sequence.
bool sequenceAllowed(const std::vector<std::string>& tags, TagScheme scheme);

// Additive masks over a tag set: 0 where allowed, kForbidden where not. Added to a CRF's
// transition, start and end scores they take every forbidden path out of Viterbi and the
// forward–backward sums (exp(kForbidden − anything real) is exactly 0 in double).
struct TransitionConstraints {
    static constexpr Scalar kForbidden = Scalar(-1e9);
    Matrix transitions; // (K, K): [from, to]
    Matrix start;       // (K, 1)
    Matrix end;         // (K, 1)

    static TransitionConstraints forTags(const std::vector<std::string>& tags, TagScheme scheme);
};

} // namespace ner
