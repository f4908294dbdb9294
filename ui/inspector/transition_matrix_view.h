#pragma once
// The CRF's learnt transition scores as a K × K grid (row: the tag before, column: the tag
// after), with a start row and an end column. Transitions the decoder may not use are
// hatched; those the predicted path of the sentence uses are outlined, and the one into the
// hovered character is outlined in orange. Nothing here computes with weights: the scores
// arrive in the analysis, as the engine read them from the model.
#include "engine/analysis/inspection.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace studio {

class TransitionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit TransitionMatrixView(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis);
    bool hasTransitions() const { return m_analysis && m_analysis->transitions.tags > 0; }

    // Tag ids in display order: O first, then each entity type's tags together, B, I/M, E, S,
    // so that a type's transitions form one block.
    const std::vector<int>& order() const { return m_order; }
    // Grid coordinates: row 0 is "start", row r ≥ 1 is tag order()[r − 1] before; column
    // c < K is tag order()[c] after, column K is "end". -1 outside the grid.
    int rowAt(int y) const;
    int columnAt(int x) const;
    QRect cellRect(int row, int column) const;
    // What a cell's tooltip says: the two tags, the score, whether the decoder may use it,
    // how often the sentence's predicted path does.
    QString describeCell(int row, int column) const;
    // One paragraph explaining the colours for the current analysis; empty without a CRF.
    QString caption() const;
    // Times the predicted path goes from → to; from −1 is the start, to −1 the end.
    int uses(int from, int to) const;

    int highlightedPosition() const { return m_highlighted; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

public slots:
    void setHighlightedPosition(int position); // the character whose incoming transition to mark

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    int tagCount() const { return hasTransitions() ? m_analysis->transitions.tags : 0; }
    // Tag id of a row or column; −1 for start / end.
    int fromTag(int row) const { return row == 0 ? -1 : m_order[size_t(row - 1)]; }
    int toTag(int column) const { return column == tagCount() ? -1 : m_order[size_t(column)]; }
    float score(int from, int to) const;
    bool allowed(int from, int to) const;
    QString tagLabel(int tag, const char* boundary) const;

    std::shared_ptr<const ner::SentenceAnalysis> m_analysis;
    std::vector<int> m_order;
    std::vector<int> m_path; // predicted tag ids
    float m_scale = 1;       // largest |score| the decoder may use: the colour scale's end
    int m_highlighted = -1;
    int m_labelWidth = 40, m_headerHeight = 40;
};

} // namespace studio
