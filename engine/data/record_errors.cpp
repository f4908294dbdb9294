#include "engine/data/record_errors.h"

#include "engine/data/utf8.h"

namespace ner {

std::string plural(std::size_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

void checkUtf8(const std::string& name, const TextLine& line) {
    // Checked on the raw line so the message can point at the byte, before a JSON parser
    // turns the same problem into a less precise complaint of its own.
    if (auto offset = findInvalidUtf8(line.text))
        throw DataError(name, line.number,
                        "invalid UTF-8 at byte offset " + std::to_string(*offset));
}

} // namespace ner
