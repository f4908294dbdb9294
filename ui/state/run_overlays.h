#pragma once
// Stored runs as curves beside the current run on the training charts, and the words that
// tell them apart: each chosen run is labelled with only what differs between the chosen
// runs ("BiGRU-CRF seed 2" when architecture and seed differ, "dropout 0.3" when only
// dropout does). Also the RunResult of a run the studio itself trained. No widgets here.
#include "engine/train/comparison.h"
#include "ui/state/metrics_history.h"
#include "ui/workers/training_messages.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QStringList>

#include <vector>

namespace studio {

// One stored run's dev curves, in the charts' coordinates (epoch on x).
struct RunOverlay {
    QString label;
    QList<QPointF> devLoss, devAccuracy, devF1;
};

// Per run, what sets it apart from the others in the list (in the form's words); a run
// that differs in nothing is labelled by its name and seed, and repeats get "#2", "#3".
QStringList runDifferenceLabels(const std::vector<ner::RunResult>& runs);

// The colour of the k-th chosen run's lines, apart from train's blue, dev's orange and the
// previous run's grey; the Runs list marks each checked run with it, as the charts' key.
QColor runOverlayColor(int k);

// The runs' curves, labelled by runDifferenceLabels (the charts colour them apart).
QList<RunOverlay> runOverlays(const std::vector<ner::RunResult>& runs);

// A finished run of the studio's own training, as a run record: the settings it was
// started with, its epochs as the metrics history has them and the test scores of its best
// weights. Key "studio"; name ner::architectureName.
ner::RunResult studioRunResult(const TrainingSettings& settings,
                               const std::vector<MetricsHistory::EpochRecord>& epochs,
                               const TrainingOutcome& outcome, const QString& dataset,
                               long parameters);

} // namespace studio
