"""JL3xx: across the documents of one run (names, and labels other workloads select)."""

from __future__ import annotations

from typing import Any, Iterable

from ..engine import DocSummary, Hit
from ..fieldpath import value_at
from .labels import selector_matches, user_labels

BATCH = ("Job", "CronJob")
# Kinds whose controllers own pods through a label selector.
WORKLOADS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController", "Job", "CronJob")
JOB_LABELS = ("spec", "template", "metadata", "labels")
CRONJOB_LABELS = ("spec", "jobTemplate", "spec", "template", "metadata", "labels")


def _where(doc: DocSummary) -> str:
    line, _ = doc.locate(("metadata", "name"))
    return f"{doc.file}:{line}"


def duplicate_name(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    across_files = bool(options.get("across-files", False))
    first: dict[tuple[Any, ...], DocSummary] = {}
    for doc in docs:
        if doc.kind not in BATCH or not doc.name:
            continue
        key = (doc.kind, doc.namespace, doc.name) + (() if across_files else (doc.file,))
        earlier = first.get(key)
        if earlier is None:
            first[key] = doc
            continue
        yield doc, Hit(
            f"{doc.kind} {doc.namespace}/{doc.name} is also defined at {_where(earlier)}: applied "
            f"together, the later one overwrites the first (and for a Job whose pod template differs "
            f"the update is refused, as a Job's template cannot change)",
            ("metadata", "name"),
        )


def _template_labels(doc: DocSummary) -> tuple[dict[str, str], tuple[str, ...]]:
    path = CRONJOB_LABELS if doc.kind == "CronJob" else JOB_LABELS
    return user_labels(value_at(doc.data, path)), path


def _selector(doc: DocSummary) -> Any:
    """The selector a workload's controller uses to find its pods (None: only its own pods)."""
    if doc.kind == "CronJob":
        return None
    if doc.kind == "Job" and value_at(doc.data, ("spec", "manualSelector")) is not True:
        return None  # generated: this Job's uid only
    return value_at(doc.data, ("spec", "selector"))


def _describe_selector(selector: Any) -> str:
    if not isinstance(selector, dict):
        return str(selector)
    if "matchLabels" not in selector and "matchExpressions" not in selector:
        return ",".join(f"{k}={v}" for k, v in selector.items())
    match_labels = selector.get("matchLabels")
    parts = [f"{k}={v}" for k, v in match_labels.items()] if isinstance(match_labels, dict) else []
    expressions = selector.get("matchExpressions")
    for expr in expressions if isinstance(expressions, list) else []:
        if isinstance(expr, dict):
            values = ",".join(str(v) for v in expr.get("values") or [])
            parts.append(f"{expr.get('key')} {expr.get('operator')} ({values})" if values else f"{expr.get('operator')} {expr.get('key')}")
    return ", ".join(parts)


def _required_pairs(selector: Any) -> list[tuple[str, str]]:
    """Label pairs every selected pod must carry (an index key); empty when none are required."""
    if not isinstance(selector, dict):
        return []
    pairs = selector if "matchLabels" not in selector and "matchExpressions" not in selector else selector.get("matchLabels")
    if not isinstance(pairs, dict):
        return []
    return [(k, v) for k, v in pairs.items() if isinstance(k, str) and isinstance(v, str)]


def selector_overlap(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    by_namespace: dict[str, list[DocSummary]] = {}
    for doc in docs:
        if doc.kind in WORKLOADS and isinstance(doc.data, dict):
            by_namespace.setdefault(doc.namespace, []).append(doc)
    for group in by_namespace.values():
        yield from _overlaps_in_namespace(group)


def _overlaps_in_namespace(group: list[DocSummary]) -> Iterable[tuple[DocSummary, Hit]]:
    # Indexed by label pair, so a large repository is not compared pairwise: a selector is only
    # tried on the workloads whose pod labels carry all of its matchLabels.
    labels = [_template_labels(doc) for doc in group]
    selectors = [_selector(doc) for doc in group]
    index: dict[tuple[str, str], set[int]] = {}
    for i, (pod_labels, _) in enumerate(labels):
        for pair in pod_labels.items():
            index.setdefault(pair, set()).add(i)
    everyone = set(range(len(group)))

    def selected(selector: Any) -> set[int]:
        pairs = _required_pairs(selector)
        candidates = set.intersection(*(index.get(p, set()) for p in pairs)) if pairs else everyone
        return {i for i in candidates if labels[i][0] and selector_matches(selector, labels[i][0])}

    selected_by: dict[int, set[int]] = {}
    selects: dict[int, set[int]] = {}
    for j, selector in enumerate(selectors):
        if selector is None:
            continue
        chosen = selected(selector) - {j}
        selects[j] = chosen
        for i in chosen:
            selected_by.setdefault(i, set()).add(j)
    for i, doc in enumerate(group):
        if doc.kind not in BATCH:
            continue
        labels_path = labels[i][1]
        own_selector = selectors[i]
        for j in sorted(selected_by.get(i, set()) | selects.get(i, set())):
            other = group[j]
            who = f"{other.kind} {other.name or '(unnamed)'} ({_where(other)})"
            if j in selected_by.get(i, ()):
                yield doc, Hit(
                    f"the pod labels of this {doc.kind} are selected by {who} "
                    f"(selector {_describe_selector(selectors[j])}): two controllers with "
                    f"overlapping selectors may count, adopt or delete each other's pods",
                    labels_path,
                )
            else:
                yield doc, Hit(
                    f"the manual selector of this Job ({_describe_selector(own_selector)}) selects "
                    f"the pods of {who}: the Job counts them as its own and may delete them",
                    ("spec", "selector"),
                )
