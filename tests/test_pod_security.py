"""Pod and container security contexts (joblint.pod.security), one test per rule.

Cases follow pkg/apis/core/validation/validation_test.go (TestValidatePodSpecSecurityContext /
TestValidatePodSpec, TestValidateSecurityContext, TestValidateHostNetwork..., TestValidateSeccompProfile...,
TestValidateAppArmorProfileFormat, TestValidateWindowsSecurityContextOptions, TestValidateSysctls,
TestValidateWindowsHostProcessPod, TestValidateHostUsers, TestValidateOSFields); expected texts come
from validation.go at liggitt/kubernetes 76b7f090c0e5. The functions are called directly with a
PodContext, on pod specs built with tests/podcases.py.
"""

from __future__ import annotations

from typing import Any

from joblint.apivalidation import GO_POINTER_PLACEHOLDER as PTR
from joblint.pod.context import PodContext
from joblint.pod.security import (
    validate_container_security_context,
    validate_host_users,
    validate_os_security,
    validate_pod_host_network_deps,
    validate_pod_security_context,
    validate_security_annotations,
    validate_security_pod_annotations,
    validate_windows_host_process_pod,
)
from tests.podcases import POD, container_with, pod_with

SC = f"{POD}.securityContext"
CSC = f"{POD}.containers[0].securityContext"
RANGE = "must be between 0 and 2147483647, inclusive"


def pod_sc(version: str = "1.37", **fields: Any) -> list[str]:
    spec = pod_with(**fields)
    return [str(e) for e in validate_pod_security_context(spec, POD, PodContext(version, spec))]


def ctr_sc(sc: dict[str, Any], version: str = "1.37", **pod_fields: Any) -> list[str]:
    spec = container_with(securityContext=sc)
    spec.update(pod_fields)
    container = spec["containers"][0]
    return [str(e) for e in validate_container_security_context(sc, container, CSC, PodContext(version, spec))]


def run(fn: Any, spec: dict[str, Any], version: str = "1.37") -> list[str]:
    return [str(e) for e in fn(spec, POD, PodContext(version, spec))]


# ---------------------------------------------------------------------------------------------
# validatePodSpecSecurityContext: user and group ids.


def test_pod_run_as_user_negative() -> None:
    """TestValidatePodSpec "bad runAsUser": IsValidUserID."""
    assert pod_sc(securityContext={"runAsUser": -1}) == [f"{SC}.runAsUser: Invalid value: -1: {RANGE}"]


def test_pod_run_as_group_too_large() -> None:
    """TestValidatePodSpec "bad runAsGroup": IsValidGroupID."""
    assert pod_sc(securityContext={"runAsGroup": 2147483648}) == [f"{SC}.runAsGroup: Invalid value: 2147483648: {RANGE}"]


def test_pod_fs_group_negative() -> None:
    """TestValidatePodSpec "bad fsGroup"."""
    assert pod_sc(securityContext={"fsGroup": -1}) == [f"{SC}.fsGroup: Invalid value: -1: {RANGE}"]


def test_pod_supplemental_groups_out_of_range() -> None:
    """TestValidatePodSpec "bad supplementalGroups large": the bad element's index."""
    assert pod_sc(securityContext={"supplementalGroups": [1, -1]}) == [
        f"{SC}.supplementalGroups[1]: Invalid value: -1: {RANGE}"
    ]


def test_pod_ids_at_the_bounds_are_valid() -> None:
    sc = {"runAsUser": 0, "runAsGroup": 2147483647, "fsGroup": 0, "supplementalGroups": [0, 2147483647]}
    assert pod_sc(securityContext=sc) == []


def test_share_process_namespace_with_host_pid() -> None:
    """TestValidatePodSpec "bad shareProcessNamespace and hostPID": reported under securityContext."""
    assert pod_sc(shareProcessNamespace=True, hostPID=True) == [
        f"{SC}.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled"
    ]
    assert pod_sc(shareProcessNamespace=True) == []
    assert pod_sc(shareProcessNamespace=False, hostPID=True) == []


# ---------------------------------------------------------------------------------------------
# Sysctls.

SYSCTL_REGEX = "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"


def test_sysctl_name_required() -> None:
    """TestValidateSysctls: an empty name."""
    assert pod_sc(securityContext={"sysctls": [{"name": "", "value": "1"}]}) == [f"{SC}.sysctls[0].name: Required value"]


def test_sysctl_name_invalid() -> None:
    """TestValidateSysctls invalid: "foo..", "_", "-foo", "foo.-bar"."""
    for name in ("foo..", "_", "-foo", "foo.-bar", "Foo"):
        assert pod_sc(securityContext={"sysctls": [{"name": name, "value": "1"}]}) == [
            f'{SC}.sysctls[0].name: Invalid value: "{name}": must have at most 253 characters and match regex {SYSCTL_REGEX}'
        ]


def test_sysctl_name_too_long() -> None:
    name = "a" * 254
    assert pod_sc(securityContext={"sysctls": [{"name": name, "value": "1"}]}) == [
        f'{SC}.sysctls[0].name: Invalid value: "{name}": must have at most 253 characters and match regex {SYSCTL_REGEX}'
    ]


def test_sysctl_names_valid() -> None:
    """TestValidateSysctls valid: dotted and slashed names."""
    names = ["a.b.c.d", "a", "a_b", "a-b", "abc", "abc.def", "a/b/c/d", "a/b.c", "kernel.shm_rmid_forced", "net.ipv4.conf.eno2/100.rp_filter"]
    assert pod_sc(securityContext={"sysctls": [{"name": n, "value": "1"} for n in names]}) == []


def test_sysctl_duplicate() -> None:
    """TestValidateSysctls duplicates."""
    sysctls = [{"name": "kernel.shmmax", "value": "1"}, {"name": "kernel.shmmax", "value": "2"}]
    assert pod_sc(securityContext={"sysctls": sysctls}) == [f'{SC}.sysctls[1].name: Duplicate value: "kernel.shmmax"']


def test_net_sysctl_with_host_network() -> None:
    """TestValidateSysctls namespaced: a net.* sysctl in a hostNetwork pod (dotted and slashed)."""
    for name in ("net.ipv4.ip_forward", "net/ipv4/ip_forward"):
        assert pod_sc(hostNetwork=True, securityContext={"sysctls": [{"name": name, "value": "1"}]}) == [
            f"{SC}.sysctls[0].name: Invalid value: \"{name}\": may not be specified when 'hostNetwork' is true"
        ]
    assert pod_sc(hostNetwork=True, securityContext={"sysctls": [{"name": "kernel.shmmax", "value": "1"}]}) == []


def test_ipc_sysctl_with_host_ipc() -> None:
    """TestValidateSysctls namespaced: kernel.shm*/msg*/sem and fs.mqueue.* in a hostIPC pod."""
    for name in ("kernel.shmmax", "kernel.shm_rmid_forced", "kernel.msgmax", "kernel.sem", "fs.mqueue.msg_max"):
        assert pod_sc(hostIPC=True, securityContext={"sysctls": [{"name": name, "value": "1"}]}) == [
            f"{SC}.sysctls[0].name: Invalid value: \"{name}\": may not be specified when 'hostIPC' is true"
        ]
    assert pod_sc(hostIPC=True, securityContext={"sysctls": [{"name": "net.ipv4.ip_forward", "value": "1"}]}) == []
    # Only the listed kernel.shm*/msg* names are IPC-namespaced, not every name with that prefix.
    assert pod_sc(hostIPC=True, securityContext={"sysctls": [{"name": "kernel.shmfoo", "value": "1"}]}) == []


def test_invalid_sysctl_name_still_checked_against_host_namespaces() -> None:
    """validateSysctls runs ValidateHostSysctl on every entry; GetNamespace cuts a name at '*'."""
    assert pod_sc(hostNetwork=True, securityContext={"sysctls": [{"name": "net.*", "value": "1"}]}) == [
        f'{SC}.sysctls[0].name: Invalid value: "net.*": must have at most 253 characters and match regex {SYSCTL_REGEX}',
        f"{SC}.sysctls[0].name: Invalid value: \"net.*\": may not be specified when 'hostNetwork' is true",
    ]


# ---------------------------------------------------------------------------------------------
# fsGroupChangePolicy, supplementalGroupsPolicy, seLinuxChangePolicy.


def test_fs_group_change_policy_unsupported() -> None:
    """TestValidatePodSpec "bad fsGroupChangePolicy"."""
    assert pod_sc(securityContext={"fsGroupChangePolicy": "Bogus"}) == [
        f'{SC}.fsGroupChangePolicy: Unsupported value: "Bogus": supported values: "Always", "OnRootMismatch"'
    ]
    assert pod_sc(securityContext={"fsGroupChangePolicy": "OnRootMismatch"}) == []


def test_supplemental_groups_policy_unsupported() -> None:
    """TestValidatePodSpec "invalid SupplementalGroupsPolicy"."""
    assert pod_sc(securityContext={"supplementalGroupsPolicy": "Bogus"}) == [
        f'{SC}.supplementalGroupsPolicy: Unsupported value: "Bogus": supported values: "Merge", "Strict"'
    ]
    assert pod_sc(securityContext={"supplementalGroupsPolicy": "Strict"}) == []


def test_supplemental_groups_policy_dropped_before_133() -> None:
    """SupplementalGroupsPolicy is alpha (off) before 1.33: the field is dropped, never refused."""
    assert pod_sc("1.32", securityContext={"supplementalGroupsPolicy": "Bogus"}) == []


def test_selinux_change_policy_only_recursive() -> None:
    """validateSELinuxChangePolicy with AllowOnlyRecursiveSELinuxChangePolicy (SELinuxMount off)."""
    assert pod_sc(securityContext={"seLinuxChangePolicy": "MountOption"}) == [
        f'{SC}.seLinuxChangePolicy: Unsupported value: "MountOption": supported values: "Recursive"'
    ]
    assert pod_sc(securityContext={"seLinuxChangePolicy": "Recursive"}) == []


def test_selinux_change_policy_dropped_before_133() -> None:
    assert pod_sc("1.32", securityContext={"seLinuxChangePolicy": "Bogus"}) == []


# ---------------------------------------------------------------------------------------------
# Seccomp profiles (validateSeccompProfileField).


def test_seccomp_type_required() -> None:
    assert pod_sc(securityContext={"seccompProfile": {}}) == [
        f"{SC}.seccompProfile.type: Required value: type is required when seccompProfile is set"
    ]


def test_seccomp_type_unsupported() -> None:
    assert pod_sc(securityContext={"seccompProfile": {"type": "Bogus"}}) == [
        f'{SC}.seccompProfile.type: Unsupported value: "Bogus": supported values: "Localhost", "RuntimeDefault", "Unconfined"'
    ]


def test_seccomp_localhost_requires_profile() -> None:
    """TestValidatePodSpec "bad seccomp localhost profile"."""
    assert pod_sc(securityContext={"seccompProfile": {"type": "Localhost"}}) == [
        f"{SC}.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost"
    ]


def test_seccomp_localhost_profile_must_descend() -> None:
    """validateLocalDescendingPath: relative, no `..`."""
    assert pod_sc(securityContext={"seccompProfile": {"type": "Localhost", "localhostProfile": "/etc/x.json"}}) == [
        f'{SC}.seccompProfile.localhostProfile: Invalid value: "/etc/x.json": must be a relative path'
    ]
    assert pod_sc(securityContext={"seccompProfile": {"type": "Localhost", "localhostProfile": "a/../../x.json"}}) == [
        f"{SC}.seccompProfile.localhostProfile: Invalid value: \"a/../../x.json\": must not contain '..'"
    ]
    assert pod_sc(securityContext={"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/audit.json"}}) == []


def test_seccomp_localhost_profile_only_for_localhost() -> None:
    """The value is the whole profile, printed with %#v (pointers as addresses)."""
    sp = {"type": "RuntimeDefault", "localhostProfile": "x.json"}
    assert pod_sc(securityContext={"seccompProfile": sp}) == [
        (f'{SC}.seccompProfile.localhostProfile: Invalid value: core.SeccompProfile{{Type:"RuntimeDefault", '
        f"LocalhostProfile:(*string)({PTR})}}: can only be set when seccomp type is Localhost")
    ]


# ---------------------------------------------------------------------------------------------
# AppArmor profiles (ValidateAppArmorProfileField).


def test_apparmor_type_required_and_unsupported() -> None:
    assert pod_sc(securityContext={"appArmorProfile": {}}) == [
        f"{SC}.appArmorProfile.type: Required value: type is required when appArmorProfile is set"
    ]
    assert pod_sc(securityContext={"appArmorProfile": {"type": "Bogus"}}) == [
        f'{SC}.appArmorProfile.type: Unsupported value: "Bogus": supported values: "Localhost", "RuntimeDefault", "Unconfined"'
    ]


def test_apparmor_localhost_requires_profile() -> None:
    for ap in ({"type": "Localhost"}, {"type": "Localhost", "localhostProfile": ""}):
        assert pod_sc(securityContext={"appArmorProfile": ap}) == [
            f"{SC}.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost"
        ]


def test_apparmor_localhost_profile_padded() -> None:
    assert pod_sc(securityContext={"appArmorProfile": {"type": "Localhost", "localhostProfile": " x "}}) == [
        f'{SC}.appArmorProfile.localhostProfile: Invalid value: " x ": must not be padded with whitespace'
    ]


def test_apparmor_localhost_profile_too_long() -> None:
    long = "a" * 4096
    assert pod_sc(securityContext={"appArmorProfile": {"type": "Localhost", "localhostProfile": long}}) == [
        f"{SC}.appArmorProfile.localhostProfile: Too long: may not be more than 4095 bytes"
    ]
    assert pod_sc(securityContext={"appArmorProfile": {"type": "Localhost", "localhostProfile": "a" * 4095}}) == []


def test_apparmor_localhost_profile_only_for_localhost() -> None:
    assert pod_sc(securityContext={"appArmorProfile": {"type": "Unconfined", "localhostProfile": "x"}}) == [
        f'{SC}.appArmorProfile.localhostProfile: Invalid value: "x": can only be set when AppArmor type is Localhost'
    ]


# ---------------------------------------------------------------------------------------------
# Windows options (validateWindowsSecurityContextOptions).

RUN_AS = f"{SC}.windowsOptions.runAsUserName"


def wo(version: str = "1.37", **options: Any) -> list[str]:
    return pod_sc(version, securityContext={"windowsOptions": options})


def test_gmsa_credential_spec_name_invalid() -> None:
    assert wo(gmsaCredentialSpecName="not_a_dns_name") == [
        (f'{SC}.windowsOptions.gmsaCredentialSpecName: Invalid value: "not_a_dns_name": a lowercase RFC 1123 subdomain '
        "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
        "character (e.g. 'example.com', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
    ]
    assert wo(gmsaCredentialSpecName="my-gmsa-spec") == []


def test_gmsa_credential_spec_empty_or_too_large() -> None:
    assert wo(gmsaCredentialSpec="") == [
        f'{SC}.windowsOptions.gmsaCredentialSpec: Invalid value: "": gmsaCredentialSpec cannot be an empty string'
    ]
    big = "x" * (64 * 1024 + 1)
    assert wo(gmsaCredentialSpec=big) == [
        f'{SC}.windowsOptions.gmsaCredentialSpec: Invalid value: "{big}": gmsaCredentialSpec size must be under 64 KiB'
    ]
    assert wo(gmsaCredentialSpec="x" * (64 * 1024)) == []


def test_run_as_user_name_empty_and_control_characters() -> None:
    assert wo(runAsUserName="") == [f'{RUN_AS}: Invalid value: "": runAsUserName cannot be an empty string']
    assert wo(runAsUserName="Container\tUser") == [
        f'{RUN_AS}: Invalid value: "Container\\tUser": runAsUserName cannot contain control characters'
    ]


def test_run_as_user_name_backslashes() -> None:
    assert wo(runAsUserName="a\\b\\c") == [
        f'{RUN_AS}: Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash'
    ]


def test_run_as_user_name_domain() -> None:
    """NetBios (at most 15 characters, not starting with a dot) or DNS domains."""
    assert wo(runAsUserName="NT AUTHORITY\\NETWORK SERVICE") == []
    assert wo(runAsUserName="contoso.example.com\\user") == []
    assert wo(runAsUserName=".bad\\user") == [
        f'{RUN_AS}: Invalid value: ".bad\\\\user": runAsUserName\'s Domain doesn\'t match the NetBios nor the DNS format'
    ]
    long_domain = "a" * 256
    assert wo(runAsUserName=f"{long_domain}\\user") == [
        f'{RUN_AS}: Invalid value: "{long_domain}\\\\user": runAsUserName\'s Domain length must be under 256 characters',
        f'{RUN_AS}: Invalid value: "{long_domain}\\\\user": runAsUserName\'s Domain doesn\'t match the NetBios nor the DNS format',
    ]


def test_run_as_user_name_user_part() -> None:
    assert wo(runAsUserName="domain\\") == [f'{RUN_AS}: Invalid value: "domain\\\\": runAsUserName\'s User cannot be empty']
    long_user = "u" * 105
    assert wo(runAsUserName=long_user) == [
        f'{RUN_AS}: Invalid value: "{long_user}": runAsUserName\'s User length must not be longer than 104 characters'
    ]
    assert wo(runAsUserName="...") == [
        f'{RUN_AS}: Invalid value: "...": runAsUserName\'s User cannot contain only periods or spaces'
    ]
    assert wo(runAsUserName="us@r") == [
        f'{RUN_AS}: Invalid value: "us@r": runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]'
    ]
    assert wo(runAsUserName="ContainerAdministrator") == []


# ---------------------------------------------------------------------------------------------
# validatePodHostNetworkDeps.


def test_host_network_host_port_must_match() -> None:
    """TestValidatePodSpec "with hostNetwork hostPort not equal to containerPort" (pod template form)."""
    spec = pod_with(hostNetwork=True, containers=[{"name": "c", "image": "i", "ports": [{"containerPort": 80, "hostPort": 8080}]}])
    assert run(validate_pod_host_network_deps, spec) == [
        f"{POD}.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"
    ]


def test_host_network_host_port_unset_or_equal_is_valid() -> None:
    """Templates may leave hostPort 0: it is defaulted when the pod is created."""
    ports = [{"containerPort": 80}, {"containerPort": 81, "hostPort": 81}]
    spec = pod_with(hostNetwork=True, containers=[{"name": "c", "image": "i", "ports": ports}])
    assert run(validate_pod_host_network_deps, spec) == []
    spec = pod_with(containers=[{"name": "c", "image": "i", "ports": [{"containerPort": 80, "hostPort": 8080}]}])
    assert run(validate_pod_host_network_deps, spec) == []


def test_host_network_init_containers_not_checked() -> None:
    ports = [{"containerPort": 80, "hostPort": 8080}]
    spec = pod_with(hostNetwork=True, initContainers=[{"name": "i", "image": "i", "ports": ports}])
    assert run(validate_pod_host_network_deps, spec) == []


# ---------------------------------------------------------------------------------------------
# validateWindowsHostProcessPod.


def hp(value: bool) -> dict[str, Any]:
    return {"windowsOptions": {"hostProcess": value}}


def test_host_process_must_match_pod() -> None:
    """TestValidateWindowsHostProcessPod "pod hostProcess=true, container hostProcess=false"."""
    spec = pod_with(hostNetwork=True, securityContext=hp(True), containers=[{"name": "c", "image": "i", "securityContext": hp(False)}])
    assert run(validate_windows_host_process_pod, spec) == [
        (f"{POD}.containers[0].securityContext.windowsOptions.hostProcess: Invalid value: false: "
        "pod hostProcess value must be identical if both are specified, was true")
    ]


def test_host_process_all_or_none_and_host_network() -> None:
    """TestValidateWindowsHostProcessPod "mixed hostProcess containers" without hostNetwork."""
    containers = [{"name": "a", "image": "i", "securityContext": hp(True)}, {"name": "b", "image": "i"}]
    spec = pod_with(containers=containers)
    assert run(validate_windows_host_process_pod, spec) == [
        f'{POD}: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers',
        f"{POD}.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers",
    ]


def test_host_process_inherited_from_pod_is_valid() -> None:
    spec = pod_with(hostNetwork=True, securityContext=hp(True), initContainers=[{"name": "i", "image": "i"}])
    assert run(validate_windows_host_process_pod, spec) == []


# ---------------------------------------------------------------------------------------------
# validateHostUsers.


def test_host_users_false_forbids_host_namespaces() -> None:
    """TestValidateHostUsers: hostNetwork, HostPID and HostIPC (the server spells the last two capitalised)."""
    spec = pod_with(hostUsers=False, hostNetwork=True, hostPID=True, hostIPC=True)
    assert run(validate_host_users, spec) == [
        f"{POD}.hostNetwork: Forbidden: when `hostUsers` is false",
        f"{POD}.HostPID: Forbidden: when `hostUsers` is false",
        f"{POD}.HostIPC: Forbidden: when `hostUsers` is false",
    ]
    assert run(validate_host_users, pod_with(hostUsers=True, hostNetwork=True)) == []


def test_host_users_false_forbids_volume_devices_from_134() -> None:
    """TestValidateHostUsers "hostUsers=false - volumeDevices" (kubernetes#132868)."""
    devices = [{"name": "d", "devicePath": "/dev/xvda"}]
    spec = pod_with(hostUsers=False, containers=[{"name": "c", "image": "i", "volumeDevices": devices}])
    assert run(validate_host_users, spec) == [f"{POD}.containers[0].volumeDevices: Forbidden: when `hostUsers` is false"]
    assert run(validate_host_users, spec, "1.34") == [f"{POD}.containers[0].volumeDevices: Forbidden: when `hostUsers` is false"]
    assert run(validate_host_users, spec, "1.33") == []


def test_host_users_old_detail_before_134() -> None:
    """Before kubernetes#132868 the detail named the field Go-style."""
    spec = pod_with(hostUsers=False, hostNetwork=True, hostIPC=True)
    assert run(validate_host_users, spec, "1.33") == [
        f"{POD}.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false",
        f"{POD}.HostIPC: Forbidden: when `pod.Spec.HostUsers` is false",
    ]


def test_host_users_dropped_before_133() -> None:
    """UserNamespacesSupport is off before 1.33: hostUsers is dropped, so nothing is checked."""
    assert run(validate_host_users, pod_with(hostUsers=False, hostNetwork=True), "1.32") == []


# ---------------------------------------------------------------------------------------------
# validateLinux / validateWindows.


def test_linux_pod_forbids_windows_options() -> None:
    spec = pod_with(
        os={"name": "linux"},
        securityContext={"windowsOptions": {"runAsUserName": "u"}},
        containers=[{"name": "c", "image": "i", "securityContext": {"windowsOptions": {"runAsUserName": "u"}}}],
    )
    assert run(validate_os_security, spec) == [
        f"{SC}.windowsOptions: Forbidden: windows options cannot be set for a linux pod",
        f"{CSC}.windowsOptions: Forbidden: windows options cannot be set for a linux pod",
    ]


def test_windows_pod_forbids_linux_fields() -> None:
    """TestValidateOSFields / TestValidateWindows: pod and container fields, in the server's order."""
    spec = pod_with(
        os={"name": "windows"},
        hostPID=True,
        securityContext={"seccompProfile": {"type": "RuntimeDefault"}, "runAsUser": 1},
        containers=[{"name": "c", "image": "i", "securityContext": {"capabilities": {}, "privileged": False}}],
    )
    assert run(validate_os_security, spec) == [
        f"{POD}.hostPID: Forbidden: cannot be set for a windows pod",
        f"{SC}.seccompProfile: Forbidden: cannot be set for a windows pod",
        f"{SC}.runAsUser: Forbidden: cannot be set for a windows pod",
        f"{CSC}.capabilities: Forbidden: cannot be set for a windows pod",
        f"{CSC}.privileged: Forbidden: cannot be set for a windows pod",
    ]
    assert run(validate_os_security, pod_with(os={"name": "windows"}, securityContext={"windowsOptions": {"hostProcess": False}})) == []


# ---------------------------------------------------------------------------------------------
# ValidateSecurityContext (containers).


def test_container_run_as_user_and_group_range() -> None:
    """TestValidateSecurityContext "negative RunAsUser" / "negative RunAsGroup"."""
    assert ctr_sc({"runAsUser": -1, "runAsGroup": -1}) == [
        f"{CSC}.runAsUser: Invalid value: -1: {RANGE}",
        f"{CSC}.runAsGroup: Invalid value: -1: {RANGE}",
    ]


def test_privileged_without_privilege_escalation() -> None:
    """TestValidateSecurityContext "with privileged and allowPrivilegeEscalation false": the value is the
    whole security context, printed with %#v."""
    sc = {"privileged": True, "allowPrivilegeEscalation": False}
    assert ctr_sc(sc) == [
        (f"{CSC}: Invalid value: core.SecurityContext{{Capabilities:(*core.Capabilities)(nil), Privileged:(*bool)({PTR}), "
        "SELinuxOptions:(*core.SELinuxOptions)(nil), WindowsOptions:(*core.WindowsSecurityContextOptions)(nil), "
        "RunAsUser:(*int64)(nil), RunAsGroup:(*int64)(nil), RunAsNonRoot:(*bool)(nil), ReadOnlyRootFilesystem:(*bool)(nil), "
        f"AllowPrivilegeEscalation:(*bool)({PTR}), ProcMount:(*core.ProcMountType)(nil), "
        "SeccompProfile:(*core.SeccompProfile)(nil), AppArmorProfile:(*core.AppArmorProfile)(nil)}: "
        "cannot set `allowPrivilegeEscalation` to false and `privileged` to true")
    ]
    assert ctr_sc({"privileged": True, "allowPrivilegeEscalation": True}) == []


def test_cap_sys_admin_without_privilege_escalation() -> None:
    """TestValidateSecurityContext "with CAP_SYS_ADMIN and allowPrivilegeEscalation false"."""
    errs = ctr_sc({"capabilities": {"add": ["CAP_SYS_ADMIN"]}, "allowPrivilegeEscalation": False})
    assert len(errs) == 1
    assert errs[0].startswith(f"{CSC}: Invalid value: core.SecurityContext{{Capabilities:(*core.Capabilities)({PTR}), ")
    assert errs[0].endswith(": cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN")
    assert ctr_sc({"capabilities": {"add": ["SYS_ADMIN", "NET_ADMIN"]}, "allowPrivilegeEscalation": False}) == []


def test_proc_mount_unsupported() -> None:
    """TestValidateSecurityContext "invalid ProcMount"."""
    assert ctr_sc({"procMount": "Bogus"}) == [
        f'{CSC}.procMount: Unsupported value: "Bogus": supported values: "Default", "Unmasked"'
    ]
    assert ctr_sc({"procMount": "Default"}) == []


def test_proc_mount_unmasked_requires_host_users_false() -> None:
    """ValidateSecurityContext with hostUsers: Unmasked needs a user namespace."""
    assert ctr_sc({"procMount": "Unmasked"}) == [
        f'{CSC}.procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`'
    ]
    assert ctr_sc({"procMount": "Unmasked"}, hostUsers=False) == []


def test_proc_mount_dropped_before_133() -> None:
    """ProcMountType is off by default before 1.33: procMount is dropped, never refused."""
    assert ctr_sc({"procMount": "Bogus"}, "1.32") == []


def test_container_seccomp_apparmor_and_windows_options() -> None:
    sc = {
        "seccompProfile": {"type": "Localhost", "localhostProfile": "../x"},
        "windowsOptions": {"runAsUserName": ""},
        "appArmorProfile": {"type": "Localhost"},
    }
    assert ctr_sc(sc) == [
        f"{CSC}.seccompProfile.localhostProfile: Invalid value: \"../x\": must not contain '..'",
        f'{CSC}.windowsOptions.runAsUserName: Invalid value: "": runAsUserName cannot be an empty string',
        f"{CSC}.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost",
    ]


def test_container_without_security_context() -> None:
    spec = pod_with()
    assert validate_container_security_context(None, spec["containers"][0], CSC, PodContext("1.37", spec)) == []


# ---------------------------------------------------------------------------------------------
# Annotations and fields (validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate).

TEMPLATE = "spec.template"


def annotated(annotations: dict[str, str], spec: dict[str, Any]) -> list[str]:
    template = {"metadata": {"annotations": annotations}, "spec": spec}
    return [str(e) for e in validate_security_annotations(template, TEMPLATE, PodContext("1.37", spec))]


def test_seccomp_pod_annotation_must_match_field() -> None:
    """TestValidateSeccompAnnotationsAndFields: the pod-level annotation against the pod field."""
    spec = pod_with(securityContext={"seccompProfile": {"type": "RuntimeDefault"}})
    assert annotated({"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}, spec) == [
        f"{SC}.seccompProfile.type: Forbidden: seccomp type in annotation and field must match"
    ]
    assert annotated({"seccomp.security.alpha.kubernetes.io/pod": "docker/default"}, spec) == []


def test_seccomp_container_annotation_profile_must_match() -> None:
    spec = container_with(securityContext={"seccompProfile": {"type": "Localhost", "localhostProfile": "b.json"}})
    assert annotated({"container.seccomp.security.alpha.kubernetes.io/main": "localhost/a.json"}, spec) == [
        f"{CSC}.seccompProfile.localhostProfile: Forbidden: seccomp profile in annotation and field must match"
    ]
    assert annotated({"container.seccomp.security.alpha.kubernetes.io/main": "runtime/default"}, spec) == [
        f"{CSC}.seccompProfile.type: Forbidden: seccomp type in annotation and field must match"
    ]


def test_apparmor_annotation_must_match_field() -> None:
    """The container inherits the pod's AppArmor profile."""
    spec = pod_with(securityContext={"appArmorProfile": {"type": "Unconfined"}})
    key = "container.apparmor.security.beta.kubernetes.io/main"
    assert annotated({key: "runtime/default"}, spec) == [
        f"{CSC}.appArmorProfile.type: Forbidden: apparmor type in annotation and field must match"
    ]
    assert annotated({key: "unconfined"}, spec) == []
    local = container_with(securityContext={"appArmorProfile": {"type": "Localhost", "localhostProfile": "p"}})
    assert annotated({key: "localhost/q"}, local) == [
        f"{CSC}.appArmorProfile.localhostProfile: Forbidden: apparmor profile in annotation and field must match"
    ]


def test_apparmor_annotation_skipped_for_windows() -> None:
    spec = pod_with(os={"name": "windows"}, securityContext={"appArmorProfile": {"type": "Unconfined"}})
    assert annotated({"container.apparmor.security.beta.kubernetes.io/main": "runtime/default"}, spec) == []


def test_pod_annotation_values() -> None:
    """ValidateSeccompPodAnnotations (Child path) and ValidateAppArmorPodAnnotations (Key path)."""
    path = f"{TEMPLATE}.metadata.annotations"
    annotations = {
        "seccomp.security.alpha.kubernetes.io/pod": "foo",
        "container.seccomp.security.alpha.kubernetes.io/main": "localhost//abs",
        "container.apparmor.security.beta.kubernetes.io/nope": "baz",
    }
    errs = [str(e) for e in validate_security_pod_annotations(annotations, pod_with(), path)]
    assert errs == [
        f'{path}.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "foo": must be a valid seccomp profile',
        f'{path}.container.seccomp.security.alpha.kubernetes.io/main: Invalid value: "/abs": must be a relative path',
        f'{path}[container.apparmor.security.beta.kubernetes.io/nope]: Invalid value: "nope": container not found',
        f'{path}[container.apparmor.security.beta.kubernetes.io/nope]: Invalid value: "baz": invalid AppArmor profile name: "baz"',
    ]
    good = {"container.apparmor.security.beta.kubernetes.io/main": "localhost/foo-bar"}
    assert validate_security_pod_annotations(good, pod_with(), path) == []


def test_hostile_shapes_never_raise() -> None:
    """Wrong types anywhere become nothing or errors, never exceptions."""
    spec: dict[str, Any] = pod_with(
        securityContext={"sysctls": [None, 3, {"name": 5}], "supplementalGroups": ["x"], "seccompProfile": "x", "windowsOptions": []},
        containers=[None, {"name": "c", "securityContext": {"capabilities": {"add": None}, "allowPrivilegeEscalation": False}}],
        hostNetwork=True,
    )
    ctx = PodContext("1.37", spec)
    for fn in (validate_pod_security_context, validate_pod_host_network_deps, validate_windows_host_process_pod, validate_host_users, validate_os_security):
        fn(spec, POD, ctx)
    validate_container_security_context({"procMount": 3, "windowsOptions": {"runAsUserName": 1}}, {}, CSC, ctx)
    validate_security_annotations({"metadata": {"annotations": {"x": 1}}, "spec": spec}, TEMPLATE, ctx)
    validate_security_pod_annotations({1: 2, "container.apparmor.security.beta.kubernetes.io/": None}, spec, "a")


# ---------------------------------------------------------------------------------------------
# Through the whole pipeline (decode, defaults, Job validation), as the server prints them.


def test_e2e_run_as_user_negative() -> None:
    from tests.podcases import assert_error

    assert_error(
        pod_with(securityContext={"runAsUser": -1}),
        f"{SC}.runAsUser: Invalid value: -1: {RANGE}",
        error_type="Invalid value",
    )


def test_e2e_host_network_host_port() -> None:
    from tests.podcases import assert_error, assert_valid

    ports = [{"containerPort": 80, "hostPort": 8080}]
    assert_error(
        pod_with(hostNetwork=True, containers=[{"name": "c", "image": "i", "ports": ports}]),
        f"{POD}.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true",
        error_type="Invalid value",
    )
    assert_valid(pod_with(hostNetwork=True, containers=[{"name": "c", "image": "i", "ports": [{"containerPort": 80}]}]))


def test_e2e_privileged_without_privilege_escalation() -> None:
    from tests.podcases import pod_messages

    texts = pod_messages(container_with(securityContext={"privileged": True, "allowPrivilegeEscalation": False}))
    assert len(texts) == 1
    assert texts[0].startswith(f"{CSC}: Invalid value: core.SecurityContext{{")
    assert texts[0].endswith(": cannot set `allowPrivilegeEscalation` to false and `privileged` to true")


def test_e2e_share_process_namespace_and_host_users() -> None:
    from tests.podcases import pod_messages

    assert pod_messages(pod_with(shareProcessNamespace=True, hostPID=True, hostUsers=False)) == [
        f"{SC}.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled",
        f"{POD}.HostPID: Forbidden: when `hostUsers` is false",
    ]


def test_e2e_seccomp_annotation_mismatch() -> None:
    from tests.podcases import pod_messages

    spec = pod_with(securityContext={"seccompProfile": {"type": "RuntimeDefault"}})
    meta = {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}}
    assert pod_messages(spec, template_meta=meta) == [
        f"{SC}.seccompProfile.type: Forbidden: seccomp type in annotation and field must match"
    ]


def test_e2e_valid_restricted_security_context() -> None:
    """A Pod Security "restricted" style pod is accepted in every supported release."""
    from tests.podcases import assert_valid

    pod_sc_ = {"runAsNonRoot": True, "runAsUser": 1000, "fsGroup": 2000, "seccompProfile": {"type": "RuntimeDefault"}}
    ctr = {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
        "appArmorProfile": {"type": "RuntimeDefault"},
    }
    spec = pod_with(securityContext=pod_sc_, containers=[{"name": "c", "image": "i", "securityContext": ctr}])
    for version in ("1.30", "1.33", "1.37"):
        assert_valid(spec, version)


def test_e2e_windows_pod_and_host_process() -> None:
    from tests.podcases import pod_messages

    assert pod_messages(pod_with(os={"name": "windows"}, securityContext={"seccompProfile": {"type": "RuntimeDefault"}})) == [
        f"{SC}.seccompProfile: Forbidden: cannot be set for a windows pod"
    ]
    assert pod_messages(pod_with(securityContext={"windowsOptions": {"hostProcess": True}})) == [
        f"{POD}.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers"
    ]
    assert pod_messages(pod_with(hostNetwork=True, securityContext={"windowsOptions": {"hostProcess": True}})) == []


def test_e2e_gated_fields_are_dropped_in_older_releases() -> None:
    """hostUsers (UserNamespacesSupport) and procMount (ProcMountType) are dropped before 1.33."""
    from tests.podcases import pod_messages

    assert pod_messages(pod_with(hostUsers=False, hostNetwork=True), "1.32") == []
    assert pod_messages(pod_with(hostUsers=False, hostNetwork=True), "1.33") == [
        f"{POD}.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false"
    ]
    assert pod_messages(container_with(securityContext={"procMount": "Unmasked"}), "1.32") == []
