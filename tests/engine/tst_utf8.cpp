// Strict UTF-8 splitting, validation, decoding and encoding.
#include "engine/data/data_error.h"
#include "engine/data/utf8.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace ner;

Q_DECLARE_METATYPE(std::string)

class TestUtf8 : public QObject {
    Q_OBJECT

private slots:
    void splitsValidText_data();
    void splitsValidText();
    void rejectsInvalidText_data();
    void rejectsInvalidText();
    void errorNamesFileAndLine();
    void decodesAndEncodes_data();
    void decodesAndEncodes();
    void decodeRejectsAnythingButOneCodePoint();
    void encodeReplacesImpossibleCodePoints();
    void roundTripsEveryScalarValue();
};

void TestUtf8::splitsValidText_data() {
    QTest::addColumn<std::string>("text");
    QTest::addColumn<int>("count");
    QTest::addColumn<std::string>("last");
    QTest::newRow("empty") << std::string() << 0 << std::string();
    QTest::newRow("ascii") << std::string("abc") << 3 << std::string("c");
    QTest::newRow("nul is a character") << std::string("a\0b", 3) << 3 << std::string("b");
    QTest::newRow("two-byte") << std::string("\xC3\xA9t\xC3\xA9") << 3 << std::string("\xC3\xA9");
    QTest::newRow("chinese") << std::string("李明在北京") << 5 << std::string("京");
    QTest::newRow("full-width digit") << std::string("１２") << 2 << std::string("２");
    QTest::newRow("emoji (4 bytes)")
        << std::string("a\xF0\x9F\x98\x80") << 2 << std::string("\xF0\x9F\x98\x80");
    QTest::newRow("lowest 3-byte, no overlong")
        << std::string("\xE0\xA0\x80") << 1 << std::string("\xE0\xA0\x80");
    QTest::newRow("last before surrogates")
        << std::string("\xED\x9F\xBF") << 1 << std::string("\xED\x9F\xBF");
    QTest::newRow("U+10FFFF") << std::string("\xF4\x8F\xBF\xBF") << 1
                              << std::string("\xF4\x8F\xBF\xBF");
}

void TestUtf8::splitsValidText() {
    QFETCH(std::string, text);
    QFETCH(int, count);
    QFETCH(std::string, last);
    const std::vector<std::string> points = splitCodePoints(text, "f", 1);
    QCOMPARE(static_cast<int>(points.size()), count);
    if (count > 0) QCOMPARE(points.back(), last);
    std::string joined;
    for (const auto& p : points)
        joined += p;
    QCOMPARE(joined, text);
    QVERIFY(isValidUtf8(text));
    QVERIFY(!findInvalidUtf8(text).has_value());
}

void TestUtf8::rejectsInvalidText_data() {
    QTest::addColumn<std::string>("text");
    QTest::addColumn<int>("offset");
    QTest::newRow("lone continuation") << std::string("ab\x80") << 2;
    QTest::newRow("overlong '/' (C0 AF)") << std::string("\xC0\xAF") << 0;
    QTest::newRow("overlong C1") << std::string("x\xC1\xBF") << 1;
    QTest::newRow("overlong 3-byte (E0 80 AF)") << std::string("\xE0\x80\xAF") << 0;
    QTest::newRow("overlong 4-byte (F0 80 80 AF)") << std::string("\xF0\x80\x80\xAF") << 0;
    QTest::newRow("surrogate D800") << std::string("李\xED\xA0\x80") << 3;
    QTest::newRow("surrogate DFFF") << std::string("\xED\xBF\xBF") << 0;
    QTest::newRow("above U+10FFFF (F4 90)") << std::string("\xF4\x90\x80\x80") << 0;
    QTest::newRow("F5 lead") << std::string("\xF5\x80\x80\x80") << 0;
    QTest::newRow("FF byte") << std::string("ok\xFF") << 2;
    QTest::newRow("truncated 2-byte at end") << std::string("ab\xC3") << 2;
    QTest::newRow("truncated 3-byte at end") << std::string("李\xE6\x98") << 3;
    QTest::newRow("truncated 4-byte then ASCII") << std::string("\xF0\x9F\x98"
                                                                "a")
                                                 << 0;
    QTest::newRow("lead followed by lead") << std::string("\xC3\xC3\xA9") << 0;
}

void TestUtf8::rejectsInvalidText() {
    QFETCH(std::string, text);
    QFETCH(int, offset);
    QVERIFY(!isValidUtf8(text));
    QCOMPARE(findInvalidUtf8(text).value_or(999), static_cast<std::size_t>(offset));
    try {
        splitCodePoints(text, "f", 1);
        QFAIL("no DataError");
    } catch (const DataError& e) {
        QCOMPARE(e.problem(), "invalid UTF-8 at byte offset " + std::to_string(offset));
    }
}

void TestUtf8::errorNamesFileAndLine() {
    try {
        splitCodePoints("abc\xE9", "corpus.conll", 17);
        QFAIL("no DataError");
    } catch (const DataError& e) {
        QCOMPARE(e.file(), std::string("corpus.conll"));
        QCOMPARE(e.line(), 17);
        QCOMPARE(std::string(e.what()),
                 std::string("corpus.conll:17: invalid UTF-8 at byte offset 3"));
    }
}

void TestUtf8::decodesAndEncodes_data() {
    QTest::addColumn<std::string>("utf8");
    QTest::addColumn<uint>("codePoint");
    QTest::newRow("A") << std::string("A") << uint(0x41);
    QTest::newRow("NUL") << std::string("\0", 1) << uint(0);
    QTest::newRow("U+007F") << std::string("\x7F") << uint(0x7F);
    QTest::newRow("U+0080") << std::string("\xC2\x80") << uint(0x80);
    QTest::newRow("U+07FF") << std::string("\xDF\xBF") << uint(0x7FF);
    QTest::newRow("U+0800") << std::string("\xE0\xA0\x80") << uint(0x800);
    QTest::newRow("ideographic space") << std::string("\xE3\x80\x80") << uint(0x3000);
    QTest::newRow("李") << std::string("李") << uint(0x674E);
    QTest::newRow("full-width A") << std::string("Ａ") << uint(0xFF21);
    QTest::newRow("U+FFFF") << std::string("\xEF\xBF\xBF") << uint(0xFFFF);
    QTest::newRow("U+10000") << std::string("\xF0\x90\x80\x80") << uint(0x10000);
    QTest::newRow("U+10FFFF") << std::string("\xF4\x8F\xBF\xBF") << uint(0x10FFFF);
}

void TestUtf8::decodesAndEncodes() {
    QFETCH(std::string, utf8);
    QFETCH(uint, codePoint);
    QCOMPARE(static_cast<uint>(decodeCodePoint(utf8)), codePoint);
    QCOMPARE(encodeCodePoint(static_cast<char32_t>(codePoint)), utf8);
}

void TestUtf8::decodeRejectsAnythingButOneCodePoint() {
    QCOMPARE(decodeCodePoint(""), U'\uFFFD');
    QCOMPARE(decodeCodePoint("ab"), U'\uFFFD');
    QCOMPARE(decodeCodePoint("\xC3"), U'\uFFFD');
    QCOMPARE(decodeCodePoint("\xED\xA0\x80"), U'\uFFFD');
    QCOMPARE(decodeCodePoint("\xC0\xAF"), U'\uFFFD');
}

void TestUtf8::encodeReplacesImpossibleCodePoints() {
    const std::string replacement = "\xEF\xBF\xBD";
    QCOMPARE(encodeCodePoint(0xD800), replacement);
    QCOMPARE(encodeCodePoint(0xDFFF), replacement);
    QCOMPARE(encodeCodePoint(0x110000), replacement);
}

void TestUtf8::roundTripsEveryScalarValue() {
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        const std::string utf8 = encodeCodePoint(cp);
        if (!isValidUtf8(utf8) || decodeCodePoint(utf8) != cp)
            QFAIL(qPrintable(QString("round trip failed at U+%1").arg(uint(cp), 4, 16)));
    }
}

QTEST_APPLESS_MAIN(TestUtf8)
#include "tst_utf8.moc"
