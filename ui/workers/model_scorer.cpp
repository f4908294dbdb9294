#include "ui/workers/model_scorer.h"

#include "engine/analysis/gold_standing.h"
#include "engine/model/tagger_network.h"

#include <exception>

namespace studio {

ModelScorer::ModelScorer(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ModelScore>();
}

ModelScorer::~ModelScorer() = default;

void ModelScorer::score(const WeightsSnapshot& weights,
                        std::shared_ptr<const ner::TrainingData> data) {
    m_pending = Request{++m_lastRequest, weights, std::move(data)};
    if (!isScoring()) startNext();
}

void ModelScorer::cancel() {
    m_pending.reset();
    ++m_lastRequest; // the result of the one being made is dropped
}

void ModelScorer::startNext() {
    if (!m_pending) return;
    const Request request = *m_pending;
    m_pending.reset();
    auto result = std::make_shared<ModelScore>();
    m_thread.start(
        this, QStringLiteral("model scoring"),
        [request, result] { *result = scoreNow(request.weights, request.data); },
        [this, id = request.id, result] {
            if (id == m_lastRequest) emit scored(*result);
            startNext();
        });
}

ModelScore ModelScorer::scoreNow(const WeightsSnapshot& weights,
                                 std::shared_ptr<const ner::TrainingData> data) {
    ModelScore score;
    score.weights = weights;
    score.data = data;
    if (!weights.tagger || !data) {
        score.error = tr("there is no model or no dataset");
        return score;
    }
    if (data->dev.empty()) {
        score.error = tr("the dataset has no dev sentences");
        return score;
    }
    try {
        const ner::LabelledSet dev =
            ner::prepareLabelledSet(*weights.tagger, data->dev, data->scheme, data->name);
        ner::TaggerNetwork network(1);
        std::vector<std::vector<std::string>> predicted;
        score.dev = ner::evaluate(*weights.tagger, dev, network, 32, &predicted);
        score.wrong = ner::sentencesWithErrors(dev.sentences, predicted, dev.scheme);
        ner::weighGoldTaggings(network, *weights.tagger, score.wrong);
    } catch (const std::exception& e) { // a tag the model does not know, named with its line
        score.error = QString::fromStdString(e.what());
    }
    return score;
}

} // namespace studio
