#pragma once
// A small line chart without axes, for a figure that belongs beside a caption rather than in a
// chart of its own: one value per x, a dashed level to read them against, and one x marked.
// The Character map uses it for its type agreement after each kept epoch, against chance,
// with the epoch shown marked.
#include <QWidget>

#include <optional>
#include <vector>

namespace studio {

class SparkLine : public QWidget {
    Q_OBJECT
public:
    explicit SparkLine(QWidget* parent = nullptr);

    // Points in increasing x; the level and the marked x are optional.
    void setPoints(std::vector<QPointF> points, std::optional<double> level,
                   std::optional<double> markedX);
    const std::vector<QPointF>& points() const { return m_points; }
    std::optional<double> level() const { return m_level; }
    std::optional<double> markedX() const { return m_marked; }

    QSize sizeHint() const override { return {150, 30}; }
    QSize minimumSizeHint() const override { return {60, 22}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<QPointF> m_points;
    std::optional<double> m_level, m_marked;
};

} // namespace studio
