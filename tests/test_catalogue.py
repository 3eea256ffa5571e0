"""Every rule file compiles, and its examples behave: bad ones report it, good ones do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from joblint.catalogue import CatalogueError, compile_rule, load

from .conftest import codes, lint_text

RULES = load()
# Examples that are pairs of manifests (old --- new) run through `joblint diff` in test_update.py.
UPDATE_RULES = {"JL030"}
EXAMPLES = [
    pytest.param(rule, label, i, text, id=f"{rule.code}-{label}{i}")
    for rule in RULES
    if rule.code not in UPDATE_RULES
    for label in ("bad", "good")
    for i, text in enumerate((rule.details().get("examples") or {}).get(label) or [])
]


def test_catalogue_has_unique_codes_and_names() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_documents_itself(rule) -> None:  # type: ignore[no-untyped-def]
    details = rule.details()
    assert str(details["rationale"]).strip()
    assert str(details["fix"]).strip()
    examples = details.get("examples") or {}
    assert examples.get("good"), f"{rule.code} has no good example"
    # Input problems that YAML text cannot carry (unreadable, binary, oversized) are tested in
    # test_hostile_input.py instead of by example.
    if rule.code not in {"JL099", "JL900", "JL901", "JL902", "JL909"}:
        assert examples.get("bad"), f"{rule.code} has no bad example"


@pytest.mark.parametrize("rule,label,index,text", EXAMPLES)
def test_examples(rule, label, index, text) -> None:  # type: ignore[no-untyped-def]
    """A bad example reports its rule, a good one does not; the rule is selected, since some rules
    are off by default."""
    version = rule.details().get("example-version") or "1.37"
    found = codes(lint_text(text, version=version, extend_select=[rule.code]))
    if label == "bad":
        # The server may answer one mistake with several errors of a kind; a judgement rule speaks once.
        reported_by_pipeline = rule.code.startswith(("JL0", "JL9"))
        expected = found.count(rule.code) >= 1 if reported_by_pipeline else found.count(rule.code) == 1
        assert expected, f"{rule.code} bad example {index} gave {found}"
        if not reported_by_pipeline:
            # A judgement rule's bad example must itself be a manifest the server accepts.
            assert not [c for c in found if c.startswith(("JL0", "JL9"))], found
    else:
        assert rule.code not in found, f"{rule.code} good example {index} gave {found}"
        assert not [c for c in found if c.startswith(("JL0", "JL9"))], found


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rule.yaml"
    path.write_text(text)
    return str(path)


BASE = """code: JL500
name: my-rule
severity: warning
summary: Something.
rationale: Because.
fix: Change it.
applies-to: [Job]
"""


@pytest.mark.parametrize(
    "extra,message",
    [
        ("", "exactly one of match, check, api or emitted-by"),
        ("match: {path: $.spec.x, equals: 1}\n", "a match rule needs a message"),
        ("match: {path: '$.spec[', equals: 1}\nmessage: m\n", "invalid jsonpath"),
        ("match: {path: $.spec.x, bogus: 1}\nmessage: m\n", "unknown match keys"),
        ("match: {path: $.spec.x, gt: abc}\nmessage: m\n", "takes a number"),
        ("check: os:system\n", "outside joblint.checks"),
        ("check: joblint.checks.x:y\nsurprise: 1\n", "unknown keys: surprise"),
    ],
)
def test_rule_file_errors_name_the_file(tmp_path: Path, extra: str, message: str) -> None:
    path = _write(tmp_path, BASE + extra)
    with pytest.raises(CatalogueError) as info:
        compile_rule(path)
    assert path in str(info.value)
    assert message in str(info.value)


def test_plugin_checks_need_explicit_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "plugins" / "mypkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "rules.py").write_text("def check(ctx):\n    return []\n")
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    path = _write(tmp_path, BASE + "check: mypkg.rules:check\n")
    with pytest.raises(CatalogueError):
        compile_rule(path)
    assert compile_rule(path, allow_plugins=True).check == "mypkg.rules:check"


def test_declarative_rule_runs_end_to_end(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "JL500.yaml").write_text(
        BASE
        + "match:\n  all:\n    - {path: $.spec.backoffLimit, gt: 3}\n    - {path: '$.spec.template.spec.containers[*].image', regex: ':latest$'}\n"
        + "message: backoffLimit {$.spec.backoffLimit} with a :latest image\nat: $.spec.backoffLimit\n"
    )
    from joblint.config import Config
    from joblint.lint import run_lint

    text = (
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n  backoffLimit: 5\n  template:\n"
        "    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: 'x:latest'}]\n"
    )
    findings = run_lint(["-"], load((str(rules),)), Config(), stdin=text.encode()).findings
    hit = [f for f in findings if f.code == "JL500"]
    assert len(hit) == 1
    assert hit[0].message == "backoffLimit 5 with a :latest image"
    assert (hit[0].line, hit[0].column, hit[0].field) == (5, 17, "spec.backoffLimit")


def test_rule_reference_is_in_sync() -> None:
    """docs/rules.md is generated from rules/; regenerate it with `joblint rules --format markdown`."""
    from joblint.show import rules_markdown

    page = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert page.read_text(encoding="utf-8") == rules_markdown(RULES), (
        "docs/rules.md is stale: run `joblint rules --format markdown > docs/rules.md`"
    )
