#include "ui/inspector/rotated_header_view.h"

#include <QPainter>
#include <QStyleOptionHeader>

#include <algorithm>

namespace studio {

RotatedHeaderView::RotatedHeaderView(QWidget* parent) : QHeaderView(Qt::Horizontal, parent) {
    setSectionResizeMode(QHeaderView::Fixed);
    setDefaultAlignment(Qt::AlignCenter);
}

QSize RotatedHeaderView::sizeHint() const {
    QSize size = QHeaderView::sizeHint();
    int longest = 0;
    if (model())
        for (int k = 0; k < model()->columnCount(); ++k)
            longest = std::max(longest, fontMetrics().horizontalAdvance(
                                            model()->headerData(k, Qt::Horizontal).toString()));
    size.setHeight(std::max(24, longest + 10));
    return size;
}

void RotatedHeaderView::paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const {
    // The section's frame in the style's look, then the label turned by −90°.
    QStyleOptionHeader option;
    initStyleOption(&option);
    option.rect = rect;
    option.section = logicalIndex;
    style()->drawControl(QStyle::CE_HeaderSection, &option, painter, this);
    if (!model()) return;
    const QString text = model()->headerData(logicalIndex, Qt::Horizontal).toString();
    painter->save();
    painter->translate(rect.left() + rect.width() / 2.0, rect.bottom() - 5.0);
    painter->rotate(-90);
    painter->setPen(palette().color(QPalette::ButtonText));
    const int h = fontMetrics().height();
    painter->drawText(QRect(0, -h / 2, rect.height() - 8, h), Qt::AlignLeft | Qt::AlignVCenter,
                      text);
    painter->restore();
}

} // namespace studio
