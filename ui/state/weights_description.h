#pragma once
// "untrained initial weights", "weights after 3 epochs, step 240", "the best weights (epoch
// 18)", "the weights after epoch 7 (chosen)", "model m.lner": which weights a
// view shows, in the words the inspector's note uses.
#include "ui/workers/training_messages.h"

#include <QString>

namespace studio {

QString weightsDescription(const WeightsSnapshot& weights);

} // namespace studio
