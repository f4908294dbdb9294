#pragma once
// Table model of a tag confusion matrix: rows are gold tags, columns predicted tags, cells
// token counts. Cells are shaded by their share of the gold row — green on the diagonal
// (right), red off it (wrong) — so the mistakes that matter stand out at any corpus size.
#include <QAbstractTableModel>
#include <QStringList>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace studio {

class ConfusionMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ConfusionMatrixModel(QObject* parent = nullptr);
    void setMatrix(const std::vector<std::string>& tagNames,
                   const std::map<std::pair<std::string, std::string>, long>& confusion);
    void clear();
    long count(int gold, int predicted) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QStringList m_tags;
    std::vector<long> m_counts;   // row-major, gold × predicted
    std::vector<long> m_rowTotal; // tokens per gold tag
};

} // namespace studio
