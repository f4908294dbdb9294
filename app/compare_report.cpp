#include "app/compare_report.h"

#include "engine/train/run_record.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace cli {

namespace {
nlohmann::json scoreJson(const ner::ScoreSummary& s) {
    return {{"mean", s.mean}, {"sd", s.sd},   {"min", s.min},
            {"max", s.max},   {"low", s.low}, {"high", s.high}};
}

std::string format(const char* pattern, double a, double b = 0, double c = 0, double d = 0) {
    const int length = std::snprintf(nullptr, 0, pattern, a, b, c, d);
    std::string text(size_t(std::max(length, 0)) + 1, '\0');
    std::snprintf(text.data(), text.size(), pattern, a, b, c, d);
    text.pop_back(); // the terminating zero
    return text;
}

// "0.7241 ± 0.0123 [0.709, 0.739]"
std::string scoreText(const ner::ScoreSummary& s, int runs) {
    if (runs < 2) return format("%.4f", s.mean);
    return format("%.4f ± %.4f [%.3f, %.3f]", s.mean, s.sd, s.low, s.high);
}

// Pads UTF-8 text to a width in characters (± and → are one character, several bytes).
std::string pad(const std::string& text, size_t width) {
    size_t characters = 0;
    for (unsigned char c : text)
        characters += (c & 0xC0) != 0x80 ? 1 : 0;
    return text + std::string(width > characters ? width - characters : 0, ' ');
}

std::string thousands(double value) {
    const std::string digits = std::to_string(long(value + 0.5));
    std::string out;
    for (size_t k = 0; k < digits.size(); ++k) {
        if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
        out += digits[k];
    }
    return out;
}
} // namespace

nlohmann::json runJson(const ner::RunResult& r) {
    return ner::runToJson(r);
}

nlohmann::json summaryJson(const std::vector<ner::ConfigurationSummary>& summaries,
                           double allOutside, bool interrupted) {
    nlohmann::json rows = nlohmann::json::array();
    for (const ner::ConfigurationSummary& s : summaries)
        rows.push_back({{"configuration", s.key},
                        {"name", s.name},
                        {"runs", s.runs},
                        {"test_f1", scoreJson(s.testF1)},
                        {"test_token_accuracy", scoreJson(s.testTokenAccuracy)},
                        {"best_dev_f1", scoreJson(s.bestDevF1)},
                        {"train_tokens_per_second", s.tokensPerSecond},
                        {"parameters", s.parameters}});
    return {{"summary", rows},
            {"all_outside_token_accuracy", allOutside},
            {"interrupted", interrupted}};
}

std::string summaryTable(const std::vector<ner::ConfigurationSummary>& summaries,
                         double allOutside) {
    const std::vector<std::string> head{"configuration", "runs",     "test F1",   "token accuracy",
                                        "best dev F1",   "tokens/s", "parameters"};
    std::vector<std::vector<std::string>> rows{head};
    for (const ner::ConfigurationSummary& s : summaries)
        rows.push_back({s.name, std::to_string(s.runs), scoreText(s.testF1, s.runs),
                        scoreText(s.testTokenAccuracy, s.runs), scoreText(s.bestDevF1, s.runs),
                        thousands(s.tokensPerSecond), thousands(double(s.parameters))});
    std::vector<size_t> width(head.size(), 0);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) {
            size_t characters = 0;
            for (unsigned char ch : row[c])
                characters += (ch & 0xC0) != 0x80 ? 1 : 0;
            width[c] = std::max(width[c], characters);
        }
    std::ostringstream out;
    for (const auto& row : rows) {
        for (size_t c = 0; c < row.size(); ++c)
            out << pad(row[c], width[c] + (c + 1 < row.size() ? 2 : 0));
        out << "\n";
    }
    out << format("mean ± sd over the runs [95 %% interval of the mean]; tagging every "
                  "character O scores token accuracy %.4f on this test split\n",
                  allOutside);
    return out.str();
}

std::string summaryCsv(const std::vector<ner::ConfigurationSummary>& summaries) {
    std::ostringstream out;
    out << "configuration,name,runs";
    for (const char* score : {"test_f1", "test_token_accuracy", "best_dev_f1"})
        for (const char* part : {"mean", "sd", "low", "high"})
            out << ',' << score << '_' << part;
    out << ",train_tokens_per_second,parameters\n";
    for (const ner::ConfigurationSummary& s : summaries) {
        out << s.key << ",\"" << s.name << "\"," << s.runs;
        for (const ner::ScoreSummary* score : {&s.testF1, &s.testTokenAccuracy, &s.bestDevF1})
            out << ',' << score->mean << ',' << score->sd << ',' << score->low << ','
                << score->high;
        out << ',' << long(s.tokensPerSecond + 0.5) << ',' << s.parameters << '\n';
    }
    return out.str();
}

std::string runLine(const ner::RunResult& r) {
    return r.name + " seed " + std::to_string(r.seed) +
           format(": test F1 %.4f, token accuracy %.4f, best dev F1 %.4f", r.testF1,
                  r.testTokenAccuracy, r.bestDevF1) +
           " (epoch " + std::to_string(r.bestEpoch) + "), " + thousands(r.tokensPerSecond) +
           " tokens/s, " + format("%.0f s", r.seconds);
}

} // namespace cli
