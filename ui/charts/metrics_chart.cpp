#include "ui/charts/metrics_chart.h"

#include "ui/charts/chart_setup.h"
#include "ui/window/studio_style.h"

#include <QCheckBox>
#include <QCursor>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace studio {

MetricsChart::MetricsChart(const MetricsHistory* history, Kind kind, QWidget* parent)
    : QWidget(parent), m_history(history), m_kind(kind) {
    m_chart = newStudioChart(Qt::AlignBottom);
    m_xAxis = newEpochAxis();
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);

    switch (kind) {
    case Kind::Loss:
        addSeries(MetricSeries::BatchLoss, tr("batch"), style::batchColor(), 1.0, false);
        addSeries(MetricSeries::BatchLossSmoothed, tr("batch EMA"),
                  style::trainColor().lighter(130), 2.0, false);
        addSeries(MetricSeries::TrainLoss, tr("train"), style::trainColor().darker(130), 2.0, true);
        addSeries(MetricSeries::DevLoss, tr("dev"), style::devColor(), 2.0, true);
        addPreviousRunSeries(MetricSeries::PreviousDevLoss);
        break;
    case Kind::Accuracy:
        addSeries(MetricSeries::TrainAccuracy, tr("train"), style::trainColor(), 2.0, true);
        addSeries(MetricSeries::DevAccuracy, tr("dev"), style::devColor(), 2.0, true);
        addPreviousRunSeries(MetricSeries::PreviousDevAccuracy);
        break;
    case Kind::F1:
        addSeries(MetricSeries::TrainF1, tr("train"), style::trainColor(), 2.0, true);
        addSeries(MetricSeries::DevF1, tr("dev"), style::devColor(), 2.0, true);
        addPreviousRunSeries(MetricSeries::PreviousDevF1);
        break;
    }
    // The chosen epoch's line: outside m_series, so neither redraws nor exports list it.
    m_marker = new QLineSeries;
    m_marker->setPen(QPen(style::chosenEpochColor(), 2.0));
    m_chart->addSeries(m_marker);
    m_marker->attachAxis(m_xAxis);
    installYAxis();

    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    // Partial updates leave antialiased crumbs behind when the axes rescale; the chart
    // redraws at most every 40 ms, so repainting it whole is cheap.
    m_view->setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    m_view->setMinimumSize(220, 170);
    m_view->setFocusPolicy(Qt::ClickFocus); // for ←, → and Esc after a click on an epoch
    m_view->installEventFilter(this);
    m_view->viewport()->installEventFilter(this);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(6, 2, 2, 0);
    auto* titleLabel = new QLabel(QStringLiteral("<b>%1</b>").arg(title()));
    header->addWidget(titleLabel);
    header->addStretch(1);
    if (kind == Kind::Loss) {
        m_logBox = new QCheckBox(tr("log scale"));
        connect(m_logBox, &QCheckBox::toggled, this, &MetricsChart::setLogScale);
        header->addWidget(m_logBox);
    }
    if (kind == Kind::F1) {
        m_perTypeBox = new QCheckBox(tr("per type"));
        m_perTypeBox->setToolTip(tr("Each entity type's dev F1 in its colour, instead of the "
                                    "overall curves: which types the model learns first"));
        connect(m_perTypeBox, &QCheckBox::toggled, this, &MetricsChart::setPerType);
        header->addWidget(m_perTypeBox);
    }
    auto* save = new QToolButton;
    save->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    save->setToolTip(tr("Save this chart as PNG…"));
    save->setAutoRaise(true);
    connect(save, &QToolButton::clicked, this, &MetricsChart::exportRequested);
    header->addWidget(save);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);

    m_redrawTimer = new QTimer(this);
    m_redrawTimer->setSingleShot(true);
    m_redrawTimer->setInterval(40);
    connect(m_redrawTimer, &QTimer::timeout, this, &MetricsChart::redrawNow);
    connect(m_history, &MetricsHistory::changed, this, &MetricsChart::scheduleRedraw);
    redrawNow();
}

QString MetricsChart::title() const {
    switch (m_kind) {
    case Kind::Loss:
        return tr("Loss per token");
    case Kind::Accuracy:
        return tr("Token accuracy");
    case Kind::F1:
        return tr("Entity F1");
    }
    return {};
}

void MetricsChart::addSeries(MetricSeries which, const QString& name, const QColor& color,
                             qreal width, bool markers) {
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(color, width);
    series->setPen(pen);
    if (markers) {
        series->setPointsVisible(true);
        series->setMarkerSize(5);
    }
    m_chart->addSeries(series);
    series->attachAxis(m_xAxis);
    connect(series, &QLineSeries::hovered, this,
            [this, which](const QPointF& at, bool entered) { showHoverTip(which, at, entered); });
    m_series[which] = series;
    m_names[which] = name;
}

void MetricsChart::addPreviousRunSeries(MetricSeries which) {
    // Thin, dashed and grey beside the current run's curves: a reference, not news.
    addSeries(which, tr("previous run"), style::previousRunColor(), 2.0, false);
    QLineSeries* s = m_series[which];
    QPen pen = s->pen();
    pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    s->setVisible(false); // until there is a previous run
}

QLineSeries* MetricsChart::series(MetricSeries which) const {
    auto it = m_series.find(which);
    return it == m_series.end() ? nullptr : it->second;
}

QList<MetricSeries> MetricsChart::shownSeries() const {
    QList<MetricSeries> list;
    for (const auto& [which, series] : m_series)
        list << which;
    return list;
}

void MetricsChart::installYAxis() {
    if (m_yAxis) {
        m_marker->detachAxis(m_yAxis);
        for (const auto& [which, series] : m_series)
            series->detachAxis(m_yAxis);
        for (const auto& [type, series] : m_typeSeries)
            series->detachAxis(m_yAxis);
        for (QLineSeries* series : m_overlaySeries)
            series->detachAxis(m_yAxis);
        m_chart->removeAxis(m_yAxis);
        delete m_yAxis;
    }
    if (m_logScale) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setMinorTickCount(-1);
        m_yAxis = axis;
    } else {
        auto* axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%.2f"));
        m_yAxis = axis;
    }
    m_yAxis->setLabelsFont(style::uiFont(8));
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (const auto& [which, series] : m_series)
        series->attachAxis(m_yAxis);
    for (const auto& [type, series] : m_typeSeries)
        series->attachAxis(m_yAxis);
    for (QLineSeries* series : m_overlaySeries)
        series->attachAxis(m_yAxis);
    m_marker->attachAxis(m_yAxis);
    m_xAxis->setLabelsFont(style::uiFont(8));
    m_xAxis->setTitleFont(style::uiFont(8));
}

void MetricsChart::setLogScale(bool on) {
    if (m_kind != Kind::Loss || on == m_logScale) return;
    m_logScale = on;
    if (m_logBox && m_logBox->isChecked() != on) m_logBox->setChecked(on);
    installYAxis();
    fitAxes();
    emit logScaleChanged(on);
}

void MetricsChart::setPerType(bool on) {
    if (m_kind != Kind::F1 || on == m_perType) return;
    m_perType = on;
    if (m_perTypeBox->isChecked() != on) m_perTypeBox->setChecked(on);
    redrawNow();
    emit perTypeChanged(on);
}

QLineSeries* MetricsChart::typeSeries(const QString& type) const {
    const auto it = m_typeSeries.find(type);
    return it == m_typeSeries.end() ? nullptr : it->second;
}

void MetricsChart::redrawTypeSeries() {
    const std::map<QString, QList<QPointF>>& byType = m_history->devF1ByType();
    // Types of a dataset no longer shown go; new ones get a line in their colour.
    for (auto it = m_typeSeries.begin(); it != m_typeSeries.end();) {
        if (byType.count(it->first)) {
            ++it;
            continue;
        }
        m_chart->removeSeries(it->second);
        delete it->second;
        it = m_typeSeries.erase(it);
    }
    for (const auto& [type, points] : byType) {
        QLineSeries*& series = m_typeSeries[type];
        if (!series) {
            series = new QLineSeries;
            series->setName(type);
            series->setPen(QPen(style::entityColor(type).darker(115), 1.5));
            series->setPointsVisible(true);
            series->setMarkerSize(4);
            m_chart->addSeries(series);
            series->attachAxis(m_xAxis);
            series->attachAxis(m_yAxis);
            connect(series, &QLineSeries::hovered, this,
                    [this, type](const QPointF& at, bool entered) {
                        if (!entered) {
                            QToolTip::hideText();
                            return;
                        }
                        QToolTip::showText(
                            QCursor::pos(),
                            tr("<b>%1</b><br>epoch %2<br>dev F1 = %3<br><i>click: the inspector "
                               "shows the weights after this epoch</i>")
                                .arg(type)
                                .arg(std::lround(at.x()))
                                .arg(at.y(), 0, 'f', 4),
                            m_view);
                    });
        }
        series->replace(points);
        series->setVisible(m_perType);
        for (QLegendMarker* marker : m_chart->legend()->markers(series))
            marker->setVisible(m_perType);
    }
    // Per type, the overall curves would crowd the types (and dev's orange is LOC's); the
    // types' names fit beside the plot, not under it.
    m_chart->legend()->setAlignment(m_perType ? Qt::AlignRight : Qt::AlignBottom);
    for (MetricSeries which : {MetricSeries::TrainF1, MetricSeries::DevF1}) {
        QLineSeries* overall = series(which);
        overall->setVisible(!m_perType);
        const bool named = m_overlaySeries.isEmpty() || !m_history->points(which).isEmpty();
        for (QLegendMarker* marker : m_chart->legend()->markers(overall))
            marker->setVisible(!m_perType && named);
    }
}

const QList<QPointF>& MetricsChart::overlayPoints(const RunOverlay& overlay) const {
    switch (m_kind) {
    case Kind::Loss:
        return overlay.devLoss;
    case Kind::Accuracy:
        return overlay.devAccuracy;
    case Kind::F1:
        break;
    }
    return overlay.devF1;
}

void MetricsChart::setOverlays(const QList<RunOverlay>& overlays) {
    for (QLineSeries* series : m_overlaySeries) {
        m_chart->removeSeries(series);
        delete series;
    }
    m_overlaySeries.clear();
    m_overlays = overlays;
    for (qsizetype k = 0; k < overlays.size(); ++k) {
        auto* series = new QLineSeries;
        series->setName(overlays[k].label);
        series->setPen(QPen(runOverlayColor(int(k)), 1.5));
        series->replace(overlayPoints(overlays[k]));
        m_chart->addSeries(series);
        series->attachAxis(m_xAxis);
        series->attachAxis(m_yAxis);
        m_overlaySeries << series;
    }
    scheduleRedraw();
}

void MetricsChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    scheduleRedraw(); // the x ticks depend on the plot's width
}

void MetricsChart::scheduleRedraw() {
    if (!m_redrawTimer->isActive()) m_redrawTimer->start();
}

void MetricsChart::redrawNow() {
    m_redrawTimer->stop();
    for (const auto& [which, series] : m_series) {
        series->replace(m_history->points(which));
        const bool empty = m_history->points(which).isEmpty();
        if (isPreviousRunSeries(which)) {
            // Hidden with its legend entry while there is nothing to compare with.
            series->setVisible(!empty);
            for (QLegendMarker* marker : m_chart->legend()->markers(series))
                marker->setVisible(!empty);
        } else {
            // With stored runs drawn, the legend is theirs until this run has points: a narrow
            // chart cannot name eight lines, four of them empty.
            for (QLegendMarker* marker : m_chart->legend()->markers(series))
                marker->setVisible(!empty || m_overlaySeries.isEmpty());
        }
    }
    if (m_kind == Kind::F1) redrawTypeSeries(); // per type, the overall lines' entries go
    fitAxes();
}

void MetricsChart::fitAxes() {
    double xMax = 1, yMin = std::numeric_limits<double>::max(), yMax = 0, positiveMin = yMin;
    bool any = false;
    std::vector<const QList<QPointF>*> shown;
    for (const auto& [which, series] : m_series)
        shown.push_back(&m_history->points(which));
    if (m_perType)
        for (const auto& [type, points] : m_history->devF1ByType())
            shown.push_back(&points);
    for (const RunOverlay& overlay : m_overlays)
        shown.push_back(&overlayPoints(overlay));
    for (const QList<QPointF>* points : shown)
        for (const QPointF& p : *points) {
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
            if (p.y() > 0) positiveMin = std::min(positiveMin, p.y());
            any = true;
        }
    fitEpochAxis(m_xAxis, xMax, m_chart->plotArea().width());
    if (m_logScale) {
        if (!any || positiveMin > yMax) {
            positiveMin = 0.01;
            yMax = 10;
        }
        m_yAxis->setRange(std::pow(10.0, std::floor(std::log10(positiveMin))),
                          std::pow(10.0, std::ceil(std::log10(yMax))));
    } else if (m_kind == Kind::Loss) {
        auto* axis = static_cast<QValueAxis*>(m_yAxis);
        axis->setRange(0.0, any ? yMax * 1.05 : 1.0);
        axis->applyNiceNumbers(); // round ticks (0, 0.5, 1, …) rather than fifths of the range
    } else {
        // Scores live in [0, 1]; the view follows them in steps of 0.1, with ticks on round
        // values (every 0.1, or every 0.2 for a taller range).
        int low = any ? std::max(0, int(std::floor((yMin - 0.02) * 10))) : 0;
        const int high = any ? std::min(10, int(std::ceil((yMax + 0.02) * 10))) : 10;
        low = std::min(low, high - 1);
        int intervals = high - low;
        if (intervals > 6 && intervals % 2 == 1) {
            low = low > 0 ? low - 1 : low;
            intervals = high - low;
        }
        auto* axis = static_cast<QValueAxis*>(m_yAxis);
        axis->setRange(low / 10.0, low / 10.0 + intervals / 10.0);
        axis->setTickCount(intervals <= 6
                               ? intervals + 1
                               : (intervals % 2 == 0 ? intervals / 2 + 1 : intervals + 1));
    }
    placeMarker(); // from the bottom of the y range to its top, which may just have changed
}

void MetricsChart::setMarkedEpoch(std::optional<int> epoch) {
    m_markedEpoch = epoch;
    placeMarker();
}

void MetricsChart::placeMarker() {
    // Showing or hiding a series shows its legend entry again: the line needs none.
    const auto hideLegendEntry = [this] {
        for (QLegendMarker* marker : m_chart->legend()->markers(m_marker))
            marker->setVisible(false);
    };
    if (!m_markedEpoch) {
        m_marker->setVisible(false);
        hideLegendEntry();
        return;
    }
    double low = 0, high = 1;
    if (auto* log = qobject_cast<QLogValueAxis*>(m_yAxis)) {
        low = log->min();
        high = log->max();
    } else if (auto* linear = qobject_cast<QValueAxis*>(m_yAxis)) {
        low = linear->min();
        high = linear->max();
    }
    m_marker->replace({QPointF(*m_markedEpoch, low), QPointF(*m_markedEpoch, high)});
    m_marker->setVisible(true);
    hideLegendEntry();
}

QPoint MetricsChart::epochPosition(int epoch) const {
    // Any series on the x axis will do; halfway up the plot.
    const QPointF inChart(m_chart->mapToPosition(QPointF(epoch, 0), m_series.begin()->second).x(),
                          m_chart->plotArea().center().y());
    return m_view->mapFromScene(m_chart->mapToScene(inChart));
}

bool MetricsChart::eventFilter(QObject* watched, QEvent* event) {
    // A second click soon after the first arrives as a double click: it chooses an epoch too.
    if (watched == m_view->viewport() && (event->type() == QEvent::MouseButtonPress ||
                                          event->type() == QEvent::MouseButtonDblClick)) {
        const auto* press = static_cast<QMouseEvent*>(event);
        const QPointF inChart = m_chart->mapFromScene(m_view->mapToScene(press->pos()));
        // A few pixels around the plot count too: the first and last epochs' points sit on
        // its edges, half outside.
        const QRectF target = m_chart->plotArea().adjusted(-6, -6, 6, 6);
        if (press->button() == Qt::LeftButton && target.contains(inChart)) {
            const double x = m_chart->mapToValue(inChart, m_series.begin()->second).x();
            emit epochClicked(std::max(0, int(std::lround(x))));
        }
    } else if (watched == m_view && event->type() == QEvent::KeyPress) {
        switch (static_cast<QKeyEvent*>(event)->key()) {
        case Qt::Key_Left:
            emit epochStepped(-1);
            return true;
        case Qt::Key_Right:
            emit epochStepped(+1);
            return true;
        case Qt::Key_Escape:
            emit latestRequested();
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void MetricsChart::showHoverTip(MetricSeries which, const QPointF& at, bool entered) {
    if (!entered) {
        QToolTip::hideText();
        return;
    }
    // Snap to the nearest stored point (x increases along every buffer).
    const QList<QPointF>& pts = m_history->points(which);
    if (pts.isEmpty()) return;
    auto it = std::lower_bound(pts.begin(), pts.end(), at.x(),
                               [](const QPointF& p, double x) { return p.x() < x; });
    if (it == pts.end() || (it != pts.begin() && at.x() - (it - 1)->x() < it->x() - at.x())) --it;
    const bool perBatch =
        which == MetricSeries::BatchLoss || which == MetricSeries::BatchLossSmoothed;
    QString tip = QStringLiteral("<b>%1</b><br>epoch %2<br>%3 = %4")
                      .arg(m_names[which])
                      .arg(it->x(), 0, 'f', perBatch ? 2 : 0)
                      .arg(title().toLower())
                      .arg(it->y(), 0, 'f', 4);
    if (isPreviousRunSeries(which))
        tip += QStringLiteral("<br>") + previousRunNote();
    else if (!perBatch)
        tip += tr("<br><i>click: the inspector shows the weights after this epoch</i>");
    QToolTip::showText(QCursor::pos(), tip, m_view);
}

QString MetricsChart::previousRunNote() const {
    const auto& previous = m_history->previousRun();
    if (!previous) return {};
    const QStringList changed = m_history->previousRunDifferences();
    return tr("the run before this one: best dev F1 %1 at epoch %2 of %3<br>%4")
        .arg(previous->bestDevF1, 0, 'f', 3)
        .arg(previous->bestEpoch)
        .arg(previous->epochs)
        .arg(changed.isEmpty() ? tr("same settings")
                               : tr("this run changed %1").arg(changed.join(QStringLiteral(", "))));
}

bool MetricsChart::exportPng(const QString& path) const {
    return m_view->grab().save(path, "PNG");
}

} // namespace studio
