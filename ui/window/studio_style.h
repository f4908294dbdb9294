#pragma once
// The studio's look in one place: entity colours (displaCy's palette), the two colour scales
// of the gate heatmap, and fonts that can show Chinese.
#include <QColor>
#include <QFont>
#include <QIcon>
#include <QString>
#include <QStringList>

namespace studio::style {

// Background of an entity span of this type; stable for types the palette does not know.
QColor entityColor(const QString& type);

// Families tried in order, so Latin text uses a Latin face and Chinese falls back to Noto
// Sans CJK SC (the font the studio is tested with) instead of empty boxes.
QStringList fontFamilies();
QFont uiFont(qreal pointSize = 9.5);
QFont sentenceFont(int pixelSize); // the inspector's characters

// Colour scales for activations: sequential (viridis) for gates in [0, 1], diverging
// (blue–white–red) for candidate, cell and hidden values in [-1, 1]. Values outside the
// range are clamped.
QColor sequentialColor(double value);
QColor divergingColor(double value);
// Influence of a character on a decision, as a share of the row's largest in [0, 1]: white
// (none) to dark blue, so that a mostly empty map reads as paper with a few dark marks.
QColor influenceColor(double share);

// Series colours shared by every chart: train solid, dev orange.
QColor trainColor();
QColor devColor();
QColor batchColor();
QColor previousRunColor(); // the run before, dashed under the current one
// The epoch whose weights the inspector shows, marked on every chart: neither train's blue
// nor dev's orange.
QColor chosenEpochColor();

QIcon applicationIcon();

} // namespace studio::style
