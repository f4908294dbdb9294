#pragma once
// The dataset the studio trains on: loading (built-in corpus or a file), its statistics and
// a sample sentence. No widgets; the panel and the main window observe it.
//
// A file loads on a thread of its own: a 40 MB corpus takes seconds to parse and count, and
// the window must keep answering meanwhile, with a progress bar and a way to cancel. The
// built-in corpus is in memory and loads at once. A failed or cancelled load leaves the
// current dataset in place; a failure reports the engine's DataError (file, line, problem)
// through loadFailed().
#include "engine/data/dataset_stats.h"
#include "engine/train/training_setup.h"
#include "ui/state/reference_sentence.h"
#include "ui/workers/background_thread.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>

namespace studio {

struct DatasetLoadError {
    QString file;
    int line = 0; // 1-based; 0 = the file as a whole
    QString problem;
    QString message() const; // "file:line: problem", as the engine words it
};

class DatasetSession : public QObject {
    Q_OBJECT
public:
    explicit DatasetSession(QObject* parent = nullptr);
    ~DatasetSession() override; // cancels a load and waits for its thread

    // At once; cancels a file still loading. False only if the corpus itself is broken.
    bool loadBuiltin();
    // Starts loading in the background (cancelling a load still running) and returns; then
    // loadProgress, and datasetChanged, loadFailed or loadCancelled.
    void load(const QString& path);
    void cancelLoad();
    bool isLoading() const { return bool(m_job); }
    QString loadingPath() const; // empty when not loading

    bool isLoaded() const { return bool(m_data); }
    std::shared_ptr<const ner::TrainingData> data() const { return m_data; }
    const ner::DatasetStats& stats() const { return m_stats; } // all splits together
    QString path() const { return m_path; }                    // empty for the built-in corpus
    QString displayName() const;
    // A real sentence to show in the inspector, with its gold entities: the first test
    // sentence (dev or training when there is none); empty chars without a dataset.
    ReferenceSentence sampleReference() const;

signals:
    void loadStarted(const QString& path);
    void loadProgress(double fraction); // 0 … 1
    void loadCancelled(const QString& path);
    void datasetChanged();
    void loadFailed(const studio::DatasetLoadError& error);

private:
    struct Job;     // one load: its path, cancel flag and result, shared with its thread
    struct Outcome; // what a load produced
    static Outcome read(const QString& path, Job& job);
    void finish(const std::shared_ptr<Job>& job);
    bool adopt(Outcome outcome);

    std::shared_ptr<const ner::TrainingData> m_data;
    ner::DatasetStats m_stats;
    QString m_path;
    std::shared_ptr<Job> m_job; // the load in progress, if any
    BackgroundThread m_reader;
};

} // namespace studio

Q_DECLARE_METATYPE(studio::DatasetLoadError)
