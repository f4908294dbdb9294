#include "engine/inspection.h"

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

} // namespace ner
