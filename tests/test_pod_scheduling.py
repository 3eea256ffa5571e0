"""Scheduling fields of the pod template: affinity, tolerations, topology spread constraints.

Each test states one rule of pkg/apis/core/validation/validation.go with the exact printed error;
cases come from validation_test.go (TestValidateAffinity, TestValidateNodeSelector*,
TestValidatePodAffinity*, TestValidateTolerations, TestValidateTopologySpreadConstraints) where
one exists.
"""

from __future__ import annotations

from typing import Any

import pytest

from joblint.pod.context import PodContext
from joblint.pod.scheduling import (
    validate_affinity,
    validate_tolerations,
    validate_topology_spread_constraints,
)
from tests.podcases import assert_error, assert_valid, pod_with

POD = "spec.template.spec"
AFF = f"{POD}.affinity"
NA_REQ = f"{AFF}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
NA_PREF = f"{AFF}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"
PA_REQ = f"{AFF}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution"
PA_PREF = f"{AFF}.podAffinity.preferredDuringSchedulingIgnoredDuringExecution"
PAA_REQ = f"{AFF}.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"
TOL = f"{POD}.tolerations"
TSC = f"{POD}.topologySpreadConstraints"

LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
NAME_PART_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


def ctx(version: str = "1.37") -> PodContext:
    return PodContext(version, {})


def aff(affinity: dict[str, Any], version: str = "1.37") -> list[str]:
    return [str(e) for e in validate_affinity(affinity, AFF, ctx(version))]


def tols(tolerations: list[Any], version: str = "1.37") -> list[str]:
    return [str(e) for e in validate_tolerations(tolerations, TOL, ctx(version))]


def tscs(constraints: list[Any], version: str = "1.37") -> list[str]:
    return [str(e) for e in validate_topology_spread_constraints(constraints, TSC, ctx(version))]


def required_terms(*exprs: dict[str, Any], fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    term: dict[str, Any] = {"matchExpressions": list(exprs)}
    if fields is not None:
        term["matchFields"] = fields
    return {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}}


def pod_term(**fields: Any) -> dict[str, Any]:
    term: dict[str, Any] = {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}
    term.update(fields)
    return term


def tsc(**fields: Any) -> dict[str, Any]:
    c: dict[str, Any] = {
        "maxSkew": 1,
        "topologyKey": "topology.kubernetes.io/zone",
        "whenUnsatisfiable": "DoNotSchedule",
        "labelSelector": {"matchLabels": {"app": "web"}},
    }
    c.update(fields)
    return c


# ---------------------------------------------------------------------------------------------
# Node affinity.


def test_valid_affinity_of_every_kind() -> None:
    """TestValidateAffinity: the valid pod with node, pod and pod anti-affinity."""
    affinity = {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    {
                        "matchExpressions": [
                            {"key": "key2", "operator": "Exists"},
                            {"key": "key3", "operator": "Gt", "values": ["2"]},
                            {"key": "key4", "operator": "In", "values": ["value1", "value2"]},
                        ],
                        "matchFields": [{"key": "metadata.name", "operator": "In", "values": ["host1"]}],
                    }
                ]
            },
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 10, "preference": {"matchExpressions": [{"key": "foo", "operator": "In", "values": ["bar"]}]}}
            ],
        },
        "podAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [pod_term(namespaces=["ns"])],
            "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 10, "podAffinityTerm": pod_term()}],
        },
        "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [pod_term()]},
    }
    assert aff(affinity) == []
    assert_valid(pod_with(affinity=affinity))


def test_empty_node_selector_terms_refused() -> None:
    """TestValidateAffinity "invalid requiredDuringSchedulingIgnoredDuringExecution node selector, nodeSelectorTerms must have at least one term"."""
    assert_error(
        pod_with(affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}}}),
        f"{NA_REQ}.nodeSelectorTerms: Required value: must have at least one node selector term",
        error_type="Required value",
    )


def test_missing_node_selector_terms_refused() -> None:
    assert aff({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {}}}) == [
        f"{NA_REQ}.nodeSelectorTerms: Required value: must have at least one node selector term"
    ]


def test_empty_node_selector_term_is_valid() -> None:
    """An empty term matches nothing but is not an error."""
    assert aff({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{}]}}}) == []


def test_node_selector_requirement_bad_operator() -> None:
    """TestValidateAffinity "invalid node selector requirement ... operator must be valid"."""
    assert aff(required_terms({"key": "key1", "operator": "Invalid", "values": ["a"]})) == [
        f'{NA_REQ}.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Invalid": not a valid selector operator'
    ]


def test_node_selector_in_needs_values() -> None:
    assert aff(required_terms({"key": "key1", "operator": "In"})) == [
        (f"{NA_REQ}.nodeSelectorTerms[0].matchExpressions[0].values: Required value: "
        "must be specified when `operator` is 'In' or 'NotIn'")
    ]


def test_node_selector_exists_forbids_values() -> None:
    """TestValidateAffinity "... values must be empty when operator is Exists"."""
    assert aff(required_terms({"key": "key1", "operator": "DoesNotExist", "values": ["a"]})) == [
        (f"{NA_REQ}.nodeSelectorTerms[0].matchExpressions[0].values: Forbidden: "
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
    ]


@pytest.mark.parametrize("values", [[], ["1", "2"]])
def test_node_selector_gt_lt_need_one_value(values: list[str]) -> None:
    assert aff(required_terms({"key": "key1", "operator": "Lt", "values": values})) == [
        (f"{NA_REQ}.nodeSelectorTerms[0].matchExpressions[0].values: Required value: "
        "must be specified single value when `operator` is 'Lt' or 'Gt'")
    ]


def test_node_selector_key_must_be_qualified_name() -> None:
    """TestValidateAffinity "invalid node selector requirement ... key is invalid"."""
    assert aff(required_terms({"key": "invalid key ___@#", "operator": "Exists"})) == [
        f'{NA_REQ}.nodeSelectorTerms[0].matchExpressions[0].key: Invalid value: "invalid key ___@#": {NAME_PART_MSG}'
    ]


def test_required_node_affinity_label_values_checked_from_1_33() -> None:
    """#128212 (1.33): label values of required terms are validated (TestValidateNodeSelectorRequirement)."""
    term = required_terms({"key": "key1", "operator": "In", "values": ["-bad-"]})
    expected = f'{NA_REQ}.nodeSelectorTerms[0].matchExpressions[0].values[0]: Invalid value: "-bad-": {LABEL_VALUE_MSG}'
    assert aff(term, "1.33") == [expected]
    assert aff(term, "1.32") == []


def test_preferred_node_affinity_allows_invalid_label_values() -> None:
    """ValidatePreferredSchedulingTerms always allows invalid label values."""
    affinity = {
        "nodeAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 1, "preference": {"matchExpressions": [{"key": "k", "operator": "In", "values": ["-bad-"]}]}}
            ]
        }
    }
    assert aff(affinity) == []


def test_match_fields_only_metadata_name() -> None:
    """TestValidateAffinity "invalid matchFields ... key is invalid"."""
    assert aff(required_terms(fields=[{"key": "metadata.namespace", "operator": "In", "values": ["ns1"]}])) == [
        f'{NA_REQ}.nodeSelectorTerms[0].matchFields[0].key: Invalid value: "metadata.namespace": not a valid field selector key'
    ]


def test_match_fields_one_value() -> None:
    """TestValidateAffinity "invalid matchFields ... only one value"."""
    assert aff(required_terms(fields=[{"key": "metadata.name", "operator": "In", "values": ["host1", "host2"]}])) == [
        (f"{NA_REQ}.nodeSelectorTerms[0].matchFields[0].values: Required value: "
        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector")
    ]


def test_match_fields_operator_in_or_notin_only() -> None:
    assert aff(required_terms(fields=[{"key": "metadata.name", "operator": "Exists"}])) == [
        f'{NA_REQ}.nodeSelectorTerms[0].matchFields[0].operator: Invalid value: "Exists": not a valid selector operator'
    ]


def test_match_fields_value_must_be_node_name() -> None:
    assert aff(required_terms(fields=[{"key": "metadata.name", "operator": "NotIn", "values": ["Host_1"]}])) == [
        (f'{NA_REQ}.nodeSelectorTerms[0].matchFields[0].values[0]: Invalid value: "Host_1": a lowercase RFC 1123 '
        "subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
        "alphanumeric character (e.g. 'example.com', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
    ]


@pytest.mark.parametrize("weight", [0, 101, -1])
def test_preferred_node_term_weight_range(weight: int) -> None:
    """TestValidateAffinity "invalid preferredSchedulingTerm, weight must be in the range 1-100"."""
    affinity = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": weight, "preference": {}}]}}
    assert aff(affinity) == [f"{NA_PREF}[0].weight: Invalid value: {weight}: must be in the range 1-100"]


@pytest.mark.parametrize("weight", [1, 100])
def test_preferred_node_term_weight_bounds_valid(weight: int) -> None:
    affinity = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": weight, "preference": {}}]}}
    assert aff(affinity) == []


def test_preferred_node_term_preference_validated() -> None:
    affinity = {
        "nodeAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 1, "preference": {"matchExpressions": [{"key": "k", "operator": "Exists", "values": ["v"]}]}}
            ]
        }
    }
    assert aff(affinity) == [
        (f"{NA_PREF}[0].preference.matchExpressions[0].values: Forbidden: "
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
    ]


# ---------------------------------------------------------------------------------------------
# Pod affinity and anti-affinity.


def test_pod_affinity_topology_key_required() -> None:
    """TestValidateAffinity "invalid hard pod affinity, empty topologyKey is not allowed"."""
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [pod_term(topologyKey="")]}}) == [
        f"{PA_REQ}[0].topologyKey: Required value: can not be empty",
        f'{PA_REQ}[0].topologyKey: Invalid value: "": name part must be non-empty',
        f'{PA_REQ}[0].topologyKey: Invalid value: "": {NAME_PART_MSG}',
    ]


def test_pod_affinity_topology_key_qualified_name() -> None:
    assert aff({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [pod_term(topologyKey="a/b/c")]}}) == [
        (f'{PAA_REQ}[0].topologyKey: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '
        "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
        "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
        "subdomain prefix and '/' (e.g. 'example.com/MyName')")
    ]


def test_pod_affinity_label_selector_validated() -> None:
    """TestValidateAffinity "invalid labelSelector in podAffinity": bad operator and values."""
    term = pod_term(labelSelector={"matchExpressions": [{"key": "key2", "operator": "NotIn", "values": ["-x-"]}]})
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}) == [
        f'{PA_REQ}[0].labelSelector.matchExpressions[0].values[0]: Invalid value: "-x-": {LABEL_VALUE_MSG}'
    ]


def test_pod_affinity_namespace_selector_validated() -> None:
    """TestValidateAffinity "invalid namespaceSelector"."""
    term = pod_term(namespaceSelector={"matchExpressions": [{"key": "key2", "operator": "Foo"}]})
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}) == [
        f'{PA_REQ}[0].namespaceSelector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator'
    ]


def test_pod_affinity_namespaces_are_dns_labels_reported_at_namespace() -> None:
    """validatePodAffinityTerm reports bad namespaces at `.namespace` (singular)."""
    term = pod_term(namespaces=["INVALID"])
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}) == [
        (f'{PA_REQ}[0].namespace: Invalid value: "INVALID": a lowercase RFC 1123 label must consist of lower case '
        "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
        "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
    ]


@pytest.mark.parametrize("weight", [0, 101])
def test_weighted_pod_affinity_weight_range(weight: int) -> None:
    """TestValidateAffinity "invalid weight in preferredDuringSchedulingIgnoredDuringExecution in pod affinity"."""
    affinity = {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": weight, "podAffinityTerm": pod_term()}]}}
    assert aff(affinity) == [f"{PA_PREF}[0].weight: Invalid value: {weight}: must be in the range 1-100"]


def test_weighted_pod_affinity_term_validated() -> None:
    affinity = {
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 5, "podAffinityTerm": pod_term(topologyKey="")}]
        }
    }
    msgs = aff(affinity)
    assert (
        f"{AFF}.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: "
        "Required value: can not be empty"
    ) in msgs


def test_match_label_keys_need_label_selector() -> None:
    """TestValidateAffinity "invalid matchLabelKeys ... labelSelector is nil"."""
    term = pod_term(labelSelector=None, matchLabelKeys=["foo"], mismatchLabelKeys=["bar"])
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}) == [
        f"{PA_REQ}[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set",
        f"{PA_REQ}[0].mismatchLabelKeys: Forbidden: must not be specified when labelSelector is not set",
    ]


def test_match_label_keys_must_be_label_names() -> None:
    term = pod_term(matchLabelKeys=["/simple"])
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}) == [
        f'{PA_REQ}[0].matchLabelKeys[0]: Invalid value: "/simple": prefix part must be non-empty'
    ]


def test_match_label_keys_and_mismatch_label_keys_disjoint() -> None:
    """TestValidateAffinity "the same key in matchLabelKeys and mismatchLabelKeys"."""
    term = pod_term(matchLabelKeys=["samekey"], mismatchLabelKeys=["samekey"])
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}) == [
        f'{PA_REQ}[0].matchLabelKeys[0]: Invalid value: "samekey": exists in both matchLabelKeys and mismatchLabelKeys'
    ]


def test_match_label_key_repeated_in_selector_reported_at_term_index() -> None:
    """A matchLabelKeys key that the selector already holds (matchLabels and an expression) is
    reported at `<term>[i]`, as ValidateMatchLabelKeysAndMismatchLabelKeys does."""
    term = pod_term(
        labelSelector={"matchLabels": {"key": "v"}, "matchExpressions": [{"key": "key", "operator": "In", "values": ["v"]}]},
        matchLabelKeys=["key"],
    )
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}) == [
        f'{PA_REQ}[0][0]: Invalid value: "key": exists in both matchLabelKeys and labelSelector'
    ]


def test_match_label_key_only_in_match_labels_is_valid() -> None:
    """A pod template's selector is not merged with matchLabelKeys, so one occurrence is fine."""
    term = pod_term(labelSelector={"matchLabels": {"key": "v"}}, matchLabelKeys=["key"])
    assert aff({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}) == []


def test_match_label_keys_ignored_while_gate_off() -> None:
    """MatchLabelKeysInPodAffinity is alpha (off) in 1.30: the fields are dropped, not validated."""
    term = pod_term(matchLabelKeys=["samekey"], mismatchLabelKeys=["samekey"])
    affinity = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}
    assert aff(affinity, "1.30") == []
    assert aff(affinity, "1.31") != []


# ---------------------------------------------------------------------------------------------
# Tolerations.


def test_valid_tolerations() -> None:
    """TestValidateTolerations successCases."""
    valid = [
        {"key": "foo", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "foo", "operator": "Equal", "value": "bar", "effect": "NoSchedule"},
        {"key": "foo", "operator": "Equal", "value": "bar", "effect": "NoExecute", "tolerationSeconds": 60},
        {"operator": "Exists"},
        {"key": "foo", "value": "bar"},
        {"key": "foo", "operator": "Exists", "effect": "PreferNoSchedule"},
        {"key": "foo", "operator": "Equal", "effect": "NoExecute", "tolerationSeconds": -10},
    ]
    assert tols(valid) == []
    assert_valid(pod_with(tolerations=valid))


def test_toleration_key_must_be_qualified_name() -> None:
    """TestValidateTolerations "invalid key"."""
    assert tols([{"key": "nospecialchars^=@", "operator": "Equal", "value": "bar", "effect": "NoSchedule"}]) == [
        f'{TOL}[0].key: Invalid value: "nospecialchars^=@": {NAME_PART_MSG}'
    ]


def test_toleration_exists_with_value_refused() -> None:
    """TestValidateTolerations "value must be empty when `operator` is 'Exists'"."""
    assert_error(
        pod_with(tolerations=[{"key": "foo", "operator": "Exists", "value": "bar", "effect": "NoSchedule"}]),
        f"{TOL}[0].operator: Invalid value: \"bar\": value must be empty when `operator` is 'Exists'",
        error_type="Invalid value",
    )


def test_toleration_empty_key_needs_exists() -> None:
    """TestValidateTolerations "operator must be 'Exists' when `key` is empty"."""
    assert tols([{"operator": "Equal", "value": "bar"}]) == [
        (f'{TOL}[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, '
        'which means "match all values and all keys"')
    ]


def test_toleration_empty_key_empty_operator() -> None:
    assert tols([{"effect": "NoSchedule"}]) == [
        (f'{TOL}[0].operator: Invalid value: "": operator must be Exists when `key` is empty, '
        'which means "match all values and all keys"')
    ]


def test_toleration_seconds_need_no_execute() -> None:
    """TestValidateTolerations "effect must be 'NoExecute' when `TolerationSeconds` is set"."""
    assert tols([{"key": "foo", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 20}]) == [
        f"{TOL}[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"
    ]


def test_toleration_seconds_with_empty_effect() -> None:
    assert tols([{"key": "foo", "operator": "Exists", "tolerationSeconds": 20}]) == [
        f"{TOL}[0].effect: Invalid value: \"\": effect must be 'NoExecute' when `tolerationSeconds` is set"
    ]


def test_toleration_equal_value_must_be_label_value() -> None:
    """The value of an Equal (or empty) operator must be a label value; messages joined by ';'."""
    assert tols([{"key": "foo", "value": "-bad-"}]) == [f'{TOL}[0].operator: Invalid value: "-bad-": {LABEL_VALUE_MSG}']
    long_value = "a" * 64
    assert tols([{"key": "foo", "operator": "Equal", "value": long_value + "-"}]) == [
        f'{TOL}[0].operator: Invalid value: "{long_value}-": must be no more than 63 characters;{LABEL_VALUE_MSG}'
    ]


def test_toleration_unsupported_effect() -> None:
    """TestValidateTolerations: an unknown effect (`NoRun`) is NotSupported."""
    assert_error(
        pod_with(tolerations=[{"key": "foo", "operator": "Exists", "effect": "NoRun"}]),
        f'{TOL}[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
        error_type="Unsupported value",
    )


@pytest.mark.parametrize("op", ["Gt", "Lt", "In"])
def test_toleration_unsupported_operator(op: str) -> None:
    """Gt/Lt (TaintTolerationComparisonOperators) are alpha, off by default, in every target."""
    assert tols([{"key": "foo", "operator": op, "value": "5"}]) == [
        f'{TOL}[0].operator: Unsupported value: "{op}": supported values: "Equal", "Exists"'
    ]


# ---------------------------------------------------------------------------------------------
# Topology spread constraints.


def test_valid_topology_spread_constraints() -> None:
    constraints = [
        tsc(),
        tsc(whenUnsatisfiable="ScheduleAnyway"),
        tsc(topologyKey="kubernetes.io/hostname", minDomains=3, nodeAffinityPolicy="Honor", nodeTaintsPolicy="Ignore"),
        tsc(topologyKey="k2", matchLabelKeys=["pod-template-hash"]),
    ]
    assert tscs(constraints) == []
    assert_valid(pod_with(topologySpreadConstraints=constraints))


@pytest.mark.parametrize("skew", [0, -1])
def test_max_skew_positive(skew: int) -> None:
    """TestValidateTopologySpreadConstraints "invalid MaxSkew"."""
    assert tscs([tsc(maxSkew=skew)]) == [f"{TSC}[0].maxSkew: Invalid value: {skew}: must be greater than zero"]


def test_topology_key_required() -> None:
    """TestValidateTopologySpreadConstraints "empty TopologyKey"."""
    assert_error(
        pod_with(topologySpreadConstraints=[tsc(topologyKey="")]),
        f"{TSC}[0].topologyKey: Required value: can not be empty",
        error_type="Required value",
    )


def test_when_unsatisfiable_supported_values() -> None:
    """TestValidateTopologySpreadConstraints "unsupported WhenUnsatisfiable"."""
    assert tscs([tsc(whenUnsatisfiable="N/A")]) == [
        f'{TSC}[0].whenUnsatisfiable: Unsupported value: "N/A": supported values: "DoNotSchedule", "ScheduleAnyway"'
    ]


def test_duplicate_topology_key_and_action() -> None:
    """TestValidateTopologySpreadConstraints "duplicate constraints": reported on the first."""
    assert tscs([tsc(), tsc(maxSkew=2)]) == [
        f'{TSC}[0].{{topologyKey, whenUnsatisfiable}}: Duplicate value: "{{topology.kubernetes.io/zone, DoNotSchedule}}"'
    ]


def test_same_key_different_action_not_duplicate() -> None:
    assert tscs([tsc(), tsc(whenUnsatisfiable="ScheduleAnyway")]) == []


@pytest.mark.parametrize("domains", [0, -1])
def test_min_domains_positive(domains: int) -> None:
    """TestValidateTopologySpreadConstraints "invalid MinDomains"."""
    assert tscs([tsc(minDomains=domains)]) == [f"{TSC}[0].minDomains: Invalid value: {domains}: must be greater than zero"]


def test_min_domains_needs_do_not_schedule() -> None:
    """TestValidateTopologySpreadConstraints "MinDomains with ScheduleAnyway"."""
    assert tscs([tsc(minDomains=2, whenUnsatisfiable="ScheduleAnyway")]) == [
        f"{TSC}[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"
    ]


@pytest.mark.parametrize("field", ["nodeAffinityPolicy", "nodeTaintsPolicy"])
def test_node_inclusion_policy_values(field: str) -> None:
    """TestValidateTopologySpreadConstraints "invalid NodeAffinityPolicy" / "invalid NodeTaintsPolicy"."""
    assert tscs([tsc(**{field: "Unknown"})]) == [
        f'{TSC}[0].{field}: Unsupported value: "Unknown": supported values: "Honor", "Ignore"'
    ]


def test_match_label_keys_need_label_selector_topology() -> None:
    """TestValidateTopologySpreadConstraints "key in MatchLabelKeys isn't correctly defined" / nil selector."""
    c = tsc(matchLabelKeys=["foo"])
    del c["labelSelector"]
    assert tscs([c]) == [f"{TSC}[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set"]
    assert tscs([c], "1.33") == [f"{TSC}[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set"]


def test_match_label_keys_must_be_label_names_topology() -> None:
    assert tscs([tsc(matchLabelKeys=["/simple"])]) == [
        f'{TSC}[0].matchLabelKeys[0]: Invalid value: "/simple": prefix part must be non-empty'
    ]


def test_match_label_key_in_selector_before_1_34() -> None:
    """Before MatchLabelKeysInPodTopologySpreadSelectorMerge (1.34), any selector key is refused."""
    c = tsc(labelSelector={"matchLabels": {"app": "web"}}, matchLabelKeys=["app"])
    assert tscs([c], "1.33") == [f'{TSC}[0].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector']
    # From 1.34 the check expects the selector already merged with matchLabelKeys: one
    # occurrence is fine, a repeated key is reported at `[i][j]`.
    assert tscs([c], "1.34") == []
    repeated = tsc(
        labelSelector={"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "app", "operator": "Exists"}]},
        matchLabelKeys=["app"],
    )
    assert tscs([repeated], "1.34") == [f'{TSC}[0][0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector']


def test_topology_label_selector_validated() -> None:
    """TestValidateTopologySpreadConstraints "invalid labelSelector"."""
    c = tsc(labelSelector={"matchExpressions": [{"key": "app", "operator": "In", "values": ["-x-"]}]})
    assert tscs([c]) == [f'{TSC}[0].labelSelector.matchExpressions[0].values[0]: Invalid value: "-x-": {LABEL_VALUE_MSG}']


# ---------------------------------------------------------------------------------------------
# Robustness: odd shapes never raise.


@pytest.mark.parametrize(
    "value",
    [None, {}, {"nodeAffinity": None}, {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": None}},
     {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [None, 3, {}]}}],
)
def test_affinity_odd_shapes(value: Any) -> None:
    assert isinstance(aff(value), list)


def test_tolerations_and_constraints_odd_shapes() -> None:
    assert tols([None, 1, {}]) == [
        (f'{TOL}[2].operator: Invalid value: "": operator must be Exists when `key` is empty, '
        'which means "match all values and all keys"')
    ]
    assert validate_tolerations(None, TOL, ctx()) == []
    assert validate_topology_spread_constraints(None, TSC, ctx()) == []
    assert isinstance(tscs([None, {"maxSkew": "x"}]), list)
