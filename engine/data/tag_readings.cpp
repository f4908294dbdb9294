#include "engine/data/tag_readings.h"

#include "engine/data/sentence.h"

#include <algorithm>
#include <tuple>

namespace ner {

std::vector<ReadingChange> readingChanges(const std::vector<Span>& best,
                                          const std::vector<Span>& other) {
    using Kind = ReadingChange::Kind;
    auto inList = [](const std::vector<Span>& list, const Span& s) {
        return std::find(list.begin(), list.end(), s) != list.end();
    };
    auto overlap = [](const Span& a, const Span& b) { return a.begin < b.end && b.begin < a.end; };
    // Only the spans the two readings do not share can change.
    std::vector<Span> gone, come;
    for (const Span& b : best)
        if (!inList(other, b)) gone.push_back(b);
    for (const Span& s : other)
        if (!inList(best, s)) come.push_back(s);
    std::vector<bool> paired(gone.size(), false);
    std::vector<ReadingChange> changes;
    for (const Span& s : come) {
        size_t g = 0;
        while (g < gone.size() && (paired[g] || !overlap(gone[g], s)))
            ++g;
        if (g < gone.size()) {
            paired[g] = true;
            changes.push_back({Kind::Changed, gone[g], s});
        } else {
            changes.push_back({Kind::Added, {}, s});
        }
    }
    for (size_t g = 0; g < gone.size(); ++g)
        if (!paired[g]) changes.push_back({Kind::Removed, gone[g], {}});
    auto place = [](const ReadingChange& c) {
        const Span& s = c.kind == Kind::Removed ? c.before : c.after;
        return std::tuple(s.begin, s.end);
    };
    std::stable_sort(
        changes.begin(), changes.end(),
        [&](const ReadingChange& a, const ReadingChange& b) { return place(a) < place(b); });
    return changes;
}

std::string describeChanges(const std::vector<ReadingChange>& changes,
                            const std::vector<std::string>& chars) {
    auto surface = [&](const Span& s) {
        return joinCharacters(chars, size_t(s.begin), size_t(s.end));
    };
    std::string out;
    for (const ReadingChange& c : changes) {
        if (!out.empty()) out += " · ";
        switch (c.kind) {
        case ReadingChange::Kind::Added:
            out += "+ " + surface(c.after) + " " + c.after.type;
            break;
        case ReadingChange::Kind::Removed:
            out += "- " + surface(c.before) + " " + c.before.type;
            break;
        case ReadingChange::Kind::Changed:
            out += surface(c.after) + " " + c.after.type + ", not ";
            const bool samePlace = c.after.begin == c.before.begin && c.after.end == c.before.end;
            out += samePlace ? c.before.type : surface(c.before) + " " + c.before.type;
            break;
        }
    }
    return out;
}

} // namespace ner
