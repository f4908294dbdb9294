#pragma once
// Where the recurrent layers put what it has read: the hidden state h_t one layer hands on at each
// character (forward and backward units side by side for a bidirectional layer) — what the
// layer above, or the projection to tag scores, reads — for every character of a set of
// labelled sentences, projected onto the two directions along which the states differ most.
// Each state is a point coloured by its character's gold entity type. The tag scores are a
// linear function of the last layer's states, so a tagger that tells the types apart must
// have pulled their states apart: at the start they lie mixed, and the picture shows them
// separate as the model learns. One number says the same in all dimensions: of the k states
// nearest an entity character's, the share of the same type. Only other sentences' other
// characters count: a recurrent layer reading the same character gives alike states even untrained,
// which says nothing about what it has learnt. The inspector's sentence is drawn over the cloud as
// its path, character by character.
#include "engine/analysis/inspection.h"
#include "engine/analysis/principal_plane.h"
#include "engine/data/sentence.h"
#include "engine/data/tag_scheme.h"

#include <array>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

namespace ner {

class Tagger;
class TaggerNetwork;

struct StatePoint {
    int sentence = 0; // index into the sentences mapped
    int position = 0; // character in that sentence
    std::string character;
    std::string type;      // the gold entity type the character is in, or "O"
    std::string predicted; // the entity type the model tagged it with, or "O"
    float x = 0, y = 0;
};

struct StateMap {
    int layer = 0;                  // from 0
    int sentences = 0;              // mapped: the first ones that fit maxCharacters
    std::vector<StatePoint> points; // sentence by sentence, in reading order
    float explained[2] = {0, 0};    // the fraction of the states' variance along x and y
    Eigen::MatrixXd axes;           // (2, S), S = directions × H
    Eigen::VectorXd mean;           // (S)
    // k = kStateNeighbours; neighbours among other sentences' other characters.
    TypeAgreement agreement;

    // Where another state (a sentence the map does not hold) falls on this map.
    std::array<float, 2> project(const Eigen::Ref<const Eigen::VectorXd>& state) const;
};

inline constexpr int kStateNeighbours = 8;

// The state at one character of an analysed sentence: layer's h, forward units then backward
// ones. (S)
Eigen::VectorXd layerState(const SentenceAnalysis& analysis, int layer, int position);

// Runs the model over whole sentences, in order, while their characters (each sentence cut
// at maxLength, as the inspector cuts it) fit maxCharacters; a first sentence longer than
// that is cut at maxCharacters, so that the cost stays bounded. Tags are read in `scheme`.
// An axis's sign agrees with previous's when it maps the same characters of the same layer,
// so that a map redrawn for newer weights moves instead of flipping. Throws std::invalid_argument
// for a layer the model does not have or maxCharacters < 1; an empty map for no sentences.
StateMap mapHiddenStates(TaggerNetwork& network, const Tagger& model,
                         const std::vector<Sentence>& sentences, TagScheme scheme, int layer,
                         size_t maxCharacters, int maxLength = 1000,
                         const StateMap* previous = nullptr);

// The path of an analysed sentence over a map of the same model's layer: one point a character.
std::vector<std::array<float, 2>> sentencePath(const StateMap& map,
                                               const SentenceAnalysis& analysis);

// sentence,position,char,type,predicted,x,y: one row per mapped character in reading order,
// sentences and positions from 0, fields quoted where CSV needs it, numbers as the shortest decimal
// of their float. What `lstm-ner inspect --state-map --csv` prints and the studio's File → Export
// hidden states writes.
void writeStateMapCsv(const StateMap& map, std::ostream& out);

} // namespace ner
