#pragma once
// The dataset the studio trains on: loading (built-in corpus or a file), its statistics and
// a sample sentence. No widgets; the panel and the main window observe it.
//
// Loading runs on the calling thread: the reader handles a 10,000-sentence CLUENER file in
// well under a second, which a wait cursor covers. A failed load leaves the current dataset
// in place and reports the engine's DataError (file, line, problem) through loadFailed().
#include "engine/dataset_stats.h"
#include "engine/training_setup.h"
#include "ui/reference_sentence.h"

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

    bool loadBuiltin();
    bool load(const QString& path);

    bool isLoaded() const { return bool(m_data); }
    std::shared_ptr<const ner::TrainingData> data() const { return m_data; }
    const ner::DatasetStats& stats() const { return m_stats; } // all splits together
    QString path() const { return m_path; }                    // empty for the built-in corpus
    QString displayName() const;
    // A real sentence to show in the inspector, with its gold entities: the first test
    // sentence (dev or training when there is none); empty chars without a dataset.
    ReferenceSentence sampleReference() const;

signals:
    void datasetChanged();
    void loadFailed(const studio::DatasetLoadError& error);

private:
    bool loadFrom(const QString& path);

    std::shared_ptr<const ner::TrainingData> m_data;
    ner::DatasetStats m_stats;
    QString m_path;
};

} // namespace studio

Q_DECLARE_METATYPE(studio::DatasetLoadError)
