# Writes OUTPUT, a C++ source defining the bytes of INPUT as ner::builtinCorpusBytes.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR size "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT} "// Generated from data/corpus.jsonl by engine/data/embed_corpus.cmake. Do not edit.\n#include <cstddef>\nnamespace ner {\nextern const unsigned char builtinCorpusBytes[];\nextern const std::size_t builtinCorpusSize;\nconst unsigned char builtinCorpusBytes[] = {\n${bytes}0};\nconst std::size_t builtinCorpusSize = ${size};\n}\n")
