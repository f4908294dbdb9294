#include "ui/charts/dynamics_chart.h"

#include "engine/nn/cell_type.h"
#include "ui/charts/chart_setup.h"
#include "ui/window/studio_style.h"

#include <QComboBox>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace studio {

namespace {
// Colours by group: the recurrent layers' directions in blues and greens, whichever the cell
// ("gru 1 forward" as "lstm 1 forward"), the rest apart; a group the table does not name (a
// third layer, a linear layer between two) takes the next of the spare ones.
QColor groupColor(QString group, int index) {
    for (ner::CellType cell : ner::kAllCells)
        if (const QString prefix = QString::fromStdString(ner::cellName(cell)) + QLatin1Char(' ');
            group.startsWith(prefix))
            group = QStringLiteral("layer ") + group.mid(prefix.size());
    static const std::map<QString, QColor> known = {
        {QStringLiteral("embedding"), QColor("#d62728")},
        {QStringLiteral("dictionary"), QColor("#ff7f0e")},
        {QStringLiteral("layer 1 forward"), QColor("#1f77b4")},
        {QStringLiteral("layer 1 backward"), QColor("#17becf")},
        {QStringLiteral("layer 2 forward"), QColor("#2ca02c")},
        {QStringLiteral("layer 2 backward"), QColor("#98df8a")},
        {QStringLiteral("projection"), QColor("#9467bd")},
        {QStringLiteral("crf"), QColor("#8c564b")},
        {QStringLiteral("next character"), QColor("#7f7f7f")},
    };
    if (auto it = known.find(group); it != known.end()) return it->second;
    static const QColor spare[] = {QColor("#bcbd22"), QColor("#e377c2"), QColor("#aec7e8"),
                                   QColor("#c49c94")};
    return spare[index % 4];
}
} // namespace

DynamicsChart::DynamicsChart(const DynamicsHistory* history, QWidget* parent)
    : QWidget(parent), m_history(history) {
    // The legend beside the plot: a narrow dock has no room for nine names in a row.
    m_chart = newStudioChart(Qt::AlignRight);
    m_xAxis = newEpochAxis();
    m_yAxis = new QLogValueAxis;
    m_yAxis->setBase(10);
    m_yAxis->setLabelFormat(QStringLiteral("%g"));
    m_yAxis->setMinorTickCount(-1);
    for (auto* axis :
         {static_cast<QAbstractAxis*>(m_xAxis), static_cast<QAbstractAxis*>(m_yAxis)}) {
        axis->setLabelsFont(style::uiFont(8));
        axis->setTitleFont(style::uiFont(8));
    }
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    m_reference = new QLineSeries;
    m_reference->setName(tr("1e-3"));
    m_reference->setPen(QPen(QColor(120, 120, 120), 1.2, Qt::DashLine));
    m_chart->addSeries(m_reference);
    m_reference->attachAxis(m_xAxis);
    m_reference->attachAxis(m_yAxis);

    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    m_view->setMinimumSize(220, 170);

    m_quantity = new QComboBox;
    m_quantity->setObjectName(QStringLiteral("dynamicsQuantity"));
    m_quantity->addItem(tr("Update ÷ weight"), int(DynamicsHistory::Quantity::UpdateRatio));
    m_quantity->addItem(tr("Gradient norm"), int(DynamicsHistory::Quantity::Gradient));
    m_quantity->setToolTip(
        tr("<p><b>Update ÷ weight</b>: how far each step moves a part of the model, as a "
           "share of its weights. Near 1e-3 (dashed) is the rule of thumb for a sound learning "
           "rate; far below it the part hardly moves, far above it is thrown about.</p>"
           "<p><b>Gradient norm</b>: the size of each part's gradient before clipping, which "
           "acts on all parts together.</p>"));
    m_caption = new QLabel;
    m_caption->setWordWrap(true);
    m_caption->setMinimumWidth(100);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(6, 2, 2, 0);
    header->addWidget(m_quantity);
    header->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_caption);
    layout->addWidget(m_view, 1);

    m_redraw = new QTimer(this);
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(40);
    connect(m_redraw, &QTimer::timeout, this, &DynamicsChart::redrawNow);
    connect(m_history, &DynamicsHistory::changed, m_redraw, qOverload<>(&QTimer::start));
    connect(m_quantity, &QComboBox::currentIndexChanged, this, &DynamicsChart::redrawNow);
    redrawNow();
}

DynamicsHistory::Quantity DynamicsChart::quantity() const {
    return DynamicsHistory::Quantity(m_quantity->currentData().toInt());
}

void DynamicsChart::setQuantity(DynamicsHistory::Quantity quantity) {
    m_quantity->setCurrentIndex(m_quantity->findData(int(quantity)));
}

QLineSeries* DynamicsChart::groupSeries(const QString& group) const {
    const auto it = m_series.find(group);
    return it == m_series.end() ? nullptr : it->second;
}

QString DynamicsChart::caption() const {
    return m_caption->text();
}

QLineSeries* DynamicsChart::seriesFor(const QString& group) {
    if (QLineSeries* existing = groupSeries(group)) return existing;
    auto* series = new QLineSeries;
    series->setName(group);
    series->setPen(QPen(groupColor(group, int(m_series.size())), 1.6));
    m_chart->addSeries(series);
    series->attachAxis(m_xAxis);
    series->attachAxis(m_yAxis);
    m_series[group] = series;
    return series;
}

void DynamicsChart::redrawNow() {
    const DynamicsHistory::Quantity shown = quantity();
    const bool ratio = shown == DynamicsHistory::Quantity::UpdateRatio;
    // A new run may have other groups (a model of two layers after one of one).
    for (auto it = m_series.begin(); it != m_series.end();) {
        if (m_history->groups().contains(it->first)) {
            ++it;
            continue;
        }
        m_chart->removeSeries(it->second);
        delete it->second;
        it = m_series.erase(it);
    }
    double xMax = 1, low = std::numeric_limits<double>::max(), high = 0;
    for (const QString& group : m_history->groups()) {
        QList<QPointF> points;
        for (const QPointF& p : m_history->points(group, shown))
            if (p.y() > 0) points.append(p); // a log axis has no place for 0
        for (const QPointF& p : points) {
            low = std::min(low, p.y());
            high = std::max(high, p.y());
            xMax = std::max(xMax, p.x());
        }
        seriesFor(group)->replace(points);
    }
    if (ratio) {
        m_reference->replace({QPointF(0, kSoundRatio), QPointF(std::ceil(xMax), kSoundRatio)});
        low = std::min(low, kSoundRatio);
        high = std::max(high, kSoundRatio);
    } else {
        m_reference->clear();
    }
    m_reference->setVisible(ratio);
    if (high <= 0) { // nothing yet
        low = ratio ? 1e-5 : 1e-2;
        high = ratio ? 1e-1 : 1e2;
    }
    fitEpochAxis(m_xAxis, xMax, m_chart->plotArea().width());
    m_yAxis->setRange(std::pow(10.0, std::floor(std::log10(low))),
                      std::pow(10.0, std::ceil(std::log10(high))));
    m_yAxis->setTitleText(ratio ? tr("‖update‖ ÷ ‖weights‖ per step") : tr("‖gradient‖"));
    m_caption->setText(
        m_history->isEmpty()
            ? tr("Train to see how fast each part of the model learns, batch by batch.")
        : ratio ? tr("Each part's step as a share of its weights, smoothed over about 20 "
                     "batches; the dashed line is 1e-3.")
                : tr("Each part's gradient norm before clipping, smoothed over about 20 "
                     "batches. Clipping acts on all parts together."));
}

} // namespace studio
