#!/usr/bin/python3
"""Writes segmentation_fixture.json: how jieba (Debian's python3-jieba) segments sentences of
the built-in corpus by its dictionary alone, for tst_lexicon to compare the engine's
Lexicon::segment() against. Run with Debian's /usr/bin/python3 after `apt install python3-jieba`.

jieba.cut(HMM=False) would also glue runs of Latin letters and digits together; the engine
reads the dictionary path only, so this takes jieba's route through its word graph (get_DAG
and calc, the maximum of Σ log frequency) directly.
"""
import json
import os

import jieba

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))

jieba.initialize()
dt = jieba.dt
sentences = []
with open(os.path.join(root, "data", "corpus.jsonl"), encoding="utf-8") as f:
    for number, line in enumerate(f):
        if number % 8 == 0:  # 100 of the 801 sentences
            sentences.append("".join(json.loads(line)["text"]))
# Latin letters, digits and a word jieba does not know.
sentences += ["苏-57战斗机和F-35A在2019年试飞", "叙利亚北约辽宁舰"]

cases = []
for text in sentences:
    dag = dt.get_DAG(text)
    route = {}
    dt.calc(text, dag, route)
    words, i = [], 0
    while i < len(text):
        end = route[i][1] + 1
        words.append(text[i:end])
        i = end
    cases.append({"text": text, "words": words})

with open(os.path.join(here, "segmentation_fixture.json"), "w", encoding="utf-8") as f:
    json.dump({"dictionary": jieba.DEFAULT_DICT_NAME, "cases": cases}, f, ensure_ascii=False,
              indent=1)
    f.write("\n")
print(len(cases), "sentences")
