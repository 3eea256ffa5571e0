"""Pod template and pod spec validation: the pod-level rules of ValidatePodTemplateSpec and
ValidatePodSpec (joblint.pod.spec), each with the server's exact printed error and a valid
counterpart. Cases follow pkg/apis/core/validation/validation_test.go (liggitt/kubernetes at
76b7f090c0e5); each test names the Go test it comes from.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from joblint.defaults import default_job
from joblint.model import Job
from joblint.pod.spec import is_valid_ip_sloppy
from joblint.validation import validate_job
from tests.podcases import (
    POD,
    assert_error,
    assert_valid,
    pod_errors,
    pod_messages,
    pod_with,
)

SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
SUBDOMAIN_UNDERSCORE_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')"
)
LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
NAME_PART_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
IP_MSG = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
ANN = "spec.template.annotations"


def template_errors(meta: dict[str, Any], spec: dict[str, Any] | None = None, version: str = "1.37") -> list[str]:
    return pod_messages(spec or pod_with(), version, meta)


# ---------------------------------------------------------------------------------------------
# ValidatePodTemplateSpec


def test_template_labels_validated() -> None:
    """TestValidatePodTemplateSpec: template labels are label keys and values."""
    texts = template_errors({"labels": {"app": "x y"}})
    assert any(t.startswith('spec.template.labels: Invalid value: "x y": a valid label must be') for t in texts), texts


def test_template_ephemeral_containers_forbidden() -> None:
    """TestValidatePodTemplateSpecWithEphemeralContainers."""
    assert_error(
        pod_with(ephemeralContainers=[{"name": "debug", "image": "busybox"}]),
        f"{POD}.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template",
        error_type="Forbidden",
    )


def test_template_without_ephemeral_containers_is_valid() -> None:
    assert_valid(pod_with(ephemeralContainers=[]))


# ---------------------------------------------------------------------------------------------
# ValidatePodSpecificAnnotations


def test_mirror_pod_annotation_needs_node_name() -> None:
    """TestValidatePodSpecificAnnotations: mirror pod annotation without spec.nodeName."""
    assert f'{ANN}[kubernetes.io/config.mirror]: Invalid value: "true": must set spec.nodeName if mirror pod annotation is set' in (
        template_errors({"annotations": {"kubernetes.io/config.mirror": "true"}})
    )


def test_mirror_pod_annotation_with_node_name_is_valid() -> None:
    assert template_errors({"annotations": {"kubernetes.io/config.mirror": "true"}}, pod_with(nodeName="node-1")) == []


@pytest.mark.parametrize("value", ["+10", "007", "1.5", "2147483648", "-2147483649", "abc", ""])
def test_pod_deletion_cost_must_be_int32(value: str) -> None:
    """TestValidatePodDeletionCostAnnotation: invalid values."""
    expected = f'{ANN}[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "{value}": must be a 32bit integer'
    assert expected in template_errors({"annotations": {"controller.kubernetes.io/pod-deletion-cost": value}})


@pytest.mark.parametrize("value", ["0", "10", "-10", "2147483647", "-2147483648"])
def test_pod_deletion_cost_valid(value: str) -> None:
    """TestValidatePodDeletionCostAnnotation: valid values."""
    assert template_errors({"annotations": {"controller.kubernetes.io/pod-deletion-cost": value}}) == []


def test_tolerations_annotation_items_are_validated() -> None:
    """TestValidatePodSpecificAnnotations: invalid toleration in the tolerations annotation."""
    texts = template_errors({"annotations": {"scheduler.alpha.kubernetes.io/tolerations": '[{"operator": "Equal", "value": "bar"}]'}})
    assert (
        f'{ANN}.scheduler.alpha.kubernetes.io/tolerations[0].operator: Invalid value: "Equal": '
        'operator must be Exists when `key` is empty, which means "match all values and all keys"'
    ) in texts


def test_tolerations_annotation_must_be_a_list() -> None:
    texts = template_errors({"annotations": {"scheduler.alpha.kubernetes.io/tolerations": '{"key": "a"}'}})
    assert (
        f'{ANN}: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": '
        "json: cannot unmarshal object into Go value of type []core.Toleration"
    ) in texts


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ('[{"key": 1}]', "json: cannot unmarshal number into Go struct field Toleration.key of type string"),
        ('[{"key": "k", "effect": "NoExecute", "tolerationSeconds": 1.5}]',
         "json: cannot unmarshal number 1.5 into Go struct field Toleration.tolerationSeconds of type int64"),
        ('[{"key": "k", "tolerationSeconds": "5"}]', "json: cannot unmarshal string into Go struct field Toleration.tolerationSeconds of type int64"),
        ("[1]", "json: cannot unmarshal number into Go value of type core.Toleration"),
        ('"x"', "json: cannot unmarshal string into Go value of type []core.Toleration"),
    ],
)
def test_tolerations_annotation_type_errors(text: str, detail: str) -> None:
    """GetTolerationsFromPodAnnotations: encoding/json's type errors, as the server prints them."""
    texts = template_errors({"annotations": {"scheduler.alpha.kubernetes.io/tolerations": text}})
    assert texts == [f'{ANN}: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": {detail}']


def test_tolerations_annotation_keys_match_case_insensitively() -> None:
    """encoding/json matches "Key" to the key field; unknown keys are ignored."""
    texts = template_errors({"annotations": {"scheduler.alpha.kubernetes.io/tolerations": '[{"Key": "a b", "operator": "Exists", "extra": 1}]'}})
    assert texts == [f'{ANN}.scheduler.alpha.kubernetes.io/tolerations[0].key: Invalid value: "a b": {NAME_PART_MSG}']


def test_tolerations_annotation_valid() -> None:
    tolerations = '[{"key": "foo", "operator": "Exists", "effect": "NoSchedule"}]'
    assert template_errors({"annotations": {"scheduler.alpha.kubernetes.io/tolerations": tolerations}}) == []


# ---------------------------------------------------------------------------------------------
# ValidatePodSpec: the pod-level fields


def test_restart_policy_unsupported() -> None:
    """TestValidatePodSpec "bad restart policy" (the pod-level check; the Job adds its own)."""
    assert_error(
        pod_with(restartPolicy="Sometimes"),
        f'{POD}.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        error_type="Unsupported value",
    )


def test_dns_policy_unsupported() -> None:
    """TestValidatePodSpec "bad DNS policy"."""
    assert_error(
        pod_with(dnsPolicy="Google"),
        f'{POD}.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    )


@pytest.mark.parametrize("policy", ["ClusterFirstWithHostNet", "ClusterFirst", "Default"])
def test_dns_policies_valid(policy: str) -> None:
    assert_valid(pod_with(dnsPolicy=policy))


def test_node_selector_labels() -> None:
    """TestValidatePodSpec: nodeSelector keys are qualified names."""
    assert_error(pod_with(nodeSelector={"-bad": "x"}), f'{POD}.nodeSelector: Invalid value: "-bad": {NAME_PART_MSG}')


def test_service_account_name() -> None:
    """TestValidatePodSpec "bad service account name"."""
    assert_error(pod_with(serviceAccountName="invalidName"), f'{POD}.serviceAccountName: Invalid value: "invalidName": {SUBDOMAIN_MSG}')


def test_node_name() -> None:
    """TestValidatePodSpec "bad nodeName"."""
    assert_error(pod_with(nodeName="node_name"), f'{POD}.nodeName: Invalid value: "node_name": {SUBDOMAIN_MSG}')


@pytest.mark.parametrize("deadline", [0, -1, 2**31])
def test_active_deadline_seconds_range(deadline: int) -> None:
    """TestValidatePodSpec "with activeDeadlineSeconds 0" / "... too large"."""
    assert_error(
        pod_with(activeDeadlineSeconds=deadline),
        f"{POD}.activeDeadlineSeconds: Invalid value: {deadline}: must be between 1 and 2147483647, inclusive",
    )


@pytest.mark.parametrize("deadline", [1, 2**31 - 1])
def test_active_deadline_seconds_valid(deadline: int) -> None:
    assert_valid(pod_with(activeDeadlineSeconds=deadline))


def test_hostname_and_subdomain_are_labels() -> None:
    """TestValidatePodSpec: hostname and subdomain are DNS labels."""
    texts = pod_messages(pod_with(hostname="Host", subdomain="a.b"))
    assert f'{POD}.hostname: Invalid value: "Host": {LABEL_MSG}' in texts
    assert f'{POD}.subdomain: Invalid value: "a.b": must not contain dots' in texts


def test_hostname_and_subdomain_valid() -> None:
    assert_valid(pod_with(hostname="worker", subdomain="workers"))


def test_priority_class_name() -> None:
    """TestValidatePodSpec "bad priorityClassName"."""
    assert_error(pod_with(priorityClassName="InvalidName"), f'{POD}.priorityClassName: Invalid value: "InvalidName": {SUBDOMAIN_MSG}')


def test_runtime_class_name() -> None:
    """TestValidatePodSpec "bad RuntimeClassName"; an empty name is checked too (pointer field)."""
    texts = pod_messages(pod_with(runtimeClassName="my__runtime__class"))
    assert f'{POD}.runtimeClassName: Invalid value: "my__runtime__class": {SUBDOMAIN_MSG}' in texts
    assert f'{POD}.runtimeClassName: Invalid value: "": {SUBDOMAIN_MSG}' in pod_messages(pod_with(runtimeClassName=""))


def test_preemption_policy() -> None:
    """ValidatePreemptionPolicy."""
    assert_error(
        pod_with(preemptionPolicy="Sometimes"),
        f'{POD}.preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
    )
    assert_error(pod_with(preemptionPolicy=""), f"{POD}.preemptionPolicy: Required value", error_type="Required value")


def test_scheduling_names_valid() -> None:
    assert_valid(
        pod_with(
            serviceAccountName="builder",
            nodeName="node-1.example.com",
            priorityClassName="high-priority",
            runtimeClassName="gvisor",
            preemptionPolicy="Never",
        )
    )


# ---------------------------------------------------------------------------------------------
# validatePodDNSConfig (TestValidatePodDNSConfig)


def test_dns_none_requires_config() -> None:
    assert_error(pod_with(dnsPolicy="None"), f"{POD}.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None")


def test_dns_none_requires_a_nameserver() -> None:
    assert_error(
        pod_with(dnsPolicy="None", dnsConfig={"searches": ["example.com"]}),
        f"{POD}.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None",
    )


def test_dns_none_with_nameserver_is_valid() -> None:
    assert_valid(pod_with(dnsPolicy="None", dnsConfig={"nameservers": ["1.2.3.4"], "options": [{"name": "ndots", "value": "2"}]}))


def test_dns_too_many_nameservers() -> None:
    servers = ["1.2.3.4", "1.2.3.5", "1.2.3.6", "1.2.3.7"]
    assert_error(
        pod_with(dnsConfig={"nameservers": servers}),
        f'{POD}.dnsConfig.nameservers: Invalid value: []string{{"1.2.3.4", "1.2.3.5", "1.2.3.6", "1.2.3.7"}}: must not have more than 3 nameservers',
    )


def test_dns_nameserver_must_be_ip() -> None:
    assert_error(pod_with(dnsConfig={"nameservers": ["invalid"]}), f'{POD}.dnsConfig.nameservers[0]: Invalid value: "invalid": {IP_MSG}')


def test_dns_too_many_searches() -> None:
    searches = [f"s{i}.example.com" for i in range(33)]
    texts = pod_messages(pod_with(dnsConfig={"searches": searches}))
    assert any(t.startswith(f"{POD}.dnsConfig.searches: Invalid value: []string{{") and t.endswith(": must not have more than 32 search paths") for t in texts), texts


def test_dns_search_list_too_long() -> None:
    searches = ["a" * 63 + "." + "b" * 63 + "." + "c" * 63] * 11  # 11 * 191 + 10 spaces = 2111
    texts = pod_messages(pod_with(dnsConfig={"searches": searches}))
    assert any(t.endswith(": must not have more than 2048 characters (including spaces) in the search list") for t in texts), texts


def test_dns_search_list_at_the_limit_is_valid() -> None:
    searches = ["a" * 63 + "." + "b" * 63 + "." + "c" * 63] * 10 + ["d" * 127]  # 1910 + 127 + 10 = 2047
    assert_valid(pod_with(dnsConfig={"searches": searches}))


def test_dns_search_relaxed_allows_underscore_and_dot() -> None:
    """TestValidatePodDNSConfig with RelaxedDNSSearchValidation (on by default from 1.33)."""
    assert_valid(pod_with(dnsConfig={"searches": ["_sip._tcp.example.com", ".", "example.com."]}))


def test_dns_search_relaxed_bad_domain_reports_trimmed_value() -> None:
    assert_error(pod_with(dnsConfig={"searches": ["Bad.example.com."]}), f'{POD}.dnsConfig.searches[0]: Invalid value: "Bad.example.com": {SUBDOMAIN_UNDERSCORE_MSG}')


def test_dns_search_strict_before_1_33() -> None:
    """Without RelaxedDNSSearchValidation: no underscore, and "." trims to an empty name."""
    spec = pod_with(dnsConfig={"searches": ["_sip.example.com", "."]})
    assert_error(spec, f'{POD}.dnsConfig.searches[0]: Invalid value: "_sip.example.com": {SUBDOMAIN_MSG}', version="1.32")
    assert_error(spec, f'{POD}.dnsConfig.searches[1]: Invalid value: "": {SUBDOMAIN_MSG}', version="1.32")


def test_dns_option_name_required() -> None:
    assert_error(pod_with(dnsConfig={"options": [{"value": "2"}]}), f"{POD}.dnsConfig.options[0]: Required value: must not be empty")


# ---------------------------------------------------------------------------------------------
# validateReadinessGates, validateSchedulingGates


def test_readiness_gate_condition_type() -> None:
    """TestValidateReadinessGates: conditionType is a qualified name."""
    assert_error(pod_with(readinessGates=[{"conditionType": "invalid/condition/type"}]), (
        f'{POD}.readinessGates[0].conditionType: Invalid value: "invalid/condition/type": a valid label key must consist of '
        "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
        "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional "
        "DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    ))


def test_readiness_gates_valid() -> None:
    assert_valid(pod_with(readinessGates=[{"conditionType": "example.com/ready"}, {"conditionType": "Ready2"}]))


def test_scheduling_gate_name() -> None:
    """TestValidateSchedulingGates "invalid name": the error is at the item, not at .name."""
    assert_error(pod_with(schedulingGates=[{"name": "-foo"}]), f'{POD}.schedulingGates[0]: Invalid value: "-foo": {NAME_PART_MSG}')


def test_scheduling_gate_duplicate() -> None:
    """TestValidateSchedulingGates "duplicated gates (literally)"."""
    assert_error(pod_with(schedulingGates=[{"name": "foo"}, {"name": "foo"}]), f'{POD}.schedulingGates[1]: Duplicate value: "foo"', error_type="Duplicate value")


def test_scheduling_gates_valid() -> None:
    """TestValidateSchedulingGates "legal gates"."""
    assert_valid(pod_with(schedulingGates=[{"name": "foo"}, {"name": "example.com/bar"}]))


# ---------------------------------------------------------------------------------------------
# ValidateHostAliases


def test_host_alias_ip() -> None:
    """TestValidatePodSpec "bad hostAliases": the IP is validated."""
    assert_error(pod_with(hostAliases=[{"ip": "999.999.999.999", "hostnames": ["host1"]}]), f'{POD}.hostAliases[0].ip: Invalid value: "999.999.999.999": {IP_MSG}')


def test_host_alias_hostname() -> None:
    """TestValidatePodSpec "invalid hostAliases": hostnames are DNS subdomains."""
    assert_error(pod_with(hostAliases=[{"ip": "12.34.56.78", "hostnames": ["host1_"]}]), f'{POD}.hostAliases[0].hostnames[0]: Invalid value: "host1_": {SUBDOMAIN_MSG}')


def test_host_aliases_valid() -> None:
    assert_valid(pod_with(hostAliases=[{"ip": "12.34.56.78", "hostnames": ["host1", "host1.example.com"]}, {"ip": "2001:db8::1", "hostnames": ["v6"]}]))


@pytest.mark.parametrize("ip", ["1.2.3.4", "010.002.003.004", "0.0.0.0", "::", "::1", "2001:db8::ffff", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "fe80::1:2", "a:b:c:d:e:f:1.2.3.4"])
def test_sloppy_ip_accepts(ip: str) -> None:
    """netutils.ParseIPSloppy: leading zeros and IPv4-mapped IPv6 are accepted (StrictIPCIDRValidation is off)."""
    assert is_valid_ip_sloppy(ip)


@pytest.mark.parametrize("ip", ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "1:2:3:4:5:6:7:8:9", "1::2::3", "fe80::1%eth0", ":::", "1:2:3:4:5:6:7:8::", "12345::", "example.com", "1.2.3.4:80", " 1.2.3.4"])
def test_sloppy_ip_rejects(ip: str) -> None:
    assert not is_valid_ip_sloppy(ip)


# ---------------------------------------------------------------------------------------------
# validatePodResourceClaims (DynamicResourceAllocation: on by default from 1.34)


def test_resource_claim_name_required_and_source_required() -> None:
    """TestValidatePodSpec / validatePodResourceClaim: a name and exactly one source."""
    texts = pod_messages(pod_with(resourceClaims=[{"resourceClaimName": "c"}, {"name": "b"}]))
    assert f"{POD}.resourceClaims[0].name: Required value" in texts
    assert (
        f'{POD}.resourceClaims[1]: Invalid value: core.PodResourceClaim{{Name:"b", ResourceClaimName:(*string)(nil), '
        "ResourceClaimTemplateName:(*string)(nil)}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"
    ) in texts


def test_resource_claim_both_sources() -> None:
    assert_error(
        pod_with(resourceClaims=[{"name": "a", "resourceClaimName": "c", "resourceClaimTemplateName": "t"}]),
        f'{POD}.resourceClaims[0]: Invalid value: core.PodResourceClaim{{Name:"a", ResourceClaimName:(*string)(0xc000000000), '
        "ResourceClaimTemplateName:(*string)(0xc000000000)}: at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified",
    )


def test_resource_claim_duplicate_and_bad_names() -> None:
    texts = pod_messages(
        pod_with(resourceClaims=[{"name": "a", "resourceClaimName": "c"}, {"name": "a", "resourceClaimName": "c"}, {"name": "B", "resourceClaimTemplateName": "T_1"}])
    )
    assert f'{POD}.resourceClaims[1].name: Duplicate value: "a"' in texts
    assert f'{POD}.resourceClaims[2].name: Invalid value: "B": {LABEL_MSG}' in texts
    assert f'{POD}.resourceClaims[2].resourceClaimTemplateName: Invalid value: "T_1": {SUBDOMAIN_MSG}' in texts


def test_resource_claims_valid() -> None:
    assert_valid(pod_with(resourceClaims=[{"name": "gpu", "resourceClaimTemplateName": "gpu-template"}, {"name": "shared", "resourceClaimName": "shared-claim"}]))


def test_resource_claims_dropped_before_dra_is_on() -> None:
    """The server drops spec.resourceClaims on create while DynamicResourceAllocation is off."""
    assert_valid(pod_with(resourceClaims=[{"name": "B"}]), version="1.33")


# ---------------------------------------------------------------------------------------------
# validateOS (TestValidateOS...), and the os-dependent checks it gates


def test_os_name_unsupported() -> None:
    assert_error(pod_with(os={"name": "dummyOS"}), f'{POD}.os: Unsupported value: "dummyOS": supported values: "linux", "windows"')


def test_os_name_required() -> None:
    assert_error(pod_with(os={}), f"{POD}.os.name: Required value")


@pytest.mark.parametrize("name", ["linux", "windows"])
def test_os_names_valid(name: str) -> None:
    assert_valid(pod_with(os={"name": name}))


def test_linux_pod_forbids_windows_options() -> None:
    """TestValidateLinuxPodSecurityContext (validateLinux, via the security module)."""
    assert_error(
        pod_with(os={"name": "linux"}, securityContext={"windowsOptions": {"runAsUserName": "admin"}}),
        f"{POD}.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod",
    )


def test_windows_pod_forbids_linux_fields() -> None:
    """TestValidateWindowsPodSecurityContext (validateWindows, via the security module)."""
    texts = pod_messages(pod_with(os={"name": "windows"}, hostPID=True, securityContext={"runAsUser": 1000}))
    assert f"{POD}.hostPID: Forbidden: cannot be set for a windows pod" in texts
    assert f"{POD}.securityContext.runAsUser: Forbidden: cannot be set for a windows pod" in texts


def test_os_checks_skipped_for_a_bad_os_name() -> None:
    """validateLinux/validateWindows run only when validateOS found nothing."""
    texts = pod_messages(pod_with(os={"name": "mac"}, securityContext={"windowsOptions": {"runAsUserName": "admin"}}))
    assert texts == [f'{POD}.os: Unsupported value: "mac": supported values: "linux", "windows"']


# ---------------------------------------------------------------------------------------------
# validatePodHostName (hostnameOverride, HostnameOverride beta from 1.35)


def test_hostname_override_with_fqdn_and_host_network() -> None:
    texts = pod_messages(pod_with(hostnameOverride="worker", setHostnameAsFQDN=True, hostNetwork=True))
    assert f"{POD}.hostnameOverride: Forbidden: may not be specified when setHostnameAsFQDN is true" in texts
    assert f"{POD}.hostnameOverride: Forbidden: may not be specified when hostNetwork is true" in texts


def test_hostname_override_too_long_and_format() -> None:
    assert_error(pod_with(hostnameOverride="a" * 65), f"{POD}.hostnameOverride: Too long: may not be more than 64 bytes", error_type="Too long")
    assert_error(pod_with(hostnameOverride="Worker_1"), f'{POD}.hostnameOverride: Invalid value: "Worker_1": {SUBDOMAIN_MSG}')


def test_hostname_override_valid_and_dropped_before_1_35() -> None:
    assert_valid(pod_with(hostnameOverride="worker-1.example.com"))
    assert_valid(pod_with(hostnameOverride="Worker_1"), version="1.34")


# ---------------------------------------------------------------------------------------------
# Host namespaces and ports (the security module's ports, called from ValidatePodSpec)


def test_host_network_port_must_match() -> None:
    """TestValidatePodSpec (validatePodHostNetworkDeps for a template)."""
    spec = pod_with(hostNetwork=True, containers=[{"name": "main", "image": "busybox", "ports": [{"containerPort": 8080, "hostPort": 9090}]}])
    assert_error(spec, f"{POD}.containers[0].ports[0].hostPort: Invalid value: 9090: must match `containerPort` when `hostNetwork` is true")


def test_host_users_false_forbids_host_namespaces() -> None:
    """TestValidateHostUsers: the server names hostPID and hostIPC with capitals here."""
    texts = pod_messages(pod_with(hostUsers=False, hostPID=True, hostIPC=True))
    assert f"{POD}.HostPID: Forbidden: when `hostUsers` is false" in texts
    assert f"{POD}.HostIPC: Forbidden: when `hostUsers` is false" in texts
    assert pod_messages(pod_with(hostUsers=False, hostPID=True), version="1.32") == []


# ---------------------------------------------------------------------------------------------
# terminationGracePeriodSeconds and validateFileKeyRefVolumes


def test_termination_grace_period_is_defaulted_so_never_missing() -> None:
    """ValidatePodSpec requires terminationGracePeriodSeconds; defaulting sets 30, so a manifest
    without it is valid (the Required error is only reachable without defaulting)."""
    from joblint.pod.spec import validate_pod_template

    assert_valid(pod_with())
    errs = validate_pod_template({"spec": pod_with(dnsPolicy="ClusterFirst")}, "template", "1.37")
    assert "template.spec.terminationGracePeriodSeconds: Required value" in [str(e) for e in errs]


def test_file_key_ref_volume_must_exist_and_be_empty_dir() -> None:
    """validateFileKeyRefVolumes (EnvFiles beta from 1.35)."""
    ref = {"path": "vars.env", "key": "TOKEN"}
    spec = pod_with(
        volumes=[{"name": "config", "configMap": {"name": "c"}}, {"name": "scratch", "emptyDir": {}}],
        containers=[
            {
                "name": "main",
                "image": "busybox",
                "env": [
                    {"name": "A", "valueFrom": {"fileKeyRef": {**ref, "volumeName": "config"}}},
                    {"name": "B", "valueFrom": {"fileKeyRef": {**ref, "volumeName": "missing"}}},
                    {"name": "C", "valueFrom": {"fileKeyRef": {**ref, "volumeName": "scratch"}}},
                ],
            }
        ],
    )
    texts = pod_messages(spec)
    assert f'{POD}.containers[0].env[0].valueFrom.fileKeyRef.volumeName: Invalid value: "config": referenced volume must be of type emptyDir' in texts
    assert f'{POD}.containers[0].env[1].valueFrom.fileKeyRef.volumeName: Not found: "missing"' in texts
    assert not any("env[2]" in t for t in texts), texts


# ---------------------------------------------------------------------------------------------
# Robustness: odd shapes never raise.


@pytest.mark.parametrize(
    "spec",
    [
        {"dnsConfig": {"nameservers": [1, None], "searches": [None], "options": [None, "x"]}},
        {"hostAliases": [None, {"hostnames": [None, 3]}]},
        {"readinessGates": [None, {}], "schedulingGates": [None, {"name": None}]},
        {"resourceClaims": [None, {}, {"name": 3}]},
        {"os": {"name": None}},
        {"activeDeadlineSeconds": True},
    ],
)
def test_odd_shapes_do_not_raise(spec: dict[str, Any]) -> None:
    from joblint.pod.spec import validate_pod_template

    base = {**pod_with(), "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst"}
    base.update(spec)
    validate_pod_template({"metadata": {"annotations": {"scheduler.alpha.kubernetes.io/tolerations": "[1, 2"}}, "spec": base}, "t", "1.37")
    validate_pod_template({"spec": None}, "t", "1.37")
    validate_pod_template(None, "t", "1.30")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# End to end: a realistic Job with every part of a pod passes with no error.

REALISTIC_JOB: dict[str, Any] = {
    "apiVersion": "batch/v1",
    "kind": "Job",
    "metadata": {"name": "nightly-report", "namespace": "analytics", "labels": {"app": "report"}},
    "spec": {
        "backoffLimit": 3,
        "activeDeadlineSeconds": 3600,
        "ttlSecondsAfterFinished": 86400,
        "template": {
            "metadata": {
                "labels": {"app": "report", "tier": "batch"},
                "annotations": {"controller.kubernetes.io/pod-deletion-cost": "-100", "example.com/owner": "data-team"},
            },
            "spec": {
                "restartPolicy": "Never",
                "serviceAccountName": "report-runner",
                "priorityClassName": "batch-low",
                "terminationGracePeriodSeconds": 60,
                "activeDeadlineSeconds": 1800,
                "dnsPolicy": "ClusterFirst",
                "dnsConfig": {"searches": ["svc.cluster.local"], "options": [{"name": "ndots", "value": "2"}]},
                "hostAliases": [{"ip": "10.0.0.10", "hostnames": ["warehouse.internal"]}],
                "nodeSelector": {"kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": "m5.large"},
                "os": {"name": "linux"},
                "securityContext": {
                    "runAsNonRoot": True,
                    "runAsUser": 1000,
                    "runAsGroup": 1000,
                    "fsGroup": 2000,
                    "seccompProfile": {"type": "RuntimeDefault"},
                },
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [
                                {"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["eu-west-1a", "eu-west-1b"]}]}
                            ]
                        }
                    },
                    "podAntiAffinity": {
                        "preferredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "weight": 50,
                                "podAffinityTerm": {
                                    "labelSelector": {"matchLabels": {"app": "report"}},
                                    "topologyKey": "kubernetes.io/hostname",
                                },
                            }
                        ]
                    },
                },
                "tolerations": [
                    {"key": "dedicated", "operator": "Equal", "value": "batch", "effect": "NoSchedule"},
                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                ],
                "topologySpreadConstraints": [
                    {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "report"}}}
                ],
                "imagePullSecrets": [{"name": "registry-credentials"}],
                "volumes": [
                    {"name": "scratch", "emptyDir": {"sizeLimit": "1Gi"}},
                    {"name": "config", "configMap": {"name": "report-config", "items": [{"key": "settings.yaml", "path": "settings.yaml"}]}},
                    {"name": "credentials", "secret": {"secretName": "warehouse-credentials", "defaultMode": 0o400}},
                    {"name": "token", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "expirationSeconds": 3600, "audience": "warehouse"}}]}},
                ],
                "initContainers": [
                    {
                        "name": "fetch-schema",
                        "image": "registry.example.com/tools/fetch:1.4.2",
                        "command": ["/bin/fetch", "--out", "/scratch/schema.json"],
                        "volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}],
                        "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
                        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}},
                    }
                ],
                "containers": [
                    {
                        "name": "report",
                        "image": "registry.example.com/analytics/report:2.7.0",
                        "imagePullPolicy": "IfNotPresent",
                        "args": ["--date", "$(REPORT_DATE)"],
                        "env": [
                            {"name": "REPORT_DATE", "value": "yesterday"},
                            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                            {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "warehouse-credentials", "key": "password"}}},
                            {"name": "MEMORY_LIMIT", "valueFrom": {"resourceFieldRef": {"containerName": "report", "resource": "limits.memory", "divisor": "1Mi"}}},
                        ],
                        "envFrom": [{"configMapRef": {"name": "report-env"}, "prefix": "CFG_"}],
                        "ports": [{"name": "metrics", "containerPort": 9090, "protocol": "TCP"}],
                        "volumeMounts": [
                            {"name": "scratch", "mountPath": "/scratch"},
                            {"name": "config", "mountPath": "/etc/report", "readOnly": True},
                            {"name": "credentials", "mountPath": "/var/run/secrets/warehouse", "readOnly": True},
                            {"name": "token", "mountPath": "/var/run/secrets/tokens", "readOnly": True},
                        ],
                        "resources": {"requests": {"cpu": "500m", "memory": "512Mi"}, "limits": {"cpu": "2", "memory": "1Gi"}},
                        "readinessProbe": {"httpGet": {"path": "/ready", "port": "metrics"}, "periodSeconds": 10},
                        "livenessProbe": {"exec": {"command": ["/bin/health"]}, "initialDelaySeconds": 30, "failureThreshold": 3},
                        "startupProbe": {"tcpSocket": {"port": 9090}, "failureThreshold": 30, "periodSeconds": 5},
                        "lifecycle": {"preStop": {"exec": {"command": ["/bin/flush"]}}},
                        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}},
                    },
                    {
                        "name": "uploader",
                        "image": "registry.example.com/tools/uploader@sha256:" + "a" * 64,
                        "volumeMounts": [{"name": "scratch", "mountPath": "/scratch", "readOnly": True}],
                        "resources": {"requests": {"cpu": "50m", "memory": "32Mi"}},
                        "terminationMessagePolicy": "FallbackToLogsOnError",
                    },
                ],
            },
        },
    },
}


@pytest.mark.parametrize("version", ["1.30", "1.33", "1.37"])
def test_realistic_job_is_valid(version: str) -> None:
    job = Job.model_validate(copy.deepcopy(REALISTIC_JOB))
    texts = [str(e) for e in validate_job(default_job(job, version), version)]
    assert texts == [], "\n".join(texts)


def test_realistic_job_errors_point_at_the_pod() -> None:
    """The same Job with a few pod-level mistakes reports exactly those."""
    body = copy.deepcopy(REALISTIC_JOB)
    pod = body["spec"]["template"]["spec"]
    pod["dnsConfig"]["nameservers"] = ["10.0.0.300"]
    pod["schedulingGates"] = [{"name": "wait"}, {"name": "wait"}]
    job = Job.model_validate(body)
    texts = [str(e) for e in validate_job(default_job(job, "1.37"), "1.37")]
    assert texts == [
        f'{POD}.dnsConfig.nameservers[0]: Invalid value: "10.0.0.300": {IP_MSG}',
        f'{POD}.schedulingGates[1]: Duplicate value: "wait"',
    ]



def test_pod_level_errors_come_in_the_server_order() -> None:
    """ValidatePodSpec's order: dnsPolicy, nodeSelector, dnsConfig, readiness and scheduling
    gates, serviceAccountName, nodeName, activeDeadlineSeconds, hostname, subdomain, hostAliases,
    priorityClassName, runtimeClassName, preemptionPolicy, os."""
    spec = pod_with(
        os={"name": "mac"},
        preemptionPolicy="Sometimes",
        runtimeClassName="R",
        priorityClassName="P",
        hostAliases=[{"ip": "x", "hostnames": ["h"]}],
        subdomain="S",
        hostname="H",
        activeDeadlineSeconds=0,
        nodeName="N",
        serviceAccountName="A",
        schedulingGates=[{"name": "g"}, {"name": "g"}],
        readinessGates=[{"conditionType": "-c"}],
        dnsConfig={"options": [{}]},
        nodeSelector={"k": "-v-"},
        dnsPolicy="Google",
    )
    fields = [e.field for e in pod_errors(spec)]
    assert fields == [
        f"{POD}.dnsPolicy",
        f"{POD}.nodeSelector",
        f"{POD}.dnsConfig.options[0]",
        f"{POD}.readinessGates[0].conditionType",
        f"{POD}.schedulingGates[1]",
        f"{POD}.serviceAccountName",
        f"{POD}.nodeName",
        f"{POD}.activeDeadlineSeconds",
        f"{POD}.hostname",
        f"{POD}.subdomain",
        f"{POD}.hostAliases[0].ip",
        f"{POD}.priorityClassName",
        f"{POD}.runtimeClassName",
        f"{POD}.preemptionPolicy",
        f"{POD}.os",
    ]


def test_hostile_numbers_do_not_raise() -> None:
    """Long digit runs stay cheap and never hit Python's int-from-string limit."""
    assert is_valid_ip_sloppy("0" * 5000 + "1.2.3.4")
    assert not is_valid_ip_sloppy("1" * 5000 + ".2.3.4")
    cost = {"annotations": {"controller.kubernetes.io/pod-deletion-cost": "9" * 5000}}
    assert any(t.endswith("must be a 32bit integer") for t in template_errors(cost))


def test_cronjob_template_is_validated_under_its_path() -> None:
    """The CronJob's job template runs the same ValidatePodTemplateSpec, under its own path."""
    from joblint.defaults import default_cronjob
    from joblint.model import CronJob
    from joblint.validation import validate_cronjob

    body = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "hourly"},
        "spec": {
            "schedule": "0 * * * *",
            "jobTemplate": {"spec": {"template": {"spec": pod_with(dnsPolicy="None", schedulingGates=[{"name": "a"}, {"name": "a"}])}}},
        },
    }
    cj = default_cronjob(CronJob.model_validate(body), "1.37")
    texts = [str(e) for e in validate_cronjob(cj, "1.37")]
    assert texts == [
        "spec.jobTemplate.spec.template.spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None",
        'spec.jobTemplate.spec.template.spec.schedulingGates[1]: Duplicate value: "a"',
    ]


def test_windows_host_process_pod_checks_run() -> None:
    """TestValidateWindowsHostProcessPod (validateWindowsHostProcessPod, via the security module)."""
    spec = pod_with(
        os={"name": "windows"},
        securityContext={"windowsOptions": {"hostProcess": True}},
        containers=[
            {"name": "a", "image": "b"},
            {"name": "c", "image": "d", "securityContext": {"windowsOptions": {"hostProcess": False}}},
        ],
    )
    assert pod_messages(spec) == [
        (
            f"{POD}.containers[1].securityContext.windowsOptions.hostProcess: Invalid value: false: "
            "pod hostProcess value must be identical if both are specified, was true"
        ),
        f'{POD}: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers',
        f"{POD}.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers",
    ]


def test_pod_level_resources_and_overhead_are_validated_where_served() -> None:
    """validatePodResources (PodLevelResources, on by default from 1.34) and validateOverhead."""
    spec = pod_with(resources={"limits": {"cpu": "1"}, "requests": {"cpu": "2"}}, overhead={"cpu": "-1"})
    assert pod_messages(spec) == [
        f'{POD}.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
        f'{POD}.overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]
    assert pod_messages(spec, version="1.33") == [f'{POD}.overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0']
