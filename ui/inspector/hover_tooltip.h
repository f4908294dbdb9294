#pragma once
// Tooltip handling shared by the per-character views (entity spans, gate heatmap): the
// tooltip follows the pointer from cell to cell, and an empty text hides it.
#include <QCursor>
#include <QPoint>
#include <QString>
#include <QToolTip>
#include <QWidget>

namespace studio {

inline void showTooltip(QWidget* widget, const QPoint& globalPos, const QString& text) {
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(globalPos, text, widget);
}

// Showing or moving a tooltip can send Leave while the pointer is still over the widget.
inline bool pointerInside(const QWidget* widget) {
    return widget->rect().contains(widget->mapFromGlobal(QCursor::pos()));
}

} // namespace studio
