#include "ui/state/run_store.h"

#include "engine/train/run_record.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtDebug>

#include <algorithm>
#include <exception>

namespace studio {

namespace {
// Beside ner::runToJson's fields; runFromJson ignores it, so a store file stays a run record.
constexpr char kSavedField[] = "saved";
} // namespace

QString RunStore::defaultFolder() {
    const QString chosen = qEnvironmentVariable("LSTM_NER_STUDIO_RUNS");
    if (!chosen.isEmpty()) return chosen;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/runs");
}

RunStore::RunStore(const QString& folder, QObject* parent) : QObject(parent), m_folder(folder) {
    load();
}

const StoredRun* RunStore::find(const QString& file) const {
    for (const StoredRun& r : m_runs)
        if (r.file == file) return &r;
    return nullptr;
}

void RunStore::load() {
    m_runs.clear();
    m_damaged.clear();
    const QDir dir(m_folder);
    const QFileInfoList files = dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files);
    for (const QFileInfo& info : files) {
        QFile file(info.filePath());
        QString problem;
        StoredRun stored;
        stored.file = info.fileName();
        if (!file.open(QIODevice::ReadOnly)) {
            problem = file.errorString();
        } else {
            try {
                const QByteArray bytes = file.readAll();
                const nlohmann::json record = nlohmann::json::parse(bytes.begin(), bytes.end());
                stored.run = ner::runFromJson(record);
                stored.saved = info.lastModified();
                if (record.contains(kSavedField) && record[kSavedField].is_string()) {
                    const QDateTime saved = QDateTime::fromString(
                        QString::fromStdString(record[kSavedField].get<std::string>()),
                        Qt::ISODateWithMs);
                    if (saved.isValid()) stored.saved = saved;
                }
            } catch (const std::exception& e) {
                problem = QString::fromUtf8(e.what());
            }
        }
        if (problem.isEmpty()) {
            m_runs.push_back(std::move(stored));
        } else {
            m_damaged << QStringLiteral("%1: %2").arg(info.fileName(), problem);
            qWarning().noquote() << "skipped the run file" << info.filePath() << "-" << problem;
        }
    }
    sortNewestFirst();
    emit changed();
}

QString RunStore::add(const ner::RunResult& run) {
    if (!QDir().mkpath(m_folder)) {
        emit writeFailed(tr("Cannot create the runs folder %1").arg(m_folder));
        return {};
    }
    const QDateTime now = QDateTime::currentDateTime();
    const QString stem = QStringLiteral("%1-%2-seed%3")
                             .arg(now.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")),
                                  QString::fromStdString(run.key.empty() ? "run" : run.key))
                             .arg(run.seed);
    QString name = stem + QStringLiteral(".json");
    for (int n = 2; QFileInfo::exists(QDir(m_folder).filePath(name)); ++n)
        name = QStringLiteral("%1-%2.json").arg(stem).arg(n);

    nlohmann::json record = ner::runToJson(run);
    record[kSavedField] = now.toString(Qt::ISODateWithMs).toStdString();
    QSaveFile file(QDir(m_folder).filePath(name));
    const std::string text = record.dump(1);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.commit()) {
        emit writeFailed(
            tr("Cannot save the run to %1: %2").arg(file.fileName(), file.errorString()));
        return {};
    }
    m_runs.push_back({name, now, run});
    sortNewestFirst();
    emit changed();
    return name;
}

RunStore::Import RunStore::importFile(const QString& path) {
    Import result;
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly)) {
        result.problems << tr("%1: cannot open: %2").arg(name, file.errorString());
        return result;
    }
    int line = 0;
    while (!file.atEnd()) {
        const QByteArray text = file.readLine().trimmed();
        ++line;
        if (text.isEmpty()) continue;
        try {
            const nlohmann::json record = nlohmann::json::parse(text.toStdString());
            if (record.is_object() && record.contains("summary")) continue; // compare's last line
            if (add(ner::runFromJson(record)).isEmpty())
                result.problems << tr("%1:%2: could not be saved").arg(name).arg(line);
            else
                ++result.imported;
        } catch (const std::exception& e) {
            result.problems << tr("%1:%2: %3").arg(name).arg(line).arg(QString::fromUtf8(e.what()));
        }
    }
    return result;
}

bool RunStore::remove(const QString& file) {
    const auto found = std::find_if(m_runs.begin(), m_runs.end(),
                                    [&](const StoredRun& r) { return r.file == file; });
    if (found == m_runs.end()) return false;
    if (!QFile::remove(QDir(m_folder).filePath(file))) return false;
    m_runs.erase(found);
    emit changed();
    return true;
}

void RunStore::sortNewestFirst() {
    std::stable_sort(m_runs.begin(), m_runs.end(), [](const StoredRun& a, const StoredRun& b) {
        return a.saved != b.saved ? a.saved > b.saved : a.file > b.file;
    });
}

} // namespace studio
