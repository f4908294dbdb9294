#include "ui/charts/experiment_chart.h"

#include "ui/charts/chart_setup.h"
#include "ui/state/experiment_summary_model.h"
#include "ui/window/studio_style.h"

#include <QTimer>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace studio {

ExperimentChart::ExperimentChart(const ExperimentSummaryModel* summary, QWidget* parent)
    : QWidget(parent), m_summary(summary) {
    m_chart = newStudioChart(Qt::AlignBottom);
    m_chart->legend()->setVisible(false);
    m_chart->setTitle(tr("Mean test F1 (%) with its 95 % interval"));
    m_chart->setTitleFont(style::uiFont(9));
    m_bars = new QBarSeries;
    m_means = new QBarSet(tr("mean test F1"));
    m_means->setColor(style::devColor());
    m_means->setBorderColor(style::devColor().darker(120));
    m_bars->append(m_means);
    m_bars->setBarWidth(0.6);
    m_chart->addSeries(m_bars);
    m_xAxis = new QBarCategoryAxis;
    m_xAxis->setLabelsFont(style::uiFont(8));
    m_xAxis->setLabelsAngle(
        -90); // nine names under a dock-wide chart: upright they are cut to "3…"
    m_yAxis = new QValueAxis;
    m_yAxis->setLabelsFont(style::uiFont(8));
    m_yAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    m_bars->attachAxis(m_xAxis);
    m_bars->attachAxis(m_yAxis);

    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(260, 220);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    m_redrawTimer = new QTimer(this);
    m_redrawTimer->setSingleShot(true);
    m_redrawTimer->setInterval(40);
    connect(m_redrawTimer, &QTimer::timeout, this, &ExperimentChart::redrawNow);
    connect(summary, &ExperimentSummaryModel::summariesChanged, m_redrawTimer,
            qOverload<>(&QTimer::start));
    redrawNow();
}

void ExperimentChart::redrawNow() {
    m_redrawTimer->stop();
    const auto& summaries = m_summary->summaries();
    for (QLineSeries* s : m_intervals) {
        m_chart->removeSeries(s);
        delete s;
    }
    m_intervals.clear();
    m_means->remove(0, m_means->count());
    QStringList names;
    double low = 100, high = 0;
    for (size_t k = 0; k < summaries.size(); ++k) {
        const ner::ConfigurationSummary& s = summaries[k];
        names << QString::fromStdString(s.name);
        m_means->append(s.testF1.mean * 100);
        // The lower cap, back to the middle, the whisker, the upper cap.
        const double x = double(k), cap = 0.12;
        const double lo = s.testF1.low * 100, hi = s.testF1.high * 100;
        auto* bar = new QLineSeries;
        bar->setName(tr("%1: 95 % interval").arg(names.back()));
        bar->setPen(QPen(QColor(40, 40, 40), 1.6));
        bar->append({{x - cap, lo}, {x + cap, lo}, {x, lo}, {x, hi}, {x - cap, hi}, {x + cap, hi}});
        m_chart->addSeries(bar);
        bar->attachAxis(m_xAxis);
        bar->attachAxis(m_yAxis);
        m_intervals << bar;
        low = std::min(low, lo);
        high = std::max(high, hi);
    }
    m_xAxis->clear();
    m_xAxis->append(names);
    if (summaries.empty()) {
        m_yAxis->setRange(0, 100);
    } else {
        // From a round ten under the lowest interval, so that the differences show.
        m_yAxis->setRange(std::max(0.0, std::floor(low / 10 - 0.5) * 10),
                          std::min(100.0, std::ceil(high / 10 + 0.2) * 10));
        m_yAxis->setTickCount(int(std::round((m_yAxis->max() - m_yAxis->min()) / 10)) + 1);
    }
}

} // namespace studio
