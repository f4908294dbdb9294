#include "ui/inspector/embedding_map_view.h"

#include "ui/window/studio_style.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace studio {

namespace {
constexpr int kSmallest = 11, kLargest = 22; // glyph sizes in pixels
constexpr double kPickRadius = 10;           // pixels from a glyph's centre
const QColor kOutsideColor(135, 135, 135);   // characters mostly in O
} // namespace

// Half the largest glyph inside every edge, so that no glyph is cut.
EmbeddingMapView::EmbeddingMapView(QWidget* parent) : QWidget(parent), m_frame(kLargest / 2.0) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void EmbeddingMapView::setMap(std::shared_ptr<const ner::EmbeddingMap> map) {
    m_map = std::move(map);
    m_maxCount = 1;
    if (m_map)
        for (const ner::MappedCharacter& c : m_map->characters)
            m_maxCount = std::max(m_maxCount, c.count);
    fitBounds();
    update();
}

void EmbeddingMapView::setTrail(std::vector<TrailPoint> trail) {
    m_trail = std::move(trail);
    fitBounds();
    update();
}

void EmbeddingMapView::fitBounds() {
    m_frame.clear();
    if (m_map)
        for (const ner::MappedCharacter& c : m_map->characters)
            m_frame.include(c.x, c.y);
    for (const TrailPoint& p : m_trail)
        m_frame.include(p.x, p.y);
}

void EmbeddingMapView::setChosen(std::optional<int> id, std::vector<ner::Neighbour> neighbours) {
    m_chosen = id;
    m_neighbours = id ? std::move(neighbours) : std::vector<ner::Neighbour>{};
    update();
}

void EmbeddingMapView::setMarkedCharacters(QSet<QString> characters) {
    m_marked = std::move(characters);
    update();
}

const ner::MappedCharacter* EmbeddingMapView::find(int id) const {
    if (!m_map) return nullptr;
    for (const ner::MappedCharacter& c : m_map->characters)
        if (c.id == id) return &c;
    return nullptr;
}

QPointF EmbeddingMapView::toWidget(float x, float y) const {
    return m_frame.toWidget(rect(), x, y);
}

int EmbeddingMapView::glyphSize(long count) const {
    // By the logarithm of the count: a character seen 1,000 times is not 1,000 times larger.
    const double share = std::log1p(double(count)) / std::log1p(double(m_maxCount));
    return kSmallest + int(std::lround(share * (kLargest - kSmallest)));
}

std::optional<QPointF> EmbeddingMapView::positionOf(int id) const {
    if (const ner::MappedCharacter* c = find(id)) return toWidget(*c);
    return std::nullopt;
}

std::optional<int> EmbeddingMapView::characterAt(const QPointF& point) const {
    if (!m_map) return std::nullopt;
    std::optional<int> nearest;
    double best = kPickRadius * kPickRadius;
    for (const ner::MappedCharacter& c : m_map->characters) {
        const QPointF d = toWidget(c) - point;
        const double squared = QPointF::dotProduct(d, d);
        if (squared <= best) {
            best = squared;
            nearest = c.id;
        }
    }
    return nearest;
}

void EmbeddingMapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setFont(style::uiFont(8));
    if (!m_map || m_map->characters.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Train or open a model: its characters then appear here, placed by their "
                      "learnt embeddings."));
        return;
    }

    m_frame.drawAxes(p, rect(), palette().color(QPalette::PlaceholderText), m_map->explained);

    // The chosen character's neighbours, joined to it under every glyph.
    const ner::MappedCharacter* chosen = m_chosen ? find(*m_chosen) : nullptr;
    if (chosen) {
        p.setPen(QPen(style::chosenEpochColor(), 1.2));
        for (const ner::Neighbour& n : m_neighbours)
            if (const ner::MappedCharacter* c = find(n.id))
                p.drawLine(toWidget(*chosen), toWidget(*c));
    }

    auto isNeighbour = [&](int id) {
        return std::any_of(m_neighbours.begin(), m_neighbours.end(),
                           [id](const ner::Neighbour& n) { return n.id == id; });
    };
    auto draw = [&](const ner::MappedCharacter& c) {
        const QString text = QString::fromStdString(c.character);
        const bool marked = m_marked.contains(text);
        const bool emphasised =
            marked || c.id == m_chosen || isNeighbour(c.id) || c.id == m_hovered;
        QFont font = style::sentenceFont(glyphSize(c.count));
        font.setBold(emphasised);
        p.setFont(font);
        // With a character chosen, the rest fade, so that it, its neighbours and its path
        // stand out of the crowd.
        p.setOpacity(chosen && !emphasised ? 0.3 : 1.0);
        const QPointF at = toWidget(c);
        const double side = font.pixelSize() + 4;
        const QRectF box(at.x() - side / 2, at.y() - side / 2, side, side);
        const bool outside = c.type == "O";
        if (!outside) {
            QPainterPath chip;
            chip.addRoundedRect(box, 3, 3);
            p.fillPath(chip, style::entityColor(QString::fromStdString(c.type)));
        }
        if (marked || c.id == m_chosen) {
            p.setPen(QPen(c.id == m_chosen ? style::chosenEpochColor() : QColor(40, 40, 40), 1.6));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(box.adjusted(-1, -1, 1, 1), 3, 3);
        }
        p.setPen(outside && !emphasised ? kOutsideColor : QColor(20, 20, 20));
        p.drawText(box, Qt::AlignCenter, text);
    };
    // O first, so that the characters of entities, the reason to look, are on top; the
    // emphasised ones last of all.
    for (const ner::MappedCharacter& c : m_map->characters)
        if (c.type == "O" && !m_marked.contains(QString::fromStdString(c.character))) draw(c);
    for (const ner::MappedCharacter& c : m_map->characters)
        if (c.type != "O" && !m_marked.contains(QString::fromStdString(c.character))) draw(c);
    for (const ner::MappedCharacter& c : m_map->characters)
        if (m_marked.contains(QString::fromStdString(c.character))) draw(c);
    for (const ner::Neighbour& n : m_neighbours)
        if (const ner::MappedCharacter* c = find(n.id)) draw(*c);
    // The chosen character's path through the epochs, over the other glyphs (it is short where
    // a character hardly moved): from where it started (epoch 0, random) to where it is, each
    // kept epoch a dot, some numbered.
    if (chosen && m_trail.size() > 1) {
        p.setOpacity(1.0);
        QColor line = style::chosenEpochColor();
        line.setAlpha(150);
        QPainterPath path;
        path.moveTo(toWidget(m_trail.front().x, m_trail.front().y));
        for (const TrailPoint& t : m_trail)
            path.lineTo(toWidget(t.x, t.y));
        p.setPen(QPen(line, 1.6));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setFont(style::uiFont(7));
        const size_t every = std::max<size_t>(1, m_trail.size() / 6);
        for (size_t k = 0; k < m_trail.size(); ++k) {
            const QPointF at = toWidget(m_trail[k].x, m_trail[k].y);
            p.setPen(Qt::NoPen);
            p.setBrush(line);
            p.drawEllipse(at, 2.2, 2.2);
            if (k % every == 0 || k + 1 == m_trail.size()) {
                p.setPen(style::chosenEpochColor().darker(130));
                p.drawText(at + QPointF(3, -3), QString::number(m_trail[k].epoch));
            }
        }
    }

    if (chosen) draw(*chosen);
    p.setOpacity(1.0);
}

void EmbeddingMapView::mouseMoveEvent(QMouseEvent* event) {
    const std::optional<int> at = characterAt(event->position());
    if (at == m_hovered) return;
    m_hovered = at;
    update();
    emit characterHovered(at);
}

void EmbeddingMapView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    if (const std::optional<int> at = characterAt(event->position()))
        emit characterClicked(*at);
    else
        emit emptySpaceClicked();
}

void EmbeddingMapView::leaveEvent(QEvent*) {
    if (!m_hovered) return;
    m_hovered.reset();
    update();
    emit characterHovered(std::nullopt);
}

} // namespace studio
