"""The JSON writers (joblint.show): indented_json is json.dumps(indent=2, ensure_ascii=False) byte
for byte, and write_json streams a list with the bytes of dumping it whole."""

from __future__ import annotations

import io
import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from joblint.show import STREAMED, indented_json, write_json

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=30,
)


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@settings(max_examples=400, deadline=None)
@given(values)
def test_indented_json_is_json_dumps(value: Any) -> None:
    assert indented_json(value) == _dumps(value)


def test_what_it_leaves_to_json_dumps() -> None:
    class Text(str):
        pass

    for value in ({1: "a", None: [], 2.5: {}, True: 0}, [Text("x")], {"a": math.pi}):
        assert indented_json(value) == _dumps(value)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=5), values, max_size=3), st.lists(values, max_size=5), st.integers(0, 2))
def test_write_json_streams_the_bytes_of_the_whole(head: dict[str, Any], items: list[Any], depth: int) -> None:
    envelope: dict[str, Any] = {**head, "findings": STREAMED}
    whole: dict[str, Any] = {**head, "findings": items}
    for _ in range(depth):  # the streamed list may sit deeper in the document
        envelope, whole = {"report": envelope}, {"report": whole}
    out = io.StringIO()
    write_json(out, envelope, iter(items))
    assert out.getvalue() == _dumps(whole) + "\n"


@settings(max_examples=200, deadline=None)
@given(values, st.sampled_from(["", "  ", "    "]))
def test_a_margin_starts_every_line_after_the_first(value: Any, margin: str) -> None:
    assert indented_json(value, margin) == _dumps(value).replace("\n", "\n" + margin)
