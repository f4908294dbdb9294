#include "engine/model/tagger.h"

#include "engine/core/random.h"

#include <cmath>

namespace ner {

std::vector<NamedParameter> TaggerParams::named(OutputLayer output) {
    std::vector<NamedParameter> out{{"embedding.E", &embedding.E}};
    if (lexicon.E.value.size() > 0) out.push_back({"lexicon.E", &lexicon.E});
    // "lstm.0.forward.W_x": the cell's name, the layer from 0, the direction, the block.
    const CellDescription& cell = describeCell(recurrent.cell);
    for (size_t l = 0; l < recurrent.layers.size(); ++l)
        for (size_t d = 0; d < recurrent.layers[l].size(); ++d) {
            const std::string prefix = cellName(recurrent.cell) + "." + std::to_string(l) +
                                       (d == 0 ? ".forward." : ".backward.");
            for (const CellParameterBlock& block : cell.parameters)
                out.push_back({prefix + block.name, &(recurrent.layers[l][d].*block.member)});
        }
    for (size_t l = 0; l < recurrent.between.size(); ++l) {
        const std::string prefix = "between." + std::to_string(l) + ".";
        out.push_back({prefix + "W", &recurrent.between[l].W});
        out.push_back({prefix + "b", &recurrent.between[l].b});
    }
    out.push_back({"projection.W", &projection.W});
    out.push_back({"projection.b", &projection.b});
    if (output == OutputLayer::Crf) {
        out.push_back({"crf.transitions", &crf.transitions});
        out.push_back({"crf.start", &crf.start});
        out.push_back({"crf.end", &crf.end});
    }
    for (size_t d = 0; d < languageModel.size(); ++d) {
        const std::string prefix = d == 0 ? "lm.forward." : "lm.backward.";
        out.push_back({prefix + "hidden.W", &languageModel[d].hidden.W});
        out.push_back({prefix + "hidden.b", &languageModel[d].hidden.b});
        out.push_back({prefix + "output.W", &languageModel[d].output.W});
        out.push_back({prefix + "output.b", &languageModel[d].output.b});
    }
    return out;
}

Tagger Tagger::withShape(const ModelConfig& config, Vocabulary vocab, TagSet tags,
                         SharedLexicon lexicon) {
    config.validate();
    Tagger t;
    t.m_config = config;
    t.m_vocab = std::move(vocab);
    t.m_tags = std::move(tags);
    t.m_lexicon = std::move(lexicon);
    t.m_constraints = TransitionConstraints::forTags(t.m_tags.names(), config.scheme);
    TaggerParams& p = t.m_params;
    const int E = config.embeddingDim, H = config.hiddenDim, K = t.m_tags.size();
    p.embedding.E.resize(E, t.m_vocab.size());
    if (t.m_lexicon) p.lexicon.E.resize(E, kLexiconFeatures);
    int input = E;
    p.recurrent.cell = config.cell;
    p.recurrent.layers.assign(size_t(config.layers), {});
    for (auto& layer : p.recurrent.layers) {
        layer.resize(size_t(config.directions()));
        for (CellParams& d : layer)
            shapeCell(d, config.cell, input, H);
        input = H * config.directions();
    }
    p.recurrent.between.assign(config.linearBetween ? size_t(config.layers - 1) : 0, {});
    for (LinearParams& between : p.recurrent.between) {
        between.W.resize(input, input);
        between.b.resize(input, 1);
    }
    p.projection.W.resize(K, input);
    p.projection.b.resize(K, 1);
    if (config.output == OutputLayer::Crf) {
        p.crf.transitions.resize(K, K);
        p.crf.start.resize(K, 1);
        p.crf.end.resize(K, 1);
    }
    if (config.hasLanguageModelHead()) {
        p.languageModel.resize(size_t(config.directions()));
        for (LanguageModelParams& lm : p.languageModel) {
            lm.hidden.W.resize(config.languageModelHidden, H);
            lm.hidden.b.resize(config.languageModelHidden, 1);
            lm.output.W.resize(t.m_vocab.size(), config.languageModelHidden);
            lm.output.b.resize(t.m_vocab.size(), 1);
        }
    }
    return t;
}

Tagger Tagger::create(const ModelConfig& config, Vocabulary vocab, TagSet tags, std::uint64_t seed,
                      SharedLexicon lexicon) {
    Tagger t = withShape(config, std::move(vocab), std::move(tags), std::move(lexicon));
    Random rng(seed);
    auto uniform = [&rng](Parameter& p, double limit) {
        for (Eigen::Index k = 0; k < p.value.size(); ++k)
            p.value.data()[k] = Scalar(rng.uniform(-limit, limit));
    };
    TaggerParams& p = t.m_params;
    // Embedding: N(0, 1), as nn.Embedding; the <pad> column stays zero.
    for (Eigen::Index k = 0; k < p.embedding.E.value.size(); ++k)
        p.embedding.E.value.data()[k] = Scalar(rng.normal());
    p.embedding.E.value.col(0).setZero();
    // Dictionary features start at zero: at first every character reads as without them,
    // and each feature's column grows only as far as the tags it predicts pay for it.
    for (auto& layer : p.recurrent.layers)
        for (CellParams& d : layer)
            initialiseCell(d, config.cell, rng);
    for (LinearParams& between : p.recurrent.between) {
        const double kb = 1.0 / std::sqrt(double(between.W.value.cols())); // nn.Linear
        uniform(between.W, kb);
        uniform(between.b, kb);
    }
    const double kp = 1.0 / std::sqrt(double(p.projection.W.value.cols())); // nn.Linear
    uniform(p.projection.W, kp);
    uniform(p.projection.b, kp);
    for (LanguageModelParams& lm : p.languageModel)
        for (LinearParams* layer : {&lm.hidden, &lm.output}) {
            const double kl = 1.0 / std::sqrt(double(layer->W.value.cols())); // nn.Linear
            uniform(layer->W, kl);
            uniform(layer->b, kl);
        }
    // CRF transitions, start and end start at zero: no preference before any data.
    return t;
}

long Tagger::parameterCount() const {
    long n = 0;
    for (const NamedParameter& np : const_cast<TaggerParams&>(m_params).named(m_config.output))
        n += long(np.parameter->value.size());
    return n;
}

EncodedSentence Tagger::encode(const std::vector<std::string>& chars,
                               const std::vector<std::string>* tags) const {
    EncodedSentence e;
    e.tokens.reserve(chars.size());
    for (const std::string& ch : chars)
        e.tokens.push_back(m_vocab.id(ch));
    if (m_lexicon) e.features = m_lexicon->features(chars);
    if (tags) {
        e.tags.reserve(tags->size());
        for (const std::string& tag : *tags)
            e.tags.push_back(m_tags.id(tag));
    }
    return e;
}

} // namespace ner
