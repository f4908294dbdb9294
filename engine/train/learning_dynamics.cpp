#include "engine/train/learning_dynamics.h"

#include "engine/nn/cell_type.h"

#include <cmath>
#include <stdexcept>

namespace ner {

std::string parameterGroup(const std::string& name) {
    const std::string head = name.substr(0, name.find('.'));
    if (head == "embedding") return "embedding";
    if (head == "lexicon") return "dictionary";
    if (head == "lm") return "next character";
    // Layers are named from 1, as the studio's layer selectors do.
    const size_t layerStart = head.size() + 1;
    const size_t layerEnd = name.find('.', layerStart);
    const auto layerNumber = [&] {
        const std::string digits = name.substr(layerStart, layerEnd - layerStart);
        const bool number =
            !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
        return number ? std::stoi(digits) + 1 : 0;
    };
    if (parseCell(head) && layerEnd != std::string::npos) {
        // CELL.L.DIRECTION.NAME, L from 0: "lstm 1 forward"
        const size_t directionEnd = name.find('.', layerEnd + 1);
        if (const int layer = layerNumber(); layer > 0 && directionEnd != std::string::npos)
            return head + " " + std::to_string(layer) + " " +
                   name.substr(layerEnd + 1, directionEnd - layerEnd - 1);
    }
    if (head == "between" && layerEnd != std::string::npos)
        if (const int layer = layerNumber(); layer > 0)
            return "linear " + std::to_string(layer) + "→" + std::to_string(layer + 1);
    return head;
}

std::vector<GroupDynamics> groupDynamics(const std::vector<NamedParameter>& params,
                                         const std::vector<double>& gradientSquares,
                                         const StepNorms& step) {
    if (gradientSquares.size() != params.size() || step.update.size() != params.size() ||
        step.weight.size() != params.size())
        throw std::invalid_argument("one squared norm per parameter is needed");
    std::vector<GroupDynamics> groups; // squared sums until the end
    for (size_t k = 0; k < params.size(); ++k) {
        const std::string group = parameterGroup(params[k].name);
        // A handful of groups: a linear search is shorter than a map and keeps their order.
        GroupDynamics* g = nullptr;
        for (GroupDynamics& existing : groups)
            if (existing.group == group) g = &existing;
        if (!g) g = &groups.emplace_back(GroupDynamics{group});
        g->gradient += gradientSquares[k];
        g->update += step.update[k];
        g->weight += step.weight[k];
    }
    for (GroupDynamics& g : groups) {
        g.gradient = std::sqrt(g.gradient);
        g.update = std::sqrt(g.update);
        g.weight = std::sqrt(g.weight);
    }
    return groups;
}

} // namespace ner
