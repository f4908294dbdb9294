#include "ui/window/hyperparameter_panel.h"

#include "engine/nn/cell_description.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace studio {

namespace {
QSpinBox* spinBox(int min, int max, int step = 1) {
    auto* box = new QSpinBox;
    box->setRange(min, max);
    box->setSingleStep(step);
    box->setAccelerated(true);
    return box;
}
} // namespace

HyperparameterPanel::HyperparameterPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildModelGroup());
    layout->addWidget(buildTrainingGroup());
    m_lockNote = new QLabel(tr("The model's shape is fixed while it exists; Reset to change "
                               "it. Training settings apply from the next Train."));
    m_lockNote->setWordWrap(true);
    m_lockNote->setStyleSheet(QStringLiteral("color: #8a6d3b;"));
    m_lockNote->setVisible(false);
    layout->addWidget(m_lockNote);
    layout->addStretch(1);
    // A spin box's minimum width fits its widest value (the seed's is ten digits), which
    // made the form wider than its dock: the fields were cut off at the right edge and the
    // form scrolled sideways when one took focus. They may shrink to what a value needs.
    for (QWidget* field : findChildren<QAbstractSpinBox*>())
        field->setMinimumWidth(70);
    for (QWidget* field : findChildren<QComboBox*>())
        field->setMinimumWidth(70);
    setSettings(TrainingSettings::defaults());
}

QGroupBox* HyperparameterPanel::buildModelGroup() {
    auto* group = new QGroupBox(tr("Model"));
    auto* form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_cell = new QComboBox;
    m_cell->setObjectName(QStringLiteral("cell"));
    for (ner::CellType cell : ner::kAllCells)
        m_cell->addItem(QString::fromStdString(ner::cellTitle(cell)), int(cell));
    m_cell->setToolTip(
        tr("<p>The recurrent cell of every layer.</p><p><b>RNN</b>: h = tanh(W<sub>x</sub> x + "
           "W<sub>h</sub> h + b), no gates. <b>GRU</b>: a reset gate r and an update gate z "
           "that keeps the unit's state. <b>LSTM</b>: input, forget and output gates around a "
           "cell state c.</p><p>The inspector shows whichever gates the cell has.</p>"));
    m_layers = spinBox(1, 4);
    m_layers->setObjectName(QStringLiteral("layers"));
    m_linearBetween = new QCheckBox(tr("Linear layers between"));
    m_linearBetween->setObjectName(QStringLiteral("linearBetween"));
    m_hidden = spinBox(4, 1024, 16);
    m_embedding = spinBox(4, 1024, 10);
    m_bidirectional = new QCheckBox(tr("Bidirectional"));
    m_dictionary = new QCheckBox(tr("Dictionary features"));
    m_dictionary->setObjectName(QStringLiteral("dictionaryFeatures"));
    m_output = new QComboBox;
    m_output->addItem(tr("CRF"), int(ner::OutputLayer::Crf));
    m_output->addItem(tr("Softmax"), int(ner::OutputLayer::Softmax));
    m_scheme = new QComboBox;
    m_scheme->addItem(QStringLiteral("BIOES"), int(ner::TagScheme::Bioes));
    m_scheme->addItem(QStringLiteral("BIO"), int(ner::TagScheme::Bio));
    form->addRow(tr("Cell"), m_cell);
    form->addRow(tr("Layers"), m_layers);
    // Across both columns: in the field column its text made the form wider than its dock.
    form->addRow(m_linearBetween);
    form->addRow(tr("Hidden units"), m_hidden);
    form->addRow(tr("Embedding size"), m_embedding);
    form->addRow(QString(), m_bidirectional);
    form->addRow(QString(), m_dictionary);
    form->addRow(tr("Output layer"), m_output);
    m_decoding = new QComboBox;
    m_decoding->setObjectName(QStringLiteral("decoding"));
    m_decoding->addItem(tr("Constrained"), true);
    m_decoding->addItem(tr("Free"), false);
    form->addRow(tr("Tag scheme"), m_scheme);
    form->addRow(tr("Decoding"), m_decoding);
    m_hidden->setToolTip(tr("Hidden units per direction"));
    m_scheme->setToolTip(tr("The scheme the model predicts in; scores use the data's own"));
    for (QSpinBox* box : {m_layers, m_hidden, m_embedding})
        connect(box, &QSpinBox::valueChanged, this, &HyperparameterPanel::emitChanged);
    connect(m_bidirectional, &QCheckBox::toggled, this, &HyperparameterPanel::emitChanged);
    connect(m_linearBetween, &QCheckBox::toggled, this, &HyperparameterPanel::emitChanged);
    connect(m_dictionary, &QCheckBox::toggled, this, [this](bool on) {
        m_dictionaryWanted = on; // by hand: updateDictionaryField() sets it without signals
        emitChanged();
    });
    m_decoding->setToolTip(
        tr("Constrained: the tagger outputs only tag sequences the scheme can write (in BIOES "
           "no I- after O). Free: whatever scores highest. The dev scores use it, so it also "
           "decides which epoch is kept."));
    for (QComboBox* box : {m_cell, m_output, m_scheme, m_decoding})
        connect(box, &QComboBox::currentIndexChanged, this, &HyperparameterPanel::emitChanged);
    return group;
}

QGroupBox* HyperparameterPanel::buildTrainingGroup() {
    auto* group = new QGroupBox(tr("Training"));
    auto* form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_dropout = new QDoubleSpinBox;
    m_dropout->setRange(0.0, 0.9);
    m_dropout->setSingleStep(0.05);
    m_dropout->setDecimals(2);
    m_embeddingDropout = new QDoubleSpinBox;
    m_embeddingDropout->setObjectName(QStringLiteral("embeddingDropout"));
    m_embeddingDropout->setRange(0.0, 0.9);
    m_embeddingDropout->setSingleStep(0.05);
    m_embeddingDropout->setDecimals(2);
    m_recurrentDropout = new QDoubleSpinBox;
    m_recurrentDropout->setObjectName(QStringLiteral("recurrentDropout"));
    m_recurrentDropout->setRange(0.0, 0.9);
    m_recurrentDropout->setSingleStep(0.05);
    m_recurrentDropout->setDecimals(2);
    m_languageModelWeight = new QDoubleSpinBox;
    m_languageModelWeight->setObjectName(QStringLiteral("languageModelWeight"));
    m_languageModelWeight->setRange(0.0, 10.0);
    m_languageModelWeight->setSingleStep(0.05);
    m_languageModelWeight->setDecimals(2);
    m_optimizer = new QComboBox;
    m_optimizer->addItem(QStringLiteral("Adam"), int(ner::OptimizerKind::Adam));
    m_optimizer->addItem(tr("SGD (momentum)"), int(ner::OptimizerKind::Sgd));
    m_learningRate = new QDoubleSpinBox;
    m_learningRate->setRange(0.00001, 2.0);
    m_learningRate->setDecimals(5);
    m_learningRate->setSingleStep(0.001);
    m_batch = spinBox(1, 512);
    m_epochs = spinBox(1, 1000);
    m_seed = spinBox(0, std::numeric_limits<int>::max());
    m_threads = spinBox(1, std::max(1, QThread::idealThreadCount()));
    form->addRow(tr("Dropout"), m_dropout);
    form->addRow(tr("Embedding dropout"), m_embeddingDropout);
    form->addRow(tr("Recurrent dropout"), m_recurrentDropout);
    form->addRow(tr("Next-character weight"), m_languageModelWeight);
    form->addRow(tr("Optimiser"), m_optimizer);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Threads"), m_threads);
    m_seed->setToolTip(tr("Initial weights, batch order and dropout"));
    m_dropout->setToolTip(tr("On each recurrent layer's output, while training"));
    m_embeddingDropout->setToolTip(tr("On the character embeddings, while training"));
    m_recurrentDropout->setToolTip(
        tr("On each cell's previous hidden state, one mask per sentence, while training"));
    for (QDoubleSpinBox* box :
         {m_dropout, m_embeddingDropout, m_recurrentDropout, m_languageModelWeight})
        connect(box, &QDoubleSpinBox::valueChanged, this, &HyperparameterPanel::emitChanged);
    connect(m_learningRate, &QDoubleSpinBox::valueChanged, this, &HyperparameterPanel::emitChanged);
    connect(m_optimizer, &QComboBox::currentIndexChanged, this, &HyperparameterPanel::emitChanged);
    for (QSpinBox* box : {m_batch, m_epochs, m_seed, m_threads})
        connect(box, &QSpinBox::valueChanged, this, &HyperparameterPanel::emitChanged);
    return group;
}

TrainingSettings HyperparameterPanel::settings() const {
    TrainingSettings s = m_base;
    s.model.cell = ner::CellType(m_cell->currentData().toInt());
    s.model.layers = m_layers->value();
    // Kept ticked while there is one layer, for when there are two again; it needs two.
    s.model.linearBetween = m_linearBetween->isChecked() && s.model.layers >= 2;
    s.model.hiddenDim = m_hidden->value();
    s.model.embeddingDim = m_embedding->value();
    s.model.bidirectional = m_bidirectional->isChecked();
    s.dictionary = m_dictionaryWanted;
    s.model.output = ner::OutputLayer(m_output->currentData().toInt());
    s.model.scheme = ner::TagScheme(m_scheme->currentData().toInt());
    s.model.constrainedDecoding = m_decoding->currentData().toBool();
    s.model.dropout = m_dropout->value();
    s.model.embeddingDropout = m_embeddingDropout->value();
    s.model.recurrentDropout = m_recurrentDropout->value();
    s.model.languageModelWeight = m_languageModelWeight->value();
    s.train.optimizer.kind = ner::OptimizerKind(m_optimizer->currentData().toInt());
    s.train.optimizer.learningRate = m_learningRate->value();
    s.train.batchSize = m_batch->value();
    s.train.epochs = m_epochs->value();
    s.train.seed = std::uint64_t(m_seed->value());
    s.train.threads = m_threads->value();
    return s;
}

void HyperparameterPanel::setSettings(const TrainingSettings& s) {
    m_updating = true;
    m_base = s;
    m_cell->setCurrentIndex(std::max(0, m_cell->findData(int(s.model.cell))));
    m_layers->setValue(s.model.layers);
    m_linearBetween->setChecked(s.model.linearBetween);
    m_hidden->setValue(s.model.hiddenDim);
    m_embedding->setValue(s.model.embeddingDim);
    m_bidirectional->setChecked(s.model.bidirectional);
    m_dictionaryWanted = s.dictionary;
    updateDictionaryField();
    m_output->setCurrentIndex(m_output->findData(int(s.model.output)));
    m_scheme->setCurrentIndex(std::max(0, m_scheme->findData(int(s.model.scheme))));
    m_decoding->setCurrentIndex(m_decoding->findData(s.model.constrainedDecoding));
    m_dropout->setValue(s.model.dropout);
    m_embeddingDropout->setValue(s.model.embeddingDropout);
    m_recurrentDropout->setValue(s.model.recurrentDropout);
    m_languageModelWeight->setValue(s.model.languageModelWeight);
    updateLanguageModelField();
    updateLinearField();
    m_optimizer->setCurrentIndex(m_optimizer->findData(int(s.train.optimizer.kind)));
    m_learningRate->setValue(s.train.optimizer.learningRate);
    m_batch->setValue(s.train.batchSize);
    m_epochs->setValue(s.train.epochs);
    m_seed->setValue(int(std::min<std::uint64_t>(s.train.seed, std::uint64_t(m_seed->maximum()))));
    m_threads->setValue(s.train.threads);
    m_updating = false;
}

void HyperparameterPanel::setShapeLocked(bool locked) {
    m_shapeLocked = locked;
    for (QWidget* w : std::initializer_list<QWidget*>{m_cell, m_layers, m_hidden, m_embedding,
                                                      m_bidirectional, m_output, m_scheme})
        w->setEnabled(!locked);
    m_lockNote->setVisible(locked);
    updateLanguageModelField();
    updateLinearField();
    updateDictionaryField();
}

void HyperparameterPanel::setDictionaryStatus(DictionaryStatus status, const QString& detail,
                                              long words) {
    m_dictionaryStatus = status;
    m_dictionaryDetail = detail;
    m_dictionaryWords = words;
    updateDictionaryField();
}

void HyperparameterPanel::setModelDictionary(long words) {
    m_modelDictionaryWords = words;
    updateDictionaryField();
}

void HyperparameterPanel::updateDictionaryField() {
    const bool failed = m_dictionaryStatus == DictionaryStatus::Failed;
    const bool modelHasOne = m_modelDictionaryWords > 0;
    // Unticked when no dictionary can be read: the run will not have one, and the box says
    // so. Not a change of the user's choice, so no toggled().
    {
        const QSignalBlocker quiet(m_dictionary);
        m_dictionary->setChecked(m_dictionaryWanted && (modelHasOne || !failed));
    }
    // Part of the shape (lexicon.E), so it locks with it.
    m_dictionary->setEnabled((modelHasOne || m_dictionaryStatus == DictionaryStatus::Ready) &&
                             !m_shapeLocked);
    const QString size =
        m_dictionaryWords > 0 ? tr(" (%L1 words)").arg(qlonglong(m_dictionaryWords)) : QString();
    // Rich text, which tooltips wrap (plain text would be one line across the screen).
    const QString what =
        tr("<p>Each character also reads which words of jieba's dictionary%1 cover it, its "
           "position in them and their kind (person, place, organisation, …), and where "
           "jieba's segmentation puts word boundaries: one learnt embedding column per "
           "feature, added to the character's.</p>")
            .arg(size);
    const QString unavailable = tr("<p><b>Unavailable</b>, so models train without it: %1</p>")
                                    .arg(m_dictionaryDetail.toHtmlEscaped());
    if (modelHasOne) {
        // Before jieba's own state: this copy is the one Train goes on with.
        m_dictionary->setToolTip(
            tr("<p><b>This model reads its own copy</b> of its dictionary (%L1 words), which "
               "its model file stores; training goes on with it.</p>")
                .arg(qlonglong(m_modelDictionaryWords)) +
            (failed ? tr("<p>jieba's dictionary, for a new model:</p>") + unavailable : QString()) +
            what);
        return;
    }
    switch (m_dictionaryStatus) {
    case DictionaryStatus::Ready:
        m_dictionary->setToolTip(what);
        break;
    case DictionaryStatus::Loading:
        m_dictionary->setToolTip(tr("<p><b>Reading the dictionary</b> (%1)…</p>")
                                     .arg(m_dictionaryDetail.toHtmlEscaped()) +
                                 what);
        break;
    case DictionaryStatus::Failed:
        m_dictionary->setToolTip(unavailable + what);
        break;
    }
}

void HyperparameterPanel::updateLanguageModelField() {
    // Its heads are parameters, so the weight locks with the shape (0 means no heads).
    const bool applies = m_layers->value() == 1 || !m_bidirectional->isChecked();
    m_languageModelWeight->setEnabled(applies && !m_shapeLocked);
    m_languageModelWeight->setToolTip(
        applies ? tr("Training only: each direction also learns to predict the next character "
                     "it reads (0: off)")
                : tr("Off: above a first bidirectional layer each direction has already read "
                     "the character it would predict"));
}

void HyperparameterPanel::updateLinearField() {
    // Its W and b are parameters, so it locks with the shape.
    const bool stacked = m_layers->value() >= 2;
    m_linearBetween->setEnabled(stacked && !m_shapeLocked);
    m_linearBetween->setToolTip(
        stacked ? tr("An affine layer (W x + b) between each two stacked recurrent layers: the "
                     "next layer reads a learnt mix of the one below")
                : tr("Needs two or more layers: it goes between them"));
}

void HyperparameterPanel::emitChanged() {
    updateLanguageModelField();
    updateLinearField();
    if (!m_updating) emit settingsChanged(settings());
}

} // namespace studio
