#include "ui/state/sentence_dictionary.h"

#include "engine/data/sentence.h"

#include <QStringList>

#include <algorithm>

namespace studio {

namespace {
QString joined(const std::vector<std::string>& chars, int begin, int end) {
    return QString::fromStdString(ner::joinCharacters(chars, size_t(begin), size_t(end)));
}
} // namespace

SentenceDictionary lookUpSentence(const ner::Lexicon& lexicon,
                                  const std::vector<std::string>& chars) {
    SentenceDictionary out;
    out.source = QString::fromStdString(lexicon.source());
    for (const ner::Lexicon::Match& m : lexicon.matches(chars))
        out.words.push_back({m.begin, m.end, joined(chars, m.begin, m.end),
                             QString::fromStdString(ner::wordClassName(m.wordClass))});
    int begin = 0;
    for (int length : lexicon.segment(chars)) {
        out.segments.push_back({begin, begin + length, joined(chars, begin, begin + length), {}});
        begin += length;
    }
    return out;
}

std::vector<const DictionaryWord*> SentenceDictionary::wordsAt(int position) const {
    std::vector<const DictionaryWord*> out;
    for (const DictionaryWord& w : words)
        if (w.begin <= position && position < w.end) out.push_back(&w);
    std::stable_sort(out.begin(), out.end(), [](const DictionaryWord* a, const DictionaryWord* b) {
        const int la = a->end - a->begin, lb = b->end - b->begin;
        return la != lb ? la > lb : a->begin < b->begin;
    });
    return out;
}

const DictionaryWord* SentenceDictionary::segmentAt(int position) const {
    for (const DictionaryWord& s : segments)
        if (s.begin <= position && position < s.end) return &s;
    return nullptr;
}

QString SentenceDictionary::wordsText(int position) const {
    // A word of no kind the features single out is named alone: "大学", not "大学 other".
    static const QString other = QString::fromStdString(ner::wordClassName(ner::WordClass::Other));
    QStringList parts;
    for (const DictionaryWord* w : wordsAt(position))
        parts << (w->wordClass == other ? w->text
                                        : QStringLiteral("%1 %2").arg(w->text, w->wordClass));
    return parts.join(QStringLiteral(", "));
}

} // namespace studio
