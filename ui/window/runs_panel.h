#pragma once
// The Runs dock's list: every stored run, newest first, with a check box each; checked runs
// are drawn on the training charts (the window connects model()->checkedChanged). Delete
// removes the selected runs' files after asking. A note says how many files were skipped.
#include <QStringList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableView;

namespace studio {

class RunListModel;
class RunStore;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    // Asks whether to go ahead; a message box unless replaced (tests answer themselves).
    using Confirmer = std::function<bool(const QString& question)>;

    explicit RunsPanel(RunStore* store, QWidget* parent = nullptr);

    RunListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QString noteText() const;
    void setConfirmer(Confirmer confirm) { m_confirm = std::move(confirm); }

public slots:
    void deleteSelected();
    // Adds the runs of a `lstm-ner compare --json` file to the store; returns what the note
    // then says ("Imported 45 runs from runs.jsonl"; the lines it skipped in its tooltip).
    QString importRuns(const QString& path);

private:
    void refreshNote();

    RunStore* m_store;
    RunListModel* m_model;
    QTableView* m_table;
    QLabel* m_note;
    QPushButton* m_delete;
    QString m_imported;           // what the last import did, shown in the note
    QStringList m_importProblems; // the lines it skipped, in the note's tooltip
    Confirmer m_confirm;
};

} // namespace studio
