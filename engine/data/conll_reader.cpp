#include "engine/data/conll_reader.h"

#include "engine/data/parse_progress.h"
#include "engine/data/record_errors.h"
#include "engine/data/utf8.h"

#include <algorithm>

namespace ner {

namespace {

// Lines [first, last) of one CoNLL sentence: no blank or -DOCSTART- line among them.
Sentence parseConllRecord(const std::string& name, const std::vector<TextLine>& lines,
                          std::size_t first, std::size_t last, std::optional<TagScheme> scheme) {
    Sentence sentence;
    sentence.line = lines[first].number;
    for (std::size_t k = first; k < last; ++k) {
        const TextLine& line = lines[k];
        checkUtf8(name, line);
        std::vector<std::string_view> columns;
        for (std::string_view rest = trimLeft(line.text); !rest.empty(); rest = trimLeft(rest)) {
            const auto end = std::find_if(rest.begin(), rest.end(), isSpace) - rest.begin();
            columns.push_back(rest.substr(0, static_cast<std::size_t>(end)));
            rest.remove_prefix(static_cast<std::size_t>(end));
        }
        if (columns.size() < 2)
            throw DataError(name, line.number, "line has 1 column; expected a character and a tag");
        const std::string ch(columns.front());
        const std::size_t points = splitCodePoints(ch, name, line.number).size();
        if (points != 1)
            throw DataError(name, line.number,
                            "first column \"" + ch + "\" is " + plural(points, "code point") +
                                " instead of one character");
        const std::string tag(columns.back());
        if (auto problem = tagProblem(tag, scheme)) throw DataError(name, line.number, *problem);
        sentence.chars.push_back(ch);
        sentence.tags.push_back(tag);
    }
    return sentence;
}

} // namespace

void readConll(const std::vector<TextLine>& lines, const std::string& name,
               const LoadOptions& options, LoadResult& result) {
    const auto isBoundary = [](const TextLine& line) {
        return isBlank(line.text) || trimLeft(line.text).starts_with("-DOCSTART-");
    };
    ParseProgress progress(options, lines.empty() ? 0 : lines.back().number);
    std::size_t first = 0;
    while (first < lines.size()) {
        if (isBoundary(lines[first])) {
            ++first;
            continue;
        }
        std::size_t last = first;
        while (last < lines.size() && !isBoundary(lines[last]))
            ++last;
        progress.reached(lines[first].number);
        readRecord(result, options.skipBad, name, lines[first].number,
                   [&] { return parseConllRecord(name, lines, first, last, options.scheme); });
        first = last;
    }
}

} // namespace ner
