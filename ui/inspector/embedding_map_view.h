#pragma once
// Draws an ner::EmbeddingMap: every mapped character as its own glyph at its two principal
// coordinates, in the colour of the entity type it mostly sits in (grey for O), larger the
// more often it occurs. Characters of entities are drawn over the O ones, since they are
// what the map is looked at for. One character can be chosen (click): it is ringed and joined
// by lines to its nearest neighbours, which the panel supplies; the sentence in the
// inspector can be marked too, and the chosen character's path through the epochs drawn. The
// map is fitted to the widget each time it changes, so a map that spreads as the model trains
// keeps filling the view.
#include "engine/analysis/embedding_map.h"
#include "ui/inspector/plane_frame.h"

#include <QSet>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace studio {

class EmbeddingMapView : public QWidget {
    Q_OBJECT
public:
    explicit EmbeddingMapView(QWidget* parent = nullptr);

    void setMap(std::shared_ptr<const ner::EmbeddingMap> map);
    const std::shared_ptr<const ner::EmbeddingMap>& map() const { return m_map; }
    // The chosen character (a vocabulary id) and its neighbours, or none.
    void setChosen(std::optional<int> id, std::vector<ner::Neighbour> neighbours);
    std::optional<int> chosen() const { return m_chosen; }
    // Where the chosen character stood after each kept epoch, on this map's axes: drawn as a
    // line from the first epoch to the last, each point numbered. Empty: none.
    struct TrailPoint {
        int epoch = 0;
        float x = 0, y = 0;
    };
    void setTrail(std::vector<TrailPoint> trail);
    const std::vector<TrailPoint>& trail() const { return m_trail; }
    // Characters drawn bold with a dark outline: those of the inspector's sentence.
    void setMarkedCharacters(QSet<QString> characters);
    const QSet<QString>& markedCharacters() const { return m_marked; }

    // Where the character with this vocabulary id is drawn, in widget coordinates; nullopt
    // if the map does not hold it. For tests and for the panel's tooltips.
    std::optional<QPointF> positionOf(int id) const;
    // The mapped character drawn nearest to point, within a few pixels, or nullopt.
    std::optional<int> characterAt(const QPointF& point) const;

    QSize sizeHint() const override { return {480, 300}; }
    QSize minimumSizeHint() const override { return {160, 120}; }

signals:
    void characterClicked(int id);
    void emptySpaceClicked();
    void characterHovered(std::optional<int> id);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QPointF toWidget(float x, float y) const;
    QPointF toWidget(const ner::MappedCharacter& c) const { return toWidget(c.x, c.y); }
    void fitBounds(); // to the map's characters and the trail
    int glyphSize(long count) const;
    const ner::MappedCharacter* find(int id) const;

    std::shared_ptr<const ner::EmbeddingMap> m_map;
    PlaneFrame m_frame; // fitted to the map's characters and the trail when either is set
    long m_maxCount = 1;
    std::optional<int> m_chosen;
    std::vector<ner::Neighbour> m_neighbours;
    std::vector<TrailPoint> m_trail;
    QSet<QString> m_marked;
    std::optional<int> m_hovered;
};

} // namespace studio
