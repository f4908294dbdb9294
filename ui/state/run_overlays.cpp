#include "ui/state/run_overlays.h"

#include <QLocale>

#include <functional>
#include <iterator>
#include <map>
#include <set>

namespace studio {

namespace {
QString number(double value) {
    return QString::number(value, 'g', 4);
}

// Each setting a run record keeps, as the label would say it.
struct Field {
    std::function<QString(const ner::RunResult&)> text;
};

const std::vector<Field>& fields() {
    static const std::vector<Field> all = {
        {[](const auto& r) { return QString::fromStdString(ner::architectureName(r.model)); }},
        {[](const auto& r) { return QString::fromStdString(r.dataset); }},
        {[](const auto& r) { return QStringLiteral("embedding %1").arg(r.model.embeddingDim); }},
        {[](const auto& r) { return QStringLiteral("hidden %1").arg(r.model.hiddenDim); }},
        {[](const auto& r) { return QStringLiteral("dropout %1").arg(number(r.model.dropout)); }},
        {[](const auto& r) {
            return QStringLiteral("embedding dropout %1").arg(number(r.model.embeddingDropout));
        }},
        {[](const auto& r) {
            return QStringLiteral("recurrent dropout %1").arg(number(r.model.recurrentDropout));
        }},
        {[](const auto& r) {
            return QStringLiteral("LM weight %1").arg(number(r.model.languageModelWeight));
        }},
        {[](const auto& r) {
            return QStringLiteral("%1 lr %2")
                .arg(r.train.optimizer.kind == ner::OptimizerKind::Sgd ? "SGD" : "Adam",
                     number(r.train.optimizer.learningRate));
        }},
        {[](const auto& r) { return QStringLiteral("batch %1").arg(r.train.batchSize); }},
        {[](const auto& r) { return QStringLiteral("%1 epochs").arg(r.train.epochs); }},
        {[](const auto& r) { return QStringLiteral("decay %1").arg(number(r.train.lrDecay)); }},
        {[](const auto& r) { return QStringLiteral("clip %1").arg(number(r.train.clipNorm)); }},
        {[](const auto& r) { return QStringLiteral("L2 %1").arg(number(r.train.optimizer.l2)); }},
        {[](const auto& r) { return QStringLiteral("seed %1").arg(r.seed); }},
    };
    return all;
}
} // namespace

QColor runOverlayColor(int k) {
    static const QColor palette[] = {QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                     QColor(0xd6, 0x27, 0x28), QColor(0x17, 0xbe, 0xcf),
                                     QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
                                     QColor(0xbc, 0xbd, 0x22), QColor(0x39, 0x3b, 0x79)};
    return palette[size_t(k) % std::size(palette)];
}

QStringList runDifferenceLabels(const std::vector<ner::RunResult>& runs) {
    QStringList labels;
    for (size_t k = 0; k < runs.size(); ++k)
        labels << QString();
    for (const Field& field : fields()) {
        std::set<QString> values;
        for (const ner::RunResult& r : runs)
            values.insert(field.text(r));
        if (values.size() < 2) continue;
        for (size_t k = 0; k < runs.size(); ++k)
            labels[qsizetype(k)] +=
                (labels[qsizetype(k)].isEmpty() ? "" : " ") + field.text(runs[k]);
    }
    std::map<QString, int> seen;
    for (size_t k = 0; k < runs.size(); ++k) {
        QString& label = labels[qsizetype(k)];
        if (label.isEmpty())
            label = QStringLiteral("%1 seed %2")
                        .arg(QString::fromStdString(runs[k].name))
                        .arg(runs[k].seed);
        const int repeat = ++seen[label];
        if (repeat > 1) label += QStringLiteral(" #%1").arg(repeat);
    }
    return labels;
}

QList<RunOverlay> runOverlays(const std::vector<ner::RunResult>& runs) {
    const QStringList labels = runDifferenceLabels(runs);
    QList<RunOverlay> overlays;
    for (size_t k = 0; k < runs.size(); ++k) {
        RunOverlay overlay;
        overlay.label = labels[qsizetype(k)];
        for (const ner::RunEpoch& e : runs[k].curve) {
            overlay.devLoss << QPointF(e.epoch, e.devLoss);
            overlay.devAccuracy << QPointF(e.epoch, e.devTokenAccuracy);
            overlay.devF1 << QPointF(e.epoch, e.devF1);
        }
        overlays << overlay;
    }
    return overlays;
}

ner::RunResult studioRunResult(const TrainingSettings& settings,
                               const std::vector<MetricsHistory::EpochRecord>& epochs,
                               const TrainingOutcome& outcome, const QString& dataset,
                               long parameters) {
    ner::RunResult r;
    r.key = "studio";
    r.name = ner::architectureName(settings.model);
    r.dataset = dataset.toStdString();
    r.model = settings.model;
    r.train = settings.train;
    r.seed = settings.train.seed;
    r.finished = outcome.completed;
    r.epochs = outcome.epochsDone;
    r.bestEpoch = outcome.bestEpoch;
    r.bestDevF1 = outcome.bestDevF1;
    if (outcome.test) {
        const ner::PrfScore& overall = outcome.test->entities.overall;
        r.testF1 = overall.f1();
        r.testPrecision = overall.precision();
        r.testRecall = overall.recall();
        r.testTokenAccuracy = outcome.test->tokenAccuracy;
    }
    r.parameters = parameters;
    double tokensPerSecond = 0;
    for (const MetricsHistory::EpochRecord& e : epochs) {
        r.curve.push_back({e.epoch, e.trainLoss, e.devLoss, e.devF1, e.devAccuracy});
        r.seconds += e.seconds;
        tokensPerSecond += e.tokensPerSecond;
    }
    if (!epochs.empty()) r.tokensPerSecond = tokensPerSecond / double(epochs.size());
    return r;
}

} // namespace studio
