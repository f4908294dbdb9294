#pragma once
// Scores a model the studio did not train here — one opened from a file — on the dataset's
// dev split, on a thread of its own, so that the Results dock says what the model is worth
// on this data before any training, and lists the dev sentences it gets wrong. The newest
// request wins: one that arrives while another is scored runs when that one ends, and only
// the newest result is reported. No widgets: the main window shows the result.
#include "engine/data/sentence_errors.h"
#include "engine/train/evaluator.h"
#include "engine/train/training_setup.h"
#include "ui/workers/background_thread.h"
#include "ui/workers/training_messages.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace studio {

struct ModelScore {
    WeightsSnapshot weights;
    std::shared_ptr<const ner::TrainingData> data;
    std::optional<ner::Evaluation> dev; // absent when it could not be scored
    std::vector<ner::SentenceErrors> wrong;
    QString error; // why there is no score: the model does not fit the data, no dev split…
};

class ModelScorer : public QObject {
    Q_OBJECT
public:
    explicit ModelScorer(QObject* parent = nullptr);
    ~ModelScorer() override; // waits for a score being made (it cannot be interrupted)

    void score(const WeightsSnapshot& weights, std::shared_ptr<const ner::TrainingData> data);
    // Forgets the pending request, and the result of the one being made.
    void cancel();
    bool isScoring() const { return m_thread.isRunning(); }

    // The same work on the calling thread.
    static ModelScore scoreNow(const WeightsSnapshot& weights,
                               std::shared_ptr<const ner::TrainingData> data);

signals:
    void scored(const studio::ModelScore& score);

private:
    struct Request {
        int id;
        WeightsSnapshot weights;
        std::shared_ptr<const ner::TrainingData> data;
    };
    void startNext();

    std::optional<Request> m_pending;
    int m_lastRequest = 0;
    BackgroundThread m_thread;
};

} // namespace studio

Q_DECLARE_METATYPE(studio::ModelScore)
