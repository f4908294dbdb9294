#include "ui/inspection_worker.h"

#include "engine/data_error.h"
#include "engine/tagger_network.h"
#include "engine/utf8.h"

#include <QThread>

#include <exception>

namespace studio {

InspectionWorker::InspectionWorker(QObject* parent) : QObject(parent) {
    registerTrainingMessageTypes();
    qRegisterMetaType<InspectionRequest>();
    qRegisterMetaType<InspectionResult>();
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

void InspectionWorker::threadLoop() {
    // One network per thread (TaggerNetwork is not thread-safe); this one lives as long as
    // the thread and keeps its workspaces between requests.
    ner::TaggerNetwork network(1);
    for (;;) {
        InspectionRequest request;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_pending && !m_abort)
                m_wake.wait(&m_mutex);
            if (m_abort) return;
            request = std::move(*m_pending);
            m_pending.reset();
        }
        emit analysisReady(run(request, network));
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
        if (request.weights.tagger)
            result.analysis = std::make_shared<const ner::SentenceAnalysis>(
                network.analyse(*request.weights.tagger, chars, request.maxLength));
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
    }
    return result;
}

} // namespace studio
