#include "engine/analysis/sentence_analysis.h"

#include "engine/analysis/readings.h"
#include "engine/nn/tag_transitions.h"

#include <algorithm>
#include <cmath>

namespace ner {

std::vector<GateTrace> gateTraces(const TaggerNetwork& network, const Tagger& model, int T) {
    // With B = 1, column t of a direction's cache is its t-th step; the backward
    // direction's step t is character T-1-t.
    const ModelConfig& config = model.config();
    const CellDescription& cell = describeCell(config.cell);
    const int G = int(cell.gates.size());
    std::vector<GateTrace> traces;
    for (int l = 0; l < config.layers; ++l)
        for (int d = 0; d < config.directions(); ++d) {
            const RecurrentCell& direction = network.stack().direction(l, d);
            const int H = int(direction.output().rows());
            GateTrace g;
            g.cell = config.cell;
            g.layer = l;
            g.direction = d;
            g.hidden = H;
            g.length = T;
            g.gates = G;
            g.values.resize(size_t(G) * size_t(H) * size_t(T));
            for (int q = 0; q < G; ++q) {
                const GateRows rows = direction.gate(q);
                for (int pos = 0; pos < T; ++pos) {
                    const int step = d == 0 ? pos : T - 1 - pos;
                    float* out = &g.values[(size_t(q) * size_t(T) + size_t(pos)) * size_t(H)];
                    for (int u = 0; u < H; ++u)
                        out[u] = float((*rows.values)(rows.first + u, step));
                }
            }
            traces.push_back(std::move(g));
        }
    return traces;
}

namespace {
// The part both calls share: characters, the forward pass, its decoded tags and gates.
// Returns the tag scores (K, T), or null for no characters.
const Matrix* forwardSentence(TaggerNetwork& network, const Tagger& model,
                              const std::vector<std::string>& chars, int maxLength,
                              SentenceAnalysis& a, Batch& batch) {
    a.cell = model.config().cell;
    a.tagNames = model.tags().names();
    a.truncated = int(chars.size()) > maxLength;
    a.chars.assign(chars.begin(),
                   chars.begin() + std::clamp<long>(long(chars.size()), 0, std::max(0, maxLength)));
    if (a.chars.empty()) return nullptr;
    for (const std::string& ch : a.chars)
        a.known.push_back(model.vocabulary().contains(ch));
    const EncodedSentence encoded = model.encode(a.chars);
    batch = makeBatch({&encoded});
    const Matrix& s = network.scores(model, batch);
    const std::vector<std::vector<int>> best = network.decode(model, s, batch);
    for (int k : best.front())
        a.predicted.push_back(model.tags().name(k));
    a.entities = extractSpans(a.predicted, model.config().scheme);
    a.gates = gateTraces(network, model, int(a.chars.size()));
    return &s;
}
} // namespace

SentenceAnalysis traceSentence(TaggerNetwork& network, const Tagger& model,
                               const std::vector<std::string>& chars, int maxLength) {
    SentenceAnalysis a;
    Batch batch;
    forwardSentence(network, model, chars, maxLength, a, batch);
    return a;
}

SentenceAnalysis analyseSentence(TaggerNetwork& network, const Tagger& model,
                                 const std::vector<std::string>& chars, int maxLength,
                                 int readings) {
    SentenceAnalysis a;
    Batch batch;
    const Matrix* scores = forwardSentence(network, model, chars, maxLength, a, batch);
    if (!scores) return a;
    const Matrix& s = *scores;
    const Matrix* prob;
    if (model.config().output == OutputLayer::Crf) {
        // CRF marginals by forward–backward, over the paths the decoder may choose.
        network.crf().marginals(model.params().crf, s, batch, model.decodingConstraints());
        prob = &network.crf().unaryMarginals();
    } else {
        // Each character's own distribution: under constraints the decoded tag need not
        // be its most probable one.
        network.softmax().probabilities(s);
        prob = &network.softmax().probabilities();
    }
    a.probabilities.assign(prob->data(), prob->data() + prob->size());
    if (model.config().output == OutputLayer::Crf) a.transitions = transitionScores(model);
    if (readings > 0) a.readings = bestReadings(network, model, s, readings);
    return a;
}

std::optional<GoldStanding> weighTagging(TaggerNetwork& network, const Tagger& model,
                                         const std::vector<std::string>& chars,
                                         const std::vector<std::string>& tags, int readings) {
    if (chars.empty() || tags.size() != chars.size()) return std::nullopt;
    const EncodedSentence encoded = model.encode(chars, &tags);
    if (std::any_of(encoded.tags.begin(), encoded.tags.end(), [](int id) { return id < 0; }))
        return std::nullopt;
    const TransitionConstraints* constraints = model.decodingConstraints();
    const bool allowed = !constraints || sequenceAllowed(tags, model.config().scheme);
    const Batch batch = makeBatch({&encoded});
    const Matrix& s = network.scores(model, batch);
    GoldStanding standing;
    if (model.config().output == OutputLayer::Crf) {
        // As the readings: normalised over the paths the decoder may choose.
        Crf& crf = network.crf();
        crf.marginals(model.params().crf, s, batch, constraints);
        if (allowed)
            standing.probability =
                std::exp(Crf::pathScore(model.params().crf, s, batch, 0, encoded.tags) -
                         crf.logPartition().front());
    } else if (allowed) {
        SoftmaxCrossEntropy& softmax = network.softmax();
        softmax.probabilities(s);
        double logP = 0;
        for (int t = 0; t < int(chars.size()); ++t)
            logP +=
                std::log(double(softmax.probabilities()(encoded.tags[size_t(t)], batch.col(t, 0))));
        standing.probability = std::exp(logP);
    }
    if (readings > 0) {
        const std::vector<TagReading> best = bestReadings(network, model, s, readings);
        for (size_t n = 0; n < best.size() && standing.reading < 0; ++n)
            if (best[n].tags == tags) standing.reading = int(n);
    }
    return standing;
}

} // namespace ner
