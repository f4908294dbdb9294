#pragma once
// jieba's dictionary (ner::kDefaultDictionary), read once on a thread of its own when the
// studio starts: 349,045 words take 0.3–0.8 s to read and index, and the window must answer
// meanwhile. The lexicon then reaches the GUI thread through a queued call and `loaded` (or
// `failed`, with what to do) is emitted there. No widgets; the hyper-parameter form, the
// training session and the main window observe it.
#include "engine/data/lexicon.h"
#include "ui/workers/background_thread.h"

#include <QMetaType>
#include <QObject>
#include <QString>

namespace studio {

enum class DictionaryStatus { Loading, Ready, Failed };

class DictionaryLoader : public QObject {
    Q_OBJECT
public:
    static QString defaultPath(); // ner::kDefaultDictionary

    // Starts reading `path` at once (tests pass a missing file to see the failure).
    explicit DictionaryLoader(const QString& path = defaultPath(), QObject* parent = nullptr);
    ~DictionaryLoader() override; // waits for the reading thread (it cannot be interrupted)

    QString path() const { return m_path; }
    DictionaryStatus status() const { return m_status; }
    ner::SharedLexicon lexicon() const { return m_lexicon; } // null unless Ready
    QString error() const { return m_error; }                // why it failed
    double seconds() const { return m_seconds; }             // how long reading took

signals:
    void loaded(ner::SharedLexicon lexicon);
    void failed(const QString& error);

private:
    struct Job; // the reading thread's result
    void finish(ner::SharedLexicon lexicon, const QString& error, double seconds);

    QString m_path;
    DictionaryStatus m_status = DictionaryStatus::Loading;
    ner::SharedLexicon m_lexicon;
    QString m_error;
    double m_seconds = 0;
    BackgroundThread m_reader;
};

} // namespace studio

Q_DECLARE_METATYPE(ner::SharedLexicon)
