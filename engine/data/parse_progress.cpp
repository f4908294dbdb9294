#include "engine/data/parse_progress.h"

#include <algorithm>
#include <limits>

namespace ner {

ParseProgress::ParseProgress(const LoadOptions& options, int lastLine)
    : m_callback(options.progress ? &options.progress : nullptr), m_lastLine(std::max(lastLine, 1)),
      m_step(std::max(m_lastLine / 100, 1)),
      m_next(m_callback ? 1 : std::numeric_limits<int>::max()) {}

void ParseProgress::report(int line) {
    // Called before the line's record is parsed: the lines before it are done.
    if (!(*m_callback)(double(line - 1) / double(m_lastLine))) throw LoadCancelled();
    m_next = line + m_step;
}

} // namespace ner
