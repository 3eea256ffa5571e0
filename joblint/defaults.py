"""What the API server fills in when a Job or CronJob is created.

The server decodes the object, applies the batch/v1 defaults (and the pod template defaults of
core/v1), then runs the registry strategy's PrepareForCreate: a unique id, the generated selector
and pod labels (unless `spec.manualSelector` is true), status cleared, generation 1, and fields of
disabled features dropped. `default_job` and `default_cronjob` do the same for a target Kubernetes
version, on a deep copy; validation runs on their result, as the server validates after them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from . import versions
from .apivalidation import is_valid_label_value
from .model import (
    Container,
    CronJob,
    CronJobSpec,
    EnvVar,
    Job,
    JobSpec,
    JobTemplateSpec,
    LabelSelector,
    ObjectMeta,
    PodFailurePolicy,
    PodSpec,
    PodTemplateSpec,
)

# The server gives every new object a random UID; a fixed one keeps output stable.
PLACEHOLDER_UID = "00000000-0000-0000-0000-000000000000"
# The server appends 5 random characters to metadata.generateName; a fixed suffix keeps output
# stable (the characters are from the server's alphabet).
GENERATED_NAME_SUFFIX = "xxxxx"
# Longest base kept from generateName, so that base + suffix fits a 63-character label.
MAX_GENERATED_NAME_BASE = 63 - len(GENERATED_NAME_SUFFIX)

# Labels the Job registry puts on the pod template (and selects on) when it owns the selector.
LEGACY_JOB_NAME_LABEL = "job-name"
JOB_NAME_LABEL = "batch.kubernetes.io/job-name"
LEGACY_CONTROLLER_UID_LABEL = "controller-uid"
CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid"

# Field defaults of batch/v1 and core/v1.
DEFAULT_BACKOFF_LIMIT = 6
MAX_INT32 = 2**31 - 1
DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30
DEFAULT_SCHEDULER_NAME = "default-scheduler"
DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log"
DEFAULT_VOLUME_MODE = 0o644  # secret, configMap, downwardAPI and projected volumes
DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600


# ---------------------------------------------------------------------------------------------
# Image references (only as far as the pull-policy default needs them).

_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*(?::[0-9]+)?"
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(
    rf"(?P<name>(?:{_DOMAIN}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)"
    rf"(?::(?P<tag>{_TAG}))?(?:@(?P<digest>{_DIGEST}))?",
    re.ASCII,
)


def image_tag(image: str | None) -> str:
    """The tag the runtime would pull: `latest` when neither tag nor digest is given, "" when
    the reference does not parse (the server ignores the parse error and uses "")."""
    if not image:
        return ""
    m = _REFERENCE.fullmatch(image)
    if m is None or len(m.group("name")) > 255:
        return ""
    name = m.group("name")
    first, slash, rest = name.partition("/")
    # A first component that is not a registry host is part of the repository path, which must
    # be lowercase.
    if slash and not ("." in first or ":" in first or first == "localhost" or first != first.lower()) or not slash:
        rest = name
    if rest != rest.lower():
        return ""
    tag = m.group("tag") or ""
    if not tag and not m.group("digest"):
        tag = "latest"
    return tag


def default_pull_policy(image: str | None) -> str:
    return "Always" if image_tag(image) == "latest" else "IfNotPresent"


# ---------------------------------------------------------------------------------------------
# Pod template defaults: what the generated defaulter of a Job (and of a CronJob's job template)
# runs on the pod template (pkg/apis/batch/v1/zz_generated.defaults.go SetObjectDefaults_Job,
# calling the core/v1 SetDefaults_* of pkg/apis/core/v1/defaults.go and the declarative
# `+default` tags of core/v1 types.go). Followed revision: kubernetes/kubernetes 023f88a32c95
# (about 1.35). Two defaults of that file are deliberately absent, as the server has them only
# on a Pod, never on a pod template: `enableServiceLinks` (SetDefaults_Pod) and the hostNetwork
# hostPort copy (SetDefaults_Pod since 1.28; the DefaultHostNetworkHostPortsInPodTemplates gate
# that restored it for templates was off by default and is gone since 1.31).

# Probe fields SetDefaults_Probe fills when they are 0.
_PROBE_DEFAULTS = (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3))
_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_LIFECYCLE_HOOKS = ("postStart", "preStop")
# Declarative defaults (`+default=` tags in core/v1 types.go) of the legacy volume sources.
_VOLUME_SOURCE_DEFAULTS: dict[str, tuple[tuple[str, Any], ...]] = {
    "iscsi": (("iscsiInterface", "default"),),
    "rbd": (("pool", "rbd"), ("user", "admin"), ("keyring", "/etc/ceph/keyring")),
    "scaleIO": (("storageMode", "ThinProvisioned"), ("fsType", "xfs")),
}
# SetDefaults_AzureDiskVolumeSource (nil pointers only).
_AZURE_DISK_DEFAULTS = (("cachingMode", "ReadWrite"), ("fsType", "ext4"), ("readOnly", False), ("kind", "Shared"))
_MODE_SOURCES = ("secret", "configMap", "downwardAPI", "projected")
_MILLI_SCALE = -3

def stored_quantity(value: Any, round_up: bool = False) -> Any:
    """A quantity as the server stores it: parsed, optionally rounded up to milli scale
    (SetDefaults_ResourceList), and printed in canonical form (Quantity.String, so `0.5Gi` is
    `512Mi` and `1000m` is `1`). A value that does not parse is left as written (decoding reports
    it)."""
    if type(value) is str:
        return _stored_text(value, round_up)
    return _stored_quantity(value, round_up)


@lru_cache(maxsize=4096)
def _stored_text(value: str, round_up: bool) -> Any:
    """stored_quantity of a string: the same few quantities recur in every document."""
    return _stored_quantity(value, round_up)


def _stored_quantity(value: Any, round_up: bool) -> Any:
    from .pod.quantity import try_parse

    if isinstance(value, bool):
        return value
    quantity = try_parse(value)
    if quantity is None:
        return value
    return (quantity.round_up(_MILLI_SCALE) if round_up else quantity).canonical()


def _default_resource_list(resources: Any) -> None:
    """SetDefaults_ResourceList: every quantity rounded up to milli scale, in canonical form."""
    if isinstance(resources, dict):
        for key, value in resources.items():
            resources[key] = stored_quantity(value, round_up=True)


def _default_requirements(requirements: Any) -> None:
    if isinstance(requirements, dict):
        _default_resource_list(requirements.get("limits"))
        _default_resource_list(requirements.get("requests"))


def _set_extra(obj: Any, key: str, value: Any) -> None:
    if obj.model_extra is None:  # pragma: no cover - models allow extras
        return
    obj.model_extra[key] = value


def _default_field_ref(selector: Any) -> None:
    """SetDefaults_ObjectFieldSelector."""
    if isinstance(selector, dict) and not selector.get("apiVersion"):
        selector["apiVersion"] = "v1"


def _default_resource_field_ref(selector: Any) -> None:
    """A resourceFieldRef's divisor is a quantity: stored in canonical form (not rounded)."""
    if isinstance(selector, dict) and selector.get("divisor") is not None:
        selector["divisor"] = stored_quantity(selector["divisor"])


def _default_downward_items(items: Any) -> None:
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            _default_field_ref(item.get("fieldRef"))
            _default_resource_field_ref(item.get("resourceFieldRef"))


def _default_http_get(action: Any) -> None:
    """SetDefaults_HTTPGetAction."""
    if isinstance(action, dict):
        if not action.get("path"):
            action["path"] = "/"
        if not action.get("scheme"):
            action["scheme"] = "HTTP"


def _default_probe(probe: Any) -> None:
    """SetDefaults_Probe, SetDefaults_HTTPGetAction of its handler, and GRPCAction.service's
    declarative default ("")."""
    if not isinstance(probe, dict):
        return
    for key, value in _PROBE_DEFAULTS:
        if not probe.get(key):
            probe[key] = value
    if probe.get("httpGet") is not None:
        _default_http_get(probe["httpGet"])
    grpc = probe.get("grpc")
    if isinstance(grpc, dict) and grpc.get("service") is None:
        grpc["service"] = ""


def _default_container_parts(ports: Any, env: Any, extra: dict[str, Any]) -> None:
    """The defaults below a container: port protocol (declarative `TCP`), env fieldRef apiVersion,
    resourceFieldRef divisor, fileKeyRef optional (declarative `false`), probes and lifecycle
    handlers."""
    for port in ports if isinstance(ports, list) else ():
        if isinstance(port, dict) and not port.get("protocol"):
            port["protocol"] = "TCP"
    for var in env if isinstance(env, list) else ():
        value_from = var.value_from if isinstance(var, EnvVar) else var.get("valueFrom") if isinstance(var, dict) else None
        if isinstance(value_from, dict):
            _default_field_ref(value_from.get("fieldRef"))
            _default_resource_field_ref(value_from.get("resourceFieldRef"))
            file_key = value_from.get("fileKeyRef")
            if isinstance(file_key, dict) and file_key.get("optional") is None:
                file_key["optional"] = False  # FileKeySelector.optional: `+default=false` (1.34+)
    for key in _PROBES:
        _default_probe(extra.get(key))
    lifecycle = extra.get("lifecycle")
    if isinstance(lifecycle, dict):
        for hook in _LIFECYCLE_HOOKS:
            handler = lifecycle.get(hook)
            if isinstance(handler, dict) and handler.get("httpGet") is not None:
                _default_http_get(handler["httpGet"])


def default_container(c: Container) -> None:
    """SetDefaults_Container and the generated defaults of the types inside a container."""
    if not c.image_pull_policy:
        c.image_pull_policy = default_pull_policy(c.image)
    if not c.termination_message_path:
        c.termination_message_path = DEFAULT_TERMINATION_MESSAGE_PATH
    if not c.termination_message_policy:
        c.termination_message_policy = "File"
    if c.resources is not None:
        _default_resource_list(c.resources.limits)
        _default_resource_list(c.resources.requests)
    _default_container_parts(c.ports, c.env, c.model_extra or {})


def _default_ephemeral_container(c: Any) -> None:
    """SetDefaults_EphemeralContainer (the container defaults on the plain-data form)."""
    if not isinstance(c, dict):
        return
    if not c.get("imagePullPolicy"):
        c["imagePullPolicy"] = default_pull_policy(c.get("image") if isinstance(c.get("image"), str) else None)
    if not c.get("terminationMessagePath"):
        c["terminationMessagePath"] = DEFAULT_TERMINATION_MESSAGE_PATH
    if not c.get("terminationMessagePolicy"):
        c["terminationMessagePolicy"] = "File"
    _default_requirements(c.get("resources"))
    _default_container_parts(c.get("ports"), c.get("env"), c)


def _default_volume(volume: Any, version: str) -> None:
    """SetDefaults_Volume and the defaults of each volume source."""
    extra = volume.model_extra or {}
    sources = {k: v for k, v in extra.items() if v is not None}
    if not sources:
        _set_extra(volume, "emptyDir", {})
        return
    for key in _MODE_SOURCES:
        source = sources.get(key)
        if isinstance(source, dict) and source.get("defaultMode") is None:
            source["defaultMode"] = DEFAULT_VOLUME_MODE
    downward = sources.get("downwardAPI")
    if isinstance(downward, dict):
        _default_downward_items(downward.get("items"))
    projected = sources.get("projected")
    if isinstance(projected, dict):
        for source in projected.get("sources") or ():
            if not isinstance(source, dict):
                continue
            if isinstance(source.get("downwardAPI"), dict):
                _default_downward_items(source["downwardAPI"].get("items"))
            token = source.get("serviceAccountToken")
            if isinstance(token, dict) and token.get("expirationSeconds") is None:
                token["expirationSeconds"] = DEFAULT_TOKEN_EXPIRATION_SECONDS
    host_path = sources.get("hostPath")
    if isinstance(host_path, dict) and host_path.get("type") is None:
        host_path["type"] = ""
    for key, defaults in _VOLUME_SOURCE_DEFAULTS.items():
        source = sources.get(key)
        if isinstance(source, dict):
            for field, value in defaults:
                if not source.get(field):
                    source[field] = value
    azure = sources.get("azureDisk")
    if isinstance(azure, dict):
        for field, value in _AZURE_DISK_DEFAULTS:
            if azure.get(field) is None:
                azure[field] = value
    empty_dir = sources.get("emptyDir")
    if isinstance(empty_dir, dict) and empty_dir.get("sizeLimit") is not None:
        empty_dir["sizeLimit"] = stored_quantity(empty_dir["sizeLimit"])
    image = sources.get("image")
    if isinstance(image, dict) and not image.get("pullPolicy") and versions.enabled("ImageVolume", version):
        reference = image.get("reference")
        image["pullPolicy"] = default_pull_policy(reference if isinstance(reference, str) else None)
    ephemeral = sources.get("ephemeral")
    if isinstance(ephemeral, dict):
        claim = ephemeral.get("volumeClaimTemplate")
        if isinstance(claim, dict):
            spec = claim.get("spec")
            if spec is None:
                spec = claim["spec"] = {}
            if isinstance(spec, dict):
                # SetDefaults_PersistentVolumeClaimSpec, SetDefaults_ResourceList.
                if spec.get("volumeMode") is None:
                    spec["volumeMode"] = "Filesystem"
                _default_requirements(spec.get("resources"))


def default_pod_spec(spec: PodSpec, version: str = versions.DEFAULT) -> None:
    """SetDefaults_PodSpec, then the defaults of volumes, init, regular and ephemeral containers,
    and SetDefaults_ResourceList on overhead and pod-level resources (SetObjectDefaults_Job)."""
    if not spec.dns_policy:
        spec.dns_policy = "ClusterFirst"
    if not spec.restart_policy:
        spec.restart_policy = "Always"
    if spec.security_context is None:
        spec.security_context = {}
    if spec.termination_grace_period_seconds is None:
        spec.termination_grace_period_seconds = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS
    if not spec.scheduler_name:
        spec.scheduler_name = DEFAULT_SCHEDULER_NAME
    for volume in spec.volumes or ():
        _default_volume(volume, version)
    for c in spec.init_containers or ():
        default_container(c)
    for c in spec.containers or ():
        default_container(c)
    extra = spec.model_extra or {}
    ephemeral = extra.get("ephemeralContainers")
    for c in ephemeral if isinstance(ephemeral, list) else ():
        _default_ephemeral_container(c)
    _default_resource_list(extra.get("overhead"))
    _default_requirements(extra.get("resources"))


def default_pod_template(template: PodTemplateSpec, version: str = versions.DEFAULT) -> None:
    if template.spec is None:
        template.spec = PodSpec()
    default_pod_spec(template.spec, version)


def _default_pod_condition_status(policy: PodFailurePolicy | None) -> None:
    if policy is None:
        return
    for rule in policy.rules or []:
        for pattern in rule.on_pod_conditions or []:
            if not pattern.status:
                pattern.status = "True"


# ---------------------------------------------------------------------------------------------
# batch/v1 SetDefaults_Job and SetDefaults_CronJob.


def _set_defaults_job_spec(spec: JobSpec, version: str) -> None:
    if spec.completions is None and spec.parallelism is None:
        spec.completions = 1
        spec.parallelism = 1
    if spec.parallelism is None:
        spec.parallelism = 1
    if spec.backoff_limit is None:
        spec.backoff_limit = MAX_INT32 if spec.backoff_limit_per_index is not None else DEFAULT_BACKOFF_LIMIT
    if spec.completion_mode is None:
        spec.completion_mode = "NonIndexed"
    if spec.suspend is None:
        spec.suspend = False
    _default_pod_condition_status(spec.pod_failure_policy)
    if versions.enabled("JobPodReplacementPolicy", version) and spec.pod_replacement_policy is None:
        spec.pod_replacement_policy = "Failed" if spec.pod_failure_policy is not None else "TerminatingOrFailed"
    if spec.manual_selector is None:
        spec.manual_selector = False


def default_job_spec(spec: JobSpec, version: str) -> JobSpec:
    """SetDefaults_Job's spec part on a copy: the Job a CronJob's template becomes when it runs."""
    out = spec.clone()
    _set_defaults_job_spec(out, version)
    return out


def _generate_name(meta: ObjectMeta) -> None:
    if not meta.name and meta.generate_name:
        meta.name = meta.generate_name[:MAX_GENERATED_NAME_BASE] + GENERATED_NAME_SUFFIX


def _generate_selector(job: Job) -> None:
    """The registry's selector generation: job-name and controller-uid labels on the pod
    template (both spellings; user-set values are kept, and rejected later if they conflict) and
    a selector on the prefixed controller-uid label."""
    assert job.metadata is not None and job.spec is not None and job.spec.template is not None
    template = job.spec.template
    if template.metadata is None:
        template.metadata = ObjectMeta()
    labels = template.metadata.labels
    if labels is None:
        labels = template.metadata.labels = {}
    name = job.metadata.name or ""
    uid = job.metadata.uid or ""
    for key in (LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL):
        labels.setdefault(key, name)
    for key in (LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL):
        labels.setdefault(key, uid)
    if job.spec.selector is None:
        job.spec.selector = LabelSelector()
    if job.spec.selector.match_labels is None:
        job.spec.selector.match_labels = {}
    job.spec.selector.match_labels.setdefault(CONTROLLER_UID_LABEL, uid)


def _read_back_labels(labels: dict[str, str]) -> bool:
    """Whether generated template labels reach the stored Job: only when the Job is stored at
    all. A label value the server refuses (a Job name too long for a label) fails the create,
    and create-time validation never saw these labels on the Job, so they must not add errors
    under `metadata.labels` here."""
    return all(isinstance(v, str) and not is_valid_label_value(v) for v in labels.values())


def _drop_disabled_job_fields(spec: JobSpec, version: str) -> None:
    if not versions.enabled("JobPodFailurePolicy", version):
        spec.pod_failure_policy = None
    if not versions.enabled("JobManagedBy", version):
        spec.managed_by = None
    if not versions.enabled("JobSuccessPolicy", version):
        spec.success_policy = None
    if not versions.enabled("JobBackoffLimitPerIndex", version):
        spec.backoff_limit_per_index = None
        spec.max_failed_indexes = None
        if spec.pod_failure_policy is not None and spec.pod_failure_policy.rules:
            spec.pod_failure_policy.rules = [
                r for r in spec.pod_failure_policy.rules if r.action != "FailIndex"
            ]
    if not versions.enabled("JobPodReplacementPolicy", version):
        spec.pod_replacement_policy = None


def default_job(job: Job, version: str) -> Job:
    """The Job as the server holds it when it validates a create request."""
    out = job.clone()
    if out.metadata is None:
        out.metadata = ObjectMeta()
    if out.spec is None:
        out.spec = JobSpec()
    spec = out.spec
    if spec.template is None:
        spec.template = PodTemplateSpec()
    template = spec.template

    # Decoding: SetDefaults_Job, then the defaults of the types inside it.
    _set_defaults_job_spec(spec, version)
    template_labels = template.metadata.labels if template.metadata is not None else None
    # A Job without labels takes the pod template's labels. The server shares one map between
    # the two, so the labels generated below show up on the Job as well, and create-time
    # validation already sees them there.
    share_labels = template_labels is not None and not out.metadata.labels
    default_pod_template(template, version)

    # Create: name generation and a UID, then the strategy's PrepareForCreate.
    _generate_name(out.metadata)
    out.metadata.uid = PLACEHOLDER_UID
    if not spec.manual_selector:
        _generate_selector(out)
    stored_labels = template.metadata.labels if template.metadata is not None else None
    if share_labels:
        if stored_labels:  # an empty map is left out of the JSON (omitempty)
            out.metadata.labels = dict(stored_labels)
    elif stored_labels and not out.metadata.labels and _read_back_labels(stored_labels):
        # A template without labels of its own gets its labels from generateSelector, after
        # decoding. The server decodes (and so defaults) the Job again each time it reads it
        # back, and SetDefaults_Job then copies them: every read (`kubectl get`, the
        # controllers, a CronJob's Jobs) sees the four generated labels on the Job itself.
        out.metadata.labels = dict(stored_labels)
    out.status = {}
    out.metadata.generation = 1
    _drop_disabled_job_fields(spec, version)
    return out


def default_cronjob(cj: CronJob, version: str) -> CronJob:
    """The CronJob as the server holds it when it validates a create request.

    The job template gets the pod template defaults and the pod-condition status default, but
    not SetDefaults_Job: the server stores `jobTemplate.spec` without parallelism, completions,
    backoffLimit and the like, which the Jobs it creates get when they are created."""
    out = cj.clone()
    if out.metadata is None:
        out.metadata = ObjectMeta()
    if out.spec is None:
        out.spec = CronJobSpec()
    spec = out.spec
    if not spec.concurrency_policy:
        spec.concurrency_policy = "Allow"
    if spec.suspend is None:
        spec.suspend = False
    if spec.successful_jobs_history_limit is None:
        spec.successful_jobs_history_limit = 3
    if spec.failed_jobs_history_limit is None:
        spec.failed_jobs_history_limit = 1
    if spec.job_template is None:
        spec.job_template = JobTemplateSpec()
    if spec.job_template.spec is None:
        spec.job_template.spec = JobSpec()
    job_spec = spec.job_template.spec
    if job_spec.template is None:
        job_spec.template = PodTemplateSpec()
    _default_pod_condition_status(job_spec.pod_failure_policy)
    default_pod_template(job_spec.template, version)

    _generate_name(out.metadata)
    out.metadata.uid = PLACEHOLDER_UID
    out.status = {}
    out.metadata.generation = 1
    return out
