#include "engine/data/lexicon.h"

#include "engine/data/data_error.h"
#include "engine/data/text_lines.h"
#include "engine/data/utf8.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ner {

namespace {
constexpr const char* kClassNames[kWordClasses] = {"other", "person", "place", "organisation",
                                                   "proper noun"};
// What toText() writes for each class; wordClassFromPartOfSpeech maps each back.
constexpr const char* kClassTags[kWordClasses] = {"x", "nr", "ns", "nt", "nz"};
constexpr int kSegmentationBit = 3 * kWordClasses; // then B, M, E, S

int codePoints(std::string_view s) {
    int n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> out;
    size_t k = 0;
    while (k < line.size()) {
        while (k < line.size() && isSpace(line[k]))
            ++k;
        const size_t begin = k;
        while (k < line.size() && !isSpace(line[k]))
            ++k;
        if (k > begin) out.push_back(line.substr(begin, k - begin));
    }
    return out;
}
} // namespace

std::string wordClassName(WordClass c) {
    return kClassNames[int(c)];
}

WordClass wordClassFromPartOfSpeech(std::string_view pos) {
    if (pos == "nr" || pos == "nrt" || pos == "nrfg") return WordClass::Person;
    if (pos == "ns") return WordClass::Place;
    if (pos == "nt") return WordClass::Organisation;
    if (pos == "nz") return WordClass::ProperNoun;
    return WordClass::Other;
}

std::string lexiconFeatureName(int bit) {
    if (bit >= kSegmentationBit) return std::string("seg-") + "BMES"[bit - kSegmentationBit];
    return std::string(1, "BME"[bit / kWordClasses]) + "-" + kClassNames[bit % kWordClasses];
}

Lexicon Lexicon::parse(std::string_view content, const std::string& name) {
    Lexicon lex;
    double total = 0;
    const std::vector<TextLine> lines = splitLines(stripBom(content));
    // No word is longer than its file, so m_text never reallocates under the views.
    lex.m_text.reserve(content.size());
    lex.m_words.reserve(lines.size());
    size_t slots = 16;
    while (slots < 2 * lines.size())
        slots *= 2;
    lex.m_slots.assign(slots, 0);
    for (const TextLine& line : lines) {
        const std::vector<std::string_view> f = fields(line.text);
        if (f.empty()) continue;
        if (f.size() > 3)
            throw DataError(name, line.number,
                            "expected \"word [frequency [part-of-speech]]\", found " +
                                std::to_string(f.size()) + " fields");
        if (!isValidUtf8(f[0])) throw DataError(name, line.number, "the word is not valid UTF-8");
        double frequency = 1;
        if (f.size() >= 2) {
            const auto [end, ec] =
                std::from_chars(f[1].data(), f[1].data() + f[1].size(), frequency);
            if (ec != std::errc() || end != f[1].data() + f[1].size() || !(frequency >= 0) ||
                !std::isfinite(frequency))
                throw DataError(name, line.number,
                                "frequency \"" + std::string(f[1]) +
                                    "\" is not a non-negative number");
        }
        const WordClass wordClass =
            f.size() == 3 ? wordClassFromPartOfSpeech(f[2]) : WordClass::Other;
        total += frequency;
        const size_t slot = lex.slotOf(f[0]);
        if (lex.m_slots[slot] != 0) {
            Word& earlier = lex.m_words[lex.m_slots[slot] - 1];
            total -= earlier.frequency;
            earlier.frequency = frequency;
            earlier.wordClass = wordClass;
            continue;
        }
        const size_t offset = lex.m_text.size();
        lex.m_text.insert(lex.m_text.end(), f[0].begin(), f[0].end());
        const Word w{std::string_view(lex.m_text.data() + offset, f[0].size()), frequency,
                     wordClass};
        lex.m_longest = std::max(lex.m_longest, codePoints(w.text));
        lex.m_words.push_back(w);
        lex.m_slots[slot] = std::uint32_t(lex.m_words.size());
    }
    if (lex.m_words.empty() || !(total > 0))
        throw DataError(name, 0, "the dictionary has no words (with a frequency above 0)");
    lex.m_logTotal = std::log(total);
    lex.m_source = name.substr(name.rfind('/') + 1);
    return lex;
}

Lexicon Lexicon::read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    // The likely cause is a machine without jieba's dictionary: say where it comes from.
    if (!in)
        throw DataError(path, 0,
                        std::string("cannot open the dictionary (") + std::strerror(errno) +
                            "): for jieba's, install Debian's python3-jieba (.ci/install-deps "
                            "does)");
    std::ostringstream content;
    content << in.rdbuf();
    return parse(content.str(), path);
}

std::string Lexicon::toText() const {
    std::string out;
    char number[32];
    for (const Word& w : m_words) {
        const auto end = std::to_chars(number, number + sizeof number, w.frequency).ptr;
        out.append(w.text).append(" ").append(number, end).append(" ");
        out.append(kClassTags[int(w.wordClass)]).append("\n");
    }
    return out;
}

size_t Lexicon::slotOf(std::string_view text) const {
    const size_t mask = m_slots.size() - 1;
    for (size_t slot = std::hash<std::string_view>{}(text)&mask;; slot = (slot + 1) & mask)
        if (m_slots[slot] == 0 || m_words[m_slots[slot] - 1].text == text) return slot;
}

const Lexicon::Word* Lexicon::find(std::string_view text) const {
    if (m_slots.empty()) return nullptr; // a default-constructed Lexicon
    const std::uint32_t entry = m_slots[slotOf(text)];
    // As in jieba, frequency 0 is how a later line removes a word.
    if (entry == 0 || m_words[entry - 1].frequency == 0) return nullptr;
    return &m_words[entry - 1];
}

std::vector<Lexicon::Match> Lexicon::matches(const std::vector<std::string>& chars) const {
    std::vector<Match> out;
    const int T = int(chars.size());
    std::string text;
    for (int i = 0; i < T; ++i) {
        text = chars[size_t(i)];
        for (int end = i + 2; end <= std::min(T, i + m_longest); ++end) {
            text += chars[size_t(end - 1)];
            if (const Word* w = find(text)) out.push_back({i, end, w->wordClass});
        }
    }
    return out;
}

std::vector<int> Lexicon::segment(const std::vector<std::string>& chars) const {
    // route[i]: the best Σ log p(word) of chars[i..T); first[i]: the first word's length.
    const int T = int(chars.size());
    std::vector<double> route(size_t(T) + 1, 0.0);
    std::vector<int> first(size_t(T), 1);
    std::string text;
    for (int i = T - 1; i >= 0; --i) {
        // An unknown character is a word of frequency 1, as in jieba.
        double best = -m_logTotal + route[size_t(i) + 1];
        text.clear();
        for (int len = 1; len <= std::min(T - i, m_longest); ++len) {
            text += chars[size_t(i + len - 1)];
            const Word* w = find(text);
            if (!w) continue;
            const double score = std::log(w->frequency) - m_logTotal + route[size_t(i + len)];
            // Ties go to the longer word, as jieba's max() over (score, end) does.
            if (score >= best) {
                best = score;
                first[size_t(i)] = len;
            }
        }
        route[size_t(i)] = best;
    }
    std::vector<int> lengths;
    for (int i = 0; i < T; i += first[size_t(i)])
        lengths.push_back(first[size_t(i)]);
    return lengths;
}

std::vector<std::uint32_t> Lexicon::features(const std::vector<std::string>& chars) const {
    std::vector<std::uint32_t> bits(chars.size(), 0);
    for (const Match& m : matches(chars))
        for (int k = m.begin; k < m.end; ++k) {
            const int position = k == m.begin ? 0 : k == m.end - 1 ? 2 : 1;
            bits[size_t(k)] |= 1u << (position * kWordClasses + int(m.wordClass));
        }
    int k = 0;
    for (int len : segment(chars))
        for (int j = 0; j < len; ++j, ++k) {
            const int position = len == 1 ? 3 : j == 0 ? 0 : j == len - 1 ? 2 : 1;
            bits[size_t(k)] |= 1u << (kSegmentationBit + position);
        }
    return bits;
}

} // namespace ner
