#include "engine/data/json_lines.h"

namespace ner {

using Json = nlohmann::json;

Json parseJsonObject(const std::string& name, const TextLine& line) {
    checkUtf8(name, line);
    Json record;
    try {
        record = Json::parse(line.text);
    } catch (const Json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 1, column 7: ..." -> the part
        // after the tag, with the parser's "line 1" dropped since the record is one line.
        std::string message = e.what();
        if (auto tagEnd = message.find("] "); tagEnd != std::string::npos)
            message.erase(0, tagEnd + 2);
        if (auto at = message.find("at line 1, column"); at != std::string::npos)
            message.replace(at, 17, "at column");
        throw DataError(name, line.number, "bad JSON: " + message);
    }
    if (!record.is_object())
        throw DataError(name, line.number,
                        std::string("record is a JSON ") + record.type_name() + ", not an object");
    return record;
}

const Json& requiredField(const Json& record, const char* key, const std::string& name, int line) {
    auto it = record.find(key);
    if (it == record.end())
        throw DataError(name, line, std::string("missing field \"") + key + "\"");
    return *it;
}

} // namespace ner
