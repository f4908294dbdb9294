#include "ui/inspector/character_hover_widget.h"

#include "ui/inspector/hover_tooltip.h"

#include <QHelpEvent>

namespace studio {

void CharacterHoverWidget::setHighlightedPosition(int position) {
    if (position == m_highlighted) return;
    m_highlighted = position;
    update();
}

void CharacterHoverWidget::setHovered(int position) {
    if (position == m_hovered) return;
    m_hovered = position;
    update();
    emit characterHovered(position);
}

void CharacterHoverWidget::forgetPositionsFrom(int count) {
    if (m_hovered >= count) m_hovered = -1;
    if (m_highlighted >= count) m_highlighted = -1;
}

QString CharacterHoverWidget::toolTipAt(const QPoint&) const {
    return {};
}

bool CharacterHoverWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        showTooltip(this, help->globalPos(), toolTipAt(help->pos()));
        return true;
    }
    return QWidget::event(event);
}

void CharacterHoverWidget::followTooltip(const QPoint& point, const QPoint& globalPoint) {
    if (QToolTip::isVisible()) showTooltip(this, globalPoint, toolTipAt(point));
}

void CharacterHoverWidget::leaveEvent(QEvent* event) {
    QWidget::leaveEvent(event);
    // Showing or moving a tooltip sends Leave while the pointer is still here.
    if (!pointerInside(this)) setHovered(-1);
}

} // namespace studio
