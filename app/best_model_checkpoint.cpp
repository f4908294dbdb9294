#include "app/best_model_checkpoint.h"

#include "engine/model/model_file.h"

#include <utility>

namespace cli {

BestModelCheckpoint::BestModelCheckpoint(const ner::Trainer& trainer, std::string path,
                                         ner::TrainingObserver& next)
    : m_trainer(trainer), m_path(std::move(path)), m_next(next) {}

void BestModelCheckpoint::onBatch(const ner::BatchProgress& p) {
    m_next.onBatch(p);
}

void BestModelCheckpoint::onEpoch(const ner::EpochReport& r) {
    m_next.onEpoch(r);
    if (!r.improved || m_path.empty()) return;
    ner::saveModel(m_trainer.bestModel(), m_path);
    ++m_saves;
}

} // namespace cli
