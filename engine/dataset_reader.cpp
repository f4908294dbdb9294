// The three formats live in one file on purpose, above the usual ~300 lines: they share the
// line splitting, UTF-8 and JSON checks and the skip-bad bookkeeping, which would otherwise
// have to become a public header of their own.
#include "engine/dataset_reader.h"

#include "engine/data_error.h"
#include "engine/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

namespace ner {

namespace {

using Json = nlohmann::json;

struct Line {
    int number;            // 1-based
    std::string_view text; // without the line break
};

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool isBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), isSpace);
}

std::string_view trimLeft(std::string_view s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    return s;
}

std::string_view stripBom(std::string_view content) {
    // Editors on Windows like to start UTF-8 files with a byte order mark; it is not data.
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (content.substr(0, kBom.size()) == kBom) content.remove_prefix(kBom.size());
    return content;
}

std::vector<Line> splitLines(std::string_view content) {
    std::vector<Line> lines;
    int number = 1;
    while (!content.empty()) {
        const std::size_t end = content.find('\n');
        std::string_view text = content.substr(0, end);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1); // CRLF files
        lines.push_back({number++, text});
        content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    }
    return lines;
}

std::string plural(std::size_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

void checkUtf8(const std::string& name, const Line& line) {
    // Checked on the raw line so the message can point at the byte, before a JSON parser
    // turns the same problem into a less precise complaint of its own.
    if (auto offset = findInvalidUtf8(line.text))
        throw DataError(name, line.number,
                        "invalid UTF-8 at byte offset " + std::to_string(*offset));
}

// One record parsed into a Sentence. With skipBad a DataError is recorded and the record
// dropped; nlohmann exceptions that slipped past the explicit checks become DataErrors too.
template <class Parse>
void readRecord(LoadResult& result, bool skipBad, const std::string& name, int line,
                Parse&& parse) {
    try {
        try {
            result.sentences.push_back(parse());
        } catch (const Json::exception& e) {
            throw DataError(name, line, std::string("unexpected JSON content: ") + e.what());
        }
    } catch (const DataError& e) {
        if (!skipBad) throw;
        ++result.skipped;
        result.skipReasons.emplace_back(e.what());
    }
}

Json parseJsonObject(const std::string& name, const Line& line) {
    checkUtf8(name, line);
    Json record;
    try {
        record = Json::parse(line.text);
    } catch (const Json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 1, column 7: ..." -> the part
        // after the tag, with the parser's "line 1" dropped since the record is one line.
        std::string message = e.what();
        if (auto tagEnd = message.find("] "); tagEnd != std::string::npos)
            message.erase(0, tagEnd + 2);
        if (auto at = message.find("at line 1, column"); at != std::string::npos)
            message.replace(at, 17, "at column");
        throw DataError(name, line.number, "bad JSON: " + message);
    }
    if (!record.is_object())
        throw DataError(name, line.number,
                        std::string("record is a JSON ") + record.type_name() + ", not an object");
    return record;
}

const Json& field(const Json& record, const char* key, const std::string& name, int line) {
    auto it = record.find(key);
    if (it == record.end())
        throw DataError(name, line, std::string("missing field \"") + key + "\"");
    return *it;
}

Sentence parseJsonlRecord(const std::string& name, const Line& line,
                          std::optional<TagScheme> scheme) {
    const Json record = parseJsonObject(name, line);
    const auto fail = [&](const std::string& problem) {
        return DataError(name, line.number, problem);
    };
    const Json& text = field(record, "text", name, line.number);
    const Json& labels = field(record, "labels", name, line.number);
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

// Lines [first, last) of one CoNLL sentence: no blank or -DOCSTART- line among them.
Sentence parseConllRecord(const std::string& name, const std::vector<Line>& lines,
                          std::size_t first, std::size_t last, std::optional<TagScheme> scheme) {
    Sentence sentence;
    sentence.line = lines[first].number;
    for (std::size_t k = first; k < last; ++k) {
        const Line& line = lines[k];
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

long long integerValue(const Json& value) {
    if (value.is_number_unsigned())
        return static_cast<long long>(
            std::min<std::uint64_t>(value.get<std::uint64_t>(), LLONG_MAX));
    return value.get<long long>();
}

Sentence parseCluenerRecord(const std::string& name, const Line& line, TagScheme scheme) {
    const Json record = parseJsonObject(name, line);
    const auto fail = [&](const std::string& problem) {
        return DataError(name, line.number, problem);
    };
    const Json& text = field(record, "text", name, line.number);
    const Json& label = field(record, "label", name, line.number);
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

void readJsonLines(const std::vector<Line>& lines, const std::string& name,
                   const LoadOptions& options, DataFormat format, LoadResult& result) {
    for (const Line& line : lines) {
        if (isBlank(line.text)) continue;
        readRecord(result, options.skipBad, name, line.number, [&] {
            if (format == DataFormat::Cluener)
                return parseCluenerRecord(name, line, options.scheme.value_or(TagScheme::Bio));
            return parseJsonlRecord(name, line, options.scheme);
        });
    }
}

void readConll(const std::vector<Line>& lines, const std::string& name, const LoadOptions& options,
               LoadResult& result) {
    const auto isBoundary = [](const Line& line) {
        return isBlank(line.text) || trimLeft(line.text).starts_with("-DOCSTART-");
    };
    std::size_t first = 0;
    while (first < lines.size()) {
        if (isBoundary(lines[first])) {
            ++first;
            continue;
        }
        std::size_t last = first;
        while (last < lines.size() && !isBoundary(lines[last]))
            ++last;
        readRecord(result, options.skipBad, name, lines[first].number,
                   [&] { return parseConllRecord(name, lines, first, last, options.scheme); });
        first = last;
    }
}

constexpr std::pair<DataFormat, const char*> kFormatNames[] = {{DataFormat::Auto, "auto"},
                                                               {DataFormat::Jsonl, "jsonl"},
                                                               {DataFormat::Conll, "conll"},
                                                               {DataFormat::Cluener, "cluener"}};

// Line of the first sentence with a tag of prefix letter, for the mixed-scheme message.
int firstLineWithPrefix(const std::vector<Sentence>& sentences, char prefix) {
    for (const Sentence& s : sentences)
        for (const std::string& tag : s.tags)
            if (tag.size() > 1 && tag[0] == prefix && tag[1] == '-') return s.line;
    return 0;
}

} // namespace

std::optional<DataFormat> parseFormat(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [format, formatText] : kFormatNames)
        if (lower == formatText) return format;
    return std::nullopt;
}

std::string formatName(DataFormat format) {
    for (const auto& [candidate, formatText] : kFormatNames)
        if (candidate == format) return formatText;
    return "auto";
}

DataFormat detectFormat(std::string_view content) {
    for (const Line& line : splitLines(stripBom(content))) {
        const std::string_view text = trimLeft(line.text);
        if (text.empty()) continue;
        if (text.front() != '{') return DataFormat::Conll;
        const Json record = Json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (record.is_object()) {
            if (record.contains("labels")) return DataFormat::Jsonl;
            const auto it = record.find("text");
            const bool stringText = it != record.end() && it->is_string();
            return record.contains("label") && stringText ? DataFormat::Cluener : DataFormat::Jsonl;
        }
        // A CoNLL file whose first character is '{': no JSON record lacks a quote.
        if (text.find('"') == std::string_view::npos) return DataFormat::Conll;
        // Broken JSON: guess from the key names, and let that reader report the JSON error.
        const bool cluener = text.find("\"labels\"") == std::string_view::npos &&
                             text.find("\"label\"") != std::string_view::npos;
        return cluener ? DataFormat::Cluener : DataFormat::Jsonl;
    }
    return DataFormat::Jsonl;
}

LoadResult loadDatasetFromText(std::string_view content, const std::string& name,
                               const LoadOptions& options) {
    content = stripBom(content);
    if (isBlank(content)) throw DataError(name, 0, "file is empty");
    LoadResult result;
    result.format = options.format == DataFormat::Auto ? detectFormat(content) : options.format;
    const std::vector<Line> lines = splitLines(content);
    if (result.format == DataFormat::Conll)
        readConll(lines, name, options, result);
    else
        readJsonLines(lines, name, options, result.format, result);

    if (result.sentences.empty()) {
        std::string problem = "no sentences in file";
        if (result.skipped > 0)
            problem += " (all " + plural(static_cast<std::size_t>(result.skipped), "record") +
                       " skipped; first: " + result.skipReasons.front() + ")";
        throw DataError(name, 0, problem);
    }
    if (result.format == DataFormat::Cluener || options.scheme) {
        result.scheme = options.scheme.value_or(TagScheme::Bio);
    } else if (auto detected = detectScheme(result.sentences)) {
        result.scheme = *detected;
    } else {
        // Tags passed tagProblem, so the only way detection fails is I- and M- together.
        throw DataError(
            name, 0,
            "tags mix I- (line " + std::to_string(firstLineWithPrefix(result.sentences, 'I')) +
                ") and M- (line " + std::to_string(firstLineWithPrefix(result.sentences, 'M')) +
                ") prefixes, so the tag scheme is unclear; name the scheme");
    }
    return result;
}

LoadResult loadDataset(const std::string& path, const LoadOptions& options) {
    // stdio rather than iostreams: fopen and fread set errno, so the message can say why.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) throw DataError(path, 0, std::string("cannot open file: ") + std::strerror(errno));
    std::string content;
    char buffer[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0)
        content.append(buffer, got);
    if (std::ferror(file.get()))
        throw DataError(path, 0, std::string("cannot read file: ") + std::strerror(errno));
    return loadDatasetFromText(content, path, options);
}

} // namespace ner
