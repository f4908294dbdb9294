#!/usr/bin/python3
"""Golden fixture for the RNN stack: a 2-layer bidirectional nn.RNN (tanh) in float64.

Run with Debian's PyTorch (python3-torch), from anywhere:

    /usr/bin/python3 tests/pytorch/make_rnn_fixture.py

and commit the regenerated tests/pytorch/rnn_fixture.json. The C++ test
(tests/engine/tst_pytorch_golden.cpp) only reads the JSON, so ctest never needs PyTorch.

What is computed (recurrent_fixture.py, shared with make_gru_fixture.py; the batch and the
loss are make_lstm_fixture.py's):
  * nn.RNN(input 5, hidden 4, 2 layers, nonlinearity tanh, bidirectional), float64, fixed
    seed, on a packed padded batch, T = 6, B = 3, lengths {6, 4, 2}.
  * loss = sum over real positions (t, b) of <w[t, b], out[t, b]>, w zero at padding.
  * Saved in the engine's layout (engine/nn/rnn_cell.h): weight_ih_l{k}{_reverse} (W_x),
    weight_hh_l{k}{_reverse} (W_h) and bias_l{k}{_reverse} = bias_ih + bias_hh (b), with the
    gradient of b being that of either bias (both enter the pre-activation alike); input,
    lengths, loss weights, outputs (zero at padding), loss, and the gradient of every weight
    and of the input. Arrays indexed [t][b][feature]; matrices as rows.
"""
import sys

import torch

sys.dont_write_bytecode = True  # keep tests/pytorch free of __pycache__
from recurrent_fixture import summed_bias_blocks, write_stack_fixture  # noqa: E402

SEED = 20250307


def make_rnn(inputs, hidden, layers):
    return torch.nn.RNN(inputs, hidden, num_layers=layers, nonlinearity="tanh",
                        bidirectional=True)


if __name__ == "__main__":
    write_stack_fixture("rnn", SEED, make_rnn, summed_bias_blocks, {"nonlinearity": "tanh"})
