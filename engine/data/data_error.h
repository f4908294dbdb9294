#pragma once
// Errors about input data: always name the file, the line and what is wrong.
#include <stdexcept>
#include <string>

namespace ner {

class DataError : public std::runtime_error {
public:
    // line is 1-based; 0 means "the file as a whole" (e.g. an empty file). Control
    // characters in the message are escaped (\n, \x00), so it is always one line.
    DataError(std::string file, int line, const std::string& problem);
    const std::string& file() const { return m_file; }
    int line() const { return m_line; }
    const std::string& problem() const { return m_problem; }

private:
    std::string m_file;
    int m_line;
    std::string m_problem;
};

} // namespace ner
