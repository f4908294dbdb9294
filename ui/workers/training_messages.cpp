#include "ui/workers/training_messages.h"

#include <QThread>

#include <algorithm>

namespace studio {

QString trainingStateName(TrainingState state) {
    switch (state) {
    case TrainingState::Idle:
        return QStringLiteral("idle");
    case TrainingState::Preparing:
        return QStringLiteral("preparing");
    case TrainingState::Running:
        return QStringLiteral("training");
    case TrainingState::Paused:
        return QStringLiteral("paused");
    case TrainingState::Stopped:
        return QStringLiteral("stopped");
    case TrainingState::Finished:
        return QStringLiteral("finished");
    }
    return {};
}

TrainingSettings TrainingSettings::defaults() {
    // The engine's defaults are the best settings found (the command line uses them too).
    TrainingSettings s;
    // Two threads run the two directions of a layer at once; more do not help the engine.
    s.train.threads = std::clamp(QThread::idealThreadCount(), 1, 2);
    return s;
}

bool sameLanguageModelHead(const ner::ModelConfig& a, const ner::ModelConfig& b) {
    if (a.hasLanguageModelHead() != b.hasLanguageModelHead()) return false;
    return !a.hasLanguageModelHead() || a.languageModelHidden == b.languageModelHidden;
}

bool TrainingSettings::sameShape(const TrainingSettings& o) const {
    return model.cell == o.model.cell && model.linearBetween == o.model.linearBetween &&
           model.embeddingDim == o.model.embeddingDim && model.hiddenDim == o.model.hiddenDim &&
           model.layers == o.model.layers && model.bidirectional == o.model.bidirectional &&
           model.output == o.model.output && model.scheme == o.model.scheme &&
           model.normalize == o.model.normalize && model.minCount == o.model.minCount &&
           sameLanguageModelHead(model, o.model) && dictionary == o.dictionary;
}

bool TrainingSettings::operator==(const TrainingSettings& o) const {
    const ner::TrainConfig &a = train, &b = o.train;
    return sameShape(o) && model.constrainedDecoding == o.model.constrainedDecoding &&
           model.dropout == o.model.dropout && model.embeddingDropout == o.model.embeddingDropout &&
           model.recurrentDropout == o.model.recurrentDropout &&
           model.languageModelWeight == o.model.languageModelWeight &&
           a.optimizer.kind == b.optimizer.kind &&
           a.optimizer.learningRate == b.optimizer.learningRate &&
           a.optimizer.momentum == b.optimizer.momentum && a.optimizer.l2 == b.optimizer.l2 &&
           a.epochs == b.epochs && a.batchSize == b.batchSize && a.lrDecay == b.lrDecay &&
           a.clipNorm == b.clipNorm && a.seed == b.seed && a.threads == b.threads &&
           a.patience == b.patience && a.evaluateTrain == b.evaluateTrain;
}

void registerTrainingMessageTypes() {
    qRegisterMetaType<TrainingSettings>();
    qRegisterMetaType<TrainingState>();
    qRegisterMetaType<TrainingJob>();
    qRegisterMetaType<TrainingStart>();
    qRegisterMetaType<BatchMetrics>();
    qRegisterMetaType<EpochMetrics>();
    qRegisterMetaType<WeightsSnapshot>();
    qRegisterMetaType<TrainingOutcome>();
}

} // namespace studio
