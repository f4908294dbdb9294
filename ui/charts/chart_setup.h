#pragma once
// What every chart of the studio shares (the learning curves, the learning dynamics, the
// gate saturation): one look, and the epoch axis the training charts have in common.
#include <Qt>

class QChart;
class QValueAxis;

namespace studio {

// No animation, tight margins, square corners, the legend where asked in the UI's font.
QChart* newStudioChart(Qt::Alignment legend);

// An x axis titled "epoch" with whole-epoch labels, ticked from 0.
QValueAxis* newEpochAxis();
// Shows epochs 0 to ⌈xMax⌉ on a round step (1, 2, 5, 10, …) that leaves about 45 px per
// label of a plot plotWidth wide.
void fitEpochAxis(QValueAxis* axis, double xMax, double plotWidth);

} // namespace studio
