"""Load a compiled schema once per version and turn it into tuples the decoder walks quickly."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Union

from .. import versions

DATA = Path(__file__).resolve().parent / "data"

# Ref kinds.
PRIMITIVE, STRUCT, LIST, MAP = 0, 1, 2, 3


@dataclass(eq=False)
class Struct:
    """A Go struct: its short name (printed in type errors) and its JSON fields."""

    name: str
    go: str
    fields: dict[str, "Ref"]


# (PRIMITIVE, kind, go) | (STRUCT, Struct, go) | (LIST, item, go) | (MAP, value, go)
Ref = tuple[int, Union[str, Struct, "Ref"], str]


class Schema(NamedTuple):
    version: str
    roots: dict[str, Struct]


@lru_cache(maxsize=None)
def schema_for(version: str) -> Schema:
    version = versions.parse_version(version)
    # Read beside this module rather than through importlib.resources, whose import (tempfile,
    # zipfile) is a measurable part of a one-file run; the package is always installed unzipped.
    raw = json.loads((DATA / f"{version}.json").read_text("utf-8"))
    structs = {key: Struct(entry["name"], entry["go"], {}) for key, entry in raw["types"].items()}

    def build(ref: list[Any]) -> Ref:
        tag = ref[0]
        if tag == "p":
            return (PRIMITIVE, ref[1], ref[2])
        if tag == "s":
            target = structs[ref[1]]
            return (STRUCT, target, target.go)
        if tag == "l":
            return (LIST, build(ref[1]), ref[2])
        return (MAP, build(ref[1]), ref[2])

    for key, entry in raw["types"].items():
        structs[key].fields.update({name: build(ref) for name, ref in entry["fields"].items()})
    return Schema(version, {kind: structs[key] for kind, key in raw["roots"].items()})
