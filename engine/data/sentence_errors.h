#pragma once
// Which entities a tagger got wrong, sentence by sentence: what a user reads after the
// scores to see *why* they are what they are.
//
// The comparison is conlleval's (metrics.h): a predicted entity is right only with exactly
// the gold begin, end and type. Every other gold entity is a false negative and every other
// predicted one a false positive; here they are paired up so that one mistake reads as one:
//   wrong type      — same begin and end, another type        (1 FN + 1 FP)
//   wrong boundary  — the spans overlap but begin or end differ (1 FN + 1 FP)
//   missed          — a gold entity nothing overlaps            (1 FN)
//   spurious        — a predicted entity no gold one overlaps   (1 FP)
#include "engine/data/sentence.h"
#include "engine/data/tag_readings.h"
#include "engine/data/tag_scheme.h"

#include <optional>
#include <string>
#include <vector>

namespace ner {

enum class EntityErrorKind { WrongType, WrongBoundary, Missed, Spurious };

struct EntityError {
    EntityErrorKind kind = EntityErrorKind::Missed;
    std::optional<Span> gold;      // absent for Spurious
    std::optional<Span> predicted; // absent for Missed
};

struct SentenceErrors {
    int index = 0; // in the evaluated set
    int line = 0;  // of the record in its file (0 when not read from a file)
    std::vector<std::string> chars;
    std::vector<Span> gold, predicted;
    std::vector<EntityError> errors; // in sentence order
    int correctEntities = 0;
    int tokenErrors = 0; // characters whose predicted tag differs from the gold one
    // Where the gold tagging stands with the model, when someone weighed it
    // (gold_standing.h's weighGoldTaggings): a near miss or far off.
    std::optional<GoldStanding> goldStanding;
};

// One sentence. gold.tags and predicted must have gold.chars.size() tags in scheme
// (std::invalid_argument otherwise).
SentenceErrors compareSentence(const Sentence& gold, const std::vector<std::string>& predicted,
                               TagScheme scheme, int index = 0);

// The sentences with at least one entity or token error, most entity errors first, then most
// token errors, then in set order. predicted[k] belongs to gold[k].
std::vector<SentenceErrors>
sentencesWithErrors(const std::vector<Sentence>& gold,
                    const std::vector<std::vector<std::string>>& predicted, TagScheme scheme);

std::string entityErrorKindName(EntityErrorKind kind); // "wrong type", "missed", …
std::string spanText(const SentenceErrors& sentence, const Span& span); // its characters
// One line for a person: "海南舰  gold ORG, predicted EQU", "gold 南海/LOC, predicted
// 南海舰队/LOC", "南海/LOC" (missed or spurious; the kind says which).
std::string describeEntityError(const SentenceErrors& sentence, const EntityError& error);

} // namespace ner
