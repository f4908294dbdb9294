#include "ui/state/inspected_weights.h"

#include "ui/state/epoch_weights.h"
#include "ui/state/training_session.h"

namespace studio {

InspectedWeights::InspectedWeights(TrainingSession* session, QObject* parent)
    : QObject(parent), m_session(session) {
    connect(session, &TrainingSession::weightsChanged, this, &InspectedWeights::onSessionWeights);
    connect(session, &TrainingSession::epochWeightsForgotten, this,
            &InspectedWeights::onEpochsForgotten);
}

const WeightsSnapshot& InspectedWeights::weights() const {
    return m_chosen.isNull() ? m_session->weights() : m_chosen;
}

std::optional<int> InspectedWeights::chosenEpoch() const {
    if (m_chosen.isNull()) return std::nullopt;
    return m_chosen.epoch;
}

void InspectedWeights::chooseEpoch(int epoch) {
    const EpochWeights& kept = m_session->epochWeights();
    const std::optional<int> found = kept.nearest(epoch);
    if (!found) return;
    if (!m_chosen.isNull() && m_chosen.epoch == *found) return;
    m_chosen = {m_session->weights().run, *found, 0, QString::fromLatin1(kChosenEpochOrigin),
                kept.at(*found)};
    emit chosenEpochChanged(*found);
    emit weightsChanged(m_chosen);
}

void InspectedWeights::stepEpoch(int delta) {
    const EpochWeights& kept = m_session->epochWeights();
    if (kept.empty()) return;
    const int from = m_chosen.isNull() ? kept.epochs().back() : m_chosen.epoch;
    if (const std::optional<int> to = kept.step(from, delta)) chooseEpoch(*to);
}

void InspectedWeights::followSession() {
    if (m_chosen.isNull()) return;
    m_chosen = {};
    emit chosenEpochChanged(std::nullopt);
    emit weightsChanged(m_session->weights());
}

void InspectedWeights::onSessionWeights(const WeightsSnapshot& weights) {
    // While an epoch is chosen the session's newer weights wait; they are shown on going back.
    if (m_chosen.isNull()) emit weightsChanged(weights);
}

void InspectedWeights::onEpochsForgotten() {
    followSession(); // a new run, a reset or an opened model: the chosen epoch is gone
}

} // namespace studio
