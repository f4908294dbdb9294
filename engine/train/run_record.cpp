#include "engine/train/run_record.h"

#include <stdexcept>

namespace ner {

namespace {
nlohmann::json modelJson(const ModelConfig& m) {
    return {{"cell", cellName(m.cell)},
            {"layers", m.layers},
            {"bidirectional", m.bidirectional},
            {"linear_between", m.linearBetween},
            {"output", outputLayerName(m.output)},
            {"embedding", m.embeddingDim},
            {"hidden", m.hiddenDim},
            {"dropout", m.dropout},
            {"embedding_dropout", m.embeddingDropout},
            {"recurrent_dropout", m.recurrentDropout},
            {"lm_weight", m.languageModelWeight},
            {"scheme", schemeName(m.scheme)}};
}

nlohmann::json trainJson(const TrainConfig& t) {
    return {{"optimizer", t.optimizer.kind == OptimizerKind::Sgd ? "sgd" : "adam"},
            {"lr", t.optimizer.learningRate},
            {"epochs", t.epochs},
            {"batch", t.batchSize},
            {"lr_decay", t.lrDecay},
            {"clip", t.clipNorm},
            {"l2", t.optimizer.l2}};
}

// The value at key, converted; std::invalid_argument naming the key when it is missing or of
// another type.
template <typename T> T field(const nlohmann::json& j, const char* key) {
    if (!j.is_object() || !j.contains(key))
        throw std::invalid_argument(std::string("no \"") + key + "\"");
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw std::invalid_argument(std::string("\"") + key + "\" is not a " +
                                    (std::is_same_v<T, std::string> ? "string" : "number"));
    }
}

ModelConfig modelFromJson(const nlohmann::json& j) {
    ModelConfig m;
    const std::string cell = field<std::string>(j, "cell");
    const auto parsed = parseCell(cell);
    if (!parsed) throw std::invalid_argument("unknown cell \"" + cell + "\"");
    m.cell = *parsed;
    m.layers = field<int>(j, "layers");
    m.bidirectional = field<bool>(j, "bidirectional");
    m.linearBetween = field<bool>(j, "linear_between");
    const std::string output = field<std::string>(j, "output");
    if (output != "crf" && output != "softmax")
        throw std::invalid_argument("unknown output \"" + output + "\"");
    m.output = output == "crf" ? OutputLayer::Crf : OutputLayer::Softmax;
    m.embeddingDim = field<int>(j, "embedding");
    m.hiddenDim = field<int>(j, "hidden");
    m.dropout = field<double>(j, "dropout");
    m.embeddingDropout = field<double>(j, "embedding_dropout");
    m.recurrentDropout = field<double>(j, "recurrent_dropout");
    m.languageModelWeight = field<double>(j, "lm_weight");
    const auto scheme = parseScheme(field<std::string>(j, "scheme"));
    if (!scheme) throw std::invalid_argument("unknown scheme");
    m.scheme = *scheme;
    m.validate();
    return m;
}

TrainConfig trainFromJson(const nlohmann::json& j) {
    TrainConfig t;
    t.optimizer.kind =
        field<std::string>(j, "optimizer") == "sgd" ? OptimizerKind::Sgd : OptimizerKind::Adam;
    t.optimizer.learningRate = field<double>(j, "lr");
    t.epochs = field<int>(j, "epochs");
    t.batchSize = field<int>(j, "batch");
    t.lrDecay = field<double>(j, "lr_decay");
    t.clipNorm = field<double>(j, "clip");
    t.optimizer.l2 = field<double>(j, "l2");
    return t;
}
} // namespace

nlohmann::json runToJson(const RunResult& r) {
    nlohmann::json curve = nlohmann::json::array();
    for (const RunEpoch& e : r.curve)
        curve.push_back({{"epoch", e.epoch},
                         {"train_loss", e.trainLoss},
                         {"dev_loss", e.devLoss},
                         {"dev_f1", e.devF1},
                         {"dev_token_accuracy", e.devTokenAccuracy}});
    return {{"version", kRunRecordVersion},
            {"configuration", r.key},
            {"name", r.name},
            {"dataset", r.dataset},
            {"model", modelJson(r.model)},
            {"train", trainJson(r.train)},
            {"seed", r.seed},
            {"finished", r.finished},
            {"epochs", r.epochs},
            {"best_epoch", r.bestEpoch},
            {"best_dev_f1", r.bestDevF1},
            {"test_f1", r.testF1},
            {"test_precision", r.testPrecision},
            {"test_recall", r.testRecall},
            {"test_token_accuracy", r.testTokenAccuracy},
            {"train_tokens_per_second", r.tokensPerSecond},
            {"parameters", r.parameters},
            {"seconds", r.seconds},
            {"curve", curve}};
}

RunResult runFromJson(const nlohmann::json& j) {
    if (!j.is_object()) throw std::invalid_argument("a run record is a JSON object");
    const int version = field<int>(j, "version");
    if (version != kRunRecordVersion)
        throw std::invalid_argument("run record version " + std::to_string(version) +
                                    " (this program reads " + std::to_string(kRunRecordVersion) +
                                    ")");
    RunResult r;
    r.key = field<std::string>(j, "configuration");
    r.name = field<std::string>(j, "name");
    r.dataset = field<std::string>(j, "dataset");
    try {
        r.model = modelFromJson(j.at("model"));
        r.train = trainFromJson(j.at("train"));
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("settings: ") + e.what());
    } catch (const nlohmann::json::exception&) {
        throw std::invalid_argument("no \"model\" or \"train\" settings");
    }
    r.seed = field<std::uint64_t>(j, "seed");
    r.train.seed = r.seed;
    r.finished = field<bool>(j, "finished");
    r.epochs = field<int>(j, "epochs");
    r.bestEpoch = field<int>(j, "best_epoch");
    r.bestDevF1 = field<double>(j, "best_dev_f1");
    r.testF1 = field<double>(j, "test_f1");
    r.testPrecision = field<double>(j, "test_precision");
    r.testRecall = field<double>(j, "test_recall");
    r.testTokenAccuracy = field<double>(j, "test_token_accuracy");
    r.tokensPerSecond = field<double>(j, "train_tokens_per_second");
    r.parameters = field<long>(j, "parameters");
    r.seconds = field<double>(j, "seconds");
    const nlohmann::json curve = j.contains("curve") ? j.at("curve") : nlohmann::json();
    if (!curve.is_array()) throw std::invalid_argument("\"curve\" is not a list");
    for (const nlohmann::json& e : curve)
        r.curve.push_back({field<int>(e, "epoch"), field<double>(e, "train_loss"),
                           field<double>(e, "dev_loss"), field<double>(e, "dev_f1"),
                           field<double>(e, "dev_token_accuracy")});
    return r;
}

} // namespace ner
