#pragma once
// The hyper-parameter form: model shape (layers, sizes, direction, output layer, tag scheme),
// decoding, and training settings (dropout, recurrent dropout, next-character weight, optimiser,
// learning rate, batch, epochs, seed, threads).
#include "ui/training_messages.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace studio {

class HyperparameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit HyperparameterPanel(QWidget* parent = nullptr);

    TrainingSettings settings() const;
    void setSettings(const TrainingSettings& settings); // without emitting settingsChanged
    // Locks the fields that change the parameters' shapes, while a model of that shape exists.
    void setShapeLocked(bool locked);
    bool isShapeLocked() const { return m_shapeLocked; }

signals:
    void settingsChanged(const studio::TrainingSettings& settings);

private:
    QGroupBox* buildModelGroup();
    QGroupBox* buildTrainingGroup();
    void emitChanged();
    // The next-character objective does not apply above a first bidirectional layer.
    void updateLanguageModelField();

    QSpinBox* m_layers;
    QSpinBox* m_hidden;
    QSpinBox* m_embedding;
    QCheckBox* m_bidirectional;
    QComboBox* m_output;
    QComboBox* m_scheme;
    QComboBox* m_decoding; // not part of the shape: it may change between runs
    QDoubleSpinBox* m_dropout;
    QDoubleSpinBox* m_embeddingDropout;
    QDoubleSpinBox* m_recurrentDropout;
    QDoubleSpinBox* m_languageModelWeight;
    QComboBox* m_optimizer;
    QDoubleSpinBox* m_learningRate;
    QSpinBox* m_batch;
    QSpinBox* m_epochs;
    QSpinBox* m_seed;
    QSpinBox* m_threads;
    QLabel* m_lockNote;
    bool m_shapeLocked = false;
    bool m_updating = false;
    TrainingSettings m_base; // settings the form does not show are kept from here
};

} // namespace studio
