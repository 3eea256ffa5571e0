"""Generated documents for the property tests and bench/fuzz.py: every path into them (where to
mutate), and their YAML text.

Plain scalars where the text allows them on purpose: YAML 1.1 may then read `no` or `0755` as a
bool or a number, which is exactly what the pipeline must survive.
"""

from __future__ import annotations

import math
import re
from typing import Any

from joblint.fix import double_quoted

_PLAIN = re.compile(r"^[A-Za-z0-9_./+-][A-Za-z0-9_./+@=:-]*$")


def all_paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into `data`, the empty one first, depth first."""
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(all_paths(v, prefix + (k,)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(all_paths(v, prefix + (i,)))
    return out


def scalar(value: Any, plain: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    text = str(value)
    if plain and _PLAIN.match(text) and not text.endswith(":"):
        return text
    return double_quoted(text)


def block(data: Any, plain: bool = True, indent: int = 0, step: int = 2) -> str:
    """Block-style YAML (flow only for empty collections)."""
    pad = " " * indent
    if isinstance(data, dict):
        if not data:
            return pad + "{}\n"
        out = []
        for k, v in data.items():
            key = scalar(k if isinstance(k, str) else str(k), plain)
            if isinstance(v, (dict, list)) and v:
                out.append(f"{pad}{key}:\n{block(v, plain, indent + step, step)}")
            else:
                out.append(f"{pad}{key}: {block(v, plain, 0, step).strip()}\n")
        return "".join(out)
    if isinstance(data, list):
        if not data:
            return pad + "[]\n"
        out = []
        for v in data:
            if isinstance(v, (dict, list)) and v:
                inner = block(v, plain, indent + 2, step)
                out.append(f"{pad}- {inner[indent + 2:]}")
            else:
                out.append(f"{pad}- {block(v, plain, 0, step).strip()}\n")
        return "".join(out)
    return pad + scalar(data, plain) + "\n"


def flow(data: Any, plain: bool = False) -> str:
    if isinstance(data, dict):
        return "{" + ", ".join(f"{scalar(str(k), plain)}: {flow(v, plain)}" for k, v in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(flow(v, plain) for v in data) + "]"
    return scalar(data, plain)
