#include "app/decoding_flag.h"

namespace cli {

void DecodingFlag::addTo(ArgParser& args) {
    args.choice("--decoding", &value, {"saved", "constrained", "free"},
                "as the model file says, only tag sequences the scheme can write, or any");
}

void DecodingFlag::applyTo(ner::Tagger& tagger) const {
    if (value != "saved") tagger.setConstrainedDecoding(value == "constrained");
}

} // namespace cli
