#pragma once
// --decoding for the commands that load a model (eval, tag, inspect): decode the way the
// file was trained and selected, or override it to compare the two on the same weights.
#include "app/cli_args.h"
#include "engine/model/tagger.h"

#include <string>

namespace cli {

struct DecodingFlag {
    std::string value = "saved";

    void addTo(ArgParser& args);
    void applyTo(ner::Tagger& tagger) const;
};

} // namespace cli
