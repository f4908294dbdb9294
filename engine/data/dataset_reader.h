#pragma once
// Reading labelled corpora: JSONL, CoNLL and CLUENER files into Sentences.
//
// Formats (one record = one sentence):
//   JSONL    {"text": ["李", "明"], "labels": ["B-PER", "I-PER"]} a line; text may also be a
//            string, split into code points. Blank lines are ignored.
//   CoNLL    "char<whitespace>tag" a line (extra columns allowed: first = char, last = tag),
//            a blank line between sentences, -DOCSTART- lines ignored. A record's line is
//            the line of its first token.
//   CLUENER  {"text": "...", "label": {"type": {"entity text": [[start, end]]}}} a line,
//            end inclusive, offsets in code points; tagged as BIO unless a scheme is asked for.
// Every problem is a DataError naming the file, the 1-based line (0 = whole file) and what
// is wrong. With LoadOptions::skipBad a bad record is skipped and its reason kept instead.
#include "engine/data/sentence.h"
#include "engine/data/tag_scheme.h"

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ner {

enum class DataFormat { Auto, Jsonl, Conll, Cluener };

// "auto", "jsonl", "conll", "cluener" (case-insensitive).
std::optional<DataFormat> parseFormat(std::string_view name);
std::string formatName(DataFormat format);

// Told the fraction of the file's lines parsed so far (0 … 1), about every 1 % of them and
// once at the end; returning false abandons the load. Called on the loading thread.
using LoadProgress = std::function<bool(double fraction)>;

// What loadDataset throws when LoadOptions::progress asked it to stop.
class LoadCancelled : public std::runtime_error {
public:
    LoadCancelled() : std::runtime_error("loading cancelled") {}
};

struct LoadOptions {
    DataFormat format = DataFormat::Auto;
    bool skipBad = false;
    // Scheme the tags are in: detected when absent. When given, tags are checked against it,
    // and CLUENER spans are written in it.
    std::optional<TagScheme> scheme;
    LoadProgress progress; // optional: for a progress bar, and a way to cancel
};

struct LoadResult {
    std::vector<Sentence> sentences;      // tags as found in the file, in `scheme`
    DataFormat format = DataFormat::Auto; // the format actually read, never Auto
    TagScheme scheme = TagScheme::Bio;    // detected, or LoadOptions::scheme
    int skipped = 0;
    std::vector<std::string> skipReasons; // "file:line: problem", one per skipped record
};

// Reads the file at path; the path is the file name in errors.
LoadResult loadDataset(const std::string& path, const LoadOptions& options);
// Reads content already in memory; name stands for the file in errors.
LoadResult loadDatasetFromText(std::string_view content, const std::string& name,
                               const LoadOptions& options);

// The format loadDatasetFromText would read content as under DataFormat::Auto: JSON records
// are JSONL when they have "labels", CLUENER when they have "label" and a string "text";
// a first non-blank line that does not start with '{' (or has no '"' at all) means CoNLL.
DataFormat detectFormat(std::string_view content);

} // namespace ner
