#include "ui/workers/preview_model_builder.h"

namespace studio {

std::shared_ptr<const ner::Tagger>
PreviewModelBuilder::build(const std::shared_ptr<const ner::TrainingData>& data,
                           const ner::ModelConfig& config, std::uint64_t seed,
                           ner::SharedLexicon lexicon) {
    config.validate();
    const ner::TrainingData& d = *data;
    if (!m_vocabulary || m_vocabularyData.lock() != data || m_minCount != config.minCount ||
        !(m_normalize == config.normalize)) {
        m_vocabulary = ner::Vocabulary::build(d.train, config.minCount, config.normalize);
        m_vocabularyData = data;
        m_minCount = config.minCount;
        m_normalize = config.normalize;
        ++m_vocabularyCounts;
    }
    if (!m_tags || m_tagData.lock() != data || m_scheme != config.scheme) {
        m_tags = ner::tagSetFor({&d.train, &d.dev, &d.test}, d.scheme, config.scheme);
        m_tagData = data;
        m_scheme = config.scheme;
        ++m_tagSetCounts;
    }
    return std::make_shared<const ner::Tagger>(
        ner::Tagger::create(config, *m_vocabulary, *m_tags, seed, std::move(lexicon)));
}

} // namespace studio
