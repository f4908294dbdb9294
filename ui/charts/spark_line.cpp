#include "ui/charts/spark_line.h"

#include "ui/window/studio_style.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace studio {

SparkLine::SparkLine(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void SparkLine::setPoints(std::vector<QPointF> points, std::optional<double> level,
                          std::optional<double> markedX) {
    m_points = std::move(points);
    m_level = level;
    m_marked = markedX;
    update();
}

void SparkLine::paintEvent(QPaintEvent*) {
    if (m_points.empty()) return;
    double x0 = m_points.front().x(), x1 = m_points.back().x();
    double y0 = m_points.front().y(), y1 = y0;
    for (const QPointF& p : m_points) {
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    }
    if (m_level) {
        y0 = std::min(y0, *m_level);
        y1 = std::max(y1, *m_level);
    }
    if (x1 - x0 <= 0) x1 = x0 + 1;
    if (y1 - y0 <= 0) y1 = y0 + 1;
    const QRectF area = QRectF(rect()).adjusted(3, 4, -3, -4);
    auto at = [&](double x, double y) {
        return QPointF(area.left() + (x - x0) / (x1 - x0) * area.width(),
                       area.bottom() - (y - y0) / (y1 - y0) * area.height());
    };
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_level) {
        p.setPen(QPen(QColor(150, 150, 150), 1, Qt::DashLine));
        p.drawLine(at(x0, *m_level), at(x1, *m_level));
    }
    QPainterPath line;
    line.moveTo(at(m_points.front().x(), m_points.front().y()));
    for (const QPointF& point : m_points)
        line.lineTo(at(point.x(), point.y()));
    p.setPen(QPen(style::trainColor(), 1.5));
    p.drawPath(line);
    if (m_marked)
        for (const QPointF& point : m_points)
            if (point.x() == *m_marked) {
                p.setPen(Qt::NoPen);
                p.setBrush(style::chosenEpochColor());
                p.drawEllipse(at(point.x(), point.y()), 3, 3);
            }
}

} // namespace studio
