#!/usr/bin/python3
"""Golden fixture for the GRU stack: a 2-layer bidirectional nn.GRU in float64.

Run with Debian's PyTorch (python3-torch), from anywhere:

    /usr/bin/python3 tests/pytorch/make_gru_fixture.py

and commit the regenerated tests/pytorch/gru_fixture.json. The C++ test
(tests/engine/tst_pytorch_golden.cpp) only reads the JSON, so ctest never needs PyTorch.

What is computed (recurrent_fixture.py, shared with make_rnn_fixture.py; the batch and the
loss are make_lstm_fixture.py's):
  * nn.GRU(input 5, hidden 4, 2 layers, bidirectional), float64, fixed seed, on a packed
    padded batch, T = 6, B = 3, lengths {6, 4, 2}.
  * loss = sum over real positions (t, b) of <w[t, b], out[t, b]>, w zero at padding.
  * Saved in the engine's layout (engine/nn/gru_cell.h), gate rows r, z, n as in both:
    weight_ih_l{k}{_reverse} (W_x), weight_hh_l{k}{_reverse} (W_h), bias_ih_l{k}{_reverse}
    (b) and bias_hh_l{k}{_reverse} (b_h), kept apart, each with its own gradient: the
    candidate n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) multiplies b_hn by r, so the n
    rows of the two bias gradients differ (the r and z rows agree). Also input, lengths, loss
    weights, outputs (zero at padding), loss, and the gradient of every weight and of the
    input. Arrays indexed [t][b][feature]; matrices as rows.
"""
import sys

import torch

sys.dont_write_bytecode = True  # keep tests/pytorch free of __pycache__
from recurrent_fixture import HIDDEN, write_stack_fixture  # noqa: E402

SEED = 20250308


def make_gru(inputs, hidden, layers):
    return torch.nn.GRU(inputs, hidden, num_layers=layers, bidirectional=True)


def engine_blocks(gru, k):
    w_ih = getattr(gru, f"weight_ih_{k}")
    w_hh = getattr(gru, f"weight_hh_{k}")
    b_ih = getattr(gru, f"bias_ih_{k}")
    b_hh = getattr(gru, f"bias_hh_{k}")
    # r and z add the two biases; n does not, so a fixture that summed them would be wrong.
    rz = slice(0, 2 * HIDDEN)
    n = slice(2 * HIDDEN, 3 * HIDDEN)
    assert torch.allclose(b_ih.grad[rz], b_hh.grad[rz], rtol=1e-12, atol=1e-14)
    assert not torch.allclose(b_ih.grad[n], b_hh.grad[n], rtol=1e-3)
    return [("weight_ih", w_ih, w_ih.grad),
            ("weight_hh", w_hh, w_hh.grad),
            ("bias_ih", b_ih, b_ih.grad),
            ("bias_hh", b_hh, b_hh.grad)]


if __name__ == "__main__":
    write_stack_fixture("gru", SEED, make_gru, engine_blocks)
