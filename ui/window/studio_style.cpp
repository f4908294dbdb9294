#include "ui/window/studio_style.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <algorithm>
#include <array>
#include <cmath>

namespace studio::style {

namespace {
struct Stop {
    double at;
    QColor color;
};

QColor interpolate(const Stop* stops, int count, double t) {
    t = std::clamp(t, stops[0].at, stops[count - 1].at);
    for (int k = 1; k < count; ++k) {
        if (t > stops[k].at) continue;
        const double u = (t - stops[k - 1].at) / (stops[k].at - stops[k - 1].at);
        const QColor& a = stops[k - 1].color;
        const QColor& b = stops[k].color;
        return QColor::fromRgbF(float(a.redF() + u * (b.redF() - a.redF())),
                                float(a.greenF() + u * (b.greenF() - a.greenF())),
                                float(a.blueF() + u * (b.blueF() - a.blueF())));
    }
    return stops[count - 1].color;
}
} // namespace

QColor entityColor(const QString& type) {
    // displaCy's colours for the closest spaCy label (COU ≈ GPE, TIM ≈ DATE, EQU ≈ PRODUCT).
    static const QHash<QString, QColor> known = {
        {"PER", QColor("#aa9cfc")}, {"ORG", QColor("#7aecec")}, {"LOC", QColor("#ff9561")},
        {"COU", QColor("#feca74")}, {"GPE", QColor("#feca74")}, {"TIM", QColor("#bfe1d9")},
        {"EQU", QColor("#bfeeb7")}, {"NUM", QColor("#e4e7d2")}, {"MISC", QColor("#f0d0ff")},
    };
    if (auto it = known.find(type.toUpper()); it != known.end()) return *it;
    static const std::array<const char*, 8> fallback = {"#ffeb80", "#9cc9cc", "#ff8197", "#c887fb",
                                                        "#f0d0ff", "#c5e3ff", "#ffd0a6", "#d6f5c4"};
    return QColor(fallback[qHash(type) % fallback.size()]);
}

QStringList fontFamilies() {
    return {QStringLiteral("DejaVu Sans"), QStringLiteral("Noto Sans CJK SC"),
            QStringLiteral("Noto Sans CJK JP"), QStringLiteral("sans-serif")};
}

QFont uiFont(qreal pointSize) {
    QFont font;
    font.setFamilies(fontFamilies());
    font.setPointSizeF(pointSize);
    return font;
}

QFont sentenceFont(int pixelSize) {
    QFont font;
    // CJK first here: the sentence is mostly Chinese, and a Latin face's fallback for Han
    // characters would give uneven glyph widths.
    font.setFamilies({QStringLiteral("Noto Sans CJK SC"), QStringLiteral("DejaVu Sans")});
    font.setPixelSize(pixelSize);
    return font;
}

QColor sequentialColor(double value) {
    static const Stop viridis[] = {{0.0, QColor("#440154")},
                                   {0.25, QColor("#3b528b")},
                                   {0.5, QColor("#21918c")},
                                   {0.75, QColor("#5ec962")},
                                   {1.0, QColor("#fde725")}};
    return interpolate(viridis, 5, value);
}

QColor divergingColor(double value) {
    static const Stop rdbu[] = {{-1.0, QColor("#2166ac")},
                                {-0.5, QColor("#67a9cf")},
                                {0.0, QColor("#f7f7f7")},
                                {0.5, QColor("#ef8a62")},
                                {1.0, QColor("#b2182b")}};
    return interpolate(rdbu, 5, value);
}

QColor influenceColor(double share) {
    static const Stop blues[] = {{0.0, QColor("#ffffff")},
                                 {0.25, QColor("#c6dbef")},
                                 {0.5, QColor("#6baed6")},
                                 {0.75, QColor("#2171b5")},
                                 {1.0, QColor("#08306b")}};
    return interpolate(blues, 5, share);
}

QColor trainColor() {
    return QColor("#1f77b4");
}
QColor devColor() {
    return QColor("#ff7f0e");
}
QColor batchColor() {
    return QColor("#9ecae1");
}
QColor previousRunColor() {
    return QColor("#6f6f6f");
}
QColor chosenEpochColor() {
    return QColor("#8e44ad");
}

QIcon applicationIcon() {
    // Drawn rather than loaded: the Debian Qt here has no SVG image plugin.
    QIcon icon;
    for (int size : {16, 32, 64, 128}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal s = size;
        QPainterPath frame;
        frame.addRoundedRect(QRectF(0.5, 0.5, s - 1, s - 1), s * 0.2, s * 0.2);
        p.fillPath(frame, QColor("#263238"));
        const QColor bars[] = {entityColor("PER"), entityColor("ORG"), entityColor("LOC")};
        for (int k = 0; k < 3; ++k)
            p.fillRect(QRectF(s * 0.18, s * (0.22 + 0.2 * k), s * (0.64 - 0.12 * k), s * 0.13),
                       bars[k]);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace studio::style
