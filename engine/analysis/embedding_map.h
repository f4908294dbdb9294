#pragma once
// Where the model has put each character: its learnt embedding column projected onto the two
// directions along which the columns differ most (principal components), with how often the
// character occurs in a set of sentences and the entity type it mostly sits in. At the start
// the columns are random and the types lie mixed; as the model learns, characters that play
// the same part in names (the syllables of transliterated foreign names, the last character
// of a place) move together. A character's nearest neighbours by cosine similarity say the
// same thing without the loss of a projection to two dimensions.
#include "engine/analysis/principal_plane.h"
#include "engine/core/tensor.h"
#include "engine/data/sentence.h"
#include "engine/data/tag_scheme.h"

#include <array>
#include <ostream>
#include <string>
#include <vector>

namespace ner {

class Tagger;
class Vocabulary;

// How a vocabulary's characters are used in labelled sentences, indexed by vocabulary id.
struct CharacterUsage {
    std::vector<long> count;       // occurrences (after the vocabulary's normalisation)
    std::vector<std::string> type; // the gold entity type most occurrences sit in, or "O"
    std::vector<float> typeShare;  // the fraction of the occurrences in that type (0 if unseen)
};

// Characters outside the vocabulary (<unk>) are not counted; <pad> and <unk> stay at 0.
// Ties between types go to "O", then to the type first by name.
CharacterUsage countCharacterUsage(const Vocabulary& vocab, const std::vector<Sentence>& sentences,
                                   TagScheme scheme);

struct MappedCharacter {
    int id = 0; // vocabulary id
    std::string character;
    float x = 0, y = 0; // coordinates along the first and the second principal axis
    long count = 0;
    std::string type;
    float typeShare = 0;
};

struct EmbeddingMap {
    std::vector<MappedCharacter> characters; // most frequent first, ties by id
    // The fraction of the mapped columns' variance along x and along y: how much of the
    // picture the two dimensions keep.
    float explained[2] = {0, 0};
    // The projection itself, signs as chosen: x = axes.row(0) · (column − mean), y likewise.
    // (2, D) and (D); empty for an empty map.
    Eigen::MatrixXd axes;
    Eigen::VectorXd mean;

    std::vector<int> ids() const; // the mapped characters' vocabulary ids, in order
    // Where another column (another epoch's embedding of a character, say) falls on this map.
    std::array<float, 2> project(const Eigen::Ref<const Vector>& column) const;
};

// The maxCharacters most frequent characters of usage that occur at least once (sized for the
// model's vocabulary), projected after centring on their mean. An axis's sign is arbitrary; it
// is chosen so that the largest loading is positive, or, given previous (the map of earlier
// weights), so that the coordinates of the characters both maps hold agree with previous's:
// then a map redrawn as the model trains moves smoothly instead of flipping. Throws
// std::invalid_argument when usage does not match the vocabulary or maxCharacters < 1.
EmbeddingMap mapEmbeddings(const Tagger& model, const CharacterUsage& usage, int maxCharacters,
                           const EmbeddingMap* previous = nullptr);

// How many neighbours the studio and `lstm-ner inspect --embedding-map` list for a character,
// and the k of neighbourTypeAgreement in both.
inline constexpr int kMapNeighbours = 8;

struct Neighbour {
    int id = 0;
    std::string character;
    float similarity = 0; // cosine of the two embedding columns
};

// The k characters whose columns are most similar to id's (never id itself, <pad> or <unk>),
// most similar first, ties by id; only among candidates (vocabulary ids) when given. A rare
// character's column has hardly moved from its random start, and among thousands of random
// 100-dimensional columns some lie at a cosine of 0.3 to any given one by chance alone: the
// studio therefore looks among the mapped, frequent characters. Throws std::out_of_range for
// an id (or a candidate) outside the vocabulary.
std::vector<Neighbour> nearestCharacters(const Tagger& model, int id, int k,
                                         const std::vector<int>* candidates = nullptr);

// The k nearest mapped characters of each mapped one (nearestCharacters among the map's
// characters), in the map's order: the neighbours the studio and `lstm-ner inspect
// --embedding-map` list.
std::vector<std::vector<Neighbour>> neighboursOnTheMap(const Tagger& model, const EmbeddingMap& map,
                                                       int k);

// char,count,type,type_share,x,y,neighbours: one row per mapped character, most frequent
// first, its kMapNeighbours neighbours on the map joined by spaces; fields quoted where CSV
// needs it, numbers as the shortest decimal of their float. What `lstm-ner inspect
// --embedding-map --csv` prints and the studio's File → Export character map writes.
void writeEmbeddingMapCsv(const Tagger& model, const EmbeddingMap& map, std::ostream& out);

// Whether the embeddings group characters by entity type, as one number that moves as the
// model learns: over the mapped characters that mostly sit in an entity, the share of their
// k nearest mapped neighbours (cosine, in all dimensions, not the projection) that mostly sit
// in the same type, and `chance`, the share expected of k neighbours drawn at random from
// the map. Random embeddings score about chance.
TypeAgreement neighbourTypeAgreement(const Tagger& model, const EmbeddingMap& map, int k);

} // namespace ner
