"""The command line does not look up pydantic plugins.

pydantic looks for plugins (entry points of the `pydantic` group) the first time it builds a
model, and that lookup imports importlib.metadata with email, zipfile and csv: about 10 ms, a
twentieth of a one-file `joblint lint`. joblint's models are its own internals, so a plugin has
nothing to instrument in them; the command line, whose process joblint owns, answers pydantic's
question with "none" before any model is built. A library user's process is left alone.

Only `get_plugins`, the name pydantic asks the loader for, is answered here; any other name
loads the real loader, so a pydantic that asks for more still works as before.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple[()]:
    return ()


def _real_loader(name: str) -> Any:
    if name.startswith("__"):  # the import system asks a module for __path__ and the like
        raise AttributeError(name)
    if sys.modules.get(LOADER) is _STUB:
        del sys.modules[LOADER]
    return getattr(importlib.import_module(LOADER), name)


_STUB = types.ModuleType(LOADER, "pydantic's plugin loader as joblint's command line sees it: no plugins.")
setattr(_STUB, "get_plugins", _no_plugins)
setattr(_STUB, "__getattr__", _real_loader)  # a module's __getattr__ answers names it does not hold


def skip_plugin_lookup() -> None:
    """Answer pydantic's plugin lookup with no plugins, unless the real loader already ran."""
    sys.modules.setdefault(LOADER, _STUB)
