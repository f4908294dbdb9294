#include "ui/state/app_settings.h"

#include "engine/nn/cell_description.h"

#include <QDir>
#include <QFileInfo>

#include <exception>

namespace studio {

AppSettings::AppSettings() = default;

TrainingSettings AppSettings::trainingSettings() const {
    TrainingSettings s = TrainingSettings::defaults();
    m_settings.beginGroup(QStringLiteral("model"));
    // By name ("gru"), as model files and the command line write it.
    if (const auto cell = ner::parseCell(
            m_settings.value("cell", QString::fromStdString(ner::cellName(s.model.cell)))
                .toString()
                .toStdString()))
        s.model.cell = *cell;
    s.model.layers = m_settings.value("layers", s.model.layers).toInt();
    s.model.linearBetween = m_settings.value("linearBetween", s.model.linearBetween).toBool();
    s.model.hiddenDim = m_settings.value("hidden", s.model.hiddenDim).toInt();
    s.model.embeddingDim = m_settings.value("embedding", s.model.embeddingDim).toInt();
    s.model.bidirectional = m_settings.value("bidirectional", s.model.bidirectional).toBool();
    s.model.output = m_settings.value("crf", s.model.output == ner::OutputLayer::Crf).toBool()
                         ? ner::OutputLayer::Crf
                         : ner::OutputLayer::Softmax;
    s.model.scheme = m_settings.value("bio", s.model.scheme == ner::TagScheme::Bio).toBool()
                         ? ner::TagScheme::Bio
                         : ner::TagScheme::Bioes;
    s.model.constrainedDecoding =
        m_settings.value("constrainedDecoding", s.model.constrainedDecoding).toBool();
    s.model.dropout = m_settings.value("dropout", s.model.dropout).toDouble();
    s.model.embeddingDropout =
        m_settings.value("embeddingDropout", s.model.embeddingDropout).toDouble();
    s.model.recurrentDropout =
        m_settings.value("recurrentDropout", s.model.recurrentDropout).toDouble();
    s.model.languageModelWeight =
        m_settings.value("languageModelWeight", s.model.languageModelWeight).toDouble();
    s.dictionary = m_settings.value("dictionary", s.dictionary).toBool();
    m_settings.endGroup();
    m_settings.beginGroup(QStringLiteral("training"));
    s.train.optimizer.kind =
        m_settings.value("sgd", s.train.optimizer.kind == ner::OptimizerKind::Sgd).toBool()
            ? ner::OptimizerKind::Sgd
            : ner::OptimizerKind::Adam;
    s.train.optimizer.learningRate =
        m_settings.value("learningRate", s.train.optimizer.learningRate).toDouble();
    s.train.batchSize = m_settings.value("batchSize", s.train.batchSize).toInt();
    s.train.epochs = m_settings.value("epochs", s.train.epochs).toInt();
    s.train.seed = m_settings.value("seed", quint64(s.train.seed)).toULongLong();
    s.train.threads = m_settings.value("threads", s.train.threads).toInt();
    m_settings.endGroup();
    // A stored value out of range (an edited file, an older version) falls back to defaults.
    try {
        s.model.validate();
        s.train.validate();
    } catch (const std::exception&) {
        return TrainingSettings::defaults();
    }
    return s;
}

void AppSettings::setTrainingSettings(const TrainingSettings& s) {
    m_settings.beginGroup(QStringLiteral("model"));
    m_settings.setValue("cell", QString::fromStdString(ner::cellName(s.model.cell)));
    m_settings.setValue("layers", s.model.layers);
    m_settings.setValue("linearBetween", s.model.linearBetween);
    m_settings.setValue("hidden", s.model.hiddenDim);
    m_settings.setValue("embedding", s.model.embeddingDim);
    m_settings.setValue("bidirectional", s.model.bidirectional);
    m_settings.setValue("crf", s.model.output == ner::OutputLayer::Crf);
    m_settings.setValue("bio", s.model.scheme == ner::TagScheme::Bio);
    m_settings.setValue("constrainedDecoding", s.model.constrainedDecoding);
    m_settings.setValue("dropout", s.model.dropout);
    m_settings.setValue("embeddingDropout", s.model.embeddingDropout);
    m_settings.setValue("recurrentDropout", s.model.recurrentDropout);
    m_settings.setValue("languageModelWeight", s.model.languageModelWeight);
    m_settings.setValue("dictionary", s.dictionary);
    m_settings.endGroup();
    m_settings.beginGroup(QStringLiteral("training"));
    m_settings.setValue("sgd", s.train.optimizer.kind == ner::OptimizerKind::Sgd);
    m_settings.setValue("learningRate", s.train.optimizer.learningRate);
    m_settings.setValue("batchSize", s.train.batchSize);
    m_settings.setValue("epochs", s.train.epochs);
    m_settings.setValue("seed", quint64(s.train.seed));
    m_settings.setValue("threads", s.train.threads);
    m_settings.endGroup();
}

QByteArray AppSettings::windowGeometry() const {
    return m_settings.value("window/geometry").toByteArray();
}

QByteArray AppSettings::windowState() const {
    return m_settings.value("window/state").toByteArray();
}

void AppSettings::setWindowLayout(const QByteArray& geometry, const QByteArray& state) {
    m_settings.setValue("window/geometry", geometry);
    m_settings.setValue("window/state", state);
}

QStringList AppSettings::recent(const QString& key) const {
    return m_settings.value(key).toStringList();
}

void AppSettings::addRecent(const QString& key, const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = recent(key);
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxRecent)
        list.removeLast();
    m_settings.setValue(key, list);
}

QStringList AppSettings::recentDatasets() const {
    return recent("recent/datasets");
}
QStringList AppSettings::recentModels() const {
    return recent("recent/models");
}
void AppSettings::addRecentDataset(const QString& path) {
    addRecent("recent/datasets", path);
}
void AppSettings::addRecentModel(const QString& path) {
    addRecent("recent/models", path);
}
void AppSettings::clearRecentDatasets() {
    m_settings.remove("recent/datasets");
}
void AppSettings::clearRecentModels() {
    m_settings.remove("recent/models");
}

QString AppSettings::lastDataset() const {
    return m_settings.value("data/last").toString();
}
void AppSettings::setLastDataset(const QString& path) {
    m_settings.setValue("data/last", path);
}

QString AppSettings::inspectorText() const {
    return m_settings.value("inspector/text").toString();
}
bool AppSettings::hasInspectorText() const {
    return m_settings.contains("inspector/text");
}
void AppSettings::setInspectorText(const QString& text) {
    m_settings.setValue("inspector/text", text);
}

HeatmapView AppSettings::heatmapView() const {
    HeatmapView v;
    if (m_settings.contains("inspector/gateSymbol")) {
        v.gate = m_settings.value("inspector/gateSymbol").toString();
    } else if (m_settings.contains("inspector/gate")) {
        // Before the studio had other cells it stored the LSTM gate's number: 5 was h.
        const ner::CellDescription& lstm = ner::describeCell(ner::CellType::Lstm);
        bool ok = false;
        const int gate = m_settings.value("inspector/gate").toInt(&ok);
        if (ok && gate >= 0 && gate < int(lstm.gates.size()))
            v.gate = QString::fromStdString(lstm.gates[size_t(gate)].symbol);
    }
    v.directions = m_settings.value("inspector/directions", v.directions).toInt();
    v.unitOrder = m_settings.value("inspector/unitOrder", v.unitOrder).toInt();
    return v;
}
void AppSettings::setHeatmapView(const HeatmapView& view) {
    m_settings.setValue("inspector/gateSymbol", view.gate);
    m_settings.setValue("inspector/directions", view.directions);
    m_settings.setValue("inspector/unitOrder", view.unitOrder);
}

bool AppSettings::lossLogScale() const {
    return m_settings.value("charts/logLoss").toBool();
}
void AppSettings::setLossLogScale(bool on) {
    m_settings.setValue("charts/logLoss", on);
}

namespace {
QDir recoveryDirectory(const QSettings& settings) {
    return QFileInfo(settings.fileName()).absoluteDir();
}
} // namespace

QString AppSettings::recoveryModelPath() const {
    const QDir dir = recoveryDirectory(m_settings);
    QString name = QStringLiteral("unsaved-model.lner");
    for (int n = 2; dir.exists(name); ++n)
        name = QStringLiteral("unsaved-model-%1.lner").arg(n);
    return dir.filePath(name);
}

bool AppSettings::isRecoveryModel(const QString& path) const {
    const QFileInfo file(path);
    return file.absoluteDir() == recoveryDirectory(m_settings) &&
           QDir::match(QStringLiteral("unsaved-model*.lner"), file.fileName());
}

QStringList AppSettings::recoveryModelsLeft() const {
    const QDir dir = recoveryDirectory(m_settings);
    QStringList paths;
    for (const QFileInfo& file :
         dir.entryInfoList({QStringLiteral("unsaved-model*.lner")}, QDir::Files, QDir::Time))
        paths << file.absoluteFilePath();
    return paths;
}

bool AppSettings::f1PerType() const {
    return m_settings.value("charts/f1PerType").toBool();
}
void AppSettings::setF1PerType(bool on) {
    m_settings.setValue("charts/f1PerType", on);
}

bool AppSettings::dynamicsShowsGradient() const {
    return m_settings.value("charts/dynamicsGradient").toBool();
}
void AppSettings::setDynamicsShowsGradient(bool on) {
    m_settings.setValue("charts/dynamicsGradient", on);
}

int AppSettings::characterMapSize() const {
    return m_settings.value("inspector/characterMapSize", 0).toInt();
}
void AppSettings::setCharacterMapSize(int characters) {
    m_settings.setValue("inspector/characterMapSize", characters);
}

int AppSettings::stateMapSize() const {
    return m_settings.value("inspector/stateMapSize", 0).toInt();
}
void AppSettings::setStateMapSize(int characters) {
    m_settings.setValue("inspector/stateMapSize", characters);
}

QString AppSettings::lastDirectory() const {
    return m_settings.value("files/lastDirectory", QDir::homePath()).toString();
}
void AppSettings::setLastDirectory(const QString& path) {
    m_settings.setValue("files/lastDirectory", path);
}

} // namespace studio
