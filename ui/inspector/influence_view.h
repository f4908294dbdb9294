#pragma once
// Which characters each decision depends on (ner::InfluenceMap) as a square grid: row t is
// the decision at character t (its predicted tag beside it), column s a character it read,
// darker where moving s's embedding moves the evidence for t's tag more. Each row is scaled
// to its own largest value, so a decision that hardly depends on anything still shows where
// what it does depend on lies; the tooltip gives the raw gradient norm and the row's shares.
// A bidirectional tagger's map spreads both ways from the diagonal, a left-to-right one's
// stays below it. On a labelled sentence a wrongly tagged character's row can be explained
// against its gold tag instead, its label then naming both. Nothing here computes with
// weights: the map comes from the engine.
#include "ui/inspector/character_hover_widget.h"
#include "ui/workers/inspection_worker.h"

#include <QImage>

namespace studio {

class InfluenceView : public CharacterHoverWidget {
    Q_OBJECT
public:
    explicit InfluenceView(QWidget* parent = nullptr);

    void setResult(const InfluenceResult& result);
    // No map: a line of text in its place (why there is none, or what to do).
    void showHint(const QString& text);
    const InfluenceResult& result() const { return m_result; }
    QString hint() const { return m_hint; }
    bool hasMap() const { return m_result.map && m_result.map->length > 0; }
    int length() const { return hasMap() ? m_result.map->length : 0; }

    struct Cell {
        int target = -1; // the decision's character (row)
        int source = -1; // the character read (column)
    };
    Cell cellAt(const QPoint& point) const;
    QRect cellRect(int target, int source) const;
    QString toolTipAt(const QPoint& point) const override;
    // The tag row `position` is explained against (the gold one), or "" when it is not.
    QString contrastOf(int position) const;
    // One line on how far this sentence's decisions look (from the engine's reach).
    QString summary() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QSize cellSize() const; // square when there is room, flatter rows when not
    int left() const;       // the row labels' width
    QString tagOf(int position) const;

    InfluenceResult m_result;
    QImage m_image; // (T × T), one pixel per cell, each row scaled to its largest
    QString m_hint;
    int m_hoveredSource = -1;
};

} // namespace studio
