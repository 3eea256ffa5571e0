"""JL3xx: across the documents of one run (names, and labels other workloads select).

Each object gets at most one finding per rule, however many others are involved: the message
names the first few and how many more there are, and the finding carries the first
RELATED_LIMIT of them as related objects (JSON `related`, SARIF `relatedLocations`). Selectors
are matched once per distinct selector, so a shared label or a broad manual selector over
thousands of workloads costs time and output in proportion to the documents, not their pairs.
"""

from __future__ import annotations

import heapq
import json
from typing import Any, Callable, Iterable

from ..engine import RELATED_LIMIT, DocSummary, Hit
from ..fieldpath import value_at
from .labels import selector_matches, user_labels

BATCH = ("Job", "CronJob")
# Kinds whose controllers own pods through a label selector.
WORKLOADS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController", "Job", "CronJob")
JOB_LABELS = ("spec", "template", "metadata", "labels")
CRONJOB_LABELS = ("spec", "jobTemplate", "spec", "template", "metadata", "labels")
# Other objects a message names before "and N more".
NAMED_IN_MESSAGE = 3


def _where(doc: DocSummary) -> str:
    line, _ = doc.locate(("metadata", "name"))
    return f"{doc.file}:{line}"


def _who(doc: DocSummary) -> str:
    return f"{doc.kind} {doc.name or '(unnamed)'} ({_where(doc)})"


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else f"{count} {noun}s"


def _listed(docs: list[DocSummary], count: int) -> str:
    """The first few of `count` objects by name and place, and how many more there are."""
    shown = docs[:NAMED_IN_MESSAGE]
    names = ", ".join(_who(d) for d in shown)
    rest = count - len(shown)
    return f"{names} and {rest} more" if rest > 0 else names


def _and_more(first: list[DocSummary], count: int, noun: str) -> str:
    """` (and by 3 more Services: ...)` after the first of `count` objects a message names."""
    if count < 2:
        return ""
    return f" (and by {_plural(count - 1, noun)}: {_listed(first[1:], count - 1)})"


def duplicate_name(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    across_files = bool(options.get("across-files", False))
    groups: dict[tuple[Any, ...], list[DocSummary]] = {}
    for doc in docs:
        if doc.kind not in BATCH or not doc.name:
            continue
        key = (doc.kind, doc.namespace, doc.name) + (() if across_files else (doc.file,))
        groups.setdefault(key, []).append(doc)
    for group in groups.values():
        if len(group) < 2:
            continue
        first = group[0]
        others = f" and {_plural(len(group) - 2, 'more time')}" if len(group) > 2 else ""
        for doc in group[1:]:
            # Each later definition names the first; all the others travel as related objects.
            related = [d for d in group[: RELATED_LIMIT + 1] if d is not doc][:RELATED_LIMIT]
            yield doc, Hit(
                f"{doc.kind} {doc.namespace}/{doc.name} is also defined at {_where(first)}{others}: applied "
                f"together, the later one overwrites the first (and for a Job whose pod template differs "
                f"the update is refused, as a Job's template cannot change)",
                ("metadata", "name"),
                related=tuple(related),
                related_count=len(group) - 1,
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

    def selected(self, selector: Any) -> list[int]:
        """The workloads whose pods `selector` selects, in document order."""
        pairs = _required_pairs(selector)
        candidates = set.intersection(*(self.index.get(p, set()) for p in pairs)) if pairs else self.everyone
        return sorted(i for i in candidates if self.labels[i][0] and selector_matches(selector, self.labels[i][0]))


def _selector_key(selector: Any) -> str:
    return json.dumps(selector, sort_keys=True, default=str)


class _SelectedBy:
    """Which owners' selectors select each workload of `pods`, matched once per distinct selector:
    a thousand Jobs that share one manual selector cost one match, and what a workload learns is
    a count and the first few owners, so nothing here grows with the product of the two."""

    def __init__(self, pods: _PodLabels, owners: list[DocSummary], selector_of: Callable[[DocSummary], Any]) -> None:
        self.pods = pods
        self.owners = owners
        keys: dict[str, int] = {}
        self.members: list[list[int]] = []  # per distinct selector: the owners that have it
        self.chosen: list[list[int]] = []  # per distinct selector: the workloads it selects
        self.group_of: dict[int, int] = {}  # id(owner) -> the group of its selector
        for n, owner in enumerate(owners):
            selector = selector_of(owner)
            key = _selector_key(selector)
            g = keys.get(key)
            if g is None:
                g = keys[key] = len(self.members)
                self.members.append([])
                self.chosen.append(pods.selected(selector))
            self.members[g].append(n)
            self.group_of[id(owner)] = g
        self.hits: dict[int, list[int]] = {}  # workload -> the groups whose selector selects it
        for g, chosen in enumerate(self.chosen):
            for i in chosen:
                self.hits.setdefault(i, []).append(g)
        self._chosen_sets: dict[int, set[int]] = {}

    def chosen_set(self, g: int) -> set[int]:
        found = self._chosen_sets.get(g)
        if found is None:
            found = self._chosen_sets[g] = set(self.chosen[g])
        return found

    def count(self, i: int) -> int:
        """How many owners, workload `i` itself left out, select its pods."""
        groups = self.hits.get(i, ())
        total = sum(len(self.members[g]) for g in groups)
        own = self.group_of.get(id(self.pods.docs[i]))
        return total - (1 if own is not None and own in groups else 0)

    def first(self, i: int, limit: int) -> list[DocSummary]:
        """The first `limit` of those owners, in document order."""
        me = self.pods.docs[i]
        out: list[DocSummary] = []
        for n in heapq.merge(*(self.members[g] for g in self.hits.get(i, ()))):
            if self.owners[n] is not me:
                out.append(self.owners[n])
                if len(out) == limit:
                    break
        return out


# One run's index by namespace, kept while the next rule checks the same list of documents.
_INDEX: dict[str, tuple[list[DocSummary], int, Any]] = {}


def _namespace_index(docs: list[DocSummary]) -> list[tuple[list[DocSummary], _PodLabels | None, _PodLabels]]:
    """Per namespace: its objects, the pod labels of its Jobs and CronJobs (None when it has
    none) and those of its other workloads; built once per run for JL301-JL305."""
    cached = _INDEX.get("index")
    if cached is not None and cached[0] is docs and cached[1] == len(docs):
        return cached[2]  # type: ignore[no-any-return]
    out = []
    for group in _namespaces(docs).values():
        batch = [doc for doc in group if doc.kind in BATCH]
        others = [doc for doc in group if doc.kind in WORKLOADS and doc.kind not in BATCH]
        out.append((group, _PodLabels(batch) if batch else None, _PodLabels(others)))
    _INDEX["index"] = (docs, len(docs), out)
    return out


def _selected_jobs(
    docs: list[DocSummary], kinds: tuple[str, ...], selector_of: Callable[[DocSummary], Any], for_workload: bool = False
) -> Iterable[tuple[DocSummary, list[DocSummary], int, DocSummary | None]]:
    """(Job or CronJob, the first objects of `kinds` whose selector selects its pods, how many
    do, the first Deployment-like workload the first of them selects as well). With
    `for_workload`, only objects that also select a workload's pods count: a Service, budget or
    policy that selects only a Job's pods was written for that Job (say the headless Service of
    an Indexed Job's `subdomain`)."""
    for group, pods, workloads in _namespace_index(docs):
        if pods is None:
            continue
        owners = [doc for doc in group if doc.kind in kinds and selector_of(doc) is not None]
        meant: dict[str, list[int]] = {}
        for owner in owners:
            key = _selector_key(selector_of(owner))
            if key not in meant:
                meant[key] = workloads.selected(selector_of(owner))[:1]
        if for_workload:
            owners = [owner for owner in owners if meant[_selector_key(selector_of(owner))]]
        if not owners:
            continue
        selected_by = _SelectedBy(pods, owners, selector_of)
        for i in sorted(selected_by.hits):
            count = selected_by.count(i)
            if not count:
                continue
            first = selected_by.first(i, RELATED_LIMIT)
            chosen = meant[_selector_key(selector_of(first[0]))]
            yield pods.docs[i], first, count, workloads.docs[chosen[0]] if chosen else None


# --- JL301: Jobs with a manual selector ------------------------------------------------------------


def selector_overlap(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    """A Job's pods under other Jobs' manual selectors (reported at its pod labels), else a Job's
    manual selector over other workloads' pods (reported at the selector): one finding per
    object, whichever number of others is involved."""
    for group, _, _ in _namespace_index(docs):
        workloads = [doc for doc in group if doc.kind in WORKLOADS]
        manual = [doc for doc in workloads if doc.kind == "Job" and _selector(doc) is not None]
        if not manual:
            continue
        pods = _PodLabels(workloads)
        selected_by = _SelectedBy(pods, manual, _selector)
        position = {id(doc): i for i, doc in enumerate(workloads)}
        manual_at = [position[id(doc)] for doc in manual]
        overlap: dict[tuple[int, int], int] = {}  # (group g, group h) -> owners of g that h selects
        for i, doc in enumerate(workloads):
            if doc.kind not in BATCH:
                continue
            by_count = selected_by.count(i)
            own = selected_by.group_of.get(id(doc))
            mine = selected_by.chosen[own] if own is not None else []
            selects_self = own is not None and i in selected_by.chosen_set(own)
            selects = len(mine) - int(selects_self)
            if not by_count and not selects:
                continue
            first_selected = [workloads[w] for w in mine[: RELATED_LIMIT + 1] if w != i][:RELATED_LIMIT]
            # Workloads that this Job's selector selects and whose selector selects it back.
            both = 0
            if by_count and selects and own is not None:
                chosen = selected_by.chosen_set(own)
                for g in selected_by.hits.get(i, ()):
                    if (g, own) not in overlap:
                        overlap[(g, own)] = sum(1 for n in selected_by.members[g] if manual_at[n] in chosen)
                    both += overlap[(g, own)]
                both -= int(selects_self and own in selected_by.hits.get(i, ()))
            first_by = selected_by.first(i, RELATED_LIMIT)
            related = _merge(first_by, first_selected, position)
            count = by_count + selects - both
            if by_count:
                other = first_by[0]
                more = (
                    f" (and by the manual selectors of {_plural(by_count - 1, 'more Job')}: {_listed(first_by[1:], by_count - 1)})"
                    if by_count > 1
                    else ""
                )
                also = selects - both
                tail = (
                    f"; this Job's own manual selector ({_describe_selector(_selector(doc))}) also selects the pods "
                    f"of {_plural(also, 'other workload')}"
                    if also > 0
                    else ""
                )
                yield doc, Hit(
                    f"the pod labels of this {doc.kind} are selected by the manual selector of "
                    f"{_who(other)}, {_describe_selector(_selector(other))}{more}: the Job documentation warns "
                    f"that a manual selector that is not unique makes that Job count or delete pods "
                    f"that are not its own; it adopts only pods that no controller owns, so these pods "
                    f"are exposed once orphaned (their Job deleted with --cascade=orphan), and `kubectl "
                    f"logs job/{other.name}` may show one of them{tail}",
                    pods.labels[i][1],
                    related=tuple(related),
                    related_count=count,
                )
            else:
                more = (
                    f" (and of {_plural(selects - 1, 'more workload')}: {_listed(first_selected[1:], selects - 1)})"
                    if selects > 1
                    else ""
                )
                yield doc, Hit(
                    f"the manual selector of this Job ({_describe_selector(_selector(doc))}) also selects "
                    f"the pods of {_who(first_selected[0])}{more}: the Job documentation warns that a manual "
                    f"selector that is not unique makes the Job count or delete pods that are not its own; the "
                    f"Job adopts only pods that no controller owns (orphaned ones, pods made by hand), and "
                    f"`kubectl logs job/{doc.name}` may show one of the other pods",
                    ("spec", "selector"),
                    related=tuple(related),
                    related_count=count,
                )


def _merge(a: list[DocSummary], b: list[DocSummary], position: dict[int, int]) -> list[DocSummary]:
    """Two lists of objects merged in document order without repeats; the first RELATED_LIMIT."""
    seen: set[int] = set()
    out = []
    for doc in sorted(a + b, key=lambda d: position[id(d)]):
        if id(doc) not in seen:
            seen.add(id(doc))
            out.append(doc)
    return out[:RELATED_LIMIT]


# --- JL302-JL305: other kinds of objects that select a Job's pods -----------------------------------


def selected_by_workload(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    """JL302: a Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController selects them."""
    kinds = tuple(k for k in WORKLOADS if k not in BATCH)
    for job, first, count, _ in _selected_jobs(docs, kinds, _selector):
        other, selector = first[0], _selector(first[0])
        yield job, Hit(
            f"the pod labels of this {job.kind} are selected by {_who(other)} "
            f"with selector {_describe_selector(selector)}{_and_more(first, count, 'more workload')}: the {other.kind} does not adopt them (controllers adopt "
            f"only pods that no controller owns), but whatever finds its pods by that selector takes "
            f"this {job.kind}'s pods for its own: `kubectl logs`, `exec` and `port-forward` on "
            f"{(other.kind or '').lower()}/{other.name} pick one pod by it, `kubectl get pods -l` lists them "
            f"together, and a HorizontalPodAutoscaler scaling the {other.kind} averages the metrics of "
            f"every pod it matches",
            _template_labels(job)[1],
            related=tuple(first),
            related_count=count,
        )


def _service_selector(doc: DocSummary) -> Any:
    selector = value_at(doc.data, ("spec", "selector"))
    return selector if isinstance(selector, dict) and selector else None


def selected_by_service(docs: list[DocSummary], version: str, options: dict[str, Any]) -> Iterable[tuple[DocSummary, Hit]]:
    """JL303: a Service's selector matches the Job's pods: they become its endpoints."""
    for job, first, count, meant in _selected_jobs(docs, ("Service",), _service_selector, for_workload=True):
        other, selector = first[0], _service_selector(first[0])
        yield job, Hit(
            f"the pod labels of this {job.kind} are selected by {_who(other)} "
            f"with selector {_describe_selector(selector)}{_and_more(first, count, 'more Service')}, which serves the pods of {_who(meant) if meant is not None else 'a workload'}: while "
            f"a pod of this {job.kind} is Ready (with no readiness probe, as soon as its containers run) "
            f"it is an endpoint of the Service too, and gets a share of the Service's traffic",
            _template_labels(job)[1],
            related=tuple(first),
            related_count=count,
        )


def _pdb_selector(doc: DocSummary) -> Any:
    selector = value_at(doc.data, ("spec", "selector"))
    return selector if isinstance(selector, dict) and selector else None


def selected_by_disruption_budget(
    docs: list[DocSummary], version: str, options: dict[str, Any]
) -> Iterable[tuple[DocSummary, Hit]]:
    """JL304: a PodDisruptionBudget counts the Job's pods (pkg/controller/disruption, getExpectedPodCount)."""
    for job, first, count, meant in _selected_jobs(
        docs, ("PodDisruptionBudget",), _pdb_selector, for_workload=True
    ):
        other, selector = first[0], _pdb_selector(first[0])
        head = (
            f"the pod labels of this {job.kind} are selected by {_who(other)} "
            f"with selector {_describe_selector(selector)}{_and_more(first, count, 'more PodDisruptionBudget')}, which protects the pods of {_who(meant) if meant is not None else 'a workload'}: "
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
        yield job, Hit(head + tail, _template_labels(job)[1], related=tuple(first), related_count=count)


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
    for job, first, count, meant in _selected_jobs(
        docs, ("NetworkPolicy",), _egress_policy_selector, for_workload=True
    ):
        other, selector = first[0], _egress_policy_selector(first[0])
        yield job, Hit(
            f"the pod labels of this {job.kind} are selected by {_who(other)} "
            f"with selector {_describe_selector(selector)}{_and_more(first, count, 'more NetworkPolicy')}, which also selects the pods of {_who(meant) if meant is not None else 'a workload'}: "
            f"the policy restricts egress and applies to this {job.kind}'s pods too, so they may open "
            f"only the connections its egress rules allow",
            _template_labels(job)[1],
            related=tuple(first),
            related_count=count,
        )
