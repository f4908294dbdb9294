#pragma once
// The untrained model the studio shows before training: the model planTraining() would start
// from (same vocabulary, tag set and seed), built without encoding the splits. The vocabulary
// and the tag set are kept while the dataset and the settings they depend on stay the same:
// counting them over a 47,000-sentence corpus takes a seventh of a second on the GUI thread,
// and most edits (sizes, dropout, rates, seed, the dictionary) change neither. No Qt.
#include "engine/train/training_setup.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace studio {

class PreviewModelBuilder {
public:
    // Throws what ModelConfig::validate() and Tagger::create() throw. With a lexicon the
    // model reads dictionary features, as planTraining()'s does when given the same one.
    std::shared_ptr<const ner::Tagger> build(const std::shared_ptr<const ner::TrainingData>& data,
                                             const ner::ModelConfig& config, std::uint64_t seed,
                                             ner::SharedLexicon lexicon = nullptr);

    // How often the vocabulary and the tag set were counted rather than reused.
    int vocabularyCounts() const { return m_vocabularyCounts; }
    int tagSetCounts() const { return m_tagSetCounts; }

private:
    // Held weakly: a dataset that was replaced is freed, and a new one never matches it.
    std::weak_ptr<const ner::TrainingData> m_vocabularyData, m_tagData;
    int m_minCount = 0;
    ner::NormalizeOptions m_normalize;
    ner::TagScheme m_scheme = ner::TagScheme::Bio;
    std::optional<ner::Vocabulary> m_vocabulary;
    std::optional<ner::TagSet> m_tags;
    int m_vocabularyCounts = 0, m_tagSetCounts = 0;
};

} // namespace studio
