#include "ui/state/entity_score_model.h"

#include "ui/window/studio_style.h"

#include <QColor>
#include <QFont>

namespace studio {

EntityScoreModel::EntityScoreModel(QObject* parent) : QAbstractTableModel(parent) {}

void EntityScoreModel::setReport(const ner::EntityReport& report) {
    beginResetModel();
    m_rows.clear();
    for (const auto& [type, score] : report.perType)
        m_rows.push_back({QString::fromStdString(type), score});
    m_rows.push_back({QString(), report.overall});
    endResetModel();
}

void EntityScoreModel::clear() {
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int EntityScoreModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EntityScoreModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EntityScoreModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Row& row = m_rows[size_t(index.row())];
    const bool overall = row.type.isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Type:
            return overall ? tr("overall") : row.type;
        case Precision:
            return QString::number(row.score.precision(), 'f', 3);
        case Recall:
            return QString::number(row.score.recall(), 'f', 3);
        case F1:
            return QString::number(row.score.f1(), 'f', 3);
        case Gold:
            return qlonglong(row.score.tp + row.score.fn);
        case Predicted:
            return qlonglong(row.score.tp + row.score.fp);
        }
        break;
    case Qt::TextAlignmentRole:
        return index.column() == Type ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                      : int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::DecorationRole:
        if (index.column() == Type && !overall) return style::entityColor(row.type);
        break;
    case Qt::FontRole:
        if (overall) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::BackgroundRole:
        // F1 cells shaded by score, so weak types stand out while training.
        if (index.column() == F1) {
            const double f1 = row.score.f1();
            return QColor::fromHsvF(float(0.33 * f1), 0.35f, 1.0f);
        }
        break;
    case Qt::ToolTipRole:
        return tr("%1: %2 correct, %3 spurious, %4 missed")
            .arg(overall ? tr("All types") : row.type)
            .arg(row.score.tp)
            .arg(row.score.fp)
            .arg(row.score.fn);
    }
    return {};
}

QVariant EntityScoreModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Type:
        return tr("Type");
    case Precision:
        return tr("P");
    case Recall:
        return tr("R");
    case F1:
        return tr("F1");
    case Gold:
        return tr("Gold");
    case Predicted:
        return tr("Pred.");
    }
    return {};
}

} // namespace studio
