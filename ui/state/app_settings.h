#pragma once
// What the studio remembers between sessions, through QSettings under the organisation
// "LSTM NER Studio": window layout, hyper-parameters, recent files, the last dataset, the
// inspector's sentence and what its heatmap shows.
#include "ui/workers/training_messages.h"

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace studio {

class AppSettings {
public:
    static constexpr const char* kOrganization = "LSTM NER Studio";
    static constexpr const char* kApplication = "LSTM NER Studio";
    static constexpr int kMaxRecent = 8;

    AppSettings(); // the application's QSettings (organisation and name set in main)

    TrainingSettings trainingSettings() const; // defaults where nothing is stored
    void setTrainingSettings(const TrainingSettings& settings);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowLayout(const QByteArray& geometry, const QByteArray& state);

    QStringList recentDatasets() const;
    QStringList recentModels() const;
    void addRecentDataset(const QString& path);
    void addRecentModel(const QString& path);
    void clearRecentDatasets();
    void clearRecentModels();

    QString lastDataset() const; // empty: the built-in corpus
    void setLastDataset(const QString& path);
    QString inspectorText() const;
    bool hasInspectorText() const;
    void setInspectorText(const QString& text);
    HeatmapView heatmapView() const; // defaults where nothing is stored
    void setHeatmapView(const HeatmapView& view);
    bool lossLogScale() const;
    void setLossLogScale(bool on);
    // Where training keeps its best weights until they are saved or discarded, beside the
    // settings file, so that a studio that crashes or is killed loses no trained model:
    // unsaved-model.lner, or unsaved-model-2.lner … when earlier ones are still there (so that
    // a model left behind is never overwritten before the user has decided about it).
    QString recoveryModelPath() const;
    // The models earlier sessions left there, newest first.
    QStringList recoveryModelsLeft() const;
    bool isRecoveryModel(const QString& path) const; // one of those files
    bool f1PerType() const;                          // the F1 chart's "per type" box
    void setF1PerType(bool on);
    // The Learning dynamics dock shows gradient norms (else update ÷ weight, the default).
    bool dynamicsShowsGradient() const;
    void setDynamicsShowsGradient(bool on);
    int characterMapSize() const; // the Character map's count; 0 when nothing is stored
    void setCharacterMapSize(int characters);
    int stateMapSize() const; // the Hidden states tab's count; 0 when nothing is stored
    void setStateMapSize(int characters);
    QString lastDirectory() const;
    void setLastDirectory(const QString& path);

private:
    QStringList recent(const QString& key) const;
    void addRecent(const QString& key, const QString& path);

    mutable QSettings m_settings;
};

} // namespace studio
