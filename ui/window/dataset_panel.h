#pragma once
// What the studio trains on: the dataset's name, split sizes and statistics, with entity
// counts per type drawn as bars in each type's colour.
#include <QWidget>

class QFormLayout;
class QGridLayout;
class QLabel;
class QPushButton;

namespace studio {

class DatasetSession;

class DatasetPanel : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPanel(const DatasetSession* session, QWidget* parent = nullptr);
    QString datasetName() const;       // as shown
    void setOpenEnabled(bool enabled); // off while training: the run keeps its data

public slots:
    void refresh();

signals:
    void openRequested();
    void builtinRequested();

private:
    void rebuildEntityRows();

    const DatasetSession* m_session;
    QPushButton* m_open;
    QPushButton* m_builtin;
    QLabel* m_name;
    QLabel* m_splits;
    QLabel* m_sentences;
    QLabel* m_characters;
    QLabel* m_outside;
    QLabel* m_longest;
    QLabel* m_scheme;
    QLabel* m_skipped;
    QWidget* m_entities; // rebuilt on every refresh
    QGridLayout* m_entityGrid;
};

} // namespace studio
