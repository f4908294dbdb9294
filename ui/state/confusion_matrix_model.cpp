#include "ui/state/confusion_matrix_model.h"

#include "ui/state/counted.h"

#include <QColor>

#include <algorithm>
#include <cmath>

namespace studio {

ConfusionMatrixModel::ConfusionMatrixModel(QObject* parent) : QAbstractTableModel(parent) {}

void ConfusionMatrixModel::setMatrix(
    const std::vector<std::string>& tagNames,
    const std::map<std::pair<std::string, std::string>, long>& confusion) {
    beginResetModel();
    m_tags.clear();
    for (const std::string& tag : tagNames)
        m_tags << QString::fromStdString(tag);
    const size_t n = tagNames.size();
    m_counts.assign(n * n, 0);
    m_rowTotal.assign(n, 0);
    std::map<std::string, size_t> index;
    for (size_t k = 0; k < n; ++k)
        index[tagNames[k]] = k;
    for (const auto& [pair, count] : confusion) {
        const auto g = index.find(pair.first), p = index.find(pair.second);
        if (g == index.end() || p == index.end()) continue;
        m_counts[g->second * n + p->second] = count;
        m_rowTotal[g->second] += count;
    }
    endResetModel();
}

void ConfusionMatrixModel::clear() {
    beginResetModel();
    m_tags.clear();
    m_counts.clear();
    m_rowTotal.clear();
    endResetModel();
}

long ConfusionMatrixModel::count(int gold, int predicted) const {
    return m_counts[size_t(gold) * size_t(m_tags.size()) + size_t(predicted)];
}

int ConfusionMatrixModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_tags.size());
}

int ConfusionMatrixModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_tags.size());
}

QVariant ConfusionMatrixModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const long n = count(index.row(), index.column());
    const long total = m_rowTotal[size_t(index.row())];
    const double share = total > 0 ? double(n) / double(total) : 0.0;
    const bool diagonal = index.row() == index.column();
    switch (role) {
    case Qt::DisplayRole:
        // Four digits do not fit a narrow cell; the tooltip has the exact count.
        if (n >= 1000)
            return QStringLiteral("%1k").arg(double(n) / 1000.0, 0, 'f', n >= 10000 ? 0 : 1);
        return n > 0 ? QVariant(qlonglong(n)) : QVariant();
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case Qt::BackgroundRole: {
        if (n == 0) return {};
        // Off-diagonal shares are small; a square root makes a 5 % confusion visible.
        const double strength = diagonal ? share : std::min(1.0, std::sqrt(share) * 1.3);
        const QColor base = diagonal ? QColor("#2e7d32") : QColor("#c62828");
        QColor color = base;
        color.setAlphaF(float(0.12 + 0.75 * strength));
        return color;
    }
    case Qt::ForegroundRole:
        if (n > 0 && share > 0.6) return QColor(Qt::white);
        break;
    case Qt::ToolTipRole:
        return tr("gold %1 → predicted %2: %3, %4 % of gold %1")
            .arg(m_tags[index.row()], m_tags[index.column()])
            .arg(counted(n, tr("token"), tr("tokens")))
            .arg(share * 100, 0, 'f', 1);
    }
    return {};
}

QVariant ConfusionMatrixModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (role == Qt::DisplayRole) return m_tags.value(section);
    if (role == Qt::ToolTipRole)
        return orientation == Qt::Vertical ? tr("gold %1").arg(m_tags.value(section))
                                           : tr("predicted %1").arg(m_tags.value(section));
    return {};
}

} // namespace studio
