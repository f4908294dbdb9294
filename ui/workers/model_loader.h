#pragma once
// A model file (*.lner), read on a thread of its own. A model trained with jieba's
// dictionary holds its 349,045 words, which take 0.1 s or more to read and index (the
// built-in corpus's model here; `lstm-ner tag` on a 7.8 MB model: 0.37 s in all), and the
// window must answer meanwhile. One file at a time; `loaded` or `failed` follows on the GUI
// thread. No widgets: the main window observes it.
#include "engine/model/tagger.h"
#include "ui/workers/background_thread.h"

#include <QObject>
#include <QString>

#include <memory>

namespace studio {

class ModelLoader : public QObject {
    Q_OBJECT
public:
    explicit ModelLoader(QObject* parent = nullptr);
    ~ModelLoader() override; // waits for the reading thread (it cannot be interrupted)

    // Starts reading `path`; false, and nothing starts, while another file is being read.
    bool load(const QString& path);
    bool isLoading() const { return m_reader.isRunning(); }
    QString path() const { return m_path; } // the file being read, or the last one

signals:
    void loadingChanged(bool loading);
    void loaded(const QString& path, std::shared_ptr<const ner::Tagger> model);
    void failed(const QString& path, const QString& error); // the error names the file

private:
    struct Job; // the reading thread's result
    void finish(const std::shared_ptr<Job>& job);

    QString m_path;
    BackgroundThread m_reader;
};

} // namespace studio
