"""Containers of a pod template (joblint.pod.containers): one test per rule, exact printed errors.

Cases follow pkg/apis/core/validation/validation_test.go (TestValidateContainers,
TestValidateInitContainers, TestValidatePorts, TestValidateEnv, TestValidateEnvFrom,
TestValidateProbe, TestValidateHandler, TestValidateResizePolicy, the sidecar and restart rule
tests). The pod spec goes through the real decoding and defaulting, then the container
validation is called directly (until joblint.pod.spec calls it), the way ValidatePodSpec
calls validateContainers and validateInitContainers.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from joblint.defaults import default_job
from joblint.errors import FieldError
from joblint.model import Job
from joblint.pod.containers import (
    STOP_SIGNALS_LINUX,
    is_config_map_key,
    validate_containers,
    validate_init_containers,
)
from joblint.pod.context import PodContext
from tests.podcases import BASE_POD, POD, container_with, job_around, pod_with

C0 = POD + ".containers[0]"
I0 = POD + ".initContainers[0]"

DNS_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
CONFIG_KEY_MSG = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  "
    "or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
)
NOT_INIT = "may not be set for init containers without restartPolicy=Always"


def defaulted_spec(pod_spec: dict[str, Any], version: str) -> dict[str, Any]:
    job = Job.model_validate(job_around(copy.deepcopy(pod_spec)))
    template = default_job(job, version).spec.template  # type: ignore[union-attr]
    spec = template.dump()["spec"]  # type: ignore[union-attr]
    assert isinstance(spec, dict)
    return spec


def container_errors(pod_spec: dict[str, Any], version: str = "1.37") -> list[FieldError]:
    spec = defaulted_spec(pod_spec, version)
    ctx = PodContext(version, spec)
    errs = validate_containers(spec, POD + ".containers", ctx)
    errs += validate_init_containers(spec, POD + ".initContainers", ctx)
    return errs


def messages(pod_spec: dict[str, Any], version: str = "1.37") -> list[str]:
    return [str(e) for e in container_errors(pod_spec, version)]


def assert_error(pod_spec: dict[str, Any], expected: str, version: str = "1.37", error_type: str | None = None) -> None:
    errs = container_errors(pod_spec, version)
    texts = [str(e) for e in errs]
    assert expected in texts, "\n".join(texts) or "(no errors)"
    if error_type is not None:
        assert errs[texts.index(expected)].type.value == error_type


def assert_only(pod_spec: dict[str, Any], expected: list[str], version: str = "1.37") -> None:
    assert messages(pod_spec, version) == expected


def assert_valid(pod_spec: dict[str, Any], version: str = "1.37") -> None:
    texts = messages(pod_spec, version)
    assert texts == [], "\n".join(texts)


def init_with(*containers: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return pod_with(initContainers=list(containers), **fields)


def env(*items: dict[str, Any]) -> dict[str, Any]:
    return container_with(env=list(items))


def value_from(**source: Any) -> dict[str, Any]:
    return env({"name": "V", "valueFrom": source})


def probe(kind: str = "livenessProbe", **fields: Any) -> dict[str, Any]:
    body = {"exec": {"command": ["true"]}}
    body.update(fields)
    return container_with(**{kind: body})


def lifecycle(**hooks: Any) -> dict[str, Any]:
    return container_with(lifecycle=hooks)


SIDECAR = {"name": "side", "image": "proxy", "restartPolicy": "Always"}
EXEC = {"exec": {"command": ["true"]}}


# --- the base pod and the list itself ---------------------------------------------------------


def test_base_pod_is_valid() -> None:
    """TestValidateContainers success cases: a named container with an image."""
    assert_valid(BASE_POD)


def test_full_valid_container_has_no_errors() -> None:
    """TestValidateContainers success: every field set to a valid value."""
    c = {
        "name": "main",
        "image": "busybox",
        "ports": [{"name": "http", "containerPort": 80, "hostPort": 8080}],
        "env": [
            {"name": "A", "value": "x"},
            {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "ANN", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['a.b/c']"}}},
            {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}},
            {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "requests.memory", "divisor": "1Mi"}}},
            {"name": "HP", "valueFrom": {"resourceFieldRef": {"resource": "limits.hugepages-2Mi"}}},
            {"name": "CM", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k.e_y-1"}}},
            {"name": "SEC", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
        ],
        "envFrom": [{"prefix": "P_", "configMapRef": {"name": "cm"}}, {"secretRef": {"name": "s"}}],
        "livenessProbe": {"httpGet": {"port": 8080, "httpHeaders": [{"name": "X-Header", "value": "v"}]}},
        "readinessProbe": {"tcpSocket": {"port": "http"}},
        "startupProbe": {"grpc": {"port": 9000}, "terminationGracePeriodSeconds": 10},
        "lifecycle": {"postStart": {"exec": {"command": ["true"]}}, "preStop": {"sleep": {"seconds": 5}}},
        "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}],
    }
    assert_valid(pod_with(containers=[c]))


def test_containers_required() -> None:
    """TestValidatePodSpec: zero containers."""
    assert_only(pod_with(containers=[]), [f"{POD}.containers: Required value"])


# --- name, image, policies --------------------------------------------------------------------


def test_name_required() -> None:
    """TestValidateContainers "zero-length name"."""
    assert_error(container_with(name=""), f"{C0}.name: Required value", error_type="Required value")


def test_name_dns_label() -> None:
    """TestValidateContainers "name > 63 characters" / invalid name."""
    assert_error(container_with(name="Main_1"), f'{C0}.name: Invalid value: "Main_1": {DNS_LABEL_MSG}')


def test_name_too_long() -> None:
    """TestValidateContainers "name > 63 characters"."""
    name = "a" * 64
    assert_error(container_with(name=name), f'{C0}.name: Invalid value: "{name}": must be no more than 63 characters')


def test_duplicate_names_in_containers() -> None:
    """TestValidateContainers "name not unique"."""
    spec = pod_with(containers=[{"name": "abc", "image": "x"}, {"name": "abc", "image": "y"}])
    assert_only(spec, [f'{POD}.containers[1].name: Duplicate value: "abc"'])


def test_duplicate_empty_names_reported_too() -> None:
    """validateContainers inserts every name, the empty one included."""
    spec = pod_with(containers=[{"name": "", "image": "x"}, {"name": "", "image": "y"}])
    assert messages(spec) == [
        f"{POD}.containers[0].name: Required value",
        f"{POD}.containers[1].name: Required value",
        f'{POD}.containers[1].name: Duplicate value: ""',
    ]


def test_init_name_duplicates_regular_container() -> None:
    """TestValidateInitContainers "name collision with regular container"."""
    assert_only(init_with({"name": "main", "image": "x"}), [f'{I0}.name: Duplicate value: "main"'])


def test_init_names_unique_among_init_containers() -> None:
    """TestValidateInitContainers "duplicate name"."""
    spec = init_with({"name": "init", "image": "x"}, {"name": "init", "image": "y"})
    assert_only(spec, [f'{POD}.initContainers[1].name: Duplicate value: "init"'])


def test_image_required() -> None:
    """TestValidateContainers "zero-length image"."""
    assert_error(container_with(image=""), f"{C0}.image: Required value", error_type="Required value")


def test_image_whitespace_is_not_an_error_for_templates() -> None:
    """validateContainerCommon checks only len(image); whitespace is a pod-only rule (validateContainerOnlyForPod)."""
    assert_valid(container_with(image=" busybox "))
    assert_valid(container_with(image=" "))


def test_init_image_required() -> None:
    """TestValidateInitContainers: validateContainerCommon applies to init containers."""
    assert_error(init_with({"name": "init"}), f"{I0}.image: Required value")


def test_termination_message_policy_unsupported() -> None:
    """TestValidateContainers "invalid terminationMessagePolicy"."""
    assert_error(
        container_with(terminationMessagePolicy="Unknown"),
        f'{C0}.terminationMessagePolicy: Unsupported value: "Unknown": supported values: "File", "FallbackToLogsOnError"',
        error_type="Unsupported value",
    )


def test_termination_message_policy_required_without_defaults() -> None:
    """TestValidateContainers "empty terminationMessagePolicy" (only reachable without defaulting)."""
    spec = copy.deepcopy(BASE_POD)
    spec["containers"][0].update(imagePullPolicy="Always")
    errs = validate_containers(spec, POD + ".containers", PodContext("1.37", spec))
    assert [str(e) for e in errs] == [f"{C0}.terminationMessagePolicy: Required value"]


def test_image_pull_policy_unsupported() -> None:
    """TestValidateContainers "invalid image pull policy"."""
    assert_error(
        container_with(imagePullPolicy="Sometimes"),
        f'{C0}.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    )


def test_image_pull_policy_required_without_defaults() -> None:
    """validatePullPolicy: an empty policy is Required (defaulting always fills it)."""
    spec = copy.deepcopy(BASE_POD)
    spec["containers"][0].update(terminationMessagePolicy="File")
    errs = validate_containers(spec, POD + ".containers", PodContext("1.37", spec))
    assert [str(e) for e in errs] == [f"{C0}.imagePullPolicy: Required value"]


# --- ports ------------------------------------------------------------------------------------


def test_port_name_invalid() -> None:
    """TestValidatePorts "invalid name"."""
    assert_only(
        container_with(ports=[{"name": "-http", "containerPort": 80}]),
        [f'{C0}.ports[0].name: Invalid value: "-http": must not begin or end with a hyphen'],
    )


def test_port_name_too_long() -> None:
    """TestValidatePorts "name > 15 characters"."""
    name = "a" * 16
    assert_error(container_with(ports=[{"name": name, "containerPort": 80}]), f'{C0}.ports[0].name: Invalid value: "{name}": must be no more than 15 characters')


def test_port_name_duplicate() -> None:
    """TestValidatePorts "duplicate port names"."""
    spec = container_with(ports=[{"name": "http", "containerPort": 80}, {"name": "http", "containerPort": 81}])
    assert_only(spec, [f'{C0}.ports[1].name: Duplicate value: "http"'])


def test_container_port_required() -> None:
    """TestValidatePorts "zero container port"."""
    assert_only(container_with(ports=[{"name": "http"}]), [f"{C0}.ports[0].containerPort: Required value"])


def test_container_port_range() -> None:
    """TestValidatePorts "invalid container port"."""
    assert_only(
        container_with(ports=[{"containerPort": 65536}]),
        [f"{C0}.ports[0].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive"],
    )


def test_negative_container_port() -> None:
    """TestValidatePorts "negative container port"."""
    assert_error(container_with(ports=[{"containerPort": -1}]), f"{C0}.ports[0].containerPort: Invalid value: -1: must be between 1 and 65535, inclusive")


def test_host_port_range() -> None:
    """TestValidatePorts "invalid host port"."""
    assert_only(
        container_with(ports=[{"containerPort": 80, "hostPort": 70000}]),
        [f"{C0}.ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
    )


def test_port_protocol_unsupported() -> None:
    """TestValidatePorts "invalid protocol case"."""
    assert_only(
        container_with(ports=[{"containerPort": 80, "protocol": "tcp"}]),
        [f'{C0}.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    )


def test_host_port_conflict_between_containers() -> None:
    """TestValidateContainers / checkHostPortConflicts: same protocol, host IP and host port."""
    spec = pod_with(
        containers=[
            {"name": "a", "image": "x", "ports": [{"containerPort": 80, "hostPort": 8080}]},
            {"name": "b", "image": "x", "ports": [{"containerPort": 81, "hostPort": 8080}]},
        ]
    )
    assert_only(spec, [f'{POD}.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'])


def test_host_ports_differ_by_protocol_or_ip() -> None:
    """AccumulateUniqueHostPorts keys on protocol/hostIP/port."""
    spec = container_with(
        ports=[
            {"containerPort": 80, "hostPort": 8080},
            {"containerPort": 81, "hostPort": 8080, "protocol": "UDP"},
            {"containerPort": 82, "hostPort": 8080, "hostIP": "10.0.0.1"},
        ]
    )
    assert_valid(spec)


def test_init_container_host_port_conflict_reported_at_index_zero() -> None:
    """validateInitContainers checks each init container alone, via a one-element list."""
    ports = [{"containerPort": 80, "hostPort": 9000}, {"containerPort": 81, "hostPort": 9000}]
    spec = init_with({"name": "a", "image": "x"}, {"name": "b", "image": "x", "ports": ports})
    assert_only(spec, [f'{POD}.initContainers[0].ports[1].hostPort: Duplicate value: "TCP//9000"'])


def test_init_containers_may_share_host_ports() -> None:
    """Init containers run one by one: no conflict across them, nor with regular containers."""
    port = [{"containerPort": 80, "hostPort": 9000}]
    spec = pod_with(
        containers=[{"name": "main", "image": "x", "ports": port}],
        initContainers=[{"name": "a", "image": "x", "ports": port}, {"name": "b", "image": "x", "ports": port}],
    )
    assert_valid(spec)


# --- env --------------------------------------------------------------------------------------


def test_env_name_required() -> None:
    """TestValidateEnv "zero-length name"."""
    assert_only(env({"value": "x"}), [f"{C0}.env[0].name: Required value"])


def test_env_name_relaxed_rule() -> None:
    """TestValidateEnv relaxed: any printable ASCII but '=' (RelaxedEnvironmentVariableValidation)."""
    assert_valid(env({"name": "1 a:b", "value": "x"}))
    assert_only(
        env({"name": "A=B"}),
        [f"{C0}.env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"],
    )


def test_env_name_strict_rule_before_132() -> None:
    """TestValidateEnv "name not a C identifier" (strict rule while the gate is off)."""
    assert_only(
        env({"name": "1A"}),
        [
            (f"{C0}.env[0].name: Invalid value: \"1A\": a valid environment variable name must consist of alphabetic "
            "characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or "
            "'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
        ],
        version="1.31",
    )


def test_value_from_needs_a_source() -> None:
    """TestValidateEnv "missing FieldPath on ObjectFieldSelector" sibling: valueFrom with nothing set."""
    assert_only(
        value_from(),
        [f'{C0}.env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`'],
    )


def test_value_from_needs_a_source_message_before_env_files() -> None:
    """Without EnvFiles (before 1.35) the message leaves fileKeyRef out."""
    assert_only(
        value_from(),
        [f'{C0}.env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'],
        version="1.34",
    )


def test_value_and_value_from_exclusive() -> None:
    """TestValidateEnv "valueFrom set with value"."""
    spec = env({"name": "V", "value": "x", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}})
    assert_only(spec, [f'{C0}.env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'])


def test_value_from_more_than_one_source() -> None:
    """TestValidateEnv "valueFrom.fieldRef and valueFrom.secretKeyRef"."""
    spec = value_from(fieldRef={"fieldPath": "metadata.name"}, secretKeyRef={"name": "s", "key": "k"})
    assert_only(spec, [f'{C0}.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time'])


def test_field_ref_api_version_required() -> None:
    """TestValidateEnv "missing APIVersion on ObjectFieldSelector" (defaulting sets v1, so call directly)."""
    spec = copy.deepcopy(BASE_POD)
    spec["containers"][0].update(
        terminationMessagePolicy="File",
        imagePullPolicy="Always",
        env=[{"name": "V", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
    )
    errs = validate_containers(spec, POD + ".containers", PodContext("1.37", spec))
    assert [str(e) for e in errs] == [f"{C0}.env[0].valueFrom.fieldRef.apiVersion: Required value"]


def test_field_ref_field_path_required() -> None:
    """TestValidateEnv "missing FieldPath on ObjectFieldSelector"."""
    assert_only(value_from(fieldRef={"apiVersion": "v1"}), [f"{C0}.env[0].valueFrom.fieldRef.fieldPath: Required value"])


def test_field_ref_unsupported_api_version() -> None:
    """TestValidateEnv "invalid apiVersion"."""
    assert_only(
        value_from(fieldRef={"apiVersion": "v2", "fieldPath": "metadata.name"}),
        [f'{C0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2'],
    )


def test_field_ref_unknown_field_label() -> None:
    """TestValidateEnv "invalid fieldPath"."""
    assert_only(
        value_from(fieldRef={"fieldPath": "metadata.whoops"}),
        [f'{C0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.whoops": error converting fieldPath: field label not supported: metadata.whoops'],
    )


def test_field_ref_subscript_not_supported() -> None:
    """TestValidateEnv "metadata.name with subscript"."""
    assert_only(
        value_from(fieldRef={"fieldPath": "metadata.name['key']"}),
        [
            (f"{C0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.name['key']\": error converting "
            "fieldPath: field label does not support subscript: metadata.name['key']")
        ],
    )


def test_field_ref_path_not_for_env() -> None:
    """TestValidateEnv "unsupported fieldPath" (metadata.labels without subscript, spec.schedulerName)."""
    supported = (
        '"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", '
        '"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"'
    )
    assert_only(
        value_from(fieldRef={"fieldPath": "metadata.labels"}),
        [f'{C0}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: {supported}'],
    )
    assert_error(
        value_from(fieldRef={"fieldPath": "status.phase"}),
        f'{C0}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: {supported}',
    )


def test_field_ref_legacy_spec_host() -> None:
    """ConvertDownwardAPIFieldLabel maps the old spec.host to spec.nodeName, which env may use."""
    assert_valid(value_from(fieldRef={"fieldPath": "spec.host"}))


def test_field_ref_label_subscript_must_be_qualified_name() -> None:
    """TestValidateEnv "invalid label key subscript"."""
    assert_only(
        value_from(fieldRef={"fieldPath": "metadata.labels['really.long.key/with/slashes']"}),
        [
            (f"{C0}.env[0].valueFrom.fieldRef: Invalid value: \"really.long.key/with/slashes\": a valid label key must "
            "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
            "'example.com/MyName')")
        ],
    )


def test_field_ref_label_subscript_not_lowercased() -> None:
    """TestValidateEnv "metadata.labels with invalid key": label keys keep their case (prefix must be lower case)."""
    assert_only(
        value_from(fieldRef={"fieldPath": "metadata.labels['Www.k8s.io/test']"}),
        [
            (f"{C0}.env[0].valueFrom.fieldRef: Invalid value: \"Www.k8s.io/test\": prefix part a lowercase RFC 1123 "
            "subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with "
            "an alphanumeric character (e.g. 'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
        ],
    )


def test_file_key_ref_path_backslashes_are_not_separators() -> None:
    """validatePathNoBacksteps splits on '/' only (filepath.ToSlash is a no-op on Linux)."""
    assert_valid(value_from(fileKeyRef={"key": "K", "volumeName": "v", "path": "a\\..\\b"}))


def test_field_ref_annotation_subscript_lowercased() -> None:
    """validateObjectFieldSelector checks annotation keys lower-cased: `Upper/Key` passes, a bad one shows lower case."""
    assert_valid(value_from(fieldRef={"fieldPath": "metadata.annotations['Example.COM/Key']"}))
    assert_error(
        value_from(fieldRef={"fieldPath": "metadata.annotations['Bad Key']"}),
        f"{C0}.env[0].valueFrom.fieldRef: Invalid value: \"bad key\": name part must consist of alphanumeric "
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
        "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    )


def test_resource_field_ref_resource_required() -> None:
    """TestValidateEnv "missing resource on ResourceFieldSelector"."""
    assert_only(value_from(resourceFieldRef={"containerName": "main"}), [f"{C0}.env[0].valueFrom.resourceFieldRef.resource: Required value"])


def test_resource_field_ref_unsupported_resource() -> None:
    """TestValidateEnv "invalid resource"."""
    supported = '"limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"'
    assert_only(
        value_from(resourceFieldRef={"resource": "limits.gpu"}),
        [f'{C0}.env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: {supported}'],
    )


def test_resource_field_ref_cpu_divisor() -> None:
    """TestValidateEnv "invalid cpu divisor"."""
    assert_only(
        value_from(resourceFieldRef={"resource": "limits.cpu", "divisor": "2m"}),
        [f'{C0}.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor\'s values 1m and 1 are supported with the cpu resource'],
    )


def test_resource_field_ref_memory_divisor() -> None:
    """TestValidateEnv "invalid memory divisor"."""
    assert_only(
        value_from(resourceFieldRef={"resource": "requests.memory", "divisor": "2Mi"}),
        [
            (f'{C0}.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "requests.memory": only divisor\'s values '
            "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource")
        ],
    )


def test_resource_field_ref_ephemeral_storage_and_hugepages_divisors() -> None:
    """validateContainerResourceDivisor: local ephemeral storage and huge pages texts."""
    assert_error(
        value_from(resourceFieldRef={"resource": "limits.ephemeral-storage", "divisor": "3"}),
        f'{C0}.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.ephemeral-storage": only divisor\'s values '
        "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource",
    )
    assert_error(
        value_from(resourceFieldRef={"resource": "limits.hugepages-2Mi", "divisor": "3"}),
        f'{C0}.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.hugepages-2Mi": only divisor\'s values '
        "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource",
    )


def test_resource_field_ref_zero_divisor_is_unset() -> None:
    """A zero divisor compares equal to the unset Quantity and is not checked."""
    assert_valid(value_from(resourceFieldRef={"resource": "limits.cpu", "divisor": "0"}))


def test_config_map_key_ref_name_and_key() -> None:
    """TestValidateEnv "invalid config map key selector": bad name, missing and bad key."""
    assert_only(
        value_from(configMapKeyRef={"name": "Bad_Name", "key": ""}),
        [
            f'{C0}.env[0].valueFrom.configMapKeyRef.name: Invalid value: "Bad_Name": {DNS_SUBDOMAIN_MSG}',
            f"{C0}.env[0].valueFrom.configMapKeyRef.key: Required value",
        ],
    )
    assert_only(
        value_from(secretKeyRef={"name": "s", "key": "a/b"}),
        [f'{C0}.env[0].valueFrom.secretKeyRef.key: Invalid value: "a/b": {CONFIG_KEY_MSG}'],
    )


def test_key_selector_empty_name_fails_dns_subdomain() -> None:
    """validateSecretKeySelector runs the name check even on an empty name (no Required)."""
    assert_only(
        value_from(secretKeyRef={"key": "k"}),
        [f'{C0}.env[0].valueFrom.secretKeyRef.name: Invalid value: "": {DNS_SUBDOMAIN_MSG}'],
    )


def test_config_map_key_dot_prefix() -> None:
    """IsConfigMapKey rejects '.', '..' and a leading '..'."""
    assert is_config_map_key("..a") == ["must not start with '..'"]
    assert_error(value_from(configMapKeyRef={"name": "cm", "key": ".."}), f'{C0}.env[0].valueFrom.configMapKeyRef.key: Invalid value: "..": must not be \'..\'')


def test_file_key_ref_fields() -> None:
    """validateFileKeySelector: key, volumeName and path (EnvFiles on from 1.35)."""
    spec = value_from(fileKeyRef={"key": "A=B", "volumeName": "Vol", "path": "a/../b"})
    assert_only(
        spec,
        [
            f"{C0}.env[0].valueFrom.fileKeyRef.key: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
            f'{C0}.env[0].valueFrom.fileKeyRef.volumeName: Invalid value: "Vol": {DNS_LABEL_MSG}',
            f"{C0}.env[0].valueFrom.fileKeyRef.path: Invalid value: \"a/../b\": must not contain '..'",
        ],
    )
    assert_only(
        value_from(fileKeyRef={}),
        [
            f"{C0}.env[0].valueFrom.fileKeyRef.key: Required value",
            f"{C0}.env[0].valueFrom.fileKeyRef.volumeName: Required value",
            f"{C0}.env[0].valueFrom.fileKeyRef.path: Required value",
        ],
    )


def test_file_key_ref_dropped_while_env_files_off() -> None:
    """dropFileKeyRefInUse: in 1.34 the source is dropped, leaving valueFrom empty."""
    assert_only(
        value_from(fileKeyRef={"key": "K", "volumeName": "v", "path": "p"}),
        [f'{C0}.env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'],
        version="1.34",
    )


# --- envFrom ----------------------------------------------------------------------------------


def test_env_from_needs_a_source() -> None:
    """TestValidateEnvFrom "no refs": reported at the envFrom list path."""
    assert_only(
        container_with(envFrom=[{"prefix": "P"}]),
        [f'{C0}.envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`'],
    )


def test_env_from_more_than_one_source() -> None:
    """TestValidateEnvFrom "multiple refs"."""
    assert_only(
        container_with(envFrom=[{"configMapRef": {"name": "a"}, "secretRef": {"name": "b"}}]),
        [f'{C0}.envFrom: Invalid value: "": may not have more than one field specified at a time'],
    )


def test_env_from_name_required_and_valid() -> None:
    """TestValidateEnvFrom "zero-length name" / "invalid name"."""
    assert_only(container_with(envFrom=[{"configMapRef": {"name": ""}}]), [f"{C0}.envFrom[0].configMapRef.name: Required value"])
    assert_only(
        container_with(envFrom=[{"secretRef": {"name": "$"}}]),
        [f'{C0}.envFrom[0].secretRef.name: Invalid value: "$": {DNS_SUBDOMAIN_MSG}'],
    )


def test_env_from_name_is_a_prefix_name() -> None:
    """ValidateConfigMapName(name, prefix=true): a trailing '-' is accepted."""
    assert_valid(container_with(envFrom=[{"configMapRef": {"name": "cm-"}}]))


def test_env_from_prefix_env_name_rules() -> None:
    """TestValidateEnvFrom "invalid prefix" (strict rule) and the relaxed rule."""
    assert_only(
        container_with(envFrom=[{"prefix": "a=b", "configMapRef": {"name": "cm"}}]),
        [f"{C0}.envFrom[0].prefix: Invalid value: \"a=b\": a valid environment variable name must consist only of printable ASCII characters other than '='"],
    )
    assert_error(
        container_with(envFrom=[{"prefix": "1a", "configMapRef": {"name": "cm"}}]),
        f"{C0}.envFrom[0].prefix: Invalid value: \"1a\": a valid environment variable name must consist of alphabetic "
        "characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or "
        "'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
        version="1.30",
    )


# --- probes -----------------------------------------------------------------------------------


def test_probe_without_handler() -> None:
    """TestValidateProbe / TestValidateContainers "invalid liveness probe, no handler"."""
    assert_only(
        container_with(livenessProbe={"initialDelaySeconds": 1}),
        [f"{C0}.livenessProbe: Required value: must specify a handler type"],
    )


def test_probe_more_than_one_handler() -> None:
    """TestValidateHandler "multiple handlers"."""
    spec = container_with(readinessProbe={"exec": {"command": ["x"]}, "tcpSocket": {"port": 80}, "httpGet": {"port": 80}})
    assert_only(
        spec,
        [
            f"{C0}.readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
            f"{C0}.readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
        ],
    )


def test_exec_command_required() -> None:
    """TestValidateHandler "invalid exec: no command"."""
    assert_only(container_with(readinessProbe={"exec": {}}), [f"{C0}.readinessProbe.exec.command: Required value"])


def test_http_get_port_and_scheme() -> None:
    """TestValidateHandler invalid httpGet: port number, port name and scheme."""
    assert_only(
        container_with(readinessProbe={"httpGet": {"port": 0}}),
        [f"{C0}.readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"],
    )
    assert_only(
        container_with(readinessProbe={"httpGet": {"port": "a--b"}}),
        [f'{C0}.readinessProbe.httpGet.port: Invalid value: "a--b": must not contain consecutive hyphens'],
    )
    assert_only(
        container_with(readinessProbe={"httpGet": {"port": 80, "scheme": "FTP"}}),
        [f'{C0}.readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"'],
    )


def test_http_get_header_name() -> None:
    """TestValidateHandler "invalid http header name": reported at httpHeaders without an index."""
    spec = container_with(readinessProbe={"httpGet": {"port": 80, "httpHeaders": [{"name": "X_Forwarded", "value": "v"}]}})
    assert_only(
        spec,
        [
            (f'{C0}.readinessProbe.httpGet.httpHeaders: Invalid value: "X_Forwarded": a valid HTTP header must consist of '
            "alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')")
        ],
    )


def test_tcp_socket_and_grpc_ports() -> None:
    """TestValidateHandler tcpSocket and grpc ports."""
    assert_only(
        container_with(livenessProbe={"tcpSocket": {"port": 99999}}),
        [f"{C0}.livenessProbe.tcpSocket.port: Invalid value: 99999: must be between 1 and 65535, inclusive"],
    )
    assert_only(
        container_with(livenessProbe={"grpc": {"port": 0}}),
        [f"{C0}.livenessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive"],
    )


def test_probe_numbers_non_negative() -> None:
    """TestValidateProbe negative fields."""
    spec = probe("readinessProbe", initialDelaySeconds=-1, timeoutSeconds=-2, periodSeconds=-3, successThreshold=-4, failureThreshold=-5)
    assert_only(
        spec,
        [
            f"{C0}.readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
            f"{C0}.readinessProbe.timeoutSeconds: Invalid value: -2: must be greater than or equal to 0",
            f"{C0}.readinessProbe.periodSeconds: Invalid value: -3: must be greater than or equal to 0",
            f"{C0}.readinessProbe.successThreshold: Invalid value: -4: must be greater than or equal to 0",
            f"{C0}.readinessProbe.failureThreshold: Invalid value: -5: must be greater than or equal to 0",
        ],
    )


def test_liveness_and_startup_success_threshold_must_be_one() -> None:
    """TestValidateContainers "invalid liveness probe, successThreshold != 1" and the startup probe twin."""
    assert_only(probe("livenessProbe", successThreshold=2), [f"{C0}.livenessProbe.successThreshold: Invalid value: 2: must be 1"])
    assert_only(probe("startupProbe", successThreshold=3), [f"{C0}.startupProbe.successThreshold: Invalid value: 3: must be 1"])
    assert_valid(probe("readinessProbe", successThreshold=3))


def test_probe_termination_grace_period_positive() -> None:
    """TestValidateProbe terminationGracePeriodSeconds <= 0."""
    assert_only(
        probe("livenessProbe", terminationGracePeriodSeconds=0),
        [f"{C0}.livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0"],
    )


def test_readiness_probe_termination_grace_period_forbidden() -> None:
    """TestValidateContainers "invalid readiness probe, terminationGracePeriodSeconds set"."""
    assert_only(
        probe("readinessProbe", terminationGracePeriodSeconds=10),
        [f"{C0}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes"],
    )


# --- lifecycle --------------------------------------------------------------------------------


def test_lifecycle_hook_without_handler() -> None:
    """TestValidateContainers "invalid lifecycle, no exec command" / empty handler."""
    assert_only(lifecycle(preStop={}), [f"{C0}.lifecycle.preStop: Required value: must specify a handler type"])


def test_lifecycle_hook_more_than_one_handler() -> None:
    """TestValidateHandler multiple handlers in a lifecycle hook."""
    assert_only(
        lifecycle(postStart={"exec": {"command": ["x"]}, "sleep": {"seconds": 1}}),
        [f"{C0}.lifecycle.postStart.sleep: Forbidden: may not specify more than 1 handler type"],
    )


def test_lifecycle_http_get_and_tcp() -> None:
    """TestValidateContainers "invalid lifecycle, no http path" style: handlers validated as for probes."""
    assert_only(
        lifecycle(postStart={"tcpSocket": {"port": 0}}),
        [f"{C0}.lifecycle.postStart.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive"],
    )


def test_sleep_longer_than_grace_period() -> None:
    """TestValidateContainers "invalid lifecycle, sleep action, seconds > terminationGracePeriodSeconds"."""
    assert_only(
        lifecycle(preStop={"sleep": {"seconds": 31}}),
        [f"{C0}.lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)"],
    )


def test_sleep_grace_period_from_pod() -> None:
    """The bound is the pod's terminationGracePeriodSeconds."""
    spec = pod_with(terminationGracePeriodSeconds=5, containers=[{"name": "main", "image": "x", "lifecycle": {"preStop": {"sleep": {"seconds": 6}}}}])
    assert_only(spec, [f"{C0}.lifecycle.preStop.sleep: Invalid value: 6: must be non-negative and less than terminationGracePeriodSeconds (5)"])


def test_sleep_zero_by_version() -> None:
    """PodLifecycleSleepActionAllowZero: zero allowed from 1.33; before, the older text."""
    assert_valid(lifecycle(preStop={"sleep": {"seconds": 0}}), version="1.33")
    assert_only(
        lifecycle(preStop={"sleep": {"seconds": 0}}),
        [
            (f"{C0}.lifecycle.preStop.sleep: Invalid value: 0: must be greater than 0 and less than "
            "terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.")
        ],
        version="1.32",
    )
    assert_only(
        lifecycle(preStop={"sleep": {"seconds": -1}}),
        [f"{C0}.lifecycle.preStop.sleep: Invalid value: -1: must be greater than 0 and less than terminationGracePeriodSeconds (30)"],
        version="1.31",
    )


def test_stop_signal_dropped_while_gate_off() -> None:
    """dropContainerStopSignals: ContainerStopSignals is alpha in every supported release."""
    assert_valid(lifecycle(stopSignal="SIGBOGUS"))
    assert_valid(init_with({"name": "init", "image": "x", "lifecycle": {"stopSignal": "SIGTERM"}}))


def test_stop_signal_values_when_served(monkeypatch: pytest.MonkeyPatch) -> None:
    """validateStopSignal (reachable only with the gate on): needs spec.os.name, then a supported signal."""
    from joblint import versions
    from joblint.pod import context

    monkeypatch.setattr(context, "_enabled", lambda gate, version: gate == "ContainerStopSignals" or versions.enabled(gate, version))
    assert_only(lifecycle(stopSignal="SIGTERM"), [f"{C0}.lifecycle.stopSignal: Forbidden: may not be set for containers with empty `spec.os.name`"])
    spec = lifecycle(stopSignal="SIGUSR1")
    spec["os"] = {"name": "windows"}
    assert_only(spec, [f'{C0}.lifecycle.stopSignal: Unsupported value: "SIGUSR1": supported values: "SIGKILL", "SIGTERM"'])
    spec["os"] = {"name": "linux"}
    assert_valid(spec)
    assert "SIGRTMIN+15" in STOP_SIGNALS_LINUX and "SIGRTMAX-14" in STOP_SIGNALS_LINUX and len(STOP_SIGNALS_LINUX) == 65


# --- init containers and sidecars -------------------------------------------------------------


def test_init_container_probes_and_lifecycle_forbidden() -> None:
    """TestValidateInitContainers "invalid lifecycle/liveness/readiness/startup, init container"."""
    c = {"name": "init", "image": "x", "lifecycle": {"preStop": EXEC}, "livenessProbe": EXEC, "readinessProbe": EXEC, "startupProbe": EXEC}
    assert_only(
        init_with(c),
        [
            f"{I0}.lifecycle: Forbidden: {NOT_INIT}",
            f"{I0}.livenessProbe: Forbidden: {NOT_INIT}",
            f"{I0}.readinessProbe: Forbidden: {NOT_INIT}",
            f"{I0}.startupProbe: Forbidden: {NOT_INIT}",
        ],
    )


def test_sidecar_may_have_probes_and_lifecycle() -> None:
    """TestValidateInitContainers success: restartable init container with probes and lifecycle."""
    c = dict(SIDECAR, lifecycle={"preStop": EXEC}, livenessProbe=EXEC, readinessProbe=EXEC, startupProbe=EXEC)
    assert_valid(init_with(c))


def test_sidecar_probes_are_validated() -> None:
    """TestValidateInitContainers "invalid startup probe in restartable container, successThreshold != 1"."""
    c = dict(SIDECAR, startupProbe=dict(EXEC, successThreshold=2), livenessProbe={})
    assert_only(
        init_with(c),
        [
            f"{I0}.livenessProbe: Required value: must specify a handler type",
            f"{I0}.startupProbe.successThreshold: Invalid value: 2: must be 1",
        ],
    )


def test_sidecar_lifecycle_validated() -> None:
    """TestValidateInitContainers "invalid lifecycle, restartable init container"."""
    c = dict(SIDECAR, lifecycle={"postStart": {"httpGet": {"port": 80, "scheme": "FTP"}}})
    assert_only(init_with(c), [f'{I0}.lifecycle.postStart.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"'])


def test_init_restart_policy_only_always_before_134() -> None:
    """TestValidateInitContainers "invalid restartPolicy" (before ContainerRestartRules)."""
    c = {"name": "init", "image": "x", "restartPolicy": "Never"}
    assert_only(init_with(c), [f'{I0}.restartPolicy: Unsupported value: "Never": supported values: "Always"'], version="1.33")


def test_init_restart_policy_dropped_in_134() -> None:
    """dropContainerRestartRules (1.34, gate alpha): non-Always init restart policies are dropped."""
    assert_valid(init_with({"name": "init", "image": "x", "restartPolicy": "Never"}), version="1.34")


def test_init_restart_policy_with_restart_rules() -> None:
    """validateInitContainerRestartPolicy with ContainerRestartRules (1.35+): Never/OnFailure allowed, rules validated."""
    assert_valid(init_with({"name": "init", "image": "x", "restartPolicy": "OnFailure"}))
    assert_only(
        init_with({"name": "init", "image": "x", "restartPolicy": "Sometimes"}),
        [f'{I0}.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"'],
    )


def test_sidecar_may_not_have_restart_rules() -> None:
    """TestValidateInitContainers "restartPolicyRules on sidecar"."""
    rules = [{"action": "Restart", "exitCodes": {"operator": "In", "values": [42]}}]
    assert_only(
        init_with(dict(SIDECAR, restartPolicyRules=rules)),
        [f"{I0}.restartPolicyRules: Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always"],
    )


def test_regular_container_restart_policy_forbidden_before_134() -> None:
    """TestValidateContainers "invalid restartPolicy" without container restart rules."""
    assert_only(container_with(restartPolicy="Always"), [f"{C0}.restartPolicy: Forbidden: may not be set for non-init containers"], version="1.33")


def test_regular_container_restart_policy_dropped_in_134() -> None:
    """dropContainerRestartRules: in 1.34 the field is dropped, so no error."""
    assert_valid(container_with(restartPolicy="Always"), version="1.34")


def test_regular_container_restart_policy_with_rules() -> None:
    """validateContainerRestartPolicy (1.35+)."""
    assert_valid(container_with(restartPolicy="OnFailure"))
    assert_only(
        container_with(restartPolicy="Sometimes"),
        [f'{C0}.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"'],
    )


def test_restart_rules_need_policy() -> None:
    """validateContainerRestartPolicy: rules without restartPolicy."""
    rules = [{"action": "Restart", "exitCodes": {"operator": "In", "values": [1]}}]
    assert_only(container_with(restartPolicyRules=rules), [f"{C0}.restartPolicy: Required value: must specify restartPolicy when restart rules are used"])


def test_restart_rule_fields() -> None:
    """validateContainerRestartPolicy rule checks: action, exitCodes required, operator."""
    rules = [{"action": "Stop", "exitCodes": {"operator": "Is", "values": [1]}}, {"action": "Restart"}]
    assert_only(
        container_with(restartPolicy="Never", restartPolicyRules=rules),
        [
            f'{C0}.restartPolicyRules[0].action: Unsupported value: "Stop": supported values: "Restart"',
            f'{C0}.restartPolicyRules[0].exitCodes.operator: Unsupported value: "Is": supported values: "In", "NotIn"',
            f"{C0}.restartPolicyRules[1].exitCodes: Required value: must be specified",
        ],
    )


def test_restart_rules_limits() -> None:
    """validateContainerRestartPolicy: at most 20 rules and 255 exit codes."""
    rule = {"action": "Restart", "exitCodes": {"operator": "In", "values": [1]}}
    assert_only(
        container_with(restartPolicy="Never", restartPolicyRules=[rule] * 21),
        [f"{C0}.restartPolicyRules: Too long: may not be more than 20 bytes"],
    )
    many = {"action": "Restart", "exitCodes": {"operator": "NotIn", "values": list(range(256))}}
    assert_only(
        container_with(restartPolicy="Never", restartPolicyRules=[many]),
        [f"{C0}.restartPolicyRules[0].exitCodes.values: Too long: may not be more than 255 bytes"],
    )


# --- resize policy ----------------------------------------------------------------------------


def test_resize_policy_duplicate_resource() -> None:
    """TestValidateResizePolicy "duplicate resource"."""
    policies = [{"resourceName": "cpu", "restartPolicy": "NotRequired"}, {"resourceName": "cpu", "restartPolicy": "NotRequired"}]
    assert_only(container_with(resizePolicy=policies), [f'{C0}.resizePolicy[1]: Duplicate value: "cpu"'])


def test_resize_policy_unsupported_resource_and_policy() -> None:
    """TestValidateResizePolicy "invalid resource name" / "invalid restart policy": reported at the list path."""
    spec = pod_with(restartPolicy="OnFailure", containers=[{"name": "main", "image": "x", "resizePolicy": [{"resourceName": "gpu", "restartPolicy": "Sometimes"}]}])
    assert_only(
        spec,
        [
            f'{C0}.resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"',
            f'{C0}.resizePolicy: Unsupported value: "Sometimes": supported values: "NotRequired", "RestartContainer"',
        ],
    )


def test_resize_policy_required_values() -> None:
    """TestValidateResizePolicy "missing resource name" / "missing restart policy"."""
    spec = pod_with(restartPolicy="OnFailure", containers=[{"name": "main", "image": "x", "resizePolicy": [{}]}])
    assert_only(spec, [f"{C0}.resizePolicy: Required value", f"{C0}.resizePolicy: Required value"])


def test_resize_policy_restart_container_with_pod_never() -> None:
    """TestValidateResizePolicy "RestartContainer with pod restartPolicy Never"."""
    spec = container_with(resizePolicy=[{"resourceName": "memory", "restartPolicy": "RestartContainer"}])
    assert_only(spec, [f"{C0}.resizePolicy: Invalid value: \"RestartContainer\": must be 'NotRequired' when `restartPolicy` is 'Never'"])
    on_failure = pod_with(restartPolicy="OnFailure", containers=[{"name": "main", "image": "x", "resizePolicy": [{"resourceName": "memory", "restartPolicy": "RestartContainer"}]}])
    assert_valid(on_failure)


def test_resize_policy_dropped_before_133() -> None:
    """InPlacePodVerticalScaling was alpha before 1.33: resizePolicy is dropped on create."""
    assert_valid(container_with(resizePolicy=[{"resourceName": "gpu", "restartPolicy": "Bogus"}]), version="1.32")


def test_resize_policy_on_init_container() -> None:
    """AllowSidecarResizePolicy (on with InPlacePodVerticalScaling): validated like any container's."""
    c = {"name": "init", "image": "x", "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}]}
    assert_valid(init_with(c))
    c["resizePolicy"] = [{"resourceName": "disk", "restartPolicy": "NotRequired"}]
    assert_only(init_with(c), [f'{I0}.resizePolicy: Unsupported value: "disk": supported values: "cpu", "memory"'])


# --- order and robustness ---------------------------------------------------------------------


def test_error_order_follows_validate_container_common() -> None:
    """validateContainerCommon order: name, image, terminationMessagePolicy, ports, env, envFrom, pull policy, resize policy; then lifecycle, probes, restart policy, host ports."""
    c = {
        "name": "",
        "image": "",
        "terminationMessagePolicy": "X",
        "ports": [{"containerPort": 0}],
        "env": [{"name": ""}],
        "envFrom": [{}],
        "imagePullPolicy": "X",
        "resizePolicy": [{"resourceName": "x", "restartPolicy": "NotRequired"}],
        "lifecycle": {"preStop": {}},
        "livenessProbe": {},
        "restartPolicy": "X",
    }
    texts = messages(pod_with(containers=[c]))
    order = [t.split(":")[0] for t in texts]
    assert order == [
        f"{C0}.name",
        f"{C0}.image",
        f"{C0}.terminationMessagePolicy",
        f"{C0}.ports[0].containerPort",
        f"{C0}.env[0].name",
        f"{C0}.envFrom",
        f"{C0}.imagePullPolicy",
        f"{C0}.resizePolicy",
        f"{C0}.lifecycle.preStop",
        f"{C0}.livenessProbe",
        f"{C0}.restartPolicy",
    ]


def test_hostile_shapes_never_raise() -> None:
    """Wrong shapes are skipped, never a traceback."""
    spec: dict[str, Any] = {
        "restartPolicy": "Never",
        "terminationGracePeriodSeconds": "x",
        "containers": [
            "nope",
            {"name": 1, "image": None, "ports": [1, {"containerPort": "80"}], "env": ["x", {"valueFrom": 3}], "envFrom": [None],
             "livenessProbe": {"httpGet": {"port": [1]}, "periodSeconds": True}, "lifecycle": {"preStop": {"sleep": {"seconds": "x"}}},
             "resizePolicy": "x", "restartPolicyRules": [1]},
        ],
        "initContainers": [None, {"name": "i", "image": "x", "restartPolicy": 5}],
    }
    ctx = PodContext("1.37", spec)
    errs = validate_containers(spec, POD + ".containers", ctx) + validate_init_containers(spec, POD + ".initContainers", ctx)
    assert all(isinstance(e, FieldError) for e in errs)
    assert validate_init_containers({}, POD + ".initContainers", ctx) == []


# --- divisors in canonical form ---------------------------------------------------------------


def test_divisor_compared_in_canonical_form() -> None:
    """validateContainerResourceDivisor compares divisor.String(): 1000m is 1, 0.001 is 1m, 1024 stays 1024."""
    assert_valid(value_from(resourceFieldRef={"resource": "limits.cpu", "divisor": "1000m"}))
    assert_valid(value_from(resourceFieldRef={"resource": "requests.cpu", "divisor": "0.001"}))
    assert_only(
        value_from(resourceFieldRef={"resource": "limits.memory", "divisor": "1024"}),
        [
            (f'{C0}.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.memory": only divisor\'s values '
            "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource")
        ],
    )


# --- ephemeral containers (validateEphemeralContainers, run on templates too) ------------------

E0 = POD + ".ephemeralContainers[0]"


def ephemeral_errors(*containers: dict[str, Any], version: str = "1.37", **fields: Any) -> list[str]:
    from joblint.pod.containers import validate_ephemeral_containers

    spec = defaulted_spec(pod_with(ephemeralContainers=list(containers), **fields), version)
    errs = validate_ephemeral_containers(spec, POD + ".ephemeralContainers", PodContext(version, spec))
    return [str(e) for e in errs]


def test_ephemeral_common_checks_and_image_whitespace() -> None:
    """TestValidateEphemeralContainers: validateContainerCommon plus validateContainerOnlyForPod."""
    assert ephemeral_errors({"name": "Debug", "image": " busybox"}) == [
        f'{E0}.name: Invalid value: "Debug": {DNS_LABEL_MSG}',
        f'{E0}.image: Invalid value: " busybox": must not have leading or trailing whitespace',
    ]


def test_ephemeral_names_unique_across_all_containers() -> None:
    """TestValidateEphemeralContainers "Ephemeral Container with name collision"."""
    assert ephemeral_errors({"name": "main", "image": "x"}) == [f'{E0}.name: Duplicate value: "main"']
    assert ephemeral_errors({"name": "d", "image": "x"}, {"name": "d", "image": "x"}) == [f'{POD}.ephemeralContainers[1].name: Duplicate value: "d"']


def test_ephemeral_target_must_exist() -> None:
    """TestValidateEphemeralContainers "Ephemeral Container with invalid targetContainerName"."""
    assert ephemeral_errors({"name": "d", "image": "x", "targetContainerName": "bogus"}) == [f'{E0}.targetContainerName: Not found: "bogus"']
    assert ephemeral_errors({"name": "d", "image": "x", "targetContainerName": "main"}) == []


def test_ephemeral_disallowed_fields() -> None:
    """TestValidateEphemeralContainers: ports, resources, probes, lifecycle, restartPolicy are refused."""
    c = {
        "name": "d",
        "image": "x",
        "ports": [{"containerPort": 80}],
        "resources": {"limits": {"cpu": "1"}},
        "restartPolicy": "Always",
        "readinessProbe": EXEC,
        "lifecycle": {"preStop": EXEC},
    }
    msg = "Forbidden: cannot be set for an Ephemeral Container"
    assert ephemeral_errors(c) == [
        f"{E0}.ports: {msg}",
        f"{E0}.resources: {msg}",
        f"{E0}.restartPolicy: {msg}",
        f"{E0}.readinessProbe: {msg}",
        f"{E0}.lifecycle: {msg}",
    ]
    assert ephemeral_errors(dict(c, ports=None, resources=None, readinessProbe=None, lifecycle=None), version="1.34") == []


def test_ephemeral_sub_path_forbidden() -> None:
    """TestValidateEphemeralContainers "Ephemeral Container uses disallowed field: SubPath"."""
    mounts = [{"name": "v", "mountPath": "/a", "subPath": "s"}, {"name": "v", "mountPath": "/b", "subPathExpr": "$(X)"}]
    errs = ephemeral_errors({"name": "d", "image": "x", "volumeMounts": mounts}, volumes=[{"name": "v", "emptyDir": {}}])
    assert f"{E0}.volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container" in errs
    assert f"{E0}.volumeMounts[1].subPathExpr: Forbidden: cannot be set for an Ephemeral Container" in errs


# --- through the whole pipeline (joblint.pod.spec calls this module) ---------------------------


def test_pipeline_reports_container_errors() -> None:
    """validate_job → ValidatePodTemplateSpec → validateContainers / validateInitContainers."""
    from tests.podcases import assert_error as pipeline_error

    pipeline_error(container_with(livenessProbe={}), f"{C0}.livenessProbe: Required value: must specify a handler type", error_type="Required value")
    pipeline_error(
        value_from(fieldRef={"fieldPath": "metadata.name"}, configMapKeyRef={"name": "c", "key": "k"}),
        f'{C0}.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time',
        error_type="Invalid value",
    )
    pipeline_error(
        init_with({"name": "init", "image": "x", "readinessProbe": EXEC}),
        f"{I0}.readinessProbe: Forbidden: {NOT_INIT}",
        error_type="Forbidden",
    )


def test_pipeline_valid_sidecar_job() -> None:
    """A Job with a sidecar (restartable init container) carrying probes is accepted."""
    from tests.podcases import assert_valid as pipeline_valid

    pipeline_valid(init_with(dict(SIDECAR, readinessProbe={"tcpSocket": {"port": 8080}}, lifecycle={"preStop": {"sleep": {"seconds": 5}}})))
