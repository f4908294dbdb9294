#!/usr/bin/python3
"""Golden fixture for the influence map (engine/analysis/influence.h): gradient norms by autograd.

Run with Debian's PyTorch (python3-torch), from anywhere:

    /usr/bin/python3 tests/pytorch/make_influence_fixture.py

and commit the regenerated tests/pytorch/influence_fixture.json. The C++ test
(tests/engine/tst_pytorch_golden.cpp) only reads the JSON.

The model is the engine's tagger up to its emission scores, in float64: an embedding table
(one row per vocabulary id, <pad> and <unk> first), a 2-layer bidirectional nn.LSTM, and a
linear projection to K tag scores e_t. For one sentence (with a repeated character, whose
two positions must stay apart) and a tag y_t per position, row t of the map is

    I[t, s] = || d obj_t / d x_s ||_2,   obj_t = log_softmax(e_t)[y_t]
                                                 (- log_softmax(e_t)[c_t] where c_t >= 0)

x_s the embedding of position s (a leaf, so each position gets its own gradient). Saved: the
vocabulary, embedding rows, LSTM weights (bias = bias_ih + bias_hh, gate rows i, f, g, o),
projection, tag names, the sentence's token ids, y, c and the map [t][s].
"""
import os
import sys

import torch

sys.dont_write_bytecode = True  # keep tests/pytorch free of __pycache__
from fixture_json import write_fixture  # noqa: E402

SEED = 20261129
EMBED, HIDDEN, LAYERS = 5, 4, 2
TOKENS = ["<pad>", "<unk>", "北", "京", "上", "海", "在", "人"]
TAGS = ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
SENTENCE = [7, 6, 2, 3, 4, 5, 6]  # 人 在 北 京 上 海 在: 在 twice
Y = [3, 0, 1, 2, 1, 2, 0]
C = [-1, 1, -1, 0, -1, 4, -1]  # three rows against another tag


def rows(t):
    return t.detach().tolist()


def main():
    torch.manual_seed(SEED)
    table = torch.empty(len(TOKENS), EMBED, dtype=torch.float64).uniform_(-1, 1)
    lstm = torch.nn.LSTM(EMBED, HIDDEN, num_layers=LAYERS, bidirectional=True).double()
    projection = torch.nn.Linear(2 * HIDDEN, len(TAGS)).double()
    with torch.no_grad():  # wide enough that the gates saturate and far positions matter
        for p in list(lstm.parameters()) + list(projection.parameters()):
            p.uniform_(-0.9, 0.9)

    x = table[torch.tensor(SENTENCE)].clone().requires_grad_(True)  # (T, E): one leaf per position
    out, _ = lstm(x.unsqueeze(1))  # (T, 1, 2H)
    logp = torch.log_softmax(projection(out.squeeze(1)), dim=1)  # (T, K)
    influence = []
    for t, (y, c) in enumerate(zip(Y, C)):
        objective = logp[t, y] - (logp[t, c] if c >= 0 else 0)
        (grad,) = torch.autograd.grad(objective, x, retain_graph=True)
        influence.append(rows(grad.norm(dim=1)))

    weights = {}
    for layer in range(LAYERS):
        for suffix in ("", "_reverse"):
            k = f"l{layer}{suffix}"
            weights[f"weight_ih_{k}"] = rows(getattr(lstm, f"weight_ih_{k}"))
            weights[f"weight_hh_{k}"] = rows(getattr(lstm, f"weight_hh_{k}"))
            weights[f"bias_{k}"] = rows(getattr(lstm, f"bias_ih_{k}") + getattr(lstm, f"bias_hh_{k}"))

    fixture = {
        "generator": "tests/pytorch/make_influence_fixture.py",
        "torch_version": torch.__version__,
        "seed": SEED,
        "embedding_size": EMBED,
        "hidden_size": HIDDEN,
        "num_layers": LAYERS,
        "tokens": TOKENS,
        "tags": TAGS,
        "sentence": SENTENCE,
        "y": Y,
        "contrast": C,
        "embedding": rows(table),
        "weights": weights,
        "projection_weight": rows(projection.weight),
        "projection_bias": rows(projection.bias),
        "influence": influence,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "influence_fixture.json")
    write_fixture(path, fixture)
    print(f"wrote {path}: {len(SENTENCE)} x {len(SENTENCE)} map")


if __name__ == "__main__":
    main()
