#pragma once
// What one recurrent unit responds to over many sentences, not just the one in the inspector:
// the sentences where one of its gates (or c, or h) goes highest and lowest, at the
// character where it does, and its mean value inside each gold entity type and outside (O).
// A unit whose h is high inside LOC and low elsewhere is a place detector, whatever its
// number; this is how one finds out.
#include "engine/analysis/inspection.h"
#include "engine/data/sentence.h"
#include "engine/data/tag_scheme.h"

#include <limits>
#include <string>
#include <vector>

namespace ner {

class Tagger;
class TaggerNetwork;

struct UnitRef {
    static constexpr int kOutput = -1; // h, whichever cell: the last of its gates
    int layer = 0;
    int direction = 0;  // 0 forward, 1 backward
    int gate = kOutput; // into describeCell(cell).gates, or kOutput
    int unit = 0;
};

struct UnitMoment {
    int sentence = 0; // index into the sentences profiled
    int position = 0; // character in that sentence
    float value = 0;
};

struct TypeMean {
    std::string type; // an entity type, or "O" for characters outside every gold entity
    double mean = 0;
    long characters = 0;
};

struct UnitProfile {
    CellType cell = CellType::Lstm;
    UnitRef unit;      // its gate resolved: never kOutput
    int sentences = 0; // profiled: the first maxSentences
    long characters = 0;
    // The k sentences where the unit goes highest, each at its highest character, highest
    // first (ties: the earlier sentence, then the earlier character); lowest likewise.
    std::vector<UnitMoment> highest;
    std::vector<UnitMoment> lowest;
    std::vector<TypeMean> byType; // "O" first, then the types by name
};

// Runs the model over the first maxSentences sentences (tags in goldScheme). Throws
// std::invalid_argument when the unit or gate does not exist in this model. Sentences longer than
// maxLength characters are cut, as the inspector cuts them.
UnitProfile profileUnit(TaggerNetwork& network, const Tagger& model,
                        const std::vector<Sentence>& sentences, TagScheme goldScheme,
                        const UnitRef& unit, int k,
                        size_t maxSentences = std::numeric_limits<size_t>::max(),
                        int maxLength = 1000);

} // namespace ner
