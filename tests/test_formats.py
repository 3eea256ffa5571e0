"""Reports for other tools, parsed back: SARIF against the 2.1.0 schema, GitHub workflow commands
by their grammar, JUnit XML with xml.etree."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from joblint.catalogue import load
from joblint.findings import Finding, Fix
from joblint.formats import escape_data, escape_property, render

from .conftest import ROOT

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
RULES = load()

TRICKY = 'spec.template: 100% wrong, really: see\r\nthe "docs"\n<b>&amp;</b>'


def findings() -> list[Finding]:
    ref = {"apiVersion": "batch/v1", "kind": "Job", "namespace": "default", "name": "pi"}
    return [
        Finding("JL001", "restart-policy-unsupported", "error", "restartPolicy: Required value", "jobs/pi.yaml", 8, 22, 0, ref,
                "spec.template.spec.restartPolicy", {"type": "Required value", "field": "spec.template.spec.restartPolicy"},
                Fix("set restartPolicy: Never", True, {"ops": []})),
        Finding("JL112", "pod-deadline-only", "warning", TRICKY, "jobs/a,b:c%.yaml", 3, 1, 1, ref, None, None,
                Fix("move it", False, {"ops": []})),
        Finding("JL116", "no-ttl", "info", "no ttl", "jobs/pi.yaml", 1, 1, 0, ref),
        Finding("JL908", "yaml-syntax-error", "error", "YAML syntax error: did not find expected ','", "broken.yaml", 10, 1),
        Finding("JL104", "work-queue-job", "info", "item of a List", "list.yaml", 5, 3, 0, ref, item=1),
    ]


# --- SARIF ---------------------------------------------------------------------------------------


def validate_sarif(log: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def test_sarif_is_valid_and_complete() -> None:
    fs = findings()
    log = json.loads(render("sarif", fs, RULES, 4, 5, "1.37"))
    validate_sarif(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "joblint"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == ["JL001", "JL112", "JL116", "JL908", "JL104"]  # one entry per code used, in order
    by_code = {r.code: r for r in RULES}
    for entry in driver["rules"]:
        rule = by_code[entry["id"]]
        assert entry["shortDescription"]["text"] == rule.summary
        details = rule.details()
        assert str(details["rationale"]).strip() in entry["help"]["text"]
        assert str(details["fix"]).strip() in entry["help"]["markdown"]
        assert entry["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
    assert len(run["results"]) == len(fs)
    for result, f in zip(run["results"], fs):
        assert result["ruleId"] == f.code
        assert driver["rules"][result["ruleIndex"]]["id"] == f.code
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        assert result["message"]["text"] == f.message
        location = result["locations"][0]["physicalLocation"]
        assert location["region"] == {"startLine": f.line, "startColumn": f.column}
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert uris[0] == "jobs/pi.yaml" and uris[1] == "jobs/a%2Cb%3Ac%25.yaml"
    assert run["results"][0]["properties"]["fix"] == {"description": "set restartPolicy: Never", "safe": True}
    assert run["results"][4]["properties"]["item"] == 1


def test_sarif_without_findings_and_absolute_paths() -> None:
    log = json.loads(render("sarif", [], RULES, 1, 1, "1.37"))
    validate_sarif(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []
    absolute = Finding("JL001", "restart-policy-unsupported", "error", "m", str(ROOT / "x y.yaml"), 1, 1, 0)
    log = json.loads(render("sarif", [absolute], RULES, 1, 1, "1.37"))
    validate_sarif(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/x%20y.yaml")


# --- GitHub workflow commands --------------------------------------------------------------------

PROPERTY_VALUE = r"[^,:\r\n]*"
COMMAND = re.compile(
    rf"^::(?P<command>error|warning|notice) (?P<props>[a-zA-Z]+={PROPERTY_VALUE}(?:,[a-zA-Z]+={PROPERTY_VALUE})*)::(?P<message>[^\r\n]*)$"
)


def unescape(text: str, prop: bool) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for code, ch in pairs:
        text = text.replace(code, ch)
    return text.replace("%25", "%")


def test_github_commands_follow_the_grammar() -> None:
    fs = findings()
    out = render("github", fs, RULES, 4, 5, "1.37")
    lines = out.splitlines()
    assert out.endswith("\n") and len(lines) == len(fs) + 1
    for line, f in zip(lines, fs):
        m = COMMAND.match(line)
        assert m, line
        assert m.group("command") == {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
        props = dict(p.split("=", 1) for p in m.group("props").split(","))
        assert set(props) == {"file", "line", "col", "title"}
        assert unescape(props["file"], True) == f.file
        assert props["line"] == str(f.line) and props["col"] == str(f.column)
        assert unescape(props["title"], True) == f"{f.code} {f.name}"
        message = unescape(m.group("message"), False)
        assert message.startswith(f"{f.code} {f.message}")
    assert "%0D%0A" in lines[1] and "100%25 wrong" in lines[1]
    assert not lines[-1].startswith("::")  # the summary is plain log output


def test_github_escaping() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert escape_data("%0A") == "%250A"  # % first, so escapes are not double-read


# --- JUnit ---------------------------------------------------------------------------------------


def test_junit_one_case_per_document_one_failure_per_finding() -> None:
    fs = findings()
    inventory = [
        ("jobs/pi.yaml", 0, None, {"kind": "Job", "namespace": "default", "name": "pi"}),
        ("jobs/pi.yaml", 1, None, {"kind": "Job", "namespace": "batch", "name": "clean"}),
        ("list.yaml", 0, 0, None),
        ("list.yaml", 0, 1, None),
    ]
    out = render("junit", fs, RULES, 4, 6, "1.37", inventory=inventory)
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"jobs/pi.yaml", "jobs/a,b:c%.yaml", "broken.yaml", "list.yaml"}
    pi = suites["jobs/pi.yaml"]
    cases = pi.findall("testcase")
    assert [c.get("name") for c in cases] == ["document 0: Job default/pi", "document 1: Job batch/clean"]
    assert [f.get("type") for f in cases[0].findall("failure")] == ["JL001", "JL116"]
    assert cases[1].findall("failure") == []  # a clean document is a passing test
    assert pi.get("tests") == "2" and pi.get("failures") == "1"
    (broken,) = suites["broken.yaml"].findall("testcase")
    assert broken.get("name") == "file" and broken.find("failure").get("type") == "JL908"
    tricky = suites["jobs/a,b:c%.yaml"].find("testcase/failure")
    assert tricky.get("message") == "JL112 " + TRICKY
    assert "unsafe fix: move it" in tricky.text
    list_cases = suites["list.yaml"].findall("testcase")
    assert [c.get("name") for c in list_cases] == ["document 0 item 0", "document 0 item 1: Job default/pi"]
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites.values()))
    assert root.get("failures") == "4"


def test_junit_drops_characters_xml_cannot_carry() -> None:
    bad = Finding("JL908", "yaml-syntax-error", "error", "control \x01 char", "x.yaml", 1, 1)
    root = ET.fromstring(render("junit", [bad], RULES, 1, 0, "1.37").encode())
    assert root.find("testsuite/testcase/failure").get("message") == "JL908 control  char"


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        render("xml", [], RULES, 0, 0, "1.37")


# --- through the command line --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_cli_formats_on_fixtures(fmt: str, tmp_path: Path) -> None:
    from joblint.cli import main

    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(main, ["lint", "--format", fmt, "--output", str(out), str(ROOT / "fixtures")], catch_exceptions=False)
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    if fmt == "sarif":
        log = json.loads(text)
        validate_sarif(log)
        assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"JL001"}
    elif fmt == "github":
        lines = text.splitlines()
        assert all(COMMAND.match(line) for line in lines[:-1])
        assert any(line.startswith("::error ") and "title=JL001" in line for line in lines)
    else:
        root = ET.fromstring(text.encode())
        assert int(root.get("tests")) >= len(list((ROOT / "fixtures" / "valid").glob("*.yaml")))
        assert int(root.get("failures")) >= 1
