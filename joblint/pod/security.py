"""Pod and container security contexts, and the pod-level rules that go with them.

Ported from pkg/apis/core/validation/validation.go (liggitt/kubernetes at 76b7f090c0e5, about
Kubernetes 1.35): validatePodSpecSecurityContext, ValidateSecurityContext, validateHostUsers,
validatePodHostNetworkDeps, validateWindowsHostProcessPod, validateLinux / validateWindows,
validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate,
ValidateSeccompPodAnnotations and ValidateAppArmorPodAnnotations.

Everything works on the defaulted pod template in API JSON form. Fields whose feature gate is off
in the target release are dropped by the server on create (DropDisabledPodFields); they are
skipped here, so they never produce errors.

Cluster policy: the server refuses `privileged: true` and hostProcess containers when it runs
without --allow-privileged. Every common distribution turns it on, so it is taken as allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..apivalidation import (
    GO_POINTER_PLACEHOLDER,
    MAX_INT32,
    GoValue,
    byte_len,
    child_path,
    inclusive_range_error,
    index_path,
    is_dns1123_subdomain,
    key_path,
    too_long,
)
from ..errors import (
    FieldError,
    duplicate,
    forbidden,
    go_quote,
    invalid,
    not_supported,
    required,
)
from .context import PodContext

Errors = list[FieldError]

# validation.IsValidUserID / IsValidGroupID.
_ID_RANGE_ERROR = inclusive_range_error(0, MAX_INT32)

_SECCOMP_TYPES = ["Localhost", "RuntimeDefault", "Unconfined"]
_APPARMOR_TYPES = ["Localhost", "RuntimeDefault", "Unconfined"]
_PROC_MOUNT_TYPES = ["Default", "Unmasked"]
# sets.List order (sorted).
_FS_GROUP_CHANGE_POLICIES = ["Always", "OnRootMismatch"]
_SUPPLEMENTAL_GROUPS_POLICIES = ["Merge", "Strict"]
_SELINUX_CHANGE_POLICIES = ["MountOption", "Recursive"]

# Sysctl names (IsValidSysctlName): segments joined by '.' or '/', at most 253 characters.
_SYSCTL_SEGMENT_FMT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
_SYSCTL_FMT = "^(" + _SYSCTL_SEGMENT_FMT + "[\\./])*" + _SYSCTL_SEGMENT_FMT + "$"
_SYSCTL_RE = re.compile(_SYSCTL_FMT)
_SYSCTL_MAX_LENGTH = 253
_SYSCTL_NAME_ERROR = f"must have at most {_SYSCTL_MAX_LENGTH} characters and match regex {_SYSCTL_FMT}"

# component-helpers/node/util/sysctl (GetNamespace): which kernel namespace a sysctl belongs to.
_SYSCTL_NAMESPACE_NAMES = {
    name: "IPC"
    for name in (
        "kernel.sem",
        "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni",
        "kernel.shm_rmid_forced",
        "kernel.shm",
        "kernel.msgmax",
        "kernel.msgmnb",
        "kernel.msgmni",
        "kernel.msg",
    )
}
_SYSCTL_NAMESPACE_PREFIXES = (("net.", "Net"), ("fs.mqueue.", "IPC"))

# validateWindowsSecurityContextOptions.
_MAX_GMSA_SPEC_KIB = 64
_MAX_GMSA_SPEC_LENGTH = _MAX_GMSA_SPEC_KIB * 1024
_MAX_RUN_AS_USER_NAME_DOMAIN_LENGTH = 256
_MAX_RUN_AS_USER_NAME_USER_LENGTH = 104
_CTRL_RE = re.compile("[\x00-\x1f\x7f]")
_NETBIOS_RE = re.compile(r'[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}')
_DNS_LABEL = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
_WINDOWS_DOMAIN_DNS_RE = re.compile(f"{_DNS_LABEL}(?:\\.{_DNS_LABEL})*")
_INVALID_USER_NAME_CHARS_RE = re.compile(r'["/\\:;|=,+*?<>@\[\]]')
_INVALID_USER_NAME_DOTS_SPACES_RE = re.compile(r"[. ]+")

_MAX_APPARMOR_LOCALHOST_PROFILE_LENGTH = 4095  # PATH_MAX - 1
# What Go's strings.TrimSpace trims (unicode.IsSpace).
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

# Deprecated annotations (k8s.io/api/core/v1 annotation_key_constants.go).
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"


# ---------------------------------------------------------------------------------------------
# Small helpers.


def _dict(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _pod_sc(spec: dict[str, Any]) -> dict[str, Any]:
    return _dict(spec.get("securityContext")) or {}


def _host_users(spec: dict[str, Any], ctx: PodContext) -> bool:
    """hostUsers as ValidatePodSpec sees it: true unless set to false (dropped while the gate is off)."""
    if not ctx.enabled("UserNamespacesSupport"):
        return True
    return spec.get("hostUsers") is not False


def _visit_containers(spec: dict[str, Any], path: str) -> Iterator[tuple[dict[str, Any], str]]:
    """podshelper.VisitContainersWithPath: init containers, containers, then ephemeral containers."""
    for key in ("initContainers", "containers", "ephemeralContainers"):
        items = spec.get(key)
        if not isinstance(items, list):
            continue
        list_path = child_path(path, key)
        for i, c in enumerate(items):
            if isinstance(c, dict):
                yield c, index_path(list_path, i)


def _ptr(go_type: str, value: Any) -> str:
    return f"({go_type})({'nil' if value is None else GO_POINTER_PLACEHOLDER})"


def _go_seccomp_profile(sp: dict[str, Any]) -> GoValue:
    """%#v of a core.SeccompProfile (pointer fields print as addresses)."""
    type_ = _str(sp.get("type")) or ""
    text = (
        f'core.SeccompProfile{{Type:{go_quote(type_)}, '
        f'LocalhostProfile:{_ptr("*string", sp.get("localhostProfile"))}}}'
    )
    return GoValue(text)


def _go_security_context(sc: dict[str, Any], ctx: PodContext) -> GoValue:
    """%#v of a core.SecurityContext, in the internal type's field order."""
    proc_mount = sc.get("procMount") if ctx.enabled("ProcMountType") else None
    fields = (
        ("Capabilities", "*core.Capabilities", sc.get("capabilities")),
        ("Privileged", "*bool", sc.get("privileged")),
        ("SELinuxOptions", "*core.SELinuxOptions", sc.get("seLinuxOptions")),
        ("WindowsOptions", "*core.WindowsSecurityContextOptions", sc.get("windowsOptions")),
        ("RunAsUser", "*int64", sc.get("runAsUser")),
        ("RunAsGroup", "*int64", sc.get("runAsGroup")),
        ("RunAsNonRoot", "*bool", sc.get("runAsNonRoot")),
        ("ReadOnlyRootFilesystem", "*bool", sc.get("readOnlyRootFilesystem")),
        ("AllowPrivilegeEscalation", "*bool", sc.get("allowPrivilegeEscalation")),
        ("ProcMount", "*core.ProcMountType", proc_mount),
        ("SeccompProfile", "*core.SeccompProfile", sc.get("seccompProfile")),
        ("AppArmorProfile", "*core.AppArmorProfile", sc.get("appArmorProfile")),
    )
    inner = ", ".join(f"{name}:{_ptr(go_type, value)}" for name, go_type, value in fields)
    return GoValue("core.SecurityContext{" + inner + "}")


def _validate_id(value: Any, path: str) -> Errors:
    """validation.IsValidUserID / IsValidGroupID: 0 to MaxInt32."""
    n = _int(value)
    if n is None or 0 <= n <= MAX_INT32:
        return []
    return [invalid(path, n, _ID_RANGE_ERROR)]


def _validate_local_descending_path(target: str, path: str) -> Errors:
    """validateLocalDescendingPath: relative, and no `..` element."""
    errs: Errors = []
    if target.startswith("/"):
        errs.append(invalid(path, target, "must be a relative path"))
    if ".." in target.split("/"):
        errs.append(invalid(path, target, "must not contain '..'"))
    return errs


# ---------------------------------------------------------------------------------------------
# Seccomp, AppArmor and Windows options: shared by pod and container security contexts.


def validate_seccomp_profile_field(sp: Any, path: str) -> Errors:
    """validateSeccompProfileField (with validateSeccompProfileType)."""
    profile = _dict(sp)
    if profile is None:
        return []
    errs: Errors = []
    type_ = _str(profile.get("type")) or ""
    type_path = child_path(path, "type")
    if type_ == "":
        errs.append(required(type_path, "type is required when seccompProfile is set"))
    elif type_ not in _SECCOMP_TYPES:
        errs.append(not_supported(type_path, type_, _SECCOMP_TYPES))
    lp_path = child_path(path, "localhostProfile")
    localhost_profile = profile.get("localhostProfile")
    if type_ == "Localhost":
        if localhost_profile is None:
            errs.append(required(lp_path, "must be set when seccomp type is Localhost"))
        elif isinstance(localhost_profile, str):
            errs.extend(_validate_local_descending_path(localhost_profile, lp_path))
    elif localhost_profile is not None:
        errs.append(invalid(lp_path, _go_seccomp_profile(profile), "can only be set when seccomp type is Localhost"))
    return errs


def validate_apparmor_profile_field(profile: Any, path: str, ctx: PodContext) -> Errors:
    """ValidateAppArmorProfileField."""
    ap = _dict(profile)
    if ap is None:
        return []
    errs: Errors = []
    type_ = _str(ap.get("type")) or ""
    lp_path = child_path(path, "localhostProfile")
    localhost_profile = ap.get("localhostProfile")
    if type_ == "Localhost":
        if localhost_profile is None:
            errs.append(required(lp_path, "must be set when AppArmor type is Localhost"))
        elif isinstance(localhost_profile, str):
            stripped = localhost_profile.strip(_GO_SPACE)
            if stripped != localhost_profile:
                errs.append(invalid(lp_path, localhost_profile, "must not be padded with whitespace"))
            elif stripped == "":
                errs.append(required(lp_path, "must be set when AppArmor type is Localhost"))
            if byte_len(localhost_profile) > _MAX_APPARMOR_LOCALHOST_PROFILE_LENGTH:
                errs.append(too_long(lp_path, _MAX_APPARMOR_LOCALHOST_PROFILE_LENGTH, ctx.version))
    elif type_ in ("RuntimeDefault", "Unconfined"):
        if localhost_profile is not None:
            errs.append(invalid(lp_path, localhost_profile, "can only be set when AppArmor type is Localhost"))
    elif type_ == "":
        errs.append(required(child_path(path, "type"), "type is required when appArmorProfile is set"))
    else:
        errs.append(not_supported(child_path(path, "type"), type_, _APPARMOR_TYPES))
    return errs


def validate_windows_security_context_options(options: Any, path: str) -> Errors:
    """validateWindowsSecurityContextOptions: gMSA credential spec (name) and runAsUserName."""
    wo = _dict(options)
    if wo is None:
        return []
    errs: Errors = []
    spec_name = _str(wo.get("gmsaCredentialSpecName"))
    if spec_name is not None:
        name_path = child_path(path, "gmsaCredentialSpecName")
        errs.extend(invalid(name_path, spec_name, msg) for msg in is_dns1123_subdomain(spec_name))
    cred_spec = _str(wo.get("gmsaCredentialSpec"))
    if cred_spec is not None:
        spec_path = child_path(path, "gmsaCredentialSpec")
        n = byte_len(cred_spec)
        if n == 0:
            errs.append(invalid(spec_path, cred_spec, "gmsaCredentialSpec cannot be an empty string"))
        elif n > _MAX_GMSA_SPEC_LENGTH:
            errs.append(invalid(spec_path, cred_spec, f"gmsaCredentialSpec size must be under {_MAX_GMSA_SPEC_KIB} KiB"))
    user_name = _str(wo.get("runAsUserName"))
    if user_name is not None:
        errs.extend(_validate_run_as_user_name(user_name, child_path(path, "runAsUserName")))
    return errs


def _validate_run_as_user_name(name: str, path: str) -> Errors:
    if name == "":
        return [invalid(path, name, "runAsUserName cannot be an empty string")]
    if _CTRL_RE.search(name):
        return [invalid(path, name, "runAsUserName cannot contain control characters")]
    parts = name.split("\\")
    if len(parts) > 2:
        return [invalid(path, name, "runAsUserName cannot contain more than one backslash")]
    has_domain = len(parts) == 2
    domain, user = (parts[0], parts[1]) if has_domain else ("", parts[0])
    errs: Errors = []
    if byte_len(domain) >= _MAX_RUN_AS_USER_NAME_DOMAIN_LENGTH:
        errs.append(invalid(path, name, f"runAsUserName's Domain length must be under {_MAX_RUN_AS_USER_NAME_DOMAIN_LENGTH} characters"))
    if has_domain and not (_NETBIOS_RE.fullmatch(domain) or _WINDOWS_DOMAIN_DNS_RE.fullmatch(domain)):
        errs.append(invalid(path, name, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"))
    user_len = byte_len(user)
    if user_len == 0:
        errs.append(invalid(path, name, "runAsUserName's User cannot be empty"))
    elif user_len > _MAX_RUN_AS_USER_NAME_USER_LENGTH:
        errs.append(invalid(path, name, f"runAsUserName's User length must not be longer than {_MAX_RUN_AS_USER_NAME_USER_LENGTH} characters"))
    if _INVALID_USER_NAME_DOTS_SPACES_RE.fullmatch(user):
        errs.append(invalid(path, name, "runAsUserName's User cannot contain only periods or spaces"))
    if _INVALID_USER_NAME_CHARS_RE.search(user):
        errs.append(invalid(path, name, 'runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]'))
    return errs


# ---------------------------------------------------------------------------------------------
# The pod security context.


def _sysctl_namespace(name: str) -> str:
    """utilsysctl.GetNamespace after NormalizeName: "Net", "IPC" or "" (not namespaced)."""
    first = min((i for i in (name.find("."), name.find("/")) if i >= 0), default=-1)
    if first >= 0 and name[first] == "/":
        name = name.translate(_SWAP_DOT_SLASH)
    star = name.find("*")
    if star >= 0:
        name = name[:star]
    namespace = _SYSCTL_NAMESPACE_NAMES.get(name)
    if namespace is not None:
        return namespace
    for prefix, namespace in _SYSCTL_NAMESPACE_PREFIXES:
        if name.startswith(prefix):
            return namespace
    return ""


_SWAP_DOT_SLASH = str.maketrans("./", "/.")


def _validate_sysctls(sysctls: list[Any], spec: dict[str, Any], path: str) -> Errors:
    """validateSysctls with ValidateHostSysctl (namespaced sysctls are refused in host namespaces)."""
    errs: Errors = []
    seen: set[str] = set()
    host_network = spec.get("hostNetwork") is True
    host_ipc = spec.get("hostIPC") is True
    for i, s in enumerate(sysctls):
        sysctl = _dict(s) or {}
        name = _str(sysctl.get("name")) or ""
        name_path = child_path(index_path(path, i), "name")
        if name == "":
            errs.append(required(name_path))
        elif len(name) > _SYSCTL_MAX_LENGTH or not _SYSCTL_RE.fullmatch(name):
            errs.append(invalid(name_path, name, _SYSCTL_NAME_ERROR))
        elif name in seen:
            errs.append(duplicate(name_path, name))
        namespace = _sysctl_namespace(name)
        if host_network and namespace == "Net":
            errs.append(invalid(name_path, name, "may not be specified when 'hostNetwork' is true"))
        elif host_ipc and namespace == "IPC":
            errs.append(invalid(name_path, name, "may not be specified when 'hostIPC' is true"))
        seen.add(name)
    return errs


def validate_pod_security_context(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validatePodSpecSecurityContext. `path` is the pod spec path; errors are under
    `.securityContext` (shareProcessNamespace too: the internal type keeps it there)."""
    sc = _pod_sc(spec)
    sc_path = child_path(path, "securityContext")
    errs: Errors = []
    errs.extend(_validate_id(sc.get("fsGroup"), child_path(sc_path, "fsGroup")))
    errs.extend(_validate_id(sc.get("runAsUser"), child_path(sc_path, "runAsUser")))
    errs.extend(_validate_id(sc.get("runAsGroup"), child_path(sc_path, "runAsGroup")))
    groups = sc.get("supplementalGroups")
    if isinstance(groups, list):
        groups_path = child_path(sc_path, "supplementalGroups")
        for g, gid in enumerate(groups):
            errs.extend(_validate_id(gid, index_path(groups_path, g)))
    if spec.get("shareProcessNamespace") is True and spec.get("hostPID") is True:
        errs.append(
            invalid(
                child_path(sc_path, "shareProcessNamespace"), True, "ShareProcessNamespace and HostPID cannot both be enabled"
            )
        )
    sysctls = sc.get("sysctls")
    if isinstance(sysctls, list) and sysctls:
        errs.extend(_validate_sysctls(sysctls, spec, child_path(sc_path, "sysctls")))
    policy = sc.get("fsGroupChangePolicy")
    if isinstance(policy, str) and policy not in _FS_GROUP_CHANGE_POLICIES:
        errs.append(not_supported(child_path(sc_path, "fsGroupChangePolicy"), policy, _FS_GROUP_CHANGE_POLICIES))
    errs.extend(validate_seccomp_profile_field(sc.get("seccompProfile"), child_path(sc_path, "seccompProfile")))
    errs.extend(validate_windows_security_context_options(sc.get("windowsOptions"), child_path(sc_path, "windowsOptions")))
    errs.extend(validate_apparmor_profile_field(sc.get("appArmorProfile"), child_path(sc_path, "appArmorProfile"), ctx))
    groups_policy = sc.get("supplementalGroupsPolicy")
    if (
        isinstance(groups_policy, str)
        and ctx.enabled("SupplementalGroupsPolicy")
        and groups_policy not in _SUPPLEMENTAL_GROUPS_POLICIES
    ):
        errs.append(
            not_supported(child_path(sc_path, "supplementalGroupsPolicy"), groups_policy, _SUPPLEMENTAL_GROUPS_POLICIES)
        )
    change_policy = sc.get("seLinuxChangePolicy")
    if isinstance(change_policy, str) and ctx.enabled("SELinuxChangePolicy"):
        # On create, only Recursive is allowed unless SELinuxMount is on (useOnlyRecursiveSELinuxChangePolicy).
        allowed = _SELINUX_CHANGE_POLICIES if ctx.enabled("SELinuxMount") else ["Recursive"]
        if change_policy not in allowed:
            errs.append(not_supported(child_path(sc_path, "seLinuxChangePolicy"), change_policy, allowed))
    return errs


def validate_pod_host_network_deps(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validatePodHostNetworkDeps for a pod template (not a Pod): with hostNetwork, a container
    port's hostPort must be unset (0) or equal to its containerPort. Only regular containers."""
    if spec.get("hostNetwork") is not True:
        return []
    containers = spec.get("containers")
    if not isinstance(containers, list):
        return []
    errs: Errors = []
    containers_path = child_path(path, "containers")
    for i, c in enumerate(containers):
        ports = c.get("ports") if isinstance(c, dict) else None
        if not isinstance(ports, list):
            continue
        ports_path = child_path(index_path(containers_path, i), "ports")
        for j, port in enumerate(ports):
            p = _dict(port) or {}
            host_port = _int(p.get("hostPort")) or 0
            container_port = _int(p.get("containerPort")) or 0
            if host_port != 0 and host_port != container_port:
                errs.append(
                    invalid(
                        child_path(index_path(ports_path, j), "hostPort"),
                        host_port,
                        "must match `containerPort` when `hostNetwork` is true",
                    )
                )
    return errs


def validate_windows_host_process_pod(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateWindowsHostProcessPod: hostProcess must agree between pod and containers, be set for
    all containers or none, and requires hostNetwork."""
    pod_wo = _dict(_pod_sc(spec).get("windowsOptions")) or {}
    pod_host_process = pod_wo.get("hostProcess")
    if not isinstance(pod_host_process, bool):
        pod_host_process = None
    errs: Errors = []
    container_count = 0
    host_process_count = 0
    for c, c_path in _visit_containers(spec, path):
        container_count += 1
        c_wo = _dict((_dict(c.get("securityContext")) or {}).get("windowsOptions")) or {}
        c_host_process = c_wo.get("hostProcess")
        if not isinstance(c_host_process, bool):
            c_host_process = None
        if pod_host_process is not None and c_host_process is not None and pod_host_process != c_host_process:
            errs.append(
                invalid(
                    child_path(c_path, "securityContext", "windowsOptions", "hostProcess"),
                    c_host_process,
                    f"pod hostProcess value must be identical if both are specified, was {'true' if pod_host_process else 'false'}",
                )
            )
        if c_host_process is True or (c_host_process is None and pod_host_process is True):
            host_process_count += 1
    if host_process_count > 0:
        if host_process_count != container_count:
            errs.append(
                invalid(path, "", "If pod contains any hostProcess containers then all containers must be HostProcess containers")
            )
        host_network = spec.get("hostNetwork") is True
        if not host_network:
            errs.append(
                invalid(
                    child_path(path, "hostNetwork"), host_network, "hostNetwork must be true if pod contains any hostProcess containers"
                )
            )
        # "hostProcess containers are disallowed by cluster policy" needs --allow-privileged=false.
    return errs


def validate_host_users(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateHostUsers: with `hostUsers: false`, no host namespaces and (from 1.34) no
    volumeDevices. kubernetes/kubernetes#132868 (July 2025, taken as 1.34) added the volumeDevices
    rule and changed the detail from "when `pod.Spec.HostUsers` is false"."""
    if _host_users(spec, ctx):
        return []
    errs: Errors = []
    new_rules = ctx.at_least("1.34")
    detail = "when `hostUsers` is false" if new_rules else "when `pod.Spec.HostUsers` is false"
    if spec.get("hostNetwork") is True:
        errs.append(forbidden(child_path(path, "hostNetwork"), detail))
    # The server names these two with capitals.
    if spec.get("hostPID") is True:
        errs.append(forbidden(child_path(path, "HostPID"), detail))
    if spec.get("hostIPC") is True:
        errs.append(forbidden(child_path(path, "HostIPC"), detail))
    if new_rules:
        for c, c_path in _visit_containers(spec, path):
            devices = c.get("volumeDevices")
            if isinstance(devices, list) and devices:
                errs.append(forbidden(child_path(c_path, "volumeDevices"), detail))
    return errs


_WINDOWS_POD_SC_FIELDS = (
    "appArmorProfile",
    "seLinuxOptions",
)
_WINDOWS_POD_SC_FIELDS_AFTER = (
    "seccompProfile",
    "fsGroup",
    "fsGroupChangePolicy",
)
_WINDOWS_CONTAINER_SC_FIELDS = (
    "appArmorProfile",
    "seLinuxOptions",
    "seccompProfile",
    "capabilities",
    "readOnlyRootFilesystem",
    "privileged",
    "allowPrivilegeEscalation",
    "procMount",
    "runAsUser",
    "runAsGroup",
)


def validate_os_security(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateLinux / validateWindows: the security fields the pod's `os.name` forbids. Call only
    when `os` is set and validateOS found no error (as ValidatePodSpec does)."""
    os_name = ctx.os_name
    if os_name == "linux":
        return _validate_linux(spec, path)
    if os_name == "windows":
        return _validate_windows(spec, path, ctx)
    return []


def _validate_linux(spec: dict[str, Any], path: str) -> Errors:
    errs: Errors = []
    detail = "windows options cannot be set for a linux pod"
    if _pod_sc(spec).get("windowsOptions") is not None:
        errs.append(forbidden(child_path(path, "securityContext", "windowsOptions"), detail))
    for c, c_path in _visit_containers(spec, path):
        sc = _dict(c.get("securityContext"))
        if sc is not None and sc.get("windowsOptions") is not None:
            errs.append(forbidden(child_path(c_path, "securityContext", "windowsOptions"), detail))
    return errs


def _validate_windows(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    errs: Errors = []
    detail = "cannot be set for a windows pod"
    sc = _pod_sc(spec)
    sc_path = child_path(path, "securityContext")

    def set_(value: Any) -> bool:
        return value is not None

    for name in _WINDOWS_POD_SC_FIELDS:
        if set_(sc.get(name)):
            errs.append(forbidden(child_path(sc_path, name), detail))
    if ctx.enabled("UserNamespacesSupport") and set_(spec.get("hostUsers")):
        errs.append(forbidden(child_path(path, "hostUsers"), detail))
    if spec.get("hostPID") is True:
        errs.append(forbidden(child_path(path, "hostPID"), detail))
    if spec.get("hostIPC") is True:
        errs.append(forbidden(child_path(path, "hostIPC"), detail))
    for name in _WINDOWS_POD_SC_FIELDS_AFTER:
        if set_(sc.get(name)):
            errs.append(forbidden(child_path(sc_path, name), detail))
    sysctls = sc.get("sysctls")
    if isinstance(sysctls, list) and sysctls:
        errs.append(forbidden(child_path(sc_path, "sysctls"), detail))
    if set_(spec.get("shareProcessNamespace")):
        errs.append(forbidden(child_path(path, "shareProcessNamespace"), detail))
    for name in ("runAsUser", "runAsGroup", "supplementalGroups"):
        if set_(sc.get(name)):
            errs.append(forbidden(child_path(sc_path, name), detail))
    if ctx.enabled("SupplementalGroupsPolicy") and set_(sc.get("supplementalGroupsPolicy")):
        errs.append(forbidden(child_path(sc_path, "supplementalGroupsPolicy"), detail))
    if ctx.enabled("SELinuxChangePolicy") and set_(sc.get("seLinuxChangePolicy")):
        errs.append(forbidden(child_path(sc_path, "seLinuxChangePolicy"), detail))
    for c, c_path in _visit_containers(spec, path):
        csc = _dict(c.get("securityContext"))
        if csc is None:
            continue
        csc_path = child_path(c_path, "securityContext")
        for name in _WINDOWS_CONTAINER_SC_FIELDS:
            if name == "procMount" and not ctx.enabled("ProcMountType"):
                continue
            if set_(csc.get(name)):
                errs.append(forbidden(child_path(csc_path, name), detail))
    return errs


# ---------------------------------------------------------------------------------------------
# The container security context.


def validate_container_security_context(
    sc: dict[str, Any] | None, container: dict[str, Any], path: str, ctx: PodContext
) -> Errors:
    """ValidateSecurityContext. `path` ends in `.securityContext`."""
    if not isinstance(sc, dict):
        return []
    errs: Errors = []
    # privileged: "disallowed by cluster policy" only without --allow-privileged (taken as allowed).
    errs.extend(_validate_id(sc.get("runAsUser"), child_path(path, "runAsUser")))
    errs.extend(_validate_id(sc.get("runAsGroup"), child_path(path, "runAsGroup")))
    proc_mount = sc.get("procMount")
    if isinstance(proc_mount, str) and ctx.enabled("ProcMountType"):
        pm_path = child_path(path, "procMount")
        if proc_mount not in _PROC_MOUNT_TYPES:
            errs.append(not_supported(pm_path, proc_mount, _PROC_MOUNT_TYPES))
        if proc_mount == "Unmasked" and _host_users(ctx.spec, ctx):
            errs.append(invalid(pm_path, proc_mount, "`hostUsers` must be false to use `Unmasked`"))
    errs.extend(validate_seccomp_profile_field(sc.get("seccompProfile"), child_path(path, "seccompProfile")))
    if sc.get("allowPrivilegeEscalation") is False:
        if sc.get("privileged") is True:
            errs.append(
                invalid(path, _go_security_context(sc, ctx), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true")
            )
        caps = _dict(sc.get("capabilities"))
        added = caps.get("add") if caps is not None else None
        if isinstance(added, list):
            for cap in added:
                if cap == "CAP_SYS_ADMIN":
                    errs.append(
                        invalid(
                            path,
                            _go_security_context(sc, ctx),
                            "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
                        )
                    )
    errs.extend(validate_windows_security_context_options(sc.get("windowsOptions"), child_path(path, "windowsOptions")))
    errs.extend(validate_apparmor_profile_field(sc.get("appArmorProfile"), child_path(path, "appArmorProfile"), ctx))
    return errs


# ---------------------------------------------------------------------------------------------
# The deprecated seccomp / AppArmor annotations.


def _validate_seccomp_annotation_value(value: str, path: str) -> Errors:
    """ValidateSeccompProfile (annotation form)."""
    if value in ("runtime/default", "docker/default", "unconfined"):
        return []
    if value.startswith("localhost/"):
        return _validate_local_descending_path(value[len("localhost/") :], path)
    return [invalid(path, value, "must be a valid seccomp profile")]


def _apparmor_annotation_format_error(value: str) -> str | None:
    """ValidateAppArmorProfileFormat."""
    if value in ("", "runtime/default", "unconfined") or value.startswith("localhost/"):
        return None
    return f"invalid AppArmor profile name: {go_quote(value)}"


def validate_security_pod_annotations(annotations: Any, spec: dict[str, Any], path: str) -> Errors:
    """ValidateSeccompPodAnnotations and ValidateAppArmorPodAnnotations (both called by
    ValidatePodSpecificAnnotations). `path` is the annotations path. Go walks the map in random
    order; keys are taken sorted here."""
    if not isinstance(annotations, dict):
        return []
    errs: Errors = []
    pod_value = annotations.get(SECCOMP_POD_ANNOTATION)
    if isinstance(pod_value, str):
        errs.extend(_validate_seccomp_annotation_value(pod_value, child_path(path, SECCOMP_POD_ANNOTATION)))
    keys = sorted(k for k in annotations if isinstance(k, str))
    for k in keys:
        v = annotations[k]
        if k.startswith(SECCOMP_CONTAINER_ANNOTATION_PREFIX) and isinstance(v, str):
            errs.extend(_validate_seccomp_annotation_value(v, child_path(path, k)))
    names = {c.get("name") for c, _ in _visit_containers(spec, "")}
    for k in keys:
        v = annotations[k]
        if not k.startswith(APPARMOR_CONTAINER_ANNOTATION_PREFIX):
            continue
        container_name = k[len(APPARMOR_CONTAINER_ANNOTATION_PREFIX) :]
        if container_name not in names:
            errs.append(invalid(key_path(path, k), container_name, "container not found"))
        if isinstance(v, str):
            msg = _apparmor_annotation_format_error(v)
            if msg is not None:
                errs.append(invalid(key_path(path, k), v, msg))
    return errs


def _seccomp_match_error(annotation: str, field_value: dict[str, Any], path: str) -> FieldError | None:
    """validateSeccompAnnotationsAndFieldsMatch."""
    type_ = field_value.get("type")
    if type_ == "Unconfined":
        if annotation != "unconfined":
            return forbidden(child_path(path, "type"), "seccomp type in annotation and field must match")
    elif type_ == "RuntimeDefault":
        if annotation not in ("runtime/default", "docker/default"):
            return forbidden(child_path(path, "type"), "seccomp type in annotation and field must match")
    elif type_ == "Localhost":
        if not annotation.startswith("localhost/"):
            return forbidden(child_path(path, "type"), "seccomp type in annotation and field must match")
        if annotation[len("localhost/") :] != field_value.get("localhostProfile"):
            return forbidden(child_path(path, "localhostProfile"), "seccomp profile in annotation and field must match")
    return None


def _apparmor_match_error(annotation: str, profile: dict[str, Any], path: str) -> FieldError | None:
    type_ = profile.get("type")
    if type_ == "Unconfined":
        if annotation != "unconfined":
            return forbidden(child_path(path, "type"), "apparmor type in annotation and field must match")
    elif type_ == "RuntimeDefault":
        if annotation != "runtime/default":
            return forbidden(child_path(path, "type"), "apparmor type in annotation and field must match")
    elif type_ == "Localhost":
        if not annotation.startswith("localhost/"):
            return forbidden(child_path(path, "type"), "apparmor type in annotation and field must match")
        if annotation[len("localhost/") :] != profile.get("localhostProfile"):
            return forbidden(child_path(path, "localhostProfile"), "apparmor profile in annotation and field must match")
    return None


def validate_security_annotations(template: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateSeccompAnnotationsAndFields then validateAppArmorAnnotationsAndFieldsMatchOnCreate,
    as ValidatePodTemplateSpec calls them. `path` is the template path; errors are under `.spec`."""
    meta = _dict(template.get("metadata")) or {}
    annotations = _dict(meta.get("annotations")) or {}
    spec = _dict(template.get("spec")) or {}
    spec_path = child_path(path, "spec")
    errs: Errors = []
    if not annotations:
        return errs
    pod_sc = _pod_sc(spec)

    pod_seccomp = _dict(pod_sc.get("seccompProfile"))
    pod_annotation = annotations.get(SECCOMP_POD_ANNOTATION)
    if pod_seccomp is not None and isinstance(pod_annotation, str):
        err = _seccomp_match_error(pod_annotation, pod_seccomp, child_path(spec_path, "securityContext", "seccompProfile"))
        if err is not None:
            errs.append(err)
    containers = list(_visit_containers(spec, spec_path))
    for c, c_path in containers:
        seccomp = _dict((_dict(c.get("securityContext")) or {}).get("seccompProfile"))
        name = c.get("name")
        if seccomp is None or not isinstance(name, str):
            continue
        annotation = annotations.get(SECCOMP_CONTAINER_ANNOTATION_PREFIX + name)
        if isinstance(annotation, str):
            err = _seccomp_match_error(annotation, seccomp, child_path(c_path, "securityContext", "seccompProfile"))
            if err is not None:
                errs.append(err)

    if ctx.os_name == "windows":
        return errs
    pod_profile = _dict(pod_sc.get("appArmorProfile"))
    for c, c_path in containers:
        profile = _dict((_dict(c.get("securityContext")) or {}).get("appArmorProfile"))
        if profile is None:
            profile = pod_profile
        name = c.get("name")
        if profile is None or not isinstance(name, str):
            continue
        annotation = annotations.get(APPARMOR_CONTAINER_ANNOTATION_PREFIX + name)
        if isinstance(annotation, str):
            err = _apparmor_match_error(annotation, profile, child_path(c_path, "securityContext", "appArmorProfile"))
            if err is not None:
                errs.append(err)
    return errs


__all__: list[str] = [
    "validate_apparmor_profile_field",
    "validate_container_security_context",
    "validate_host_users",
    "validate_os_security",
    "validate_pod_host_network_deps",
    "validate_pod_security_context",
    "validate_seccomp_profile_field",
    "validate_security_annotations",
    "validate_security_pod_annotations",
    "validate_windows_host_process_pod",
    "validate_windows_security_context_options",
]
