#include "engine/data/jsonl_reader.h"

#include "engine/data/json_lines.h"
#include "engine/data/utf8.h"

namespace ner {

namespace {

using Json = nlohmann::json;

Sentence parseJsonlRecord(const std::string& name, const TextLine& line,
                          std::optional<TagScheme> scheme) {
    const Json record = parseJsonObject(name, line);
    const auto fail = [&](const std::string& problem) {
        return DataError(name, line.number, problem);
    };
    const Json& text = requiredField(record, "text", name, line.number);
    const Json& labels = requiredField(record, "labels", name, line.number);
    Sentence sentence;
    sentence.line = line.number;
    if (text.is_string()) {
        sentence.chars = splitCodePoints(text.get_ref<const std::string&>(), name, line.number);
    } else if (text.is_array()) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const std::string where = "text[" + std::to_string(i) + "]";
            if (!text[i].is_string())
                throw fail(where + " is a " + text[i].type_name() + ", not a string");
            const std::string& ch = text[i].get_ref<const std::string&>();
            const std::size_t points = splitCodePoints(ch, name, line.number).size();
            if (points != 1)
                throw fail(where + " is \"" + ch + "\", " + plural(points, "code point") +
                           " instead of one character");
            sentence.chars.push_back(ch);
        }
    } else {
        throw fail(std::string("field \"text\" must be an array of strings or a string, not a ") +
                   text.type_name());
    }
    if (!labels.is_array())
        throw fail(std::string("field \"labels\" must be an array of strings, not a ") +
                   labels.type_name());
    if (labels.size() != sentence.chars.size())
        throw fail("text has " + plural(sentence.chars.size(), "character") + " but labels has " +
                   std::to_string(labels.size()));
    if (sentence.chars.empty()) throw fail("empty sentence");
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const std::string where = "labels[" + std::to_string(i) + "]";
        if (!labels[i].is_string())
            throw fail(where + " is a " + labels[i].type_name() + ", not a string");
        const std::string& tag = labels[i].get_ref<const std::string&>();
        if (auto problem = tagProblem(tag, scheme)) throw fail(where + ": " + *problem);
        sentence.tags.push_back(tag);
    }
    return sentence;
}

} // namespace

void readJsonl(const std::vector<TextLine>& lines, const std::string& name,
               const LoadOptions& options, LoadResult& result) {
    readJsonLines(lines, name, options, result, [&](const TextLine& line) {
        return parseJsonlRecord(name, line, options.scheme);
    });
}

} // namespace ner
