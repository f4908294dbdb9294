#pragma once
// A trainable tensor and its gradient. Layers read .value and accumulate into .grad;
// optimisers see only (value, grad) pairs and know nothing of the layer that owns them.
#include "engine/core/tensor.h"

#include <string>
#include <vector>

namespace ner {

struct Parameter {
    Matrix value;
    Matrix grad; // same shape as value; zeroed by the optimiser after each step

    void resize(Eigen::Index rows, Eigen::Index cols) {
        value.setZero(rows, cols);
        grad.setZero(rows, cols);
    }
};

// A named view over the parameters of a model, in a fixed order (used by optimisers,
// model files and gradient checks).
struct NamedParameter {
    std::string name;
    Parameter* parameter;
};

} // namespace ner
