#pragma once
// What the dataset readers do with a bad record: the checks and wording they share, and the
// skip-bad bookkeeping. Internal to the dataset readers (see dataset_reader.h).
#include "engine/data/data_error.h"
#include "engine/data/dataset_reader.h"
#include "engine/data/text_lines.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace ner {

// "1 character", "3 characters": counts in messages.
std::string plural(std::size_t n, const char* noun);

// Throws DataError "invalid UTF-8 at byte offset N" for an ill-formed line.
void checkUtf8(const std::string& name, const TextLine& line);

// One record parsed into a Sentence and appended to result. With skipBad a DataError is
// recorded and the record dropped; nlohmann exceptions that slipped past the explicit checks
// become DataErrors too. parse is a callable returning the record's Sentence.
template <class Parse>
void readRecord(LoadResult& result, bool skipBad, const std::string& name, int line,
                Parse&& parse) {
    try {
        try {
            result.sentences.push_back(parse());
        } catch (const nlohmann::json::exception& e) {
            throw DataError(name, line, std::string("unexpected JSON content: ") + e.what());
        }
    } catch (const DataError& e) {
        if (!skipBad) throw;
        ++result.skipped;
        result.skipReasons.emplace_back(e.what());
    }
}

} // namespace ner
