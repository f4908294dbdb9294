#include "engine/model/model_config.h"

#include <stdexcept>

namespace ner {

void ModelConfig::validate() const {
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw std::invalid_argument(what);
    };
    require(embeddingDim >= 1 && embeddingDim <= 2048, "embedding size must be 1–2048");
    require(hiddenDim >= 1 && hiddenDim <= 2048, "hidden size must be 1–2048");
    require(layers >= 1 && layers <= 4, "layers must be 1–4");
    require(!linearBetween || layers >= 2, "linear layers between need at least 2 layers");
    require(dropout >= 0.0 && dropout < 1.0, "dropout must be in [0, 1)");
    require(embeddingDropout >= 0.0 && embeddingDropout < 1.0,
            "embedding dropout must be in [0, 1)");
    require(recurrentDropout >= 0.0 && recurrentDropout < 1.0,
            "recurrent dropout must be in [0, 1)");
    require(languageModelWeight >= 0.0 && languageModelWeight <= 100.0,
            "language-model weight must be in [0, 100]");
    require(languageModelHidden >= 1 && languageModelHidden <= 2048,
            "language-model hidden size must be 1–2048");
    require(minCount >= 1, "minimum character count must be at least 1");
}

std::string outputLayerName(OutputLayer o) {
    return o == OutputLayer::Crf ? "crf" : "softmax";
}

} // namespace ner
