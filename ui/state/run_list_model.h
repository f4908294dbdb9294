#pragma once
// The run store as a table, newest first, with a check box per row: the runs to overlay on
// the training charts. Checks are kept by file name across reloads. No widgets here.
#include "ui/state/run_store.h"

#include <QAbstractTableModel>
#include <QSet>

namespace studio {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Cell,
        Layers,
        Direction,
        Output,
        Seed,
        Epochs,
        BestDevF1,
        TestF1,
        TokenAccuracy,
        Date,
        ColumnCount
    };

    explicit RunListModel(const RunStore* store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    QString fileAt(int row) const;
    // The checked runs, in the table's order.
    std::vector<ner::RunResult> checkedRuns() const;
    void setChecked(const QString& file, bool checked);
    void setChecked(const QStringList& files); // exactly these

signals:
    void checkedChanged();

private:
    void reload();

    const RunStore* m_store;
    QSet<QString> m_checked;
};

} // namespace studio
