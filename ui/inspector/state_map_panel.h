#pragma once
// The inspector's "Hidden states" tab: where one recurrent layer's hidden states lie over the dev
// sentences (ner::mapHiddenStates), each character's state a dot in its gold type's colour,
// with the inspector's sentence drawn over them as a path (StateMapView); a caption with the
// type agreement of the states, a layer selector and how many characters to map. The map is
// made on the inspector's InspectionWorker only while the tab is open, and redone with new
// weights at most every kIntervalMs (Throttle); the path is projected on the GUI thread (two
// dot products a character) whenever the sentence or the map changes.
#include "ui/state/reference_sentence.h"
#include "ui/workers/inspection_worker.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QSpinBox;

namespace studio {

class StateMapView;
class Throttle;

class StateMapPanel : public QWidget {
    Q_OBJECT
public:
    // 2,000 characters of the built-in corpus's dev split take about 70 ms on this machine's
    // build, most of it the type agreement's comparison of every pair of states.
    static constexpr int kIntervalMs = 2000;
    static constexpr int kDefaultCharacters = 2000;

    explicit StateMapPanel(InspectionWorker* worker, QWidget* parent = nullptr);

    StateMapView* view() const { return m_view; }
    QComboBox* layerBox() const { return m_layer; }
    QSpinBox* charactersBox() const { return m_characters; }
    QComboBox* colouringBox() const { return m_colouring; }
    QString caption() const;
    const StateMapResult& shownResult() const { return m_shown; }

    void setWeights(const WeightsSnapshot& weights);
    void setDataset(std::shared_ptr<const ner::TrainingData> dataset);
    // The inspector's sentence as last analysed; drawn as a path when its weights are the map's.
    void setSentence(const InspectionResult& sentence);
    // Whether the tab is the one shown: the map is made only then, at once on opening.
    void setActive(bool active);
    // The map the tab shows for the current weights, dataset, layer and count, made now on the
    // calling thread when it has none (for an export); without a map, `error` says why.
    StateMapResult mapNow() const;

signals:
    void sentenceChosen(const studio::ReferenceSentence& sentence); // a dot was clicked

private:
    StateMapRequest currentRequest() const; // id 0: the caller numbers it
    void requestMap();
    void showMap(const StateMapResult& result);
    void updatePath();
    void updateCaption();
    void describePoint(std::optional<int> index);

    InspectionWorker* m_worker;
    StateMapView* m_view;
    QLabel* m_caption;
    QComboBox* m_layer;
    QSpinBox* m_characters;
    QComboBox* m_colouring;
    Throttle* m_throttle;
    WeightsSnapshot m_weights;
    std::shared_ptr<const ner::TrainingData> m_data;
    InspectionResult m_sentence;
    StateMapResult m_shown;
    bool m_active = false;
    int m_lastRequest = 0;
    int m_requestedCharacters = 0; // the newest request's count
    int m_shownCharacters = 0;     // the count m_shown was made for
};

} // namespace studio
