#pragma once
// The experiment's bar chart: mean test F1 per configuration, with the 95 % interval of the
// mean drawn over each bar as an error bar (one line series per configuration: the lower cap,
// the whisker, the upper cap). Redrawn from a 40 ms coalescing timer whenever the summary
// changes, since runs end one at a time.
#include <QWidget>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace studio {

class ExperimentSummaryModel;

class ExperimentChart : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentChart(const ExperimentSummaryModel* summary, QWidget* parent = nullptr);

    QBarSet* means() const { return m_means; }
    const QList<QLineSeries*>& intervals() const { return m_intervals; }
    QChartView* chartView() const { return m_view; }

public slots:
    void redrawNow();

private:
    const ExperimentSummaryModel* m_summary;
    QChart* m_chart;
    QChartView* m_view;
    QBarSeries* m_bars;
    QBarSet* m_means;
    QBarCategoryAxis* m_xAxis;
    QValueAxis* m_yAxis;
    QList<QLineSeries*> m_intervals;
    QTimer* m_redrawTimer;
};

} // namespace studio
