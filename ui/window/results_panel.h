#pragma once
// The latest dev evaluation: per-type precision, recall and F1; tabs with the tag confusion
// matrix and the dev sentences the weights got wrong (a click inspects one). Once a run has
// scored its best weights on the test split, the table and the matrix can show those instead.
#include "engine/data/bootstrap_interval.h"
#include "engine/data/sentence_errors.h"
#include "engine/train/evaluator.h"
#include "ui/state/reference_sentence.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace studio {

class ConfusionMatrixModel;
class EntityScoreModel;
class SentenceErrorModel;

class ResultsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(QWidget* parent = nullptr);

    EntityScoreModel* scoreModel() const { return m_scores; }
    ConfusionMatrixModel* confusionModel() const { return m_confusion; }
    SentenceErrorModel* errorModel() const { return m_errors; }
    // Shows errorModel() through a sorting proxy: map its indexes with errorOrder().
    QTableView* errorView() const { return m_errorView; }
    QSortFilterProxyModel* errorOrder() const { return m_errorOrder; }
    QTabWidget* tabs() const { return m_tabs; }
    QString summaryText() const; // the dev line at the top
    QString errorSummaryText() const;
    QString testSummaryText() const; // empty until a run completes with a test split
    QString confusionTitleText() const;

    // Which evaluation the table and the confusion matrix show. Test is offered only once a
    // run has scored the test split; the wrong-sentence list is always dev.
    enum class Split { Dev, Test };
    Split shownSplit() const;
    bool canShowTest() const { return m_test.has_value(); }
    void showSplit(Split split);

public slots:
    void showEvaluation(const ner::Evaluation& dev, int epoch, double bestF1, int bestEpoch,
                        const std::optional<ner::BootstrapIntervals>& intervals = std::nullopt);
    void showSentenceErrors(const std::vector<ner::SentenceErrors>& wrong, long sentences,
                            int epoch);
    // A model opened from a file (`model`: its name), scored on the dev split as it is, or why
    // it could not be.
    void showModelEvaluation(const ner::Evaluation& dev,
                             const std::vector<ner::SentenceErrors>& wrong, const QString& model);
    void showModelUnscored(const QString& model, const QString& why);
    void showScoring(const QString& model); // while it is being scored
    // The best weights on the held-out test split, shown once a run completes.
    void showTest(const ner::Evaluation& test, int bestEpoch,
                  const std::optional<ner::BootstrapIntervals>& intervals = std::nullopt);
    void clear();

signals:
    void sentenceChosen(const studio::ReferenceSentence& sentence);

private:
    QWidget* buildErrorTab();
    void refreshTables();
    // `when`: "At epoch 3", "With model m.lner".
    void listSentenceErrors(const std::vector<ner::SentenceErrors>& wrong, long sentences,
                            const QString& when);

    std::optional<ner::Evaluation> m_dev, m_test;
    QString m_devWeights; // "epoch 3", "model m.lner": which weights the dev figures are of
    int m_testEpoch = 0;
    QComboBox* m_split;
    QLabel* m_confusionTitle;

    QLabel* m_summary;
    QLabel* m_testSummary;
    EntityScoreModel* m_scores;
    ConfusionMatrixModel* m_confusion;
    QTableView* m_scoreView;
    QTableView* m_confusionView;
    SentenceErrorModel* m_errors;
    QTableView* m_errorView;
    QSortFilterProxyModel* m_errorOrder;
    QLabel* m_errorSummary;
    QTabWidget* m_tabs;
};

} // namespace studio
