#include "engine/analysis/embedding_map.h"

#include "engine/analysis/gate_saturation.h"
#include "engine/analysis/inspection_csv.h"
#include "engine/data/vocabulary.h"
#include "engine/model/tagger.h"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace ner {

CharacterUsage countCharacterUsage(const Vocabulary& vocab, const std::vector<Sentence>& sentences,
                                   TagScheme scheme) {
    const size_t size = size_t(vocab.size());
    // Per id, occurrences per type; "O" is counted as a type so that ties can favour it.
    std::vector<std::map<std::string, long>> byType(size);
    CharacterUsage usage;
    usage.count.assign(size, 0);
    usage.type.assign(size, "O");
    usage.typeShare.assign(size, 0.0f);
    for (const Sentence& s : sentences) {
        std::vector<const std::string*> typeAt(s.chars.size(), nullptr);
        const std::vector<Span> spans = extractSpans(s.tags, scheme);
        for (const Span& span : spans)
            for (int t = span.begin; t < span.end; ++t)
                typeAt[size_t(t)] = &span.type;
        for (size_t t = 0; t < s.chars.size(); ++t) {
            const int id = vocab.id(s.chars[t]);
            if (id == Vocabulary::kUnkId || id == Vocabulary::kPadId) continue;
            ++usage.count[size_t(id)];
            ++byType[size_t(id)][typeAt[t] ? *typeAt[t] : std::string("O")];
        }
    }
    for (size_t id = 0; id < size; ++id) {
        if (usage.count[id] == 0) continue;
        long best = -1;
        for (const auto& [type, n] : byType[id]) { // by name: the first of equals wins
            const bool outsideTies = n == best && type == "O";
            if (n > best || outsideTies) {
                best = n;
                usage.type[id] = type;
            }
        }
        usage.typeShare[id] = float(double(best) / double(usage.count[id]));
    }
    return usage;
}

namespace {
// Which characters a map holds: the most frequent that occur, ties by id.
std::vector<int> mostFrequent(const CharacterUsage& usage, int maxCharacters) {
    std::vector<int> ids;
    for (size_t id = 0; id < usage.count.size(); ++id)
        if (usage.count[id] > 0) ids.push_back(int(id));
    std::stable_sort(ids.begin(), ids.end(),
                     [&](int a, int b) { return usage.count[size_t(a)] > usage.count[size_t(b)]; });
    if (ids.size() > size_t(maxCharacters)) ids.resize(size_t(maxCharacters));
    return ids;
}

} // namespace

std::vector<int> EmbeddingMap::ids() const {
    std::vector<int> out;
    out.reserve(characters.size());
    for (const MappedCharacter& c : characters)
        out.push_back(c.id);
    return out;
}

std::array<float, 2> EmbeddingMap::project(const Eigen::Ref<const Vector>& column) const {
    if (axes.cols() != column.size()) throw std::invalid_argument("a column of another size");
    const Eigen::Vector2d at = axes * (column.cast<double>() - mean);
    return {float(at(0)), float(at(1))};
}

EmbeddingMap mapEmbeddings(const Tagger& model, const CharacterUsage& usage, int maxCharacters,
                           const EmbeddingMap* previous) {
    const Matrix& E = model.params().embedding.E.value; // (D, V)
    const size_t vocabSize = size_t(model.vocabulary().size());
    if (usage.count.size() != vocabSize || usage.type.size() != vocabSize ||
        usage.typeShare.size() != vocabSize)
        throw std::invalid_argument("the character counts are for another vocabulary");
    if (maxCharacters < 1) throw std::invalid_argument("a map needs at least one character");

    const std::vector<int> ids = mostFrequent(usage, maxCharacters);
    EmbeddingMap map;
    if (ids.empty()) return map;
    const Eigen::Index N = Eigen::Index(ids.size());

    Eigen::MatrixXd X(E.rows(), N); // (D, N): the mapped columns
    for (Eigen::Index n = 0; n < N; ++n)
        X.col(n) = E.col(ids[size_t(n)]).cast<double>();
    // previous's coordinates of the characters both maps hold, NaN for the others.
    Eigen::MatrixXd before;
    if (previous) {
        before.setConstant(2, N, std::numeric_limits<double>::quiet_NaN());
        std::map<int, const MappedCharacter*> held;
        for (const MappedCharacter& c : previous->characters)
            held[c.id] = &c;
        for (Eigen::Index n = 0; n < N; ++n)
            if (auto it = held.find(ids[size_t(n)]); it != held.end())
                before.col(n) << it->second->x, it->second->y;
    }
    PrincipalPlane plane = principalPlane(X, previous ? &before : nullptr);
    const Eigen::MatrixXd& coordinates = plane.coordinates; // (2, N)
    map.explained[0] = plane.explained[0];
    map.explained[1] = plane.explained[1];
    map.axes = std::move(plane.axes);
    map.mean = std::move(plane.mean);
    map.characters.reserve(size_t(N));
    for (Eigen::Index n = 0; n < N; ++n) {
        const size_t id = size_t(ids[size_t(n)]);
        map.characters.push_back({int(id), model.vocabulary().token(int(id)),
                                  float(coordinates(0, n)), float(coordinates(1, n)),
                                  usage.count[id], usage.type[id], usage.typeShare[id]});
    }
    return map;
}

namespace {
// The columns `ids` of E at length 1: their dot products are the cosines every neighbour
// search here compares.
Eigen::MatrixXd unitColumns(const Matrix& E, const std::vector<int>& ids) {
    Eigen::MatrixXd columns(E.rows(), Eigen::Index(ids.size())); // (D, N)
    for (Eigen::Index n = 0; n < columns.cols(); ++n)
        columns.col(n) = E.col(ids[size_t(n)]).cast<double>();
    return unitLengthColumns(std::move(columns));
}
} // namespace

std::vector<Neighbour> nearestCharacters(const Tagger& model, int id, int k,
                                         const std::vector<int>* candidates) {
    const Matrix& E = model.params().embedding.E.value; // (D, V)
    if (id < 0 || id >= E.cols()) throw std::out_of_range("no character with that id");
    std::vector<int> others;
    auto consider = [&](int other) {
        if (other < 0 || other >= E.cols()) throw std::out_of_range("no character with that id");
        if (other != id && other != Vocabulary::kPadId && other != Vocabulary::kUnkId)
            others.push_back(other);
    };
    if (candidates)
        for (int other : *candidates)
            consider(other);
    else
        for (int other = 0; other < int(E.cols()); ++other)
            consider(other);
    const Eigen::VectorXd cosine =
        unitColumns(E, others).transpose() * unitColumns(E, {id}).col(0); // (N)
    std::vector<Neighbour> all;
    all.reserve(others.size());
    for (size_t n = 0; n < others.size(); ++n)
        all.push_back(
            {others[n], model.vocabulary().token(others[n]), float(cosine(Eigen::Index(n)))});
    const size_t keep = std::min(all.size(), size_t(std::max(0, k)));
    std::partial_sort(all.begin(), all.begin() + long(keep), all.end(),
                      [](const Neighbour& a, const Neighbour& b) {
                          return a.similarity != b.similarity ? a.similarity > b.similarity
                                                              : a.id < b.id;
                      });
    all.resize(keep);
    return all;
}

std::vector<std::vector<Neighbour>> neighboursOnTheMap(const Tagger& model, const EmbeddingMap& map,
                                                       int k) {
    const std::vector<int> mapped = map.ids();
    std::vector<std::vector<Neighbour>> all;
    all.reserve(map.characters.size());
    for (const MappedCharacter& c : map.characters)
        all.push_back(nearestCharacters(model, c.id, k, &mapped));
    return all;
}

void writeEmbeddingMapCsv(const Tagger& model, const EmbeddingMap& map, std::ostream& out) {
    const std::vector<std::vector<Neighbour>> neighbours =
        neighboursOnTheMap(model, map, kMapNeighbours);
    out << "char,count,type,type_share,x,y,neighbours\n";
    for (size_t k = 0; k < map.characters.size(); ++k) {
        const MappedCharacter& c = map.characters[k];
        std::string joined;
        for (const Neighbour& n : neighbours[k])
            joined += (joined.empty() ? "" : " ") + n.character;
        out << csvField(c.character) << ',' << c.count << ',' << csvField(c.type) << ','
            << shortestDecimal(c.typeShare) << ',' << shortestDecimal(c.x) << ','
            << shortestDecimal(c.y) << ',' << csvField(joined) << '\n';
    }
}

TypeAgreement neighbourTypeAgreement(const Tagger& model, const EmbeddingMap& map, int k) {
    std::vector<std::string> types;
    types.reserve(map.characters.size());
    for (const MappedCharacter& c : map.characters)
        types.push_back(c.type);
    return typeAgreement(unitColumns(model.params().embedding.E.value, map.ids()), types, k);
}

} // namespace ner
