#!/usr/bin/python3
"""Golden fixture for the LSTM stack: a 2-layer bidirectional nn.LSTM in float64.

Run with Debian's PyTorch (python3-torch), from anywhere:

    /usr/bin/python3 tests/pytorch/make_lstm_fixture.py

and commit the regenerated tests/pytorch/lstm_fixture.json. The C++ test
(tests/engine/tst_pytorch_golden.cpp) only reads the JSON, so ctest never needs PyTorch.

What is computed:
  * nn.LSTM(input 5, hidden 4, 2 layers, bidirectional), float64, fixed seed.
  * A padded batch, T = 6, B = 3, lengths {6, 4, 2}, packed with pack_padded_sequence so
    that padding is excluded: the reverse direction starts at each sequence's last real
    position, which is the engine's semantics. Padded input positions hold random values
    on purpose: they must not influence anything.
  * loss = sum over real positions (t, b) of <w[t, b], out[t, b]>, w a fixed random tensor
    (zero at padding), so dloss/dout = w.
  * Saved: weights (weight_ih_l{k}{_reverse}, weight_hh_l{k}{_reverse}, and
    bias_l{k}{_reverse} = bias_ih + bias_hh; gate rows i, f, g, o as in the engine),
    input, lengths, loss weights, outputs (zero at padding), loss, and the gradient of
    every weight and of the input. Arrays indexed [t][b][feature]; matrices as rows.
"""
import os
import sys

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.dont_write_bytecode = True  # keep tests/pytorch free of __pycache__
from fixture_json import write_fixture  # noqa: E402

SEED = 20240611
INPUT, HIDDEN, LAYERS = 5, 4, 2
T, B = 6, 3
LENGTHS = [6, 4, 2]


def rows(t):
    return t.detach().tolist()


def main():
    torch.manual_seed(SEED)
    lstm = torch.nn.LSTM(INPUT, HIDDEN, num_layers=LAYERS, bidirectional=True).double()
    # Wider than PyTorch's U(-1/2, 1/2) default for H = 4, so the gates saturate more and
    # the nonlinearities are exercised.
    with torch.no_grad():
        for p in lstm.parameters():
            p.uniform_(-0.8, 0.8)

    x = torch.randn(T, B, INPUT, dtype=torch.float64, requires_grad=True)
    lengths = torch.tensor(LENGTHS)
    mask = (torch.arange(T).unsqueeze(1) < lengths.unsqueeze(0)).double()  # (T, B)
    w = torch.randn(T, B, 2 * HIDDEN, dtype=torch.float64) * mask.unsqueeze(2)

    packed = pack_padded_sequence(x, lengths, enforce_sorted=True)
    out, _ = pad_packed_sequence(lstm(packed)[0], total_length=T)  # (T, B, 2H)
    loss = (w * out).sum()
    loss.backward()

    weights, gradients = {}, {}
    for layer in range(LAYERS):
        for suffix in ("", "_reverse"):
            k = f"l{layer}{suffix}"
            w_ih = getattr(lstm, f"weight_ih_{k}")
            w_hh = getattr(lstm, f"weight_hh_{k}")
            b_ih = getattr(lstm, f"bias_ih_{k}")
            b_hh = getattr(lstm, f"bias_hh_{k}")
            # Both biases enter z_t the same way: equal gradients up to summation order.
            assert torch.allclose(b_ih.grad, b_hh.grad, rtol=1e-12, atol=1e-14)
            weights[f"weight_ih_{k}"] = rows(w_ih)
            weights[f"weight_hh_{k}"] = rows(w_hh)
            weights[f"bias_{k}"] = rows(b_ih + b_hh)
            gradients[f"weight_ih_{k}"] = rows(w_ih.grad)
            gradients[f"weight_hh_{k}"] = rows(w_hh.grad)
            gradients[f"bias_{k}"] = rows(b_ih.grad)
    gradients["input"] = rows(x.grad)

    fixture = {
        "generator": "tests/pytorch/make_lstm_fixture.py",
        "torch_version": torch.__version__,
        "seed": SEED,
        "input_size": INPUT,
        "hidden_size": HIDDEN,
        "num_layers": LAYERS,
        "bidirectional": True,
        "T": T,
        "B": B,
        "lengths": LENGTHS,
        "loss": loss.item(),
        "input": rows(x),
        "loss_weights": rows(w),
        "outputs": rows(out),
        "weights": weights,
        "gradients": gradients,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lstm_fixture.json")
    write_fixture(path, fixture)
    print(f"wrote {path}: loss {loss.item():.12g}")


if __name__ == "__main__":
    main()
