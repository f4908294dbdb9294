#include "ui/state/reference_sentence.h"

namespace studio {

QString ReferenceSentence::text() const {
    return QString::fromStdString(ner::joinCharacters(chars));
}

ReferenceSentence referenceFrom(const ner::Sentence& sentence, ner::TagScheme scheme,
                                const QString& split) {
    return {sentence.chars, ner::extractSpans(sentence.tags, scheme), sentence.line, split};
}

ReferenceSentence referenceFrom(const ner::SentenceErrors& sentence, const QString& split) {
    return {sentence.chars, sentence.gold, sentence.line, split};
}

} // namespace studio
