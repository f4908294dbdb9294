"""Shared JSON writer for the golden fixtures: deterministic and diff-friendly.

Numbers are written with Python's shortest round-trip repr (float64 is reproduced exactly
when read back), keys in insertion order, and every innermost list of numbers on one line.
"""
import json


def _format(value, indent):
    pad = " " * indent
    if isinstance(value, dict):
        items = [f'{pad}  {json.dumps(k)}: {_format(v, indent + 2).lstrip()}'
                 for k, v in value.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if all(not isinstance(v, (list, dict)) for v in value):
            return pad + "[" + ", ".join(json.dumps(v) for v in value) + "]"
        items = [_format(v, indent + 2) for v in value]
        return pad + "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return pad + json.dumps(value)


def write_fixture(path, data):
    text = _format(data, 0) + "\n"
    json.loads(text)  # must parse back
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
