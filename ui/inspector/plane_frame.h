#pragma once
// What the two scatter views of principal coordinates (the character map and the hidden
// states) share: the bounds of the points they draw, the plot area inside the widget with
// room for the axis titles, the mapping from coordinates to pixels, and the axes through the
// origin titled with how much of the variance each keeps. No widget of its own: each view
// keeps one and hands it its rectangle.
#include <QColor>
#include <QPointF>
#include <QRectF>

class QPainter;

namespace studio {

class PlaneFrame {
public:
    // pad: pixels kept inside every edge of the plot area, so that what is drawn at a point
    // (a glyph, a dot) is not cut at the border.
    explicit PlaneFrame(double pad) : m_pad(pad) {}

    void clear(); // no points: the frame spans [-1, 1] on both axes
    void include(float x, float y);

    QRectF plotArea(const QRectF& widget) const;
    QPointF toWidget(const QRectF& widget, float x, float y) const;
    // Light lines along both axes through the origin (the points' mean, after centring), and
    // the titles along the bottom and the left edge: explained = the shares of the variance.
    void drawAxes(QPainter& painter, const QRectF& widget, const QColor& titleColour,
                  const float explained[2]) const;

private:
    struct Bounds {
        float minX, maxX, minY, maxY;
    };
    Bounds bounds() const; // what was included, widened where it has no extent

    double m_pad;
    bool m_empty = true;
    float m_minX = 0, m_maxX = 0, m_minY = 0, m_maxY = 0;
};

} // namespace studio
