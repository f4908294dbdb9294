#pragma once
// For one character of the analysed sentence: the probability of every tag (CRF marginals or
// softmax), as bars in as many columns as fit, most likely first, the predicted tag in bold.
#include "engine/inspection.h"

#include <QWidget>

#include <memory>

namespace studio {

class TagProbabilityView : public QWidget {
    Q_OBJECT
public:
    explicit TagProbabilityView(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis);
    int position() const { return m_position; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    // The character to show; -1 goes back to the default (the first entity, else the first
    // character).
    void setPosition(int position);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    int shownPosition() const;
    int columns() const;
    void fitHeight();

    std::shared_ptr<const ner::SentenceAnalysis> m_analysis;
    int m_position = -1;
};

} // namespace studio
