#pragma once
// The saturation plot (Karpathy, Johnson & Fei-Fei 2015, fig. 3): one point per unit and
// sigmoid gate of the profile's cell (an LSTM's i, f, o; a GRU's r, z), at (how often the
// gate is below 0.1, how often above 0.9) over the dataset. Forward units are circles,
// backward ones squares; each gate has a colour, the memory gate (f, z) always blue. No point
// can lie beyond the dashed diagonal, where a gate is always at one end or the other. Hovering
// a point names its units; clicking one chooses it (unitClicked).
#include "engine/analysis/gate_saturation.h"
#include "ui/state/unit_ref_metatype.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QChart;
class QChartView;
class QScatterSeries;
class QValueAxis;

namespace studio {

class SaturationChart : public QWidget {
    Q_OBJECT
public:
    enum class Directions { Both, Forward, Backward };

    explicit SaturationChart(QWidget* parent = nullptr);

    // Draws the gates of one layer; a null profile clears the plot.
    void setProfile(std::shared_ptr<const ner::SaturationProfile> profile, int layer,
                    Directions directions);
    int pointCount() const;
    // The widget the points are drawn on, and where a unit's point is, in its coordinates
    // (tests hover and click there); nullopt when the point is not shown.
    QWidget* plotViewport() const;
    std::optional<QPoint> positionOf(const ner::UnitRef& unit) const;
    // What hovering the point at (below, above) of that gate (an index into the profile's
    // cell's gates) and direction says.
    QString describePoint(int direction, int gate, const QPointF& value) const;

signals:
    void unitClicked(const ner::UnitRef& unit); // gate: the point's gate

private:
    struct Shown {
        QScatterSeries* series;
        int direction;
        int gate;
    };
    // Units of that gate and direction drawn at exactly this point, by number.
    std::vector<int> unitsAt(int direction, int gate, const QPointF& value) const;
    // Whether the pointer is still on that point: showing the tooltip can send a leave.
    bool pointerOn(const QPointF& value, int direction, int gate) const;

    QChart* m_chart;
    QChartView* m_view;
    QValueAxis* m_x;
    QValueAxis* m_y;
    std::shared_ptr<const ner::SaturationProfile> m_profile;
    int m_layer = 0;
    std::vector<Shown> m_shown;
};

} // namespace studio
