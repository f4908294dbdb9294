#pragma once
// One Qt Charts plot of the metrics history: loss (per batch raw and smoothed, per epoch
// train and dev), token accuracy or entity F1 (per epoch, train and dev), each with the
// previous run's dev curve dashed in grey once there is one. The F1 chart can also draw each
// entity type's dev F1 in the type's colour ("per type"), which shows when each is learnt.
//
// The chart never appends per signal: history changes start a 40 ms single-shot timer and
// the redraw copies each bounded buffer in with QXYSeries::replace(), so a burst of batches
// costs one redraw. Axes are fitted to the data at every redraw.
//
// Clicking the plot asks for the weights after the epoch under the pointer (epochClicked);
// with the chart focused, ← and → step through the epochs and Esc goes back to the latest.
// The chart only asks: the window decides which epoch is shown and marks it on every chart
// with setMarkedEpoch(), a vertical orange line.
#include "ui/state/metrics_history.h"
#include "ui/state/run_overlays.h"

#include <QWidget>

#include <map>
#include <optional>

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
    bool perType() const { return m_perType; }
    // The per-type line of an entity type ("LOC"), or null (F1 chart, once it has data).
    QLineSeries* typeSeries(const QString& type) const;
    QChartView* chartView() const { return m_view; }
    bool exportPng(const QString& path) const;
    // The previous run's tooltip line: its best dev F1 and what this run changed.
    QString previousRunNote() const;
    std::optional<int> markedEpoch() const { return m_markedEpoch; }
    QLineSeries* epochMarker() const { return m_marker; }
    // Where epoch `epoch` lies on the plot, in the chart view's viewport coordinates.
    QPoint epochPosition(int epoch) const;
    // Stored runs chosen in the Runs view, one thin line each (this chart's dev curve of the
    // run), named in the legend by what sets it apart.
    const QList<QLineSeries*>& overlaySeries() const { return m_overlaySeries; }

public slots:
    void setLogScale(bool on); // loss chart only
    void setPerType(bool on);  // F1 chart only: each type's dev F1 instead of train's
    void redrawNow();
    void setMarkedEpoch(std::optional<int> epoch); // nullopt: no line
    void setOverlays(const QList<studio::RunOverlay>& overlays);

signals:
    void logScaleChanged(bool on);
    void perTypeChanged(bool on);
    void exportRequested(); // the chart's own button; the window asks for a file name
    void epochClicked(int epoch);
    void epochStepped(int delta); // ← or → on the focused chart
    void latestRequested();       // Esc on the focused chart

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void addSeries(MetricSeries which, const QString& name, const QColor& color, qreal width,
                   bool markers);
    void addPreviousRunSeries(MetricSeries which);
    void scheduleRedraw();
    void installYAxis();
    void fitAxes();
    void showHoverTip(MetricSeries which, const QPointF& at, bool entered);
    void placeMarker();
    void redrawTypeSeries();
    const QList<QPointF>& overlayPoints(const RunOverlay& overlay) const;

    const MetricsHistory* m_history;
    Kind m_kind;
    QChart* m_chart;
    QChartView* m_view;
    QValueAxis* m_xAxis;
    QAbstractAxis* m_yAxis = nullptr;
    QCheckBox* m_logBox = nullptr;
    QCheckBox* m_perTypeBox = nullptr;
    bool m_perType = false;
    std::map<QString, QLineSeries*> m_typeSeries;
    QTimer* m_redrawTimer;
    std::map<MetricSeries, QLineSeries*> m_series;
    std::map<MetricSeries, QString> m_names;
    bool m_logScale = false;
    QLineSeries* m_marker = nullptr;
    QList<RunOverlay> m_overlays;
    QList<QLineSeries*> m_overlaySeries;
    std::optional<int> m_markedEpoch;
};

} // namespace studio
