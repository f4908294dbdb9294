#include "engine/train/training_setup.h"

#include "engine/data/builtin_corpus.h"
#include "engine/data/data_split.h"

#include <stdexcept>

namespace ner {

namespace {
LoadResult loadOne(const std::string& path, const LoadOptions& options, TrainingData& data) {
    LoadResult r = path.empty()
                       ? loadDatasetFromText(builtinCorpusText(), kBuiltinCorpusName, options)
                       : loadDataset(path, options);
    data.skipped += r.skipped;
    data.skipReasons.insert(data.skipReasons.end(), r.skipReasons.begin(), r.skipReasons.end());
    return r;
}

std::vector<Sentence> inScheme(LoadResult r, TagScheme scheme) {
    if (r.scheme != scheme)
        for (Sentence& s : r.sentences)
            s.tags = convertTags(s.tags, r.scheme, scheme);
    return std::move(r.sentences);
}
} // namespace

TrainingData loadTrainingData(const DataSources& sources) {
    if (sources.dev.empty() != sources.test.empty())
        throw std::invalid_argument("give both --dev and --test, or neither");
    TrainingData data;
    data.name = sources.data.empty() ? kBuiltinCorpusName : sources.data;
    LoadResult main = loadOne(sources.data, sources.load, data);
    data.scheme = main.scheme;
    if (sources.dev.empty()) {
        DataSplit split = splitDataset(std::move(main.sentences), sources.splitSeed);
        data.train = std::move(split.train);
        data.dev = std::move(split.dev);
        data.test = std::move(split.test);
    } else {
        data.train = std::move(main.sentences);
        data.dev = inScheme(loadOne(sources.dev, sources.load, data), data.scheme);
        data.test = inScheme(loadOne(sources.test, sources.load, data), data.scheme);
    }
    return data;
}

TrainingPlan planTraining(const TrainingData& data, const ModelConfig& config, std::uint64_t seed,
                          SharedLexicon lexicon) {
    config.validate();
    Vocabulary vocab = Vocabulary::build(data.train, config.minCount, config.normalize);
    TagSet tags = tagSetFor({&data.train, &data.dev, &data.test}, data.scheme, config.scheme);
    TrainingPlan plan;
    plan.model =
        Tagger::create(config, std::move(vocab), std::move(tags), seed, std::move(lexicon));
    plan.train = prepareLabelledSet(plan.model, data.train, data.scheme, data.name);
    plan.dev = prepareLabelledSet(plan.model, data.dev, data.scheme, data.name);
    plan.test = prepareLabelledSet(plan.model, data.test, data.scheme, data.name);
    return plan;
}

} // namespace ner
