#include "ui/state/metrics_history.h"

#include "ui/state/settings_difference.h"

#include <QFile>
#include <QSaveFile>
#include <QStringList>

#include <algorithm>

namespace studio {

namespace {
constexpr double kEmaDecay = 0.95; // about the last 20 batches

QString number(double value) {
    return QString::number(value, 'g', 10);
}
} // namespace

bool isPreviousRunSeries(MetricSeries series) {
    for (const auto& [current, previous] : kPreviousRunSeries)
        if (series == previous) return true;
    return false;
}

MetricsHistory::MetricsHistory(QObject* parent) : QObject(parent) {}

void MetricsHistory::setMaxChartPoints(int points) {
    m_maxPoints = std::max(16, points);
}

const QList<QPointF>& MetricsHistory::points(MetricSeries series) const {
    return m_points[size_t(series)];
}

void MetricsHistory::addBatch(const BatchMetrics& metrics) {
    const ner::BatchProgress& p = metrics.progress;
    m_ema = kEmaDecay * m_ema + (1.0 - kEmaDecay) * p.loss;
    m_emaWeight = kEmaDecay * m_emaWeight + (1.0 - kEmaDecay);
    BatchRecord r;
    r.epoch = p.epoch;
    r.batch = p.batch;
    r.batchesPerEpoch = p.batchesPerEpoch;
    r.step = p.step;
    r.loss = p.loss;
    r.smoothedLoss = m_ema / m_emaWeight;
    r.learningRate = p.learningRate;
    r.gradNorm = p.gradNorm;
    r.tokensPerSecond = p.tokensPerSecond;
    r.elapsedSeconds = p.elapsedSeconds;
    if (m_dynamicsGroups.isEmpty())
        for (const ner::GroupDynamics& g : p.dynamics)
            m_dynamicsGroups << QString::fromStdString(g.group);
    for (const ner::GroupDynamics& g : p.dynamics) { // a run's groups never change
        r.groupGradient.push_back(g.gradient);
        r.groupUpdateRatio.push_back(g.updateRatio());
    }
    m_batches.push_back(r);
    const double x = p.epoch - 1 + double(p.batch) / std::max(1, p.batchesPerEpoch);
    appendBatchPoint(x, r.loss, r.smoothedLoss);
    emit changed();
}

void MetricsHistory::appendBatchPoint(double x, double loss, double smoothed) {
    m_bucketLossSum += loss;
    if (++m_bucketSize < m_stride) return;
    buffer(MetricSeries::BatchLoss).append(QPointF(x, m_bucketLossSum / m_bucketSize));
    buffer(MetricSeries::BatchLossSmoothed).append(QPointF(x, smoothed));
    m_bucketSize = 0;
    m_bucketLossSum = 0;
    if (buffer(MetricSeries::BatchLoss).size() > m_maxPoints) halveBatchPoints();
}

void MetricsHistory::halveBatchPoints() {
    // Pairs become one point at the later x: raw losses averaged, the smoothed curve sampled.
    for (MetricSeries s : {MetricSeries::BatchLoss, MetricSeries::BatchLossSmoothed}) {
        QList<QPointF>& pts = buffer(s);
        QList<QPointF> merged;
        merged.reserve(pts.size() / 2 + 1);
        for (qsizetype k = 0; k + 1 < pts.size(); k += 2) {
            const double y =
                s == MetricSeries::BatchLoss ? (pts[k].y() + pts[k + 1].y()) / 2 : pts[k + 1].y();
            merged.append(QPointF(pts[k + 1].x(), y));
        }
        if (pts.size() % 2 == 1) merged.append(pts.last());
        pts = std::move(merged);
    }
    m_stride *= 2;
}

void MetricsHistory::addEpoch(const EpochMetrics& metrics) {
    const ner::EpochReport& r = metrics.report;
    EpochRecord e;
    e.epoch = r.epoch;
    e.trainLoss = r.trainLoss;
    e.trainEvaluated = r.train.has_value();
    if (r.train) {
        e.trainAccuracy = r.train->tokenAccuracy;
        e.trainF1 = r.train->entities.overall.f1();
    }
    e.devLoss = r.dev.loss;
    e.devAccuracy = r.dev.tokenAccuracy;
    e.devPrecision = r.dev.entities.overall.precision();
    e.devRecall = r.dev.entities.overall.recall();
    e.devF1 = r.dev.entities.overall.f1();
    e.bestDevF1 = r.bestDevF1;
    e.bestEpoch = r.bestEpoch;
    e.seconds = r.seconds;
    e.tokensPerSecond = r.tokensPerSecond;
    m_epochs.push_back(e);

    const double x = r.epoch;
    buffer(MetricSeries::TrainLoss).append(QPointF(x, e.trainLoss));
    buffer(MetricSeries::DevLoss).append(QPointF(x, e.devLoss));
    buffer(MetricSeries::DevAccuracy).append(QPointF(x, e.devAccuracy));
    buffer(MetricSeries::DevF1).append(QPointF(x, e.devF1));
    if (e.trainEvaluated) {
        buffer(MetricSeries::TrainAccuracy).append(QPointF(x, e.trainAccuracy));
        buffer(MetricSeries::TrainF1).append(QPointF(x, e.trainF1));
    }
    for (const auto& [type, score] : r.dev.entities.perType)
        m_devF1ByType[QString::fromStdString(type)].append(QPointF(x, score.f1()));
    emit changed();
}

void MetricsHistory::clear() {
    if (!m_epochs.empty()) {
        // The best epoch as the trainer chose it, not recomputed here.
        m_previous = PreviousRun{int(m_epochs.size()), m_epochs.back().bestDevF1,
                                 m_epochs.back().bestEpoch, m_runSettings};
        for (const auto& [current, previous] : kPreviousRunSeries)
            buffer(previous) = points(current);
    }
    m_batches.clear();
    m_epochs.clear();
    m_devF1ByType.clear();
    m_dynamicsGroups.clear();
    for (int s = 0; s < kMetricSeriesCount; ++s)
        if (!isPreviousRunSeries(MetricSeries(s))) m_points[size_t(s)].clear();
    m_stride = 1;
    m_bucketSize = 0;
    m_bucketLossSum = 0;
    m_ema = m_emaWeight = 0;
    emit changed();
}

void MetricsHistory::forgetPreviousRun() {
    if (!m_previous) return;
    m_previous.reset();
    for (const auto& [current, previous] : kPreviousRunSeries)
        buffer(previous).clear();
    emit changed();
}

QStringList MetricsHistory::previousRunDifferences() const {
    return m_previous ? settingsDifferences(m_previous->settings, m_runSettings) : QStringList{};
}

QString MetricsHistory::csvHeader() {
    return QStringLiteral("record,epoch,batch,step,loss,loss_ema,learning_rate,grad_norm,"
                          "tokens_per_second,elapsed_seconds,train_loss,train_accuracy,train_f1,"
                          "dev_loss,dev_accuracy,dev_precision,dev_recall,dev_f1,best_dev_f1,"
                          "epoch_seconds");
}

QString MetricsHistory::toCsv() const {
    // After the fixed columns, each entity type's dev F1 (as the F1 chart's "per type" draws).
    QString header = csvHeader();
    for (const auto& [type, points] : m_devF1ByType)
        header += QStringLiteral(",dev_f1_") + type;
    for (const QString& prefix : {QStringLiteral(",grad_norm_"), QStringLiteral(",update_ratio_")})
        for (const QString& group : m_dynamicsGroups)
            header += prefix + QString(group).replace(' ', '_');
    QStringList lines{header};
    const QString noTypes = QString(qsizetype(m_devF1ByType.size()), ',');
    const QString noDynamics = QString(2 * m_dynamicsGroups.size(), ',');
    auto dynamicsCells = [this](const BatchRecord& b) {
        QString cells;
        for (const std::vector<double>* values : {&b.groupGradient, &b.groupUpdateRatio})
            for (qsizetype k = 0; k < m_dynamicsGroups.size(); ++k)
                cells +=
                    ',' + (size_t(k) < values->size() ? number((*values)[size_t(k)]) : QString());
        return cells;
    };
    auto typeCells = [this](int epoch) {
        QString cells;
        for (const auto& [type, points] : m_devF1ByType) {
            cells += ',';
            for (const QPointF& p : points)
                if (int(p.x()) == epoch) cells += number(p.y());
        }
        return cells;
    };
    auto batchRow = [&noTypes, &dynamicsCells](const BatchRecord& b) {
        return QStringList{"batch",
                           QString::number(b.epoch),
                           QString::number(b.batch),
                           QString::number(b.step),
                           number(b.loss),
                           number(b.smoothedLoss),
                           number(b.learningRate),
                           number(b.gradNorm),
                           number(b.tokensPerSecond),
                           number(b.elapsedSeconds),
                           {},
                           {},
                           {},
                           {},
                           {},
                           {},
                           {},
                           {},
                           {},
                           {}}
                   .join(',') +
               noTypes + dynamicsCells(b);
    };
    auto epochRow = [&typeCells, &noDynamics](const EpochRecord& e) {
        return QStringList{"epoch",
                           QString::number(e.epoch),
                           {},
                           {},
                           {},
                           {},
                           {},
                           {},
                           number(e.tokensPerSecond),
                           {},
                           number(e.trainLoss),
                           e.trainEvaluated ? number(e.trainAccuracy) : QString(),
                           e.trainEvaluated ? number(e.trainF1) : QString(),
                           number(e.devLoss),
                           number(e.devAccuracy),
                           number(e.devPrecision),
                           number(e.devRecall),
                           number(e.devF1),
                           number(e.bestDevF1),
                           number(e.seconds)}
                   .join(',') +
               typeCells(e.epoch) + noDynamics;
    };
    // An epoch's row follows its last batch, as the signals arrived.
    size_t b = 0;
    for (const EpochRecord& e : m_epochs) {
        while (b < m_batches.size() && m_batches[b].epoch <= e.epoch)
            lines << batchRow(m_batches[b++]);
        lines << epochRow(e);
    }
    while (b < m_batches.size())
        lines << batchRow(m_batches[b++]);
    return lines.join('\n') + '\n';
}

bool MetricsHistory::writeCsv(const QString& path, QString* error) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(toCsv().toUtf8()) < 0 ||
        !file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace studio
