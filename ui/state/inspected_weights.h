#pragma once
// Which weights the inspector shows: the training session's own (the latest while a run
// trains, the best once it has finished, a model opened from a file), or those after an epoch
// the user chose on the learning curves. Choosing an epoch never changes what Train goes on
// from or what Save writes; it only rewinds the inspector (and every tab that tags with its
// weights), until the user goes back to following the session or a new run starts.
#include "ui/workers/training_messages.h"

#include <QObject>

#include <optional>

namespace studio {

class TrainingSession;

class InspectedWeights : public QObject {
    Q_OBJECT
public:
    explicit InspectedWeights(TrainingSession* session, QObject* parent = nullptr);

    const WeightsSnapshot& weights() const;
    std::optional<int> chosenEpoch() const; // nullopt while following the session

public slots:
    // Shows the kept epoch nearest to `epoch` (all are kept unless memory ran short); does
    // nothing when the session keeps no epochs (no run yet, or a model from a file).
    void chooseEpoch(int epoch);
    // The kept epoch `delta` places from the chosen one (from the latest when none is).
    void stepEpoch(int delta);
    void followSession();

signals:
    void weightsChanged(const studio::WeightsSnapshot& weights);
    void chosenEpochChanged(std::optional<int> epoch);

private:
    void onSessionWeights(const WeightsSnapshot& weights);
    void onEpochsForgotten();

    TrainingSession* m_session;
    WeightsSnapshot m_chosen; // null while following the session
};

} // namespace studio
