#include "ui/state/run_list_model.h"

#include "ui/state/run_overlays.h"

#include <QLocale>

namespace studio {

namespace {
QString percent(double value) {
    return QString::number(value * 100, 'f', 2);
}
} // namespace

RunListModel::RunListModel(const RunStore* store, QObject* parent)
    : QAbstractTableModel(parent), m_store(store) {
    connect(store, &RunStore::changed, this, &RunListModel::reload);
}

void RunListModel::reload() {
    beginResetModel();
    QSet<QString> kept;
    for (const StoredRun& r : m_store->runs())
        if (m_checked.contains(r.file)) kept.insert(r.file);
    const bool lost = kept.size() != m_checked.size();
    m_checked = kept;
    endResetModel();
    if (lost) emit checkedChanged();
}

int RunListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_store->runs().size());
}

int RunListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunListModel::fileAt(int row) const {
    if (row < 0 || size_t(row) >= m_store->runs().size()) return {};
    return m_store->runs()[size_t(row)].file;
}

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || size_t(index.row()) >= m_store->runs().size()) return {};
    const StoredRun& stored = m_store->runs()[size_t(index.row())];
    const ner::RunResult& r = stored.run;
    if (role == Qt::DecorationRole && index.column() == Name && m_checked.contains(stored.file)) {
        // The charts' key: checked runs are coloured in the table's order.
        int k = 0;
        for (int row = 0; row < index.row(); ++row)
            k += m_checked.contains(m_store->runs()[size_t(row)].file) ? 1 : 0;
        return runOverlayColor(k);
    }
    if (role == Qt::CheckStateRole && index.column() == Name)
        return m_checked.contains(stored.file) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole)
        return tr("%1\n%2 on %3\n%4 parameters, %5 s")
            .arg(QString::fromStdString(ner::architectureName(r.model)), stored.file,
                 QString::fromStdString(r.dataset), QLocale().toString(qlonglong(r.parameters)))
            .arg(r.seconds, 0, 'f', 0);
    if (role == Qt::TextAlignmentRole && index.column() != Name && index.column() != Date)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Name:
        return QString::fromStdString(r.name);
    case Cell:
        return QString::fromStdString(ner::cellName(r.model.cell)).toUpper();
    case Layers:
        return r.model.layers;
    case Direction:
        return r.model.bidirectional ? tr("bi") : tr("forward");
    case Output:
        return r.model.output == ner::OutputLayer::Crf ? tr("CRF") : tr("softmax");
    case Seed:
        return QString::number(r.seed);
    case Epochs:
        return r.epochs;
    case BestDevF1:
        return percent(r.bestDevF1);
    case TestF1:
        return percent(r.testF1);
    case TokenAccuracy:
        return percent(r.testTokenAccuracy);
    case Date:
        return QLocale().toString(stored.saved, QLocale::ShortFormat);
    }
    return {};
}

bool RunListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || index.column() != Name) return false;
    setChecked(fileAt(index.row()), value.toInt() == Qt::Checked);
    return true;
}

Qt::ItemFlags RunListModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == Name) f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Run",       "Cell",         "Layers", "Direction",
                                  "Output",    "Seed",         "Epochs", "Best dev F1 %",
                                  "Test F1 %", "Token acc. %", "Date"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

std::vector<ner::RunResult> RunListModel::checkedRuns() const {
    std::vector<ner::RunResult> runs;
    for (const StoredRun& r : m_store->runs())
        if (m_checked.contains(r.file)) runs.push_back(r.run);
    return runs;
}

void RunListModel::setChecked(const QString& file, bool checked) {
    if (file.isEmpty() || m_checked.contains(file) == checked) return;
    if (checked)
        m_checked.insert(file);
    else
        m_checked.remove(file);
    // Every checked run's colour may move along.
    if (rowCount() > 0) emit dataChanged(index(0, Name), index(rowCount() - 1, Name));
    emit checkedChanged();
}

void RunListModel::setChecked(const QStringList& files) {
    beginResetModel();
    m_checked = QSet<QString>(files.begin(), files.end());
    endResetModel();
    emit checkedChanged();
}

} // namespace studio
