#!/usr/bin/python3
"""Golden fixture for the linear-chain CRF: batched negative log-likelihood in plain torch ops.

Run with Debian's PyTorch (python3-torch), from anywhere:

    /usr/bin/python3 tests/pytorch/make_crf_fixture.py

and commit the regenerated tests/pytorch/crf_fixture.json. The C++ test
(tests/engine/tst_pytorch_golden.cpp) only reads the JSON.

The model is the engine's (engine/nn/crf.h), written independently in log space:
  score(y) = start[y_0] + sum_t s_t[y_t] + sum_{t>=1} A[y_{t-1}, y_t] + end[y_{T-1}]
  log Z    = forward algorithm with logsumexp, masked so padding leaves alpha unchanged
  loss     = sum_b (log Z_b - score_b(gold_b))
Gradients w.r.t. emissions, transitions, start and end come from autograd. Emissions are
indexed [t][b][k] (zero gradient at padding), transitions [from][to], tags [t][b] with -1
at padding. One sequence has length 1 (no transition at all).
"""
import os
import sys

import torch

sys.dont_write_bytecode = True  # keep tests/pytorch free of __pycache__
from fixture_json import write_fixture  # noqa: E402

SEED = 7031
K, T = 5, 6
LENGTHS = [6, 3, 1, 5]  # deliberately not sorted


def rows(t):
    return t.detach().tolist()


def log_partition(em, trans, start, end, mask):
    # em: (T, B, K); mask: (T, B) bool
    alpha = start.unsqueeze(0) + em[0]  # (B, K)
    for t in range(1, em.shape[0]):
        # nxt[b, j] = logsumexp_i(alpha[b, i] + A[i, j]) + s_t[b, j]
        nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[t]
        alpha = torch.where(mask[t].unsqueeze(1), nxt, alpha)
    return torch.logsumexp(alpha + end.unsqueeze(0), dim=1)  # (B)


def gold_score(em, trans, start, end, tags, lengths):
    scores = []
    for b, n in enumerate(lengths):
        y = [int(tags[t, b]) for t in range(n)]
        s = start[y[0]] + end[y[-1]]
        for t in range(n):
            s = s + em[t, b, y[t]]
            if t > 0:
                s = s + trans[y[t - 1], y[t]]
        scores.append(s)
    return torch.stack(scores)


def main():
    g = torch.Generator().manual_seed(SEED)
    B = len(LENGTHS)
    lengths = torch.tensor(LENGTHS)
    mask = torch.arange(T).unsqueeze(1) < lengths.unsqueeze(0)  # (T, B)
    em = (3.0 * torch.randn(T, B, K, generator=g, dtype=torch.float64)).requires_grad_()
    trans = torch.randn(K, K, generator=g, dtype=torch.float64).requires_grad_()
    start = torch.randn(K, generator=g, dtype=torch.float64).requires_grad_()
    end = torch.randn(K, generator=g, dtype=torch.float64).requires_grad_()
    tags = torch.randint(0, K, (T, B), generator=g)
    tags = torch.where(mask, tags, torch.full_like(tags, -1))

    log_z = log_partition(em, trans, start, end, mask)
    gold = gold_score(em, trans, start, end, tags, LENGTHS)
    loss = (log_z - gold).sum()
    loss.backward()

    fixture = {
        "generator": "tests/pytorch/make_crf_fixture.py",
        "torch_version": torch.__version__,
        "seed": SEED,
        "K": K,
        "T": T,
        "B": B,
        "lengths": LENGTHS,
        "tags": rows(tags),
        "emissions": rows(em),
        "transitions": rows(trans),
        "start": rows(start),
        "end": rows(end),
        "log_partition": rows(log_z),
        "gold_scores": rows(gold),
        "loss": loss.item(),
        "gradients": {
            "emissions": rows(em.grad),
            "transitions": rows(trans.grad),
            "start": rows(start.grad),
            "end": rows(end.grad),
        },
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "crf_fixture.json")
    write_fixture(path, fixture)
    print(f"wrote {path}: loss {loss.item():.12g}")


if __name__ == "__main__":
    main()
