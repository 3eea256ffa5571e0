"""Views that are not lint reports: the defaulted object, the rule table, a rule's explanation."""

from __future__ import annotations

import io
import json
from typing import Any, Callable, Iterable, TextIO

from .catalogue import Rule


def dump_yaml(data: Any) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]  # keep the server's field order
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def dump_json(data: Any) -> str:
    """The one JSON writer of every report and view (indented, UTF-8 as is)."""
    return indented_json(data) + "\n"


def as_string(writer: Callable[..., None], *args: Any, **kwargs: Any) -> str:
    """What a report writer (`writer(out, ...)`) writes, as one string (for tests and the editor)."""
    out = io.StringIO()
    writer(out, *args, **kwargs)
    return out.getvalue()


# Stands for the one list write_json streams, where it sits in the document.
STREAMED = "\x00joblint-streamed-list\x00"


def indented_json(value: Any, margin: str = "") -> str:
    """json.dumps(value, indent=2, ensure_ascii=False), byte for byte, about three times faster;
    with `margin`, every line after the first starts with it (the value sits that deep).

    With an indent, the json module of Python < 3.13 encodes in Python through generators, and
    builds recursive closures for every call, which only the cycle collector frees; a report
    writes one call per finding, and large reports spent most of their time there. Values other
    than dict, list, tuple, str, int, float, bool and None, or a dict key that is not a str, go to
    json.dumps."""
    parts: list[str] = []
    try:
        _encode(value, parts, "\n" + margin)
    except _Unusual:
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + margin)
    return "".join(parts)


class _Unusual(Exception):
    """A value indented_json leaves to json.dumps."""


_STRING = json.encoder.encode_basestring  # type: ignore[attr-defined]
_FLOAT = json.encoder.JSONEncoder(allow_nan=True)


def _encode(value: Any, parts: list[str], newline: str) -> None:
    kind = type(value)
    if kind is str:
        parts.append(_STRING(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            parts.append(("{" if first else ",") + inner + _STRING(key) + ": ")
            first = False
            _encode(item, parts, inner)
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        first = True
        for item in value:
            parts.append(("[" if first else ",") + inner)
            first = False
            _encode(item, parts, inner)
        parts.append(newline + "]")
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float:
        parts.append(_FLOAT.encode(value))
    else:
        raise _Unusual


def write_json(out: TextIO, data: Any, items: Iterable[Any]) -> None:
    """dump_json(data) with the STREAMED value in `data` replaced by the list of `items`, written
    item by item as they are produced, so a report of any size is never one string in memory.
    The bytes are those of dump_json on the whole list."""
    text = dump_json(data)
    marker = json.dumps(STREAMED)
    at = text.index(marker)
    out.write(text[:at])
    line_start = text.rfind("\n", 0, at) + 1
    pad = " " * (len(text[line_start:at]) - len(text[line_start:at].lstrip(" ")))
    margin = pad + "  "
    first = True
    for item in items:
        out.write(("[" if first else ",") + "\n" + margin + indented_json(item, margin))
        first = False
    out.write("[]" if first else "\n" + pad + "]")
    out.write(text[at + len(marker) :])


def rules_table(rules: tuple[Rule, ...], fmt: str = "text") -> str:
    if fmt == "markdown":
        return rules_markdown(rules)
    if fmt == "json":
        return dump_json(
            [
                {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary, "fixable": r.fixable,
                 "appliesTo": r.applies_to, "default": r.default}
                for r in rules
            ]
        )
    rows = [("CODE", "NAME", "SEVERITY", "FIX", "SUMMARY")]
    for r in rules:
        fix = {"none": "", "safe": "safe", "unsafe": "unsafe"}[r.fixable]
        rows.append((r.code, r.name, r.severity, fix, r.summary + ("" if r.default else " (off by default)")))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows
    ) + "\n"


def rules_markdown(rules: tuple[Rule, ...]) -> str:
    """docs/rules.md: the catalogue as one page (kept in sync with rules/ by a test)."""
    out = [
        "# joblint rules",
        "",
        "Generated from [`rules/`](../rules/) by `joblint rules --format markdown > docs/rules.md`;",
        "do not edit by hand. `joblint explain CODE` shows the same text in a terminal.",
        "",
        "| Code | Name | Severity | Fix | Summary |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        fix = {"none": "", "safe": "safe", "unsafe": "unsafe"}[r.fixable]
        summary = r.summary.replace("|", "\\|") + ("" if r.default else " *(off by default)*")
        out.append(f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity} | {fix} | {summary} |")
    for r in rules:
        details = r.details()
        out += ["", f"## {r.code} {r.name}", "", f"**{r.severity}**, applies to {', '.join(r.applies_to)}"
                + ("" if r.default else ", off by default (select it with `extend-select`)")
                + (f", Kubernetes {r.versions}" if r.versions else "") + ".", "", r.summary, ""]
        out += ["### Why", "", str(details.get("rationale", "")).strip(), ""]
        out += ["### How to fix", "", str(details.get("fix", "")).strip(), ""]
        if r.fixable != "none":
            out += [f"`joblint lint --fix{' --unsafe-fixes' if r.fixable == 'unsafe' else ''}` fixes this ({r.fixable}).", ""]
        examples = details.get("examples") or {}
        for label, title in (("bad", "Reported"), ("good", "Not reported")):
            for example in examples.get(label, []) or []:
                out += [f"{title}:", "", "```yaml", str(example).rstrip(), "```", ""]
        if r.options:
            out += ["Options (under `options:` in .joblint.yaml):", ""]
            out += [f"- `{k}`: default `{v!r}`" for k, v in r.options.items()]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def explain(rule: Rule) -> str:
    details = rule.details()
    out = [f"{rule.code} {rule.name} ({rule.severity})", "", rule.summary, ""]
    out += ["Why", "---", str(details.get("rationale", "")).strip(), ""]
    fix = str(details.get("fix", "")).strip()
    fixability = {"none": "joblint cannot fix this automatically.", "safe": "joblint --fix fixes this (safe).",
                  "unsafe": "joblint --fix --unsafe-fixes fixes this (it changes behaviour: review it)."}[rule.fixable]
    out += ["How to fix", "----------", fix, fixability, ""]
    if rule.versions:
        out += [f"Kubernetes versions: {rule.versions}", ""]
    out += [f"Applies to: {', '.join(rule.applies_to)}", ""]
    examples = details.get("examples") or {}
    for label, title in (("bad", "Reported"), ("good", "Not reported")):
        for example in examples.get(label, []) or []:
            out += [f"{title}:", "", *("    " + line for line in str(example).rstrip().splitlines()), ""]
    if rule.options:
        out += ["Options (set under `options:` in .joblint.yaml):"]
        out += [f"  {k}: {v!r}" for k, v in rule.options.items()]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
