#include "engine/data/metrics.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace ner {

namespace {

double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0
                            : static_cast<double>(numerator) / static_cast<double>(denominator);
}

} // namespace

double PrfScore::precision() const {
    return ratio(tp, tp + fp);
}
double PrfScore::recall() const {
    return ratio(tp, tp + fn);
}

double PrfScore::f1() const {
    const double p = precision(), r = recall();
    return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

MetricsAccumulator::MetricsAccumulator(TagScheme scheme) : m_scheme(scheme) {}

void MetricsAccumulator::add(const std::vector<std::string>& gold,
                             const std::vector<std::string>& predicted) {
    if (gold.size() != predicted.size())
        throw std::invalid_argument("gold has " + std::to_string(gold.size()) +
                                    " tags but predictions have " +
                                    std::to_string(predicted.size()));
    // Extract both first so a malformed tag throws before anything is counted.
    const std::vector<Span> goldSpans = extractSpans(gold, m_scheme);
    const std::vector<Span> predictedSpans = extractSpans(predicted, m_scheme);

    // Spans come out sorted by begin and never overlap within one sequence, so a linear
    // search per span is enough for sentence-length inputs.
    for (const Span& span : predictedSpans) {
        const bool found = std::find(goldSpans.begin(), goldSpans.end(), span) != goldSpans.end();
        PrfScore& type = m_report.perType[span.type];
        ++(found ? type.tp : type.fp);
        ++(found ? m_report.overall.tp : m_report.overall.fp);
    }
    for (const Span& span : goldSpans) {
        if (std::find(predictedSpans.begin(), predictedSpans.end(), span) != predictedSpans.end())
            continue;
        ++m_report.perType[span.type].fn;
        ++m_report.overall.fn;
    }
    for (std::size_t i = 0; i < gold.size(); ++i) {
        ++m_confusion[{gold[i], predicted[i]}];
        if (gold[i] == predicted[i]) ++m_correctTokens;
    }
    m_tokens += static_cast<long>(gold.size());
}

double MetricsAccumulator::tokenAccuracy() const {
    return ratio(m_correctTokens, m_tokens);
}

std::vector<std::string> MetricsAccumulator::tagNames() const {
    std::set<std::string> names;
    for (const auto& entry : m_confusion) {
        names.insert(entry.first.first);
        names.insert(entry.first.second);
    }
    std::vector<std::string> ordered;
    if (names.erase("O") > 0) ordered.push_back("O");
    ordered.insert(ordered.end(), names.begin(), names.end());
    return ordered;
}

} // namespace ner
