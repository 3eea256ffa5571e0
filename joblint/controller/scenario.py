"""Scenarios: what the pods of a dry-run do, and what happens in the cluster around them.

A scenario gives every pod a behaviour (how long it takes to start and to run, whether it
succeeds, fails or hangs, how many times its containers fail first, the exit codes of its
containers, init containers and sidecars, the pod conditions it carries when it fails, how its
containers answer SIGTERM once it is deleted), refines it per completion index and per attempt, and
lists cluster events at given times (suspend, resume, pod deletion, eviction, node failure, a new
parallelism, a timed edit of the Job validated as the API server validates an update). Container
names are checked against the Job's pod template (`check_scenario`). Built-in scenarios are named (`succeed`, `fail`, `hang`, `flaky:p=0.1,seed=3`,
`evict-once`, `oom`); others are YAML files validated with pydantic, whose errors point at the file,
line and column.
"""

from __future__ import annotations

import os
from typing import Any, Literal, NamedTuple, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

# Pod behaviour when nothing else is said: a 30 s run that succeeds, started at once, stopping at
# once when deleted.
DEFAULT_DURATION = 30.0
DEFAULT_EXIT_CODE = 1
# Seconds from a node failure until the taint manager evicts the node's pods: the node lifecycle
# controller's grace period for an unresponsive node (40 s) plus the 300 s the default tolerations
# for node.kubernetes.io/unreachable and not-ready allow.
DEFAULT_NODE_EVICTION_SECONDS = 340.0

Outcome = Literal["succeed", "fail", "hang"]
Action = Literal["suspend", "resume", "delete-pod", "evict-pod", "node-failure", "set-parallelism", "update"]


# Validators are built on first use (defer_build): `joblint lint` runs only the built-in
# scenarios, which _builtin makes without validation, and never pays for building them.
_CONFIG = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class ScenarioError(Exception):
    """A scenario that cannot be used: `file:line:col: message` (or just a message)."""


class PodConditionSpec(BaseModel):
    model_config = _CONFIG

    type: str = Field(min_length=1)
    status: Literal["True", "False", "Unknown"] = "True"
    reason: str | None = None
    message: str | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status_text(cls, value: Any) -> Any:
        if value is True:
            return "True"
        if value is False:
            return "False"
        return value


ExitCodes = Union[int, dict[str, int]]


def _check_codes(value: ExitCodes | None) -> ExitCodes | None:
    codes = value.values() if isinstance(value, dict) else [value] if value is not None else []
    for code in codes:
        if not -(2**31) <= code < 2**31:
            raise ValueError("exit codes are 32-bit integers")
    return value


class SigtermSpec(BaseModel):
    """How the containers answer SIGTERM when their pod is deleted: the exit code (one for all
    containers, or a map by container name) and the seconds they take to exit. A container still
    running at the pod's terminationGracePeriodSeconds is killed (exit code 137)."""

    model_config = _CONFIG

    exit_code: ExitCodes = Field(default=143, alias="exitCode")
    after: float | None = Field(default=None, ge=0, description="seconds from SIGTERM to exit")

    @field_validator("exit_code")
    @classmethod
    def _exit_codes(cls, value: ExitCodes) -> ExitCodes:
        return _check_codes(value)  # type: ignore[return-value]


class Behaviour(BaseModel):
    """What a pod does; every field is optional so that layers (defaults, overrides) combine."""

    model_config = _CONFIG

    duration: float | None = Field(default=None, ge=0, description="seconds the containers run")
    startup: float | None = Field(default=None, ge=0, description="seconds from creation to running")
    outcome: Outcome | None = None
    exit_code: ExitCodes | None = Field(default=None, alias="exitCode")
    reason: str | None = Field(default=None, description="container termination reason, e.g. OOMKilled")
    conditions: tuple[PodConditionSpec, ...] | None = None
    shutdown: float | None = Field(default=None, ge=0, description="seconds to stop after deletion")
    fail_probability: float | None = Field(default=None, ge=0, le=1, alias="failProbability")
    failures: int | None = Field(
        default=None,
        ge=0,
        le=10_000,
        description="the containers fail this many times (restarted in place with restartPolicy OnFailure), then "
        "behave as `outcome`",
    )
    sigterm: SigtermSpec | None = Field(default=None, description="how the containers answer SIGTERM")

    @field_validator("exit_code")
    @classmethod
    def _exit_codes(cls, value: ExitCodes | None) -> ExitCodes | None:
        return _check_codes(value)


class Override(Behaviour):
    """A behaviour for the pods of some indexes and/or attempts."""

    index: int | list[int] | str | None = None
    attempt: int | list[int] | None = None
    pod: int | list[int] | None = Field(default=None, description="the n-th pod the Job creates (0: first)")

    @field_validator("index")
    @classmethod
    def _index(cls, value: Any) -> Any:
        if isinstance(value, str):
            parse_index_set(value)
        elif isinstance(value, int) and value < 0:
            raise ValueError("indexes are 0 or more")
        elif isinstance(value, list) and any(v < 0 for v in value):
            raise ValueError("indexes are 0 or more")
        return value

    @field_validator("attempt", "pod")
    @classmethod
    def _attempt(cls, value: Any) -> Any:
        values = value if isinstance(value, list) else [value] if value is not None else []
        if any(v < 0 for v in values):
            raise ValueError("attempts and pod numbers are 0 or more")
        return value

    def matches(self, index: int | None, attempt: int, ordinal: int = 0) -> bool:
        if self.pod is not None:
            ordinals = self.pod if isinstance(self.pod, list) else [self.pod]
            if ordinal not in ordinals:
                return False
        if self.index is not None:
            if index is None or index not in _as_set(self.index):
                return False
        if self.attempt is not None:
            attempts = self.attempt if isinstance(self.attempt, list) else [self.attempt]
            if attempt not in attempts:
                return False
        return True


INT32_MAX = 2**31 - 1


class JobEdit(BaseModel):
    """A change of the Job's spec (`kubectl patch`, merge-patch semantics). The API server's update
    validation decides whether it is accepted (joblint.update, rule JL030): completions only for an
    Indexed Job and together with parallelism, the template only while the Job is suspended and not
    started (scheduling directives, the template's labels and annotations)."""

    model_config = _CONFIG

    parallelism: int | None = Field(default=None, ge=0, le=INT32_MAX)
    completions: int | None = Field(default=None, ge=0, le=INT32_MAX)
    suspend: bool | None = None
    active_deadline_seconds: int | None = Field(default=None, gt=0, alias="activeDeadlineSeconds")
    backoff_limit: int | None = Field(default=None, ge=0, le=INT32_MAX, alias="backoffLimit")
    template: dict[str, Any] | None = None

    def patch(self) -> dict[str, Any]:
        """The edit as a merge patch of the Job's spec (API JSON names)."""
        return self.model_dump(by_alias=True, exclude_none=True)


class ClusterEvent(BaseModel):
    model_config = _CONFIG

    at: float = Field(ge=0, description="seconds from the Job's creation")
    action: Action
    index: int | None = Field(default=None, ge=0, description="the pod of this completion index")
    pod: int | None = Field(default=None, ge=0, description="the n-th oldest active pod (0: oldest)")
    value: int | None = Field(default=None, ge=0, le=INT32_MAX, description="the new parallelism")
    spec: JobEdit | None = Field(default=None, description="the change of an `update`")

    @model_validator(mode="after")
    def _value_for_parallelism(self) -> "ClusterEvent":
        if self.action == "set-parallelism" and self.value is None:
            raise ValueError("set-parallelism needs a value")
        if self.action == "update" and (self.spec is None or not self.spec.patch()):
            raise ValueError("update needs a spec with the fields to change, e.g. spec: {parallelism: 4}")
        if self.action != "update" and self.spec is not None:
            raise ValueError(f"spec belongs to an update, not to {self.action}")
        return self


class Scenario(BaseModel):
    model_config = _CONFIG

    name: str = "scenario"
    description: str | None = None
    seed: int = 0
    defaults: Behaviour = Field(default_factory=Behaviour)
    overrides: tuple[Override, ...] = ()
    events: tuple[ClusterEvent, ...] = ()
    node_eviction_seconds: float = Field(default=DEFAULT_NODE_EVICTION_SECONDS, ge=0, alias="nodeEvictionSeconds")
    # The file it was read from and its YAML tree, for error positions.
    _path: str | None = PrivateAttr(default=None)
    _root: Any = PrivateAttr(default=None)

    def with_seed(self, seed: int) -> "Scenario":
        return self.model_copy(update={"seed": seed})

    def where(self, *loc: Any) -> str:
        """`file:line:col` of a part of the scenario (`loc` walks the YAML), or the scenario's name."""
        if self._path is None:
            return f"scenario {self.name!r}"
        if self._root is None:
            return self._path
        line, col = _position(self._root, _data_loc(_plain(self._root), loc))
        return f"{self._path}:{line}:{col}"


class PodPlan(NamedTuple):
    """The resolved behaviour of one pod."""

    duration: float
    startup: float
    outcome: str
    exit_code: ExitCodes
    reason: str | None
    conditions: tuple[PodConditionSpec, ...]
    shutdown: float
    fail_probability: float
    failures: int
    sigterm: SigtermSpec | None


_BASE = PodPlan(
    duration=DEFAULT_DURATION,
    startup=0.0,
    outcome="succeed",
    exit_code=DEFAULT_EXIT_CODE,
    reason=None,
    conditions=(),
    shutdown=0.0,
    fail_probability=0.0,
    failures=0,
    sigterm=None,
)
_FIELDS = (
    "duration", "startup", "outcome", "exit_code", "reason", "conditions", "shutdown", "fail_probability", "failures",
    "sigterm",
)


def _layer(plan: dict[str, Any], behaviour: Behaviour) -> None:
    for name in _FIELDS:
        value = getattr(behaviour, name)
        if value is not None:
            plan[name] = value


class PlanCache:
    """Resolves pod plans; plans without per-index or per-attempt overrides are computed once."""

    __slots__ = ("scenario", "_default", "_cache", "_by_pod")

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        plan: dict[str, Any] = {name: getattr(_BASE, name) for name in _FIELDS}
        _layer(plan, scenario.defaults)
        self._default = PodPlan(**plan)
        self._cache: dict[tuple[int | None, int, int], PodPlan] = {}
        self._by_pod = any(o.pod is not None for o in scenario.overrides)

    def plan(self, index: int | None, attempt: int, ordinal: int = 0) -> PodPlan:
        if not self.scenario.overrides:
            return self._default
        key = (index, attempt, ordinal if self._by_pod else 0)
        found = self._cache.get(key)
        if found is not None:
            return found
        matching = [o for o in self.scenario.overrides if o.matches(index, attempt, ordinal)]
        if not matching:
            result = self._default
        else:
            plan = {name: getattr(self._default, name) for name in _FIELDS}
            for override in matching:
                _layer(plan, override)
            result = PodPlan(**plan)
        if len(self._cache) < 100_000:
            self._cache[key] = result
        return result


# --- index sets ------------------------------------------------------------------------------------

_SET_CACHE: dict[Any, frozenset[int]] = {}


# Indexes one index set of a scenario may name, counted part by part (overlaps included).
MAX_SCENARIO_INDEXES = 1_000_000


def parse_index_set(text: str) -> frozenset[int]:
    """`0-2,4` → {0, 1, 2, 4} (the format of status.completedIndexes); at most
    MAX_SCENARIO_INDEXES indexes over all its parts."""
    result: set[int] = set()
    named = 0
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise ValueError(f"empty interval in {text!r}")
        first, dash, last = part.partition("-")
        try:
            lo = int(first)
            hi = int(last) if dash else lo
        except ValueError:
            raise ValueError(f"{part!r} is not an index or a range like 0-3") from None
        if lo < 0 or hi < lo:
            raise ValueError(f"{part!r} is not an ascending range of indexes")
        if hi - lo > 1_000_000:
            raise ValueError(f"{part!r} is too large a range")
        named += hi - lo + 1
        if named > MAX_SCENARIO_INDEXES:
            raise ValueError(f"more than {MAX_SCENARIO_INDEXES:,} indexes in {text[:40]!r}...")
        result.update(range(lo, hi + 1))
    return frozenset(result)


def _as_set(value: int | list[int] | str) -> frozenset[int]:
    key = value if not isinstance(value, list) else tuple(value)
    found = _SET_CACHE.get(key)
    if found is None:
        if isinstance(value, str):
            found = parse_index_set(value)
        elif isinstance(value, int):
            found = frozenset((value,))
        else:
            found = frozenset(value)
        _SET_CACHE[key] = found
    return found


# --- built-in scenarios ----------------------------------------------------------------------------

DISRUPTION_TARGET = "DisruptionTarget"
EVICTION_REASON = "EvictionByEvictionAPI"
EVICTION_MESSAGE = "Eviction API: evicting"
SIGTERM_EXIT_CODE = 143  # 128 + SIGTERM
SIGKILL_EXIT_CODE = 137  # 128 + SIGKILL

BUILTINS: dict[str, str] = {
    "succeed": "every pod runs 30 s and succeeds (the default)",
    "fail": "every pod runs 30 s and fails with exit code 1",
    "hang": "every pod runs and never finishes",
    "flaky": "every pod runs 30 s and fails (exit code 1) with probability p (flaky:p=0.1,seed=N)",
    "evict-once": "the first attempt of each index is evicted (DisruptionTarget) 15 s into its run; "
    "later attempts run 30 s and succeed",
    "oom": "every pod runs 30 s and is killed for memory (exit code 137, OOMKilled)",
}

_PARAMS = {"p", "seed", "duration", "startup", "shutdown"}


def _builtin(name: str, params: dict[str, str], spec: str) -> Scenario:
    def number(key: str, default: float) -> float:
        if key not in params:
            return default
        try:
            value = float(params[key])
        except ValueError:
            raise ScenarioError(f"scenario {spec!r}: {key} must be a number, not {params[key]!r}") from None
        if value < 0 or value != value or value == float("inf"):
            raise ScenarioError(f"scenario {spec!r}: {key} must be a finite number ≥ 0")
        return value

    seed_text = params.get("seed", "0")
    try:
        seed = int(seed_text)
    except ValueError:
        raise ScenarioError(f"scenario {spec!r}: seed must be an integer, not {seed_text!r}") from None
    duration = number("duration", DEFAULT_DURATION)
    base: dict[str, Any] = {"duration": duration, "startup": number("startup", 0.0), "shutdown": number("shutdown", 0.0)}
    overrides: tuple[Override, ...] = ()
    if name == "succeed":
        base["outcome"] = "succeed"
    elif name == "fail":
        base.update(outcome="fail", exit_code=DEFAULT_EXIT_CODE)
    elif name == "hang":
        base["outcome"] = "hang"
    elif name == "flaky":
        if "p" not in params:
            raise ScenarioError(f"scenario {spec!r}: flaky needs a failure probability, e.g. flaky:p=0.1")
        p = number("p", 0.0)
        if p > 1:
            raise ScenarioError(f"scenario {spec!r}: p is a probability between 0 and 1")
        base.update(outcome="succeed", fail_probability=p, exit_code=DEFAULT_EXIT_CODE)
    elif name == "evict-once":
        base["outcome"] = "succeed"
        overrides = (
            Override.model_construct(
                attempt=0,
                duration=duration / 2,
                outcome="fail",
                exit_code=SIGTERM_EXIT_CODE,
                conditions=(PodConditionSpec.model_construct(type=DISRUPTION_TARGET, reason=EVICTION_REASON, message=EVICTION_MESSAGE),),
            ),
        )
    elif name == "oom":
        base.update(outcome="fail", exit_code=SIGKILL_EXIT_CODE, reason="OOMKilled")
    # Built from values checked above, without validation (see _CONFIG).
    defaults = Behaviour.model_construct(**base)
    return Scenario.model_construct(name=spec, description=BUILTINS[name], seed=seed, defaults=defaults, overrides=overrides)


def load_scenario(spec: str | None = None) -> Scenario:
    """A built-in scenario by name (with `:key=value,...` parameters) or a scenario YAML file."""
    spec = (spec or "succeed").strip()
    name, _, rest = spec.partition(":")
    if name in BUILTINS and not os.path.isfile(spec):
        params: dict[str, str] = {}
        for item in filter(None, (part.strip() for part in rest.split(","))):
            key, eq, value = item.partition("=")
            if not eq or key.strip() not in _PARAMS:
                raise ScenarioError(
                    f"scenario {spec!r}: unknown parameter {item!r} (known: {', '.join(sorted(_PARAMS))})"
                )
            params[key.strip()] = value.strip()
        return _builtin(name, params, spec)
    if os.path.isfile(spec):
        return load_scenario_file(spec)
    raise ScenarioError(
        f"unknown scenario {spec!r}: not a file, and not one of {', '.join(sorted(BUILTINS))}"
    )


# --- scenario files --------------------------------------------------------------------------------


def _position(root: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """1-based line and column of the node at `loc` (of its key, for a mapping entry)."""
    lc = getattr(root, "lc", None)
    line, col = (lc.line + 1, lc.col + 1) if lc is not None else (1, 1)
    node = root
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, list):
                ln, cl = lc.item(key) if lc is not None else (line - 1, col - 1)
            else:
                ln, cl = lc.key(key) if lc is not None else (line - 1, col - 1)
        except Exception:  # positions are best effort; the message is always given
            break
        line, col = ln + 1, cl + 1
        node = node[key]
    return line, col


def _data_loc(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of a pydantic error location that walks the data (union member names dropped)."""
    out: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
    return tuple(out)


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def load_scenario_file(path: str) -> Scenario:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario: {exc.strerror or exc}") from None
    yaml = YAML(typ="rt")
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else path
        raise ScenarioError(f"{where}: {exc.problem or exc.context or 'YAML syntax error'}") from None
    except Exception as exc:  # other YAML errors: no position
        raise ScenarioError(f"{path}: {exc}") from None
    if root is None:
        root = {}
    if not isinstance(root, dict):
        raise ScenarioError(f"{path}:1:1: a scenario is a mapping (defaults, overrides, events, seed)")
    data = _plain(root)
    data.setdefault("name", os.path.splitext(os.path.basename(path))[0])
    try:
        scenario = Scenario.model_validate(data)
        scenario._path = path
        scenario._root = root
        return scenario
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first.get("loc", ()))
        data_loc = _data_loc(data, loc)
        line, col = _position(root, data_loc)
        shown = list(data_loc)
        if first.get("type") == "missing" and loc:
            shown.append(loc[-1])
        dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in shown).lstrip(".")
        message = str(first.get("msg", "invalid value"))
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        prefix = f"{dotted}: " if dotted else ""
        raise ScenarioError(f"{path}:{line}:{col}: {prefix}{message}") from None


# --- a scenario against the Job it runs --------------------------------------------------------------


def template_containers(job: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Names of the pod template's containers, init containers and sidecars (init containers with
    restartPolicy Always), in order."""
    spec = ((job.get("spec") or {}).get("template") or {}).get("spec") or {}
    containers = tuple(
        str(c.get("name")) for c in spec.get("containers") or [] if isinstance(c, dict) and c.get("name") is not None
    )
    inits: list[str] = []
    sidecars: list[str] = []
    for c in spec.get("initContainers") or []:
        if isinstance(c, dict) and c.get("name") is not None:
            inits.append(str(c["name"]))
            if c.get("restartPolicy") == "Always":
                sidecars.append(str(c["name"]))
    return containers, tuple(inits), tuple(sidecars)


def check_scenario(scenario: Scenario, job: dict[str, Any]) -> None:
    """Refuse container names in a scenario that the Job's pod template does not have (an exit code
    for them would silently do nothing): ScenarioError naming the file, line and the known names."""
    containers, inits, sidecars = template_containers(job)
    known = set(containers) | set(inits)
    if not known:
        return
    places: list[tuple[tuple[Any, ...], Behaviour]] = [(("defaults",), scenario.defaults)]
    places += [(("overrides", i), o) for i, o in enumerate(scenario.overrides)]
    for loc, behaviour in places:
        maps: list[tuple[tuple[Any, ...], Any]] = [(loc + ("exitCode",), behaviour.exit_code)]
        if behaviour.sigterm is not None:
            maps.append((loc + ("sigterm", "exitCode"), behaviour.sigterm.exit_code))
        for where, codes in maps:
            if not isinstance(codes, dict):
                continue
            for name in codes:
                if name in known:
                    continue
                shown = ", ".join(containers) or "none"
                if inits:
                    regular = [n for n in inits if n not in sidecars]
                    if regular:
                        shown += f"; init containers {', '.join(regular)}"
                    if sidecars:
                        shown += f"; sidecars {', '.join(sidecars)}"
                dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where).lstrip(".")
                raise ScenarioError(
                    f"{scenario.where(*where, name)}: {dotted}: unknown container {name!r}: the pod template has "
                    f"containers {shown}"
                )
