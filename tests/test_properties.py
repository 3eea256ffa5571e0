"""Properties of the whole pipeline over generated input: it never raises, whatever it is given.

Hypothesis generates Job- and CronJob-shaped documents (valid ones, and mutated: fields deleted,
values of the wrong type, random extra keys, integers far outside int32/int64, non-finite floats,
unicode everywhere), renders them as YAML text in several styles, and also generates raw YAML-ish
text and bytes. Each input goes through `joblint lint` (run_lint on standard input, reports
included), `joblint defaults` (stored_objects), and, for every Job or CronJob that decodes, the
reference controller (`joblint.controller.simulate`).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from joblint.analysis import analyze
from joblint.catalogue import load
from joblint.config import Config
from joblint.findings import SEVERITIES
from joblint.lint import run_lint
from joblint.report import to_json, to_text
from joblint.source import read_path
from joblint.stored import stored_objects

from .conftest import assert_no_cycles
from .podgen import pod_template
from .yamltext import all_paths, block, flow

VERSIONS = ("1.30", "1.33", "1.37")
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
CODE = re.compile(r"^JL\d{3}$")

# The reference controller creates the pods a Job asks for (up to its own bound of 150,000 pods;
# tests/test_hostile_input.py checks a parallelism of 2**31-1 ends): a second or more per dry run.
# To keep CI time modest, generated documents keep parallelism and completions below this bound.
SIMULATION_BOUND = 5_000

# --- values -------------------------------------------------------------------------------------

HUGE_INTS = st.sampled_from(
    [2**31 - 1, 2**31, -(2**31) - 1, 2**53 + 1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64 - 1, 2**64, 10**30, -(10**30)]
)
WEIRD_FLOATS = st.sampled_from([math.inf, -math.inf, math.nan, 1e308, -0.0, 0.5, 1e-300, 3.0])
UNICODE = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=0, max_size=12
)
YAML_WORDS = st.sampled_from(
    ["yes", "no", "on", "off", "y", "n", "~", "null", "0755", "0x1F", "1e3", ".inf", "-.inf", ".nan", "1_000",
     "2024-01-01", "12:30:00", "<<", "-", "?", ":", "*a", "&a", "!!str", "''", "#", "@", "`", "%"]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**6),
    HUGE_INTS,
    WEIRD_FLOATS,
    UNICODE,
    YAML_WORDS,
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(UNICODE, YAML_WORDS), children, max_size=4),
    ),
    max_leaves=12,
)

DNS = st.from_regex(r"\A[a-z]([a-z0-9-]{0,20}[a-z0-9])?\Z")


@st.composite
def pod_templates(draw: Any) -> dict[str, Any]:
    container: dict[str, Any] = {"name": draw(DNS), "image": draw(st.sampled_from(["busybox:1.36", "perl:5.34.0", "x"]))}
    if draw(st.booleans()):
        container["command"] = draw(st.lists(UNICODE, max_size=3))
    if draw(st.booleans()):
        container["env"] = [{"name": draw(st.from_regex(r"\A[A-Z_]{1,8}\Z")), "value": draw(UNICODE)}]
    if draw(st.booleans()):
        container["resources"] = {"limits": {"cpu": draw(st.sampled_from(["100m", "1", "0.5", "-1", "1Ki"]))}}
    spec: dict[str, Any] = {"containers": [container]}
    if draw(st.booleans()):
        spec["restartPolicy"] = draw(st.sampled_from(["Never", "OnFailure", "Always", "Sometimes"]))
    if draw(st.booleans()):
        spec["activeDeadlineSeconds"] = draw(st.integers(-5, 10**5))
    template: dict[str, Any] = {"spec": spec}
    if draw(st.booleans()):
        template["metadata"] = {"labels": draw(st.dictionaries(DNS, DNS, max_size=3))}
    return template


@st.composite
def job_specs(draw: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"template": draw(pod_templates())}
    small = st.one_of(st.integers(-3, 12), st.sampled_from([64, 300]))
    for key in ("parallelism", "completions", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished",
                "backoffLimitPerIndex", "maxFailedIndexes"):
        if draw(st.integers(0, 3)) == 0:
            spec[key] = draw(small)
    if draw(st.booleans()):
        spec["completionMode"] = draw(st.sampled_from(["NonIndexed", "Indexed", "Other"]))
    if draw(st.integers(0, 4)) == 0:
        spec["suspend"] = draw(st.booleans())
    if draw(st.integers(0, 4)) == 0:
        spec["podReplacementPolicy"] = draw(st.sampled_from(["Failed", "TerminatingOrFailed", "Never"]))
    if draw(st.integers(0, 3)) == 0:
        spec["podFailurePolicy"] = {
            "rules": [
                {"action": draw(st.sampled_from(["FailJob", "Ignore", "Count", "FailIndex", "Explode"])),
                 "onExitCodes": {"operator": draw(st.sampled_from(["In", "NotIn"])),
                                 "values": draw(st.lists(st.integers(-1, 300), max_size=3))}},
                {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]},
            ]
        }
    if draw(st.integers(0, 5)) == 0:
        spec["selector"] = {"matchLabels": draw(st.dictionaries(DNS, DNS, max_size=2))}
        spec["manualSelector"] = draw(st.booleans())
    return spec


@st.composite
def objects(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["Job", "CronJob"]))
    meta: dict[str, Any] = {"name": draw(DNS)}
    if draw(st.booleans()):
        meta["namespace"] = draw(DNS)
    if draw(st.integers(0, 4)) == 0:
        meta["annotations"] = {"joblint.dev/ignore": draw(st.sampled_from(["JL104: reason", "JL1", "", "nonsense"]))}
    if kind == "Job":
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": draw(job_specs())}
    spec: dict[str, Any] = {
        "schedule": draw(st.sampled_from(["*/5 * * * *", "0 3 * * *", "@hourly", "0 0 30 2 *", "CRON_TZ=UTC 0 1 * *", "* * *", "61 * * * *"])),
        "jobTemplate": {"spec": draw(job_specs())},
    }
    for key in ("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        if draw(st.booleans()):
            spec[key] = draw(st.integers(-2, 10**5))
    if draw(st.booleans()):
        spec["concurrencyPolicy"] = draw(st.sampled_from(["Allow", "Forbid", "Replace", "Sometimes"]))
    if draw(st.booleans()):
        spec["timeZone"] = draw(st.sampled_from(["Europe/Paris", "UTC", "Mars/Olympus", "", "../../etc/passwd"]))
    return {"apiVersion": draw(st.sampled_from(["batch/v1", "batch/v1", "batch/v1beta1"])), "kind": "CronJob", "metadata": meta, "spec": spec}


# --- mutations ----------------------------------------------------------------------------------


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for segment in path[:-1]:
        data = data[segment]
    return data


@st.composite
def mutated(draw: Any) -> Any:
    data = draw(objects())
    for _ in range(draw(st.integers(0, 4))):
        paths = all_paths(data)
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["delete", "replace", "huge", "extra", "wrap", "root"]))
        if op == "root":
            data = draw(values)
            continue
        if not path:
            if op == "extra" and isinstance(data, dict):
                data[draw(st.one_of(UNICODE, YAML_WORDS))] = draw(values)
            continue
        parent = _parent(data, path)
        key = path[-1]
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(values)
        elif op == "huge":
            parent[key] = draw(st.one_of(HUGE_INTS, WEIRD_FLOATS))
        elif op == "wrap":
            parent[key] = draw(st.sampled_from([[parent[key]], {"value": parent[key]}, str(parent[key])]))
        elif op == "extra" and isinstance(parent[key], dict):
            parent[key][draw(st.one_of(UNICODE, YAML_WORDS))] = draw(values)
    return _keep_dry_runs_short(data)


def _keep_dry_runs_short(data: Any) -> Any:
    """Clamp a parallelism the API server accepts but that takes seconds to dry-run."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("parallelism")
            if isinstance(value, int) and SIMULATION_BOUND < value < 2**31:
                node["parallelism"] = SIMULATION_BOUND
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return data


# --- rendering as YAML --------------------------------------------------------------------------

@st.composite
def yaml_streams(draw: Any) -> bytes:
    docs = draw(st.lists(st.one_of(objects(), mutated()), min_size=1, max_size=3))
    style = draw(st.sampled_from(["block", "block-quoted", "flow"]))
    texts = [block(d, style == "block") if style != "flow" else flow(d) + "\n" for d in docs]
    text = "---\n".join(texts)
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


@st.composite
def damaged_text(draw: Any) -> bytes:
    """A rendered document with characters inserted, deleted or swapped at random places."""
    raw = bytearray(draw(yaml_streams()))
    for _ in range(draw(st.integers(1, 6))):
        if not raw:
            break
        at = draw(st.integers(0, len(raw) - 1))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.sampled_from([b"\t", b"[", b"{", b"&a ", b"*a", b"- ", b": ", b"\n", b"'", b'"', b"!!python/object:os.system ", b"\xff", b"\x00", b"<<: ", b"? ", b"|", b">-", b"#", b"%YAML 1.2\n", b"---\n", b"...\n"]))
        if op == "insert":
            raw[at:at] = chunk
        elif op == "delete":
            del raw[at : at + draw(st.integers(1, 8))]
        else:
            raw[at : at + len(chunk)] = chunk
    return bytes(raw)


raw_text = st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`?,\n \t.0123456789~<")), max_size=200).map(str.encode),
    st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
)

# --- the properties -----------------------------------------------------------------------------

RULES = load()


def _check_pipeline(raw: bytes, version: str) -> None:
    config = Config(kubernetes_version=version)
    result = run_lint(["-"], RULES, config, stdin=raw)
    _makes_no_cycles(raw, config)
    for f in result.findings:
        assert CODE.match(f.code), f
        assert f.severity in SEVERITIES
        assert f.file == "-"
        assert isinstance(f.line, int) and f.line >= 1 and isinstance(f.column, int) and f.column >= 1, f
    payload = json.loads(to_json(result.findings, result.files, result.documents, version))
    assert payload["files"] == 1 and len(payload["findings"]) == len(result.findings)
    to_text(result.findings, result.files, result.documents, quiet=False, statistics=True)
    for fmt in ("yaml", "json"):
        stored_objects(["-"], version, fmt, stdin=raw)
    _simulate_all(raw, version)


def _makes_no_cycles(raw: bytes, config: Config) -> None:
    """A second run of the same input (the first made what is made once: imports, caches, memos)
    leaves no cycle among the objects it made (young generations only, to stay fast)."""
    assert_no_cycles(lambda: run_lint(["-"], RULES, config, stdin=raw), generation=1)


def _simulate_all(raw: bytes, version: str) -> None:
    """Every Job (and the Job of every CronJob) that decodes, through the reference controller."""
    from joblint.controller import load_scenario, simulate
    from joblint.defaults import default_job
    from joblint.model import Job

    source = read_path("-", stdin=raw)
    for doc in source.documents:
        analysis = analyze(doc, version)
        if analysis.stored is None:
            continue
        if analysis.kind == "Job":
            job = analysis.stored_dict()
        else:
            written = analysis.written.dump()
            template = (written.get("spec") or {}).get("jobTemplate") or {}
            body = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "cron-00000001"}, "spec": template.get("spec") or {}}
            job = default_job(Job.model_validate(body), version).dump()
        spec = job.get("spec") or {}
        if any(isinstance(spec.get(k), int) and spec[k] > SIMULATION_BOUND for k in ("parallelism", "completions")):
            continue  # slow, not wrong; see SIMULATION_BOUND
        for scenario in ("fail", "evict-once"):
            result = simulate(job, load_scenario(scenario), version, until=86400)
            json.dumps(result.to_dict())


@SETTINGS
@given(objects(), st.sampled_from(VERSIONS))
def test_valid_shaped_documents(data: dict[str, Any], version: str) -> None:
    _check_pipeline(block(data).encode("utf-8"), version)


@SETTINGS
@given(st.randoms(use_true_random=False), st.sampled_from(VERSIONS), st.sampled_from(["Job", "CronJob"]))
def test_generated_pod_templates(rng: Any, version: str, kind: str) -> None:
    """Pod templates that reach every part of the pod validation, valid and not: no crash, every
    finding located, every report format and the defaults view built."""
    template = pod_template(rng)
    if kind == "Job":
        data = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "fuzz"}, "spec": {"template": template}}
    else:
        data = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "fuzz"},
                "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": template}}}}
    _check_pipeline(block(data).encode("utf-8"), version)


@SETTINGS
@given(mutated(), st.sampled_from(VERSIONS), st.booleans())
def test_mutated_documents(data: Any, version: str, plain: bool) -> None:
    _check_pipeline(block(data, plain).encode("utf-8"), version)


@SETTINGS
@given(yaml_streams(), st.sampled_from(VERSIONS))
def test_streams_in_every_style(raw: bytes, version: str) -> None:
    _check_pipeline(raw, version)


@SETTINGS
@given(damaged_text(), st.sampled_from(VERSIONS))
def test_damaged_yaml_text(raw: bytes, version: str) -> None:
    _check_pipeline(raw, version)


@SETTINGS
@given(raw_text)
def test_raw_text_and_bytes(raw: bytes) -> None:
    _check_pipeline(raw, "1.37")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_lint_is_deterministic(data: Any) -> None:
    raw = block(data).encode("utf-8")
    config = Config()
    first = run_lint(["-"], RULES, config, stdin=raw)
    second = run_lint(["-"], RULES, config, stdin=raw)
    assert to_json(first.findings, 1, first.documents, "1.37") == to_json(second.findings, 1, second.documents, "1.37")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(objects())
def test_rendering_round_trips_through_the_source_stage(data: dict[str, Any]) -> None:
    """The renderer used above really produces what was generated (so the other properties test
    the documents they claim to): the quoted style reads back as the same data."""
    assume(all(isinstance(k, str) for k in data))
    source = read_path("-", stdin=block(data, plain=False).encode("utf-8"))
    assert not source.problems
    assert [d.data for d in source.documents] == [data]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(yaml_streams(), damaged_text()), min_size=1, max_size=4))
def test_results_from_the_cache_are_the_results(tmp_path_factory: Any, monkeypatch: Any, streams: list[bytes]) -> None:
    """Whatever the files hold, a run answered from the result cache reports exactly what a
    fresh run reports, cross-document findings and suppressions included."""
    where = tmp_path_factory.mktemp("files")
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(where / "cache"))
    monkeypatch.delenv("JOBLINT_NO_CACHE", raising=False)
    paths = []
    for i, raw in enumerate(streams):
        path = where / f"f{i}.yaml"
        path.write_bytes(raw)
        paths.append(str(path))
    config = Config()
    fresh = run_lint(paths, RULES, config, jobs=1)
    filled = run_lint(paths, RULES, config, jobs=1, cache=True)
    cached = run_lint(paths, RULES, config, jobs=1, cache=True)
    assert filled.findings == fresh.findings == cached.findings
    assert (cached.files, cached.documents, cached.inventory) == (fresh.files, fresh.documents, fresh.inventory)
    (store,) = (where / "cache").glob("results-*.sqlite3")
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == len(paths)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.sampled_from(VERSIONS))
def test_pod_validation_never_modifies_the_stored_object(rng: Any, version: str) -> None:
    """Validation and warnings read the stored object that the rules read afterwards."""
    import copy

    from joblint.defaults import default_job
    from joblint.model import Job
    from joblint.validation import job_warnings, validate_job

    body = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "fuzz"}, "spec": {"template": pod_template(rng)}}
    job = default_job(Job.model_validate(body), version)
    data = job.dump()
    before = copy.deepcopy(data)
    errors = validate_job(job, version, data)
    warnings = job_warnings(job, version, data)
    assert data == before
    # Passing the stored form changes nothing in the outcome.
    assert [str(e) for e in errors] == [str(e) for e in validate_job(job, version)]
    assert warnings == job_warnings(job, version)
