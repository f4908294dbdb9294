// MainWindow's file commands: datasets, models, metrics, gate and chart exports, drag and drop.
#include "ui/window/main_window.h"

#include "engine/analysis/embedding_map.h"
#include "engine/analysis/gate_saturation.h"
#include "engine/analysis/inspection_csv.h"
#include "engine/analysis/state_map.h"
#include "engine/model/model_file.h"
#include "ui/inspector/embedding_map_panel.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/state_map_panel.h"
#include "ui/state/app_settings.h"
#include "ui/state/counted.h"
#include "ui/state/dataset_session.h"
#include "ui/state/inspected_weights.h"
#include "ui/state/metrics_history.h"
#include "ui/state/training_session.h"
#include "ui/window/hyperparameter_panel.h"
#include "ui/window/recent_files_menu.h"
#include "ui/window/results_panel.h"
#include "ui/window/training_controls.h"
#include "ui/workers/model_loader.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDateTime>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSaveFile>
#include <QStatusBar>

#include <exception>
#include <sstream>

namespace studio {

namespace {
const QString kModelSuffix = QStringLiteral("lner");

bool isModelFile(const QString& path) {
    return QFileInfo(path).suffix().compare(kModelSuffix, Qt::CaseInsensitive) == 0;
}

// A wait cursor for the few synchronous file operations (datasets and models load in the
// background).
struct BusyCursor {
    BusyCursor() { QApplication::setOverrideCursor(Qt::WaitCursor); }
    ~BusyCursor() { QApplication::restoreOverrideCursor(); }
};
} // namespace

bool MainWindow::openDataset(const QString& path) {
    if (path.isEmpty()) return m_dataset->loadBuiltin();
    // In the background; onDatasetChanged() or the loadFailed handler follows.
    m_dataset->load(path);
    return true;
}

bool MainWindow::openModel(const QString& path) {
    if (!m_modelLoader->load(path)) return false; // one model file at a time
    statusBar()->showMessage(tr("Opening model %1…").arg(QFileInfo(path).fileName()));
    return true; // onModelRead() or the loader's `failed` follows
}

void MainWindow::onModelRead(const QString& path, std::shared_ptr<const ner::Tagger> model) {
    statusBar()->clearMessage();
    if (!confirmUnsavedModel(
            tr("Open model"),
            tr("Save the trained model before opening %1?").arg(QFileInfo(path).fileName())))
        return;
    // Show the model's shape in the form; Train then goes on from these weights if they fit
    // the dataset's vocabulary and tags, and starts a fresh model of this shape otherwise.
    TrainingSettings settings = m_hyperparameters->settings();
    settings.model = model->config();
    settings.dictionary = model->lexicon() != nullptr; // the file stores its dictionary
    m_hyperparameters->setSettings(settings);
    m_session->setSettings(settings);
    m_results->clear();
    m_controls->clearProgress();
    m_session->useModel(model, QFileInfo(path).fileName()); // then it is scored on dev
    // The recovery copy goes once the model is saved, and its folder is the settings' own:
    // neither a file to list among the recent nor a place to start the next dialog.
    if (!m_settings->isRecoveryModel(path)) {
        m_settings->addRecentModel(path);
        m_settings->setLastDirectory(QFileInfo(path).absolutePath());
        refreshRecentMenus();
    }
    statusBar()->showMessage(tr("Opened model %1: %2 characters, %3 tags")
                                 .arg(QFileInfo(path).fileName())
                                 .arg(model->vocabulary().size())
                                 .arg(model->tags().size()),
                             10000);
    if (path == m_recoveryBeingOpened) {
        // Shown like an opened file, but saved nowhere: closing asks to save it. Its copy is
        // now this session's: Save or Discard deletes it, and training on rewrites it.
        m_session->setRecoveryPath(path);
        m_session->markUnsaved();
        m_recoveryBeingOpened.clear();
    }
    emit modelOpened(path);
}

bool MainWindow::writeModel(const ner::Tagger& model, const QString& path) {
    try {
        BusyCursor busy;
        ner::saveModel(model, path.toStdString());
    } catch (const std::exception& e) {
        reportError(tr("Cannot save the model"), QString::fromStdString(e.what()));
        return false;
    }
    m_settings->addRecentModel(path);
    m_settings->setLastDirectory(QFileInfo(path).absolutePath()); // the next dialog starts there
    refreshRecentMenus();
    return true;
}

bool MainWindow::saveModel(const QString& path) {
    const auto model = m_session->modelToSave();
    if (!model) {
        reportError(tr("Nothing to save"), tr("There is no model yet."));
        return false;
    }
    if (!writeModel(*model, path)) return false;
    m_session->markSaved();
    statusBar()->showMessage(
        m_session->bestEpoch() > 0
            ? tr("Saved the best model (epoch %1) to %2").arg(m_session->bestEpoch()).arg(path)
            : tr("Saved the model to %1").arg(path),
        10000);
    return true;
}

bool MainWindow::saveChosenEpoch(const QString& path) {
    const WeightsSnapshot& chosen = m_inspected->weights();
    if (!chosen.isChosenEpoch()) {
        reportError(tr("No epoch chosen"),
                    tr("Click an epoch on a chart (or use View → Earlier epoch) first."));
        return false;
    }
    // Not the best model: trained weights nobody saved stay unsaved, and Save still asks.
    if (!writeModel(*chosen.tagger, path)) return false;
    statusBar()->showMessage(
        tr("Saved the weights after epoch %1 to %2").arg(chosen.epoch).arg(path), 10000);
    return true;
}

bool MainWindow::exportMetrics(const QString& path) {
    QString error;
    if (!m_session->history()->writeCsv(path, &error)) {
        reportError(tr("Cannot export the metrics"), QStringLiteral("%1: %2").arg(path, error));
        return false;
    }
    statusBar()->showMessage(tr("Metrics written to %1").arg(path), 8000);
    return true;
}

bool MainWindow::writeExport(const QString& path, const std::string& contents, const QString& what,
                             int characters) {
    QSaveFile file(path); // written whole or not at all
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::fromStdString(contents)) < 0 ||
        !file.commit()) {
        reportError(tr("Cannot export the %1").arg(what),
                    QStringLiteral("%1: %2").arg(path, file.errorString()));
        return false;
    }
    statusBar()->showMessage(tr("%1 of %2 written to %3")
                                 .arg(what.left(1).toUpper() + what.mid(1),
                                      counted(characters, tr("character"), tr("characters")), path),
                             8000);
    return true;
}

bool MainWindow::exportInfluence(const QString& path) {
    // Up to 150 characters: under half a second, on the GUI thread like a model save.
    BusyCursor busy;
    const InfluenceResult influence = m_inspector->influenceOfShownSentence();
    if (!influence.map) {
        reportError(tr("Nothing to export"), influence.error);
        return false;
    }
    std::ostringstream csv;
    ner::writeInfluenceCsv(*influence.analysis, *influence.map, csv);
    return writeExport(path, csv.str(), tr("influence map"), influence.map->length);
}

bool MainWindow::exportGateSaturation(const QString& path) {
    // What the tab shows; counted now when it has not (tens of milliseconds for a dev split of
    // a few hundred sentences), on the GUI thread like the other exports.
    BusyCursor busy;
    const SaturationResult counts = m_inspector->saturationOfShownWeights();
    if (!counts.profile) {
        reportError(tr("Nothing to export"), counts.error);
        return false;
    }
    if (counts.profile->gates.empty()) {
        reportError(tr("Nothing to export"),
                    tr("A tanh RNN has no sigmoid gates: there is no saturation to count."));
        return false;
    }
    std::ostringstream csv;
    ner::writeSaturationCsv(*counts.profile, csv);
    return writeExport(path, csv.str(), tr("gate saturation"), int(counts.profile->characters));
}

bool MainWindow::exportCharacterMap(const QString& path) {
    // The tab's map, or made now (about a millisecond), and each character's neighbours.
    BusyCursor busy;
    QString error;
    WeightsSnapshot weights;
    const auto map = m_inspector->characterMap()->mapNow(&weights, &error);
    if (!map) {
        reportError(tr("Nothing to export"), error);
        return false;
    }
    std::ostringstream csv;
    ner::writeEmbeddingMapCsv(*weights.tagger, *map, csv);
    return writeExport(path, csv.str(), tr("character map"), int(map->characters.size()));
}

bool MainWindow::exportHiddenStates(const QString& path) {
    // The tab's map, or made now (about 70 ms for 2,000 characters), on the GUI thread like
    // the other exports.
    BusyCursor busy;
    const StateMapResult map = m_inspector->stateMap()->mapNow();
    if (!map.profile) {
        reportError(tr("Nothing to export"), map.error);
        return false;
    }
    std::ostringstream csv;
    ner::writeStateMapCsv(*map.profile, csv);
    return writeExport(path, csv.str(), tr("hidden states"), int(map.profile->points.size()));
}

bool MainWindow::exportGateActivations(const QString& path) {
    const auto analysis = m_inspector->shownResult().analysis;
    if (!analysis || analysis->chars.empty()) {
        reportError(tr("Nothing to export"), tr("Type a sentence in the inspector first."));
        return false;
    }
    // Up to 300 characters × 128 units × 6 quantities per direction and layer: a second at
    // most (measured: 0.1 s for 100 characters, one layer), on the GUI thread like a model
    // save, so the same wait cursor.
    BusyCursor busy;
    std::ostringstream csv;
    ner::writeGateCsv(*analysis, csv);
    return writeExport(path, csv.str(), tr("gate activations"), int(analysis->chars.size()));
}

void MainWindow::chooseDataset() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open dataset"), m_settings->lastDirectory(),
        tr("Datasets (*.jsonl *.json *.conll *.txt *.bio *.bmes);;All files (*)"));
    if (!path.isEmpty()) openDataset(path);
}

void MainWindow::chooseModelToOpen() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open model"), m_settings->lastDirectory(),
                                     tr("LSTM NER models (*.%1);;All files (*)").arg(kModelSuffix));
    if (!path.isEmpty()) openModel(path);
}

QString MainWindow::chooseModelFile(const QString& title, const QString& name) {
    QString path =
        QFileDialog::getSaveFileName(this, title, m_settings->lastDirectory() + '/' + name,
                                     tr("LSTM NER models (*.%1)").arg(kModelSuffix));
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += '.' + kModelSuffix;
    return path;
}

bool MainWindow::chooseModelToSave() {
    const QString path = chooseModelFile(tr("Save model"), QStringLiteral("model.lner"));
    return !path.isEmpty() && saveModel(path);
}

void MainWindow::chooseEpochToSave() {
    const int epoch = m_inspected->weights().epoch;
    const QString path = chooseModelFile(tr("Save the chosen epoch's weights"),
                                         QStringLiteral("model-epoch%1.lner").arg(epoch));
    if (!path.isEmpty()) saveChosenEpoch(path);
}

bool MainWindow::confirmUnsavedModel(const QString& title, const QString& question) {
    if (!m_session->isActive() && !m_session->hasUnsavedModel()) return true;
    QMessageBox box(QMessageBox::Question, title, question,
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(tr("Save writes the weights with the best dev F1 so far."));
    box.button(QMessageBox::Save)->setText(tr("Save model…"));
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Discard) m_session->discardUnsaved();
    return answer != QMessageBox::Save || chooseModelToSave();
}

QMessageBox* MainWindow::recoveryOffer() const {
    return m_recoveryOffer;
}

void MainWindow::offerRecovery() {
    // Left by a studio that ended without Save or Discard: it crashed, or was killed. The
    // newest is offered; any older ones on later starts.
    const QStringList left = m_settings->recoveryModelsLeft();
    if (left.isEmpty()) return;
    const QString path = left.front();
    // Not modal: the window works meanwhile, and the offer waits until it is answered.
    auto* box = new QMessageBox(QMessageBox::Question, tr("Recover the unsaved model?"),
                                tr("The studio ended last time while it had a trained model "
                                   "nobody had saved."),
                                QMessageBox::NoButton, this);
    box->setInformativeText(
        tr("Open it to look at it, train on or save it (its best epoch, as of %1); Discard "
           "deletes it; Later asks again next time.")
            .arg(QLocale().toString(QFileInfo(path).lastModified(), QLocale::ShortFormat)));
    QPushButton* open = box->addButton(tr("Open"), QMessageBox::AcceptRole);
    QPushButton* discard = box->addButton(tr("Discard"), QMessageBox::DestructiveRole);
    box->addButton(tr("Later"), QMessageBox::RejectRole);
    box->setDefaultButton(open);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    connect(box, &QMessageBox::buttonClicked, this, [this, path, open, discard](auto* button) {
        if (button == discard) {
            QFile::remove(path);
            statusBar()->showMessage(tr("Discarded the unsaved model of the last session"), 8000);
        } else if (button == open) {
            m_recoveryBeingOpened = path; // onModelRead() shows it as saved nowhere yet
            openModel(path);
        }
    });
    m_recoveryOffer = box;
    box->show();
}

void MainWindow::chooseMetricsFile() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export metrics"), m_settings->lastDirectory() + QStringLiteral("/metrics.csv"),
        tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportMetrics(path);
}

void MainWindow::chooseGateActivationsFile() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export gate activations"),
        m_settings->lastDirectory() + QStringLiteral("/gates.csv"), tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportGateActivations(path);
}

void MainWindow::chooseInfluenceFile() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export influence map"),
        m_settings->lastDirectory() + QStringLiteral("/influence.csv"), tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportInfluence(path);
}

void MainWindow::chooseSaturationFile() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export gate saturation"),
                                                      m_settings->lastDirectory() +
                                                          QStringLiteral("/gate-saturation.csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportGateSaturation(path);
}

void MainWindow::chooseCharacterMapFile() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export character map"),
                                                      m_settings->lastDirectory() +
                                                          QStringLiteral("/character-map.csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportCharacterMap(path);
}

void MainWindow::chooseHiddenStatesFile() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export hidden states"),
                                                      m_settings->lastDirectory() +
                                                          QStringLiteral("/hidden-states.csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportHiddenStates(path);
}

void MainWindow::chooseChartFile(MetricsChart* chart) {
    const QString name = chart->title().toLower().replace(' ', '-') + QStringLiteral(".png");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save chart"), m_settings->lastDirectory() + '/' + name, tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    if (!chart->exportPng(path))
        reportError(tr("Cannot save the chart"), tr("Could not write %1.").arg(path));
    else
        statusBar()->showMessage(tr("Chart saved to %1").arg(path), 8000);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls() && mime->urls().size() == 1 && mime->urls().front().isLocalFile() &&
        !m_session->isActive() && !m_dataset->isLoading() && !m_modelLoader->isLoading())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = event->mimeData()->urls().front().toLocalFile();
    event->acceptProposedAction();
    openFile(path);
}

bool MainWindow::openFile(const QString& path) {
    return isModelFile(path) ? openModel(path) : openDataset(path);
}

} // namespace studio
