#pragma once
// Entity-level precision/recall/F1 as conlleval computes them, plus token accuracy and a
// tag confusion matrix.
//
// An entity counts as found only if a predicted span has exactly the gold begin, end and
// type. Scores are micro-averaged over all entities of all added sentences; per type they
// include types that occur only in predictions (all false positives).
#include "engine/data/tag_scheme.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ner {

struct PrfScore {
    long tp = 0, fp = 0, fn = 0;
    // Fractions in [0, 1] (conlleval prints percentages); 0 when the ratio is undefined.
    double precision() const;
    double recall() const;
    double f1() const;
};

struct EntityReport {
    PrfScore overall;
    std::map<std::string, PrfScore> perType;
};

class MetricsAccumulator {
public:
    explicit MetricsAccumulator(TagScheme scheme);

    // One sentence. Throws std::invalid_argument if the lengths differ or a tag is malformed.
    void add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted);

    EntityReport entities() const { return m_report; }
    // Share of tokens whose predicted tag equals the gold tag, O included; 0 before add().
    double tokenAccuracy() const;
    long tokens() const { return m_tokens; }
    // (gold tag, predicted tag) -> number of tokens.
    const std::map<std::pair<std::string, std::string>, long>& confusion() const {
        return m_confusion;
    }
    // Every tag seen in gold or predictions: "O" first (if seen), then byte order.
    std::vector<std::string> tagNames() const;

private:
    TagScheme m_scheme;
    EntityReport m_report;
    long m_tokens = 0;
    long m_correctTokens = 0;
    std::map<std::pair<std::string, std::string>, long> m_confusion;
};

} // namespace ner
