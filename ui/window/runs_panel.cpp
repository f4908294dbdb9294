#include "ui/window/runs_panel.h"

#include "ui/state/counted.h"
#include "ui/state/run_list_model.h"
#include "ui/state/run_store.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace studio {

RunsPanel::RunsPanel(RunStore* store, QWidget* parent)
    : QWidget(parent), m_store(store), m_model(new RunListModel(store, this)) {
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);

    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_delete = new QPushButton(tr("Delete…"));
    m_delete->setToolTip(tr("Delete the selected runs' files"));
    auto* import = new QPushButton(tr("Import…"));
    import->setToolTip(tr("Add the runs of a file written by lstm-ner compare --json"));
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import runs"), QString(),
            tr("Runs from lstm-ner compare --json (*.jsonl *.json);;All files (*)"));
        if (!path.isEmpty()) importRuns(path);
    });
    auto* clear = new QPushButton(tr("Uncheck all"));
    connect(m_delete, &QPushButton::clicked, this, &RunsPanel::deleteSelected);
    connect(clear, &QPushButton::clicked, this, [this] { m_model->setChecked(QStringList()); });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_note, 1);
    buttons->addWidget(import);
    buttons->addWidget(clear);
    buttons->addWidget(m_delete);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    m_confirm = [this](const QString& question) {
        return QMessageBox::question(this, tr("Delete runs"), question) == QMessageBox::Yes;
    };
    connect(store, &RunStore::changed, this, [this] {
        refreshNote();
        m_table->resizeColumnsToContents();
    });
    connect(m_model, &RunListModel::checkedChanged, this, &RunsPanel::refreshNote);
    refreshNote();
    m_table->resizeColumnsToContents();
}

QString RunsPanel::noteText() const {
    return m_note->text();
}

void RunsPanel::refreshNote() {
    QString text =
        tr("%1 in %2; %3 checked")
            .arg(counted(int(m_store->runs().size()), tr("run"), tr("runs")), m_store->folder())
            .arg(m_model->checkedRuns().size());
    if (!m_store->damaged().isEmpty())
        text += tr("; %1 skipped")
                    .arg(counted(int(m_store->damaged().size()), tr("damaged file"),
                                 tr("damaged files")));
    if (!m_imported.isEmpty()) text += QStringLiteral(" · ") + m_imported;
    m_note->setText(text);
    m_note->setToolTip((m_store->damaged() + m_importProblems).join(QLatin1Char('\n')));
}

QString RunsPanel::importRuns(const QString& path) {
    const RunStore::Import result = m_store->importFile(path);
    m_importProblems = result.problems;
    m_imported =
        tr("imported %1 from %2")
            .arg(counted(result.imported, tr("run"), tr("runs")), QFileInfo(path).fileName());
    if (!result.problems.isEmpty())
        m_imported += tr(", %1 skipped (hover for why)")
                          .arg(counted(int(result.problems.size()), tr("line"), tr("lines")));
    refreshNote();
    return m_imported;
}

void RunsPanel::deleteSelected() {
    std::set<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedIndexes())
        rows.insert(index.row());
    QStringList files;
    for (int row : rows)
        files << m_model->fileAt(row);
    if (files.isEmpty()) return;
    if (!m_confirm(tr("Delete %1? Their files are removed from %2.")
                       .arg(counted(int(files.size()), tr("run"), tr("runs")), m_store->folder())))
        return;
    for (const QString& file : files)
        m_store->remove(file);
}

} // namespace studio
