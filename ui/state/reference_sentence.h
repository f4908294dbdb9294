#pragma once
// A labelled sentence the inspector compares its tagging with: a wrong dev sentence picked
// from the results, or the dataset's sample sentence. Plain values; no widgets.
#include "engine/data/sentence.h"
#include "engine/data/sentence_errors.h"
#include "engine/data/tag_scheme.h"

#include <QString>

#include <string>
#include <vector>

namespace studio {

struct ReferenceSentence {
    std::vector<std::string> chars;
    std::vector<ner::Span> gold;
    int line = 0;  // in its file; 0 when unknown
    QString split; // "dev", "test", "training": which split it comes from

    QString text() const;
};

ReferenceSentence referenceFrom(const ner::Sentence& sentence, ner::TagScheme scheme,
                                const QString& split);
ReferenceSentence referenceFrom(const ner::SentenceErrors& sentence, const QString& split);

} // namespace studio
