// Corpus statistics on a hand-made corpus and, when present, the shared corpus.
#include "engine/data/dataset_reader.h"
#include "engine/data/dataset_stats.h"

#include <QtTest>

#include <sstream>

using namespace ner;

namespace {

Sentence sentence(const char* tagText) {
    Sentence s;
    std::istringstream in(tagText);
    for (std::string tag; in >> tag;)
        s.tags.push_back(tag);
    s.chars.assign(s.tags.size(), "x");
    return s;
}

} // namespace

class TestDatasetStats : public QObject {
    Q_OBJECT

private slots:
    void countsByHand();
    void readsSpansInTheGivenScheme();
    void emptyCorpus();
    void sharedCorpus();
};

void TestDatasetStats::countsByHand() {
    // 3 sentences, 4 + 2 + 5 = 11 characters, O: 1 + 2 + 2 = 5.
    // Entities: PER (B I), LOC (B); none; ORG (B I), PER (I after O starts one) -> PER 2, LOC 1,
    // ORG 1.
    const std::vector<Sentence> corpus{sentence("B-PER I-PER O B-LOC"), sentence("O O"),
                                       sentence("B-ORG I-ORG O I-PER O")};
    const DatasetStats stats = computeStats(corpus, TagScheme::Bio);
    QCOMPARE(stats.sentences, 3);
    QCOMPARE(stats.characters, 11L);
    QCOMPARE(stats.outsideCharacters, 5L);
    QCOMPARE(stats.longestSentence, 5);
    const std::map<std::string, int> expected{{"LOC", 1}, {"ORG", 1}, {"PER", 2}};
    QCOMPARE(stats.entitiesPerType, expected);
}

void TestDatasetStats::readsSpansInTheGivenScheme() {
    // BIOES: S S is two entities, B E one.
    const DatasetStats stats =
        computeStats({sentence("S-X S-X B-Y E-Y"), sentence("B-X I-X E-X")}, TagScheme::Bioes);
    const std::map<std::string, int> expected{{"X", 3}, {"Y", 1}};
    QCOMPARE(stats.entitiesPerType, expected);
    QCOMPARE(stats.outsideCharacters, 0L);
}

void TestDatasetStats::emptyCorpus() {
    const DatasetStats stats = computeStats({}, TagScheme::Bio);
    QCOMPARE(stats.sentences, 0);
    QCOMPARE(stats.characters, 0L);
    QCOMPARE(stats.longestSentence, 0);
    QVERIFY(stats.entitiesPerType.empty());
}

void TestDatasetStats::sharedCorpus() {
    const std::string path = std::string(NER_SHARED_DATA_DIR) + "/military_ner.jsonl";
    if (!QFile::exists(QString::fromStdString(path)))
        QSKIP("shared corpus not present (it lives outside the repository)");
    const LoadResult corpus = loadDataset(path, {});
    const DatasetStats stats = computeStats(corpus.sentences, corpus.scheme);
    // Figures from the corpus README (13 types, 64.65 % O), per-type counts from an
    // independent count of its B- tags (it has no I- tag that starts an entity).
    QCOMPARE(stats.sentences, 940);
    QCOMPARE(stats.characters, 51137L);
    QCOMPARE(stats.outsideCharacters, 33062L);
    QCOMPARE(qRound(10000.0 * double(stats.outsideCharacters) / double(stats.characters)), 6465);
    QCOMPARE(stats.longestSentence, 313);
    const std::map<std::string, int> expected{
        {"COU", 1018}, {"ECA", 61}, {"EQU", 974}, {"FIL", 62},  {"JS", 30},
        {"LOC", 264},  {"MET", 26}, {"NUM", 404}, {"ORG", 733}, {"PER", 232},
        {"POS", 178},  {"SJ", 56},  {"TIM", 282}};
    QCOMPARE(stats.entitiesPerType, expected);
}

QTEST_APPLESS_MAIN(TestDatasetStats)
#include "tst_dataset_stats.moc"
