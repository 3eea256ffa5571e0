"""Reports for other tools: SARIF 2.1.0 (code scanning), GitHub workflow commands, JUnit XML.

Each takes the same list of findings as the text and JSON reports (joblint.report) and the rule
catalogue, so a code's summary, rationale and fix travel with the results that use it.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO
from urllib.parse import quote

from . import __version__
from .catalogue import Rule
from .findings import Finding
from .show import STREAMED, as_string, write_json

FORMATS = ("sarif", "github", "junit")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/joblint/joblint"
STDIN_NAME = "<stdin>"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}

# One document of the run, as (file, document index, List item index, object reference).
InventoryEntry = tuple[str, int, "int | None", "dict[str, str] | None"]


def render(*args: Any, **kwargs: Any) -> str:
    """write_report's report as a string."""
    return as_string(write_report, *args, **kwargs)


def write_report(
    out: TextIO,
    fmt: str,
    findings: list[Finding],
    rules: Iterable[Rule],
    files: int,
    documents: int,
    version: str,
    inventory: Sequence[InventoryEntry] | None = None,
) -> None:
    """Write the report in `fmt` (sarif, github or junit) as it is produced.

    `inventory` lists every document read (so that JUnit shows passing documents too); without it
    only documents with findings appear as test cases.
    """
    by_code = {r.code: r for r in rules}
    if fmt == "sarif":
        write_sarif(out, findings, by_code, version)
    elif fmt == "github":
        write_github(out, findings, files, documents)
    elif fmt == "junit":
        write_junit(out, findings, files, documents, inventory)
    else:
        raise ValueError(f"unknown report format {fmt!r}: one of {', '.join(FORMATS)}")


# --- SARIF ---------------------------------------------------------------------------------------


def _details(rule: Rule | None) -> dict[str, Any]:
    if rule is None:
        return {}
    try:
        return rule.details()
    except Exception:  # a rule file that vanished since the catalogue was cached
        return {}


def artifact_uri(path: str) -> tuple[str, str | None]:
    """A file path as a SARIF artifact URI and its uriBaseId (relative paths: %SRCROOT%)."""
    if path == "-":
        return "stdin", None
    p = Path(path)
    if p.is_absolute():
        return "file://" + quote(os.fsencode(p.as_posix()), safe="/"), None
    posix = path.replace(os.sep, "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(os.fsencode(posix), safe="/"), "%SRCROOT%"


def sarif_rule(code: str, rule: Rule | None, name: str) -> dict[str, Any]:
    details = _details(rule)
    summary = rule.summary if rule is not None else name
    rationale = str(details.get("rationale", "")).strip()
    fix = str(details.get("fix", "")).strip()
    text_parts = [p for p in (rationale, ("How to fix: " + fix) if fix else "") if p]
    markdown_parts = [f"**{code} {rule.name if rule else name}**: {summary}"]
    if rationale:
        markdown_parts.append(rationale)
    if fix:
        markdown_parts.append("**How to fix**\n\n" + fix)
    entry: dict[str, Any] = {
        "id": code,
        "name": rule.name if rule is not None else name,
        "shortDescription": {"text": summary},
        "help": {"text": "\n\n".join(text_parts) or summary, "markdown": "\n\n".join(markdown_parts)},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity if rule is not None else "warning"]},
    }
    if rationale:
        entry["fullDescription"] = {"text": rationale}
    if rule is not None:
        entry["properties"] = {
            "tags": ["kubernetes", "api" if rule.is_api else "practice"],
            "fixable": rule.fixable,
            "appliesTo": list(rule.applies_to),
        }
    return entry


def to_sarif(*args: Any, **kwargs: Any) -> str:
    """write_sarif's report as a string."""
    return as_string(write_sarif, *args, **kwargs)


def write_sarif(out: TextIO, findings: list[Finding], rules: dict[str, Rule], version: str) -> None:
    """The SARIF log, its results written one by one (the rules they use are gathered first)."""
    used: OrderedDict[str, int] = OrderedDict()
    entries: list[dict[str, Any]] = []
    relative = False
    for f in findings:
        if f.code not in used:
            used[f.code] = len(entries)
            entries.append(sarif_rule(f.code, rules.get(f.code), f.name))
        relative = relative or artifact_uri(f.file)[1] is not None
        for file in f.related.files() if f.related is not None else ():
            relative = relative or artifact_uri(file)[1] is not None
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "joblint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": entries,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": STREAMED,
        "properties": {"kubernetesVersion": version},
    }
    if relative:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}}
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    write_json(out, log, (sarif_result(f, used[f.code]) for f in findings))


def sarif_result(f: Finding, rule_index: int) -> dict[str, Any]:
    uri, base = artifact_uri(f.file)
    artifact: dict[str, Any] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": max(1, f.line), "startColumn": max(1, f.column)},
                }
            }
        ],
    }
    properties: dict[str, Any] = {}
    if f.document is not None:
        properties["document"] = f.document
    if f.item is not None:
        properties["item"] = f.item
    if f.object is not None:
        properties["object"] = f.object
        result["locations"][0]["logicalLocations"] = [
            {"fullyQualifiedName": _object_name(f.object) + (f"/{f.field}" if f.field else ""), "kind": "object"}
        ]
    if f.field is not None:
        properties["field"] = f.field
    if f.api_error is not None:
        properties["apiError"] = f.api_error
    if f.api_warning is not None:
        properties["apiWarning"] = f.api_warning
    if f.fix is not None:
        properties["fix"] = {"description": f.fix.description, "safe": f.fix.safe}
    related_locations: list[dict[str, Any]] = []
    if f.rendered is not None:
        # Mapped to a Helm template or kustomize file: where it is in the rendered output.
        properties["rendered"] = f.rendered
        related_locations.append(
            _sarif_location(len(related_locations) + 1, str(f.rendered.get("file", "-")), f.rendered.get("line"), f.rendered.get("column"), "the finding in the rendered output")
        )
    if f.related is not None:
        # The other objects of a cross-document finding: bounded, with the count of all of them.
        properties["related"] = {"count": f.related["count"]}
        for item in f.related["items"]:
            ref = item.get("object") or {}
            label = f"{ref.get('kind', '')} {ref.get('namespace', '')}/{ref.get('name', '')}"
            related_locations.append(_sarif_location(len(related_locations) + 1, item["file"], item.get("line"), item.get("column"), label))
    if related_locations:
        result["relatedLocations"] = related_locations
    if properties:
        result["properties"] = properties
    return result


def _sarif_location(ident: int, file: str, line: Any, column: Any, text: str) -> dict[str, Any]:
    uri, base = artifact_uri(file)
    artifact: dict[str, Any] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    return {
        "id": ident,
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": max(1, int(line or 1)), "startColumn": max(1, int(column or 1))},
        },
        "message": {"text": text},
    }


def _object_name(ref: dict[str, str]) -> str:
    return f"{ref.get('kind', '')}/{ref.get('namespace', '')}/{ref.get('name', '')}"


# --- GitHub workflow commands --------------------------------------------------------------------


def escape_data(text: str) -> str:
    """A command's message, escaped as the Actions runner expects (% first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property value: data escaping plus `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(f: Finding) -> str:
    path = STDIN_NAME if f.file == "-" else f.file
    props = [
        ("file", path),
        ("line", str(max(1, f.line))),
        ("col", str(max(1, f.column))),
        ("title", f"{f.code} {f.name}"),
    ]
    prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    message = f"{f.code} {f.message}"
    if f.rendered is not None:
        from .report import rendered_note

        message += f" {rendered_note(f)}"
    if f.fix is not None:
        message += f"\n{'fix' if f.fix.safe else 'unsafe fix'}: {f.fix.description}"
    return f"::{_GITHUB_COMMAND[f.severity]} {prop_text}::{escape_data(message)}"


def to_github(*args: Any, **kwargs: Any) -> str:
    """write_github's report as a string."""
    return as_string(write_github, *args, **kwargs)


def write_github(out: TextIO, findings: list[Finding], files: int, documents: int) -> None:
    for f in findings:
        out.write(github_command(f) + "\n")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    out.write(
        f"joblint: {', '.join(parts) if parts else 'no problems'} in {files} file{'s' if files != 1 else ''} "
        f"({documents} document{'s' if documents != 1 else ''})\n"
    )


# --- JUnit XML -----------------------------------------------------------------------------------


def _case_name(document: int | None, item: int | None, ref: dict[str, str] | None) -> str:
    if document is None:
        return "file"
    where = f"document {document}" + (f" item {item}" if item is not None else "")
    if ref and ref.get("kind"):
        namespace = ref.get("namespace") or "default"
        return f"{where}: {ref['kind']} {namespace}/{ref.get('name', '')}"
    return where


def to_junit(*args: Any, **kwargs: Any) -> str:
    """write_junit's report as a string."""
    return as_string(write_junit, *args, **kwargs)


def write_junit(
    out: TextIO, findings: list[Finding], files: int, documents: int, inventory: Sequence[InventoryEntry] | None = None
) -> None:
    """One test suite per file, one test case per document (plus one for file-level problems);
    each suite is written as soon as it is built."""
    cases: OrderedDict[str, OrderedDict[tuple[int, int], dict[str, Any]]] = OrderedDict()

    def case(file: str, document: int | None, item: int | None, ref: dict[str, str] | None) -> dict[str, Any]:
        by_doc = cases.setdefault(file, OrderedDict())
        key = (-1 if document is None else document, -1 if item is None else item)
        entry = by_doc.get(key)
        if entry is None:
            entry = by_doc[key] = {"name": _case_name(document, item, ref), "failures": [], "ref": ref}
        elif entry["ref"] is None and ref is not None:
            entry["ref"] = ref
            entry["name"] = _case_name(document, item, ref)
        return entry

    for file, document, item, ref in inventory or ():
        case(file, document, item, ref)
    for f in findings:
        case(f.file, f.document, f.item, f.object)["failures"].append(f)

    total = sum(len(by_doc) for by_doc in cases.values())
    failed = sum(1 for by_doc in cases.values() for entry in by_doc.values() if entry["failures"])
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    head = f'<testsuites name="joblint" tests="{total}" failures="{failed}" errors="0"'
    if not cases:
        out.write(head + " />\n")
        return
    out.write(head + ">\n")
    for file, by_doc in cases.items():
        out.write("  " + _junit_suite(file, by_doc))
    out.write("</testsuites>\n")


def _junit_suite(file: str, by_doc: OrderedDict[tuple[int, int], dict[str, Any]]) -> str:
    """A file's <testsuite>, indented as the second level of the document, with its newline."""
    import xml.etree.ElementTree as ET  # JUnit only: SARIF and GitHub output need no XML

    display = STDIN_NAME if file == "-" else file
    suite = ET.Element("testsuite", name=_xml_text(display))
    suite_failures = 0
    for key in sorted(by_doc):
        entry = by_doc[key]
        tc = ET.SubElement(suite, "testcase", classname=_xml_text(display), name=_xml_text(entry["name"]), file=_xml_text(display))
        for f in entry["failures"]:
            failure = ET.SubElement(tc, "failure", type=f.code, message=_xml_text(f"{f.code} {f.message}"))
            lines = [
                f"{display}:{f.line}:{f.column}: {f.code} {f.severity} {f.message}",
                f"rule: {f.code} {f.name}",
            ]
            if f.field:
                lines.append(f"field: {f.field}")
            if f.fix is not None:
                lines.append(f"{'fix' if f.fix.safe else 'unsafe fix'}: {f.fix.description}")
            failure.text = _xml_text("\n".join(lines))
        if entry["failures"]:
            suite_failures += 1
    suite.set("tests", str(len(by_doc)))
    suite.set("failures", str(suite_failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    ET.indent(suite, level=1)
    return ET.tostring(suite, encoding="unicode") + "\n"


def _xml_text(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry (control characters other than tab and newlines)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff")
