"""Field paths as the API server prints them (`spec.containers[0].env[1].name`, `labels[a.b/c]`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable


def value_at(data: Any, path: Iterable[Any]) -> Any:
    """The value at a path of mapping keys in JSON-shaped data; None where the path is absent."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def format_path(path: tuple[Any, ...] | list[Any]) -> str:
    out: list[str] = []
    for segment in path:
        if isinstance(segment, int):
            out.append(f"[{segment}]")
        else:
            out.append(("." if out else "") + str(segment))
    return "".join(out)


@lru_cache(maxsize=4096)
def parse_path(text: str) -> tuple[Any, ...]:
    """The inverse of format_path; `[n]` becomes an index, `[key]` a map key."""
    segments: list[Any] = []
    i, n = 0, len(text)
    current = ""
    while i < n:
        ch = text[i]
        if ch == ".":
            if current:
                segments.append(current)
            current = ""
            i += 1
        elif ch == "[":
            if current:
                segments.append(current)
            current = ""
            end = text.find("]", i)
            if end < 0:
                segments.append(text[i + 1 :])
                break
            inner = text[i + 1 : end]
            segments.append(int(inner) if inner.isdigit() else inner)
            i = end + 1
        else:
            current += ch
            i += 1
    if current:
        segments.append(current)
    return tuple(segments)
