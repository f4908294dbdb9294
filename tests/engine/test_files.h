#pragma once
// Writing the engine tests' input files: exact bytes (no newline translation), replacing
// what was there; a failed write fails the calling test.
#include <QString>
#include <QtTest>

#include <fstream>
#include <string>

namespace ner::test {

inline void writeFile(const QString& path, const std::string& bytes) {
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    QVERIFY2(out.good(), qPrintable(path));
}

} // namespace ner::test
