#pragma once
// The inspector's "Character map" tab: where the model has put its characters. The most
// frequent characters of the training sentences are drawn at the two principal coordinates of
// their learnt embedding columns (ner::mapEmbeddings), coloured by the entity type each mostly
// sits in; hovering one names its nearest neighbours by cosine similarity, clicking one (or
// typing it in the find box) keeps it chosen, with lines to its neighbours and its path
// through the run's kept epochs, across new weights and chosen epochs. Stepping through the
// epochs shows the map organise itself.
//
// The map is made on the GUI thread: counting the characters is done once per dataset and
// vocabulary, and projecting 300 columns of 100 numbers is a 100 × 100 eigenproblem, about
// a millisecond (see ui/README.md). It is redone with new weights at most every kIntervalMs,
// and only while the tab is open.
#include "engine/analysis/embedding_map.h"
#include "engine/train/training_setup.h"
#include "ui/inspector/embedding_map_view.h"
#include "ui/workers/training_messages.h"

#include <QWidget>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace studio {

class SparkLine;
class Throttle;

class EmbeddingMapPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 1000;
    static constexpr int kNeighbours = ner::kMapNeighbours; // listed, and the agreement's k
    static constexpr int kDefaultCharacters = 300;

    explicit EmbeddingMapPanel(QWidget* parent = nullptr);

    EmbeddingMapView* view() const { return m_view; }
    QSpinBox* charactersBox() const { return m_count; }
    QLineEdit* findBox() const { return m_find; }
    QString caption() const;
    // The type agreement after each kept epoch of the run, against chance (dashed), the epoch
    // shown marked: how the embeddings sorted themselves over the run.
    SparkLine* agreementByEpoch() const { return m_agreementLine; }
    QString neighboursText() const;
    // The character chosen by a click or the find box, kept across new weights.
    const QString& chosenCharacter() const { return m_chosen; }

    // The weights kept after each epoch of the run (TrainingSession::epochWeights), asked
    // for whenever the chosen character's path through them is drawn; none by default.
    using EpochCopies = std::vector<std::pair<int, std::shared_ptr<const ner::Tagger>>>;
    void setEpochSource(std::function<EpochCopies()> source) { m_epochSource = std::move(source); }

    void setWeights(const WeightsSnapshot& weights);
    void setDataset(std::shared_ptr<const ner::TrainingData> dataset);
    // The inspector's sentence: its characters are marked on the map.
    void setSentence(const std::vector<std::string>& characters);
    // Whether the tab is the one shown: the map is made only then, at once on opening.
    void setActive(bool active);
    // Chooses a character (empty: none); one the model does not know is reported instead.
    void chooseCharacter(const QString& character);
    // The map the tab shows for the current weights, made now if the tab has not (for an
    // export), and the weights it is of; null, with `error` saying why, without a model or
    // training sentences.
    std::shared_ptr<const ner::EmbeddingMap> mapNow(WeightsSnapshot* weights, QString* error) const;

private:
    // The map of these weights over the dataset's training sentences, aligned with `previous`;
    // counts the characters again first when the dataset or the vocabulary changed.
    std::shared_ptr<const ner::EmbeddingMap> makeMap(const ner::Tagger& model,
                                                     const ner::EmbeddingMap* previous) const;
    void remap();
    void showChosen();
    // The path of character `id` through the kept epochs, projected on the map shown.
    std::vector<EmbeddingMapView::TrailPoint> trailOf(int id) const;
    // Each kept epoch's type agreement, on its own map of the characters mapped now; an
    // epoch's figure is kept with its weights, so that each is computed once.
    void showAgreementByEpoch();
    void showTooltip(std::optional<int> id);
    QString describe(const ner::MappedCharacter& c) const;
    QString neighbourList(const std::vector<ner::Neighbour>& neighbours) const;

    EmbeddingMapView* m_view;
    QLabel* m_caption;
    QSpinBox* m_count;
    QLineEdit* m_find;
    QLabel* m_neighbours;
    QLabel* m_agreementLabel;
    SparkLine* m_agreementLine;
    // Agreements already computed, by epoch copy, and what they were computed with.
    std::map<std::weak_ptr<const ner::Tagger>, ner::TypeAgreement, std::owner_less<>> m_agreements;
    std::shared_ptr<const ner::CharacterUsage> m_agreementUsage;
    int m_agreementCharacters = 0;
    Throttle* m_throttle;
    WeightsSnapshot m_weights;
    std::shared_ptr<const ner::TrainingData> m_data;
    // The character counts and what they were counted for (the dataset and the model's
    // vocabulary): a cache, which the const makeMap() refills too.
    mutable std::shared_ptr<const ner::TrainingData> m_usageData;
    mutable std::vector<std::string> m_usageTokens;
    mutable std::shared_ptr<const ner::CharacterUsage> m_usage;
    WeightsSnapshot m_mapped;                              // the weights the shown map is of
    std::shared_ptr<const ner::TrainingData> m_mappedData; // and the sentences it counts
    QString m_chosen;
    std::function<EpochCopies()> m_epochSource;
    bool m_active = false;
};

} // namespace studio
