#pragma once
// How fast each part of the model learns, batch by batch, without any widget: for each group
// of parameters (ner::GroupDynamics: the embedding, each recurrent layer and direction, the
// projection, the CRF, …) its gradient norm and its update-to-weight ratio, each smoothed
// over about 20 batches like the loss (an exponential moving average with bias correction),
// as chart points at x = epoch − 1 + batch / batches. Series stay bounded as
// MetricsHistory's do: at most maxPoints() each; when full every other point goes and later
// batches are sampled half as often.
#include "ui/workers/training_messages.h"

#include <QList>
#include <QObject>
#include <QPointF>
#include <QStringList>

#include <vector>

namespace studio {

class DynamicsHistory : public QObject {
    Q_OBJECT
public:
    enum class Quantity { Gradient, UpdateRatio };

    explicit DynamicsHistory(QObject* parent = nullptr);

    void setMaxPoints(int points); // at least 16
    int maxPoints() const { return m_maxPoints; }
    // The groups in the order the trainer reports them.
    const QStringList& groups() const { return m_groups; }
    // A group's smoothed series; empty for a group this run does not have.
    const QList<QPointF>& points(const QString& group, Quantity quantity) const;
    long batches() const { return m_batches; }
    bool isEmpty() const { return m_batches == 0; }

public slots:
    void addBatch(const studio::BatchMetrics& metrics);
    void clear(); // a new run

signals:
    void changed(); // after every change: receivers coalesce their redraws

private:
    struct Series {
        double gradient = 0, ratio = 0; // the moving averages, before bias correction
        QList<QPointF> gradientPoints, ratioPoints;
    };
    void halve();

    QStringList m_groups;
    std::vector<Series> m_series; // parallel to m_groups
    double m_emaWeight = 0;
    long m_batches = 0;
    int m_maxPoints = 1000;
    int m_stride = 1; // every m_stride-th batch becomes a point
};

} // namespace studio
