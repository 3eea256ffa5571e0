"""Autofix: only the fixed spans change (byte for byte elsewhere), fixes converge, files are
written safely."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from joblint.findings import Finding, Fix
from joblint.fix import FixError, apply_edit, apply_fixes, unified_diff, write_atomic


JOB = """\
# Nightly report job.  Comments, quoting and layout must survive.
apiVersion: batch/v1
kind: Job
metadata:
  name: report   # the name
  labels: &labels
    app: 'report'
spec:
  backoffLimit: 4
  template:
    metadata:
      labels: *labels
    spec:
      activeDeadlineSeconds: 600
      containers:
        - name: report
          image: "registry.example.com/report:1.0"
          args: [--since, 24h]   # flow style kept
"""

CRON = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "CRON_TZ=Europe/Paris 0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: c
            image: busybox
"""


def set_op(path: list, value: object) -> dict:
    return {"ops": [{"op": "set", "path": path, "value": value}]}


def only_changes(old: str, new: str, removed: list[str], added: list[str]) -> None:
    """The new text is the old with exactly these lines removed and added, nothing else."""
    import difflib

    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    got_removed, got_added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            got_removed.extend(old_lines[i1:i2])
        if tag in ("insert", "replace"):
            got_added.extend(new_lines[j1:j2])
    assert got_removed == removed and got_added == added, (got_removed, got_added)


# --- text edits ----------------------------------------------------------------------------------


def test_set_appends_to_the_mapping_keeping_everything_else() -> None:
    new = apply_edit(JOB, 0, None, set_op(["spec", "template", "spec", "restartPolicy"], "Never"))
    only_changes(JOB, new, [], ["      restartPolicy: Never\n"])
    assert new.endswith("args: [--since, 24h]   # flow style kept\n      restartPolicy: Never\n")


def test_set_goes_before_the_pod_template_and_creates_mappings() -> None:
    new = apply_edit(JOB, 0, None, set_op(["spec", "ttlSecondsAfterFinished"], 86400))
    only_changes(JOB, new, [], ["  ttlSecondsAfterFinished: 86400\n"])
    assert "  backoffLimit: 4\n  ttlSecondsAfterFinished: 86400\n  template:\n" in new
    new = apply_edit(JOB, 0, None, set_op(["metadata", "annotations", "example.com/owner"], "team-a"))
    only_changes(JOB, new, [], ["  annotations:\n", "    example.com/owner: team-a\n"])


def test_set_quotes_what_yaml_1_1_would_misread() -> None:
    new = apply_edit(JOB, 0, None, set_op(["metadata", "annotations", "on"], "yes"))
    assert '    "on": "yes"\n' in new


def test_set_replaces_a_scalar_keeping_its_quotes() -> None:
    new = apply_edit(JOB, 0, None, set_op(["spec", "template", "spec", "containers", 0, "image"], "registry.example.com/report:2.0"))
    only_changes(JOB, new, ['          image: "registry.example.com/report:1.0"\n'], ['          image: "registry.example.com/report:2.0"\n'])


def test_move_and_delete() -> None:
    edit = {"ops": [{"op": "move", "path": ["spec", "template", "spec", "activeDeadlineSeconds"], "to": ["spec", "activeDeadlineSeconds"]}]}
    new = apply_edit(JOB, 0, None, edit)
    only_changes(JOB, new, ["      activeDeadlineSeconds: 600\n"], ["  activeDeadlineSeconds: 600\n"])
    new = apply_edit(JOB, 0, None, {"ops": [{"op": "delete", "path": ["spec", "backoffLimit"]}]})
    only_changes(JOB, new, ["  backoffLimit: 4\n"], [])
    # Deleting what is not there changes nothing.
    assert apply_edit(JOB, 0, None, {"ops": [{"op": "delete", "path": ["spec", "suspend"]}]}) == JOB


def test_delete_the_first_key_of_a_list_item_and_the_last_of_a_mapping() -> None:
    text = "kind: Job\nspec:\n  items:\n  - a: 1\n    b: 2\n  labels:\n    only: x\n"
    new = apply_edit(text, 0, None, {"ops": [{"op": "delete", "path": ["spec", "items", 0, "a"]}]})
    assert new == "kind: Job\nspec:\n  items:\n  - b: 2\n  labels:\n    only: x\n"
    # The mapping the delete empties goes too: a fix leaves no `labels: {}` behind.
    new = apply_edit(text, 0, None, {"ops": [{"op": "delete", "path": ["spec", "labels", "only"]}]})
    assert new == "kind: Job\nspec:\n  items:\n  - a: 1\n    b: 2\n"


def test_a_delete_prunes_the_mappings_it_empties_up_to_a_top_level_field() -> None:
    text = "kind: Job\nspec:\n  template:\n    metadata:\n      labels:\n        job-name: old\n    spec: {}\n"
    new = apply_edit(text, 0, None, {"ops": [{"op": "delete", "path": ["spec", "template", "metadata", "labels", "job-name"]}]})
    assert new == "kind: Job\nspec:\n  template:\n    spec: {}\n"
    # A top-level field is never removed, and a mapping that was empty in the file stays.
    text = "kind: Job\nmetadata:\n  name: a\nspec:\n  only: 1\n  keep: {}\n"
    new = apply_edit(text, 0, None, {"ops": [{"op": "delete", "path": ["spec", "only"]}]})
    assert new == "kind: Job\nmetadata:\n  name: a\nspec:\n  keep: {}\n"


def test_flow_mappings() -> None:
    text = "kind: Job\nmetadata: {name: a, labels: {x: y}}\n"
    assert apply_edit(text, 0, None, set_op(["metadata", "namespace"], "jobs")) == "kind: Job\nmetadata: {name: a, labels: {x: y}, namespace: jobs}\n"
    assert apply_edit(text, 0, None, {"ops": [{"op": "delete", "path": ["metadata", "labels"]}]}) == "kind: Job\nmetadata: {name: a}\n"
    assert apply_edit(text, 0, None, {"ops": [{"op": "delete", "path": ["metadata", "name"]}]}) == "kind: Job\nmetadata: {labels: {x: y}}\n"


def test_null_parent_becomes_a_mapping() -> None:
    text = "kind: Job\nspec:\n  template:\n    spec:   # fill me\n"
    new = apply_edit(text, 0, None, set_op(["spec", "template", "spec", "restartPolicy"], "Never"))
    assert new == "kind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: Never   # fill me\n"


def test_only_the_target_document_changes() -> None:
    stream = "# first\n" + JOB + "---\n# second\n" + CRON + "...\n---\n" + JOB
    edit = {"ops": [{"op": "set", "path": ["spec", "schedule"], "value": "0 3 * * *"},
                    {"op": "set", "path": ["spec", "timeZone"], "value": "Europe/Paris"}]}
    new = apply_edit(stream, 1, None, edit)
    only_changes(stream, new, ['  schedule: "CRON_TZ=Europe/Paris 0 3 * * *"\n'], ['  schedule: "0 3 * * *"\n', "  timeZone: Europe/Paris\n"])
    # The last document (a copy of the first) is edited, not the first.
    new = apply_edit(stream, 2, None, set_op(["spec", "suspend"], True))
    assert new.startswith(stream[: stream.rindex("---\n")])
    assert new.endswith("  backoffLimit: 4\n  suspend: true\n  template:" + JOB.split("  template:", 1)[1])


def test_list_items_use_paths_inside_the_item() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n- kind: Job\n  metadata: {name: a}\n- kind: Job\n  metadata:\n    name: b\n"
    new = apply_edit(text, 0, 1, set_op(["metadata", "namespace"], "jobs"))
    assert new == text + "    namespace: jobs\n"


def test_crlf_stays_crlf() -> None:
    text = JOB.replace("\n", "\r\n")
    new = apply_edit(text, 0, None, set_op(["spec", "ttlSecondsAfterFinished"], 60))
    assert "\n" not in new.replace("\r\n", "")
    assert new == text.replace("  template:\r\n", "  ttlSecondsAfterFinished: 60\r\n  template:\r\n", 1)


def test_missing_final_newline() -> None:
    text = "kind: Job\nspec:\n  parallelism: 2"
    assert apply_edit(text, 0, None, set_op(["spec", "completions"], 2)) == "kind: Job\nspec:\n  parallelism: 2\n  completions: 2\n"


def test_anchors_and_merge_keys_are_left_to_the_user() -> None:
    with pytest.raises(FixError, match="anchor"):
        apply_edit(JOB, 0, None, {"ops": [{"op": "delete", "path": ["metadata", "labels"]}]})
    with pytest.raises(FixError, match="anchor"):
        apply_edit(JOB, 0, None, set_op(["spec", "template", "metadata", "labels", "tier"], "batch"))
    merged = "base: &base\n  a: 1\nkind: Job\nspec:\n  <<: *base\n  b: 2\n"
    with pytest.raises(FixError, match="merge"):
        apply_edit(merged, 0, None, set_op(["spec", "a"], 3))


def test_apply_fixes_takes_findings_and_skips_what_cannot_apply() -> None:
    def finding(document: int, edit: dict) -> Finding:
        return Finding("JL001", "restart-policy-unsupported", "error", "m", "f.yaml", 1, 1, document, fix=Fix("d", True, edit))

    stream = JOB + "---\n" + CRON
    fixes = [
        finding(0, set_op(["spec", "template", "spec", "restartPolicy"], "Never")),
        finding(1, set_op(["spec", "jobTemplate", "spec", "template", "spec", "restartPolicy"], "Never")),
        finding(0, {"ops": [{"op": "delete", "path": ["metadata", "labels"]}]}),  # anchored: skipped
        finding(5, set_op(["spec", "x"], 1)),  # no such document: skipped
    ]
    new = apply_fixes("f.yaml", stream, fixes)
    only_changes(stream, new, [], ["      restartPolicy: Never\n", "          restartPolicy: Never\n"])


def test_unified_diff() -> None:
    diff = unified_diff("a.yaml", "x: 1\n", "x: 2\n")
    assert diff == "--- a/a.yaml\n+++ b/a.yaml\n@@ -1 +1 @@\n-x: 1\n+x: 2\n"


# --- files ---------------------------------------------------------------------------------------


def test_write_atomic_keeps_mode_encoding_and_refuses_changed_files(tmp_path: Path) -> None:
    path = tmp_path / "job.yaml"
    path.write_bytes(b"\xef\xbb\xbfkind: Job\r\n")
    os.chmod(path, 0o640)
    write_atomic(str(path), "kind: Job\r\n", "kind: Job\r\nspec: {}\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbfkind: Job\r\nspec: {}\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["job.yaml"]  # no temporary file left
    with pytest.raises(FixError, match="changed on disk"):
        write_atomic(str(path), "kind: Job\r\n", "kind: CronJob\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbfkind: Job\r\nspec: {}\r\n"


# --- the whole loop: lint, fix, lint again -------------------------------------------------------

BROKEN = """\
# comments stay
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  backoffLimit: 4   # keep
  template:
    spec:
      activeDeadlineSeconds: 100
      containers:
      - name: pi
        image: perl:5.34.0
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: 'TZ=Europe/Paris 0 3 * * *'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: c
            image: busybox:1.36
"""


def cli(*args: str):  # type: ignore[no-untyped-def]
    from joblint.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lint_json(path: Path, *extra: str) -> list[dict]:
    import json

    result = cli("lint", "--format", "json", *extra, str(path))
    return json.loads(result.output)["findings"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fix_then_lint_leaves_nothing_fixable(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "jobs.yaml"
    path.write_bytes(BROKEN.replace("\n", newline).encode())
    before = lint_json(path)
    assert {"JL001", "JL020"} <= {f["code"] for f in before}
    diff = cli("lint", "--diff", str(path))
    assert diff.exit_code == 1 and "+      restartPolicy: Never" in diff.output
    assert path.read_bytes() == BROKEN.replace("\n", newline).encode()  # --diff changes nothing
    fixed = cli("lint", "--fix", str(path))
    text = path.read_bytes().decode()
    assert newline == "\n" or "\n" not in text.replace("\r\n", "")
    only_changes(
        BROKEN,
        text.replace("\r\n", "\n"),
        ["  schedule: 'TZ=Europe/Paris 0 3 * * *'\n"],
        ["      restartPolicy: Never\n", "  schedule: '0 3 * * *'\n", "  timeZone: Europe/Paris\n"],
    )
    after = lint_json(path)
    assert not [f for f in after if f.get("fix", {}).get("safe")], after
    assert not [f for f in after if f["code"] in ("JL001", "JL020")]
    assert "JL112" in fixed.output  # an unsafe fix is only offered
    # A second --fix changes nothing, not even the file's mtime.
    mtime = path.stat().st_mtime_ns
    again = cli("lint", "--fix", str(path))
    assert path.read_bytes().decode() == text and path.stat().st_mtime_ns == mtime
    assert again.exit_code == fixed.exit_code


def test_unsafe_fixes_only_on_request(tmp_path: Path) -> None:
    path = tmp_path / "job.yaml"
    path.write_text(BROKEN.split("---\n")[0].replace("      containers:", "      restartPolicy: Never\n      containers:"))
    original = path.read_text()
    cli("lint", "--fix", str(path))
    assert path.read_text() == original  # JL112's move is unsafe
    cli("lint", "--fix", "--unsafe-fixes", str(path))
    only_changes(original, path.read_text(), ["      activeDeadlineSeconds: 100\n"], ["  activeDeadlineSeconds: 100\n"])
    assert not [f for f in lint_json(path, "--select", "ALL") if "fix" in f and f["code"] == "JL112"]
    second = path.read_text()
    cli("lint", "--fix", "--unsafe-fixes", str(path))
    assert path.read_text() == second


def test_fix_keeps_hard_links(tmp_path: Path) -> None:
    """Every name of a hard-linked file sees the fix (a rename would have split them)."""
    path = tmp_path / "jobs.yaml"
    path.write_text(BROKEN)
    other = tmp_path / "elsewhere.yaml"
    os.link(path, other)
    fixed = cli("lint", "--fix", str(path))
    assert "not fixed" not in fixed.output
    assert "restartPolicy: Never" in path.read_text()
    assert other.read_text() == path.read_text() and os.path.samefile(path, other)
    assert [p.name for p in sorted(tmp_path.iterdir())] == ["elsewhere.yaml", "jobs.yaml"]  # no temporary file


def test_fix_of_one_file_under_two_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`jobs.yaml ./jobs.yaml` (or a symlink beside it) is one file: fixed once, reported once."""
    import json

    monkeypatch.chdir(tmp_path)
    Path("jobs.yaml").write_text(BROKEN)
    Path("alias.yaml").symlink_to("jobs.yaml")
    fixed = cli("lint", "--fix", "jobs.yaml", "./jobs.yaml", "alias.yaml")
    assert "joblint: fixed 2 finding(s) in 1 file(s)" in fixed.output and "not fixed" not in fixed.output
    assert "restartPolicy: Never" in Path("jobs.yaml").read_text()
    payload = json.loads(cli("lint", "--format", "json", "jobs.yaml", "./jobs.yaml", "alias.yaml", ".").output)
    assert payload["files"] == 1 and {f["file"] for f in payload["findings"]} == {"jobs.yaml"}


def test_fix_refuses_standard_input() -> None:
    result = cli("lint", "--fix", "-")
    assert result.exit_code == 2


# --- property: edits touch only their own lines --------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

KEYS = st.sampled_from(["alpha", "beta", "gamma", "delta", "epsilon"])
SCALARS = st.one_of(st.integers(-5, 500), st.sampled_from(["x", "'quoted'", '"double"', "[a, b]", "{k: v}", "yes"]))


@st.composite
def block_documents(draw: st.DrawFn, depth: int = 0) -> list[tuple[str, object]]:
    keys = draw(st.lists(KEYS, min_size=1, max_size=4, unique=True))
    out: list[tuple[str, object]] = []
    for key in keys:
        if depth < 2 and draw(st.booleans()):
            out.append((key, draw(block_documents(depth + 1))))
        else:
            out.append((key, draw(SCALARS)))
    return out


def render_block(entries: list[tuple[str, object]], indent: int, comments: bool) -> list[str]:
    lines = []
    for i, (key, value) in enumerate(entries):
        pad = " " * indent
        if comments and i % 2 == 0:
            lines.append(f"{pad}# about {key}")
        if isinstance(value, list):
            lines.append(f"{pad}{key}:")
            lines.extend(render_block(value, indent + 2, comments))
        else:
            lines.append(f"{pad}{key}: {value}" + ("   # trailing" if comments and i % 3 == 1 else ""))
    return lines


def key_paths(entries: list[tuple[str, object]], prefix: tuple = ()) -> list[tuple]:
    out = []
    for key, value in entries:
        out.append(prefix + (key,))
        if isinstance(value, list):
            out.extend(key_paths(value, prefix + (key,)))
    return out


def _data(text: str) -> list:
    from joblint.kubeyaml import Converter, compose_all

    return [Converter().convert(n) for n in compose_all(text)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_documents(), st.booleans(), st.booleans(), st.data())
def test_edits_only_touch_their_lines(entries, comments, crlf, data) -> None:  # type: ignore[no-untyped-def]

    nl = "\r\n" if crlf else "\n"
    body = nl.join(["kind: Job", *render_block(entries, 0, comments)]) + nl
    text = "# first document" + nl + "kind: Other" + nl + "---" + nl + body + "---" + nl + body
    paths = key_paths(entries)
    path = list(data.draw(st.sampled_from(paths)))
    op = data.draw(st.sampled_from(["delete", "set-new", "set-existing"]))
    if op == "delete":
        edit = {"ops": [{"op": "delete", "path": path}]}
    elif op == "set-new":
        edit = {"ops": [{"op": "set", "path": path[:-1] + ["zeta", "eta"], "value": "new value"}]}
    else:
        edit = {"ops": [{"op": "set", "path": path, "value": 7}]}
    try:
        new = apply_edit(text, 1, None, edit)
    except FixError:
        return  # refused (a layout the edit does not handle) is fine; a wrong edit is not
    assert new.startswith(text[: text.index("---") + 3 + len(nl)])  # the first document is untouched
    assert new.endswith("---" + nl + body)  # so is the last
    if crlf:
        assert "\n" not in new.replace("\r\n", "")
    if new == text:
        return  # setting a value it already has changes nothing
    # One contiguous change, inside the target document.
    prefix = 0
    while prefix < min(len(text), len(new)) and text[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(text), len(new)) - prefix and text[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    doc_start = text.index("---") + 3 + len(nl)
    doc_end = doc_start + len(body)
    assert doc_start <= prefix and len(text) - suffix <= doc_end
    assert _data(new)[0] == _data(text)[0] and _data(new)[2] == _data(text)[2]
    # The same edit again is a no-op for delete and set-existing, and converges for set-new.
    if op != "set-new":
        assert apply_edit(new, 1, None, edit) == new


@pytest.mark.parametrize("value", ["a\x85b", "x\u2028y", "c\x9f", "\x7f", "tab\there", 'q"\\', "nl\nx", "é€😀"])
@pytest.mark.parametrize("style", [None, "'", '"'])
def test_written_scalars_read_back_as_the_same_string(value: str, style: str | None) -> None:
    """A value joblint writes must come back unchanged: NEL and the line separators would be
    folded, and a raw C1 control is not even YAML."""
    from ruamel.yaml import YAML

    from joblint.fix import _scalar_text

    assert YAML(typ="safe").load("k: " + _scalar_text(value, style))["k"] == value
