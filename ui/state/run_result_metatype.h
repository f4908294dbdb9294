#pragma once
// ner::RunResult (one finished run of a configuration) as a Qt metatype: the experiment
// worker sends it by queued signal and the run store takes it in a slot. A header whose
// class has it in a signal or slot includes this rather than comparison.h alone: moc's code
// instantiates the metatype, and the declaration has to come first in every file that holds
// that code (the build's mocs_compilation.cpp holds every class's).
#include "engine/train/comparison.h"

#include <QMetaType>

Q_DECLARE_METATYPE(ner::RunResult)
