#pragma once
// Model files: configuration, vocabulary, tag set and weights in one file.
//
// Layout (little-endian):
//   magic "LNERMODL" (8 bytes) | format version u32 | header length u64 |
//   header (UTF-8 JSON: config, vocabulary, tags, the dictionary if the model reads one,
//           parameter names and shapes) |
//   weights (float32, each parameter column-major, in header order) |
//   checksum u64 (FNV-1a over every byte before it)
// Saving writes a temporary file beside the target, flushes it to disk, then renames it
// over the target, so a crash mid-save leaves the previous file intact.
#include "engine/model/tagger.h"

#include <stdexcept>
#include <string>

namespace ner {

class ModelFileError : public std::runtime_error {
public:
    ModelFileError(const std::string& path, const std::string& problem)
        : std::runtime_error(path + ": " + problem) {}
};

inline constexpr unsigned kModelFormatVersion = 1;

void saveModel(const Tagger& model, const std::string& path);
Tagger loadModel(const std::string& path);

// The same, to and from memory (used by the file functions and by tests).
std::string serializeModel(const Tagger& model);
Tagger deserializeModel(const std::string& bytes, const std::string& nameForErrors);

} // namespace ner
