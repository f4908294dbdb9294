// MentionPool: replaced mentions keep their type, the tags stay well-formed, the context
// around them is untouched, dictionary features move with their characters, and p = 0 /
// p = 1 behave as their names say.
#include "engine/train/mention_replacement.h"

#include <QtTest>

using namespace ner;

class TestMentionReplacement : public QObject {
    Q_OBJECT

    TagSet m_tags = TagSet::fromNames({"O", "B-PER", "E-PER", "S-PER", "B-LOC", "I-LOC", "E-LOC"});
    // tokens are arbitrary ids; tags in BIOES
    EncodedSentence sentence(std::vector<std::string> tags, int firstToken) {
        EncodedSentence s;
        for (size_t k = 0; k < tags.size(); ++k) {
            s.tokens.push_back(firstToken + int(k));
            s.tags.push_back(m_tags.id(tags[k]));
        }
        return s;
    }
    std::vector<std::string> names(const EncodedSentence& s) {
        std::vector<std::string> out;
        for (int id : s.tags)
            out.push_back(m_tags.name(id));
        return out;
    }

    // A PER and a LOC mention in the first; a one-character PER and a two-character LOC
    // in the others, so swaps change lengths.
    std::vector<EncodedSentence> threeSentences() {
        return {
            sentence({"O", "B-PER", "E-PER", "O", "B-LOC", "I-LOC", "E-LOC"}, 100),
            sentence({"S-PER", "O", "O"}, 200),
            sentence({"B-LOC", "E-LOC", "O"}, 300),
        };
    }

private slots:
    void replacesWithinType() {
        const std::vector<EncodedSentence> train = threeSentences();
        const MentionPool pool(train, m_tags, TagScheme::Bioes);
        Random rng(7);
        bool sawLengthChange = false;
        for (int trial = 0; trial < 200; ++trial) {
            const EncodedSentence a = pool.augment(train[0], 1.0, rng);
            QCOMPARE(a.tokens.size(), a.tags.size());
            const auto spans = extractSpans(names(a), TagScheme::Bioes);
            QCOMPARE(int(spans.size()), 2); // a PER then a LOC, whatever was drawn
            QCOMPARE(spans[0].type, std::string("PER"));
            QCOMPARE(spans[1].type, std::string("LOC"));
            QCOMPARE(a.tokens.front(), 100); // context before: untouched
            QCOMPARE(a.tags.front(), m_tags.id("O"));
            QCOMPARE(names(a), convertTags(names(a), TagScheme::Bioes, TagScheme::Bioes));
            sawLengthChange |= a.tokens.size() != train[0].tokens.size();
        }
        QVERIFY(sawLengthChange); // S-PER (1 char) and B/E-LOC (2 chars) are in the pool
    }

    void dictionaryFeaturesTravelWithTheirCharacters() {
        // Each token's feature bits here are 10 × its id, so after any swap every position
        // must still hold its own token's bits: the context's from its sentence, a swapped
        // mention's from the sentence it was taken from.
        std::vector<EncodedSentence> train = threeSentences();
        for (EncodedSentence& e : train)
            for (int token : e.tokens)
                e.features.push_back(std::uint32_t(10 * token));
        const MentionPool pool(train, m_tags, TagScheme::Bioes);
        Random rng(3);
        bool swapped = false;
        for (int trial = 0; trial < 100; ++trial) {
            const EncodedSentence a = pool.augment(train[0], 1.0, rng);
            QCOMPARE(a.features.size(), a.tokens.size());
            for (size_t k = 0; k < a.tokens.size(); ++k)
                QCOMPARE(a.features[k], std::uint32_t(10 * a.tokens[k]));
            swapped |= a.tokens != train[0].tokens;
        }
        QVERIFY(swapped);
        // Without a lexicon there are no features, and none appear.
        const std::vector<EncodedSentence> plain = {sentence({"O", "S-PER"}, 1),
                                                    sentence({"B-PER", "E-PER"}, 50)};
        const MentionPool plainPool(plain, m_tags, TagScheme::Bioes);
        QVERIFY(plainPool.augment(plain[0], 1.0, rng).features.empty());
    }

    void zeroProbabilityIsIdentity() {
        const std::vector<EncodedSentence> train = {sentence({"O", "S-PER", "O"}, 1),
                                                    sentence({"B-PER", "E-PER"}, 50)};
        const MentionPool pool(train, m_tags, TagScheme::Bioes);
        Random rng(1);
        const EncodedSentence a = pool.augment(train[0], 0.0, rng);
        QCOMPARE(a.tokens, train[0].tokens);
        QCOMPARE(a.tags, train[0].tags);
    }
};

QTEST_APPLESS_MAIN(TestMentionReplacement)
#include "tst_mention_replacement.moc"
