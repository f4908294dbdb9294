#pragma once
// Table model of an evaluation's entity scores: one row per type and an overall row, with
// precision, recall, F1 and the gold and predicted counts.
#include "engine/data/metrics.h"

#include <QAbstractTableModel>

#include <vector>

namespace studio {

class EntityScoreModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Type, Precision, Recall, F1, Gold, Predicted, ColumnCount };

    explicit EntityScoreModel(QObject* parent = nullptr);
    void setReport(const ner::EntityReport& report);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        QString type; // empty for the overall row
        ner::PrfScore score;
    };
    std::vector<Row> m_rows;
};

} // namespace studio
