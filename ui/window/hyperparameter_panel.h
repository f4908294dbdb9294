#pragma once
// The hyper-parameter form: model shape (recurrent cell, layers, linear layers between them,
// sizes, direction, dictionary features, output layer, tag scheme), decoding, and training
// settings (dropout, recurrent dropout, next-character weight, optimiser, learning rate,
// batch, epochs, seed, threads).
#include "ui/workers/dictionary_loader.h"
#include "ui/workers/training_messages.h"

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
    // Whether jieba's dictionary can be used: the box is disabled while it is read, and
    // unticked and disabled when it cannot be, its tooltip saying why (`detail`: the error).
    // settings() keeps the user's choice either way, so it holds once the dictionary is back.
    void setDictionaryStatus(DictionaryStatus status, const QString& detail = QString(),
                             long words = 0);
    // The word count of the dictionary the current trained or opened model reads, 0 if none.
    // Train goes on with that copy (a model file stores it), so the box can be ticked even
    // while jieba's cannot be read, and its tooltip says which dictionary a run would read.
    void setModelDictionary(long words);

signals:
    void settingsChanged(const studio::TrainingSettings& settings);

private:
    QGroupBox* buildModelGroup();
    QGroupBox* buildTrainingGroup();
    void emitChanged();
    // The next-character objective does not apply above a first bidirectional layer.
    void updateLanguageModelField();
    void updateDictionaryField();
    // Linear layers between need two layers to go between.
    void updateLinearField();

    QComboBox* m_cell;
    QSpinBox* m_layers;
    QCheckBox* m_linearBetween;
    QSpinBox* m_hidden;
    QSpinBox* m_embedding;
    QCheckBox* m_bidirectional;
    QCheckBox* m_dictionary;
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
    bool m_dictionaryWanted = true; // the user's choice, whatever the box can show
    // Ready until told otherwise: a form without a loader (tests) behaves as an ordinary box.
    DictionaryStatus m_dictionaryStatus = DictionaryStatus::Ready;
    QString m_dictionaryDetail;
    long m_dictionaryWords = 0;
    long m_modelDictionaryWords = 0;
    bool m_updating = false;
    TrainingSettings m_base; // settings the form does not show are kept from here
};

} // namespace studio
