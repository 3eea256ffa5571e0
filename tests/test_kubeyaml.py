"""Kubernetes' YAML dialect: scalars resolve as sigs.k8s.io/yaml (go-yaml v2) resolves them."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joblint.kubeyaml import Converter, YamlError, compose_all, resolve_plain


@pytest.mark.parametrize(
    "text,value",
    [
        ("yes", True), ("Yes", True), ("YES", True), ("y", True), ("Y", True), ("on", True), ("ON", True),
        ("true", True), ("no", False), ("n", False), ("N", False), ("off", False), ("Off", False),
        ("false", False), ("FALSE", False), ("~", None), ("null", None), ("Null", None), ("", None),
        ("0755", 493), ("0o17", 15), ("0x1F", 31), ("0b101", 5), ("-0b101", -5), ("+5", 5), ("-7", -7),
        ("1_000", 1000), ("1e3", 1000.0), ("08", 8.0), ("1.5", 1.5), (".5", 0.5), ("-1.5e-3", -0.0015),
        ("2001-12-14", "2001-12-14"), ("2001-12-14T21:59:43.10-05:00", "2001-12-14T21:59:43.10-05:00"),
        ("12:30", "12:30"), ("yesno", "yesno"), ("0x", "0x"), ("-", "-"), ("1.2.3", "1.2.3"),
        ("9223372036854775807", 9223372036854775807), ("18446744073709551615", 18446744073709551615),
        ("NaN", "NaN"), ("TRUE", True), ("True", True), ("tRUE", "tRUE"),
    ],
)
def test_plain_scalars(text: str, value: object) -> None:
    got = resolve_plain(text)
    assert got == value and type(got) is type(value)


def test_non_finite() -> None:
    assert math.isinf(resolve_plain(".inf")) and resolve_plain("-.Inf") < 0
    assert math.isnan(resolve_plain(".NaN"))


def convert(text: str) -> tuple[object, Converter]:
    (node,) = compose_all(text)
    converter = Converter()
    return converter.convert(node), converter


def test_quoted_and_tagged_stay_strings() -> None:
    data, _ = convert("a: 'yes'\nb: \"0755\"\nc: !!str 5\nd: !!int '7'\ne: !!float 1\n")
    assert data == {"a": "yes", "b": "0755", "c": "5", "d": 7, "e": 1.0}


def test_keys_become_strings_like_json() -> None:
    data, _ = convert("1: a\ntrue: b\n1.5: c\nyes: d\n")
    assert data == {"1": "a", "true": "d", "1.5": "c"}


def test_merge_keys_and_aliases() -> None:
    data, _ = convert("base: &b {cpu: 1, mem: 2}\nobj:\n  <<: *b\n  mem: 3\n")
    assert data["obj"] == {"mem": 3, "cpu": 1}


def test_y_as_a_key_is_the_boolean_true() -> None:
    # The YAML 1.1 gotcha the API server shares: `y:` is the key "true".
    data, _ = convert("y: 1\nx: 2\n")
    assert data == {"true": 1, "x": 2}


def test_duplicate_keys_last_wins_and_are_recorded() -> None:
    data, conv = convert("spec:\n  a: 1\n  a: 2\n")
    assert data == {"spec": {"a": 2}}
    assert conv.duplicates == [(("spec", "a"), 3, 3)]


@pytest.mark.parametrize(
    "text,code",
    [
        ("a: !custom 1\n", "JL905"),
        ("? [a]\n: 1\n", "JL905"),
        ("a: &x [1, *x]\n", "JL904"),
        ("<<: 5\n", "JL905"),
        ("a: !!int abc\n", "JL905"),
    ],
)
def test_unconvertible(text: str, code: str) -> None:
    with pytest.raises(YamlError) as info:
        convert(text)
    assert info.value.code == code


def test_non_finite_values_are_flagged() -> None:
    _, conv = convert("a: .inf\n")
    assert [w.code for w in conv.warnings] == ["JL906"]
    assert "unsupported value: +Inf" in conv.warnings[0].message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_resolution_never_raises(text: str) -> None:
    resolve_plain(text)


def test_colon_inside_a_flow_scalar_is_read_as_kubectl_reads_it() -> None:
    """libyaml refuses `{image: busybox:1.36}`; go-yaml accepts it, so joblint must too."""
    from joblint.kubeyaml import compose_all

    (node,) = compose_all("c: {name: a, image: busybox:1.36, debug: no}\n")
    inner = node.value[0][1]
    assert [(k.value, v.value, v.tag) for k, v in inner.value] == [("name", "a", "?"), ("image", "busybox:1.36", "?"), ("debug", "no", "?")]
    assert inner.start_mark.line == 0 and inner.start_mark.column == 3


def test_libyaml_composes_through_pyyaml_with_positions() -> None:
    """PyYAML's libyaml binding composes (in about half the time of ruamel.yaml's); marks are kept."""
    import platform

    import yaml
    from yaml.nodes import MappingNode, SequenceNode

    from joblint import kubeyaml

    if platform.python_implementation() == "CPython":
        assert yaml.__with_libyaml__ and kubeyaml.HAVE_LIBYAML
    (node,) = compose_all("a:\n  b: [x, 'y']\n")
    assert isinstance(node, MappingNode)
    seq = node.value[0][1].value[0][1]
    assert isinstance(seq, SequenceNode) and seq.flow_style
    assert [(n.value, n.tag, n.start_mark.line, n.start_mark.column) for n in seq.value] == [
        ("x", "?", 1, 6),
        ("y", "tag:yaml.org,2002:str", 1, 9),
    ]


@pytest.mark.parametrize(
    "text,problem",
    [
        ("[a?b]\n", "did not find expected ',' or ']'"),  # newer libyaml reads the scalar `a?b`
        ("{a: b?c}\n", "did not find expected ',' or '}'"),
        ("[!x,y]\n", "did not find expected ',' or ']'"),  # newer libyaml reads an empty `!x` scalar
        ("[?]\n", "did not find expected ',' or ']'"),  # newer libyaml reads a mapping of empty scalars
        ("[a:b, c]: d: e\n", "mapping values are not allowed here"),  # the Python parser's words
    ],
)
def test_flow_scalars_newer_libyaml_reads_otherwise_are_read_as_before(text: str, problem: str) -> None:
    """Text that newer libyaml reads otherwise than libyaml 0.1.7 is read (or refused) as before,
    in PyYAML's error class."""
    from yaml.error import MarkedYAMLError

    with pytest.raises(MarkedYAMLError) as info:
        compose_all(text)
    assert info.value.problem == problem


def test_what_only_libyaml_0_1_reads_is_read_as_before() -> None:
    """Newer libyaml refuses `!x[b]` as a tag; it was read as the tag `!x[b]`, in PyYAML's nodes."""
    from yaml.nodes import ScalarNode

    (node,) = compose_all("a: !x[b]\nb: [x, {c: }]\n")
    assert isinstance(node.value[0][1], ScalarNode) and node.value[0][1].tag == "!x[b]"
    assert node.value[1][1].value[1].start_mark.column == 7
    with pytest.raises(YamlError, match="unsupported YAML tag '!x\\[b\\]'"):
        Converter().convert(node)


def test_an_escaped_percent_in_a_tag_is_decoded_once() -> None:
    """`%25` is `%`: the tag is `x%zz` (decoding it twice read `%zz` as an escape and crashed)."""
    with pytest.raises(YamlError) as info:
        convert("a: !<x%25zz> b\n")
    assert info.value.message == "unsupported YAML tag 'x%zz'"
