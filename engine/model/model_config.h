#pragma once
// The shape of a tagger: everything needed to rebuild its parameters.
#include "engine/data/tag_scheme.h"
#include "engine/data/vocabulary.h"
#include "engine/nn/cell_type.h"

#include <string>

namespace ner {

enum class OutputLayer { Softmax, Crf };

struct ModelConfig {
    int embeddingDim = 100;
    int hiddenDim = 128; // per direction
    int layers = 1;      // 1–4
    bool bidirectional = true;
    CellType cell = CellType::Lstm; // the recurrent cell of every layer (cell_description.h)
    // An affine layer between each two recurrent layers (recurrent_stack.h); needs layers ≥ 2.
    bool linearBetween = false;
    OutputLayer output = OutputLayer::Crf;
    // On the character embeddings (the first layer's input). 0.3: the best mean dev F1 of
    // 0.2, 0.3, 0.4 and 0.5 with the other defaults on the military corpus (README).
    double embeddingDropout = 0.3;
    double dropout = 0.5;                // on every recurrent layer's output
    bool dropoutPerSentence = false;     // one mask per sentence, not per character
    double recurrentDropout = 0.25;      // on h_{t-1} inside each cell, one mask per sentence
    TagScheme scheme = TagScheme::Bioes; // the scheme the model predicts; data is converted to it
    // A CRF decodes only tag sequences the scheme can write (tag_transitions.h). Training
    // still scores every path: constraining it too lowered mean dev F1 (README).
    bool constrainedDecoding = true;
    NormalizeOptions normalize; // applied to characters before the vocabulary lookup
    int minCount = 1;           // rarer training characters become <unk>
    // Training only: weight of the next-character objective (see LanguageModelHead), and
    // the size of its hidden layer. 0 turns it off and the model has no head; so does a
    // stack of bidirectional layers, where it does not apply (hasLanguageModelHead).
    double languageModelWeight = 0.1; // with recurrent dropout 0.25: the best found (README)
    int languageModelHidden = 50;

    int directions() const { return bidirectional ? 2 : 1; }
    // Above the first layer, each direction's input mixes both sides of the sentence: it
    // would already have read the character it is asked to predict.
    bool hasLanguageModelHead() const {
        return languageModelWeight > 0 && (layers == 1 || !bidirectional);
    }
    // Throws std::invalid_argument naming the first setting out of range.
    void validate() const;
};

std::string outputLayerName(OutputLayer);

} // namespace ner
