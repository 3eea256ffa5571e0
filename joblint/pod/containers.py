"""Init, regular and ephemeral containers (validateInitContainers, validateContainers,
validateEphemeralContainers, validateContainerCommon).

Follows pkg/apis/core/validation/validation.go of liggitt/kubernetes at 76b7f090c0e5 (about
1.35/1.36): names, image, terminationMessagePolicy, ports, env, envFrom, imagePullPolicy,
resizePolicy, probes, lifecycle handlers, container restart policies and rules, and host port
conflicts. Resources, volume mounts/devices and the security context are validated by
`joblint.pod.resources`, `joblint.pod.mounts` and `joblint.pod.security`, called from here in the
order validateContainerCommon reports them.

Fields the server drops on create while their feature gate is off (DropDisabledTemplateFields in
pkg/api/pod/util.go) are ignored here for such target versions, as the server never sees them:
resizePolicy (InPlacePodVerticalScaling), the lifecycle sleep action (PodLifecycleSleepAction),
lifecycle.stopSignal (ContainerStopSignals), env valueFrom.fileKeyRef (EnvFiles) and, in 1.34
where ContainerRestartRules was alpha, restartPolicyRules, the restartPolicy of regular containers
and non-Always restartPolicy values of init containers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..apivalidation import (
    has_chdir_prefix,
    IS_NEGATIVE_ERROR,
    child_path,
    full_match,
    index_path,
    is_dns1123_label,
    is_env_var_name,
    is_relaxed_env_var_name,
    is_valid_port_name,
    is_valid_port_num,
    max_len_error,
    name_is_dns_subdomain,
    regex_error,
    too_long,
)
from ..errors import (
    FieldError,
    duplicate,
    forbidden,
    invalid,
    not_found,
    not_supported,
    required,
)
from . import mounts, security
from . import resources as resources_mod
from .context import PodContext
from .downward import validate_container_resource_field_selector, validate_object_field_selector

Errors = list[FieldError]

# ---------------------------------------------------------------------------------------------
# Value sets and small syntax checks.

TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"]
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]  # sets.List order
PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"]  # sets.List order
HTTP_SCHEMES = ["HTTP", "HTTPS"]
RESIZE_RESOURCES = ["cpu", "memory"]
RESIZE_POLICIES = ["NotRequired", "RestartContainer"]
CONTAINER_RESTART_POLICIES = ["Always", "Never", "OnFailure"]
CONTAINER_RESTART_RULE_OPERATORS = ["In", "NotIn"]
MAX_CONTAINER_RESTART_RULES = 20
MAX_CONTAINER_RESTART_RULE_EXIT_CODES = 255

_HTTP_HEADER_NAME_FMT = "[-A-Za-z0-9]+"
_HTTP_HEADER_NAME_RE = re.compile(_HTTP_HEADER_NAME_FMT)
_HTTP_HEADER_NAME_MSG = "a valid HTTP header must consist of alphanumeric characters or '-'"
_CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+"
_CONFIG_MAP_KEY_RE = re.compile(_CONFIG_MAP_KEY_FMT)
_CONFIG_MAP_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"

# Downward API (ConvertDownwardAPIFieldLabel in pkg/apis/core/pods/helpers.go; validEnvDownwardAPIFieldPathExpressions).
ENV_FIELD_PATHS = sorted(
    {
        "metadata.name",
        "metadata.namespace",
        "metadata.uid",
        "spec.nodeName",
        "spec.serviceAccountName",
        "status.hostIP",
        "status.hostIPs",
        "status.podIP",
        "status.podIPs",
    }
)
_ENV_FIELD_PATH_SET = frozenset(ENV_FIELD_PATHS)

# core.Signal values (supportedStopSignalsLinux / Windows), in sets.List order.
STOP_SIGNALS_LINUX = sorted(
    [
        "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP",
        "SIGILL", "SIGINT", "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF",
        "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP",
        "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH",
        "SIGXCPU", "SIGXFSZ", "SIGRTMIN", "SIGRTMAX",
    ]
    + [f"SIGRTMIN+{n}" for n in range(1, 16)]
    + [f"SIGRTMAX-{n}" for n in range(1, 15)]
)
_STOP_SIGNALS_LINUX_SET = frozenset(STOP_SIGNALS_LINUX)
STOP_SIGNALS_WINDOWS = ["SIGKILL", "SIGTERM"]


def is_config_map_key(value: str) -> list[str]:
    """validation.IsConfigMapKey."""
    errs: list[str] = []
    if len(value.encode()) > 253:
        errs.append(max_len_error(253))
    if not full_match(_CONFIG_MAP_KEY_RE, value):
        errs.append(regex_error(_CONFIG_MAP_KEY_MSG, _CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    errs.extend(has_chdir_prefix(value))
    return errs


def is_http_header_name(value: str) -> list[str]:
    """validation.IsHTTPHeaderName."""
    if full_match(_HTTP_HEADER_NAME_RE, value):
        return []
    return [regex_error(_HTTP_HEADER_NAME_MSG, _HTTP_HEADER_NAME_FMT, "X-Header-Name")]


def _validate_path_no_backsteps(target: str, path: str) -> Errors:
    """validatePathNoBacksteps (filepath.ToSlash changes nothing on the Linux API server)."""
    if ".." in target.split("/"):
        return [invalid(path, target, "must not contain '..'")]
    return []


# ---------------------------------------------------------------------------------------------
# Defensive accessors: the input has passed strict decoding, but never trust it to the point
# of a traceback.


def _dict(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# ---------------------------------------------------------------------------------------------
# Ports.


def validate_container_ports(ports: Any, path: str) -> Errors:
    """validateContainerPorts."""
    errs: Errors = []
    names: set[str] = set()
    for i, port in enumerate(_list(ports)):
        port = _dict(port)
        if port is None:
            continue
        p = index_path(path, i)
        name = _str(port.get("name"))
        if name:
            msgs = is_valid_port_name(name)
            if msgs:
                errs.extend(invalid(child_path(p, "name"), name, m) for m in msgs)
            elif name in names:
                errs.append(duplicate(child_path(p, "name"), name))
            else:
                names.add(name)
        container_port = _int(port.get("containerPort"))
        if container_port == 0:
            errs.append(required(child_path(p, "containerPort")))
        else:
            errs.extend(invalid(child_path(p, "containerPort"), container_port, m) for m in is_valid_port_num(container_port))
        host_port = _int(port.get("hostPort"))
        if host_port != 0:
            errs.extend(invalid(child_path(p, "hostPort"), host_port, m) for m in is_valid_port_num(host_port))
        protocol = _str(port.get("protocol"))
        if not protocol:
            errs.append(required(child_path(p, "protocol")))
        elif protocol not in PORT_PROTOCOLS:
            errs.append(not_supported(child_path(p, "protocol"), protocol, PORT_PROTOCOLS))
    return errs


def _accumulate_unique_host_ports(containers: list[Any], seen: set[str], path: str) -> Errors:
    """AccumulateUniqueHostPorts: a host port may be bound once per protocol and host IP."""
    errs: Errors = []
    for ci, c in enumerate(containers):
        c = _dict(c)
        if c is None:
            continue
        ports_path = child_path(index_path(path, ci), "ports")
        for pi, port in enumerate(_list(c.get("ports"))):
            port = _dict(port)
            if port is None:
                continue
            host_port = _int(port.get("hostPort"))
            if host_port == 0:
                continue
            key = f"{_str(port.get('protocol'))}/{_str(port.get('hostIP'))}/{host_port}"
            if key in seen:
                errs.append(duplicate(child_path(index_path(ports_path, pi), "hostPort"), key))
            else:
                seen.add(key)
    return errs


# ---------------------------------------------------------------------------------------------
# Env and envFrom.


def _env_name_check(ctx: PodContext) -> Callable[[str], list[str]]:
    if ctx.enabled("RelaxedEnvironmentVariableValidation"):
        return is_relaxed_env_var_name
    return is_env_var_name


def validate_env(env: Any, path: str, ctx: PodContext) -> Errors:
    """ValidateEnv."""
    errs: Errors = []
    check = _env_name_check(ctx)
    for i, ev in enumerate(_list(env)):
        ev = _dict(ev)
        if ev is None:
            continue
        name = _str(ev.get("name"))
        if not name:
            errs.append(required(f"{path}[{i}].name"))
        else:
            msgs = check(name)
            if msgs:
                errs.extend(invalid(f"{path}[{i}].name", name, m) for m in msgs)
        if ev.get("valueFrom") is not None:
            errs.extend(_validate_env_var_value_from(ev, f"{path}[{i}].valueFrom", ctx))
    return errs


def _validate_env_var_value_from(ev: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateEnvVarValueFrom."""
    value_from = _dict(ev.get("valueFrom"))
    if value_from is None:
        return []
    errs: Errors = []
    sources = 0
    field_ref = _dict(value_from.get("fieldRef"))
    if field_ref is not None:
        sources += 1
        errs.extend(validate_object_field_selector(field_ref, _ENV_FIELD_PATH_SET, ENV_FIELD_PATHS, child_path(path, "fieldRef")))
    resource_ref = _dict(value_from.get("resourceFieldRef"))
    if resource_ref is not None:
        sources += 1
        errs.extend(validate_container_resource_field_selector(resource_ref, child_path(path, "resourceFieldRef"), volume=False))
    config_map_ref = _dict(value_from.get("configMapKeyRef"))
    if config_map_ref is not None:
        sources += 1
        errs.extend(_validate_key_selector(config_map_ref, child_path(path, "configMapKeyRef")))
    secret_ref = _dict(value_from.get("secretKeyRef"))
    if secret_ref is not None:
        sources += 1
        errs.extend(_validate_key_selector(secret_ref, child_path(path, "secretKeyRef")))
    env_files = ctx.enabled("EnvFiles")
    file_ref = _dict(value_from.get("fileKeyRef")) if env_files else None
    if file_ref is not None:
        sources += 1
        errs.extend(_validate_file_key_selector(file_ref, child_path(path, "fileKeyRef")))

    if sources == 0:
        if env_files:
            detail = "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`"
        else:
            detail = "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
        errs.append(invalid(path, "", detail))
    elif _str(ev.get("value")):
        errs.append(invalid(path, "", "may not be specified when `value` is not empty"))
    elif sources > 1:
        errs.append(invalid(path, "", "may not have more than one field specified at a time"))
    return errs


def _validate_key_selector(s: dict[str, Any], path: str) -> Errors:
    """validateConfigMapKeySelector / validateSecretKeySelector (the name is checked even when empty)."""
    name = _str(s.get("name"))
    errs = [invalid(child_path(path, "name"), name, m) for m in name_is_dns_subdomain(name, False)]
    key = _str(s.get("key"))
    if not key:
        errs.append(required(child_path(path, "key")))
    else:
        errs.extend(invalid(child_path(path, "key"), key, m) for m in is_config_map_key(key))
    return errs


def _validate_file_key_selector(s: dict[str, Any], path: str) -> Errors:
    """validateFileKeySelector."""
    errs: Errors = []
    key = _str(s.get("key"))
    if not key:
        errs.append(required(child_path(path, "key")))
    else:
        errs.extend(invalid(child_path(path, "key"), key, m) for m in is_relaxed_env_var_name(key))
    volume_name = _str(s.get("volumeName"))
    if not volume_name:
        errs.append(required(child_path(path, "volumeName")))
    else:
        errs.extend(invalid(child_path(path, "volumeName"), volume_name, m) for m in is_dns1123_label(volume_name))
    file_path = _str(s.get("path"))
    if not file_path:
        errs.append(required(child_path(path, "path")))
    else:
        errs.extend(_validate_path_no_backsteps(file_path, child_path(path, "path")))
    return errs


def validate_env_from(env_from: Any, path: str, ctx: PodContext) -> Errors:
    """ValidateEnvFrom."""
    errs: Errors = []
    check = _env_name_check(ctx)
    for i, ev in enumerate(_list(env_from)):
        ev = _dict(ev)
        if ev is None:
            continue
        p = index_path(path, i)
        prefix = _str(ev.get("prefix"))
        if prefix:
            errs.extend(invalid(child_path(p, "prefix"), prefix, m) for m in check(prefix))
        sources = 0
        for key in ("configMapRef", "secretRef"):
            ref = _dict(ev.get(key))
            if ref is None:
                continue
            sources += 1
            name = _str(ref.get("name"))
            ref_path = child_path(p, key, "name")
            if not name:
                errs.append(required(ref_path))
            else:
                errs.extend(invalid(ref_path, name, m) for m in name_is_dns_subdomain(name, True))
        if sources == 0:
            errs.append(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"))
        elif sources > 1:
            errs.append(invalid(path, "", "may not have more than one field specified at a time"))
    return errs


# ---------------------------------------------------------------------------------------------
# Pull policy and resize policy.


def validate_pull_policy(policy: Any, path: str) -> Errors:
    """validatePullPolicy."""
    policy = _str(policy)
    if policy in PULL_POLICIES:
        return []
    if not policy:
        return [required(path)]
    return [not_supported(path, policy, PULL_POLICIES)]


def validate_resize_policy(policies: Any, path: str, ctx: PodContext) -> Errors:
    """validateResizePolicy (errors other than Duplicate are reported at the list's path)."""
    errs: Errors = []
    seen: set[str] = set()
    pod_never = ctx.restart_policy == "Never"
    for i, p in enumerate(_list(policies)):
        p = _dict(p)
        if p is None:
            continue
        resource = _str(p.get("resourceName"))
        if resource in seen:
            errs.append(duplicate(index_path(path, i), resource))
        seen.add(resource)
        if not resource:
            errs.append(required(path))
        elif resource not in RESIZE_RESOURCES:
            errs.append(not_supported(path, resource, RESIZE_RESOURCES))
        restart = _str(p.get("restartPolicy"))
        if not restart:
            errs.append(required(path))
        elif restart not in RESIZE_POLICIES:
            errs.append(not_supported(path, restart, RESIZE_POLICIES))
        if pod_never and restart != "NotRequired":
            errs.append(invalid(path, restart, "must be 'NotRequired' when `restartPolicy` is 'Never'"))
    return errs


# ---------------------------------------------------------------------------------------------
# Probes and lifecycle handlers.


def _validate_port_num_or_name(port: Any, path: str) -> Errors:
    """ValidatePortNumOrName (an unset IntOrString is the integer 0)."""
    if isinstance(port, str):
        return [invalid(path, port, m) for m in is_valid_port_name(port)]
    number = _int(port)
    return [invalid(path, number, m) for m in is_valid_port_num(number)]


def _validate_http_get(action: dict[str, Any], path: str) -> Errors:
    """validateHTTPGetAction."""
    errs: Errors = []
    if not _str(action.get("path")):
        errs.append(required(child_path(path, "path")))
    errs.extend(_validate_port_num_or_name(action.get("port"), child_path(path, "port")))
    scheme = _str(action.get("scheme"))
    if scheme not in HTTP_SCHEMES:
        errs.append(not_supported(child_path(path, "scheme"), scheme, HTTP_SCHEMES))
    for header in _list(action.get("httpHeaders")):
        header = _dict(header)
        if header is None:
            continue
        name = _str(header.get("name"))
        errs.extend(invalid(child_path(path, "httpHeaders"), name, m) for m in is_http_header_name(name))
    return errs


def _validate_sleep(sleep: dict[str, Any], grace: int | None, path: str, ctx: PodContext) -> Errors:
    """validateSleepAction."""
    seconds = _int(sleep.get("seconds"))
    if grace is None:
        return []
    if ctx.enabled("PodLifecycleSleepActionAllowZero"):
        if seconds < 0 or seconds > grace:
            return [invalid(path, seconds, f"must be non-negative and less than terminationGracePeriodSeconds ({grace})")]
        return []
    if seconds <= 0 or seconds > grace:
        detail = f"must be greater than 0 and less than terminationGracePeriodSeconds ({grace})"
        if ctx.at_least("1.32"):
            detail += ". Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."
        return [invalid(path, seconds, detail)]
    return []


_PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
_LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")


def _validate_handler(handler: dict[str, Any], kinds: tuple[str, ...], grace: int | None, path: str, ctx: PodContext) -> Errors:
    """validateHandler over the handler types the probe or lifecycle hook has."""
    errs: Errors = []
    count = 0
    for kind in kinds:
        action = handler.get(kind)
        if action is None:
            continue
        kpath = child_path(path, kind)
        if count > 0:
            errs.append(forbidden(kpath, "may not specify more than 1 handler type"))
            continue
        count += 1
        action = _dict(action) or {}
        if kind == "exec":
            if not _list(action.get("command")):
                errs.append(required(child_path(kpath, "command")))
        elif kind == "httpGet":
            errs.extend(_validate_http_get(action, kpath))
        elif kind == "tcpSocket":
            errs.extend(_validate_port_num_or_name(action.get("port"), child_path(kpath, "port")))
        elif kind == "grpc":
            errs.extend(_validate_port_num_or_name(_int(action.get("port")), child_path(kpath, "port")))
        else:
            errs.extend(_validate_sleep(action, grace, kpath, ctx))
    if count == 0:
        errs.append(required(path, "must specify a handler type"))
    return errs


def _validate_probe(probe: dict[str, Any], grace: int | None, path: str, ctx: PodContext) -> Errors:
    """validateProbe."""
    errs = _validate_handler(probe, _PROBE_HANDLERS, grace, path, ctx)
    for key in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"):
        value = _int(probe.get(key))
        if value < 0:
            errs.append(invalid(child_path(path, key), value, IS_NEGATIVE_ERROR))
    tgps = _int_or_none(probe.get("terminationGracePeriodSeconds"))
    if tgps is not None and tgps <= 0:
        errs.append(invalid(child_path(path, "terminationGracePeriodSeconds"), tgps, "must be greater than 0"))
    return errs


def _validate_probes(c: dict[str, Any], grace: int | None, path: str, ctx: PodContext) -> Errors:
    """validateLivenessProbe, validateReadinessProbe and validateStartupProbe, in that order."""
    errs: Errors = []
    for key in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = _dict(c.get(key))
        if probe is None:
            continue
        ppath = child_path(path, key)
        errs.extend(_validate_probe(probe, grace, ppath, ctx))
        if key == "readinessProbe":
            tgps = _int_or_none(probe.get("terminationGracePeriodSeconds"))
            if tgps is not None:
                errs.append(invalid(child_path(ppath, "terminationGracePeriodSeconds"), tgps, "must not be set for readinessProbes"))
        else:
            threshold = _int(probe.get("successThreshold"))
            if threshold != 1:
                errs.append(invalid(child_path(ppath, "successThreshold"), threshold, "must be 1"))
    return errs


def _validate_stop_signal(signal: Any, path: str, ctx: PodContext) -> Errors:
    """validateStopSignal."""
    os_name = ctx.os_name
    if not os_name:
        return [forbidden(path, "may not be set for containers with empty `spec.os.name`")]
    signal = _str(signal)
    if os_name == "windows" and signal not in STOP_SIGNALS_WINDOWS:
        return [not_supported(path, signal, STOP_SIGNALS_WINDOWS)]
    if os_name == "linux" and signal not in _STOP_SIGNALS_LINUX_SET:
        return [not_supported(path, signal, STOP_SIGNALS_LINUX)]
    return []


def _validate_lifecycle(lifecycle: dict[str, Any], grace: int | None, path: str, ctx: PodContext) -> Errors:
    """validateLifecycle."""
    errs: Errors = []
    for hook in ("postStart", "preStop"):
        handler = _dict(lifecycle.get(hook))
        if handler is None:
            continue
        errs.extend(_validate_handler(handler, _LIFECYCLE_HANDLERS, grace, child_path(path, hook), ctx))
    if lifecycle.get("stopSignal") is not None:
        errs.extend(_validate_stop_signal(lifecycle.get("stopSignal"), child_path(path, "stopSignal"), ctx))
    return errs


# ---------------------------------------------------------------------------------------------
# Container restart policy and rules.


def _validate_container_restart_policy(policy: Any, rules: Any, path: str, ctx: PodContext) -> Errors:
    """validateContainerRestartPolicy (regular containers and non-sidecar init containers)."""
    errs: Errors = []
    policy_path = child_path(path, "restartPolicy")
    rules_list = _list(rules)
    if policy is None:
        if not rules_list:
            return errs
        errs.append(required(policy_path, "must specify restartPolicy when restart rules are used"))
    elif _str(policy) not in CONTAINER_RESTART_POLICIES:
        errs.append(not_supported(policy_path, _str(policy), CONTAINER_RESTART_POLICIES))
    rules_path = child_path(path, "restartPolicyRules")
    if len(rules_list) > MAX_CONTAINER_RESTART_RULES:
        errs.append(too_long(rules_path, MAX_CONTAINER_RESTART_RULES, ctx.version))
    for i, rule in enumerate(rules_list):
        rule = _dict(rule) or {}
        rpath = index_path(rules_path, i)
        action = _str(rule.get("action"))
        if action != "Restart":
            errs.append(not_supported(child_path(rpath, "action"), action, ["Restart"]))
        exit_codes = _dict(rule.get("exitCodes"))
        if exit_codes is None:
            errs.append(required(child_path(rpath, "exitCodes"), "must be specified"))
            continue
        epath = child_path(rpath, "exitCodes")
        operator = _str(exit_codes.get("operator"))
        if operator not in CONTAINER_RESTART_RULE_OPERATORS:
            errs.append(not_supported(child_path(epath, "operator"), operator, CONTAINER_RESTART_RULE_OPERATORS))
        if len(_list(exit_codes.get("values"))) > MAX_CONTAINER_RESTART_RULE_EXIT_CODES:
            errs.append(too_long(child_path(epath, "values"), MAX_CONTAINER_RESTART_RULE_EXIT_CODES, ctx.version))
    return errs


def _drops_restart_rules(ctx: PodContext) -> bool:
    """1.34: ContainerRestartRules alpha (off), and dropContainerRestartRules runs on create."""
    return ctx.at_least("1.34") and not ctx.enabled("ContainerRestartRules")


def _validate_init_container_restart_policy(c: dict[str, Any], path: str, ctx: PodContext) -> tuple[Errors, bool]:
    """validateInitContainerRestartPolicy; also says whether the container is a sidecar."""
    policy = c.get("restartPolicy")
    if policy is None or not ctx.enabled("SidecarContainers"):
        return [], False
    policy = _str(policy)
    if ctx.enabled("ContainerRestartRules"):
        if policy == "Always":
            if _list(c.get("restartPolicyRules")):
                return [
                    forbidden(
                        child_path(path, "restartPolicyRules"),
                        "restartPolicyRules are not allowed for init containers with restart policy Always",
                    )
                ], True
            return [], True
        return _validate_container_restart_policy(policy, c.get("restartPolicyRules"), path, ctx), False
    if policy == "Always":
        return [], True
    if _drops_restart_rules(ctx):
        return [], False
    return [not_supported(child_path(path, "restartPolicy"), policy, ["Always"])], False


# ---------------------------------------------------------------------------------------------
# The container loops.


def _grace_period(ctx: PodContext) -> int | None:
    return _int_or_none(ctx.spec.get("terminationGracePeriodSeconds"))


def _validate_container_common(c: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateContainerCommon: what every kind of container must satisfy.

    Runs on every container of every document: paths are built only for fields that are set or
    wrong, and absent lists are not walked."""
    errs: Errors = []
    name = _str(c.get("name"))
    if not name:
        errs.append(required(f"{path}.name"))
    else:
        msgs = is_dns1123_label(name)
        if msgs:
            errs.extend(invalid(f"{path}.name", name, m) for m in msgs)
    # The server checks only that the image is not empty: leading and trailing whitespace is
    # rejected for pods (validateContainerOnlyForPod), never for pod templates.
    if not _str(c.get("image")):
        errs.append(required(f"{path}.image"))
    policy = _str(c.get("terminationMessagePolicy"))
    if policy not in TERMINATION_MESSAGE_POLICIES:
        if not policy:
            errs.append(required(f"{path}.terminationMessagePolicy"))
        else:
            errs.append(not_supported(f"{path}.terminationMessagePolicy", policy, TERMINATION_MESSAGE_POLICIES))
    ports = c.get("ports")
    if ports:
        errs.extend(validate_container_ports(ports, f"{path}.ports"))
    env = c.get("env")
    if env:
        errs.extend(validate_env(env, f"{path}.env", ctx))
    env_from = c.get("envFrom")
    if env_from:
        errs.extend(validate_env_from(env_from, f"{path}.envFrom", ctx))
    errs.extend(mounts.validate_volume_mounts_and_devices(c, path, ctx))
    pull = c.get("imagePullPolicy")
    if pull not in PULL_POLICIES:
        errs.extend(validate_pull_policy(pull, f"{path}.imagePullPolicy"))
    resources = c.get("resources")
    errs.extend(resources_mod.validate_container_resources(resources if isinstance(resources, dict) else None, f"{path}.resources", ctx))
    resize = c.get("resizePolicy")
    if resize and ctx.enabled("InPlacePodVerticalScaling"):
        errs.extend(validate_resize_policy(resize, f"{path}.resizePolicy", ctx))
    sc = c.get("securityContext")
    errs.extend(security.validate_container_security_context(sc if isinstance(sc, dict) else None, c, f"{path}.securityContext", ctx))
    return errs


def validate_init_containers(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateInitContainers; path ends in `.initContainers`."""
    errs: Errors = []
    names: set[str] = set()
    for c in _list(spec.get("containers")):
        if isinstance(c, dict):
            names.add(_str(c.get("name")))
    grace = _grace_period(ctx)
    for i, c in enumerate(_list(spec.get("initContainers"))):
        c = _dict(c)
        if c is None:
            continue
        p = index_path(path, i)
        errs.extend(_validate_container_common(c, p, ctx))
        policy_errs, restart_always = _validate_init_container_restart_policy(c, p, ctx)
        errs.extend(policy_errs)
        name = _str(c.get("name"))
        if name in names:
            errs.append(duplicate(child_path(p, "name"), name))
        elif name:
            names.add(name)
        # Init containers run one by one, so each is checked on its own, and the server reports
        # the conflict under index 0 whatever the container's index (checkHostPortConflicts is
        # handed a one-element list).
        errs.extend(_accumulate_unique_host_ports([c], set(), path))
        lifecycle = _effective_lifecycle(c.get("lifecycle"), ctx)
        if restart_always:
            if lifecycle is not None:
                errs.extend(_validate_lifecycle(lifecycle, grace, child_path(p, "lifecycle"), ctx))
            errs.extend(_validate_probes(c, grace, p, ctx))
        else:
            for key in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
                value = lifecycle if key == "lifecycle" else c.get(key)
                if value is not None:
                    errs.append(forbidden(child_path(p, key), "may not be set for init containers without restartPolicy=Always"))
    return errs


def _effective_lifecycle(value: Any, ctx: PodContext) -> dict[str, Any] | None:
    """The lifecycle as the server keeps it on create: dropPodLifecycleSleepAction and
    dropContainerStopSignals remove the parts whose gate is off, and the whole lifecycle
    (or hook) when nothing is left of it."""
    lifecycle = _dict(value)
    if lifecycle is None:
        return None
    if not ctx.enabled("PodLifecycleSleepAction"):
        lifecycle = dict(lifecycle)
        for hook in ("postStart", "preStop"):
            handler = _dict(lifecycle.get(hook))
            if handler is not None and handler.get("sleep") is not None:
                if all(handler.get(k) is None for k in ("exec", "httpGet", "tcpSocket")):
                    lifecycle[hook] = None
                else:
                    lifecycle[hook] = {k: v for k, v in handler.items() if k != "sleep"}
        if all(lifecycle.get(k) is None for k in ("postStart", "preStop", "stopSignal")):
            return None
    if lifecycle.get("stopSignal") is not None and not ctx.enabled("ContainerStopSignals"):
        lifecycle = {k: v for k, v in lifecycle.items() if k != "stopSignal"}
        if all(v is None for v in lifecycle.values()):
            return None
    return lifecycle


def validate_containers(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateContainers; path ends in `.containers`."""
    containers = _list(spec.get("containers"))
    if not containers:
        return [required(path)]
    errs: Errors = []
    names: set[str] = set()
    grace = _grace_period(ctx)
    rules_gate = ctx.enabled("ContainerRestartRules")
    drops = _drops_restart_rules(ctx)
    for i, c in enumerate(containers):
        c = _dict(c)
        if c is None:
            continue
        p = index_path(path, i)
        errs.extend(_validate_container_common(c, p, ctx))
        name = _str(c.get("name"))
        if name in names:
            errs.append(duplicate(child_path(p, "name"), name))
        else:
            names.add(name)
        lifecycle = _effective_lifecycle(c.get("lifecycle"), ctx)
        if lifecycle is not None:
            errs.extend(_validate_lifecycle(lifecycle, grace, child_path(p, "lifecycle"), ctx))
        errs.extend(_validate_probes(c, grace, p, ctx))
        if rules_gate:
            errs.extend(_validate_container_restart_policy(c.get("restartPolicy"), c.get("restartPolicyRules"), p, ctx))
        elif not drops and c.get("restartPolicy") is not None:
            errs.append(forbidden(child_path(p, "restartPolicy"), "may not be set for non-init containers"))
    errs.extend(_accumulate_unique_host_ports(containers, set(), path))
    return errs


# unicode.IsSpace, what strings.TrimSpace trims.
_GO_SPACE = " \t\n\v\f\r\x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"

# Fields of EphemeralContainerCommon the server refuses (validateFieldAllowList over
# allowedEphemeralContainerFields), in the struct's field order.
_EPHEMERAL_FORBIDDEN_FIELDS = (
    "ports",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
)


def _ephemeral_field_set(c: dict[str, Any], key: str, ctx: PodContext) -> bool:
    """Whether a field differs from its Go zero value once the server has dropped disabled fields."""
    value = c.get(key)
    if value is None:
        return False
    if key == "resources":
        return isinstance(value, dict) and any(v is not None for v in value.values())
    if key == "resizePolicy":
        return ctx.enabled("InPlacePodVerticalScaling")
    if key in ("restartPolicy", "restartPolicyRules"):
        return not _drops_restart_rules(ctx)
    if key == "lifecycle":
        return _effective_lifecycle(value, ctx) is not None
    return True


def validate_ephemeral_containers(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateEphemeralContainers; path ends in `.ephemeralContainers`.

    The server runs it on pod templates too, beside the Forbidden that a template may not have
    ephemeral containers at all."""
    ephemeral = _list(spec.get("ephemeralContainers"))
    if not ephemeral:
        return []
    other: set[str] = set()
    for key in ("containers", "initContainers"):
        for c in _list(spec.get(key)):
            if isinstance(c, dict):
                other.add(_str(c.get("name")))
    names = set(other)
    errs: Errors = []
    for i, c in enumerate(ephemeral):
        c = _dict(c)
        if c is None:
            continue
        p = index_path(path, i)
        errs.extend(_validate_container_common(c, p, ctx))
        image = _str(c.get("image"))
        if image != image.strip(_GO_SPACE):
            errs.append(invalid(child_path(p, "image"), image, "must not have leading or trailing whitespace"))
        name = _str(c.get("name"))
        if name in names:
            errs.append(duplicate(child_path(p, "name"), name))
        else:
            names.add(name)
        target = _str(c.get("targetContainerName"))
        if target and target not in other:
            errs.append(not_found(child_path(p, "targetContainerName"), target))
        for key in _EPHEMERAL_FORBIDDEN_FIELDS:
            if _ephemeral_field_set(c, key, ctx):
                errs.append(forbidden(child_path(p, key), "cannot be set for an Ephemeral Container"))
        for j, mount in enumerate(_list(c.get("volumeMounts"))):
            mount = _dict(mount)
            if mount is None:
                continue
            for key in ("subPath", "subPathExpr"):
                if _str(mount.get(key)):
                    errs.append(forbidden(child_path(index_path(child_path(p, "volumeMounts"), j), key), "cannot be set for an Ephemeral Container"))
    return errs


__all__ = [
    "is_config_map_key",
    "is_http_header_name",
    "validate_container_ports",
    "validate_container_resource_field_selector",
    "validate_containers",
    "validate_env",
    "validate_env_from",
    "validate_ephemeral_containers",
    "validate_init_containers",
    "validate_object_field_selector",
    "validate_pull_policy",
    "validate_resize_policy",
]
