#pragma once
// One Qt Charts plot of the metrics history: loss (per batch raw and smoothed, per epoch
// train and dev), token accuracy or entity F1 (per epoch, train and dev), each with the
// previous run's dev curve dashed in grey once there is one.
//
// The chart never appends per signal: history changes start a 40 ms single-shot timer and
// the redraw copies each bounded buffer in with QXYSeries::replace(), so a burst of batches
// costs one redraw. Axes are fitted to the data at every redraw.
#include "ui/metrics_history.h"

#include <QWidget>

#include <map>

class QAbstractAxis;
class QChart;
class QChartView;
class QCheckBox;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace studio {

class MetricsChart : public QWidget {
    Q_OBJECT
public:
    enum class Kind { Loss, Accuracy, F1 };

    MetricsChart(const MetricsHistory* history, Kind kind, QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }
    QString title() const;
    QLineSeries* series(MetricSeries which) const; // null if this chart does not draw it
    QList<MetricSeries> shownSeries() const;
    bool logScale() const { return m_logScale; }
    QChartView* chartView() const { return m_view; }
    bool exportPng(const QString& path) const;
    // The previous run's tooltip line: its best dev F1 and what this run changed.
    QString previousRunNote() const;

public slots:
    void setLogScale(bool on); // loss chart only
    void redrawNow();

signals:
    void logScaleChanged(bool on);
    void exportRequested(); // the chart's own button; the window asks for a file name

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void addSeries(MetricSeries which, const QString& name, const QColor& color, qreal width,
                   bool markers);
    void addPreviousRunSeries(MetricSeries which);
    void scheduleRedraw();
    void installYAxis();
    void fitAxes();
    void showHoverTip(MetricSeries which, const QPointF& at, bool entered);

    const MetricsHistory* m_history;
    Kind m_kind;
    QChart* m_chart;
    QChartView* m_view;
    QValueAxis* m_xAxis;
    QAbstractAxis* m_yAxis = nullptr;
    QCheckBox* m_logBox = nullptr;
    QTimer* m_redrawTimer;
    std::map<MetricSeries, QLineSeries*> m_series;
    std::map<MetricSeries, QString> m_names;
    bool m_logScale = false;
};

} // namespace studio
