#include "ui/workers/inspection_worker.h"

#include "engine/analysis/gold_standing.h"
#include "engine/analysis/sentence_analysis.h"
#include "engine/data/data_error.h"
#include "engine/data/utf8.h"
#include "engine/model/tagger_network.h"

#include <QThread>

#include <algorithm>
#include <exception>

namespace studio {

namespace {
// The sentences the dataset-wide views run over: dev, never test (nobody should study the test
// sentences while tuning), or training when there is no dev split.
bool usesDev(const ner::TrainingData& data) {
    return !data.dev.empty();
}
QString splitName(const ner::TrainingData& data) {
    return usesDev(data) ? QStringLiteral("dev") : QStringLiteral("training");
}
const std::vector<ner::Sentence>& splitSentences(const ner::TrainingData& data) {
    return usesDev(data) ? data.dev : data.train;
}
} // namespace

InspectionWorker::InspectionWorker(QObject* parent) : QObject(parent) {
    registerTrainingMessageTypes();
    qRegisterMetaType<InspectionRequest>();
    qRegisterMetaType<InspectionResult>();
    qRegisterMetaType<UnitProfileRequest>();
    qRegisterMetaType<UnitProfileResult>();
    qRegisterMetaType<InfluenceRequest>();
    qRegisterMetaType<InfluenceResult>();
    qRegisterMetaType<SaturationRequest>();
    qRegisterMetaType<SaturationResult>();
    qRegisterMetaType<StateMapRequest>();
    qRegisterMetaType<StateMapResult>();
    m_thread.reset(QThread::create([this] { threadLoop(); }));
    m_thread->setObjectName(QStringLiteral("inspection"));
    m_thread->start();
}

InspectionWorker::~InspectionWorker() {
    {
        QMutexLocker lock(&m_mutex);
        m_abort = true;
    }
    m_wake.wakeAll();
    m_thread->wait();
}

void InspectionWorker::analyse(const InspectionRequest& request) {
    {
        QMutexLocker lock(&m_mutex);
        m_pending = request;
    }
    m_wake.wakeAll();
}

void InspectionWorker::profileUnit(const UnitProfileRequest& request) {
    {
        QMutexLocker lock(&m_mutex);
        m_pendingProfile = request;
    }
    m_wake.wakeAll();
}

void InspectionWorker::explain(const InfluenceRequest& request) {
    {
        QMutexLocker lock(&m_mutex);
        m_pendingInfluence = request;
    }
    m_wake.wakeAll();
}

void InspectionWorker::measureSaturation(const SaturationRequest& request) {
    {
        QMutexLocker lock(&m_mutex);
        m_pendingSaturation = request;
    }
    m_wake.wakeAll();
}

void InspectionWorker::mapStates(const StateMapRequest& request) {
    {
        QMutexLocker lock(&m_mutex);
        m_pendingStateMap = request;
    }
    m_wake.wakeAll();
}

void InspectionWorker::threadLoop() {
    // One network per thread (TaggerNetwork is not thread-safe); this one lives as long as
    // the thread and keeps its workspaces between requests.
    ner::TaggerNetwork network(1);
    ner::InfluenceAnalyser analyser;
    for (;;) {
        std::optional<InspectionRequest> request;
        std::optional<InfluenceRequest> influence;
        std::optional<UnitProfileRequest> profile;
        std::optional<SaturationRequest> saturation;
        std::optional<StateMapRequest> stateMap;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_pending && !m_pendingInfluence && !m_pendingProfile && !m_pendingSaturation &&
                   !m_pendingStateMap && !m_abort)
                m_wake.wait(&m_mutex);
            if (m_abort) return;
            // The sentence first: it is what the user is typing into; then what explains it.
            if (m_pending)
                request.swap(m_pending);
            else if (m_pendingInfluence)
                influence.swap(m_pendingInfluence);
            else if (m_pendingProfile)
                profile.swap(m_pendingProfile);
            else if (m_pendingSaturation)
                saturation.swap(m_pendingSaturation);
            else
                stateMap.swap(m_pendingStateMap);
        }
        if (request)
            emit analysisReady(run(*request, network));
        else if (influence)
            emit influenceReady(run(*influence, analyser));
        else if (profile)
            emit unitProfileReady(run(*profile, network));
        else if (saturation)
            emit saturationReady(run(*saturation, network));
        else
            emit stateMapReady(run(*stateMap, network));
    }
}

InspectionResult InspectionWorker::run(const InspectionRequest& request,
                                       ner::TaggerNetwork& network) {
    InspectionResult result;
    result.id = request.id;
    result.text = request.text;
    result.weights = request.weights;
    try {
        // From a QString the UTF-8 is always valid; the file/line only label a DataError.
        const std::vector<std::string> chars =
            ner::splitCodePoints(request.text.toStdString(), "<inspector>", 1);
        result.inputLength = int(chars.size());
        if (request.weights.tagger) {
            result.analysis = std::make_shared<const ner::SentenceAnalysis>(
                ner::analyseSentence(network, *request.weights.tagger, chars, request.maxLength));
            // The characters analysed (a long text is cut), so positions agree.
            if (const ner::Lexicon* lexicon = request.weights.tagger->lexicon())
                result.dictionary = std::make_shared<const SentenceDictionary>(
                    lookUpSentence(*lexicon, result.analysis->chars));
            if (request.gold && !result.analysis->truncated)
                result.gold = ner::goldStanding(network, *request.weights.tagger,
                                                result.analysis->chars, *request.gold);
        }
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
    }
    return result;
}

SaturationResult InspectionWorker::measureNow(const SaturationRequest& request) {
    ner::TaggerNetwork network(1);
    return run(request, network);
}

StateMapResult InspectionWorker::mapStatesNow(const StateMapRequest& request) {
    ner::TaggerNetwork network(1);
    return run(request, network);
}

InfluenceResult InspectionWorker::explainNow(const InfluenceRequest& request) {
    ner::InfluenceAnalyser analyser;
    return run(request, analyser);
}

InfluenceResult InspectionWorker::run(const InfluenceRequest& request,
                                      ner::InfluenceAnalyser& analyser) {
    InfluenceResult result;
    result.id = request.id;
    result.weights = request.weights;
    result.analysis = request.analysis;
    if (!request.weights.tagger || !request.analysis) {
        result.error = tr("no model or no tagged sentence");
        return result;
    }
    try {
        result.map = std::make_shared<const ner::InfluenceMap>(analyser.analyse(
            *request.weights.tagger, *request.analysis, request.gold ? &*request.gold : nullptr));
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
    }
    return result;
}

template <class Profile> const std::vector<ner::Sentence>& SplitResult<Profile>::sentences() const {
    static const std::vector<ner::Sentence> none;
    if (!data) return none;
    return splitSentences(*data);
}
template struct SplitResult<ner::UnitProfile>; // the two views; their sentences() live here
template struct SplitResult<ner::SaturationProfile>;
template struct SplitResult<ner::StateMap>;

namespace {
// The part every view over the dev split shares: the result's bookkeeping, the missing model
// or dataset, and an engine error turned into text. `measure` makes the profile.
template <class Profile, class Request, class Measure>
SplitResult<Profile> overSplit(const Request& request, Measure measure) {
    SplitResult<Profile> result;
    result.id = request.id;
    result.weights = request.weights;
    result.data = request.data;
    if (!request.weights.tagger || !request.data) {
        result.error = InspectionWorker::tr("no model or no dataset");
        return result;
    }
    result.split = splitName(*request.data);
    result.splitSize = int(result.sentences().size());
    try {
        result.profile =
            std::make_shared<const Profile>(measure(*request.weights.tagger, result.sentences()));
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
    }
    return result;
}
} // namespace

UnitProfileResult InspectionWorker::run(const UnitProfileRequest& request,
                                        ner::TaggerNetwork& network) {
    return overSplit<ner::UnitProfile>(
        request, [&](const ner::Tagger& model, const std::vector<ner::Sentence>& sentences) {
            return ner::profileUnit(network, model, sentences, request.data->scheme, request.unit,
                                    request.moments, size_t(std::max(1, request.maxSentences)));
        });
}

SaturationResult InspectionWorker::run(const SaturationRequest& request,
                                       ner::TaggerNetwork& network) {
    return overSplit<ner::SaturationProfile>(
        request, [&](const ner::Tagger& model, const std::vector<ner::Sentence>& sentences) {
            return ner::measureGateSaturation(network, model, sentences, request.threshold,
                                              size_t(std::max(1, request.maxSentences)));
        });
}

StateMapResult InspectionWorker::run(const StateMapRequest& request, ner::TaggerNetwork& network) {
    return overSplit<ner::StateMap>(
        request, [&](const ner::Tagger& model, const std::vector<ner::Sentence>& sentences) {
            return ner::mapHiddenStates(network, model, sentences, request.data->scheme,
                                        request.layer, size_t(std::max(1, request.maxCharacters)),
                                        1000, request.previous.get());
        });
}

} // namespace studio
