#include "ui/inspector/plane_frame.h"

#include "ui/window/studio_style.h"

#include <QCoreApplication>
#include <QPainter>

#include <algorithm>

namespace studio {

namespace {
constexpr int kLeft = 22, kBottom = 20, kTop = 6, kRight = 10; // room for the axis titles

QString percentOfVariance(float share) {
    return QStringLiteral("%1 %").arg(100.0 * double(share), 0, 'f', 1);
}

QString tr(const char* text) {
    return QCoreApplication::translate("PlaneFrame", text);
}
} // namespace

void PlaneFrame::clear() {
    m_empty = true;
}

void PlaneFrame::include(float x, float y) {
    if (m_empty) {
        m_minX = m_maxX = x;
        m_minY = m_maxY = y;
        m_empty = false;
        return;
    }
    m_minX = std::min(m_minX, x);
    m_maxX = std::max(m_maxX, x);
    m_minY = std::min(m_minY, y);
    m_maxY = std::max(m_maxY, y);
}

PlaneFrame::Bounds PlaneFrame::bounds() const {
    if (m_empty) return {-1, 1, -1, 1};
    Bounds b{m_minX, m_maxX, m_minY, m_maxY};
    // One point, or points on a line, still need an extent to divide by.
    if (b.maxX - b.minX < 1e-6f) b.maxX = b.minX + 1;
    if (b.maxY - b.minY < 1e-6f) b.maxY = b.minY + 1;
    return b;
}

QRectF PlaneFrame::plotArea(const QRectF& widget) const {
    return widget.adjusted(kLeft + m_pad, kTop + m_pad, -kRight - m_pad, -kBottom - m_pad);
}

QPointF PlaneFrame::toWidget(const QRectF& widget, float x, float y) const {
    const QRectF area = plotArea(widget);
    const Bounds b = bounds();
    return {area.left() + double(x - b.minX) / double(b.maxX - b.minX) * area.width(),
            area.bottom() - double(y - b.minY) / double(b.maxY - b.minY) * area.height()};
}

void PlaneFrame::drawAxes(QPainter& p, const QRectF& widget, const QColor& titleColour,
                          const float explained[2]) const {
    const QRectF area = plotArea(widget);
    p.save();
    p.setPen(QPen(QColor(225, 225, 225), 1));
    const QPointF o = toWidget(widget, 0.0f, 0.0f);
    if (area.left() <= o.x() && o.x() <= area.right())
        p.drawLine(QPointF(o.x(), area.top()), QPointF(o.x(), area.bottom()));
    if (area.top() <= o.y() && o.y() <= area.bottom())
        p.drawLine(QPointF(area.left(), o.y()), QPointF(area.right(), o.y()));
    p.setPen(titleColour);
    p.setFont(style::uiFont(8));
    p.drawText(
        QRectF(widget.left() + kLeft, widget.bottom() - kBottom, widget.width() - kLeft, kBottom),
        Qt::AlignCenter,
        tr("first principal axis · %1 of the variance").arg(percentOfVariance(explained[0])));
    p.translate(widget.left(), widget.bottom() - kBottom);
    p.rotate(-90);
    p.drawText(QRectF(0, 0, widget.height() - kBottom, kLeft), Qt::AlignCenter,
               tr("second · %1").arg(percentOfVariance(explained[1])));
    p.restore();
}

} // namespace studio
