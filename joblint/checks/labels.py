"""Pod labels and label selectors, as plain data: what the cross-document rules compare across
workloads of every kind (so this needs no typed model)."""

from __future__ import annotations

from typing import Any

# Label keys the Job registry and controller own on a Job's pods.
GENERATED_LABEL_KEYS = (
    "job-name",
    "controller-uid",
    "batch.kubernetes.io/job-name",
    "batch.kubernetes.io/controller-uid",
)
GENERATED_LABEL_PREFIX = "batch.kubernetes.io/"


def is_generated_label(key: str) -> bool:
    return key in GENERATED_LABEL_KEYS or key.startswith(GENERATED_LABEL_PREFIX)


def user_labels(labels: Any) -> dict[str, str]:
    """The labels of a pod template without those the Job registry and controller own."""
    if not isinstance(labels, dict):
        return {}
    return {str(k): str(v) for k, v in labels.items() if isinstance(k, str) and not is_generated_label(k)}


def selector_matches(selector: Any, labels: dict[str, str]) -> bool:
    """Whether a label selector (LabelSelector dict, or a ReplicationController's plain map)
    selects these labels. An empty or absent selector selects nothing here: workloads are
    required to have a non-empty one, and an empty one is not what anyone means to compare."""
    if not isinstance(selector, dict) or not selector:
        return False
    if "matchLabels" not in selector and "matchExpressions" not in selector:
        return all(isinstance(k, str) and isinstance(v, str) and labels.get(k) == v for k, v in selector.items())
    match_labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    if not isinstance(match_labels, dict) or not isinstance(expressions, list):
        return False
    if not match_labels and not expressions:
        return False
    for key, value in match_labels.items():
        if not isinstance(key, str) or labels.get(key) != value:
            return False
    for expr in expressions:
        key = expr.get("key") if isinstance(expr, dict) else None
        if not isinstance(expr, dict) or not isinstance(key, str):
            return False
        op, values = expr.get("operator"), expr.get("values") or []
        if not isinstance(values, list):
            return False
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
        if op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return False
    return True
