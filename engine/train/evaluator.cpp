#include "engine/train/evaluator.h"

#include <algorithm>
#include <numeric>

namespace ner {

std::vector<std::vector<int>> lengthSortedBatches(const std::vector<EncodedSentence>& data,
                                                  int batchSize) {
    std::vector<int> order(data.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return data[size_t(a)].tokens.size() < data[size_t(b)].tokens.size();
    });
    std::vector<std::vector<int>> batches;
    for (size_t k = 0; k < order.size(); k += size_t(batchSize))
        batches.emplace_back(order.begin() + long(k),
                             order.begin() + long(std::min(order.size(), k + size_t(batchSize))));
    return batches;
}

Evaluation evaluate(const Tagger& model, const LabelledSet& data, TaggerNetwork& network,
                    int batchSize, std::vector<std::vector<std::string>>* predictedTags) {
    Evaluation ev;
    if (predictedTags) predictedTags->assign(data.sentences.size(), {});
    MetricsAccumulator metrics(data.scheme);
    double loss = 0;
    std::vector<std::vector<int>> predicted;
    std::vector<const EncodedSentence*> members;
    for (const std::vector<int>& indices : lengthSortedBatches(data.encoded, batchSize)) {
        members.clear();
        for (int k : indices)
            members.push_back(&data.encoded[size_t(k)]);
        const Batch batch = makeBatch(members);
        loss += network.lossAndPredict(model, batch, predicted);
        for (size_t b = 0; b < indices.size(); ++b) {
            const Sentence& gold = data.sentences[size_t(indices[b])];
            std::vector<std::string> tags;
            for (int id : predicted[b])
                tags.push_back(model.tags().name(id));
            tags = convertTags(tags, model.config().scheme, data.scheme);
            metrics.add(gold.tags, tags);
            if (predictedTags) (*predictedTags)[size_t(indices[b])] = std::move(tags);
        }
    }
    ev.tokens = metrics.tokens();
    ev.sentences = long(data.sentences.size());
    ev.loss = ev.tokens > 0 ? loss / double(ev.tokens) : 0.0;
    ev.tokenAccuracy = metrics.tokenAccuracy();
    ev.entities = metrics.entities();
    ev.tagNames = metrics.tagNames();
    ev.confusion = metrics.confusion();
    return ev;
}

} // namespace ner
