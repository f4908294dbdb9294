#pragma once
// Padded mini-batches of encoded sentences, laid out as the rest of the engine expects:
// position (t, b) is column t*B + b.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ner {

struct EncodedSentence {
    std::vector<int> tokens;             // vocabulary ids
    std::vector<int> tags;               // tag ids; empty when the sentence is unlabelled
    std::vector<std::uint32_t> features; // dictionary feature bits; empty without a lexicon
};

struct Batch {
    int T = 0;                           // longest sequence
    int B = 0;                           // sequences
    std::vector<int> lengths;            // (B)
    std::vector<int> tokens;             // (T*B); 0 = <pad> past a sequence's end
    std::vector<int> tags;               // (T*B); -1 past a sequence's end or when unlabelled
    std::vector<std::uint32_t> features; // (T*B) when any sentence has them, else empty

    bool real(int t, int b) const { return t < lengths[size_t(b)]; }
    int col(int t, int b) const { return t * B + b; }
    long tokenCount() const;
};

Batch makeBatch(const std::vector<const EncodedSentence*>& sentences);

} // namespace ner
