#pragma once
// A dictionary of words, read as features of each character. The model cannot learn from
// 752 sentences that 叙利亚 or 北约 is one name; a segmentation dictionary (jieba's dict.txt:
// "word frequency part-of-speech" a line) knows 349,000 words and what kind each is.
// Per character, as bits:
//   - for every dictionary word of two or more characters that covers it: its position in
//     that word (begin, middle, end) × the word's class (person, place, ...), 15 bits;
//   - its position (begin, middle, end, single) in the sentence's most probable
//     segmentation under the dictionary's frequencies (jieba's dictionary path, without its
//     HMM for unknown words), 4 bits.
// The network adds one learnt embedding column per set bit to the character's embedding
// (lexicon_embedding.h). On the military corpus this raised mean dev F1 over five seeds
// from 0.720 to 0.734 (README).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ner {

// The kinds of name jieba's parts of speech single out; every other word is Other. Also
// telling nouns, verbs, numbers and time words apart (9 classes) scored lower: mean dev F1
// 0.730 against 0.735 over ten seeds (README).
enum class WordClass : std::uint8_t { Other, Person, Place, Organisation, ProperNoun };
inline constexpr int kWordClasses = 5;
inline constexpr int kLexiconFeatures = 3 * kWordClasses + 4; // 19 bits of a std::uint32_t

// "person", "place", ...
std::string wordClassName(WordClass c);
// jieba's part-of-speech tags: nr/nrt/nrfg person, ns place, nt organisation, nz proper
// noun; anything else Other.
WordClass wordClassFromPartOfSpeech(std::string_view pos);
// A feature bit's name: "B-place", "M-person", "E-other", "seg-S" (B/M/E/S of the segmentation).
std::string lexiconFeatureName(int bit);

class Lexicon {
public:
    Lexicon() = default;
    // Not copyable: the index holds views into the word text (share it as SharedLexicon).
    Lexicon(const Lexicon&) = delete;
    Lexicon& operator=(const Lexicon&) = delete;
    Lexicon(Lexicon&&) = default;
    Lexicon& operator=(Lexicon&&) = default;

    // Lines "word [frequency [part-of-speech]]" separated by spaces or tabs; frequency
    // defaults to 1 and the part of speech to none. A word listed twice keeps its last line;
    // frequency 0 removes it, as in jieba.
    // Throws DataError naming the file, the line and the problem.
    static Lexicon parse(std::string_view content, const std::string& nameForErrors);
    static Lexicon read(const std::string& path); // parse() of the file's content

    // The same format, one word a line in first-seen order, with each class written as a
    // part-of-speech tag parse() maps back to it: parse(toText()) gives the same features.
    std::string toText() const;

    // One bit mask per character (bits as described above).
    std::vector<std::uint32_t> features(const std::vector<std::string>& chars) const;
    // The words of two or more characters that occur in chars, as (begin, end, class).
    struct Match {
        int begin, end;
        WordClass wordClass;
    };
    std::vector<Match> matches(const std::vector<std::string>& chars) const;
    // The most probable segmentation: the length of each word, in order.
    std::vector<int> segment(const std::vector<std::string>& chars) const;

    size_t size() const { return m_words.size(); }
    const std::string& source() const { return m_source; } // file name, for display
    void setSource(std::string s) { m_source = std::move(s); }

private:
    struct Word {
        std::string_view text; // into m_text
        double frequency;
        WordClass wordClass;
    };
    const Word* find(std::string_view text) const;
    // The slot of m_slots that holds text, or the empty slot where it would go.
    size_t slotOf(std::string_view text) const;

    // Every word's bytes, one after another: one allocation instead of 349,000 (loading a
    // model with jieba's dictionary took 3 times as long with a std::string per word). A
    // vector's buffer moves with it, so the views stay valid when a Lexicon is moved.
    std::vector<char> m_text;
    std::vector<Word> m_words; // first-seen order
    // An open-addressing hash table of m_words indices + 1 (0: empty), linear probing, at
    // most half full. std::unordered_map allocated a node per word, and its inserts were a
    // third of the time it took to load a model file.
    std::vector<std::uint32_t> m_slots;
    int m_longest = 0;     // in characters
    double m_logTotal = 0; // log Σ frequency
    std::string m_source;
};

using SharedLexicon = std::shared_ptr<const Lexicon>;

// Where Debian's python3-jieba installs jieba's dictionary (MIT licence; 349,046 words with
// frequencies and parts of speech): the default of `lstm-ner train --dictionary` and the studio.
inline constexpr const char* kDefaultDictionary = "/usr/lib/python3/dist-packages/jieba/dict.txt";

} // namespace ner
