#include "engine/analysis/inspection.h"

#include <algorithm>
#include <numeric>

namespace ner {

std::vector<int> unitsByVariation(const GateTrace& trace, int gate) {
    std::vector<double> variance(size_t(trace.hidden), 0.0);
    if (trace.length > 0)
        for (int u = 0; u < trace.hidden; ++u) {
            double sum = 0, squares = 0;
            for (int t = 0; t < trace.length; ++t) {
                const double v = trace.value(gate, u, t);
                sum += v;
                squares += v * v;
            }
            const double mean = sum / trace.length;
            variance[size_t(u)] = std::max(0.0, squares / trace.length - mean * mean);
        }
    std::vector<int> units(size_t(trace.hidden));
    std::iota(units.begin(), units.end(), 0);
    std::stable_sort(units.begin(), units.end(),
                     [&](int a, int b) { return variance[size_t(a)] > variance[size_t(b)]; });
    return units;
}

} // namespace ner
