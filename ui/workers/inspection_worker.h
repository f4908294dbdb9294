#pragma once
// Tags the inspector's sentence on a thread of its own, so typing never waits for the model,
// and profiles one unit over the dataset's sentences (ner::profileUnit), counts how often
// every gate saturates over them (ner::measureGateSaturation), maps their hidden states
// (ner::mapHiddenStates) and maps which characters a sentence's decisions depend on
// (ner::InfluenceAnalyser) there too.
// Requests replace each other, per kind: the thread always works on the newest one and skips
// any it did not get to; a sentence goes first, then its influence map, then a profile, then
// the saturation counts, then the state map. Results
// come back by queued signal with the request's id, so the receiver can drop a result that a newer
// request has already overtaken.
#include "engine/analysis/gate_saturation.h"
#include "engine/analysis/gold_standing.h"
#include "engine/analysis/influence.h"
#include "engine/analysis/inspection.h"
#include "engine/analysis/state_map.h"
#include "engine/analysis/unit_profile.h"
#include "engine/train/training_setup.h"
#include "ui/state/sentence_dictionary.h"
#include "ui/workers/training_messages.h"

#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QWaitCondition>

#include <memory>
#include <optional>

class QThread;

namespace ner {
class TaggerNetwork;
}

namespace studio {

struct InspectionRequest {
    int id = 0;
    QString text;
    WeightsSnapshot weights;
    int maxLength = 300; // characters analysed; the rest is cut (and reported)
    // The text's gold entities when it is a labelled sentence: the result then says how
    // probable the model finds the gold tagging.
    std::optional<std::vector<ner::Span>> gold;
};

struct InspectionResult {
    int id = 0;
    QString text;        // the request's text
    int inputLength = 0; // characters in the request's text, before cutting
    WeightsSnapshot weights;
    std::shared_ptr<const ner::SentenceAnalysis> analysis; // null when there was no model
    // The analysed characters as the model's dictionary sees them; null without one.
    std::shared_ptr<const SentenceDictionary> dictionary;
    // With the request's gold (and nothing cut): where the gold tagging stands among the
    // readings. Unset when the gold has a type the model does not know.
    std::optional<ner::GoldStanding> gold;
    QString error;
};

// One unit over the dev sentences (the training sentences when there is no dev split).
struct UnitProfileRequest {
    int id = 0;
    WeightsSnapshot weights;
    std::shared_ptr<const ner::TrainingData> data;
    ner::UnitRef unit;
    int moments = 12; // highest and lowest values kept
    // A large dev split is cut: each profile runs every sentence through the model (10 µs
    // a character on this machine's build), and it is redone as training goes on.
    int maxSentences = 400;
};

// What a view over the dataset's sentences (a unit profile, gate saturation) gets back:
// which weights and sentences it covers, its profile, or why there is none.
template <class Profile> struct SplitResult {
    int id = 0;
    WeightsSnapshot weights;
    std::shared_ptr<const ner::TrainingData> data;
    QString split;     // "dev" or "training": which sentences the indices refer to
    int splitSize = 0; // sentences in that split; the profile may cover fewer
    std::shared_ptr<const Profile> profile; // null on error
    QString error;
    // The sentences the profile covers (its first maxSentences) and indexes into.
    const std::vector<ner::Sentence>& sentences() const;
};
using UnitProfileResult = SplitResult<ner::UnitProfile>;

// Every unit's gate saturation over the dev sentences (the training sentences when there is no
// dev split), as UnitProfileRequest.
struct SaturationRequest {
    int id = 0;
    WeightsSnapshot weights;
    std::shared_ptr<const ner::TrainingData> data;
    int maxSentences = 400; // as a unit profile: redone as training goes on
    // A gate is shut below it and open above 1 − it; 0.1 is the paper's (and the default).
    float threshold = 0.1f;
};

using SaturationResult = SplitResult<ner::SaturationProfile>;

// The hidden states of one layer over the dev sentences (the training sentences when there is
// no dev split): ner::mapHiddenStates.
struct StateMapRequest {
    int id = 0;
    WeightsSnapshot weights;
    std::shared_ptr<const ner::TrainingData> data;
    int layer = 0;
    // Whole sentences up to this many characters: the type agreement compares every pair of
    // states (2,000 take about 70 ms here, 4,000 four times as long).
    int maxCharacters = 2000;
    std::shared_ptr<const ner::StateMap> previous; // the map shown: the new one's signs agree
};

using StateMapResult = SplitResult<ner::StateMap>;

// The influence map of an analysed sentence (ner::InfluenceAnalyser): which characters
// each of its decisions depends on, with the weights that tagged it.
struct InfluenceRequest {
    int id = 0;
    WeightsSnapshot weights;
    std::shared_ptr<const ner::SentenceAnalysis> analysis;
    // The sentence's gold entities: wrongly tagged characters are explained against them.
    std::optional<std::vector<ner::Span>> gold;
};

struct InfluenceResult {
    int id = 0;
    WeightsSnapshot weights;
    std::shared_ptr<const ner::SentenceAnalysis> analysis; // the request's
    std::shared_ptr<const ner::InfluenceMap> map;          // null on error
    QString error;
};

class InspectionWorker : public QObject {
    Q_OBJECT
public:
    explicit InspectionWorker(QObject* parent = nullptr);
    ~InspectionWorker() override;

    // The same work as explain() and measureSaturation(), on the calling thread (an export
    // needs the result now).
    static InfluenceResult explainNow(const InfluenceRequest& request);
    static SaturationResult measureNow(const SaturationRequest& request);
    static StateMapResult mapStatesNow(const StateMapRequest& request);

public slots:
    // Replaces any request still waiting.
    void analyse(const studio::InspectionRequest& request);
    void profileUnit(const studio::UnitProfileRequest& request);
    void explain(const studio::InfluenceRequest& request);
    void measureSaturation(const studio::SaturationRequest& request);
    void mapStates(const studio::StateMapRequest& request);

signals:
    void analysisReady(const studio::InspectionResult& result);
    void unitProfileReady(const studio::UnitProfileResult& result);
    void influenceReady(const studio::InfluenceResult& result);
    void saturationReady(const studio::SaturationResult& result);
    void stateMapReady(const studio::StateMapResult& result);

private:
    void threadLoop();
    static InspectionResult run(const InspectionRequest& request, ner::TaggerNetwork& network);
    static UnitProfileResult run(const UnitProfileRequest& request, ner::TaggerNetwork& network);
    static InfluenceResult run(const InfluenceRequest& request, ner::InfluenceAnalyser& analyser);
    static SaturationResult run(const SaturationRequest& request, ner::TaggerNetwork& network);
    static StateMapResult run(const StateMapRequest& request, ner::TaggerNetwork& network);

    std::unique_ptr<QThread> m_thread;
    QMutex m_mutex; // guards the five pending requests and m_abort
    QWaitCondition m_wake;
    std::optional<InspectionRequest> m_pending;
    std::optional<UnitProfileRequest> m_pendingProfile;
    std::optional<InfluenceRequest> m_pendingInfluence;
    std::optional<SaturationRequest> m_pendingSaturation;
    std::optional<StateMapRequest> m_pendingStateMap;
    bool m_abort = false;
};

} // namespace studio

Q_DECLARE_METATYPE(studio::InspectionRequest)
Q_DECLARE_METATYPE(studio::InspectionResult)
Q_DECLARE_METATYPE(studio::UnitProfileRequest)
Q_DECLARE_METATYPE(studio::UnitProfileResult)
Q_DECLARE_METATYPE(studio::InfluenceRequest)
Q_DECLARE_METATYPE(studio::InfluenceResult)
Q_DECLARE_METATYPE(studio::SaturationRequest)
Q_DECLARE_METATYPE(studio::SaturationResult)
Q_DECLARE_METATYPE(studio::StateMapRequest)
Q_DECLARE_METATYPE(studio::StateMapResult)
