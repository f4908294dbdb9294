#include "ui/inspector/state_map_view.h"

#include "ui/window/studio_style.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace studio {

namespace {
constexpr double kPad = 10;       // inside the edges, so that no glyph of the path is cut
constexpr double kDot = 2.6;      // a state's radius in pixels
constexpr double kPickRadius = 6; // pixels from a dot's centre
constexpr int kGlyph = 14;        // the path's characters, in pixels
const QColor kOutsideColor(150, 150, 150, 110);
const QColor kErrorColor(214, 39, 40);
} // namespace

StateMapView::StateMapView(QWidget* parent) : QWidget(parent), m_frame(kPad) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void StateMapView::setMap(std::shared_ptr<const ner::StateMap> map) {
    m_map = std::move(map);
    m_hovered.reset();
    fitBounds();
    update();
}

void StateMapView::setColouring(Colouring colouring) {
    m_colouring = colouring;
    update();
}

void StateMapView::setPath(std::vector<PathPoint> path) {
    m_path = std::move(path);
    fitBounds();
    update();
}

void StateMapView::fitBounds() {
    m_frame.clear();
    if (m_map)
        for (const ner::StatePoint& s : m_map->points)
            m_frame.include(s.x, s.y);
    for (const PathPoint& p : m_path)
        m_frame.include(p.x, p.y);
}

QPointF StateMapView::toWidget(float x, float y) const {
    return m_frame.toWidget(rect(), x, y);
}

std::optional<QPointF> StateMapView::positionOfPoint(int index) const {
    if (!m_map || index < 0 || index >= int(m_map->points.size())) return std::nullopt;
    const ner::StatePoint& s = m_map->points[size_t(index)];
    return toWidget(s.x, s.y);
}

std::optional<QPointF> StateMapView::positionOfPathPoint(int index) const {
    if (index < 0 || index >= int(m_path.size())) return std::nullopt;
    return toWidget(m_path[size_t(index)].x, m_path[size_t(index)].y);
}

std::optional<int> StateMapView::pointAt(const QPointF& at) const {
    if (!m_map) return std::nullopt;
    std::optional<int> nearest;
    double best = kPickRadius * kPickRadius;
    for (size_t k = 0; k < m_map->points.size(); ++k) {
        const QPointF d = toWidget(m_map->points[k].x, m_map->points[k].y) - at;
        if (const double squared = QPointF::dotProduct(d, d); squared <= best) {
            best = squared;
            nearest = int(k);
        }
    }
    return nearest;
}

void StateMapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setFont(style::uiFont(8));
    if (!m_map || m_map->points.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Train or open a model: the hidden states it reaches at the dev "
                      "sentences' characters then appear here."));
        return;
    }
    m_frame.drawAxes(p, rect(), palette().color(QPalette::PlaceholderText), m_map->explained);

    // The states: grey first (outside every entity, or right), then the rest, which are what
    // the map is looked at for.
    p.setPen(Qt::NoPen);
    for (int pass = 0; pass < 2; ++pass)
        for (const ner::StatePoint& s : m_map->points) {
            const std::string& type = m_colouring == Colouring::Predicted ? s.predicted : s.type;
            const bool grey =
                m_colouring == Colouring::Errors ? s.predicted == s.type : type == "O";
            if (grey != (pass == 0)) continue;
            if (grey)
                p.setBrush(kOutsideColor);
            else if (m_colouring == Colouring::Errors)
                p.setBrush(kErrorColor);
            else
                p.setBrush(style::entityColor(QString::fromStdString(type)).darker(125));
            p.drawEllipse(toWidget(s.x, s.y), kDot, kDot);
        }
    if (m_hovered) {
        const ner::StatePoint& s = m_map->points[size_t(*m_hovered)];
        p.setPen(QPen(QColor(20, 20, 20), 1.4));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(toWidget(s.x, s.y), kDot + 2.5, kDot + 2.5);
    }

    // The sentence's path over them: a line from character to character, then the glyphs.
    if (m_path.empty()) return;
    QPainterPath line;
    line.moveTo(toWidget(m_path.front().x, m_path.front().y));
    for (const PathPoint& point : m_path)
        line.lineTo(toWidget(point.x, point.y));
    p.setPen(QPen(QColor(30, 30, 30, 150), 1.3));
    p.setBrush(Qt::NoBrush);
    p.drawPath(line);
    QFont font = style::sentenceFont(kGlyph);
    p.setFont(font);
    const double side = kGlyph + 4;
    for (size_t k = 0; k < m_path.size(); ++k) {
        const QPointF at = toWidget(m_path[k].x, m_path[k].y);
        const QRectF box(at.x() - side / 2, at.y() - side / 2, side, side);
        QPainterPath chip;
        chip.addRoundedRect(box, 3, 3);
        p.fillPath(chip, m_path[k].type.isEmpty() ? QColor(255, 255, 255, 225)
                                                  : style::entityColor(m_path[k].type));
        // The first character's box is drawn thicker: where the path starts.
        p.setPen(QPen(QColor(40, 40, 40), k == 0 ? 2.0 : 1.0));
        p.drawPath(chip);
        p.setPen(QColor(20, 20, 20));
        p.drawText(box, Qt::AlignCenter, m_path[k].character);
    }
}

void StateMapView::mouseMoveEvent(QMouseEvent* event) {
    const std::optional<int> at = pointAt(event->position());
    if (at == m_hovered) return;
    m_hovered = at;
    update();
    emit pointHovered(at);
}

void StateMapView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    if (const std::optional<int> at = pointAt(event->position())) emit pointClicked(*at);
}

void StateMapView::leaveEvent(QEvent*) {
    if (!m_hovered) return;
    m_hovered.reset();
    update();
    emit pointHovered(std::nullopt);
}

} // namespace studio
