#pragma once
// The JSON side shared by the two one-JSON-object-a-line formats, JSONL and CLUENER: parsing a
// line into an object with file/line error messages, required fields, and the record loop.
// Internal to the dataset readers (see dataset_reader.h).
#include "engine/data/parse_progress.h"
#include "engine/data/record_errors.h"
#include "engine/data/text_lines.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ner {

// The line as a JSON object, after a UTF-8 check; DataError "bad JSON: ..." or "record is a
// JSON array, not an object" otherwise.
nlohmann::json parseJsonObject(const std::string& name, const TextLine& line);

// record[key]; DataError "missing field "key"" when absent.
const nlohmann::json& requiredField(const nlohmann::json& record, const char* key,
                                    const std::string& name, int line);

// Every non-blank line is one record: parse(line) makes its Sentence, under readRecord's
// skip-bad handling, with options.progress told how far it has got.
template <class Parse>
void readJsonLines(const std::vector<TextLine>& lines, const std::string& name,
                   const LoadOptions& options, LoadResult& result, Parse&& parse) {
    ParseProgress progress(options, lines.empty() ? 0 : lines.back().number);
    for (const TextLine& line : lines) {
        if (isBlank(line.text)) continue;
        progress.reached(line.number);
        readRecord(result, options.skipBad, name, line.number, [&] { return parse(line); });
    }
}

} // namespace ner
