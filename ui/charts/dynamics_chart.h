#pragma once
// The Learning dynamics dock: one Qt Charts plot of DynamicsHistory, a line per group of
// parameters, on a logarithmic scale. The quantity box switches between each group's
// gradient norm (before clipping) and its update-to-weight ratio, with a dashed line at 1e-3,
// the rule of thumb for a sound learning rate (Karpathy's CS231n notes): the recurrent layers,
// the projection and the embedding need not learn at one rate, and this shows whether they do.
// Redraws are coalesced as MetricsChart's are (40 ms), and the axes fitted at each.
#include "ui/state/dynamics_history.h"

#include <QWidget>

#include <map>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QTimer;
class QValueAxis;

namespace studio {

class DynamicsChart : public QWidget {
    Q_OBJECT
public:
    static constexpr double kSoundRatio = 1e-3;

    explicit DynamicsChart(const DynamicsHistory* history, QWidget* parent = nullptr);

    DynamicsHistory::Quantity quantity() const;
    void setQuantity(DynamicsHistory::Quantity quantity);
    QComboBox* quantityBox() const { return m_quantity; }
    // The line drawn for a group ("lstm 1 forward"), or null.
    QLineSeries* groupSeries(const QString& group) const;
    QLineSeries* referenceLine() const { return m_reference; }
    QLogValueAxis* yAxis() const { return m_yAxis; }
    QString caption() const;
    QChartView* chartView() const { return m_view; }

public slots:
    void redrawNow();

private:
    QLineSeries* seriesFor(const QString& group);

    const DynamicsHistory* m_history;
    QChart* m_chart;
    QChartView* m_view;
    QValueAxis* m_xAxis;
    QLogValueAxis* m_yAxis;
    QComboBox* m_quantity;
    QLabel* m_caption;
    QLineSeries* m_reference;
    std::map<QString, QLineSeries*> m_series;
    QTimer* m_redraw;
};

} // namespace studio
