"""joblint's reference Job controller: dry-runs of Jobs and CronJobs against scenarios.

`simulate` runs the Job controller's logic (pkg/controller/job) as a deterministic discrete-event
simulation; `run_trials` repeats it with different seeds; `simulate_schedule` and `next_runs` do the
same for the CronJob controller (pkg/controller/cronjob); `consequences` turns short standard dry
runs into facts for the linter.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Loaded on first use: `joblint lint` needs only parts of the controller, and start-up time is
# part of every pre-commit run.
_WHERE = {
    "Consequence": "standard_runs",
    "consequences": "standard_runs",
    "ScheduleResult": "cronjob",
    "next_runs": "cronjob",
    "simulate_schedule": "cronjob",
    "DryRunResult": "job",
    "Features": "job",
    "simulate": "job",
    "render_svg": "render",
    "render_text": "render",
    "BUILTINS": "scenario",
    "Scenario": "scenario",
    "ScenarioError": "scenario",
    "load_scenario": "scenario",
    "TrialsSummary": "trials",
    "run_trials": "trials",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
