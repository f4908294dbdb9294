#include "ui/charts/chart_setup.h"

#include "ui/window/studio_style.h"

#include <QCoreApplication>
#include <QGraphicsLayout>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace studio {

QChart* newStudioChart(Qt::Alignment legend) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 2, 8, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(legend);
    chart->legend()->setFont(style::uiFont(8));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    return chart;
}

QValueAxis* newEpochAxis() {
    auto* axis = new QValueAxis;
    axis->setTitleText(QCoreApplication::translate("studio", "epoch"));
    axis->setLabelFormat(QStringLiteral("%.0f"));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    return axis;
}

void fitEpochAxis(QValueAxis* axis, double xMax, double plotWidth) {
    const int span = std::max(1, int(std::ceil(xMax - 1e-9)));
    const int maxTicks = std::max(3, int(plotWidth / 45));
    int step = 1;
    for (int candidate : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
        step = candidate;
        if (span / candidate + 1 <= maxTicks) break;
    }
    axis->setRange(0, span);
    axis->setTickInterval(step);
}

} // namespace studio
