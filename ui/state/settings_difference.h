#pragma once
// What changed between two runs' settings, in the form's words: "dropout 0.5 → 0.3". The
// charts keep the previous run's dev curves beside the current ones; this says what the
// two runs differ in, so a comparison is a comparison of one setting and not a guess.
#include "ui/workers/training_messages.h"

#include <QStringList>

namespace studio {

// Every field the hyper-parameter form edits, plus L2, learning-rate decay and clipping, in
// the form's order; empty when the runs used the same settings.
QStringList settingsDifferences(const TrainingSettings& before, const TrainingSettings& after);

} // namespace studio
