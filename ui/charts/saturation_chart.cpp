#include "ui/charts/saturation_chart.h"

#include "ui/charts/chart_setup.h"
#include "ui/window/studio_style.h"

#include <QGraphicsLayout>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

namespace studio {

namespace {
// The memory gate (an LSTM's f, a GRU's z) in blue; the cell's other sigmoid gates in the
// order it lists them: green, then purple (an LSTM's i and o, a GRU's r).
QColor gateColor(const ner::CellDescription& cell, int gate) {
    if (cell.gates[size_t(gate)].memory) return QColor(0x1f, 0x77, 0xb4);
    static const QColor others[] = {QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                    QColor(0xff, 0x7f, 0x0e)};
    int rank = 0;
    for (int g : cell.sigmoidGates()) {
        if (g == gate) break;
        rank += !cell.gates[size_t(g)].memory;
    }
    return others[rank % 3];
}

QString gateName(const ner::SaturationProfile& profile, int gate) {
    return QString::fromStdString(ner::describeCell(profile.cell).gates[size_t(gate)].name);
}

QString percent(double share) {
    return QStringLiteral("%1 %").arg(100.0 * share, 0, 'f', share > 0 && share < 0.01 ? 1 : 0);
}
} // namespace

SaturationChart::SaturationChart(QWidget* parent) : QWidget(parent) {
    m_chart = newStudioChart(Qt::AlignRight);
    // A little beyond [0, 1], so points on the edges are whole.
    m_x = new QValueAxis;
    m_x->setRange(-0.03, 1.03);
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_x->setTickInterval(0.2);
    m_x->setLabelFormat(QStringLiteral("%.1f"));
    m_y = new QValueAxis;
    m_y->setRange(-0.03, 1.03);
    m_y->setTickType(QValueAxis::TicksDynamic);
    m_y->setTickAnchor(0);
    m_y->setTickInterval(0.2);
    m_y->setLabelFormat(QStringLiteral("%.1f"));
    for (QValueAxis* axis : {m_x, m_y}) {
        axis->setLabelsFont(style::uiFont(8));
        axis->setTitleFont(style::uiFont(8));
    }
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);

    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setProfile(nullptr, 0, Directions::Both);
}

void SaturationChart::setProfile(std::shared_ptr<const ner::SaturationProfile> profile, int layer,
                                 Directions directions) {
    m_profile = std::move(profile);
    m_layer = layer;
    m_chart->removeAllSeries(); // deletes them
    m_shown.clear();
    const float threshold = m_profile ? m_profile->threshold : 0.1f;
    m_x->setTitleText(tr("share of characters where the gate is below %1").arg(threshold));
    m_y->setTitleText(tr("above %1").arg(1 - threshold));

    auto* edge = new QLineSeries; // a gate always at one end or the other
    edge->append(0, 1);
    edge->append(1, 0);
    QPen dashed(QColor(160, 160, 160));
    dashed.setStyle(Qt::DashLine);
    edge->setPen(dashed);
    m_chart->addSeries(edge);
    edge->attachAxis(m_x);
    edge->attachAxis(m_y);
    for (QLegendMarker* marker : m_chart->legend()->markers(edge))
        marker->setVisible(false);
    if (!m_profile) return;

    for (int direction = 0; direction < 2; ++direction) {
        if ((direction == 0 && directions == Directions::Backward) ||
            (direction == 1 && directions == Directions::Forward))
            continue;
        const ner::CellDescription& cell = ner::describeCell(m_profile->cell);
        for (int gate : cell.sigmoidGates()) {
            const ner::GateSaturation* g = m_profile->find(layer, direction, gate);
            if (!g) continue;
            auto* series = new QScatterSeries;
            series->setName(QStringLiteral("%1 %2").arg(gateName(*m_profile, gate),
                                                        direction == 0 ? QStringLiteral("→")
                                                                       : QStringLiteral("←")));
            series->setMarkerShape(direction == 0 ? QScatterSeries::MarkerShapeCircle
                                                  : QScatterSeries::MarkerShapeRectangle);
            series->setMarkerSize(direction == 0 ? 8 : 7);
            QColor fill = gateColor(cell, gate);
            fill.setAlpha(170); // overlapping points stay visible
            series->setColor(fill);
            series->setBorderColor(gateColor(cell, gate).darker(130));
            QList<QPointF> points;
            for (size_t u = 0; u < g->below.size(); ++u)
                points.append(QPointF(g->below[u], g->above[u]));
            series->replace(points);
            m_chart->addSeries(series);
            series->attachAxis(m_x);
            series->attachAxis(m_y);
            m_shown.push_back({series, direction, gate});
            connect(series, &QScatterSeries::hovered, this,
                    [this, direction, gate](const QPointF& point, bool entered) {
                        // Not once a click has moved to another tab, which hides the chart.
                        if (entered && isVisible())
                            QToolTip::showText(QCursor::pos(),
                                               describePoint(direction, gate, point), this);
                        else if (!pointerOn(point, direction, gate))
                            QToolTip::hideText(); // not when the tooltip's own window caused it
                    });
            connect(series, &QScatterSeries::clicked, this,
                    [this, direction, gate](const QPointF& point) {
                        QToolTip::hideText(); // the click moves to another tab
                        const std::vector<int> units = unitsAt(direction, gate, point);
                        if (!units.empty())
                            emit unitClicked({m_layer, direction, gate, units.front()});
                    });
        }
    }
}

bool SaturationChart::pointerOn(const QPointF& value, int direction, int gate) const {
    for (const Shown& s : m_shown)
        if (s.direction == direction && s.gate == gate) {
            const QPoint at = m_view->mapFromScene(m_chart->mapToPosition(value, s.series));
            const QPoint pointer = m_view->viewport()->mapFromGlobal(QCursor::pos());
            return (pointer - at).manhattanLength() <= int(s.series->markerSize());
        }
    return false;
}

int SaturationChart::pointCount() const {
    int count = 0;
    for (const Shown& s : m_shown)
        count += int(s.series->count());
    return count;
}

std::vector<int> SaturationChart::unitsAt(int direction, int gate, const QPointF& value) const {
    std::vector<int> units;
    const ner::GateSaturation* g = m_profile ? m_profile->find(m_layer, direction, gate) : nullptr;
    if (!g) return units;
    // The chart hands back the point it was given, so exact comparison finds it.
    for (size_t u = 0; u < g->below.size(); ++u)
        if (qreal(g->below[u]) == value.x() && qreal(g->above[u]) == value.y())
            units.push_back(int(u));
    return units;
}

QString SaturationChart::describePoint(int direction, int gate, const QPointF& value) const {
    const std::vector<int> units = unitsAt(direction, gate, value);
    if (units.empty() || !m_profile) return {};
    QStringList numbers;
    for (size_t k = 0; k < units.size() && k < 12; ++k)
        numbers << QString::number(units[k]);
    if (units.size() > 12) numbers << tr("… (%1 units)").arg(units.size());
    const float threshold = m_profile->threshold;
    return tr("<nobr><b>%1 gate</b>, layer %2 %3, unit%4 %5</nobr><br><nobr>below %6 at %7 of "
              "the characters, above %8 at %9</nobr><br><i>click to see it across the "
              "dataset</i>")
        .arg(gateName(*m_profile, gate))
        .arg(m_layer + 1)
        .arg(direction == 0 ? tr("forward") : tr("backward"))
        .arg(units.size() > 1 ? QStringLiteral("s") : QString())
        .arg(numbers.join(QStringLiteral(", ")))
        .arg(threshold)
        .arg(percent(value.x()))
        .arg(1 - threshold)
        .arg(percent(value.y()));
}

QWidget* SaturationChart::plotViewport() const {
    return m_view->viewport();
}

std::optional<QPoint> SaturationChart::positionOf(const ner::UnitRef& unit) const {
    if (unit.layer != m_layer || !m_profile) return std::nullopt;
    for (const Shown& s : m_shown)
        if (s.direction == unit.direction && s.gate == unit.gate &&
            unit.unit < int(s.series->count())) {
            const QPointF scene = m_chart->mapToPosition(s.series->at(unit.unit), s.series);
            return m_view->mapFromScene(scene);
        }
    return std::nullopt;
}

} // namespace studio
