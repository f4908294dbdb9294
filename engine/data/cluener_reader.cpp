#include "engine/data/cluener_reader.h"

#include "engine/data/json_lines.h"
#include "engine/data/utf8.h"

#include <algorithm>
#include <climits>
#include <cstdint>

namespace ner {

namespace {

using Json = nlohmann::json;

long long integerValue(const Json& value) {
    if (value.is_number_unsigned())
        return static_cast<long long>(
            std::min<std::uint64_t>(value.get<std::uint64_t>(), LLONG_MAX));
    return value.get<long long>();
}

Sentence parseCluenerRecord(const std::string& name, const TextLine& line, TagScheme scheme) {
    const Json record = parseJsonObject(name, line);
    const auto fail = [&](const std::string& problem) {
        return DataError(name, line.number, problem);
    };
    const Json& text = requiredField(record, "text", name, line.number);
    const Json& label = requiredField(record, "label", name, line.number);
    if (!text.is_string())
        throw fail(std::string("field \"text\" must be a string, not a ") + text.type_name());
    Sentence sentence;
    sentence.line = line.number;
    sentence.chars = splitCodePoints(text.get_ref<const std::string&>(), name, line.number);
    if (sentence.chars.empty()) throw fail("empty sentence");
    if (!label.is_object())
        throw fail(std::string("field \"label\" must be an object, not a ") + label.type_name());
    const auto length = static_cast<long long>(sentence.chars.size());
    std::vector<Span> spans;
    for (const auto& [type, entities] : label.items()) {
        const std::string ofType = " of type \"" + type + "\"";
        if (type.empty()) throw fail("empty entity type in field \"label\"");
        if (!entities.is_object())
            throw fail(std::string("entities") + ofType + " must be an object, not a " +
                       entities.type_name());
        for (const auto& [entity, positions] : entities.items()) {
            const std::string what = "\"" + entity + "\"" + ofType;
            const auto isPair = [](const Json& p) {
                return p.is_array() && p.size() == 2 && p[0].is_number_integer() &&
                       p[1].is_number_integer();
            };
            if (!positions.is_array() || !std::all_of(positions.begin(), positions.end(), isPair))
                throw fail("positions of " + what +
                           " must be a list of [start, end] integer pairs");
            for (const Json& pair : positions) {
                const long long start = integerValue(pair[0]), end = integerValue(pair[1]);
                const std::string where =
                    "span [" + std::to_string(start) + ", " + std::to_string(end) + "] of " + what;
                if (start < 0 || end < start || end >= length)
                    throw fail(where + " is out of range for a text of " +
                               plural(sentence.chars.size(), "character"));
                std::string covered;
                for (long long i = start; i <= end; ++i)
                    covered += sentence.chars[i];
                if (covered != entity)
                    throw fail(where + " covers \"" + covered + "\" in the text");
                spans.push_back({static_cast<int>(start), static_cast<int>(end + 1), type});
            }
        }
    }
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    for (std::size_t k = 1; k < spans.size(); ++k) {
        const Span& a = spans[k - 1];
        const Span& b = spans[k];
        if (b.begin < a.end)
            throw fail("span [" + std::to_string(a.begin) + ", " + std::to_string(a.end - 1) +
                       "] of type \"" + a.type + "\" overlaps span [" + std::to_string(b.begin) +
                       ", " + std::to_string(b.end - 1) + "] of type \"" + b.type + "\"");
    }
    sentence.tags = spansToTags(spans, static_cast<int>(length), scheme);
    return sentence;
}

} // namespace

void readCluener(const std::vector<TextLine>& lines, const std::string& name,
                 const LoadOptions& options, LoadResult& result) {
    // CLUENER files carry spans, not tags: they are written in the scheme asked for, else BIO.
    const TagScheme scheme = options.scheme.value_or(TagScheme::Bio);
    readJsonLines(lines, name, options, result,
                  [&](const TextLine& line) { return parseCluenerRecord(name, line, scheme); });
}

} // namespace ner
