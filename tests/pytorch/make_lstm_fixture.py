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
The batch, the loss and the file are recurrent_fixture.py's, shared with the GRU and RNN.
"""
import sys

import torch

sys.dont_write_bytecode = True  # keep tests/pytorch free of __pycache__
from recurrent_fixture import summed_bias_blocks, write_stack_fixture  # noqa: E402

SEED = 20240611


def make_lstm(inputs, hidden, layers):
    return torch.nn.LSTM(inputs, hidden, num_layers=layers, bidirectional=True)


if __name__ == "__main__":
    write_stack_fixture("lstm", SEED, make_lstm, summed_bias_blocks)
