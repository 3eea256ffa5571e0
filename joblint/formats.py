"""Reports for other tools: SARIF 2.1.0 (code scanning), GitHub workflow commands, JUnit XML.

Each takes the same list of findings as the text and JSON reports (joblint.report) and the rule
catalogue, so a code's summary, rationale and fix travel with the results that use it.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections import OrderedDict
from pathlib import Path
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from . import __version__
from .catalogue import Rule
from .findings import Finding
from .show import dump_json

FORMATS = ("sarif", "github", "junit")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/joblint/joblint"
STDIN_NAME = "<stdin>"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}

# One document of the run, as (file, document index, List item index, object reference).
InventoryEntry = tuple[str, int, "int | None", "dict[str, str] | None"]


def render(
    fmt: str,
    findings: list[Finding],
    rules: Iterable[Rule],
    files: int,
    documents: int,
    version: str,
    inventory: Sequence[InventoryEntry] | None = None,
) -> str:
    """The report in `fmt` (sarif, github or junit).

    `inventory` lists every document read (so that JUnit shows passing documents too); without it
    only documents with findings appear as test cases.
    """
    by_code = {r.code: r for r in rules}
    if fmt == "sarif":
        return to_sarif(findings, by_code, version)
    if fmt == "github":
        return to_github(findings, files, documents)
    if fmt == "junit":
        return to_junit(findings, files, documents, inventory)
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


def to_sarif(findings: list[Finding], rules: dict[str, Rule], version: str) -> str:
    used: OrderedDict[str, int] = OrderedDict()
    entries: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for f in findings:
        if f.code not in used:
            used[f.code] = len(entries)
            entries.append(sarif_rule(f.code, rules.get(f.code), f.name))
        uri, base = artifact_uri(f.file)
        artifact: dict[str, Any] = {"uri": uri}
        if base is not None:
            artifact["uriBaseId"] = base
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": used[f.code],
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
        if f.rendered is not None:
            # Mapped to a Helm template or kustomize file: where it is in the rendered output.
            properties["rendered"] = f.rendered
            rendered_uri, rendered_base = artifact_uri(str(f.rendered.get("file", "-")))
            rendered_artifact: dict[str, Any] = {"uri": rendered_uri}
            if rendered_base is not None:
                rendered_artifact["uriBaseId"] = rendered_base
            result["relatedLocations"] = [
                {
                    "id": 1,
                    "physicalLocation": {
                        "artifactLocation": rendered_artifact,
                        "region": {"startLine": max(1, int(f.rendered.get("line", 1))), "startColumn": max(1, int(f.rendered.get("column", 1)))},
                    },
                    "message": {"text": "the finding in the rendered output"},
                }
            ]
        if properties:
            result["properties"] = properties
        results.append(result)
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
        "results": results,
        "properties": {"kubernetesVersion": version},
    }
    if any("uriBaseId" in r["locations"][0]["physicalLocation"]["artifactLocation"] for r in results):
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}}
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return dump_json(log)


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


def to_github(findings: list[Finding], files: int, documents: int) -> str:
    lines = [github_command(f) for f in findings]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    lines.append(
        f"joblint: {', '.join(parts) if parts else 'no problems'} in {files} file{'s' if files != 1 else ''} "
        f"({documents} document{'s' if documents != 1 else ''})"
    )
    return "\n".join(lines) + "\n"


# --- JUnit XML -----------------------------------------------------------------------------------


def _case_name(document: int | None, item: int | None, ref: dict[str, str] | None) -> str:
    if document is None:
        return "file"
    where = f"document {document}" + (f" item {item}" if item is not None else "")
    if ref and ref.get("kind"):
        namespace = ref.get("namespace") or "default"
        return f"{where}: {ref['kind']} {namespace}/{ref.get('name', '')}"
    return where


def to_junit(
    findings: list[Finding], files: int, documents: int, inventory: Sequence[InventoryEntry] | None = None
) -> str:
    """One test suite per file, one test case per document (plus one for file-level problems)."""
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

    root = ET.Element("testsuites", name="joblint")
    total = failed = 0
    for file, by_doc in cases.items():
        display = STDIN_NAME if file == "-" else file
        suite = ET.SubElement(root, "testsuite", name=_xml_text(display))
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
        total += len(by_doc)
        failed += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml_text(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry (control characters other than tab and newlines)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff")
