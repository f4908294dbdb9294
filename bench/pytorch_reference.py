#!/usr/bin/python3
"""PyTorch reference for the speed benchmark: the engine's model, written the usual way.

Run with Debian's PyTorch (python3-torch with libopenblas0-pthread), one configuration per
process, exactly like the engine's lstm-ner-bench (same flags, same JSON keys on stdout):

    /usr/bin/python3 bench/pytorch_reference.py --mode train --output crf --batch 16 \\
        --epochs 1 --train military_ner.train.jsonl --dev ... --test ...

Model: nn.Embedding(V, 100) -> dropout -> nn.LSTM(100, 128, bidirectional) over
pack_padded_sequence -> dropout -> nn.Linear(256, K) -> softmax cross-entropy or a
linear-chain CRF written in plain batched tensor operations (forward algorithm with
logsumexp, gold score with gather, Viterbi with max/argmax). Adam (lr 0.001), gradient
norm clipped at 5, loss = sum over the batch's sentences / B (the engine's objective),
torch.set_num_threads(2).

Data handling mirrors the engine so that both sides do the same work: characters are
width-folded as the engine's vocabulary does, the vocabulary is the training file's
characters, the tag set is every BIO tag of the three files, and the training batches come
from plan_batches() below, the same plan as bench/bench_setup.h's planBatches().
"""
import argparse
import ctypes
import json
import os
import resource
import sys
import time

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

EMBEDDING, HIDDEN = 100, 128


# ---------------------------------------------------------------- data

def fold_width(ch):
    """The engine's default normalisation: full-width ASCII and U+3000 to half-width."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return " " if code == 0x3000 else ch


def load_jsonl(path):
    sentences = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                sentences.append((record["text"], record["labels"]))
    return sentences


def build_vocabulary(sentences):
    counts = {}
    for chars, _ in sentences:
        for ch in chars:
            ch = fold_width(ch)
            counts[ch] = counts.get(ch, 0) + 1
    ordered = sorted(counts, key=lambda ch: (-counts[ch], ch))
    return {ch: k + 2 for k, ch in enumerate(ordered)}  # 0 <pad>, 1 <unk>


def build_tags(splits):
    names = {tag for split in splits for _, tags in split for tag in tags} - {"O"}
    return ["O"] + sorted(names, key=lambda s: s.encode("utf-8"))


def encode(chars, vocab):
    return [vocab.get(fold_width(ch), 1) for ch in chars]


def plan_batches(lengths, batch_size):
    """Same as the engine's planBatches: chunks of 20·B in file order, each stable-sorted by
    length and cut into batches of B."""
    batches, n, chunk = [], len(lengths), 20 * batch_size
    for first in range(0, n, chunk):
        order = sorted(range(first, min(n, first + chunk)), key=lambda k: lengths[k])
        batches += [order[k:k + batch_size] for k in range(0, len(order), batch_size)]
    return batches


def length_sorted_batches(lengths, batch_size):
    """The engine's lengthSortedBatches (tagging): all sentences stable-sorted by length."""
    order = sorted(range(len(lengths)), key=lambda k: lengths[k])
    return [order[k:k + batch_size] for k in range(0, len(order), batch_size)]


def make_batch(ids_list, tags_list=None):
    """(T, B) token ids (0 = pad), (T, B) tags (-1 = pad), lengths (B) — time-major."""
    lengths = [len(ids) for ids in ids_list]
    T, B = max(lengths), len(ids_list)
    tokens = torch.zeros(T, B, dtype=torch.long)
    tags = torch.full((T, B), -1, dtype=torch.long)
    for b, ids in enumerate(ids_list):
        tokens[:len(ids), b] = torch.tensor(ids)
        if tags_list is not None:
            tags[:len(ids), b] = torch.tensor(tags_list[b])
    return tokens, tags, torch.tensor(lengths)


# ---------------------------------------------------------------- model

class Crf(nn.Module):
    """Linear-chain CRF: score(y) = start[y0] + sum_t s_t[y_t] + sum A[y_{t-1}, y_t] + end[y_last]."""

    def __init__(self, K):
        super().__init__()
        self.transitions = nn.Parameter(torch.empty(K, K).uniform_(-0.1, 0.1))  # [from, to]
        self.start = nn.Parameter(torch.zeros(K))
        self.end = nn.Parameter(torch.zeros(K))

    def log_alphas(self, em, mask):
        """em (T, B, K), mask (T, B) -> list of T (B, K) log forward vectors (carried over padding)."""
        alpha = self.start + em[0]
        alphas = [alpha]
        for t in range(1, em.shape[0]):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.transitions, dim=1) + em[t]
            alpha = torch.where(mask[t].unsqueeze(1), nxt, alpha)
            alphas.append(alpha)
        return alphas

    def nll(self, em, tags, mask, lengths):
        """Sum over the batch of log Z - score(gold)."""
        log_z = torch.logsumexp(self.log_alphas(em, mask)[-1] + self.end, dim=1)  # (B)
        y = tags.clamp(min=0)
        maskf = mask.to(em.dtype)
        emit = em.gather(2, y.unsqueeze(2)).squeeze(2)  # (T, B)
        gold = (emit * maskf).sum(0) + self.start[y[0]]
        if em.shape[0] > 1:
            gold = gold + (self.transitions[y[:-1], y[1:]] * maskf[1:]).sum(0)
        last = y.gather(0, (lengths - 1).unsqueeze(0)).squeeze(0)
        gold = gold + self.end[last]
        return (log_z - gold).sum()

    def viterbi(self, em, mask, lengths):
        T, B, K = em.shape
        delta = self.start + em[0]
        identity = torch.arange(K).expand(B, K)
        backs = []
        for t in range(1, T):
            best, index = (delta.unsqueeze(2) + self.transitions).max(dim=1)  # over 'from'
            keep = mask[t].unsqueeze(1)
            delta = torch.where(keep, best + em[t], delta)
            backs.append(torch.where(keep, index, identity))  # padding: stay on the same tag
        tag = (delta + self.end).argmax(dim=1)
        path = [tag]
        for back in reversed(backs):
            tag = back.gather(1, tag.unsqueeze(1)).squeeze(1)
            path.append(tag)
        path = torch.stack(path[::-1]).t().tolist()  # (B, T)
        return [p[:n] for p, n in zip(path, lengths.tolist())]

    def marginals(self, em):
        """P(y_t = j) for one sequence, em (T, 1, K), by forward-backward in log space."""
        mask = torch.ones(em.shape[:2], dtype=torch.bool)
        alphas = torch.stack(self.log_alphas(em, mask))  # (T, 1, K)
        beta = self.end.expand_as(em[0])
        betas = [beta]
        for t in range(em.shape[0] - 1, 0, -1):
            beta = torch.logsumexp(self.transitions + (em[t] + beta).unsqueeze(1), dim=2)
            betas.append(beta)
        betas = torch.stack(betas[::-1])
        return torch.softmax(alphas + betas, dim=2)


class Tagger(nn.Module):
    def __init__(self, vocab_size, K, crf, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, EMBEDDING, padding_idx=0)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(EMBEDDING, HIDDEN, num_layers=1, bidirectional=True)
        self.projection = nn.Linear(2 * HIDDEN, K)
        self.crf = Crf(K) if crf else None

    def scores(self, tokens, lengths, keep=None):
        x = self.dropout(self.embedding(tokens))  # (T, B, E)
        packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, total_length=tokens.shape[0])  # (T, B, 2H)
        if keep is not None:
            keep["x"], keep["h"] = x, out
        return self.projection(self.dropout(out))  # (T, B, K)

    def loss(self, tokens, tags, lengths):
        """Sum over the batch's sentences of the per-sentence negative log-likelihood."""
        em = self.scores(tokens, lengths)
        if self.crf is not None:
            return self.crf.nll(em, tags, tags >= 0, lengths)
        return nn.functional.cross_entropy(em.reshape(-1, em.shape[2]), tags.reshape(-1),
                                           ignore_index=-1, reduction="sum")

    def predict(self, tokens, lengths):
        em = self.scores(tokens, lengths)
        if self.crf is not None:
            return self.crf.viterbi(em, tokens > 0, lengths)
        best = em.argmax(dim=2).t().tolist()
        return [p[:n] for p, n in zip(best, lengths.tolist())]

    def gates(self, x, h):
        """Gate capture for one sequence (B = 1): nn.LSTM keeps no gates, so they are
        recomputed from its outputs — all steps' pre-activations in one product per
        direction, then the cell state by the recurrence c_t = f c_{t-1} + i g."""
        H, traces = HIDDEN, []
        x, h = x[:, 0], h[:, 0]  # (T, E), (T, 2H)
        for d, suffix in enumerate(["", "_reverse"]):
            hd = h[:, d * H:(d + 1) * H]
            xs, hs = (x, hd) if d == 0 else (x.flip(0), hd.flip(0))  # the direction's own order
            h_prev = torch.cat([torch.zeros(1, H), hs[:-1]])
            z = (xs @ getattr(self.lstm, "weight_ih_l0" + suffix).t()
                 + h_prev @ getattr(self.lstm, "weight_hh_l0" + suffix).t()
                 + getattr(self.lstm, "bias_ih_l0" + suffix) + getattr(self.lstm, "bias_hh_l0" + suffix))
            i, f, g, o = torch.sigmoid(z[:, :H]), torch.sigmoid(z[:, H:2 * H]), \
                torch.tanh(z[:, 2 * H:3 * H]), torch.sigmoid(z[:, 3 * H:])
            ig = i * g
            c = torch.empty_like(ig)
            c[0] = ig[0]
            for t in range(1, c.shape[0]):
                c[t] = f[t] * c[t - 1] + ig[t]
            trace = torch.stack([i, f, g, o, c, hs])  # (6, T, H)
            traces.append(trace if d == 0 else trace.flip(1))  # reading order
        return traces

    def analyse(self, chars, vocab):
        """What the engine's TaggerNetwork::analyse returns: tags, probabilities, gates."""
        tokens, _, lengths = make_batch([encode(chars, vocab)])
        keep = {}
        em = self.scores(tokens, lengths, keep)
        if self.crf is not None:
            tags = self.crf.viterbi(em, tokens > 0, lengths)[0]
            probabilities = self.crf.marginals(em)
        else:
            tags = em.argmax(dim=2)[:, 0].tolist()
            probabilities = torch.softmax(em, dim=2)
        return tags, probabilities, self.gates(keep["x"], keep["h"])


def flops_per_token(K, dirs=2, D=EMBEDDING, H=HIDDEN):
    """bench/bench_setup.h: 6·dirs·4H·(D + H) + 6·K·dirs·H (matrix products, fwd + bwd)."""
    return 6 * dirs * 4 * H * (D + H) + 6 * K * dirs * H


# ---------------------------------------------------------------- measurements

def measure_training(model, train, args):
    ids, tags = train
    if args.sentences > 0:
        ids, tags = ids[:args.sentences], tags[:args.sentences]
    batches = plan_batches([len(s) for s in ids], args.batch)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    params = [p for p in model.parameters()]
    model.train()
    phases = dict(make_batch=0.0, forward=0.0, backward=0.0, clip_gradient_norm=0.0,
                  optimizer_step=0.0)
    seconds, tokens, padded, epoch_loss, epoch_rate = 0.0, 0, 0, [], []
    for _ in range(args.epochs):
        loss_sum, epoch_tokens, epoch_seconds = 0.0, 0, 0.0
        for indices in batches:
            t0 = time.perf_counter()
            x, y, lengths = make_batch([ids[k] for k in indices], [tags[k] for k in indices])
            t1 = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            loss = model.loss(x, y, lengths)
            t2 = time.perf_counter()
            (loss / len(indices)).backward()  # mean loss per sentence, as the engine
            t3 = time.perf_counter()
            nn.utils.clip_grad_norm_(params, 5.0)
            t4 = time.perf_counter()
            optimizer.step()
            t5 = time.perf_counter()
            for key, dt in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                phases[key] += dt
            loss_sum += loss.item()
            epoch_seconds += t5 - t0
            n = int(lengths.sum())
            epoch_tokens += n
            padded += x.numel()
        seconds += epoch_seconds
        tokens += epoch_tokens
        epoch_loss.append(loss_sum / epoch_tokens)
        epoch_rate.append(epoch_tokens / epoch_seconds)
    phases["forward_backward"] = phases["forward"] + phases["backward"]
    return dict(mode="train", batch=args.batch, epochs=args.epochs, sentences=len(ids),
                batches_per_epoch=len(batches), tokens=tokens,
                padding_fraction=1 - tokens / padded, seconds=seconds,
                tokens_per_second=tokens / seconds, epoch_tokens_per_second=epoch_rate,
                loss_per_token=epoch_loss, phase_seconds=phases)


def measure_tagging(model, sentences, vocab, args):
    chars = [c for c, _ in sentences]
    batches = length_sorted_batches([len(c) for c in chars], args.batch)
    model.eval()
    tokens, passes, checksum = 0, 0, 0
    start = time.perf_counter()
    with torch.inference_mode():
        while True:
            for indices in batches:
                x, _, lengths = make_batch([encode(chars[k], vocab) for k in indices])
                for path in model.predict(x, lengths):
                    checksum += path[0]
                tokens += int(lengths.sum())
            passes += 1
            if time.perf_counter() - start >= args.min_seconds:
                break
    seconds = time.perf_counter() - start
    return dict(mode="tag", batch=args.batch, passes=passes, sentences=len(chars),
                tokens=tokens, seconds=seconds, tokens_per_second=tokens / seconds,
                checksum=checksum)


def quantile(values, q):
    values = sorted(values)
    pos = q * (len(values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (pos - lo) * (values[hi] - values[lo])


def summary(ms):
    return dict(median_ms=quantile(ms, 0.5), p90_ms=quantile(ms, 0.9),
                mean_ms=sum(ms) / len(ms), min_ms=min(ms))


def measure_latency(model, sentences, vocab, args):
    chars = [ch for c, _ in sentences for ch in c][:args.length]
    if len(chars) < args.length:
        sys.exit("the corpus is shorter than the latency sentence")
    model.eval()
    analyse_ms, predict_ms, gate_values = [], [], 0
    tokens, _, lengths = make_batch([encode(chars, vocab)])
    with torch.inference_mode():
        for run in range(args.warmup + args.runs):
            start = time.perf_counter()
            _, _, traces = model.analyse(chars, vocab)
            ms = (time.perf_counter() - start) * 1e3
            if run >= args.warmup:
                analyse_ms.append(ms)
            gate_values = sum(t.numel() for t in traces)
        for run in range(args.warmup + args.runs):
            start = time.perf_counter()
            model.predict(tokens, lengths)
            ms = (time.perf_counter() - start) * 1e3
            if run >= args.warmup:
                predict_ms.append(ms)
    out = dict(mode="latency", length=args.length, runs=args.runs, warmup=args.warmup,
               gate_values=gate_values, predict_only=summary(predict_ms))
    out.update(summary(analyse_ms))
    return out


def blas_facts():
    """Which BLAS torch runs on: its build config and the OpenBLAS actually loaded."""
    facts = {"torch_version": torch.__version__}
    config = torch.__config__.show()
    facts["blas_info"] = next((part.split("=", 1)[1] for part in config.replace(",", "\n").split()
                               if part.startswith("BLAS_INFO=")), "?")
    with open("/proc/self/maps") as maps:
        libraries = {line.split()[-1] for line in maps if ".so" in line}
    facts["blas_libraries"] = sorted(os.path.basename(p) for p in libraries
                                     if "blas" in p or "lapack" in p)
    try:
        openblas = ctypes.CDLL("libopenblas.so.0")
        openblas.openblas_get_config.restype = ctypes.c_char_p
        openblas.openblas_get_corename.restype = ctypes.c_char_p
        facts["openblas_config"] = openblas.openblas_get_config().decode()
        facts["openblas_core"] = openblas.openblas_get_corename().decode()
        facts["openblas_threads"] = openblas.openblas_get_num_threads()
    except (OSError, AttributeError):
        facts["openblas_config"] = None
    facts["OPENBLAS_CORETYPE"] = os.environ.get("OPENBLAS_CORETYPE")
    return facts


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mode", required=True, choices=["train", "tag", "latency"])
    p.add_argument("--output", default="crf", choices=["crf", "softmax"])
    p.add_argument("--train", required=True)
    p.add_argument("--dev")
    p.add_argument("--test")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--sentences", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--min-seconds", type=float, default=1.0)
    p.add_argument("--length", type=int, default=100)
    p.add_argument("--runs", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = load_jsonl(args.train)
    splits = [train] + [load_jsonl(f) for f in (args.dev, args.test) if f]
    vocab, tag_names = build_vocabulary(train), build_tags(splits)
    tag_id = {t: k for k, t in enumerate(tag_names)}
    model = Tagger(len(vocab) + 2, len(tag_names), args.output == "crf", args.dropout)

    if args.mode == "train":
        encoded = ([encode(c, vocab) for c, _ in train], [[tag_id[t] for t in ts] for _, ts in train])
        out = measure_training(model, encoded, args)
    elif args.mode == "tag":
        out = measure_tagging(model, train, vocab, args)
    else:
        out = measure_latency(model, train, vocab, args)
    out.update(output=args.output, vocabulary=len(vocab) + 2, tags=len(tag_names),
               parameters=sum(p.numel() for p in model.parameters()),
               flops_per_token=flops_per_token(len(tag_names)), side="pytorch",
               threads=torch.get_num_threads(),
               peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out.update(blas_facts())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
