#include "engine/inspection.h"

#include <algorithm>
#include <numeric>

namespace ner {

const char* gateName(Gate g) {
    switch (g) {
    case Gate::Input:
        return "input";
    case Gate::Forget:
        return "forget";
    case Gate::Candidate:
        return "candidate";
    case Gate::Output:
        return "output";
    case Gate::Cell:
        return "cell";
    case Gate::Hidden:
        return "hidden";
    }
    return "?";
}

const char* gateSymbol(Gate g) {
    static const char* symbols[] = {"i", "f", "g", "o", "c", "h"};
    return symbols[int(g)];
}

std::vector<int> unitsByVariation(const GateTrace& trace, Gate gate) {
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
