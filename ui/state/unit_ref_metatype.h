#pragma once
// ner::UnitRef (one unit of one layer, direction and gate) as a Qt metatype: the heatmap, the
// saturation chart, the saturation tab and the inspector pass it by signal. A header whose
// class has it in a signal or slot includes this rather than unit_profile.h alone: moc's code
// instantiates the metatype, and the declaration has to come first in every file that holds
// that code (the build's mocs_compilation.cpp holds every class's).
#include "engine/analysis/unit_profile.h"

#include <QMetaType>

Q_DECLARE_METATYPE(ner::UnitRef)
