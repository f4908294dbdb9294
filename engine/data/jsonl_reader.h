#pragma once
// Reads JSONL records (the format is described in dataset_reader.h). Internal to the dataset
// readers: loadDatasetFromText calls it after splitting the file into lines.
#include "engine/data/dataset_reader.h"
#include "engine/data/text_lines.h"

#include <string>
#include <vector>

namespace ner {

// Appends each record of lines to result.sentences, or with options.skipBad its reason to
// result.skipReasons; otherwise throws the first bad record's DataError.
void readJsonl(const std::vector<TextLine>& lines, const std::string& name,
               const LoadOptions& options, LoadResult& result);

} // namespace ner
