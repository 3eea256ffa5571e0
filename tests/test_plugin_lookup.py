"""The command line answers pydantic's plugin lookup itself (joblint.plugin_lookup)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_cli_builds_models_without_importing_package_metadata() -> None:
    out = _run(
        """
        import sys
        import joblint.cli
        from joblint import plugin_lookup
        from joblint.model import Job

        job = Job.model_validate({"apiVersion": "batch/v1", "kind": "Job", "spec": {"parallelism": 2}})
        print(job.spec.parallelism, sys.modules[plugin_lookup.LOADER] is plugin_lookup._STUB,
              "importlib.metadata" in sys.modules)
        """
    )
    assert out == "2 True False"


def test_other_names_come_from_the_real_loader() -> None:
    out = _run(
        """
        import sys
        from joblint import plugin_lookup

        plugin_lookup.skip_plugin_lookup()
        from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP

        print(PYDANTIC_ENTRY_POINT_GROUP, sys.modules[plugin_lookup.LOADER] is plugin_lookup._STUB)
        """
    )
    assert out == "pydantic False"


def test_a_loader_already_loaded_is_kept() -> None:
    out = _run(
        """
        import sys
        import pydantic.plugin._loader as real
        from joblint import plugin_lookup

        plugin_lookup.skip_plugin_lookup()
        print(sys.modules[plugin_lookup.LOADER] is real)
        """
    )
    assert out == "True"


def test_a_library_import_leaves_pydantic_alone() -> None:
    out = _run(
        """
        import sys
        import joblint.lint
        from joblint.model import Job

        Job.model_validate({"kind": "Job"})
        print(type(sys.modules["pydantic.plugin._loader"].get_plugins).__name__, "importlib.metadata" in sys.modules)
        """
    )
    assert out.endswith("True")
