"""Hostile and broken input through the command line: never crash, never hang, never lose a byte.

Each problem with one file is a JL9xx finding that names the file, line and column (exit status 1,
the other files still linted); exit status 2 is kept for what stops the whole run (a missing path,
a bad configuration). Tests that could hang or crash the interpreter (deep nesting, named pipes,
memory) run joblint in a subprocess with a timeout.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from joblint.cli import main

from .conftest import ROOT


def _bypasses_permissions() -> bool:
    """Root (with CAP_DAC_OVERRIDE) reads and writes whatever the mode says."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        probe = Path(directory) / "probe"
        probe.write_text("x")
        probe.chmod(0)
        try:
            probe.read_text()
        except PermissionError:
            return False
        return True


IS_ROOT = _bypasses_permissions()

JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  backoffLimit: 4
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 3600
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
"""

# The same Job without restartPolicy: JL001 at 11:7 (spec.template.spec), with a safe fix.
FIXABLE = JOB.replace("      restartPolicy: Never\n", "")

BILLION_LAUGHS = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: lol
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def run(*args: str, input: str | bytes | None = None) -> Any:
    return CliRunner().invoke(main, ["lint", *args], input=input, catch_exceptions=False)


def lint_json(*args: str, input: str | bytes | None = None) -> tuple[int, dict[str, Any]]:
    result = run("--format", "json", *args, input=input)
    return result.exit_code, json.loads(result.stdout)


def found(payload: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    """(code, file, line, column) of every finding."""
    return [(f["code"], f["file"], f["line"], f["column"]) for f in payload["findings"]]


def write(path: Path, content: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def subprocess_lint(*args: str, timeout: float = 60, cwd: str | None = None, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "joblint", "lint", *args],
        check=False, capture_output=True,
        encoding="utf-8",
        errors="surrogateescape",  # file names that are not UTF-8 come back as they are
        timeout=timeout,
        cwd=cwd,
        env=env,
        **kwargs,
    )


# --- alias bombs, recursion, depth, size ---------------------------------------------------------


def test_billion_laughs_is_refused_quickly_with_file_and_line(tmp_path: Path) -> None:
    bomb = write(tmp_path / "bomb.yaml", BILLION_LAUGHS)
    good = write(tmp_path / "good.yaml", JOB)
    start = time.perf_counter()
    code, payload = lint_json(bomb, good)
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"took {elapsed:.1f}s"
    assert code == 1
    # f: is the first alias level whose expansion (597,871 nodes) passes the 200,000 node limit.
    assert found(payload) == [("JL902", bomb, 10, 4)]
    (finding,) = payload["findings"]
    assert finding["message"] == (
        "document expands to 597871 nodes, over the limit of 200000 (an alias bomb or an absurdly "
        "large document); refused"
    )
    assert finding["document"] == 0 and finding["severity"] == "error"
    assert payload["files"] == 2 and payload["documents"] == 1  # the good file is still linted


def test_billion_laughs_of_size_ten_to_the_eighteen_says_so(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 18):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    bomb = write(tmp_path / "bomb.yaml", "\n".join(levels) + "\n")
    code, payload = lint_json(bomb)
    assert code == 1
    assert found(payload) == [("JL902", bomb, 6, 5)]  # a5: 1,111,111 nodes
    assert "over the limit of 200000" in payload["findings"][0]["message"]


def test_billion_laughs_in_a_subprocess_stays_small_and_fast(tmp_path: Path) -> None:
    """The whole command, with the address space capped at 1 GiB: an expansion would die."""
    bomb = write(tmp_path / "bomb.yaml", BILLION_LAUGHS)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    start = time.perf_counter()
    proc = subprocess_lint(bomb, timeout=60, preexec_fn=cap)
    assert time.perf_counter() - start < 30
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(f"{bomb}:10:4: JL902 error document expands to 597871 nodes")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "content, expected",
    [
        (BILLION_LAUGHS, ("JL902", 10, 4)),
        ("[" * 100_000 + "]" * 100_000, ("JL903", 1, 257)),
        ("a: &a [*a]\n", ("JL904", 1, 4)),
        (b"\xff\xfe\x00", ("JL901", 1, 1)),
    ],
    ids=["bomb", "deep", "recursive", "binary"],
)
def test_hostile_standard_input(content: str | bytes, expected: tuple[str, int, int]) -> None:
    code, payload = lint_json("-", input=content)
    assert code == 1
    assert found(payload) == [(expected[0], "-", expected[1], expected[2])]


def test_alias_bomb_spread_over_many_documents(tmp_path: Path) -> None:
    """Each document stays under the per-document limit (141,000 nodes from 250 bytes), but 400 of
    them would be 56 million nodes: once the file's budget (200,000 nodes beyond its size) is
    spent, further documents are refused (this took 2 minutes and 1.2 GB)."""
    doc = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e]\n"
    )
    path = write(tmp_path / "many.yaml", "---\n".join([doc] * 400))
    start = time.perf_counter()
    code, payload = lint_json(path)
    assert time.perf_counter() - start < 20
    assert code == 1
    # 200,000 + 100,000 characters: two documents fit; from the third on, `e:` (66,430 nodes)
    # passes what is left of the budget
    assert payload["documents"] == 2
    assert [(f["code"], f["document"], f["line"], f["column"]) for f in payload["findings"]] == [
        ("JL902", n, 10 * n + 8, 4) for n in range(2, 400)
    ]
    assert payload["findings"][0]["message"] == (
        "the documents of this file expand to more than 200000 nodes beyond its size "
        "(an alias bomb spread over documents); refused"
    )


def test_many_small_aliases_are_fine(tmp_path: Path) -> None:
    """The budget only stops amplification: 300 documents each merging a small anchor pass."""
    doc = JOB.replace("metadata:\n  name: pi\n", "metadata:\n  labels: &l {app: pi, tier: batch}\n  annotations: *l\n  name: pi-{n}\n")
    path = write(tmp_path / "many.yaml", "---\n".join(doc.replace("{n}", str(n)) for n in range(300)))
    code, payload = lint_json(path)
    assert (code, payload["documents"], payload["findings"]) == (0, 300, [])


def test_merge_key_bomb(tmp_path: Path) -> None:
    lines = ["m0: &m0 {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v, k8: v, k9: v}"]
    for i in range(1, 8):
        inner = ", ".join(f"n{j}: *m{i - 1}" for j in range(10))
        lines.append(f"m{i}: &m{i} {{{inner}}}")
    bomb = write(tmp_path / "merge.yaml", "\n".join(lines) + "\nx:\n  <<: [*m7, *m7]\n")
    code, payload = lint_json(bomb)
    assert code == 1
    assert [c for c, *_ in found(payload)] == ["JL902"]


@pytest.mark.parametrize(
    "text, line, column",
    [
        ("a: &a\n  b: *a\n", 1, 4),  # a mapping containing itself
        ("&a [1, *a]\n", 1, 1),  # a sequence containing itself
        ("apiVersion: batch/v1\nkind: Job\nmetadata: &m\n  labels: {self: *m}\n", 3, 11),
    ],
)
def test_recursive_alias(tmp_path: Path, text: str, line: int, column: int) -> None:
    path = write(tmp_path / "recursive.yaml", text)
    code, payload = lint_json(path)
    assert code == 1
    assert found(payload) == [("JL904", path, line, column)]
    assert payload["findings"][0]["message"] == "recursive alias: a node contains itself; refused"


@pytest.mark.parametrize(
    "text, line, column",
    [
        ("[" * 100_000 + "]" * 100_000 + "\n", 1, 257),  # flow sequences
        ("{a: " * 100_000 + "1" + "}" * 100_000 + "\n", 1, 4 * 256 + 1),  # flow mappings
        ("- " * 100_000 + "x\n", 1, 2 * 256 + 1),  # block sequences on one line
        ("[" * 100_000 + "\n", 1, 257),  # unterminated: still refused for its depth first
    ],
    ids=["flow-seq", "flow-map", "block-seq", "unterminated"],
)
def test_deep_nesting_is_refused_without_recursion_or_segfault(tmp_path: Path, text: str, line: int, column: int) -> None:
    """100,000 levels: refused at the first collection past 256 levels, in well under a second
    (libyaml's scanner is quadratic in the flow depth, so it must not read them all)."""
    path = write(tmp_path / "deep.yaml", text)
    start = time.perf_counter()
    proc = subprocess_lint("--format", "json", path, timeout=60)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])  # not -11 (SIGSEGV)
    assert "RecursionError" not in proc.stderr and "Traceback" not in proc.stderr
    payload = json.loads(proc.stdout)
    assert found(payload) == [("JL903", path, line, column)]
    assert payload["findings"][0]["message"] == "document is nested deeper than 256 levels; refused"
    assert elapsed < 20, f"took {elapsed:.1f}s"


def test_block_nesting_below_and_above_the_limit(tmp_path: Path) -> None:
    def nested(levels: int) -> str:
        return "".join("  " * i + "a:\n" for i in range(levels)) + "  " * levels + "leaf\n"

    shallow = write(tmp_path / "shallow.yaml", nested(250))
    deep = write(tmp_path / "deep.yaml", nested(300))
    code, payload = lint_json(shallow, deep)
    assert code == 1
    # 250 levels is only "not an object" (no kind); 300 levels is refused at level 257, as the
    # event check counts for long lines, so line length never changes the verdict.
    assert found(payload) == [("JL907", shallow, 1, 1), ("JL903", deep, 257, 513)]


@pytest.mark.parametrize("levels, refused", [(256, False), (257, True)])
@pytest.mark.parametrize("long_line", [False, True], ids=["converter", "event-check"])
def test_depth_limit_is_the_same_whatever_the_line_length(tmp_path: Path, levels: int, refused: bool, long_line: bool) -> None:
    """An empty innermost collection counts as a level in both depth checks; a long line (which
    sends the text through the event check first) does not change the verdict."""
    text = "[" * levels + "]" * levels + ("  # " + "x" * 3000 if long_line else "") + "\n"
    code, payload = lint_json(write(tmp_path / "deep.yaml", text))
    assert code == 1
    if refused:
        assert [(f["code"], f["line"], f["column"]) for f in payload["findings"]] == [("JL903", 1, 257)]
    else:
        assert [f["code"] for f in payload["findings"]] == ["JL907"]  # a list, not an object


def test_flow_colons_and_a_long_line(tmp_path: Path) -> None:
    """`{image: busybox:1.36}` (read by the Python parser, as kubectl reads it) in a file with a
    line long enough to send it through the depth check first: still no syntax error."""
    text = JOB.replace("      containers:\n", "      nodeSelector: {pool: a:b}\n      containers:\n") + (
        "# " + "x" * 3000 + "\n"
    )
    code, payload = lint_json(write(tmp_path / "long.yaml", text))
    assert [f["code"] for f in payload["findings"] if f["code"].startswith("JL9")] == []
    assert payload["documents"] == 1


@pytest.mark.parametrize("levels", [300, 600, 5000])
def test_deep_nesting_that_only_the_python_parser_reads(tmp_path: Path, levels: int) -> None:
    """The Python parser recurses; past the limit the document is refused where it passes 256
    levels, with no RecursionError and no position-less message."""
    text = "kind: Job\nmetadata: {labels: {a: b:c}}\nspec:\n  x: " + "[" * levels + "]" * levels + "\n"
    code, payload = lint_json(write(tmp_path / "deep.yaml", text))
    assert code == 1
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in payload["findings"]] == [
        ("JL903", 4, 5 + 255, "document is nested deeper than 256 levels; refused")
    ]


def test_file_over_the_configured_size_bound(tmp_path: Path) -> None:
    config = write(tmp_path / "joblint.yaml", "max-file-bytes: 1000\n")
    big = write(tmp_path / "big.yaml", JOB + "# padding\n" * 100)
    small = write(tmp_path / "small.yaml", JOB)
    size = os.path.getsize(big)
    code, payload = lint_json("--config", config, big, small)
    assert code == 1
    assert found(payload) == [("JL902", big, 1, 1)]
    assert payload["findings"][0]["message"] == f"file is {size} bytes, over the limit of 1000; refused"
    assert payload["documents"] == 1
    # standard input is bounded too
    code, payload = lint_json("--config", config, "-", input=JOB + "# padding\n" * 100)
    assert code == 1
    assert found(payload) == [("JL902", "-", 1, 1)]
    assert payload["findings"][0]["message"] == "input is over the limit of 1000 bytes; refused"
    # without the key, the default bound (16 MiB) lets the file through
    code, payload = lint_json(big)
    assert (code, payload["findings"], payload["documents"]) == (0, [], 1)


def test_invalid_size_bound_stops_the_run(tmp_path: Path) -> None:
    config = write(tmp_path / "joblint.yaml", "max-file-bytes: -5\n")
    result = run("--config", config, write(tmp_path / "a.yaml", JOB))
    assert result.exit_code == 2
    assert "max-file-bytes is a positive integer" in result.stderr


# --- YAML syntax, tabs, encodings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        ("a: [1, 2\nb: 3\n", 2, 2, "did not find expected ',' or ']' (while parsing a flow sequence)"),
        ('a: "unterminated\n', 2, 1, "found unexpected end of stream (while scanning a quoted scalar)"),
        ("a: b: c\n", 1, 5, "mapping values are not allowed in this context"),
        ("- a\nb: c\n", 2, 1, "did not find expected '-' indicator (while parsing a block collection)"),
    ],
)
def test_syntax_error_has_the_parsers_line_and_column(tmp_path: Path, text: str, line: int, column: int, message: str) -> None:
    path = write(tmp_path / "broken.yaml", text)
    code, payload = lint_json(path)
    assert code == 1
    assert found(payload) == [("JL908", path, line, column)]
    assert payload["findings"][0]["message"] == f"YAML syntax error: {message}"


def test_tabs(tmp_path: Path) -> None:
    indented = write(tmp_path / "indented.yaml", JOB.replace("  name: pi", "\tname: pi"))
    separator = write(tmp_path / "separator.yaml", JOB.replace("  name: pi", "  name:\tpi"))
    code, payload = lint_json(indented, separator)
    assert code == 1
    # a tab cannot indent YAML; after a colon it is only white space
    assert found(payload) == [("JL908", indented, 4, 1)]
    assert payload["findings"][0]["message"].startswith("YAML syntax error: found character that cannot start any token")
    assert payload["documents"] == 1


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "latin1.yaml", JOB.replace("name: pi", "name: caf\xe9").encode("latin-1"))
    code, payload = lint_json(path)
    assert code == 1
    assert found(payload) == [("JL901", path, 4, 12)]
    assert payload["findings"][0]["message"] == "not valid UTF-8: byte 0xe9 at byte offset 52"


@pytest.mark.parametrize(
    "bom, encoding",
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF8, "utf-8"),
    ],
)
def test_unicode_with_a_byte_order_mark_is_read(tmp_path: Path, bom: bytes, encoding: str) -> None:
    """Read as the same text: same findings at the same positions as the UTF-8 file."""
    text = FIXABLE.replace("image: perl:5.34.0", "image: perl:5.34.0\n        command: [perl, -e, 'print \"ü 日本 🎉\"']")
    plain = write(tmp_path / "plain.yaml", text)
    marked = write(tmp_path / "marked.yaml", bom + text.encode(encoding))
    code, payload = lint_json(plain, marked)
    assert code == 1
    by_file: dict[str, list[dict[str, Any]]] = {}
    for f in payload["findings"]:
        by_file.setdefault(f["file"], []).append({k: v for k, v in f.items() if k != "file"})
    assert by_file[plain] == by_file[marked]
    assert [(f["code"], f["line"], f["column"]) for f in by_file[plain]] == [("JL001", 11, 7)]


def test_utf16_without_a_byte_order_mark_is_not_text(tmp_path: Path) -> None:
    path = write(tmp_path / "utf16.yaml", JOB.encode("utf-16-le"))
    code, payload = lint_json(path)
    assert code == 1
    assert found(payload) == [("JL901", path, 1, 1)]


def test_broken_utf16(tmp_path: Path) -> None:
    path = write(tmp_path / "utf16.yaml", codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    code, payload = lint_json(path)
    assert code == 1
    assert [c for c, *_ in found(payload)] == ["JL901"]
    assert payload["findings"][0]["message"].startswith("not valid UTF-16-LE text")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file (contains NUL bytes); not YAML"),
        (b"\x7fELF\x02\x01\x01\x00" + os.urandom(64), "binary file (contains NUL bytes); not YAML"),
    ],
)
def test_binary_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path / "image.yaml", content)
    code, payload = lint_json(path)
    assert code == 1
    assert found(payload) == [("JL901", path, 1, 1)]
    assert payload["findings"][0]["message"] == message


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"   \n\t\n", b"# only a comment\n", b"---\n", b"---\n---\n...\n", b"~\n", b"null\n---\n# c\n", codecs.BOM_UTF8],
)
def test_empty_files_and_documents(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "empty.yaml", content)
    result = run("--format", "json", path)
    payload = json.loads(result.stdout)
    assert (result.exit_code, payload["files"], payload["documents"], payload["findings"]) == (0, 1, 0, [])
    text = run(path)
    assert text.exit_code == 0 and text.stdout == "Found no problems in 1 file (0 documents).\n"


def test_empty_documents_between_objects_keep_document_indexes(tmp_path: Path) -> None:
    path = write(tmp_path / "stream.yaml", "---\n---\n" + FIXABLE)
    code, payload = lint_json(path)
    assert code == 1 and payload["documents"] == 1
    assert {(f["code"], f["document"], f["line"]) for f in payload["findings"]} == {("JL001", 1, 13)}  # document 0 is the empty one


# --- documents that are not objects ---------------------------------------------------------------


def test_scalar_and_list_documents(tmp_path: Path) -> None:
    path = write(tmp_path / "odd.yaml", "hello\n---\n- a\n- b\n---\n42\n---\ntrue\n")
    code, payload = lint_json(path)
    assert code == 1
    assert [(f["code"], f["line"], f["document"], f["message"]) for f in payload["findings"]] == [
        ("JL907", 1, 0, "document is a string, not a Kubernetes object"),
        ("JL907", 3, 1, "document is a list, not a Kubernetes object"),
        ("JL907", 6, 2, "document is an integer, not a Kubernetes object"),
        ("JL907", 8, 3, "document is a boolean, not a Kubernetes object"),
    ]


@pytest.mark.parametrize(
    "kind_line, line, column, message",
    [
        ("", 1, 1, "Object 'Kind' is missing"),
        ("kind: [Job]\n", 2, 7, "kind must be a string"),
        ("kind: {a: 1}\n", 2, 7, "kind must be a string"),
        ("kind: 5\n", 2, 7, "kind must be a string"),
        ("kind: null\n", 2, 7, "Object 'Kind' is missing"),
        ('kind: ""\n', 2, 7, "Object 'Kind' is missing"),
    ],
)
def test_kind_missing_or_not_a_string(tmp_path: Path, kind_line: str, line: int, column: int, message: str) -> None:
    path = write(tmp_path / "kind.yaml", JOB.replace("kind: Job\n", kind_line))
    code, payload = lint_json(path)
    assert code == 1
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in payload["findings"]] == [("JL907", line, column, message)]


def test_list_kinds_with_broken_items(tmp_path: Path) -> None:
    """`kind: List` holding a scalar, a list and an item with an unhashable kind."""
    text = "apiVersion: v1\nkind: List\nitems:\n- 1\n- [2]\n- {kind: [Job]}\n"
    path = write(tmp_path / "list.yaml", text)
    code, payload = lint_json(path)
    assert code == 1
    assert [(f["code"], f["line"], f["item"]) for f in payload["findings"]] == [("JL907", 4, 0), ("JL907", 5, 1), ("JL907", 6, 2)]


@pytest.mark.parametrize(
    "metadata, word",
    [("metadata: [pi]", "array"), ("metadata: pi", "string"), ("metadata: 5", "number"), ("metadata: true", "bool")],
)
def test_metadata_not_a_map(tmp_path: Path, metadata: str, word: str) -> None:
    path = write(tmp_path / "meta.yaml", JOB.replace("metadata:\n  name: pi", metadata))
    code, payload = lint_json(path)
    assert code == 1
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in payload["findings"]] == [
        ("JL004", 3, 11, f"json: cannot unmarshal {word} into Go struct field Job.metadata of type v1.ObjectMeta")
    ]


@pytest.mark.parametrize(
    "field, value, shown, go_type",
    [
        ("backoffLimit", "2147483648", "2147483648", "int32"),
        ("backoffLimit", "-2147483649", "-2147483649", "int32"),
        ("activeDeadlineSeconds", "9223372036854775808", "9223372036854775808", "int64"),
        ("activeDeadlineSeconds", "99999999999999999999999", "1e+23", "int64"),
        ("activeDeadlineSeconds", "1.5", "1.5", "int64"),
    ],
)
def test_numbers_out_of_range(tmp_path: Path, field: str, value: str, shown: str, go_type: str) -> None:
    text = JOB.replace("  backoffLimit: 4\n", f"  backoffLimit: {value}\n" if field == "backoffLimit" else "  backoffLimit: 4\n")
    if field == "activeDeadlineSeconds":
        text = text.replace("activeDeadlineSeconds: 600", f"activeDeadlineSeconds: {value}")
    path = write(tmp_path / "ints.yaml", text)
    code, payload = lint_json(path)
    assert code == 1
    line, column = (6, 17) if field == "backoffLimit" else (7, 26)
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in payload["findings"]] == [
        ("JL004", line, column, f"json: cannot unmarshal number {shown} into Go struct field JobSpec.spec.{field} of type {go_type}")
    ]


@pytest.mark.parametrize("value, shown", [(".inf", "+Inf"), ("-.Inf", "-Inf"), (".nan", "NaN"), (".NaN", "NaN")])
def test_non_finite_numbers(tmp_path: Path, value: str, shown: str) -> None:
    path = write(tmp_path / "inf.yaml", JOB.replace("  name: pi\n", f"  name: pi\n  labels:\n    x: {value}\n"))
    code, payload = lint_json(path)
    assert code == 1
    jl906 = [f for f in payload["findings"] if f["code"] == "JL906"]
    assert [(f["line"], f["column"], f["message"]) for f in jl906] == [
        (6, 8, f"json: unsupported value: {shown} (infinity and NaN cannot be sent to the API server)")
    ]


def test_non_finite_number_outside_a_job_is_still_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: .inf}\n")
    code, payload = lint_json(path)
    assert code == 1
    assert found(payload) == [("JL906", path, 4, 11)]


# --- tags never construct objects ----------------------------------------------------------------


@pytest.mark.parametrize(
    "tagged, shown",
    [
        ('!!python/object/apply:os.system ["touch {marker}"]', "tag:yaml.org,2002:python/object/apply:os.system"),
        ('!!python/object/new:os.system ["touch {marker}"]', "tag:yaml.org,2002:python/object/new:os.system"),
        ("!!python/name:os.system ''", "tag:yaml.org,2002:python/name:os.system"),
        ('!!python/object:subprocess.Popen {{args: ["touch", "{marker}"]}}', "tag:yaml.org,2002:python/object:subprocess.Popen"),
        ("!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']", "tag:yaml.org,2002:python/object/apply:os.system"),
        ("!custom value", "!custom"),
        ("!custom {{a: 1}}", "!custom"),
        ("!!set {{a, b}}", "tag:yaml.org,2002:set"),
        ("!!omap [a: 1]", "tag:yaml.org,2002:omap"),
    ],
)
def test_yaml_tags_never_construct_objects(tmp_path: Path, tagged: str, shown: str) -> None:
    marker = tmp_path / "PWNED"
    value = tagged.format(marker=marker)
    text = JOB.replace("  name: pi\n", f"  name: pi\n  labels:\n    x: {value}\n")
    path = write(tmp_path / "tags.yaml", text)
    for command in (["lint", "--format", "json", path], ["defaults", path], ["lint", "--fix", path]):
        CliRunner().invoke(main, command, catch_exceptions=False)
    assert not marker.exists()
    code, payload = lint_json(path)
    assert code == 1
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in payload["findings"]] == [
        ("JL905", 6, 8, f"unsupported YAML tag {shown!r}")
    ]
    assert Path(path).read_text() == text  # --fix left the file alone


def test_standard_tags_resolve_as_kubectl_does(tmp_path: Path) -> None:
    text = JOB.replace("backoffLimit: 4", "backoffLimit: !!int 4").replace("name: pi\n", "name: !!str pi\n  labels: {n: !!str 5}\n", 1)
    path = write(tmp_path / "std.yaml", text)
    code, payload = lint_json(path)
    assert (code, payload["findings"]) == (0, [])


# --- rule files cannot run code ------------------------------------------------------------------

RULE = """\
code: JL950
name: my-rule
severity: warning
summary: A rule of my own.
rationale: Because.
fix: Do something.
applies-to: [Job]
"""


def _rule_config(tmp_path: Path, body: str, allow: bool | None = None) -> str:
    write(tmp_path / "rules" / "JL950-my-rule.yaml", RULE + body)
    extra = "" if allow is None else f"allow-plugins: {'true' if allow else 'false'}\n"
    return write(tmp_path / "joblint.yaml", f"rule-paths: [rules]\n{extra}")


@pytest.mark.parametrize("allow", [None, False])
@pytest.mark.parametrize("check", ["os:system", "subprocess:call", "builtins:exec", "joblint.checksevil:f", "tests.conftest:lint_text"])
def test_rule_file_check_outside_joblint_checks_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check: str, allow: bool | None) -> None:
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[Any] = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    config = _rule_config(tmp_path, f"check: {check}\n", allow)
    result = run("--config", config, write(tmp_path / "a.yaml", JOB))
    assert result.exit_code == 2
    assert f"check {check!r} is outside joblint.checks; set `allow-plugins: true` in the configuration" in result.stderr
    assert str(tmp_path / "rules" / "JL950-my-rule.yaml") in result.stderr
    assert calls == []
    for command in (["rules", "--config", config], ["explain", "JL950", "--config", config]):
        assert CliRunner().invoke(main, command).exit_code == 2


def test_rule_file_with_python_tags_constructs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(tmp_path / "cache"))
    marker = tmp_path / "PWNED"
    config = _rule_config(tmp_path, f'check: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = CliRunner().invoke(main, ["lint", "--config", config, write(tmp_path / "a.yaml", JOB)])
    assert not marker.exists()
    assert result.exit_code != 0


def test_rule_file_with_python_tags_is_a_configuration_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(tmp_path / "cache"))
    config = _rule_config(tmp_path, 'check: !!python/object/apply:os.system ["true"]\n')
    result = CliRunner().invoke(main, ["lint", "--config", config, write(tmp_path / "a.yaml", JOB)])
    assert result.exit_code == 2 and "JL950-my-rule.yaml" in result.stderr


@pytest.mark.parametrize("check", ["joblint.checks.nothere:f", "joblint.checks.jobs:json", "joblint.checks.jobs:nothere"])
def test_rule_file_check_that_cannot_be_called_is_a_configuration_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check: str) -> None:
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(tmp_path / "cache"))
    config = _rule_config(tmp_path, f"check: {check}\n")
    result = CliRunner().invoke(main, ["lint", "--config", config, write(tmp_path / "a.yaml", JOB)])
    assert result.exit_code == 2 and "JL950" in result.stderr


def test_rule_file_message_placeholders_are_not_evaluated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(tmp_path / "cache"))
    marker = tmp_path / "PWNED"
    body = (
        "match: {path: $.spec.backoffLimit, equals: 4}\n"
        f"message: \"backoff {{__import__('os').system('touch {marker}')}} {{$.spec.backoffLimit}}\"\n"
    )
    config = _rule_config(tmp_path, body)
    path = write(tmp_path / "a.yaml", JOB)
    code, payload = lint_json("--config", config, path)
    assert not marker.exists()
    assert code == 1
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in payload["findings"]] == [
        ("JL950", 6, 17, f"backoff {{__import__('os').system('touch {marker}')}} 4")
    ]


# --- the file system -----------------------------------------------------------------------------


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.yaml", JOB)
    os.chmod(path, 0)
    try:
        code, payload = lint_json(path, write(tmp_path / "ok.yaml", JOB))
    finally:
        os.chmod(path, 0o644)
    assert code == 1
    assert found(payload) == [("JL900", path, 1, 1)]
    assert payload["findings"][0]["message"] == "cannot read: Permission denied"


def test_unreadable_directory_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory that cannot be listed is reported as such, and the rest is still linted."""
    import joblint.source

    locked = tmp_path / "locked"
    locked.mkdir()
    write(locked / "job.yaml", JOB)
    ok = write(tmp_path / "ok.yaml", JOB)
    real_scandir = os.scandir

    def fake_scandir(path: Any = ".") -> Any:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(joblint.source.os, "scandir", fake_scandir)
    code, payload = lint_json(str(tmp_path))
    assert code == 1
    assert [(f["code"], f["file"], f["message"]) for f in payload["findings"]] == [
        ("JL900", str(locked), "cannot read: Permission denied")
    ]
    assert payload["files"] == 2 and ok


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same through a failing open(), so that it also runs as root."""
    import builtins

    import joblint.source

    path = write(tmp_path / "secret.yaml", JOB)
    real_open = builtins.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == path:
            raise PermissionError(13, "Permission denied", path)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(joblint.source, "open", fake_open, raising=False)
    code, payload = lint_json(str(tmp_path))
    assert code == 1
    assert found(payload) == [("JL900", path, 1, 1)]
    assert payload["findings"][0]["message"] == "cannot read: Permission denied"


@pytest.mark.skipif(IS_ROOT, reason="root reads directories whatever their mode")
def test_unreadable_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    write(locked / "a.yaml", JOB)
    ok = write(tmp_path / "ok.yaml", JOB)
    os.chmod(locked, 0)
    try:
        code, payload = lint_json(str(tmp_path))
    finally:
        os.chmod(locked, 0o755)
    assert code == 1
    assert found(payload) == [("JL900", str(locked), 1, 1)]
    assert payload["files"] == 2 and payload["documents"] == 1 and ok


def test_unreadable_directory_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    write(locked / "a.yaml", JOB)
    write(tmp_path / "ok.yaml", JOB)
    real_scandir = os.scandir

    def fake_scandir(path: Any = ".") -> Any:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    code, payload = lint_json(str(tmp_path))
    assert code == 1
    assert found(payload) == [("JL900", str(locked), 1, 1)]
    assert payload["files"] == 2 and payload["documents"] == 1


def test_symlink_loops(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    write(root / "sub" / "job.yaml", JOB)
    os.symlink("..", root / "sub" / "up")  # a directory loop
    os.symlink("b.yaml", root / "a.yaml")  # a file loop
    os.symlink("a.yaml", root / "b.yaml")
    os.symlink("missing.yaml", root / "dangling.yaml")
    proc = subprocess_lint("--format", "json", str(root), timeout=60)
    assert proc.returncode == 1, proc.stderr
    payload = json.loads(proc.stdout)
    assert [(c, Path(f).name, m["message"]) for (c, f, *_), m in zip(found(payload), payload["findings"])] == [
        ("JL900", "a.yaml", "cannot read: Too many levels of symbolic links"),
        ("JL900", "b.yaml", "cannot read: Too many levels of symbolic links"),
        ("JL900", "dangling.yaml", "cannot read: No such file or directory"),
    ]
    assert payload["documents"] == 1  # sub/job.yaml, once


def test_named_pipe_is_skipped_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    ok = write(tmp_path / "ok.yaml", JOB)
    for args in ([str(fifo)], [str(tmp_path)]):
        proc = subprocess_lint("--format", "json", *args, timeout=30)  # a read would block forever
        assert proc.returncode == 1, proc.stderr
        payload = json.loads(proc.stdout)
        assert found(payload) == [("JL900", str(fifo), 1, 1)]
        assert payload["findings"][0]["message"] == "not a regular file; skipped"
    assert ok


def test_devices_are_skipped(tmp_path: Path) -> None:
    proc = subprocess_lint("--format", "json", "/dev/zero", "/dev/null", timeout=30)
    assert proc.returncode == 1
    assert [(c, f) for c, f, *_ in found(json.loads(proc.stdout))] == [("JL900", "/dev/zero"), ("JL900", "/dev/null")]


def test_standard_input_given_twice_is_read_once() -> None:
    code, payload = lint_json("-", "-", input=FIXABLE)
    assert code == 1
    assert payload["files"] == 1 and payload["documents"] == 1
    assert [(f["code"], f["file"]) for f in payload["findings"]] == [("JL001", "-")]


def test_paths_with_spaces_and_non_ascii_names(tmp_path: Path) -> None:
    a = write(tmp_path / "with space" / "my job.yaml", FIXABLE)
    b = write(tmp_path / "nön-äscii" / "jöb ü 日本.yaml", FIXABLE)
    code, payload = lint_json(str(tmp_path))
    assert code == 1
    assert [(f["code"], f["file"]) for f in payload["findings"]] == [("JL001", b), ("JL001", a)]  # sorted: "n" < "w"
    text = run(a, b).stdout
    assert f"{a}:11:7: JL001 error" in text and f"{b}:11:7: JL001 error" in text
    result = CliRunner().invoke(main, ["lint", "--fix", a, b], catch_exceptions=False)
    assert result.exit_code == 0
    assert "restartPolicy: Never" in Path(a).read_text() and "restartPolicy: Never" in Path(b).read_text()


def test_non_utf8_file_name(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xff.yaml")
    path = write(tmp_path / name, FIXABLE)
    proc = subprocess_lint(str(tmp_path), timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout.startswith(f"{path}:11:7: JL001 error")  # the name's bytes, as they are
    fixed = subprocess_lint("--fix", str(tmp_path), timeout=60)
    assert fixed.returncode == 0 and "Traceback" not in fixed.stderr
    assert Path(path).read_text().endswith("      restartPolicy: Never\n")


@pytest.mark.parametrize("args", [["--format", "sarif"], ["--output", "report.txt"]])
def test_non_utf8_file_name_in_reports(tmp_path: Path, args: list[str]) -> None:
    name = os.fsdecode(b"bad\xff.yaml")
    write(tmp_path / "in" / name, FIXABLE)
    proc = subprocess_lint(*args, "in", timeout=60, cwd=str(tmp_path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-500:]


def test_defaults_command_with_hostile_input(tmp_path: Path) -> None:
    """`joblint defaults` prints what it can and names every problem; exit 2 (its contract)."""
    cases: dict[str, tuple[str | bytes, str | None]] = {
        "bomb.yaml": (BILLION_LAUGHS, "bomb.yaml:10:4: JL902 document expands to 597871 nodes"),
        "deep.yaml": ("[" * 100_000 + "\n", "deep.yaml:1:257: JL903 document is nested deeper than 256 levels; refused"),
        "rec.yaml": ("a: &a\n  b: *a\n", "rec.yaml:1:4: JL904 recursive alias"),
        "tag.yaml": ("!!python/object/apply:os.system [true]\n", "tag.yaml:1:1: JL905 unsupported YAML tag"),
        "bin.yaml": (b"\x00\x01\x02", "bin.yaml:1:1: JL901 binary file"),
        "kind.yaml": (JOB.replace("kind: Job", "kind: [Job]"), None),
        "ints.yaml": (JOB.replace("backoffLimit: 4", "backoffLimit: 99999999999"), "ints.yaml:1:1: Job not stored: json: cannot unmarshal number 99999999999"),
    }
    good = write(tmp_path / "good.yaml", JOB)
    for name, (content, expected) in cases.items():
        path = write(tmp_path / name, content)
        result = CliRunner().invoke(main, ["defaults", "--format", "json", path, good], catch_exceptions=False)
        assert json.loads(result.stdout)["metadata"]["name"] == "pi"  # the good file is still printed
        if expected is None:
            assert result.exit_code == 0 and result.stderr == ""
        else:
            assert result.exit_code == 2
            assert result.stderr.startswith(str(tmp_path / expected)), result.stderr


# --- exit codes ----------------------------------------------------------------------------------


def test_exit_2_only_for_what_stops_the_run(tmp_path: Path) -> None:
    bomb = write(tmp_path / "bomb.yaml", BILLION_LAUGHS)
    binary = write(tmp_path / "bin.yaml", b"\x00\x01")
    good = write(tmp_path / "good.yaml", JOB)
    # per-file problems: findings, exit 1
    assert run(bomb, binary, good).exit_code == 1
    # a missing path is an I/O error of the run: exit 2, and the other files are still reported
    result = run("--format", "json", str(tmp_path / "missing.yaml"), bomb)
    assert result.exit_code == 2
    assert "missing.yaml: no such file or directory" in result.stderr
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["JL902"]
    # configuration and usage errors: exit 2
    bad = write(tmp_path / "bad.yaml", "nonsense-key: 1\n")
    assert run("--config", bad, good).exit_code == 2
    assert run("--kubernetes-version", "0.1", good).exit_code == 2
    assert run().exit_code == 2
    # a hostile configuration file is a configuration error, not a crash
    hostile = write(tmp_path / "hostile.yaml", BILLION_LAUGHS.replace("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: lol\n", ""))
    result = run("--config", hostile, good)
    assert result.exit_code == 2 and "JL902" not in result.stdout
    assert "over the limit of 200000" in result.stderr
    # only-good input: 0
    assert run(good).exit_code == 0


# --- --fix never loses a byte --------------------------------------------------------------------


def test_fix_writes_atomically_and_keeps_permissions(tmp_path: Path) -> None:
    path = write(tmp_path / "job.yaml", FIXABLE)
    os.chmod(path, 0o640)
    inode = os.stat(path).st_ino
    result = CliRunner().invoke(main, ["lint", "--fix", path], catch_exceptions=False)
    assert result.exit_code == 0
    st = os.stat(path)
    assert st.st_mode & 0o7777 == 0o640
    assert st.st_ino != inode  # replaced by rename, never rewritten in place
    assert Path(path).read_text() == JOB.replace("      restartPolicy: Never\n", "") + "      restartPolicy: Never\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["job.yaml"]  # no temporary file left


def test_fix_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = write(tmp_path / "real" / "job.yaml", FIXABLE)
    link = tmp_path / "link.yaml"
    os.symlink(target, link)
    assert CliRunner().invoke(main, ["lint", "--fix", str(link)], catch_exceptions=False).exit_code == 0
    assert link.is_symlink() and "restartPolicy: Never" in Path(target).read_text()


def test_fix_never_touches_an_unchanged_file(tmp_path: Path) -> None:
    clean = write(tmp_path / "clean.yaml", JOB)
    unfixable = write(tmp_path / "unfixable.yaml", JOB.replace("backoffLimit: 4", "backoffLimit: -1"))
    broken = write(tmp_path / "broken.yaml", "a: [\n")
    bomb = write(tmp_path / "bomb.yaml", BILLION_LAUGHS)
    fixable = write(tmp_path / "fixable.yaml", FIXABLE)
    past = time.time() - 3600
    for p in (clean, unfixable, broken, bomb, fixable):
        os.utime(p, (past, past))
    before = {p: (os.stat(p).st_mtime_ns, os.stat(p).st_ino, Path(p).read_bytes()) for p in (clean, unfixable, broken, bomb)}
    result = CliRunner().invoke(main, ["lint", "--fix", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "fixed 1 finding(s) in 1 file(s)" in result.stderr
    after = {p: (os.stat(p).st_mtime_ns, os.stat(p).st_ino, Path(p).read_bytes()) for p in before}
    assert after == before
    assert os.stat(fixable).st_mtime_ns != int(past * 1e9)


def test_fix_keeps_encoding_bom_and_line_endings(tmp_path: Path) -> None:
    text = FIXABLE.replace("\n", "\r\n")
    path = write(tmp_path / "utf16.yaml", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert CliRunner().invoke(main, ["lint", "--fix", path], catch_exceptions=False).exit_code == 0
    raw = Path(path).read_bytes()
    assert raw.startswith(codecs.BOM_UTF16_LE)
    assert raw[2:].decode("utf-16-le") == text + "      restartPolicy: Never\r\n"


def test_fix_refuses_a_file_changed_on_disk_since_it_was_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import joblint.autofix

    path = write(tmp_path / "job.yaml", FIXABLE)
    other = write(tmp_path / "other.yaml", FIXABLE)
    concurrent = FIXABLE.replace("name: pi", "name: edited-meanwhile")
    real = joblint.autofix.apply_fixes_report

    def edit_meanwhile(p: str, text: str, fixes: Any) -> Any:
        if p == path and Path(path).read_text() != concurrent:
            Path(path).write_text(concurrent)  # someone saves the file while joblint works
        return real(p, text, fixes)

    monkeypatch.setattr(joblint.autofix, "apply_fixes_report", edit_meanwhile)
    result = CliRunner().invoke(main, ["lint", "--fix", path, other], catch_exceptions=False)
    assert f"{path}: not fixed: it changed on disk since it was read; not written" in result.stderr
    assert Path(path).read_text() == concurrent  # the other writer's bytes, untouched
    assert "restartPolicy: Never" in Path(other).read_text()  # the other file is still fixed
    assert "fixed 1 finding(s) in 1 file(s)" in result.stderr
    assert result.exit_code == 1  # the report is of the disk: JL001 remains in job.yaml


def test_fix_refuses_a_file_changed_while_being_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "job.yaml", FIXABLE)
    real_fsync = os.fsync

    def fsync_and_edit(fd: int) -> None:
        real_fsync(fd)
        Path(path).write_text(FIXABLE + "# edited\n")

    monkeypatch.setattr(os, "fsync", fsync_and_edit)
    result = CliRunner().invoke(main, ["lint", "--fix", path], catch_exceptions=False)
    assert f"{path}: not fixed: it changed on disk while being fixed; not written" in result.stderr
    assert Path(path).read_text() == FIXABLE + "# edited\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["job.yaml"]


def test_fix_in_a_directory_it_cannot_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure to write (read-only directory, full disk) is reported, not a traceback."""
    import tempfile

    path = write(tmp_path / "job.yaml", FIXABLE)

    def no_space(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_space)
    result = CliRunner().invoke(main, ["lint", "--fix", path], catch_exceptions=False)
    assert f"{path}: not fixed: cannot write it: No space left on device" in result.stderr
    assert "fixed 0 finding(s) in 0 file(s)" in result.stderr
    assert result.exit_code == 1
    assert Path(path).read_text() == FIXABLE


def test_fix_when_the_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "job.yaml", FIXABLE)

    def refuse(*args: Any) -> None:
        raise OSError(16, "Device or resource busy")

    monkeypatch.setattr(os, "replace", refuse)
    result = CliRunner().invoke(main, ["lint", "--fix", path], catch_exceptions=False)
    assert f"{path}: not fixed: cannot write it: Device or resource busy" in result.stderr
    assert Path(path).read_text() == FIXABLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["job.yaml"]  # the temporary file is gone


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only directories")
def test_fix_in_a_read_only_directory(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    path = write(directory / "job.yaml", FIXABLE)
    os.chmod(directory, 0o555)
    try:
        result = CliRunner().invoke(main, ["lint", "--fix", path], catch_exceptions=False)
    finally:
        os.chmod(directory, 0o755)
    assert "not fixed: cannot write it: Permission denied" in result.stderr
    assert Path(path).read_text() == FIXABLE


# --- determinism ---------------------------------------------------------------------------------

NAMES = ["b.yaml", "a.yaml", "sub/z.yaml", "sub/a.yaml", "A.yaml", "sub-x/c.yaml", "sub.x/d.yaml", "é.yaml", "0.yml"]


def _corpus(i: int) -> str:
    """Varied documents: findings of every stage, and names shared across files (JL300)."""
    kinds = [
        FIXABLE.replace("name: pi", f"name: job-{i % 5}"),
        JOB.replace("name: pi", f"name: job-{i % 5}"),
        BILLION_LAUGHS,
        "a: [\n",
        JOB.replace("backoffLimit: 4", "backoffLimit: .inf"),
        JOB.replace("kind: Job", "kind: [Job]"),
        FIXABLE + "---\n" + JOB.replace("name: pi", "name: dup") + "---\n" + JOB.replace("name: pi", "name: dup"),
    ]
    return kinds[i % len(kinds)]


def _make_tree(root: Path, order: list[int], names: list[str]) -> None:
    for i in order:
        write(root / names[i], _corpus(i))


def _outputs(root: Path, *extra: str) -> tuple[str, str]:
    os.chdir(root)
    config = write(root.parent / f"{root.name}.joblint.yaml", "options:\n  JL300: {across-files: true}\n")
    outs = []
    for fmt in ("json", "text"):
        result = CliRunner().invoke(main, ["lint", "--config", config, "--format", fmt, *extra, "."], catch_exceptions=False)
        assert result.exit_code == 1
        outs.append(result.stdout)
    return outs[0], outs[1]


def test_output_does_not_depend_on_creation_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same names, same contents, created in opposite orders in two directories."""
    monkeypatch.chdir(tmp_path)
    one, two = tmp_path / "one", tmp_path / "two"
    _make_tree(one, list(range(len(NAMES))), NAMES)
    _make_tree(two, list(reversed(range(len(NAMES)))), NAMES)
    assert _outputs(one) == _outputs(two)


def test_output_does_not_depend_on_directory_listing_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "tree"
    _make_tree(root, list(range(len(NAMES))), NAMES)
    expected = _outputs(root)
    real_scandir = os.scandir
    rng = random.Random(7)
    for _ in range(3):

        class Shuffled:
            def __init__(self, path: Any = ".") -> None:
                self.entries = list(real_scandir(path))
                rng.shuffle(self.entries)

            def __iter__(self) -> Any:
                return iter(self.entries)

            def __enter__(self) -> Any:
                return self

            def __exit__(self, *exc: object) -> None:
                pass

        with monkeypatch.context() as patched:
            patched.setattr(os, "scandir", Shuffled)
            assert _outputs(root) == expected


def test_output_is_identical_with_several_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """>= 64 files spreads the work over processes; the report must not change by a byte."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "many"
    names = [f"d{i % 4}/f{i:03d}.yaml" for i in range(80)]
    for i, name in enumerate(names):
        write(root / name, _corpus(i))
    serial = _outputs(root, "--jobs", "1")
    parallel = _outputs(root, "--jobs", "2")
    assert serial == parallel
    assert _outputs(root, "--jobs", "3") == serial
    payload = json.loads(serial[0])
    assert payload["files"] == 80
    assert {f["code"] for f in payload["findings"]} >= {"JL001", "JL902", "JL908", "JL906", "JL907", "JL300"}


def test_output_is_identical_across_processes(tmp_path: Path) -> None:
    """Separate interpreter runs (different hash seeds) print the same bytes."""
    root = tmp_path / "tree"
    _make_tree(root, list(range(len(NAMES))), NAMES)
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed)
        proc = subprocess.run(
            [sys.executable, "-m", "joblint", "lint", "--format", "json", "--jobs", "2", str(root)],
            check=False, capture_output=True, text=True, timeout=120, env=env,
        )
        assert proc.returncode == 1, proc.stderr
        outs.add(proc.stdout)
    assert len(outs) == 1


# --- the dry run behind the JL4xx rules is bounded -------------------------------------------------


def test_huge_parallelism_is_dry_run_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """A work queue with parallelism 2**31-1 is valid for the API server; the controller that
    lint dry-runs must stop on its own (it once created every pod: hours and gigabytes)."""
    path = write(tmp_path / "queue.yaml", JOB.replace("  backoffLimit: 4\n  activeDeadlineSeconds: 600\n", "  parallelism: 2147483647\n"))

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    start = time.perf_counter()
    proc = subprocess_lint("--format", "json", path, timeout=120, preexec_fn=cap)
    assert time.perf_counter() - start < 60
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["documents"] == 1


def test_negative_pod_deadline_does_not_loop_the_dry_run(tmp_path: Path) -> None:
    """Found by bench/fuzz.py: a pod activeDeadlineSeconds of -2**63 (decodes as int64, refused by
    validation) once sent lint's dry run into a loop (minutes, gigabytes)."""
    text = JOB.replace("      restartPolicy: Never\n", "      restartPolicy: OnFailure\n      activeDeadlineSeconds: -9223372036854775808\n")
    text = text.replace("  backoffLimit: 4\n", "  selector:\n    matchLabels: {app: x}\n  manualSelector: true\n")
    path = write(tmp_path / "negative.yaml", text)
    start = time.perf_counter()
    proc = subprocess_lint("--format", "json", path, timeout=120)
    assert time.perf_counter() - start < 60
    assert proc.returncode == 1, proc.stderr[-2000:]
    payload = json.loads(proc.stdout)
    assert ("JL016", path, 14, 30) in found(payload)
    assert "must be between 1 and 2147483647, inclusive" in json.dumps(payload)


def test_a_named_pipe_in_a_rule_directory_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(tmp_path / "cache"))
    config = _rule_config(tmp_path, "check: joblint.checks.jobs:json\n")  # a bad rule, replaced below
    rules = tmp_path / "rules"
    for existing in rules.iterdir():
        existing.unlink()
    os.mkfifo(rules / "JL951.yaml")
    proc = subprocess_lint("--config", config, write(tmp_path / "a.yaml", JOB), timeout=30)
    assert proc.returncode == 0, proc.stderr


def test_select_never_hides_unreadable_input(tmp_path: Path) -> None:
    """Like a syntax error in ruff: input problems are reported whatever rules are selected."""
    bomb = write(tmp_path / "bomb.yaml", BILLION_LAUGHS)
    result = CliRunner().invoke(main, ["lint", "--select", "JL001", "--format", "json", bomb])
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["JL902"]
    ignored = CliRunner().invoke(main, ["lint", "--ignore", "JL902", bomb])
    assert ignored.exit_code == 0  # an explicit ignore still works


def test_an_internal_error_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import joblint.lint

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(joblint.lint, "run_lint", broken)
    monkeypatch.delenv("JOBLINT_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["lint", write(tmp_path / "a.yaml", JOB)])
    assert result.exit_code == 2
    assert result.stderr == "joblint: internal error: RuntimeError: simulated bug (set JOBLINT_DEBUG=1 for details)\n"


def test_a_file_larger_than_its_stat_said_is_read_whole_and_still_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_bytes sizes its read by the stat; a file that grew since (or a /proc-like file that
    reports size 0) is read on, up to the byte limit and no further."""
    import joblint.source
    from joblint.kubeyaml import Limits

    path = write(tmp_path / "job.yaml", FIXABLE)
    size = len(FIXABLE.encode())
    real_stat = os.stat

    def stale_stat(p: Any, *args: Any, **kwargs: Any) -> Any:
        st = real_stat(p, *args, **kwargs)
        if str(p) != path:
            return st
        fields = list(st)
        fields[6] = 0  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(joblint.source.os, "stat", stale_stat)
    assert joblint.source.read_bytes(path) == FIXABLE.encode()
    bounded = joblint.source.read_bytes(path, Limits(max_bytes=size - 10))
    assert bounded == FIXABLE.encode()[: size - 9]  # one byte over the limit tells the caller
    refused = joblint.source.read_path(path, Limits(max_bytes=size - 10))
    assert [p.code for p in refused.problems] == ["JL902"]
