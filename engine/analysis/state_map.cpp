#include "engine/analysis/state_map.h"

#include "engine/analysis/gate_saturation.h"
#include "engine/analysis/inspection_csv.h"
#include "engine/analysis/sentence_analysis.h"

#include <stdexcept>

namespace ner {

std::array<float, 2> StateMap::project(const Eigen::Ref<const Eigen::VectorXd>& state) const {
    if (axes.cols() != state.size()) throw std::invalid_argument("a state of another size");
    const Eigen::Vector2d at = axes * (state - mean);
    return {float(at(0)), float(at(1))};
}

Eigen::VectorXd layerState(const SentenceAnalysis& analysis, int layer, int position) {
    std::vector<const GateTrace*> traces;
    for (const GateTrace& trace : analysis.gates)
        if (trace.layer == layer) traces.push_back(&trace);
    if (traces.empty())
        throw std::invalid_argument("the model has no layer " + std::to_string(layer + 1));
    const int hidden = traces.front()->hidden;
    if (position < 0 || position >= traces.front()->length)
        throw std::out_of_range("no character at position " + std::to_string(position));
    Eigen::VectorXd state(Eigen::Index(traces.size()) * hidden); // (S)
    for (const GateTrace* trace : traces)
        for (int u = 0; u < hidden; ++u)
            state(Eigen::Index(trace->direction * hidden + u)) =
                trace->value(trace->gates - 1, u, position); // h: every cell's last
    return state;
}

StateMap mapHiddenStates(TaggerNetwork& network, const Tagger& model,
                         const std::vector<Sentence>& sentences, TagScheme scheme, int layer,
                         size_t maxCharacters, int maxLength, const StateMap* previous) {
    const ModelConfig& config = model.config();
    if (layer < 0 || layer >= config.layers)
        throw std::invalid_argument("the model has no layer " + std::to_string(layer + 1));
    if (maxCharacters < 1) throw std::invalid_argument("a state map needs at least one character");
    maxLength = std::max(0, maxLength);
    StateMap map;
    map.layer = layer;
    std::vector<Eigen::VectorXd> states; // one per point
    for (size_t s = 0; s < sentences.size(); ++s) {
        const Sentence& sentence = sentences[s];
        const size_t length = std::min(sentence.chars.size(), size_t(maxLength));
        if (s > 0 && states.size() + length > maxCharacters) break;
        const SentenceAnalysis analysis = traceSentence(network, model, sentence.chars, maxLength);
        std::vector<std::string> typeAt(sentence.chars.size(), "O");
        for (const Span& span : extractSpans(sentence.tags, scheme))
            for (int t = span.begin; t < span.end; ++t)
                typeAt[size_t(t)] = span.type;
        std::vector<std::string> predictedAt(sentence.chars.size(), "O");
        for (const Span& span : analysis.entities)
            for (int t = span.begin; t < span.end; ++t)
                predictedAt[size_t(t)] = span.type;
        const int analysed = analysis.gates.empty() ? 0 : analysis.gates.front().length;
        for (int t = 0; t < analysed && states.size() < maxCharacters; ++t) {
            states.push_back(layerState(analysis, layer, t));
            map.points.push_back({int(s), t, sentence.chars[size_t(t)], typeAt[size_t(t)],
                                  predictedAt[size_t(t)], 0, 0});
        }
        ++map.sentences;
    }
    if (states.empty()) return map;

    const Eigen::Index N = Eigen::Index(states.size()), S = states.front().size();
    Eigen::MatrixXd X(S, N); // (S, N)
    for (Eigen::Index n = 0; n < N; ++n)
        X.col(n) = states[size_t(n)];
    // The same characters as previous (the same sentences, as when only the weights changed):
    // their earlier coordinates choose the signs.
    Eigen::MatrixXd before;
    const bool comparable =
        previous && previous->layer == layer && previous->points.size() == map.points.size() &&
        std::equal(map.points.begin(), map.points.end(), previous->points.begin(),
                   [](const StatePoint& a, const StatePoint& b) {
                       return a.sentence == b.sentence && a.position == b.position &&
                              a.character == b.character;
                   });
    if (comparable) {
        before.resize(2, N);
        for (Eigen::Index n = 0; n < N; ++n)
            before.col(n) << previous->points[size_t(n)].x, previous->points[size_t(n)].y;
    }
    PrincipalPlane plane = principalPlane(X, comparable ? &before : nullptr);
    for (Eigen::Index n = 0; n < N; ++n) {
        map.points[size_t(n)].x = float(plane.coordinates(0, n));
        map.points[size_t(n)].y = float(plane.coordinates(1, n));
    }
    map.explained[0] = plane.explained[0];
    map.explained[1] = plane.explained[1];
    map.axes = std::move(plane.axes);
    map.mean = std::move(plane.mean);
    std::vector<std::string> types;
    for (const StatePoint& p : map.points)
        types.push_back(p.type);
    const std::vector<StatePoint>& points = map.points;
    map.agreement = typeAgreement(unitLengthColumns(std::move(X)), types, kStateNeighbours,
                                  [&points](Eigen::Index n, Eigen::Index m) {
                                      const StatePoint& a = points[size_t(n)];
                                      const StatePoint& b = points[size_t(m)];
                                      return a.sentence != b.sentence && a.character != b.character;
                                  });
    return map;
}

std::vector<std::array<float, 2>> sentencePath(const StateMap& map,
                                               const SentenceAnalysis& analysis) {
    std::vector<std::array<float, 2>> path;
    const int length = analysis.gates.empty() ? 0 : analysis.gates.front().length;
    path.reserve(size_t(length));
    for (int t = 0; t < length; ++t)
        path.push_back(map.project(layerState(analysis, map.layer, t)));
    return path;
}

void writeStateMapCsv(const StateMap& map, std::ostream& out) {
    out << "sentence,position,char,type,predicted,x,y\n";
    for (const StatePoint& p : map.points)
        out << p.sentence << ',' << p.position << ',' << csvField(p.character) << ','
            << csvField(p.type) << ',' << csvField(p.predicted) << ',' << shortestDecimal(p.x)
            << ',' << shortestDecimal(p.y) << '\n';
}

} // namespace ner
