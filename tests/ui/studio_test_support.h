#pragma once
// Shared fixtures of the studio's tests: a tiny corpus written to disk, small training jobs
// and settings kept out of the user's own configuration.
#include "engine/train/training_setup.h"
#include "ui/state/app_settings.h"
#include "ui/state/dataset_session.h"
#include "ui/state/training_session.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/main_window.h"
#include "ui/workers/model_loader.h"
#include "ui/workers/training_messages.h"
#include "ui/workers/training_worker.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QInputMethodEvent>
#include <QObject>
#include <QSettings>
#include <QStringList>
#include <QTest>

#include <memory>

namespace test_support {

// The worker's signals, re-emitted on the test's thread. The worker emits from its own
// thread and QSignalSpy records with a direct connection, so a spy on the worker itself would
// append to its list on the training thread while the test reads it. Connected through this
// object (which lives on the test thread) each signal is queued first, as in the studio.
class WorkerEvents : public QObject {
    Q_OBJECT
public:
    explicit WorkerEvents(studio::TrainingWorker* worker) {
        using W = studio::TrainingWorker;
        connect(worker, &W::stateChanged, this, &WorkerEvents::stateChanged);
        connect(worker, &W::trainingStarted, this, &WorkerEvents::trainingStarted);
        connect(worker, &W::batchProgress, this, &WorkerEvents::batchProgress);
        connect(worker, &W::epochFinished, this, &WorkerEvents::epochFinished);
        connect(worker, &W::weightsPublished, this, &WorkerEvents::weightsPublished);
        connect(worker, &W::trainingFinished, this, &WorkerEvents::trainingFinished);
        connect(worker, &W::trainingFailed, this, &WorkerEvents::trainingFailed);
    }

signals:
    void stateChanged(studio::TrainingState state);
    void trainingStarted(const studio::TrainingStart& start);
    void batchProgress(const studio::BatchMetrics& metrics);
    void epochFinished(const studio::EpochMetrics& metrics);
    void weightsPublished(const studio::WeightsSnapshot& snapshot);
    void trainingFinished(const studio::TrainingOutcome& outcome);
    void trainingFailed(const QString& message);
};

// Writes `count` JSONL sentences built from templates ("PER 在 LOC 工作" …) to dir/tiny.jsonl.
// Opens a file as the command line and drag and drop do, and waits until a dataset file has
// loaded (it loads in the background): true when the window now shows it or opened the model.
inline bool openAndWait(studio::MainWindow& window, const QString& path) {
    if (!window.openFile(path)) return false;
    studio::DatasetSession* dataset = window.datasetSession();
    studio::ModelLoader* model = window.modelLoader();
    if (!QTest::qWaitFor([&] { return !dataset->isLoading() && !model->isLoading(); }, 30000))
        return false;
    return path.endsWith(QStringLiteral(".lner")) || dataset->path() == path;
}

inline QString writeTinyCorpus(const QString& dir, int count = 60) {
    const QStringList people{"李明", "王芳", "张伟", "刘洋", "陈静", "赵磊"};
    const QStringList places{"北京", "上海", "广州", "深圳", "南京", "杭州"};
    const QStringList orgs{"新华社", "清华大学", "外交部", "人民银行"};
    const QString path = QDir(dir).filePath(QStringLiteral("tiny.jsonl"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return {};
    auto add = [](QStringList& chars, QStringList& labels, const QString& text,
                  const QString& type) {
        for (int k = 0; k < text.size(); ++k) {
            chars << QStringLiteral("\"%1\"").arg(text[k]);
            labels << (type.isEmpty() ? QStringLiteral("\"O\"")
                                      : QStringLiteral("\"%1-%2\"").arg(k == 0 ? "B" : "I", type));
        }
    };
    for (int n = 0; n < count; ++n) {
        QStringList chars, labels;
        add(chars, labels, people[n % people.size()], QStringLiteral("PER"));
        add(chars, labels, n % 2 ? QStringLiteral("昨天在") : QStringLiteral("在"), {});
        add(chars, labels, places[(n / 2) % places.size()], QStringLiteral("LOC"));
        add(chars, labels, QStringLiteral("会见了"), {});
        add(chars, labels, orgs[(n / 3) % orgs.size()], QStringLiteral("ORG"));
        add(chars, labels, QStringLiteral("代表。"), {});
        file.write(QStringLiteral("{\"text\": [%1], \"labels\": [%2]}\n")
                       .arg(chars.join(", "), labels.join(", "))
                       .toUtf8());
    }
    return path;
}

inline std::shared_ptr<const ner::TrainingData> loadData(const QString& path) {
    ner::DataSources sources;
    sources.data = path.toStdString();
    return std::make_shared<const ner::TrainingData>(ner::loadTrainingData(sources));
}

// The first `train` and `dev` sentences of the built-in corpus: real Chinese vocabulary.
inline std::shared_ptr<const ner::TrainingData> builtinSlice(size_t train, size_t dev) {
    ner::TrainingData data = ner::loadTrainingData({});
    data.train.resize(std::min(train, data.train.size()));
    data.dev.resize(std::min(dev, data.dev.size()));
    return std::make_shared<const ner::TrainingData>(std::move(data));
}

// A small, fast model: one bidirectional layer of 16 units.
inline studio::TrainingJob smallJob(std::shared_ptr<const ner::TrainingData> data, int epochs,
                                    int batchSize = 4) {
    studio::TrainingJob job;
    job.data = std::move(data);
    job.model.embeddingDim = 16;
    job.model.hiddenDim = 16;
    job.model.dropout = 0.2;
    job.train.epochs = epochs;
    job.train.batchSize = batchSize;
    job.train.threads = 1;
    job.train.optimizer.learningRate = 0.01;
    return job;
}

// The tiny corpus (written to `dir`) open in `window`, and the form set to a 16-unit model
// trained for `epochs` on one thread; any error the window reports fails the test.
inline bool setUpSmallTraining(studio::MainWindow& window, const QString& dir, int epochs,
                               bool dictionary = true) {
    window.setErrorReporter([](const QString& t, const QString& x) { QFAIL(qPrintable(t + x)); });
    // openFile tells a dataset from a model as the command line and drag and drop do.
    if (!openAndWait(window, writeTinyCorpus(dir, 40))) return false;
    studio::TrainingSettings small = window.hyperparameterPanel()->settings();
    small.model = smallJob(nullptr, 1).model;
    small.train.epochs = epochs;
    small.train.threads = 1;
    small.dictionary = dictionary;
    window.hyperparameterPanel()->setSettings(small);
    window.trainingSession()->setSettings(small);
    return true;
}

// Types text as a user would: ASCII through QTest::keyClicks (key presses), everything else
// one character at a time as an input method commits it (how Chinese and emoji arrive).
inline void type(QWidget* widget, const QString& text) {
    QString ascii;
    auto flush = [&] {
        if (!ascii.isEmpty()) QTest::keyClicks(widget, ascii);
        ascii.clear();
    };
    for (qsizetype k = 0; k < text.size(); ++k) {
        if (text[k].unicode() < 0x80) {
            ascii += text[k];
            continue;
        }
        flush();
        const qsizetype length = text[k].isHighSurrogate() && k + 1 < text.size() ? 2 : 1;
        QInputMethodEvent commit;
        commit.setCommitString(text.mid(k, length));
        QApplication::sendEvent(widget, &commit);
        k += length - 1;
    }
    flush();
}

// QSettings in a scratch directory, so tests neither read nor change the user's settings.
inline void isolateSettings(const QString& dir) {
    QCoreApplication::setOrganizationName(QString::fromLatin1(studio::AppSettings::kOrganization));
    QCoreApplication::setApplicationName(QStringLiteral("LSTM NER Studio tests"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
    QSettings().clear();
}

} // namespace test_support
