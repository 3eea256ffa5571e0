"""Where a pod may run: affinity, tolerations, topology spread constraints.

Ports the scheduling parts of pkg/apis/core/validation/validation.go (liggitt/kubernetes at
76b7f090c0e5, about 1.35/1.36): validateAffinity and everything under it, ValidateTolerations and
validateTopologySpreadConstraints, with the create-time PodValidationOptions of a pod template
(no invalid label values allowed, no old object to be lenient for).
"""

from __future__ import annotations

from typing import Any

from ..apivalidation import (
    child_path,
    index_path,
    is_valid_label_value,
    name_is_dns_label,
    name_is_dns_subdomain,
    validate_label_name,
    validate_label_selector_dict,
)
from ..errors import FieldError, duplicate, forbidden, invalid, not_supported, required
from .context import PodContext

Errors = list[FieldError]

NODE_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")
TOLERATION_OPERATORS = ["Equal", "Exists"]
TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
# sets.List order (sorted) of the supported values.
WHEN_UNSATISFIABLE = ["DoNotSchedule", "ScheduleAnyway"]
NODE_INCLUSION_POLICIES = ["Honor", "Ignore"]

IS_NOT_POSITIVE = "must be greater than zero"
WEIGHT_RANGE = "must be in the range 1-100"


# ---------------------------------------------------------------------------------------------
# Defensive accessors: strict decoding has checked the types, but nothing here may raise.


def _str(obj: Any, key: str) -> str:
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, str):
            return v
    return ""


def _list(obj: Any, key: str) -> list[Any]:
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, list):
            return v
    return []


def _strings(obj: Any, key: str) -> list[str]:
    return [v for v in _list(obj, key) if isinstance(v, str)]


def _int(obj: Any, key: str) -> int:
    """An int32 field as Go sees it: absent (or null) is 0."""
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, int) and not isinstance(v, bool):
            return v
    return 0


def _dict(obj: Any, key: str) -> dict[str, Any] | None:
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, dict):
            return v
    return None


# ---------------------------------------------------------------------------------------------
# Node affinity.


def validate_node_selector_requirement(req: dict[str, Any], allow_invalid_label_value: bool, path: str) -> Errors:
    """ValidateNodeSelectorRequirement."""
    errs: Errors = []
    values = _strings(req, "values")
    op = _str(req, "operator")
    if op in ("In", "NotIn"):
        if not values:
            errs.append(required(child_path(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"))
    elif op in ("Exists", "DoesNotExist"):
        if values:
            errs.append(
                forbidden(child_path(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
            )
    elif op in ("Gt", "Lt"):
        if len(values) != 1:
            errs.append(
                required(child_path(path, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'")
            )
    else:
        errs.append(invalid(child_path(path, "operator"), op, "not a valid selector operator"))
    errs.extend(validate_label_name(_str(req, "key"), child_path(path, "key")))
    if not allow_invalid_label_value:
        values_path = child_path(path, "values")
        for i, v in enumerate(values):
            errs.extend(invalid(index_path(values_path, i), v, m) for m in is_valid_label_value(v))
    return errs


def validate_node_field_selector_requirement(req: dict[str, Any], path: str) -> Errors:
    """ValidateNodeFieldSelectorRequirement: matchFields may only name metadata.name, once."""
    errs: Errors = []
    values = _strings(req, "values")
    op = _str(req, "operator")
    if op in ("In", "NotIn"):
        if len(values) != 1:
            errs.append(
                required(
                    child_path(path, "values"),
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                )
            )
    else:
        errs.append(invalid(child_path(path, "operator"), op, "not a valid selector operator"))
    key = _str(req, "key")
    if key != "metadata.name":
        errs.append(invalid(child_path(path, "key"), key, "not a valid field selector key"))
    else:
        values_path = child_path(path, "values")
        for i, v in enumerate(values):
            errs.extend(invalid(index_path(values_path, i), v, m) for m in name_is_dns_subdomain(v, False))
    return errs


def validate_node_selector_term(term: Any, allow_invalid_label_value: bool, path: str) -> Errors:
    """ValidateNodeSelectorTerm."""
    errs: Errors = []
    for j, req in enumerate(_list(term, "matchExpressions")):
        if isinstance(req, dict):
            errs.extend(
                validate_node_selector_requirement(
                    req, allow_invalid_label_value, index_path(child_path(path, "matchExpressions"), j)
                )
            )
    for j, req in enumerate(_list(term, "matchFields")):
        if isinstance(req, dict):
            errs.extend(validate_node_field_selector_requirement(req, index_path(child_path(path, "matchFields"), j)))
    return errs


def validate_node_selector(selector: dict[str, Any], allow_invalid_label_value: bool, path: str) -> Errors:
    """ValidateNodeSelector: at least one term, each valid."""
    terms_path = child_path(path, "nodeSelectorTerms")
    terms = _list(selector, "nodeSelectorTerms")
    if not terms:
        return [required(terms_path, "must have at least one node selector term")]
    errs: Errors = []
    for i, term in enumerate(terms):
        errs.extend(validate_node_selector_term(term, allow_invalid_label_value, index_path(terms_path, i)))
    return errs


def validate_preferred_scheduling_terms(terms: list[Any], path: str) -> Errors:
    """ValidatePreferredSchedulingTerms: weights 1-100; invalid label values always allowed."""
    errs: Errors = []
    for i, term in enumerate(terms):
        weight = _int(term, "weight")
        if weight <= 0 or weight > 100:
            errs.append(invalid(child_path(index_path(path, i), "weight"), weight, WEIGHT_RANGE))
        errs.extend(validate_node_selector_term(_dict(term, "preference"), True, child_path(index_path(path, i), "preference")))
    return errs


def _validate_node_affinity(na: dict[str, Any], ctx: PodContext, path: str) -> Errors:
    """validateNodeAffinity. Label values of required terms are checked from 1.33 (#128212)."""
    errs: Errors = []
    required_selector = _dict(na, "requiredDuringSchedulingIgnoredDuringExecution")
    if required_selector is not None:
        allow_invalid = not ctx.at_least("1.33")
        errs.extend(
            validate_node_selector(
                required_selector, allow_invalid, child_path(path, "requiredDuringSchedulingIgnoredDuringExecution")
            )
        )
    preferred = _list(na, "preferredDuringSchedulingIgnoredDuringExecution")
    if preferred:
        errs.extend(
            validate_preferred_scheduling_terms(preferred, child_path(path, "preferredDuringSchedulingIgnoredDuringExecution"))
        )
    return errs


# ---------------------------------------------------------------------------------------------
# Pod (anti-)affinity.


def _selector_keys(selector: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    labels = selector.get("matchLabels") if selector else None
    label_keys = [k for k in labels] if isinstance(labels, dict) else []
    expr_keys = [_str(e, "key") for e in _list(selector, "matchExpressions") if isinstance(e, dict)]
    return label_keys, expr_keys


def _validate_label_keys(path: str, keys: list[str], selector: dict[str, Any] | None) -> Errors:
    """validateLabelKeys."""
    if not keys:
        return []
    if selector is None:
        return [forbidden(path, "must not be specified when labelSelector is not set")]
    errs: Errors = []
    for i, key in enumerate(keys):
        errs.extend(validate_label_name(key, index_path(path, i)))
    return errs


def validate_match_label_keys_and_mismatch_label_keys(
    path: str, match_keys: list[str], mismatch_keys: list[str], selector: dict[str, Any] | None
) -> Errors:
    """ValidateMatchLabelKeysAndMismatchLabelKeys, including its quirk of reporting a key found
    in both matchLabelKeys and the selector at `<path>[i]` (the term's path, indexed)."""
    errs = _validate_label_keys(child_path(path, "matchLabelKeys"), match_keys, selector)
    errs.extend(_validate_label_keys(child_path(path, "mismatchLabelKeys"), mismatch_keys, selector))
    if selector is not None:
        positions = {key: i for i, key in enumerate(match_keys)}
        label_keys, expr_keys = _selector_keys(selector)
        seen = set(label_keys)
        for key in expr_keys:
            i = positions.get(key)
            if i is not None and key in seen:
                errs.append(invalid(index_path(path, i), key, "exists in both matchLabelKeys and labelSelector"))
            seen.add(key)
    mismatch = set(mismatch_keys)
    for i, key in enumerate(match_keys):
        if key in mismatch:
            errs.append(
                invalid(
                    index_path(child_path(path, "matchLabelKeys"), i), key, "exists in both matchLabelKeys and mismatchLabelKeys"
                )
            )
    return errs


def _validate_pod_affinity_term(term: Any, ctx: PodContext, path: str) -> Errors:
    """validatePodAffinityTerm (ValidatePodAffinityTermSelector first)."""
    label_selector = _dict(term, "labelSelector")
    errs = validate_label_selector_dict(label_selector, child_path(path, "labelSelector"))
    errs.extend(validate_label_selector_dict(_dict(term, "namespaceSelector"), child_path(path, "namespaceSelector")))
    for name in _strings(term, "namespaces"):
        # The server reports these at `.namespace`, singular.
        errs.extend(invalid(child_path(path, "namespace"), name, m) for m in name_is_dns_label(name, False))
    if ctx.enabled("MatchLabelKeysInPodAffinity"):
        errs.extend(
            validate_match_label_keys_and_mismatch_label_keys(
                path, _strings(term, "matchLabelKeys"), _strings(term, "mismatchLabelKeys"), label_selector
            )
        )
    topology_key = _str(term, "topologyKey")
    if not topology_key:
        errs.append(required(child_path(path, "topologyKey"), "can not be empty"))
    errs.extend(validate_label_name(topology_key, child_path(path, "topologyKey")))
    return errs


def _validate_pod_affinity_terms(terms: list[Any], ctx: PodContext, path: str) -> Errors:
    errs: Errors = []
    for i, term in enumerate(terms):
        errs.extend(_validate_pod_affinity_term(term, ctx, index_path(path, i)))
    return errs


def _validate_weighted_pod_affinity_terms(terms: list[Any], ctx: PodContext, path: str) -> Errors:
    errs: Errors = []
    for j, term in enumerate(terms):
        weight = _int(term, "weight")
        if weight <= 0 or weight > 100:
            errs.append(invalid(child_path(index_path(path, j), "weight"), weight, WEIGHT_RANGE))
        errs.extend(
            _validate_pod_affinity_term(_dict(term, "podAffinityTerm"), ctx, child_path(index_path(path, j), "podAffinityTerm"))
        )
    return errs


def _validate_pod_affinity(pa: dict[str, Any], ctx: PodContext, path: str) -> Errors:
    """validatePodAffinity / validatePodAntiAffinity (the same checks)."""
    errs: Errors = []
    req = _list(pa, "requiredDuringSchedulingIgnoredDuringExecution")
    errs.extend(_validate_pod_affinity_terms(req, ctx, child_path(path, "requiredDuringSchedulingIgnoredDuringExecution")))
    pref = _list(pa, "preferredDuringSchedulingIgnoredDuringExecution")
    errs.extend(
        _validate_weighted_pod_affinity_terms(pref, ctx, child_path(path, "preferredDuringSchedulingIgnoredDuringExecution"))
    )
    return errs


def validate_affinity(affinity: dict[str, Any] | None, path: str, ctx: PodContext) -> Errors:
    """validateAffinity: node affinity, pod affinity and pod anti-affinity."""
    if not isinstance(affinity, dict):
        return []
    errs: Errors = []
    na = _dict(affinity, "nodeAffinity")
    if na is not None:
        errs.extend(_validate_node_affinity(na, ctx, child_path(path, "nodeAffinity")))
    pa = _dict(affinity, "podAffinity")
    if pa is not None:
        errs.extend(_validate_pod_affinity(pa, ctx, child_path(path, "podAffinity")))
    paa = _dict(affinity, "podAntiAffinity")
    if paa is not None:
        errs.extend(_validate_pod_affinity(paa, ctx, child_path(path, "podAntiAffinity")))
    return errs


# ---------------------------------------------------------------------------------------------
# Tolerations.


def validate_tolerations(tolerations: list[dict[str, Any]] | None, path: str, ctx: PodContext) -> Errors:
    """ValidateTolerations. The Gt/Lt operators (TaintTolerationComparisonOperators) are alpha,
    off by default, in every release joblint targets, so only Equal and Exists are served."""
    errs: Errors = []
    if not isinstance(tolerations, list):
        return errs
    for i, tol in enumerate(tolerations):
        if not isinstance(tol, dict):
            continue
        p = index_path(path, i)
        key = _str(tol, "key")
        op = _str(tol, "operator")
        value = _str(tol, "value")
        effect = _str(tol, "effect")
        if key:
            errs.extend(validate_label_name(key, child_path(p, "key")))
        if not key and op != "Exists":
            errs.append(
                invalid(
                    child_path(p, "operator"),
                    op,
                    'operator must be Exists when `key` is empty, which means "match all values and all keys"',
                )
            )
        if tol.get("tolerationSeconds") is not None and effect != "NoExecute":
            errs.append(invalid(child_path(p, "effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"))
        if op in ("Equal", ""):
            msgs = is_valid_label_value(value)
            if msgs:
                errs.append(invalid(child_path(p, "operator"), value, ";".join(msgs)))
        elif op == "Exists":
            if value:
                errs.append(invalid(child_path(p, "operator"), value, "value must be empty when `operator` is 'Exists'"))
        else:
            errs.append(not_supported(child_path(p, "operator"), op, TOLERATION_OPERATORS))
        if effect and effect not in TAINT_EFFECTS:
            errs.append(not_supported(child_path(p, "effect"), effect, TAINT_EFFECTS))
    return errs


# ---------------------------------------------------------------------------------------------
# Topology spread constraints.


def _validate_match_label_keys_in_topology_spread(path: str, keys: list[str], selector: dict[str, Any] | None) -> Errors:
    """ValidateMatchLabelKeysInTopologySpread (the rule before MatchLabelKeysInPodTopologySpreadSelectorMerge)."""
    if not keys:
        return []
    errs: Errors = []
    if selector is None:
        errs.append(forbidden(path, "must not be specified when labelSelector is not set"))
        selector_keys: set[str] = set()
    else:
        label_keys, expr_keys = _selector_keys(selector)
        selector_keys = set(label_keys) | set(expr_keys)
    for i, key in enumerate(keys):
        errs.extend(validate_label_name(key, index_path(path, i)))
        if key in selector_keys:
            errs.append(invalid(index_path(path, i), key, "exists in both matchLabelKeys and labelSelector"))
    return errs


def validate_topology_spread_constraints(
    constraints: list[dict[str, Any]] | None, path: str, ctx: PodContext
) -> Errors:
    """validateTopologySpreadConstraints."""
    errs: Errors = []
    if not isinstance(constraints, list):
        return errs
    items = [c if isinstance(c, dict) else {} for c in constraints]
    for i, c in enumerate(items):
        p = index_path(path, i)
        max_skew = _int(c, "maxSkew")
        if max_skew <= 0:
            errs.append(invalid(child_path(p, "maxSkew"), max_skew, IS_NOT_POSITIVE))
        topology_key = _str(c, "topologyKey")
        if not topology_key:
            errs.append(required(child_path(p, "topologyKey"), "can not be empty"))
        action = _str(c, "whenUnsatisfiable")
        if action not in WHEN_UNSATISFIABLE:
            errs.append(not_supported(child_path(p, "whenUnsatisfiable"), action, WHEN_UNSATISFIABLE))
        # ValidateSpreadConstraintNotRepeat: {topologyKey, whenUnsatisfiable} names one constraint.
        for other in items[i + 1 :]:
            if _str(other, "topologyKey") == topology_key and _str(other, "whenUnsatisfiable") == action:
                errs.append(
                    duplicate(child_path(p, "{topologyKey, whenUnsatisfiable}"), f"{{{topology_key}, {action}}}")
                )
                break
        min_domains = c.get("minDomains")
        if isinstance(min_domains, int) and not isinstance(min_domains, bool):
            md_path = child_path(p, "minDomains")
            if min_domains <= 0:
                errs.append(invalid(md_path, min_domains, IS_NOT_POSITIVE))
            if action != "DoNotSchedule":
                errs.append(
                    invalid(md_path, min_domains, f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}")
                )
        for policy_field in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            policy = c.get(policy_field)
            if isinstance(policy, str) and policy not in NODE_INCLUSION_POLICIES:
                errs.append(not_supported(child_path(p, policy_field), policy, NODE_INCLUSION_POLICIES))
        selector = _dict(c, "labelSelector")
        match_keys = _strings(c, "matchLabelKeys")
        if ctx.enabled("MatchLabelKeysInPodTopologySpreadSelectorMerge"):
            errs.extend(validate_match_label_keys_and_mismatch_label_keys(p, match_keys, [], selector))
        else:
            errs.extend(_validate_match_label_keys_in_topology_spread(child_path(p, "matchLabelKeys"), match_keys, selector))
        errs.extend(validate_label_selector_dict(selector, child_path(p, "labelSelector")))
    return errs
