"""Shared by the golden fixtures of the RNN and GRU stacks (make_rnn_fixture.py,
make_gru_fixture.py): the batch, the loss and the file, as in make_lstm_fixture.py.

Not run by itself: each script gives its module and how its parameters map to the engine's
CellParams (engine/nn/cell_description.h), and this module does the rest:
  * the module, 2 layers, bidirectional, input 5, hidden 4, float64, its parameters drawn
    U(-0.8, 0.8) under the script's seed (wider than PyTorch's U(-1/2, 1/2) for H = 4, so
    the nonlinearities are exercised);
  * a padded batch, T = 6, B = 3, lengths {6, 4, 2}, packed with pack_padded_sequence so
    that padding is excluded: the reverse direction starts at each sequence's last real
    position, which is the engine's semantics. Padded input positions hold random values
    on purpose: they must not influence anything;
  * loss = sum over real positions (t, b) of <w[t, b], out[t, b]>, w a fixed random tensor
    (zero at padding), so dloss/dout = w;
  * saved: the script's weights and their gradients per layer and direction (keys
    <name>_l{k}{_reverse}), input, lengths, loss weights, outputs (zero at padding), loss and
    the gradient of the input. Arrays indexed [t][b][feature]; matrices as rows.
"""
import os

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from fixture_json import write_fixture

INPUT, HIDDEN, LAYERS = 5, 4, 2
T, B = 6, 3
LENGTHS = [6, 4, 2]


def rows(t):
    return t.detach().tolist()


def summed_bias_blocks(module, k):
    """The engine's blocks of an nn.LSTM or nn.RNN direction: its two biases only ever enter
    as their sum, which is the engine's b (and either one's gradient is b's)."""
    w_ih = getattr(module, f"weight_ih_{k}")
    w_hh = getattr(module, f"weight_hh_{k}")
    b_ih = getattr(module, f"bias_ih_{k}")
    b_hh = getattr(module, f"bias_hh_{k}")
    # Both biases enter the same way: equal gradients up to summation order.
    assert torch.allclose(b_ih.grad, b_hh.grad, rtol=1e-12, atol=1e-14)
    return [("weight_ih", w_ih, w_ih.grad),
            ("weight_hh", w_hh, w_hh.grad),
            ("bias", b_ih + b_hh, b_ih.grad)]


def write_stack_fixture(cell, seed, make_module, engine_blocks, extra=None):
    """Runs make_module(INPUT, HIDDEN, LAYERS) on the batch; writes <cell>_fixture.json here.

    engine_blocks(module, k) gives, for the direction k ("l0", "l1_reverse", ...), a list of
    (name, value, gradient) in the engine's layout, after backward. extra: more top-level
    fields (e.g. the nonlinearity).
    """
    torch.manual_seed(seed)
    module = make_module(INPUT, HIDDEN, LAYERS).double()
    assert module.bidirectional and module.num_layers == LAYERS
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)

    x = torch.randn(T, B, INPUT, dtype=torch.float64, requires_grad=True)
    lengths = torch.tensor(LENGTHS)
    mask = (torch.arange(T).unsqueeze(1) < lengths.unsqueeze(0)).double()  # (T, B)
    w = torch.randn(T, B, 2 * HIDDEN, dtype=torch.float64) * mask.unsqueeze(2)

    packed = pack_padded_sequence(x, lengths, enforce_sorted=True)
    out, _ = pad_packed_sequence(module(packed)[0], total_length=T)  # (T, B, 2H)
    loss = (w * out).sum()
    loss.backward()
    # Padding is never read: its input gradient is exactly zero.
    assert torch.all(x.grad * (1 - mask).unsqueeze(2) == 0)

    weights, gradients = {}, {}
    for layer in range(LAYERS):
        for suffix in ("", "_reverse"):
            k = f"l{layer}{suffix}"
            for name, value, grad in engine_blocks(module, k):
                weights[f"{name}_{k}"] = rows(value)
                gradients[f"{name}_{k}"] = rows(grad)
    gradients["input"] = rows(x.grad)

    fixture = {
        "generator": f"tests/pytorch/make_{cell}_fixture.py",
        "torch_version": torch.__version__,
        "seed": seed,
        "cell": cell,
        **(extra or {}),
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
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{cell}_fixture.json")
    write_fixture(path, fixture)
    print(f"wrote {path}: loss {loss.item():.12g}")
