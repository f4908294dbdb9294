#include "engine/model/labelled_set.h"

#include "engine/data/data_error.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace ner {

long LabelledSet::tokens() const {
    long n = 0;
    for (const Sentence& s : sentences)
        n += long(s.chars.size());
    return n;
}

namespace {
std::string upperCase(std::string text) {
    for (char& c : text)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// "COU, EQU, LOC": the entity types a tag set writes, for an error message.
std::string typeList(const TagSet& tags) {
    std::set<std::string> types;
    for (const std::string& name : tags.names())
        if (const size_t dash = name.find('-'); dash != std::string::npos)
            types.insert(name.substr(dash + 1));
    std::string list;
    for (const std::string& type : types)
        list += (list.empty() ? "" : ", ") + type;
    return list.empty() ? "none" : list;
}
} // namespace

LabelledSet prepareLabelledSet(const Tagger& model, std::vector<Sentence> sentences,
                               TagScheme scheme, const std::string& source) {
    LabelledSet set;
    set.scheme = scheme;
    set.encoded.reserve(sentences.size());
    for (const Sentence& s : sentences) {
        const std::vector<std::string> tags = convertTags(s.tags, scheme, model.config().scheme);
        set.encoded.push_back(model.encode(s.chars, &tags));
        // An unknown tag would reach the loss as "unlabelled": say which, and where, instead.
        const std::vector<int>& ids = set.encoded.back().tags;
        if (const auto unknown = std::find(ids.begin(), ids.end(), -1); unknown != ids.end())
            throw DataError(source, s.line,
                            "the model has no tag " + tags[size_t(unknown - ids.begin())] +
                                " (written in its " + upperCase(schemeName(model.config().scheme)) +
                                " scheme, character " + std::to_string(unknown - ids.begin() + 1) +
                                "): it was trained on other entity types or spans; it knows " +
                                typeList(model.tags()));
    }
    set.sentences = std::move(sentences);
    return set;
}

TagSet tagSetFor(const std::vector<const std::vector<Sentence>*>& splits, TagScheme dataScheme,
                 TagScheme modelScheme) {
    // The tags prepareLabelledSet() gives the model: every sentence's spans written in
    // modelScheme, which also mends tags the data's own scheme reads leniently (an I- that
    // starts a span becomes B-), even when the two schemes are the same. A span's tags
    // depend only on its type and on whether it is 1, 2 or more characters long, so one
    // span of each kind seen is converted instead of every sentence.
    TagSetBuilder builder;
    std::set<std::pair<std::string, int>> kinds;
    for (const auto* split : splits)
        for (const Sentence& s : *split)
            for (Span& span : extractSpans(s.tags, dataScheme))
                kinds.emplace(std::move(span.type), std::min(span.end - span.begin, 3));
    for (const auto& [type, length] : kinds)
        builder.add(spansToTags({Span{0, length, type}}, length, modelScheme));
    return builder.build();
}

} // namespace ner
