"""spec.podFailurePolicy: which rule a failed pod matches and what the controller does then.

Rules are tried in order and the first match decides. An onExitCodes rule matches when a terminated
container (regular containers first, then init containers; optionally only the named one) has a
non-zero exit code that is In / NotIn the values. An onPodConditions rule matches when the pod has
a condition of one of the given types with the given status. Actions: FailJob (the Job fails with
reason PodFailurePolicy), FailIndex (the index fails; needs backoffLimitPerIndex), Ignore (the
failure counts toward no limit), Count (the failure counts as usual).
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

FAIL_JOB = "FailJob"
FAIL_INDEX = "FailIndex"
IGNORE = "Ignore"
COUNT = "Count"


class Match(NamedTuple):
    """A matched rule: its action, whether the failure counts, and the FailJob message."""

    action: str | None
    counts: bool
    message: str | None = None


NO_MATCH = Match(None, True, None)


class ExitCodeRule(NamedTuple):
    container: str | None
    operator: str
    values: frozenset[int]

    def match(self, containers: Sequence[tuple[str, int | None]]) -> tuple[str, int] | None:
        for name, code in containers:
            if code is None or code == 0:
                continue
            if self.container is not None and self.container != name:
                continue
            if self.operator == "In":
                if code in self.values:
                    return name, code
            elif self.operator == "NotIn":
                if code not in self.values:
                    return name, code
        return None


class Rule(NamedTuple):
    action: str
    exit_codes: ExitCodeRule | None
    conditions: tuple[tuple[str, str], ...] | None


class FailurePolicy:
    """The rules of spec.podFailurePolicy, read from the API form of the Job."""

    __slots__ = ("rules", "fail_index_enabled")

    def __init__(self, spec: dict[str, Any], fail_index_enabled: bool = True) -> None:
        rules: list[Rule] = []
        for raw in spec.get("rules") or []:
            on_exit = raw.get("onExitCodes")
            on_conditions = raw.get("onPodConditions")
            exit_rule = None
            conditions = None
            if on_exit is not None:
                exit_rule = ExitCodeRule(
                    container=on_exit.get("containerName"),
                    operator=str(on_exit.get("operator", "")),
                    values=frozenset(int(v) for v in on_exit.get("values") or []),
                )
            elif on_conditions is not None:
                conditions = tuple((str(c.get("type")), str(c.get("status", "True"))) for c in on_conditions)
            rules.append(Rule(str(raw.get("action", "")), exit_rule, conditions))
        self.rules = tuple(rules)
        self.fail_index_enabled = fail_index_enabled

    def match(
        self,
        namespace: str,
        pod_name: str,
        containers: Sequence[tuple[str, int | None]],
        init_containers: Sequence[tuple[str, int | None]],
        conditions: Sequence[tuple[str, str]],
    ) -> Match:
        for position, rule in enumerate(self.rules):
            if rule.exit_codes is not None:
                hit = rule.exit_codes.match(containers) or rule.exit_codes.match(init_containers)
                if hit is None:
                    continue
                why = f"Container {hit[0]} for pod {namespace}/{pod_name} failed with exit code {hit[1]}"
            elif rule.conditions is not None:
                found = next((ctype for ctype, cstatus in conditions if (ctype, cstatus) in rule.conditions), None)
                if found is None:
                    continue
                why = f"Pod {namespace}/{pod_name} has condition {found}"
            else:
                continue
            result = self._act(rule.action)
            if result is None:
                continue  # FailIndex without its feature: the next rules are tried
            if rule.action == FAIL_JOB:
                return Match(FAIL_JOB, True, f"{why} matching {FAIL_JOB} rule at index {position}")
            return result
        return NO_MATCH

    def _act(self, action: str) -> Match | None:
        if action == IGNORE:
            return Match(IGNORE, False)
        if action == COUNT:
            return Match(COUNT, True)
        if action == FAIL_JOB:
            return Match(FAIL_JOB, True)
        if action == FAIL_INDEX:
            # Without the backoffLimitPerIndex feature a FailIndex rule matches but decides nothing,
            # and the next rules are tried.
            return Match(FAIL_INDEX, True) if self.fail_index_enabled else None
        return None
