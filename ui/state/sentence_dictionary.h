#pragma once
// What a model's dictionary says about the inspector's sentence, in words instead of feature
// bits: the dictionary words in it with their class, and the words of its segmentation. These
// are what each character's dictionary features encode (engine/data/lexicon.h), so hovering a
// character can say what the model read besides the character itself. Looked up on the
// inspection thread with the sentence's analysis; no widgets.
#include "engine/data/lexicon.h"

#include <QString>

#include <string>
#include <vector>

namespace studio {

struct DictionaryWord {
    int begin = 0, end = 0; // characters [begin, end) of the sentence
    QString text;
    QString wordClass; // "organisation", "place", …; empty for a segmentation word
};

struct SentenceDictionary {
    QString source; // the dictionary's file name
    // Every dictionary word of two or more characters in the sentence (what the B/M/E-class
    // bits encode), in the order Lexicon::matches() gives them.
    std::vector<DictionaryWord> words;
    // The most probable segmentation (the seg-B/M/E/S bits): one word after another, covering
    // every character.
    std::vector<DictionaryWord> segments;

    // The words covering `position`, longest first (then leftmost).
    std::vector<const DictionaryWord*> wordsAt(int position) const;
    const DictionaryWord* segmentAt(int position) const; // null past the sentence
    // "北京大学 organisation, 北京 place, 大学" (a word of class Other is named alone); empty
    // when no word covers it.
    QString wordsText(int position) const;
};

SentenceDictionary lookUpSentence(const ner::Lexicon& lexicon,
                                  const std::vector<std::string>& chars);

} // namespace studio
