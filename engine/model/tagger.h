#pragma once
// The model as a value: configuration, vocabulary, tag set and parameters. Copying a
// Tagger copies its weights, which is how tagging runs on a snapshot while training goes on.
#include "engine/data/batch.h"
#include "engine/data/lexicon.h"
#include "engine/data/sentence.h"
#include "engine/model/model_config.h"
#include "engine/nn/crf.h"
#include "engine/nn/embedding.h"
#include "engine/nn/language_model_head.h"
#include "engine/nn/linear.h"
#include "engine/nn/recurrent_stack.h"

#include <cstdint>
#include <vector>

namespace ner {

struct TaggerParams {
    EmbeddingParams embedding; // E: (E, V)
    EmbeddingParams lexicon;   // F: (E, kLexiconFeatures) with a lexicon, else empty
    StackParams recurrent;     // per layer, per direction (and the affine layers between)
    LinearParams projection;   // W: (K, dirs·H)
    CrfParams crf;             // used when the output layer is a CRF
    // Per direction of the top layer, when the config's languageModelWeight > 0.
    std::vector<LanguageModelParams> languageModel;

    // Every parameter with a stable name, in a fixed order. Pointers into *this.
    std::vector<NamedParameter> named(OutputLayer output);
};

class Tagger {
public:
    Tagger() = default;
    // A freshly initialised model (PyTorch's default ranges; an LSTM's forget-gate bias 1). With a
    // lexicon, each character's input adds the embeddings of its dictionary features.
    static Tagger create(const ModelConfig& config, Vocabulary vocab, TagSet tags,
                         std::uint64_t seed, SharedLexicon lexicon = nullptr);

    const ModelConfig& config() const { return m_config; }
    const Vocabulary& vocabulary() const { return m_vocab; }
    const TagSet& tags() const { return m_tags; }
    // The dictionary the model reads features from, or nullptr. Copies of a Tagger share it.
    const Lexicon* lexicon() const { return m_lexicon.get(); }
    const SharedLexicon& sharedLexicon() const { return m_lexicon; }
    TaggerParams& params() { return m_params; }
    const TaggerParams& params() const { return m_params; }
    std::vector<NamedParameter> namedParameters() { return m_params.named(m_config.output); }
    // What decoding runs under: the scheme's allowed transitions over this tag set, or
    // nullptr when the config decodes freely.
    const TransitionConstraints* decodingConstraints() const {
        return m_config.constrainedDecoding ? &m_constraints : nullptr;
    }
    // Decoding is not part of the weights: eval and tag may override what a file says.
    void setConstrainedDecoding(bool on) { m_config.constrainedDecoding = on; }
    long parameterCount() const;

    // Characters → ids; tags (already in the model's scheme) → ids, -1 if unknown.
    EncodedSentence encode(const std::vector<std::string>& chars,
                           const std::vector<std::string>* tags = nullptr) const;

    // For model files: a Tagger with the given parts and zero parameters of the right shapes.
    static Tagger withShape(const ModelConfig& config, Vocabulary vocab, TagSet tags,
                            SharedLexicon lexicon = nullptr);

private:
    ModelConfig m_config;
    Vocabulary m_vocab;
    TagSet m_tags;
    SharedLexicon m_lexicon;
    TaggerParams m_params;
    TransitionConstraints m_constraints; // from m_tags and m_config.scheme
};

} // namespace ner
