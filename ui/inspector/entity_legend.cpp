#include "ui/inspector/entity_legend.h"

#include "ui/window/studio_style.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

namespace studio {

namespace {
QFont chipFont() {
    QFont font = style::uiFont(8);
    font.setBold(true);
    return font;
}
constexpr int kHeight = 22;
} // namespace

EntityLegend::EntityLegend(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void EntityLegend::setTagNames(const std::vector<std::string>& tagNames) {
    QStringList types;
    for (const std::string& tag : tagNames) {
        const auto dash = tag.find('-');
        if (dash == std::string::npos) continue; // "O"
        const QString type = QString::fromStdString(tag.substr(dash + 1));
        if (!types.contains(type)) types << type;
    }
    if (types == m_types) return;
    m_types = types;
    updateGeometry();
    update();
}

QSize EntityLegend::sizeHint() const {
    const QFontMetrics fm(chipFont());
    int width = 0;
    for (const QString& type : m_types)
        width += fm.horizontalAdvance(type) + 22;
    return {width, kHeight};
}

QSize EntityLegend::minimumSizeHint() const {
    return {0, kHeight};
}

void EntityLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(chipFont());
    const QFontMetrics fm(chipFont());
    int x = 0;
    for (const QString& type : m_types) {
        const int w = fm.horizontalAdvance(type) + 14;
        if (x + w > width()) break;
        QPainterPath path;
        path.addRoundedRect(QRectF(x, 2, w, kHeight - 4), 5, 5);
        p.fillPath(path, style::entityColor(type));
        p.setPen(QColor(0, 0, 0, 200));
        p.drawText(QRect(x, 2, w, kHeight - 4), Qt::AlignCenter, type);
        x += w + 8;
    }
}

} // namespace studio
