#pragma once
// The character marks shared by the per-character views (entity spans, gate heatmap,
// influence map): the character under the pointer, repainted and announced when it changes,
// and the character another view is hovering, so that every view marks the same one. Also
// their tooltips: each view says what its tooltip reads at a point, and the tooltip, once
// shown, follows the pointer from cell to cell.
#include <QWidget>

namespace studio {

class CharacterHoverWidget : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    int hoveredPosition() const { return m_hovered; }         // -1: none
    int highlightedPosition() const { return m_highlighted; } // -1: none
    // What the tooltip says at point (widget coordinates); empty for none.
    virtual QString toolTipAt(const QPoint& point) const;

public slots:
    void setHighlightedPosition(int position); // -1: none

signals:
    void characterHovered(int position); // -1 when the pointer leaves

protected:
    // Repaints and emits characterHovered when position differs from the current one.
    void setHovered(int position);
    // New content with `count` characters: drops marks past its end without announcing
    // them (the view is being refilled, not left).
    void forgetPositionsFrom(int count);
    void leaveEvent(QEvent* event) override;
    bool event(QEvent* event) override; // QEvent::ToolTip → toolTipAt
    // Call from mouseMoveEvent: a tooltip already showing moves to the new point's text.
    void followTooltip(const QPoint& point, const QPoint& globalPoint);

private:
    int m_hovered = -1;
    int m_highlighted = -1;
};

} // namespace studio
