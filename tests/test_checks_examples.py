"""Judgement rules explain themselves well enough to act on (their examples run in test_catalogue.py)."""

from __future__ import annotations

import pytest

from joblint.catalogue import load

JUDGEMENT = [r for r in load() if "JL100" <= r.code < "JL500"]


@pytest.mark.parametrize("rule", JUDGEMENT, ids=lambda r: r.code)
def test_judgement_rules_describe_themselves(rule) -> None:  # type: ignore[no-untyped-def]
    details = rule.details()
    assert rule.check or rule.match, rule.code
    assert len(str(details["rationale"]).split()) >= 30, f"{rule.code}: the rationale says too little"
    if rule.fixable != "none":
        assert rule.check, "fixes come from Python checks"
