"""The Job controller's pod failure back-off (pkg/controller/job, backoff_utils.go).

After n consecutive pod failures (failures since the last success, counted over the whole Job, or
within one index with backoffLimitPerIndex) the controller waits 10 s · 2^(n-1), at most 10 minutes,
counted from the finish time of the last failed pod, before it creates the next pod.
"""

from __future__ import annotations

DEFAULT_POD_FAILURE_BACKOFF = 10.0  # DefaultJobPodFailureBackOff
MAX_POD_FAILURE_BACKOFF = 600.0  # MaxJobPodFailureBackOff
# Kubelet's container restart back-off (restartPolicy OnFailure): 10 s doubling, at most 5 minutes.
CONTAINER_RESTART_BACKOFF = 10.0
MAX_CONTAINER_RESTART_BACKOFF = 300.0


def backoff_delay(failures: int, base: float = DEFAULT_POD_FAILURE_BACKOFF, cap: float = MAX_POD_FAILURE_BACKOFF) -> float:
    """Seconds to wait after `failures` consecutive failures (0 when there are none)."""
    if failures <= 0:
        return 0.0
    delay = base
    for _ in range(1, failures):
        delay *= 2
        if delay >= cap:
            return cap
    return min(delay, cap)


def remaining(failures: int, last_failure: float | None, now: float) -> float:
    """Seconds left before a new pod may be created (0: now)."""
    if failures <= 0 or last_failure is None:
        return 0.0
    left = backoff_delay(failures) - (now - last_failure)
    return left if left > 0 else 0.0


def restart_delay(restarts: int) -> float:
    """Kubelet's wait before restarting a container that exited for the `restarts`-th time: the first
    exit restarts it at once, the back-off (10 s, doubling, at most 5 minutes) applies from then on."""
    if restarts <= 1:
        return 0.0
    return backoff_delay(restarts - 1, CONTAINER_RESTART_BACKOFF, MAX_CONTAINER_RESTART_BACKOFF)
