#pragma once
// Gate activations of one analysed sentence as CSV, one row per value:
//   layer,direction,gate,unit,position,char,value
// The same file from `lstm-ner inspect --csv` and the studio's export, for spreadsheets and
// plotting scripts.
#include "engine/inspection.h"

#include <ostream>

namespace ner {

void writeGateCsv(const SentenceAnalysis& analysis, std::ostream& out);

} // namespace ner
