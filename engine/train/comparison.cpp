#include "engine/train/comparison.h"

#include "engine/train/evaluator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace ner {

ModelConfig ComparedConfiguration::applyTo(ModelConfig base) const {
    base.cell = cell;
    base.layers = layers;
    base.bidirectional = bidirectional;
    base.output = output;
    base.linearBetween = linearBetween;
    return base;
}

std::string architectureName(const ModelConfig& m) {
    std::string name =
        m.bidirectional && m.layers == 1 ? std::string() : std::to_string(m.layers) + "-layer ";
    name += (m.bidirectional ? "Bi" : "") + cellTitle(m.cell);
    if (m.output == OutputLayer::Crf) name += "-CRF";
    if (m.linearBetween) name += ", linear between";
    return name;
}

std::vector<ComparedConfiguration> originalExperiment() {
    const OutputLayer softmax = OutputLayer::Softmax, crf = OutputLayer::Crf;
    const CellType rnn = CellType::Rnn, gru = CellType::Gru, lstm = CellType::Lstm;
    std::vector<ComparedConfiguration> list = {
        {"rnn3", "", rnn, 3, false, softmax, false},
        {"lstm1", "", lstm, 1, false, softmax, false},
        {"lstm3-linear", "", lstm, 3, false, softmax, true},
        {"bilstm", "", lstm, 1, true, softmax, false},
        {"bilstm-crf", "", lstm, 1, true, crf, false},
        {"gru1", "", gru, 1, false, softmax, false},
        {"gru3-linear", "", gru, 3, false, softmax, true},
        {"bigru", "", gru, 1, true, softmax, false},
        {"bigru-crf", "", gru, 1, true, crf, false},
    };
    for (ComparedConfiguration& c : list)
        c.name = architectureName(c.applyTo(ModelConfig{}));
    return list;
}

namespace {
// Records each epoch's figures for the curve and passes everything on.
class CurveRecorder : public TrainingObserver {
public:
    CurveRecorder(std::vector<RunEpoch>& curve, TrainingObserver* next)
        : m_curve(curve), m_next(next) {}
    void onBatch(const BatchProgress& p) override {
        if (m_next) m_next->onBatch(p);
    }
    void onEpoch(const EpochReport& r) override {
        m_curve.push_back(
            {r.epoch, r.trainLoss, r.dev.loss, r.dev.entities.overall.f1(), r.dev.tokenAccuracy});
        m_seconds += r.seconds;
        m_tokens += r.tokensPerSecond * r.seconds;
        if (m_next) m_next->onEpoch(r);
    }
    double tokensPerSecond() const { return m_seconds > 0 ? m_tokens / m_seconds : 0; }

private:
    std::vector<RunEpoch>& m_curve;
    TrainingObserver* m_next;
    double m_seconds = 0, m_tokens = 0;
};
} // namespace

ComparisonRun::ComparisonRun(const TrainingData& data, const ComparedConfiguration& configuration,
                             const ModelConfig& base, const TrainConfig& train, std::uint64_t seed,
                             SharedLexicon lexicon)
    : ComparisonRun(data, configuration, base, train, seed,
                    planTraining(data, configuration.applyTo(base), seed, std::move(lexicon))) {}

ComparisonRun::ComparisonRun(const TrainingData& data, const ComparedConfiguration& configuration,
                             const ModelConfig&, const TrainConfig& train, std::uint64_t seed,
                             TrainingPlan plan)
    : m_test(std::move(plan.test)), m_trainer(
                                        plan.model,
                                        [&] {
                                            TrainConfig t = train;
                                            t.seed = seed;
                                            return t;
                                        }(),
                                        std::move(plan.train), std::move(plan.dev)) {
    m_result.key = configuration.key;
    m_result.name = configuration.name;
    m_result.dataset = data.name;
    m_result.model = plan.model.config();
    m_result.train = m_trainer.config();
    m_result.seed = seed;
    m_result.parameters = plan.model.parameterCount();
}

RunResult ComparisonRun::run(TrainingObserver* observer) {
    const auto start = std::chrono::steady_clock::now();
    RunResult result = m_result;
    CurveRecorder recorder(result.curve, observer);
    if (!m_trainer.run(&recorder)) return result; // stopped: not finished
    result.finished = true;
    result.epochs = m_trainer.epochsDone();
    result.bestEpoch = m_trainer.bestEpoch();
    result.bestDevF1 = m_trainer.bestDevF1();
    result.tokensPerSecond = recorder.tokensPerSecond();
    const Tagger best = m_trainer.bestModel();
    TaggerNetwork network(m_trainer.config().threads);
    const Evaluation test = evaluate(best, m_test, network);
    result.testF1 = test.entities.overall.f1();
    result.testPrecision = test.entities.overall.precision();
    result.testRecall = test.entities.overall.recall();
    result.testTokenAccuracy = test.tokenAccuracy;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

double allOutsideAccuracy(const std::vector<Sentence>& sentences) {
    long outside = 0, all = 0;
    for (const Sentence& s : sentences)
        for (const std::string& tag : s.tags) {
            outside += tag == "O" ? 1 : 0;
            ++all;
        }
    return all > 0 ? double(outside) / double(all) : 0.0;
}

ScoreSummary summarise(const std::vector<double>& values) {
    ScoreSummary s;
    const size_t n = values.size();
    if (n == 0) return s;
    double sum = 0;
    for (double v : values)
        sum += v;
    s.mean = sum / double(n);
    s.min = *std::min_element(values.begin(), values.end());
    s.max = *std::max_element(values.begin(), values.end());
    s.low = s.high = s.mean;
    if (n < 2) return s;
    double squares = 0;
    for (double v : values)
        squares += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(squares / double(n - 1));
    // Student's t, two-sided 95 %, for n − 1 degrees of freedom (1…30; beyond, the normal's).
    static const double t95[] = {12.706, 4.303, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
                                 2.228,  2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110,
                                 2.101,  2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
                                 2.056,  2.052, 2.048, 2.045, 2.042, 2.042};
    const size_t df = n - 1;
    const double t = df <= std::size(t95) ? t95[df - 1] : 1.960;
    const double half = t * s.sd / std::sqrt(double(n));
    s.low = s.mean - half;
    s.high = s.mean + half;
    return s;
}

std::vector<ConfigurationSummary> summariseRuns(const std::vector<RunResult>& runs,
                                                const std::vector<std::string>& order) {
    std::vector<ConfigurationSummary> out;
    for (const std::string& key : order) {
        std::vector<double> f1, accuracy, dev, speed;
        ConfigurationSummary c;
        for (const RunResult& r : runs)
            if (r.key == key && r.finished) {
                c.key = r.key;
                c.name = r.name;
                c.parameters = r.parameters;
                f1.push_back(r.testF1);
                accuracy.push_back(r.testTokenAccuracy);
                dev.push_back(r.bestDevF1);
                speed.push_back(r.tokensPerSecond);
            }
        if (f1.empty()) continue;
        c.runs = int(f1.size());
        c.testF1 = summarise(f1);
        c.testTokenAccuracy = summarise(accuracy);
        c.bestDevF1 = summarise(dev);
        c.tokensPerSecond = summarise(speed).mean;
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace ner
