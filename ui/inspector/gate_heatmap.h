#pragma once
// The gate activations of one recurrent layer as a heatmap: one column per character, one
// row per hidden unit, one colour per value. Which gates there are is the analysed cell's
// (ner::describeCell: an LSTM's i, f, g, o, c, h; a GRU's r, z, n, h; an RNN's h), and so is
// the scale: sequential for a sigmoid gate in [0, 1], diverging around 0 for the others
// (GateDescriptor::range). A bidirectional layer can show its two directions side by side,
// both in reading order. Hover shows unit, character and exact value. Rows are units in
// order, or sorted so that the units this sentence moves most come first. Clicking a row
// asks for that unit's profile over the dataset (unitClicked).
//
// Each grid is drawn from a QImage with one pixel per cell, scaled without smoothing, so a
// 300-character, 128-unit layer costs one image blit instead of 38,400 rectangles.
#include "engine/analysis/inspection.h"
#include "ui/inspector/character_hover_widget.h"
#include "ui/state/unit_ref_metatype.h"

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
    // An index into the shown analysis' describeCell(cell).gates; one the cell does not have
    // (another cell's index, ner::UnitRef::kOutput) shows h, the last of every cell's gates.
    void setGate(int gate);
    void setUnitOrder(UnitOrder order);
    UnitOrder unitOrder() const { return m_unitOrder; }
    int layer() const { return m_layer; }
    int gate() const { return m_gate; } // as set
    // The gate drawn: gate() when the shown cell has it, else its h.
    int shownGate() const;
    // The gates of the shown analysis' cell (an LSTM's when none is shown).
    const ner::CellDescription& cellDescription() const;
    int layerCount() const;
    bool isBidirectional() const;
    // Values around 0 rather than in [0, 1]: every gate but a sigmoid one.
    static bool isDiverging(const ner::GateDescriptor& gate) { return !gate.sigmoid(); }

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
    int m_gate = ner::UnitRef::kOutput;
    UnitOrder m_unitOrder = UnitOrder::Index;
    std::optional<ner::UnitRef> m_marked;
};

} // namespace studio
