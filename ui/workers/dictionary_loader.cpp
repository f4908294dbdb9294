#include "ui/workers/dictionary_loader.h"

#include <QElapsedTimer>

#include <exception>
#include <memory>

namespace studio {

struct DictionaryLoader::Job {
    ner::SharedLexicon lexicon;
    QString error;
    double seconds = 0;
};

QString DictionaryLoader::defaultPath() {
    return QString::fromLatin1(ner::kDefaultDictionary);
}

DictionaryLoader::DictionaryLoader(const QString& path, QObject* parent)
    : QObject(parent), m_path(path) {
    qRegisterMetaType<ner::SharedLexicon>();
    auto job = std::make_shared<Job>();
    m_reader.start(
        this, QStringLiteral("dictionary loading"),
        [job, path] {
            QElapsedTimer clock;
            clock.start();
            try {
                // A missing file's error says what to install (Lexicon::read).
                job->lexicon =
                    std::make_shared<const ner::Lexicon>(ner::Lexicon::read(path.toStdString()));
            } catch (const std::exception& e) {
                job->error = QString::fromStdString(e.what());
            }
            job->seconds = double(clock.nsecsElapsed()) / 1e9;
        },
        [this, job] { finish(job->lexicon, job->error, job->seconds); });
}

DictionaryLoader::~DictionaryLoader() = default;

void DictionaryLoader::finish(ner::SharedLexicon lexicon, const QString& error, double seconds) {
    m_seconds = seconds;
    if (lexicon) {
        m_lexicon = std::move(lexicon);
        m_status = DictionaryStatus::Ready;
        emit loaded(m_lexicon);
    } else {
        m_error = error;
        m_status = DictionaryStatus::Failed;
        emit failed(m_error);
    }
}

} // namespace studio
