#include "ui/state/dynamics_history.h"

#include <algorithm>

namespace studio {

namespace {
constexpr double kEmaDecay = 0.95; // about the last 20 batches, as the loss chart's EMA
} // namespace

DynamicsHistory::DynamicsHistory(QObject* parent) : QObject(parent) {}

void DynamicsHistory::setMaxPoints(int points) {
    m_maxPoints = std::max(16, points);
}

const QList<QPointF>& DynamicsHistory::points(const QString& group, Quantity quantity) const {
    static const QList<QPointF> none;
    const qsizetype k = m_groups.indexOf(group);
    if (k < 0) return none;
    const Series& s = m_series[size_t(k)];
    return quantity == Quantity::Gradient ? s.gradientPoints : s.ratioPoints;
}

void DynamicsHistory::addBatch(const BatchMetrics& metrics) {
    const ner::BatchProgress& p = metrics.progress;
    if (p.dynamics.empty()) return;
    ++m_batches;
    m_emaWeight = kEmaDecay * m_emaWeight + (1.0 - kEmaDecay);
    const bool sampled = m_batches % m_stride == 0;
    const double x = p.epoch - 1 + double(p.batch) / std::max(1, p.batchesPerEpoch);
    bool full = false;
    for (const ner::GroupDynamics& g : p.dynamics) {
        const QString name = QString::fromStdString(g.group);
        qsizetype k = m_groups.indexOf(name);
        if (k < 0) {
            m_groups << name;
            m_series.emplace_back();
            k = m_groups.size() - 1;
        }
        Series& s = m_series[size_t(k)];
        s.gradient = kEmaDecay * s.gradient + (1.0 - kEmaDecay) * g.gradient;
        s.ratio = kEmaDecay * s.ratio + (1.0 - kEmaDecay) * g.updateRatio();
        if (!sampled) continue;
        s.gradientPoints.append(QPointF(x, s.gradient / m_emaWeight));
        s.ratioPoints.append(QPointF(x, s.ratio / m_emaWeight));
        full = full || s.gradientPoints.size() > m_maxPoints;
    }
    if (full) halve();
    emit changed();
}

void DynamicsHistory::halve() {
    // The curves are smoothed already: dropping every other point loses no spike.
    auto keepOdd = [](QList<QPointF>& points) {
        QList<QPointF> kept;
        kept.reserve(points.size() / 2 + 1);
        for (qsizetype k = 1; k < points.size(); k += 2)
            kept.append(points[k]);
        points = std::move(kept);
    };
    for (Series& s : m_series) {
        keepOdd(s.gradientPoints);
        keepOdd(s.ratioPoints);
    }
    m_stride *= 2;
}

void DynamicsHistory::clear() {
    m_groups.clear();
    m_series.clear();
    m_emaWeight = 0;
    m_batches = 0;
    m_stride = 1;
    emit changed();
}

} // namespace studio
