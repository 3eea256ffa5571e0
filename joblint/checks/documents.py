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
        return ", ".join(f"{k}={v}" for k, v in selector.items())
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


def _namespaces(docs: list[DocSummary]) -> dict[str, list[DocSummary]]:
    by_namespace: dict[str, list[DocSummary]] = {}
    for doc in docs:
        if isinstance(doc.data, dict) and doc.kind:
            by_namespace.setdefault(doc.namespace, []).append(doc)
    return by_namespace


class _PodLabels:
    """The pod labels of some workloads of one namespace, indexed by label pair, so that a large
    repository is not compared pairwise: a selector is only tried on the workloads whose pod labels
    carry all of its matchLabels."""

    def __init__(self, docs: list[DocSummary]) -> None:
        self.docs = docs
        self.labels = [_template_labels(doc) for doc in docs]
        self.index: dict[tuple[str, str], set[int]] = {}
        for i, (pod_labels, _) in enumerate(self.labels):
            for pair in pod_labels.items():
                self.index.setdefault(pair, set()).add(i)
        self.everyone = set(range(len(docs)))

    def selected(self, selector: Any, other: DocSummary) -> list[int]:
        """The workloads whose pods `selector` (of `other`) selects, `other` itself left out."""
        pairs = _required_pairs(selector)
        candidates = set.intersection(*(self.index.get(p, set()) for p in pairs)) if pairs else self.everyone
        return sorted(
            i
            for i in candidates
            if self.docs[i] is not other and self.labels[i][0] and selector_matches(selector, self.labels[i][0])
        )


def _who(doc: DocSummary) -> str:
    return f"{doc.kind} {doc.name or '(unnamed)'} ({_where(doc)})"


def _selected_jobs(
    docs: list[DocSummary], kinds: tuple[str, ...], selector_of: Any, for_workload: bool = False
) -> Iterable[tuple[DocSummary, DocSummary, Any, DocSummary | None]]:
    """(Job or CronJob, the object of `kinds` whose selector selects its pods, that selector, the
    first Deployment-like workload it selects as well). With `for_workload`, only objects that also
    select a workload's pods are reported: a Service, budget or policy that selects only a Job's
    pods was written for that Job (say the headless Service of an Indexed Job's `subdomain`)."""
    for group in _namespaces(docs).values():
        batch = [doc for doc in group if doc.kind in BATCH]
        if not batch:
            continue
        pods = _PodLabels(batch)
        workloads = _PodLabels([doc for doc in group if doc.kind in WORKLOADS and doc.kind not in BATCH])
        for other in group:
            if other.kind not in kinds:
                continue
            selector = selector_of(other)
            if selector is None:
                continue
            chosen = pods.selected(selector, other)
            if not chosen:
                continue
            meant = workloads.selected(selector, other)
            if for_workload and not meant:
                continue
            for i in chosen:
                yield batch[i], other, selector, workloads.docs[meant[0]] if meant else None


# --- JL301: Jobs with a manual selector ------------------------------------------------------------


def selector_overlap(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    """A Job's manual selector over other pods, and a Job's pods under another Job's manual selector."""
    for group in _namespaces(docs).values():
        workloads = [doc for doc in group if doc.kind in WORKLOADS]
        manual = [j for j, doc in enumerate(workloads) if doc.kind == "Job" and _selector(doc) is not None]
        if not manual:
            continue
        pods = _PodLabels(workloads)
        selects: dict[int, list[int]] = {}
        selected_by: dict[int, list[int]] = {}
        for j in manual:
            selects[j] = pods.selected(_selector(workloads[j]), workloads[j])
            for i in selects[j]:
                selected_by.setdefault(i, []).append(j)
        for i, doc in enumerate(workloads):
            if doc.kind not in BATCH:
                continue
            for j in sorted(set(selected_by.get(i, ())) | set(selects.get(i, ()))):
                other = workloads[j]
                if j in selected_by.get(i, ()):
                    yield doc, Hit(
                        f"the pod labels of this {doc.kind} are selected by the manual selector of "
                        f"{_who(other)}, {_describe_selector(_selector(other))}: the Job documentation warns "
                        f"that a manual selector that is not unique makes that Job count or delete pods "
                        f"that are not its own; it adopts only pods that no controller owns, so these pods "
                        f"are exposed once orphaned (their Job deleted with --cascade=orphan), and `kubectl "
                        f"logs job/{other.name}` may show one of them",
                        pods.labels[i][1],
                    )
                else:
                    yield doc, Hit(
                        f"the manual selector of this Job ({_describe_selector(_selector(doc))}) also selects "
                        f"the pods of {_who(other)}: the Job documentation warns that a manual selector that "
                        f"is not unique makes the Job count or delete pods that are not its own; the Job "
                        f"adopts only pods that no controller owns (orphaned ones, pods made by hand), and "
                        f"`kubectl logs job/{doc.name}` may show one of the other pods",
                        ("spec", "selector"),
                    )


# --- JL302-JL305: other kinds of objects that select a Job's pods -----------------------------------


def selected_by_workload(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    """JL302: a Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController selects them."""
    kinds = tuple(k for k in WORKLOADS if k not in BATCH)
    for job, other, selector, _ in _selected_jobs(docs, kinds, _selector):
        yield job, Hit(
            f"the pod labels of this {job.kind} are selected by {_who(other)} "
            f"with selector {_describe_selector(selector)}: the {other.kind} does not adopt them (controllers adopt "
            f"only pods that no controller owns), but whatever finds its pods by that selector takes "
            f"this {job.kind}'s pods for its own: `kubectl logs`, `exec` and `port-forward` on "
            f"{(other.kind or '').lower()}/{other.name} pick one pod by it, `kubectl get pods -l` lists them "
            f"together, and a HorizontalPodAutoscaler scaling the {other.kind} averages the metrics of "
            f"every pod it matches",
            _template_labels(job)[1],
        )


def _service_selector(doc: DocSummary) -> Any:
    selector = value_at(doc.data, ("spec", "selector"))
    return selector if isinstance(selector, dict) and selector else None


def selected_by_service(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    """JL303: a Service's selector matches the Job's pods: they become its endpoints."""
    for job, other, selector, meant in _selected_jobs(docs, ("Service",), _service_selector, for_workload=True):
        yield job, Hit(
            f"the pod labels of this {job.kind} are selected by {_who(other)} "
            f"with selector {_describe_selector(selector)}, which serves the pods of {_who(meant) if meant is not None else 'a workload'}: while "
            f"a pod of this {job.kind} is Ready (with no readiness probe, as soon as its containers run) "
            f"it is an endpoint of the Service too, and gets a share of the Service's traffic",
            _template_labels(job)[1],
        )


def _pdb_selector(doc: DocSummary) -> Any:
    selector = value_at(doc.data, ("spec", "selector"))
    return selector if isinstance(selector, dict) and selector else None


def selected_by_disruption_budget(
    docs: list[DocSummary], version: str, options: dict[str, Any]
) -> Iterable[tuple[DocSummary, Hit]]:
    """JL304: a PodDisruptionBudget counts the Job's pods (pkg/controller/disruption, getExpectedPodCount)."""
    for job, other, selector, meant in _selected_jobs(
        docs, ("PodDisruptionBudget",), _pdb_selector, for_workload=True
    ):
        head = (
            f"the pod labels of this {job.kind} are selected by {_who(other)} "
            f"with selector {_describe_selector(selector)}, which protects the pods of {_who(meant) if meant is not None else 'a workload'}: "
            f"the budget counts this {job.kind}'s pods too, finished ones until they are deleted; "
        )
        min_available = value_at(other.data, ("spec", "minAvailable"))
        max_unavailable = value_at(other.data, ("spec", "maxUnavailable"))
        if max_unavailable is not None or isinstance(min_available, str):
            budget = (
                f"maxUnavailable {max_unavailable}" if max_unavailable is not None else f"minAvailable {min_available}"
            )
            tail = (
                f"with {budget} the disruption controller needs the scale of each pod's controller, "
                f"which a Job does not have, so while such a pod exists the budget fails to sync and "
                f"allows no disruption: every eviction of the pods it protects (a node drain, a "
                f"cluster autoscaler scale-down) is refused"
            )
        else:
            tail = (
                f"a running pod of this {job.kind} counts as healthy toward minAvailable "
                f"{min_available if min_available is not None else '(unset)'}, so the budget can let "
                f"one of the pods it is meant to protect be evicted while the {job.kind} runs"
            )
        yield job, Hit(head + tail, _template_labels(job)[1])


def _egress_policy_selector(doc: DocSummary) -> Any:
    """A NetworkPolicy's pod selector, when the policy restricts egress (policyTypes has Egress, or
    is unset and egress rules are written); an empty selector (every pod of the namespace, a
    namespace-wide default) is not about the Job's labels and is left out."""
    types = value_at(doc.data, ("spec", "policyTypes"))
    restricts_egress = "Egress" in types if isinstance(types, list) else value_at(doc.data, ("spec", "egress")) is not None
    if not restricts_egress:
        return None
    selector = value_at(doc.data, ("spec", "podSelector"))
    return selector if isinstance(selector, dict) and selector else None


def selected_by_network_policy(
    docs: list[DocSummary], version: str, options: dict[str, Any]
) -> Iterable[tuple[DocSummary, Hit]]:
    """JL305: a NetworkPolicy that restricts egress applies to the Job's pods."""
    for job, other, selector, meant in _selected_jobs(
        docs, ("NetworkPolicy",), _egress_policy_selector, for_workload=True
    ):
        yield job, Hit(
            f"the pod labels of this {job.kind} are selected by {_who(other)} "
            f"with selector {_describe_selector(selector)}, which also selects the pods of {_who(meant) if meant is not None else 'a workload'}: "
            f"the policy restricts egress and applies to this {job.kind}'s pods too, so they may open "
            f"only the connections its egress rules allow",
            _template_labels(job)[1],
        )
