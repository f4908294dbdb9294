#pragma once
// The experiment's table: per configuration, its finished runs, test F1 mean ± sd with the
// 95 % interval of the mean, token accuracy and best dev F1 (ner::summariseRuns), refilled
// as each run ends. Scores are shown as percentages. No widgets here.
#include "engine/train/comparison.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace studio {

class ExperimentSummaryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Configuration,
        Runs,
        TestF1,
        TestF1Interval,
        TokenAccuracy,
        BestDevF1,
        ColumnCount
    };

    explicit ExperimentSummaryModel(QObject* parent = nullptr);

    // A new experiment over these configurations (keys), in this order; forgets the runs.
    void start(const QStringList& keys);
    void addRun(const ner::RunResult& run);
    const std::vector<ner::RunResult>& runs() const { return m_runs; }
    const std::vector<ner::ConfigurationSummary>& summaries() const { return m_summaries; }
    // "81.23 ± 1.05": how the table writes a score's mean and sd.
    static QString meanAndSd(const ner::ScoreSummary& score);
    static QString interval(const ner::ScoreSummary& score); // "[79.93, 82.53]"

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    void summariesChanged();

private:
    std::vector<std::string> m_order;
    std::vector<ner::RunResult> m_runs;
    std::vector<ner::ConfigurationSummary> m_summaries;
};

} // namespace studio
