#pragma once
// LSTM gate activations of one layer as a heatmap: one column per character, one row per
// hidden unit, one colour per value (sequential for the gates i, f, o in [0, 1], diverging
// for g, c, h around 0). A bidirectional layer can show its two directions side by side,
// both in reading order. Hover shows unit, character and exact value. Rows are units in
// order, or sorted so that the units this sentence moves most come first. Clicking a row
// asks for that unit's profile over the dataset (unitClicked).
//
// Each grid is drawn from a QImage with one pixel per cell, scaled without smoothing, so a
// 300-character, 128-unit layer costs one image blit instead of 38,400 rectangles.
#include "engine/analysis/inspection.h"
#include "engine/analysis/unit_profile.h"
#include "ui/inspector/character_hover_widget.h"

#include <QImage>

#include <memory>
#include <optional>
#include <vector>

namespace studio {

class GateHeatmap : public CharacterHoverWidget {
    Q_OBJECT
public:
    enum class Directions { Forward, Backward, Both };
    enum class UnitOrder { Index, Variation }; // Variation: ner::unitsByVariation per grid

    explicit GateHeatmap(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis);
    void setLayer(int layer);
    void setDirections(Directions directions);
    void setGate(ner::Gate gate);
    void setUnitOrder(UnitOrder order);
    UnitOrder unitOrder() const { return m_unitOrder; }
    int layer() const { return m_layer; }
    ner::Gate gate() const { return m_gate; }
    int layerCount() const;
    bool isBidirectional() const;
    static bool isDiverging(ner::Gate gate); // values around 0 rather than in [0, 1]

    int gridCount() const { return int(m_grids.size()); }
    int columnCount() const;                // characters
    int rowCount() const;                   // hidden units
    int unitAtRow(int grid, int row) const; // -1 outside
    QString toolTipAt(const QPoint& point) const override;
    // The unit whose row is at point, as unitClicked would report it; unit -1 outside.
    ner::UnitRef unitAt(const QPoint& point) const;
    // The unit profiled in the inspector's unit tab: its row is outlined in orange, in the
    // grid of its layer and direction, whatever the row order (its gate is ignored).
    void setMarkedUnit(std::optional<ner::UnitRef> unit);
    const std::optional<ner::UnitRef>& markedUnit() const { return m_marked; }
    // The row the marked unit is drawn in, in grid; -1 when that grid does not show it.
    int markedRow(int grid) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void unitClicked(const ner::UnitRef& unit);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Grid {
        const ner::GateTrace* trace;
        QImage image;           // (length × hidden), one pixel per cell
        std::vector<int> units; // the unit drawn in each row
        QString title;
    };
    struct Geometry {
        int cellWidth = 0;
        double cellHeight = 0;     // fractional: a 128-unit layer still fits 200 px
        std::vector<QRectF> grids; // the cell area of each grid
    };
    struct Cell {
        int grid = -1, position = -1, unit = -1;
    };

    void rebuild();
    Geometry geometry() const;
    Cell cellAt(const QPoint& point) const;

    std::shared_ptr<const ner::SentenceAnalysis> m_analysis;
    std::vector<Grid> m_grids;
    int m_layer = 0;
    Directions m_directions = Directions::Both;
    ner::Gate m_gate = ner::Gate::Hidden;
    UnitOrder m_unitOrder = UnitOrder::Index;
    std::optional<ner::UnitRef> m_marked;
};

} // namespace studio

Q_DECLARE_METATYPE(ner::UnitRef)
