#include "ui/dataset_session.h"

#include "engine/data_error.h"

#include <QFileInfo>

#include <exception>

namespace studio {

QString DatasetLoadError::message() const {
    return line > 0 ? QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(problem)
                    : QStringLiteral("%1: %2").arg(file, problem);
}

DatasetSession::DatasetSession(QObject* parent) : QObject(parent) {
    qRegisterMetaType<DatasetLoadError>();
}

bool DatasetSession::loadBuiltin() {
    return loadFrom(QString());
}

bool DatasetSession::load(const QString& path) {
    return loadFrom(path);
}

bool DatasetSession::loadFrom(const QString& path) {
    ner::DataSources sources;
    sources.data = path.toStdString();
    try {
        auto data = std::make_shared<ner::TrainingData>(ner::loadTrainingData(sources));
        std::vector<ner::Sentence> all = data->train;
        all.insert(all.end(), data->dev.begin(), data->dev.end());
        all.insert(all.end(), data->test.begin(), data->test.end());
        if (all.empty()) throw ner::DataError(sources.data, 0, "no sentences");
        m_stats = ner::computeStats(all, data->scheme);
        m_data = std::move(data);
        m_path = path;
    } catch (const ner::DataError& e) {
        emit loadFailed(
            {QString::fromStdString(e.file()), e.line(), QString::fromStdString(e.problem())});
        return false;
    } catch (const std::exception& e) {
        emit loadFailed({path, 0, QString::fromStdString(e.what())});
        return false;
    }
    emit datasetChanged();
    return true;
}

QString DatasetSession::displayName() const {
    if (!m_data) return tr("no dataset");
    return m_path.isEmpty() ? tr("Built-in corpus") : QFileInfo(m_path).fileName();
}

ReferenceSentence DatasetSession::sampleReference() const {
    if (!m_data) return {};
    const std::pair<const std::vector<ner::Sentence>*, QString> splits[] = {
        {&m_data->test, tr("test")}, {&m_data->dev, tr("dev")}, {&m_data->train, tr("training")}};
    for (const auto& [split, name] : splits)
        if (!split->empty()) return referenceFrom(split->front(), m_data->scheme, name);
    return {};
}

} // namespace studio
