// Format detection and dispatch; each format's parser is in its own reader (jsonl_reader,
// conll_reader, cluener_reader), sharing text_lines, record_errors and json_lines.
#include "engine/data/dataset_reader.h"

#include "engine/data/cluener_reader.h"
#include "engine/data/conll_reader.h"
#include "engine/data/data_error.h"
#include "engine/data/jsonl_reader.h"
#include "engine/data/record_errors.h"
#include "engine/data/text_lines.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

namespace ner {

namespace {

using Json = nlohmann::json;

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
    for (const TextLine& line : splitLines(stripBom(content))) {
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
    const std::vector<TextLine> lines = splitLines(content);
    if (result.format == DataFormat::Conll)
        readConll(lines, name, options, result);
    else if (result.format == DataFormat::Cluener)
        readCluener(lines, name, options, result);
    else
        readJsonl(lines, name, options, result);

    if (options.progress && !options.progress(1.0)) throw LoadCancelled();
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
