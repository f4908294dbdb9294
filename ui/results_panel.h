#pragma once
// The latest dev evaluation: per-type precision, recall and F1, and the tag confusion matrix.
#include "engine/evaluator.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace studio {

class ConfusionMatrixModel;
class EntityScoreModel;

class ResultsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(QWidget* parent = nullptr);

    EntityScoreModel* scoreModel() const { return m_scores; }
    ConfusionMatrixModel* confusionModel() const { return m_confusion; }

public slots:
    void showEvaluation(const ner::Evaluation& dev, int epoch, double bestF1, int bestEpoch);
    void clear();

private:
    QLabel* m_summary;
    EntityScoreModel* m_scores;
    ConfusionMatrixModel* m_confusion;
    QTableView* m_scoreView;
    QTableView* m_confusionView;
};

} // namespace studio
