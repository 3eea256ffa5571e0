"""The source stage: encodings, streams, List items, positions, paths."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from joblint.source import expand_paths, locate, read_path

JOB = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\nspec:\n  parallelism: 2\n"


def read(raw: bytes):  # type: ignore[no-untyped-def]
    return read_path("-", stdin=raw)


def test_multi_document_stream_skips_empty_documents() -> None:
    src = read(f"---\n{JOB}---\n# only a comment\n---\n{JOB}".encode())
    # Indexes count every document of the stream, the empty one included.
    assert [d.index for d in src.documents] == [0, 2]
    assert not src.problems


@pytest.mark.parametrize(
    "raw",
    [
        codecs.BOM_UTF8 + JOB.encode(),
        JOB.replace("\n", "\r\n").encode(),
        JOB.encode("utf-16"),
        codecs.BOM_UTF16_BE + JOB.encode("utf-16-be"),
    ],
    ids=["utf8-bom", "crlf", "utf16-le-bom", "utf16-be-bom"],
)
def test_encodings(raw: bytes) -> None:
    src = read(raw)
    assert not src.problems
    assert src.documents[0].data["spec"] == {"parallelism": 2}
    assert locate(src.documents[0].node, ("spec", "parallelism")) == (6, 16)


def test_not_utf8_names_the_position() -> None:
    src = read(b"a: 1\nb: caf\xe9\n")
    assert [(p.code, p.line, p.column) for p in src.problems] == [("JL901", 2, 7)]


def test_binary() -> None:
    assert read(b"\x7fELF\x00\x01\x02").problems[0].code == "JL901"


def test_list_items_are_documents_with_their_own_positions() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n- kind: Job\n  apiVersion: batch/v1\n  spec: {parallelism: 3}\n"
    src = read(text.encode())
    (doc,) = src.documents
    assert doc.item == 0 and doc.data["spec"] == {"parallelism": 3}
    assert locate(doc.node, ("spec", "parallelism")) == (6, 23)


def test_locate_points_at_the_deepest_existing_node() -> None:
    src = read(JOB.encode())
    node = src.documents[0].node
    # A field that is not written points at the mapping that would hold it.
    assert locate(node, ("spec", "completions")) == (6, 3)
    assert locate(node, ("metadata", "name"), at_key=True) == (4, 3)
    assert locate(node, ("metadata", "name")) == (4, 9)


def test_expand_paths_is_sorted_and_recursive(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/z.yaml", "b/a.yml", "a.yaml", "notes.txt"):
        (tmp_path / name).write_text(JOB)
    files, missing = expand_paths([str(tmp_path), str(tmp_path / "nope.yaml"), "-", "-"])
    rel = [os.path.relpath(f, tmp_path) if f != "-" else f for f in files]
    assert rel == ["a.yaml", "b/a.yml", "b/z.yaml", "-"]
    assert missing == [str(tmp_path / "nope.yaml")]


def test_symlink_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.yaml").write_text(JOB)
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    files, _ = expand_paths([str(tmp_path)])
    assert [Path(f).name for f in files] == ["x.yaml"]
