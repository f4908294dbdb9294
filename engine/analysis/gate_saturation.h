#pragma once
// How often each unit's sigmoid gates (an LSTM's i, f, o; a GRU's r, z) sit near 0 or near 1 over
// many sentences: the saturation plot of Karpathy, Johnson & Fei-Fei, "Visualizing and
// Understanding Recurrent Networks" (2015, fig. 3). A forget gate above 0.9 at most
// characters belongs to a unit that carries its memory along the sentence (so does a GRU's
// update gate z above 0.9); one below 0.1 wipes it at every character; a gate that is
// neither acts on what it reads. One sentence's heatmap cannot say which units are which;
// this counts it over the dataset. A tanh RNN has no sigmoid gate: its profile is empty.
#include "engine/analysis/inspection.h"
#include "engine/data/sentence.h"

#include <limits>
#include <ostream>
#include <string>
#include <vector>

namespace ner {

class Tagger;
class TaggerNetwork;

struct GateSaturation {
    int layer = 0;
    int direction = 0;        // 0 forward, 1 backward
    int gate = 0;             // into describeCell(cell).gates: a sigmoid gate
    std::vector<float> below; // per unit: the fraction of characters where the gate < threshold
    std::vector<float> above; // per unit: the fraction where it is > 1 − threshold
};

struct SaturationProfile {
    CellType cell = CellType::Lstm;
    float threshold = 0.1f;
    int sentences = 0; // measured: the first maxSentences
    long characters = 0;
    // Layer by layer, each direction, each of the cell's sigmoid gates in the cell's order.
    std::vector<GateSaturation> gates;

    const GateSaturation* find(int layer, int direction, int gate) const;
};

// Runs the model over the first maxSentences sentences; each is cut at maxLength characters,
// as the inspector cuts it. Throws std::invalid_argument unless 0 < threshold < 0.5.
SaturationProfile measureGateSaturation(TaggerNetwork& network, const Tagger& model,
                                        const std::vector<Sentence>& sentences,
                                        float threshold = 0.1f,
                                        size_t maxSentences = std::numeric_limits<size_t>::max(),
                                        int maxLength = 1000);

// layer,direction,gate,unit,below,above,threshold: one row per unit of each gate, layers from
// 1, each fraction as the shortest decimal that reads back as the same float (what `lstm-ner
// inspect --saturation --csv` and the studio's export write). Every row names the threshold
// its shares were counted with, so that files made with different ones cannot be mixed up.
void writeSaturationCsv(const SaturationProfile& profile, std::ostream& out);
// That decimal: "0.1", not the 0.10000000149011612 a float widened to double prints as.
std::string shortestDecimal(float x);

} // namespace ner
