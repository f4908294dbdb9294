#include "ui/workers/model_loader.h"

#include "engine/model/model_file.h"

#include <exception>

namespace studio {

struct ModelLoader::Job {
    std::shared_ptr<const ner::Tagger> model;
    QString error;
};

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {}

ModelLoader::~ModelLoader() = default;

bool ModelLoader::load(const QString& path) {
    auto job = std::make_shared<Job>();
    const bool started = m_reader.start(
        this, QStringLiteral("model loading"),
        [job, path] {
            try {
                job->model =
                    std::make_shared<const ner::Tagger>(ner::loadModel(path.toStdString()));
            } catch (const std::exception& e) {
                job->error = QString::fromStdString(e.what()); // names the file and the problem
            }
        },
        [this, job] { finish(job); });
    if (!started) return false;
    m_path = path;
    emit loadingChanged(true);
    return true;
}

void ModelLoader::finish(const std::shared_ptr<Job>& job) {
    emit loadingChanged(false);
    if (job->model)
        emit loaded(m_path, job->model);
    else
        emit failed(m_path, job->error);
}

} // namespace studio
