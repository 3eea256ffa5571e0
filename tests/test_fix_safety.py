"""Fix safety: a safe fix never changes what a working manifest does, and no fix leaves debris.

The invariant is in tests/fixsafety.py. Checked here over every fix of every rule's examples,
over generated manifests (hypothesis, a small budget; bench/fuzz.py runs a large one), and on
the Jobs documentation's pod adoption recipe, which --fix must leave alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joblint.catalogue import load
from joblint.cli import main
from joblint.config import Config
from joblint.lint import run_lint

from .fixsafety import apply_one, check_no_debris, check_safe_fix
from .test_properties import objects
from .yamltext import block

RULES = load()
FIXABLE = [rule for rule in RULES if rule.fixable != "none"]
ROOT = Path(__file__).resolve().parent.parent


def _fixes(text: str, version: str = "1.37") -> list[Any]:
    # Every rule, those off by default too: each fix is audited.
    result = run_lint(["-"], RULES, Config(kubernetes_version=version), select=["JL"], stdin=text.encode("utf-8"))
    return [f for f in result.findings if f.fix is not None]


def _bad_examples(rule: Any) -> list[str]:
    return list((rule.details().get("examples") or {}).get("bad") or [])


def _examples() -> list[tuple[str, str]]:
    return [(rule.code, text) for rule in FIXABLE for text in _bad_examples(rule)]


@pytest.mark.parametrize(("code", "text"), _examples(), ids=[f"{c}-{i}" for i, (c, _) in enumerate(_examples())])
def test_every_fix_of_every_example(code: str, text: str) -> None:
    fixes = [f for f in _fixes(text) if f.code == code]
    for finding in fixes:
        after = apply_one(text, finding)
        check_no_debris(text, after)
        if finding.fix.safe:
            check_safe_fix(text, finding.document, finding.code, after)
        # The fix's safety is the one its rule declares, and the description says what it chose.
        assert finding.fix.safe == (next(r for r in RULES if r.code == code).fixable == "safe")
        assert finding.fix.description


def test_every_fixable_rule_has_an_example_that_is_fixed() -> None:
    codes = {code for code, text in _examples() if any(f.code == code for f in _fixes(text))}
    assert codes == {rule.code for rule in FIXABLE}


def test_safe_fixes_are_the_ones_the_invariant_allows() -> None:
    """The audit's outcome: JL001 and JL020 make refused manifests acceptable and say what they
    chose; every fix that changes an accepted manifest's selector, labels or TTL is unsafe."""
    assert {r.code for r in RULES if r.fixable == "safe"} == {"JL001", "JL020"}
    # JL002 migrates a removed CronJob apiVersion (older clusters refuse the file), JL212 sets a
    # Job deadline derived from the schedule (a run that really needs longer is then stopped).
    assert {r.code for r in RULES if r.fixable == "unsafe"} == {"JL002", "JL110", "JL112", "JL116", "JL212"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(objects(), st.sampled_from(["1.30", "1.37"]))
def test_safe_fixes_keep_behaviour_on_generated_manifests(data: dict[str, Any], version: str) -> None:
    text = block(data)
    for finding in _fixes(text, version):
        try:
            after = apply_one(text, finding)
        except Exception as exc:  # a refused edit leaves the file alone: fine
            assert type(exc).__name__ == "FixError", exc
            continue
        check_no_debris(text, after, version)
        if finding.fix.safe:
            check_safe_fix(text, finding.document, finding.code, after, version)


def test_unsafe_selector_fix_would_break_the_invariant() -> None:
    """The oracle itself: removing a copied selector from an accepted Job changes its selector,
    which a dry run cannot vouch for (pods of the earlier Job would no longer be adopted)."""
    rule = next(r for r in RULES if r.code == "JL110")
    text = _bad_examples(rule)[0]
    [finding] = [f for f in _fixes(text) if f.code == "JL110"]
    with pytest.raises(AssertionError, match="cannot vouch"):
        check_safe_fix(text, finding.document, finding.code, apply_one(text, finding))


def test_fix_leaves_the_documented_adoption_recipe_unchanged(tmp_path: Path) -> None:
    fixture = ROOT / "fixtures" / "valid" / "adopt-orphaned-pods.yaml"
    target = tmp_path / "adopt.yaml"
    shutil.copy(fixture, target)
    for flags in (["--fix"], ["--fix", "--unsafe-fixes"]):
        result = CliRunner().invoke(main, ["lint", "--no-cache", *flags, str(target)])
        assert result.exit_code == 0, result.output
        assert target.read_bytes() == fixture.read_bytes()
        assert "JL118" in result.output and "JL110" not in result.output
