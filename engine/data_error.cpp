#include "engine/data_error.h"

namespace ner {

static std::string formatDataError(const std::string& file, int line, const std::string& problem) {
    if (line > 0) return file + ":" + std::to_string(line) + ": " + problem;
    return file + ": " + problem;
}

DataError::DataError(std::string file, int line, const std::string& problem)
    : std::runtime_error(formatDataError(file, line, problem)), m_file(std::move(file)),
      m_line(line), m_problem(problem) {}

} // namespace ner
