#pragma once
// A sentence's readings: the k tag sequences its model scores highest, each with its
// probability under the model, and how each differs from the best one in entities.
//   CRF:      P(y) = exp(score(y) − log Z), over the paths the decoder may choose (the same
//             distribution as the inspector's marginals, so a reading's probability is at
//             most the marginal of any of its tags);
//   softmax:  P(y) = Π_t p_t(y_t), each character's own distribution, as the probability
//             list shows it; under constraints only allowed sequences are read.
#include "engine/data/tag_scheme.h"

#include <string>
#include <vector>

namespace ner {

struct TagReading {
    std::vector<std::string> tags; // one per character, in the model's scheme
    std::vector<Span> entities;    // extractSpans(tags)
    double probability = 0;
};

// How another reading's entities differ from the best one's, in the fewest words: a span
// both have alike is no change; a span of the other reading that overlaps one of the best's
// (same place with another type, or other boundaries) is Changed, paired along the sentence,
// each span at most once; what is left is Added (only in the other) or Removed (only in the
// best). Listed by where they begin in the sentence.
struct ReadingChange {
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Added;
    Span before; // in the best reading (Removed, Changed); empty for Added
    Span after;  // in the other reading (Added, Changed); empty for Removed
    bool operator==(const ReadingChange&) const = default;
};

// Where a gold tagging stands among a model's readings (gold_standing.h weighs it).
struct GoldStanding {
    double probability = 0; // of the whole gold tag sequence
    int reading = -1;       // its index among the readings; -1 when none of them
};

std::vector<ReadingChange> readingChanges(const std::vector<Span>& best,
                                          const std::vector<Span>& other);

// In words, over the sentence's characters: "普京 PER, not LOC · + 昨天 TIM · - 北京 LOC";
// a Changed span names its old characters too when it moved or changed length ("075型 EQU,
// not 075型两栖 EQU"). "" for no change.
std::string describeChanges(const std::vector<ReadingChange>& changes,
                            const std::vector<std::string>& chars);

} // namespace ner
