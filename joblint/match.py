"""The declarative match language of rule files: jsonpath-ng paths and plain comparisons.

Paths are parsed by jsonpath-ng when the catalogue is compiled. Paths made only of fields,
indexes and `[*]` (nearly all of them) are lowered to a tuple of steps and walked directly, which
is an order of magnitude faster than jsonpath-ng's `find`; anything richer (filters, `..`) is
evaluated by jsonpath-ng itself. Nothing in a rule file is ever executed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

WILDCARD = "*"
LEAF_OPS = ("exists", "absent", "equals", "not-equals", "in", "not-in", "regex", "gt", "ge", "lt", "le")
PATH_OPS = ("gt-path", "ge-path", "lt-path", "le-path", "equals-path", "not-equals-path")
BOOL_OPS = ("all", "any", "not")


class MatchError(ValueError):
    """A rule file's match block that does not follow the language."""


def lower(path: str) -> list[Any] | None:
    """jsonpath text to a list of steps (str field, int index, WILDCARD), or None if too rich."""
    from jsonpath_ng import Child, Fields, Index, Root, Slice, parse  # only when compiling
    from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError

    try:
        expr = parse(path)
    except (JsonPathLexerError, JsonPathParserError, Exception) as exc:
        raise MatchError(f"invalid jsonpath {path!r}: {exc}") from exc
    steps: list[Any] = []

    def walk(node: Any) -> bool:
        if isinstance(node, Root):
            return True
        if isinstance(node, Child):
            return walk(node.left) and walk(node.right)
        if isinstance(node, Fields):
            if len(node.fields) != 1 or node.fields[0] == "*":
                return False
            steps.append(node.fields[0])
            return True
        if isinstance(node, Index) and len(getattr(node, "indices", None) or [getattr(node, "index", None)]) == 1:
            steps.append(_index(node))
            return True
        if isinstance(node, Slice) and node.start is None and node.end is None and node.step is None:
            steps.append(WILDCARD)
            return True
        return False

    return steps if walk(expr) else None


@lru_cache(maxsize=256)
def _jsonpath(path: str) -> Any:
    from jsonpath_ng import parse

    return parse(path)


def find(data: Any, path: str, steps: list[Any] | None) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (concrete path, value) the path selects in `data`."""
    if steps is None:
        for match in _jsonpath(path).find(data):
            yield _concrete(match), match.value
        return
    yield from _walk(data, steps, 0, ())


def _walk(node: Any, steps: list[Any], i: int, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if i == len(steps):
        yield at, node
        return
    step = steps[i]
    if step == WILDCARD:
        if isinstance(node, list):
            for j, item in enumerate(node):
                yield from _walk(item, steps, i + 1, at + (j,))
        elif isinstance(node, dict):
            for key, item in node.items():
                yield from _walk(item, steps, i + 1, at + (key,))
    elif isinstance(step, int):
        if isinstance(node, list) and -len(node) <= step < len(node):
            yield from _walk(node[step], steps, i + 1, at + (step % len(node),))
    elif isinstance(node, dict) and step in node:
        yield from _walk(node[step], steps, i + 1, at + (step,))


def _concrete(match: Any) -> tuple[Any, ...]:
    from jsonpath_ng import Fields, Index

    parts: list[Any] = []
    current = match
    while current is not None and current.context is not None:
        step = current.path
        if isinstance(step, Fields):
            parts.append(step.fields[0])
        elif isinstance(step, Index):
            parts.append(_index(step))
        current = current.context
    return tuple(reversed(parts))


def _index(step: Any) -> int:
    """jsonpath-ng >= 1.7 keeps a tuple of indices on Index; older releases a single index."""
    indices = getattr(step, "indices", None)
    return int(indices[0]) if indices else int(getattr(step, "index"))


def compile_match(block: Any) -> dict[str, Any]:
    """Validate a match block and lower its paths; the result is plain data (cacheable as JSON)."""
    if not isinstance(block, dict):
        raise MatchError("a match must be a mapping")
    ops = [k for k in block if k in BOOL_OPS]
    if ops:
        if len(block) != 1:
            raise MatchError(f"{ops[0]!r} must stand alone in its mapping")
        op = ops[0]
        if op == "not":
            return {"not": compile_match(block["not"])}
        items = block[op]
        if not isinstance(items, list) or not items:
            raise MatchError(f"{op!r} takes a non-empty list")
        return {op: [compile_match(item) for item in items]}
    if "path" not in block or not isinstance(block["path"], str):
        raise MatchError("a condition needs a 'path'")
    unknown = set(block) - {"path", *LEAF_OPS, *PATH_OPS}
    if unknown:
        raise MatchError(f"unknown match keys: {sorted(unknown)}")
    tests = [k for k in block if k != "path"]
    if len(tests) != 1:
        raise MatchError("a condition has exactly one test besides 'path'")
    test = tests[0]
    compiled: dict[str, Any] = {"path": block["path"], "steps": lower(block["path"]), "test": test}
    value = block[test]
    if test in PATH_OPS:
        if not isinstance(value, str):
            raise MatchError(f"{test!r} takes a jsonpath")
        compiled["other"] = value
        compiled["other_steps"] = lower(value)
    elif test == "regex":
        try:
            re.compile(value)
        except re.error as exc:
            raise MatchError(f"invalid regex {value!r}: {exc}") from exc
        compiled["value"] = value
    elif test in ("in", "not-in"):
        if not isinstance(value, list):
            raise MatchError(f"{test!r} takes a list")
        compiled["value"] = value
    elif test in ("gt", "ge", "lt", "le"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise MatchError(f"{test!r} takes a number")
        compiled["value"] = value
    elif test in ("exists", "absent"):
        if value is not True:
            raise MatchError(f"{test!r} takes true")
        compiled["value"] = True
    else:
        compiled["value"] = value
    return compiled


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


_COMPARE = {
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
}


def evaluate(cond: dict[str, Any], data: Any) -> tuple[bool, tuple[Any, ...] | None]:
    """Whether `data` satisfies the condition, and the path of the node that made it so."""
    if "all" in cond:
        where = None
        for sub in cond["all"]:
            ok, at = evaluate(sub, data)
            if not ok:
                return False, None
            where = where or at
        return True, where
    if "any" in cond:
        for sub in cond["any"]:
            ok, at = evaluate(sub, data)
            if ok:
                return True, at
        return False, None
    if "not" in cond:
        ok, _ = evaluate(cond["not"], data)
        return (not ok), None
    test = cond["test"]
    matches = list(find(data, cond["path"], cond["steps"]))
    if test == "absent":
        return (not matches or all(v is None for _, v in matches)), None
    if test == "exists":
        for at, value in matches:
            if value is not None:
                return True, at
        return False, None
    expected = cond.get("value")
    for at, value in matches:
        if _leaf(test, value, expected, cond, data):
            return True, at
    return False, None


def same(a: Any, b: Any) -> bool:
    """Equality that does not confuse true with 1, as YAML and JSON do not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _leaf(test: str, value: Any, expected: Any, cond: dict[str, Any], data: Any) -> bool:
    if test == "equals":
        return same(value, expected)
    if test == "not-equals":
        return not same(value, expected)
    if test == "in":
        return any(same(value, e) for e in expected)
    if test == "not-in":
        return not any(same(value, e) for e in expected)
    if test == "regex":
        return isinstance(value, str) and re.search(expected, value) is not None
    if test in _COMPARE:
        number = _number(value)
        return number is not None and _COMPARE[test](number, expected)
    # comparisons between two paths
    others = [v for _, v in find(data, cond["other"], cond["other_steps"])]
    if not others:
        return False
    other = others[0]
    if test == "equals-path":
        return same(value, other)
    if test == "not-equals-path":
        return not same(value, other)
    a, b = _number(value), _number(other)
    if a is None or b is None:
        return False
    return _COMPARE[test.removesuffix("-path")](a, b)


PLACEHOLDER = re.compile(r"\{(\$[^{}]*)\}")


def placeholder_steps(template: str) -> dict[str, list[Any] | None]:
    """Lowered paths of the `{$.path}` placeholders in a message, compiled with the catalogue."""
    return {path: lower(path) for path in PLACEHOLDER.findall(template)}


def resolve_placeholders(template: str, data: Any, steps: dict[str, list[Any] | None]) -> str:
    """`{$.spec.parallelism}` in a message becomes the value at that path (or `unset`)."""

    def replace(m: re.Match[str]) -> str:
        path = m.group(1)
        values = [v for _, v in find(data, path, steps.get(path))]
        if not values or values[0] is None:
            return "unset"
        value = values[0]
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return PLACEHOLDER.sub(replace, template)
