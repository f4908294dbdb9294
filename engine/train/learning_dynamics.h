#pragma once
// How fast each part of the model learns, batch by batch. For each group of parameters (the
// embedding, each recurrent layer and direction, the projection, the CRF, …): the norm of its
// gradient before clipping, of its weights after the step, and of the step itself. Their
// ratio, update / weight, is the rule of thumb of Karpathy's CS231n notes: near 1e-3 a part
// learns at a sound rate; far below it hardly moves, far above it is thrown about. A part
// whose gradient fades while the loss is still high has stopped hearing the error.
#include "engine/train/optimizer.h"

#include <string>
#include <vector>

namespace ner {

struct GroupDynamics {
    std::string group;
    double gradient = 0; // L2 norm, before clipping
    double weight = 0;   // after the step
    double update = 0;   // of the step: ‖θ_new − θ_old‖
    double updateRatio() const { return weight > 0 ? update / weight : 0; }
};

// "embedding.E" → "embedding", "lexicon.E" → "dictionary", "lstm.0.forward.W_x" → "lstm 1
// forward" (and "gru 2 backward", "rnn 1 forward" alike), "between.0.W" → "linear 1→2",
// "projection.W" → "projection", "crf.start" → "crf", "lm.backward.output.b" → "next
// character"; any other name → its text before the first dot.
std::string parameterGroup(const std::string& parameterName);

// Sums per-parameter squared norms (one of each per entry of params: the gradient's from
// clipGradientNorm, the step's and the weights' from Optimizer::step) into groups, in the
// order the groups first appear in params, and returns their square roots. Throws
// std::invalid_argument when a vector's length is not params.size().
std::vector<GroupDynamics> groupDynamics(const std::vector<NamedParameter>& params,
                                         const std::vector<double>& gradientSquares,
                                         const StepNorms& step);

} // namespace ner
