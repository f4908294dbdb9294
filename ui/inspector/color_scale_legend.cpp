#include "ui/inspector/color_scale_legend.h"

#include "ui/window/studio_style.h"

#include <QPainter>

namespace studio {

ColorScaleLegend::ColorScaleLegend(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setMinimumWidth(100);
}

void ColorScaleLegend::setDiverging(bool diverging, const QString& caption) {
    m_diverging = diverging;
    m_caption = caption;
    setToolTip(caption);
    update();
}

QSize ColorScaleLegend::sizeHint() const {
    return {220, 30};
}

void ColorScaleLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFont font = style::uiFont(7.5);
    p.setFont(font);
    const QRect bar(4, 3, width() - 8, 11);
    for (int x = 0; x < bar.width(); ++x) {
        const double t = double(x) / std::max(1, bar.width() - 1);
        p.setPen(m_diverging ? style::divergingColor(2 * t - 1) : style::sequentialColor(t));
        p.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    p.setPen(palette().color(QPalette::Text));
    const QRect labels(bar.left(), bar.bottom() + 1, bar.width(), height() - bar.bottom() - 1);
    p.drawText(labels, Qt::AlignLeft | Qt::AlignTop,
               m_diverging ? QStringLiteral("≤ −1") : QStringLiteral("0"));
    p.drawText(labels, Qt::AlignHCenter | Qt::AlignTop,
               m_diverging ? QStringLiteral("0") : QStringLiteral("0.5"));
    p.drawText(labels, Qt::AlignRight | Qt::AlignTop,
               m_diverging ? QStringLiteral("≥ 1") : QStringLiteral("1"));
}

} // namespace studio
