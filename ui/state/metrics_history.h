#pragma once
// Every training metric the studio has received, without any widget: the per-batch and
// per-epoch records (for CSV export) and the bounded point buffers the charts draw.
//
// Chart buffers are in epochs on x, so batch and epoch curves share an axis: batch b of
// epoch e (1-based, n batches) sits at x = e − 1 + b/n, epoch e's figures at x = e. The
// per-batch buffers hold at most maxChartPoints(): when full, neighbouring points are merged
// pairwise and later points each stand for twice as many batches (loss averaged).
//
// Clearing for a new run keeps the finished run's dev curves as the previous run's, with
// its settings, so that the charts can show the two runs side by side; another dataset's
// dev split makes them incomparable (forgetPreviousRun).
#include "ui/workers/training_messages.h"

#include <QList>
#include <QObject>
#include <QPointF>
#include <QStringList>

#include <array>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace studio {

enum class MetricSeries {
    BatchLoss,         // per batch, with dropout, as the optimiser saw it
    BatchLossSmoothed, // exponential moving average of BatchLoss
    TrainLoss,         // per epoch: mean batch loss
    DevLoss,
    TrainAccuracy, // token accuracy, evaluated without dropout
    DevAccuracy,
    TrainF1, // entity F1
    DevF1,
    PreviousDevLoss, // the dev curves of the run before the current one
    PreviousDevAccuracy,
    PreviousDevF1,
};
inline constexpr int kMetricSeriesCount = 11;

// Each dev series and the series that keeps it for the previous run.
inline constexpr std::pair<MetricSeries, MetricSeries> kPreviousRunSeries[] = {
    {MetricSeries::DevLoss, MetricSeries::PreviousDevLoss},
    {MetricSeries::DevAccuracy, MetricSeries::PreviousDevAccuracy},
    {MetricSeries::DevF1, MetricSeries::PreviousDevF1},
};
bool isPreviousRunSeries(MetricSeries series);

class MetricsHistory : public QObject {
    Q_OBJECT
public:
    struct BatchRecord {
        int epoch = 0, batch = 0, batchesPerEpoch = 0;
        long step = 0;
        double loss = 0, smoothedLoss = 0, learningRate = 0, gradNorm = 0;
        double tokensPerSecond = 0, elapsedSeconds = 0;
        // Per group of dynamicsGroups(): gradient norm and update ÷ weight of the batch's step.
        std::vector<double> groupGradient, groupUpdateRatio;
    };
    struct EpochRecord {
        int epoch = 0;
        double trainLoss = 0;
        bool trainEvaluated = false;
        double trainAccuracy = 0, trainF1 = 0;
        double devLoss = 0, devAccuracy = 0, devPrecision = 0, devRecall = 0, devF1 = 0;
        double bestDevF1 = 0;
        int bestEpoch = 0; // the trainer's choice so far (ties in F1 go to the lower dev loss)
        double seconds = 0, tokensPerSecond = 0;
    };

    struct PreviousRun {
        int epochs = 0;
        double bestDevF1 = 0;
        int bestEpoch = 0;
        TrainingSettings settings; // as setRunSettings() said for that run
    };

    explicit MetricsHistory(QObject* parent = nullptr);

    void setMaxChartPoints(int points); // per batch series; at least 16
    int maxChartPoints() const { return m_maxPoints; }
    const QList<QPointF>& points(MetricSeries series) const;
    const std::vector<BatchRecord>& batches() const { return m_batches; }
    const std::vector<EpochRecord>& epochs() const { return m_epochs; }
    // Dev entity F1 of each entity type, one point per epoch: when each type is learnt.
    const std::map<QString, QList<QPointF>>& devF1ByType() const { return m_devF1ByType; }
    bool isEmpty() const { return m_batches.empty() && m_epochs.empty(); }
    // The settings of the run being recorded, kept with its curves when it becomes the
    // previous run.
    void setRunSettings(const TrainingSettings& settings) { m_runSettings = settings; }
    const TrainingSettings& runSettings() const { return m_runSettings; }
    const std::optional<PreviousRun>& previousRun() const { return m_previous; }
    // What the current run changed against the previous one (settingsDifferences).
    QStringList previousRunDifferences() const;

    // The groups of parameters the batches report dynamics for (ner::GroupDynamics), in order.
    const QStringList& dynamicsGroups() const { return m_dynamicsGroups; }

    // One row per batch and per epoch, in the order they arrived: csvHeader()'s columns, then
    // dev_f1_TYPE for each entity type (filled on epoch rows), then grad_norm_GROUP and
    // update_ratio_GROUP for each group of parameters (filled on batch rows; spaces in a
    // group's name become underscores: grad_norm_lstm_1_forward).
    QString toCsv() const;
    static QString csvHeader();
    bool writeCsv(const QString& path, QString* error = nullptr) const;

public slots:
    void addBatch(const studio::BatchMetrics& metrics);
    void addEpoch(const studio::EpochMetrics& metrics);
    // Starts over for a new run. A run with at least one epoch becomes the previous run;
    // clearing an empty history keeps the previous run there is.
    void clear();
    void forgetPreviousRun();

signals:
    void changed(); // after every change: receivers coalesce their redraws

private:
    void appendBatchPoint(double x, double loss, double smoothed);
    void halveBatchPoints();
    QList<QPointF>& buffer(MetricSeries series) { return m_points[size_t(series)]; }

    std::vector<BatchRecord> m_batches;
    std::vector<EpochRecord> m_epochs;
    std::array<QList<QPointF>, kMetricSeriesCount> m_points;
    std::map<QString, QList<QPointF>> m_devF1ByType;
    QStringList m_dynamicsGroups;
    TrainingSettings m_runSettings;
    std::optional<PreviousRun> m_previous;

    int m_maxPoints = 2000;
    // Decimation of the batch series: each chart point stands for m_stride batches.
    int m_stride = 1;
    int m_bucketSize = 0;
    double m_bucketLossSum = 0;
    // Exponential moving average with bias correction (as Adam's moments), so the first
    // batches are not pulled towards zero.
    double m_ema = 0;
    double m_emaWeight = 0;
};

} // namespace studio
