#include "ui/model_loader.h"

#include "engine/model_file.h"

#include <QThread>

#include <exception>

namespace studio {

struct ModelLoader::Job {
    std::shared_ptr<const ner::Tagger> model;
    QString error;
};

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {}

ModelLoader::~ModelLoader() {
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool ModelLoader::load(const QString& path) {
    if (m_thread) return false;
    m_path = path;
    auto job = std::make_shared<Job>();
    m_thread = QThread::create([this, job, path] {
        try {
            job->model = std::make_shared<const ner::Tagger>(ner::loadModel(path.toStdString()));
        } catch (const std::exception& e) {
            job->error = QString::fromStdString(e.what()); // names the file and the problem
        }
        // Back to the GUI thread as a queued call; with `this` as its context it is dropped
        // if the loader goes first (its destructor has joined this thread).
        QMetaObject::invokeMethod(
            this, [this, job] { finish(job); }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("model loading"));
    m_thread->start();
    emit loadingChanged(true);
    return true;
}

void ModelLoader::finish(const std::shared_ptr<Job>& job) {
    m_thread->wait(); // it has nothing left to do but return
    delete m_thread;
    m_thread = nullptr;
    emit loadingChanged(false);
    if (job->model)
        emit loaded(m_path, job->model);
    else
        emit failed(m_path, job->error);
}

} // namespace studio
