#include "ui/dictionary_loader.h"

#include <QElapsedTimer>
#include <QThread>

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
    m_thread = QThread::create([this, job, path] {
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
        // The result crosses to the GUI thread as a queued call; with `this` as its context
        // it is dropped if the loader goes first (its destructor has joined this thread).
        QMetaObject::invokeMethod(
            this, [this, job] { finish(job->lexicon, job->error, job->seconds); },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("dictionary loading"));
    m_thread->start();
}

DictionaryLoader::~DictionaryLoader() {
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void DictionaryLoader::finish(ner::SharedLexicon lexicon, const QString& error, double seconds) {
    m_thread->wait(); // it has nothing left to do but return
    delete m_thread;
    m_thread = nullptr;
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
