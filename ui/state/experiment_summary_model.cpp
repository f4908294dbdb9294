#include "ui/state/experiment_summary_model.h"

namespace studio {

namespace {
QString percent(double value) {
    return QString::number(value * 100, 'f', 2);
}
} // namespace

ExperimentSummaryModel::ExperimentSummaryModel(QObject* parent) : QAbstractTableModel(parent) {}

QString ExperimentSummaryModel::meanAndSd(const ner::ScoreSummary& score) {
    return QStringLiteral("%1 ± %2").arg(percent(score.mean), percent(score.sd));
}

QString ExperimentSummaryModel::interval(const ner::ScoreSummary& score) {
    return QStringLiteral("[%1, %2]").arg(percent(score.low), percent(score.high));
}

void ExperimentSummaryModel::start(const QStringList& keys) {
    beginResetModel();
    m_order.clear();
    for (const QString& key : keys)
        m_order.push_back(key.toStdString());
    m_runs.clear();
    m_summaries.clear();
    endResetModel();
    emit summariesChanged();
}

void ExperimentSummaryModel::addRun(const ner::RunResult& run) {
    beginResetModel();
    m_runs.push_back(run);
    m_summaries = ner::summariseRuns(m_runs, m_order);
    endResetModel();
    emit summariesChanged();
}

int ExperimentSummaryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_summaries.size());
}

int ExperimentSummaryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExperimentSummaryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || size_t(index.row()) >= m_summaries.size()) return {};
    const ner::ConfigurationSummary& s = m_summaries[size_t(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() != Configuration)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole)
        return tr("%1: test F1 from %2 to %3 over %4 runs; %5 parameters, %6 tokens/s")
            .arg(QString::fromStdString(s.name), percent(s.testF1.min), percent(s.testF1.max))
            .arg(s.runs)
            .arg(s.parameters)
            .arg(s.tokensPerSecond, 0, 'f', 0);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Configuration:
        return QString::fromStdString(s.name);
    case Runs:
        return s.runs;
    case TestF1:
        return meanAndSd(s.testF1);
    case TestF1Interval:
        return interval(s.testF1);
    case TokenAccuracy:
        return meanAndSd(s.testTokenAccuracy);
    case BestDevF1:
        return meanAndSd(s.bestDevF1);
    }
    return {};
}

QVariant ExperimentSummaryModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Configuration",         "Runs",
                                  "Test F1 % (mean ± sd)", "95 % interval",
                                  "Token accuracy %",      "Best dev F1 %"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace studio
