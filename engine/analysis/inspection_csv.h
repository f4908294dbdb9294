#pragma once
// Gate activations of one analysed sentence as CSV, one row per value:
//   layer,direction,gate,unit,position,char,value
// and its influence map (influence.h), one row per decision and character read:
//   position,char,tag,against,source,source_char,value
// ("against" is the tag a row is explained against, empty for none). The same files from
// `lstm-ner inspect --csv [--influence]` and the studio's exports, for spreadsheets and
// plotting scripts.
#include "engine/analysis/influence.h"
#include "engine/analysis/inspection.h"

#include <ostream>
#include <string>

namespace ner {

// text as one CSV field (RFC 4180): quoted, its quotes doubled, when it holds a comma, a
// quote or a line break. Characters are any code point, so "," and "\"" do occur; every CSV
// writer that puts characters or tag names in a field goes through this.
std::string csvField(const std::string& text);

void writeGateCsv(const SentenceAnalysis& analysis, std::ostream& out);
// map must be of analysis (same length; tag ids into analysis.tagNames).
void writeInfluenceCsv(const SentenceAnalysis& analysis, const InfluenceMap& map,
                       std::ostream& out);

} // namespace ner
