#pragma once
// Draws an ner::StateMap: every mapped character's hidden state as a dot at its two principal
// coordinates, in the colour of the gold entity type it is in (grey for O, drawn first so that
// the entities lie on top) — or of the type the model gave it, or red where those two differ —
// and the inspector's sentence over them as a path from its first
// character to its last, each character drawn as itself in the colour of the type the model
// gave it. A dot can be pointed at (the panel names its sentence) and clicked (the panel opens
// that sentence in the inspector). Fitted to the widget each time it changes.
#include "engine/analysis/state_map.h"
#include "ui/inspector/plane_frame.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace studio {

class StateMapView : public QWidget {
    Q_OBJECT
public:
    explicit StateMapView(QWidget* parent = nullptr);

    void setMap(std::shared_ptr<const ner::StateMap> map);
    const std::shared_ptr<const ner::StateMap>& map() const { return m_map; }

    // What a dot's colour says: its character's gold type, the type the model tagged it with,
    // or whether the two differ (red, over the rest in grey).
    enum class Colouring { Gold, Predicted, Errors };
    void setColouring(Colouring colouring);
    Colouring colouring() const { return m_colouring; }

    struct PathPoint {
        QString character;
        QString type; // the entity type the model tagged it with, or empty
        float x = 0, y = 0;
    };
    // The inspector's sentence on this map; empty: none.
    void setPath(std::vector<PathPoint> path);
    const std::vector<PathPoint>& path() const { return m_path; }

    // Where a point of the map (an index into its points) or of the path is drawn, in widget
    // coordinates; nullopt for an index out of range. For tests and tooltips.
    std::optional<QPointF> positionOfPoint(int index) const;
    std::optional<QPointF> positionOfPathPoint(int index) const;
    // The map's point drawn nearest to `at`, within a few pixels, or nullopt.
    std::optional<int> pointAt(const QPointF& at) const;

    QSize sizeHint() const override { return {480, 300}; }
    QSize minimumSizeHint() const override { return {160, 120}; }

signals:
    void pointHovered(std::optional<int> index);
    void pointClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QPointF toWidget(float x, float y) const;
    void fitBounds(); // to the map's points and the path

    std::shared_ptr<const ner::StateMap> m_map;
    std::vector<PathPoint> m_path;
    PlaneFrame m_frame;
    std::optional<int> m_hovered;
    Colouring m_colouring = Colouring::Gold;
};

} // namespace studio
