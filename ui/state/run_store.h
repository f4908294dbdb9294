#pragma once
// The runs the studio keeps on disk: one JSON file a run (ner::runToJson, plus the time it
// was saved), in the studio's data folder under runs/. Loaded at start; a file that cannot be
// read is skipped with a warning naming it and the field (ner::runFromJson's message), and
// counted, so that the Runs view can say so. Files are written atomically (QSaveFile). No
// widgets here.
#include "engine/train/comparison.h"
#include "ui/state/run_result_metatype.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>

#include <vector>

namespace studio {

struct StoredRun {
    QString file; // the file name within the store's folder: what identifies a run
    QDateTime saved;
    ner::RunResult run;
};

class RunStore : public QObject {
    Q_OBJECT
public:
    // The folder the studio keeps runs in: $LSTM_NER_STUDIO_RUNS when set (a scratch folder,
    // or one runs were imported into), else AppDataLocation/runs.
    static QString defaultFolder();

    explicit RunStore(const QString& folder = defaultFolder(), QObject* parent = nullptr);

    const QString& folder() const { return m_folder; }
    // Newest first.
    const std::vector<StoredRun>& runs() const { return m_runs; }
    const StoredRun* find(const QString& file) const;
    // Files skipped by the last load(), with why: "run-….json: settings: no \"hidden\"".
    const QStringList& damaged() const { return m_damaged; }

public slots:
    // Reads every *.json in the folder again.
    void load();
    // Writes the run to a new file and lists it; the file's name, or empty after an error
    // (then writeFailed says why).
    QString add(const ner::RunResult& run);
    // Deletes the run's file; false if it could not be removed.
    bool remove(const QString& file);

public:
    // What importFile did: runs added, and each line it could not read ("runs.jsonl:12: no
    // \"test_f1\"").
    struct Import {
        int imported = 0;
        QStringList problems;
    };
    // Adds every run of a JSON-lines file, one run record a line, as `lstm-ner compare --json`
    // prints them (its summary line and blank lines are passed over). A line that is not a
    // run record is reported with its number and left out; the others are kept.
    Import importFile(const QString& path);

signals:
    void changed();
    void writeFailed(const QString& message);

private:
    void sortNewestFirst();

    QString m_folder;
    std::vector<StoredRun> m_runs;
    QStringList m_damaged;
};

} // namespace studio
