#include "ui/state/settings_difference.h"

#include "engine/data/tag_scheme.h"
#include "engine/nn/cell_type.h"

#include <QObject>

#include <type_traits>

namespace studio {

namespace {
QString text(double v) {
    return QString::number(v, 'g', 6);
}
QString text(bool v) {
    return v ? QObject::tr("on") : QObject::tr("off");
}
QString text(const std::string& v) {
    return QString::fromStdString(v);
}
template <typename T> QString text(T v) requires std::is_integral_v<T> {
    return QString::number(v);
}
} // namespace

QStringList settingsDifferences(const TrainingSettings& before, const TrainingSettings& after) {
    QStringList out;
    auto compare = [&out](const QString& name, const auto& a, const auto& b) {
        if (a != b) out << QStringLiteral("%1 %2 → %3").arg(name, text(a), text(b));
    };
    const ner::ModelConfig &m0 = before.model, &m1 = after.model;
    const ner::TrainConfig &t0 = before.train, &t1 = after.train;
    compare(QObject::tr("cell"), ner::cellTitle(m0.cell), ner::cellTitle(m1.cell));
    compare(QObject::tr("layers"), m0.layers, m1.layers);
    compare(QObject::tr("linear layers between"), m0.linearBetween, m1.linearBetween);
    compare(QObject::tr("hidden units"), m0.hiddenDim, m1.hiddenDim);
    compare(QObject::tr("embedding size"), m0.embeddingDim, m1.embeddingDim);
    compare(QObject::tr("bidirectional"), m0.bidirectional, m1.bidirectional);
    compare(QObject::tr("dictionary features"), before.dictionary, after.dictionary);
    compare(QObject::tr("output"), ner::outputLayerName(m0.output),
            ner::outputLayerName(m1.output));
    compare(QObject::tr("tag scheme"), ner::schemeName(m0.scheme), ner::schemeName(m1.scheme));
    compare(QObject::tr("constrained decoding"), m0.constrainedDecoding, m1.constrainedDecoding);
    compare(QObject::tr("dropout"), m0.dropout, m1.dropout);
    compare(QObject::tr("embedding dropout"), m0.embeddingDropout, m1.embeddingDropout);
    compare(QObject::tr("recurrent dropout"), m0.recurrentDropout, m1.recurrentDropout);
    compare(QObject::tr("next-character weight"), m0.languageModelWeight, m1.languageModelWeight);
    compare(QObject::tr("optimiser"), ner::optimizerName(t0.optimizer.kind),
            ner::optimizerName(t1.optimizer.kind));
    compare(QObject::tr("learning rate"), t0.optimizer.learningRate, t1.optimizer.learningRate);
    compare(QObject::tr("momentum"), t0.optimizer.momentum, t1.optimizer.momentum);
    compare(QObject::tr("L2"), t0.optimizer.l2, t1.optimizer.l2);
    compare(QObject::tr("learning-rate decay"), t0.lrDecay, t1.lrDecay);
    compare(QObject::tr("clip"), t0.clipNorm, t1.clipNorm);
    compare(QObject::tr("batch size"), t0.batchSize, t1.batchSize);
    compare(QObject::tr("epochs"), t0.epochs, t1.epochs);
    compare(QObject::tr("seed"), t0.seed, t1.seed);
    compare(QObject::tr("threads"), t0.threads, t1.threads);
    compare(QObject::tr("patience"), t0.patience, t1.patience);
    return out;
}

} // namespace studio
