#include "ui/inspector/gate_heatmap.h"

#include "ui/window/studio_style.h"

#include <QCursor>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace studio {

namespace {
constexpr int kLeft = 36;   // unit numbers (row ranks when sorted)
constexpr int kTitle = 16;  // "forward →"
constexpr int kLabels = 22; // characters above the columns
constexpr int kTop = kTitle + kLabels;
constexpr int kGap = 18;
constexpr int kRight = 6;
constexpr int kBottom = 4;
constexpr int kMinCell = 12, kMaxCell = 30;
constexpr double kMinRow = 1.0, kMaxRow = 14.0;
} // namespace

GateHeatmap::GateHeatmap(QWidget* parent) : CharacterHoverWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

const ner::CellDescription& GateHeatmap::cellDescription() const {
    return ner::describeCell(m_analysis ? m_analysis->cell : ner::CellType::Lstm);
}

int GateHeatmap::shownGate() const {
    const ner::CellDescription& gates = cellDescription();
    return m_gate >= 0 && m_gate < int(gates.gates.size()) ? m_gate : gates.outputGate();
}

void GateHeatmap::setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis) {
    m_analysis = std::move(analysis);
    rebuild();
}

void GateHeatmap::setLayer(int layer) {
    m_layer = layer;
    rebuild();
}

void GateHeatmap::setDirections(Directions directions) {
    m_directions = directions;
    rebuild();
}

void GateHeatmap::setGate(int gate) {
    m_gate = gate;
    rebuild();
}

void GateHeatmap::setUnitOrder(UnitOrder order) {
    m_unitOrder = order;
    rebuild();
}

int GateHeatmap::unitAtRow(int grid, int row) const {
    if (grid < 0 || grid >= gridCount() || row < 0 || row >= rowCount()) return -1;
    return m_grids[size_t(grid)].units[size_t(row)];
}

int GateHeatmap::layerCount() const {
    int layers = 0;
    if (m_analysis)
        for (const ner::GateTrace& t : m_analysis->gates)
            layers = std::max(layers, t.layer + 1);
    return layers;
}

bool GateHeatmap::isBidirectional() const {
    if (m_analysis)
        for (const ner::GateTrace& t : m_analysis->gates)
            if (t.direction == 1) return true;
    return false;
}

int GateHeatmap::columnCount() const {
    return m_grids.empty() ? 0 : m_grids[0].trace->length;
}
int GateHeatmap::rowCount() const {
    return m_grids.empty() ? 0 : m_grids[0].trace->hidden;
}

void GateHeatmap::rebuild() {
    m_grids.clear();
    const int gate = shownGate();
    if (m_analysis) {
        for (const ner::GateTrace& trace : m_analysis->gates) {
            if (trace.layer != m_layer || trace.length == 0) continue;
            if (m_directions == Directions::Forward && trace.direction != 0) continue;
            if (m_directions == Directions::Backward && trace.direction != 1) continue;
            Grid grid{&trace,
                      QImage(trace.length, trace.hidden, QImage::Format_RGB32),
                      {},
                      trace.direction == 0 ? tr("forward →") : tr("← backward")};
            if (m_unitOrder == UnitOrder::Variation) {
                grid.units = ner::unitsByVariation(trace, gate);
                grid.title += tr(" · units by variation");
            } else {
                grid.units.resize(size_t(trace.hidden));
                for (int u = 0; u < trace.hidden; ++u)
                    grid.units[size_t(u)] = u;
            }
            const bool diverging = isDiverging(cellDescription().gates[size_t(gate)]);
            for (int row = 0; row < trace.hidden; ++row) {
                const int unit = grid.units[size_t(row)];
                auto* line = reinterpret_cast<QRgb*>(grid.image.scanLine(row));
                for (int pos = 0; pos < trace.length; ++pos) {
                    const double v = trace.value(gate, unit, pos);
                    line[pos] =
                        (diverging ? style::divergingColor(v) : style::sequentialColor(v)).rgb();
                }
            }
            m_grids.push_back(std::move(grid));
        }
    }
    forgetPositionsFrom(columnCount());
    updateGeometry();
    update();
    if (QToolTip::isVisible() && hoveredPosition() >= 0) { // keep an open tooltip's value current
        const QString tip = toolTipAt(mapFromGlobal(QCursor::pos()));
        if (!tip.isEmpty()) QToolTip::showText(QCursor::pos(), tip, this);
    }
}

QSize GateHeatmap::minimumSizeHint() const {
    const int g = std::max(1, gridCount());
    const int columns = std::max(1, columnCount()), rows = std::max(1, rowCount());
    return {kLeft + kRight + (g - 1) * kGap + g * columns * kMinCell,
            kTop + kBottom + int(rows * kMinRow)};
}

QSize GateHeatmap::sizeHint() const {
    const int g = std::max(1, gridCount());
    const int columns = std::max(1, columnCount()), rows = std::max(1, rowCount());
    return {kLeft + kRight + (g - 1) * kGap + g * columns * 22,
            kTop + kBottom + int(rows * std::clamp(320.0 / rows, kMinRow, kMaxRow))};
}

GateHeatmap::Geometry GateHeatmap::geometry() const {
    Geometry geo;
    const int g = gridCount();
    if (g == 0) return geo;
    const int columns = columnCount(), rows = rowCount();
    geo.cellWidth =
        std::clamp((width() - kLeft - kRight - (g - 1) * kGap) / (g * columns), kMinCell, kMaxCell);
    geo.cellHeight = std::clamp(double(height() - kTop - kBottom) / rows, kMinRow, kMaxRow);
    int x = kLeft;
    for (int k = 0; k < g; ++k) {
        geo.grids.emplace_back(x, kTop, columns * geo.cellWidth, rows * geo.cellHeight);
        x += columns * geo.cellWidth + kGap;
    }
    return geo;
}

GateHeatmap::Cell GateHeatmap::cellAt(const QPoint& point) const {
    const Geometry geo = geometry();
    for (int k = 0; k < int(geo.grids.size()); ++k) {
        const QRectF& r = geo.grids[size_t(k)];
        if (r.contains(point))
            return {k, int((point.x() - r.left()) / geo.cellWidth),
                    unitAtRow(
                        k, std::min(rowCount() - 1, int((point.y() - r.top()) / geo.cellHeight)))};
        // The labels above a grid select a character too (for the probability list).
        if (point.x() >= r.left() && point.x() <= r.right() && point.y() >= kTitle &&
            point.y() < kTop)
            return {k, int((point.x() - r.left()) / geo.cellWidth), -1};
    }
    return {};
}

void GateHeatmap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (m_grids.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter,
                   tr("Gate activations appear here once a sentence is tagged."));
        return;
    }
    const Geometry geo = geometry();
    const int columns = columnCount(), rows = rowCount();
    const ner::SentenceAnalysis& a = *m_analysis;
    QFont labelFont = style::sentenceFont(std::clamp(geo.cellWidth - 3, 9, 15));
    const QFont small = style::uiFont(7.5);
    // Unit numbers every `step` rows, at least 12 px apart.
    int step = 1;
    while (step * geo.cellHeight < 12)
        step *= 2;
    p.setRenderHint(QPainter::SmoothPixmapTransform, false); // crisp cells, no blur

    for (size_t k = 0; k < m_grids.size(); ++k) {
        const QRectF& r = geo.grids[k];
        p.drawImage(r, m_grids[k].image);
        if (geo.cellWidth >= 8) { // faint separators between characters
            p.setPen(QColor(255, 255, 255, 70));
            for (int c = 1; c < columns; ++c)
                p.drawLine(QPointF(r.left() + c * geo.cellWidth, r.top()),
                           QPointF(r.left() + c * geo.cellWidth, r.bottom()));
        }
        p.setFont(small);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(r.left(), 0, r.width(), kTitle), Qt::AlignLeft | Qt::AlignVCenter,
                   m_grids[k].title);
        p.setFont(labelFont);
        for (int c = 0; c < columns; ++c) {
            const QRectF cell(r.left() + c * geo.cellWidth, kTitle, geo.cellWidth, kLabels);
            const bool unknown = size_t(c) < a.known.size() && !a.known[size_t(c)];
            p.setPen(unknown ? QColor("#c0392b") : palette().color(QPalette::Text));
            p.drawText(cell, Qt::AlignCenter, QString::fromStdString(a.chars[size_t(c)]));
        }
        if (const int row = markedRow(int(k)); row >= 0) {
            p.setPen(QPen(QColor("#e67e22"), 1.5));
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRectF(r.left() - 1, r.top() + row * geo.cellHeight - 1, r.width() + 2,
                              geo.cellHeight + 2));
        }
        const int marked = hoveredPosition() >= 0 ? hoveredPosition() : highlightedPosition();
        if (marked >= 0 && marked < columns) {
            p.setPen(QPen(QColor(20, 20, 20), 1.5));
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRectF(r.left() + marked * geo.cellWidth, kTitle, geo.cellWidth,
                              kLabels + r.height()));
        }
    }
    p.setFont(small);
    p.setPen(palette().color(QPalette::PlaceholderText));
    const QRectF& first = geo.grids[0];
    // Sorted rows differ in unit per grid: the axis gives ranks then, the tooltip the unit.
    const bool ranks = m_unitOrder == UnitOrder::Variation;
    for (int row = 0; row < rows; row += step)
        p.drawText(QRectF(0, first.top() + (row + 0.5) * geo.cellHeight - 6, kLeft - 4, 12),
                   Qt::AlignRight | Qt::AlignVCenter,
                   ranks ? QStringLiteral("#%1").arg(row + 1) : QString::number(row));
}

QString GateHeatmap::toolTipAt(const QPoint& point) const {
    const Cell cell = cellAt(point);
    if (cell.grid < 0 || cell.unit < 0 || cell.position >= columnCount()) return {};
    const ner::GateTrace& trace = *m_grids[size_t(cell.grid)].trace;
    const QString ch = QString::fromStdString(m_analysis->chars[size_t(cell.position)]);
    const int gate = shownGate();
    const ner::GateDescriptor& shown = cellDescription().gates[size_t(gate)];
    QString tip = tr("<b>%1</b> (character %2) · unit %3 · %4<br>%5 (%6) = <b>%7</b>")
                      .arg(ch.toHtmlEscaped())
                      .arg(cell.position + 1)
                      .arg(cell.unit)
                      .arg(trace.direction == 0 ? tr("forward") : tr("backward"))
                      .arg(QString::fromStdString(shown.symbol), QString::fromStdString(shown.name))
                      .arg(double(trace.value(gate, cell.unit, cell.position)), 0, 'f', 4);
    if (!m_analysis->known[size_t(cell.position)]) tip += tr("<br><i>not in vocabulary</i>");
    return tip + tr("<br><i>click: what this unit responds to across the dataset</i>");
}

ner::UnitRef GateHeatmap::unitAt(const QPoint& point) const {
    const Cell cell = cellAt(point);
    if (cell.grid < 0 || cell.unit < 0) return {0, 0, shownGate(), -1};
    const ner::GateTrace& trace = *m_grids[size_t(cell.grid)].trace;
    return {trace.layer, trace.direction, shownGate(), cell.unit};
}

void GateHeatmap::setMarkedUnit(std::optional<ner::UnitRef> unit) {
    m_marked = unit;
    update();
}

int GateHeatmap::markedRow(int grid) const {
    if (!m_marked || grid < 0 || grid >= gridCount()) return -1;
    const Grid& g = m_grids[size_t(grid)];
    if (g.trace->layer != m_marked->layer || g.trace->direction != m_marked->direction) return -1;
    const auto it = std::find(g.units.begin(), g.units.end(), m_marked->unit);
    return it == g.units.end() ? -1 : int(it - g.units.begin());
}

void GateHeatmap::mousePressEvent(QMouseEvent* event) {
    const ner::UnitRef unit = unitAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && unit.unit >= 0) emit unitClicked(unit);
    CharacterHoverWidget::mousePressEvent(event);
}

void GateHeatmap::mouseMoveEvent(QMouseEvent* event) {
    const Cell cell = cellAt(event->position().toPoint());
    const int pos = cell.position < columnCount() ? cell.position : -1;
    setHovered(pos);
    followTooltip(event->position().toPoint(), event->globalPosition().toPoint());
}

} // namespace studio
