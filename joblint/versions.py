"""Kubernetes versions joblint targets, and which Job/CronJob fields and behaviours exist in each.

One table answers "does this exist in version X?" for every stage (decode, defaults, validation,
rules, controller), so the target version is a single value passed down.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

SUPPORTED: tuple[str, ...] = ("1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37")
DEFAULT = SUPPORTED[-1]


class UnknownVersion(ValueError):
    pass


def parse_version(text: str) -> str:
    """Accept `1.34`, `v1.34`, `1.34.2`; return the minor release as `1.34`."""
    raw = text.strip().lstrip("vV")
    parts = raw.split(".")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        minor = f"{int(parts[0])}.{int(parts[1])}"
        if minor in SUPPORTED:
            return minor
    raise UnknownVersion(
        f"unknown Kubernetes version {text!r}: joblint knows {SUPPORTED[0]} to {SUPPORTED[-1]}"
    )


@lru_cache(maxsize=256)
def key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


@lru_cache(maxsize=1024)
def at_least(version: str, minimum: str) -> bool:
    return key(version) >= key(minimum)


class Feature(NamedTuple):
    """A feature gate as the API server sees it: enabled by default from `default_on` on."""

    name: str
    default_on: str
    # Release from which the gate is locked on (GA); informative.
    ga: str | None = None


# Feature gates that Job/CronJob defaulting, validation and the controllers depend on, from the
# versioned specs in pkg/features/kube_features.go: the release each became on by default (beta)
# and the release it went GA. Releases after the newest stored source (1.35) keep every gate here
# on, as GA gates are locked on.
FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        # spec.podFailurePolicy: dropped on create while off.
        Feature("JobPodFailurePolicy", default_on="1.26", ga="1.31"),
        # spec.backoffLimitPerIndex / maxFailedIndexes and the FailIndex action.
        Feature("JobBackoffLimitPerIndex", default_on="1.29", ga="1.33"),
        # spec.podReplacementPolicy: defaulted only while on, dropped on create while off.
        Feature("JobPodReplacementPolicy", default_on="1.29", ga="1.34"),
        # spec.successPolicy: alpha (off) in 1.30, dropped on create while off.
        Feature("JobSuccessPolicy", default_on="1.31", ga="1.33"),
        # spec.managedBy: alpha (off) in 1.30 and 1.31, dropped on create while off.
        Feature("JobManagedBy", default_on="1.32", ga="1.35"),
        # Mutable completions of Indexed Jobs (update validation, controller scaling).
        Feature("ElasticIndexedJob", default_on="1.27", ga="1.31"),
        # status.ready counted by the Job controller.
        Feature("JobReadyPods", default_on="1.24", ga="1.29"),
        # KEP-5440: the Job controller clears status.startTime when a Job is suspended (so the
        # activeDeadlineSeconds timer restarts at resume); alpha (off) in 1.35, beta in 1.36.
        Feature("MutableSchedulingDirectivesForSuspendedJobs", default_on="1.36"),
        # spec.timeZone of CronJob.
        Feature("CronJobTimeZone", default_on="1.25", ga="1.27"),
        # batch.kubernetes.io/cronjob-scheduled-timestamp annotation on Jobs made by CronJobs.
        Feature("CronJobsScheduledAnnotation", default_on="1.28", ga="1.32"),
        # Env var names (and envFrom prefixes) may use any printable ASCII but '='.
        Feature("RelaxedEnvironmentVariableValidation", default_on="1.32", ga="1.34"),
        # Containers (joblint.pod.containers): resizePolicy dropped on create while off.
        Feature("InPlacePodVerticalScaling", default_on="1.33", ga="1.35"),
        # lifecycle sleep action: dropped on create while off.
        Feature("PodLifecycleSleepAction", default_on="1.30", ga="1.34"),
        # sleep.seconds may be 0.
        Feature("PodLifecycleSleepActionAllowZero", default_on="1.33", ga="1.34"),
        # initContainers[].restartPolicy: Always (sidecars).
        Feature("SidecarContainers", default_on="1.29", ga="1.33"),
        # restartPolicy/restartPolicyRules of regular and init containers; alpha in 1.34 (dropped).
        Feature("ContainerRestartRules", default_on="1.35"),
        # env[].valueFrom.fileKeyRef; alpha in 1.34 (dropped).
        Feature("EnvFiles", default_on="1.35"),
        # lifecycle.stopSignal: alpha (off, dropped on create) in every release joblint knows.
        Feature("ContainerStopSignals", default_on="99.0"),
        # matchLabelKeys / mismatchLabelKeys of pod (anti-)affinity terms: dropped while off.
        Feature("MatchLabelKeysInPodAffinity", default_on="1.31", ga="1.33"),
        # topologySpreadConstraints[].matchLabelKeys validated as ValidateMatchLabelKeysAndMismatchLabelKeys.
        Feature("MatchLabelKeysInPodTopologySpreadSelectorMerge", default_on="1.34"),
        # Volume sources of kind `image` (and their mounts): dropped on create while off.
        Feature("ImageVolume", default_on="1.35"),
        # volumeMounts[].recursiveReadOnly: dropped on create while off.
        Feature("RecursiveReadOnlyMounts", default_on="1.31", ga="1.33"),
        # volumeAttributesClassName of a PVC (ephemeral volume claim template) validated while on.
        Feature("VolumeAttributesClass", default_on="1.34"),
        # dnsConfig.searches may hold '_' and a lone '.' (pod spec validation option).
        Feature("RelaxedDNSSearchValidation", default_on="1.33", ga="1.34"),
        # spec.hostnameOverride: dropped on create while off.
        Feature("HostnameOverride", default_on="1.35"),
        # spec.resourceClaims (and containers' resources.claims): dropped on create while off.
        Feature("DynamicResourceAllocation", default_on="1.34", ga="1.34"),
        # spec.hostUsers: dropped on create while off.
        Feature("UserNamespacesSupport", default_on="1.33"),
        # Pod security (joblint.pod.security): containers' securityContext.procMount,
        # spec.securityContext.seLinuxChangePolicy / supplementalGroupsPolicy: dropped on create while off.
        Feature("ProcMountType", default_on="1.33"),
        Feature("SELinuxChangePolicy", default_on="1.33"),
        Feature("SupplementalGroupsPolicy", default_on="1.33", ga="1.35"),
        # seLinuxChangePolicy MountOption allowed only while on: beta but off in every release known.
        Feature("SELinuxMount", default_on="99.0"),
        # spec.resources (pod-level requests and limits): alpha in 1.32-1.33, dropped on create while off.
        Feature("PodLevelResources", default_on="1.34"),
    )
}


def enabled(feature: str, version: str) -> bool:
    f = FEATURES.get(feature)
    if f is None:
        return True
    return at_least(version, f.default_on)
