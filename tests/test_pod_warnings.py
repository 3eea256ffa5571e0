"""Warnings the API server returns for a Job's pod template (pkg/api/pod/warnings.go).

Cases follow TestWarnings and TestTemplateOnlyWarnings of pkg/api/pod/warnings_test.go; like
those tests, each compares the whole set of warnings (and their number), with the `spec.template`
prefix a Job's template gets.
"""

from __future__ import annotations

from typing import Any

import pytest

from joblint.pod.context import PodContext
from joblint.pod.warnings import ip_warnings, pod_template_warnings

T = "spec.template"
S = "spec.template.spec"

LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)


def warnings(spec: dict[str, Any] | None = None, annotations: dict[str, str] | None = None, version: str = "1.37") -> list[str]:
    template: dict[str, Any] = {"spec": spec or {}}
    if annotations is not None:
        template["metadata"] = {"annotations": annotations}
    return pod_template_warnings(template, T, PodContext(version, template["spec"]))


def assert_warnings(actual: list[str], expected: list[str]) -> None:
    assert len(actual) == len(expected), "\n".join(actual)
    assert sorted(actual) == sorted(expected)


def volume(name: str, **source: Any) -> dict[str, Any]:
    return {"name": name, **source}


def test_no_warnings_for_a_plain_template() -> None:
    """BenchmarkNoWarnings: ordinary values give nothing."""
    resources = {"cpu": "100m", "memory": "4M", "ephemeral-storage": "4G"}
    spec = {
        "nodeSelector": {"foo": "bar", "baz": "quux"},
        "affinity": {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "foo"}]}]},
                "preferredDuringSchedulingIgnoredDuringExecution": [{"preference": {"matchExpressions": [{"key": "foo"}]}}],
            }
        },
        "topologySpreadConstraints": [{"topologyKey": "foo", "labelSelector": {}}],
        "hostAliases": [{"ip": "1.1.1.1"}, {"ip": "2.2.2.2"}],
        "imagePullSecrets": [{"name": "secret1"}, {"name": "secret2"}],
        "initContainers": [{"name": "init1", "env": [{"name": "a"}, {"name": "b"}], "resources": {"requests": resources}}],
        "containers": [{"name": "c1", "env": [{"name": "a"}, {"name": "b"}], "resources": {"limits": resources}}],
        "overhead": resources,
        "volumes": [{"name": "a"}, {"name": "b"}],
        "terminationGracePeriodSeconds": 30,
    }
    assert warnings(spec, {"foo": "bar"}) == []


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"),
        ("scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
        ("flocker", "deprecated in v1.22, non-functional in v1.25+"),
        ("storageOS", "deprecated in v1.22, non-functional in v1.25+"),
        ("quobyte", "deprecated in v1.22, non-functional in v1.25+"),
        ("glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
        ("cephfs", "deprecated in v1.28, non-functional in v1.31+"),
        ("rbd", "deprecated in v1.28, non-functional in v1.31+"),
    ],
)
def test_deprecated_volume_plugins(field: str, text: str) -> None:
    """TestWarnings "photon", "scaleIO", "flocker", "storageOS", "quobyte", "glusterfs", "CephFS", "rbd"."""
    assert warnings({"volumes": [volume("s", **{field: {}})]}) == [f"{S}.volumes[0].{field}: {text}"]


def test_git_repo_disabled_by_default_from_1_33() -> None:
    """TestWarnings "gitRepo" / "gitRepo plugin disabled": GitRepoVolumeDriver is off from 1.33."""
    spec = {"volumes": [volume("s", gitRepo={"repository": "r"})]}
    assert warnings(spec, version="1.33") == [f"{S}.volumes[0].gitRepo: deprecated in v1.11, and disabled by default in v1.33+"]
    assert warnings(spec, version="1.32") == [f"{S}.volumes[0].gitRepo: deprecated in v1.11"]


def test_overlapping_paths_in_config_map_volume() -> None:
    """TestWarnings "overlapping paths in a configmap volume" and its dir/file variants."""
    def cm(*paths: str) -> dict[str, Any]:
        return {"volumes": [volume("Test", configMap={"name": "foo", "items": [{"key": f"k{i}", "path": p} for i, p in enumerate(paths)]})]}

    assert warnings(cm("test", "test")) == ['volume "Test" (ConfigMap "foo"): overlapping paths: "test" with "test"']
    assert warnings(cm("test", "test/app")) == ['volume "Test" (ConfigMap "foo"): overlapping paths: "test/app" with "test"']
    assert warnings(cm("test/app", "test")) == ['volume "Test" (ConfigMap "foo"): overlapping paths: "test" with "test/app"']
    assert warnings(cm("dir/path1", "dir/path345")) == []
    assert warnings(cm("path1/path3/", "path1/path3")) == [
        'volume "Test" (ConfigMap "foo"): overlapping paths: "path1/path3" with "path1/path3"'
    ]


def test_overlapping_paths_in_secret_and_downward_api_volumes() -> None:
    """TestWarnings "overlapping paths in a secret volume" / "... in a downward api volume"."""
    spec = {
        "volumes": [
            volume("Test", secret={"secretName": "foo", "items": [{"key": "foo", "path": "test"}, {"key": "bar", "path": "test"}]}),
            volume(
                "D",
                downwardAPI={
                    "items": [
                        {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "path": "test"},
                        {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}, "path": "test"},
                    ]
                },
            ),
        ]
    }
    assert warnings(spec) == [
        'volume "Test" (Secret "foo"): overlapping paths: "test" with "test"',
        'volume "D" (DownwardAPI): overlapping paths: "test" with "test"',
    ]


def test_overlapping_paths_in_projected_volume_multiple_sources() -> None:
    """TestWarnings "overlapping paths in projected volume - multiple sources"."""
    sources = [
        {"clusterTrustBundle": {"signerName": "Test", "path": "test/test"}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "path": "test"}]}},
        {"secret": {"name": "Test", "items": [{"key": "foo", "path": "test"}]}},
        {"serviceAccountToken": {"path": "test"}},
    ]
    assert_warnings(
        warnings({"volumes": [volume("foo", projected={"sources": sources})]}),
        [
            'volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test/test" (ClusterTrustBundle "Test")',
            'volume "foo" (Projected): overlapping paths: "test" (Secret "Test") with "test/test" (ClusterTrustBundle "Test")',
            'volume "foo" (Projected): overlapping paths: "test" (Secret "Test") with "test" (DownwardAPI)',
            'volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test/test" (ClusterTrustBundle "Test")',
            'volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test" (DownwardAPI)',
            'volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test" (Secret "Test")',
        ],
    )


def test_overlapping_paths_projected_token_and_config_map() -> None:
    """TestWarnings "overlapping paths in projected volume - service account and config"."""
    sources = [{"configMap": {"name": "Test", "items": [{"key": "foo", "path": "test"}]}}, {"serviceAccountToken": {"path": "test/file"}}]
    assert warnings({"volumes": [volume("foo", projected={"sources": sources})]}) == [
        'volume "foo" (Projected): overlapping paths: "test/file" (ServiceAccountToken) with "test" (ConfigMap "Test")'
    ]


def test_overlapping_paths_service_account_vs_downward_api() -> None:
    """TestWarnings "overlapping paths in projected volume - ServiceAccount vs. DownwardAPI"."""
    item = {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "path": "test"}
    sources = [{"serviceAccountToken": {"path": "test/test2"}}, {"downwardAPI": {"items": [item, item]}}]
    assert warnings({"volumes": [volume("foo", projected={"sources": sources})]}) == [
        'volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test/test2" (ServiceAccountToken)',
        'volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test/test2" (ServiceAccountToken)',
        'volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test" (DownwardAPI)',
    ]


def test_empty_projected_source() -> None:
    """TestWarnings "empty sources in projected volume"."""
    assert warnings({"volumes": [volume("foo", projected={"sources": [{}]})]}) == ['volume "foo" (Projected) has no sources provided']


def test_overlapping_paths_only_from_1_32() -> None:
    spec = {"volumes": [volume("Test", configMap={"name": "foo", "items": [{"key": "a", "path": "t"}, {"key": "b", "path": "t"}]})]}
    assert warnings(spec, version="1.31") == []
    assert warnings(spec, version="1.32") != []


def test_duplicate_host_aliases() -> None:
    """TestWarnings "duplicate hostAlias"."""
    spec = {"hostAliases": [{"ip": "1.1.1.1"}, {"ip": "1.1.1.1"}, {"ip": "1.1.1.1"}]}
    assert warnings(spec) == [f'{S}.hostAliases[1].ip: duplicate ip "1.1.1.1"', f'{S}.hostAliases[2].ip: duplicate ip "1.1.1.1"']


def test_duplicate_and_empty_image_pull_secrets() -> None:
    """TestWarnings "duplicate imagePullSecret" and "empty imagePullSecret"."""
    assert warnings({"imagePullSecrets": [{"name": "a"}, {"name": "a"}, {"name": "a"}]}) == [
        f'{S}.imagePullSecrets[1].name: duplicate name "a"',
        f'{S}.imagePullSecrets[2].name: duplicate name "a"',
    ]
    assert warnings({"imagePullSecrets": [{"name": ""}]}) == [f'{S}.imagePullSecrets[0].name: invalid empty name ""']


def test_duplicate_env() -> None:
    """TestWarnings "duplicate env": a later definition warns unless it refers to the earlier one."""
    def env(n: str) -> list[dict[str, Any]]:
        return [
            {"name": n, "value": n},
            {"name": n, "value": n},
            {"name": n, "value": "other"},
            {"name": n, "value": ""},
            {"name": n, "value": f"$({n})"},
            {"name": n, "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": n, "value": f"$({n}) $({n})"},
        ]

    spec = {"initContainers": [{"name": "i", "env": env("a")}], "containers": [{"name": "c", "env": env("b")}]}
    hides = "which may be dropped when using apply"
    assert warnings(spec) == [f'{S}.initContainers[0].env[{i}]: hides previous definition of "a", {hides}' for i in range(1, 6)] + [
        f'{S}.containers[0].env[{i}]: hides previous definition of "b", {hides}' for i in range(1, 6)
    ]


def test_fractional_resources() -> None:
    """TestWarnings "fractional resources"."""
    resources = {"cpu": "100m", "memory": "4m", "ephemeral-storage": "4m"}
    spec = {
        "initContainers": [{"name": "i", "resources": {"requests": resources, "limits": resources}}],
        "containers": [{"name": "c", "resources": {"requests": resources, "limits": resources}}],
        "overhead": resources,
    }
    frac = 'fractional byte value "4m" is invalid, must be an integer'
    assert_warnings(
        warnings(spec),
        [
            f"{S}.initContainers[0].resources.requests[ephemeral-storage]: {frac}",
            f"{S}.initContainers[0].resources.requests[memory]: {frac}",
            f"{S}.initContainers[0].resources.limits[ephemeral-storage]: {frac}",
            f"{S}.initContainers[0].resources.limits[memory]: {frac}",
            f"{S}.containers[0].resources.requests[ephemeral-storage]: {frac}",
            f"{S}.containers[0].resources.requests[memory]: {frac}",
            f"{S}.containers[0].resources.limits[ephemeral-storage]: {frac}",
            f"{S}.containers[0].resources.limits[memory]: {frac}",
            f"{S}.overhead[ephemeral-storage]: {frac}",
            f"{S}.overhead[memory]: {frac}",
        ],
    )


@pytest.mark.parametrize(
    ("quantity", "canonical"),
    [("100m", "100m"), ("1.5", "1500m"), ("0.1Ki", "102400m"), ("15e-1", "1500e-3"), ("0.0001", "100u"), ("1e-10", "1e-9")],
)
def test_fractional_byte_value_printed_canonically(quantity: str, canonical: str) -> None:
    """The value is printed as Quantity.String(): the canonical form, not the text written."""
    assert warnings({"containers": [{"name": "c", "resources": {"requests": {"memory": quantity}}}]}) == [
        f'{S}.containers[0].resources.requests[memory]: fractional byte value "{canonical}" is invalid, must be an integer'
    ]


@pytest.mark.parametrize("quantity", ["1Gi", "0.5Gi", "1.5Mi", "128974848", "129e6", "123Mi", "1000m"])
def test_whole_byte_values_give_no_warning(quantity: str) -> None:
    assert warnings({"containers": [{"name": "c", "resources": {"limits": {"memory": quantity, "cpu": "0.5"}}}]}) == []


def test_ephemeral_volume_storage() -> None:
    """TestWarnings "pod with ephemeral volume source 200Mi" / "200m"."""
    def eph(storage: str) -> dict[str, Any]:
        claim = {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": storage}}}}
        return {"volumes": [volume("ephemeral-volume", ephemeral={"volumeClaimTemplate": claim})]}

    assert warnings(eph("200Mi")) == []
    assert warnings(eph("200m")) == [
        f'{S}.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "200m" is invalid, must be an integer'
    ]


def test_deprecated_node_labels_in_node_selector() -> None:
    """TestWarnings "node labels in nodeSelector"."""
    spec = {
        "nodeSelector": {
            "beta.kubernetes.io/arch": "true",
            "beta.kubernetes.io/os": "true",
            "failure-domain.beta.kubernetes.io/region": "true",
            "failure-domain.beta.kubernetes.io/zone": "true",
            "beta.kubernetes.io/instance-type": "true",
        }
    }
    assert warnings(spec) == [
        f'{S}.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
        f'{S}.nodeSelector[beta.kubernetes.io/instance-type]: deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
        f'{S}.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
        f'{S}.nodeSelector[failure-domain.beta.kubernetes.io/region]: deprecated since v1.17; use "topology.kubernetes.io/region" instead',
        f'{S}.nodeSelector[failure-domain.beta.kubernetes.io/zone]: deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    ]


def test_newer_deprecated_node_labels_from_1_31() -> None:
    """node-role.kubernetes.io/master and friends joined the table after 1.30."""
    spec = {
        "nodeSelector": {
            "node-role.kubernetes.io/master": "",
            "app.kubernetes.io/created-by": "x",
            "scheduler.alpha.kubernetes.io/preferAvoidPods": "x",
        }
    }
    assert warnings(spec, version="1.31") == [
        f"{S}.nodeSelector[app.kubernetes.io/created-by]: deprecated since v1.9",
        f'{S}.nodeSelector[node-role.kubernetes.io/master]: use "node-role.kubernetes.io/control-plane" instead',
        f"{S}.nodeSelector[scheduler.alpha.kubernetes.io/preferAvoidPods]: deprecated since v1.22; use Taints and Tolerations instead",
    ]
    assert warnings(spec, version="1.30") == []


def test_deprecated_node_labels_in_node_affinity() -> None:
    """TestWarnings "node labels in affinity requiredDuringScheduling..." / "preferredDuringScheduling..."."""
    exprs = [{"key": "foo"}, {"key": "beta.kubernetes.io/arch"}, {"key": "node-role.kubernetes.io/master", "operator": "Exists"}]
    spec = {
        "affinity": {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": exprs}]},
                "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference": {"matchExpressions": exprs}}],
            }
        }
    }
    req = f"{S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
    pref = f"{S}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference"
    arch = 'beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead'
    master = 'node-role.kubernetes.io/master is use "node-role.kubernetes.io/control-plane" instead'
    assert warnings(spec) == [
        f"{req}.matchExpressions[1].key: {arch}",
        f"{req}.matchExpressions[2].key: {master}",
        f"{pref}.matchExpressions[1].key: {arch}",
        f"{pref}.matchExpressions[2].key: {master}",
    ]


def test_invalid_label_value_in_preferred_node_affinity() -> None:
    """TestWarnings "creating pod with invalid value in nodeaffinity" (1.33+, #128212)."""
    spec = {
        "affinity": {
            "nodeAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": [
                    {"weight": 10, "preference": {"matchExpressions": [{"key": "foo", "operator": "In", "values": ["-1"]}]}}
                ]
            }
        }
    }
    assert warnings(spec) == [
        (f"{S}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values[0]: "
        f"-1 is invalid, {LABEL_VALUE_MSG}")
    ]
    assert warnings(spec, version="1.32") == []


def test_required_node_affinity_values_not_warned() -> None:
    """Invalid values in required terms are errors (1.33+), never warnings."""
    spec = {
        "affinity": {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [{"matchExpressions": [{"key": "foo", "operator": "In", "values": ["-1"]}]}]
                }
            }
        }
    }
    assert warnings(spec) == []


def test_deprecated_node_labels_in_topology_spread() -> None:
    """TestWarnings "node labels in topologySpreadConstraints"."""
    spec = {
        "topologySpreadConstraints": [
            {"topologyKey": "foo", "labelSelector": {}},
            {"topologyKey": "beta.kubernetes.io/arch", "labelSelector": {}},
            {"topologyKey": "failure-domain.beta.kubernetes.io/zone", "labelSelector": {}},
        ]
    }
    assert warnings(spec) == [
        f'{S}.topologySpreadConstraints[1].topologyKey: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead',
        (f"{S}.topologySpreadConstraints[2].topologyKey: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; "
        'use "topology.kubernetes.io/zone" instead'),
    ]


def test_null_label_selector_in_topology_spread() -> None:
    """TestWarnings "null LabelSelector in topologySpreadConstraints"."""
    spec = {"topologySpreadConstraints": [{"topologyKey": "k", "labelSelector": {}}, {"topologyKey": "k"}]}
    assert warnings(spec) == [f"{S}.topologySpreadConstraints[1].labelSelector: a null labelSelector results in matching no pod"]


def test_null_label_selector_in_pod_affinity() -> None:
    """TestWarnings "null LabelSelector in PodAffinity"."""
    def terms() -> dict[str, Any]:
        return {
            "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {}, "topologyKey": "k"}, {"topologyKey": "k"}],
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 1, "podAffinityTerm": {"labelSelector": {}, "topologyKey": "k"}},
                {"weight": 1, "podAffinityTerm": {"topologyKey": "k"}},
            ],
        }

    null = "a null labelSelector results in matching no pod"
    assert warnings({"affinity": {"podAffinity": terms(), "podAntiAffinity": terms()}}) == [
        f"{S}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: {null}",
        f"{S}.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm.labelSelector: {null}",
        f"{S}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: {null}",
        f"{S}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm.labelSelector: {null}",
    ]


def test_deprecated_annotations() -> None:
    """TestWarnings "annotations"."""
    annotations = {
        "foo": "bar",
        "scheduler.alpha.kubernetes.io/critical-pod": "true",
        "seccomp.security.alpha.kubernetes.io/pod": "default",
        "container.seccomp.security.alpha.kubernetes.io/foo": "default",
        "security.alpha.kubernetes.io/sysctls": "a,b,c",
        "security.alpha.kubernetes.io/unsafe-sysctls": "d,e,f",
    }
    assert_warnings(
        warnings({"containers": [{"name": "foo"}]}, annotations),
        [
            f'{T}.metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
            f'{T}.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
            f'{T}.metadata.annotations[container.seccomp.security.alpha.kubernetes.io/foo]: non-functional in v1.27+; use the "seccompProfile" field instead',
            f'{T}.metadata.annotations[security.alpha.kubernetes.io/sysctls]: non-functional in v1.11+; use the "sysctls" field instead',
            f'{T}.metadata.annotations[security.alpha.kubernetes.io/unsafe-sysctls]: non-functional in v1.11+; use the "sysctls" field instead',
        ],
    )


def test_seccomp_annotations_with_fields_give_nothing() -> None:
    """TestWarnings "seccomp fields"."""
    profile = {"type": "RuntimeDefault"}
    spec = {"securityContext": {"seccompProfile": profile}, "containers": [{"name": "foo", "securityContext": {"seccompProfile": profile}}]}
    annotations = {"seccomp.security.alpha.kubernetes.io/pod": "default", "container.seccomp.security.alpha.kubernetes.io/foo": "default"}
    assert warnings(spec, annotations) == []


def test_apparmor_annotation_without_field() -> None:
    """TestTemplateOnlyWarnings "annotations", "AppArmor pod field", "AppArmor container field"."""
    annotations = {"container.apparmor.security.beta.kubernetes.io/foo": "unconfined"}
    assert warnings({"containers": [{"name": "foo"}]}, annotations) == [
        f'{T}.metadata.annotations[container.apparmor.security.beta.kubernetes.io/foo]: deprecated since v1.30; use the "appArmorProfile" field instead'
    ]
    unconfined = {"type": "Unconfined"}
    assert warnings({"securityContext": {"appArmorProfile": unconfined}, "containers": [{"name": "foo"}]}, annotations) == []
    assert warnings({"containers": [{"name": "foo", "securityContext": {"appArmorProfile": unconfined}}]}, annotations) == []


def test_negative_termination_grace_period() -> None:
    """TestWarnings "terminationGracePeriodSeconds is negative"."""
    assert warnings({"terminationGracePeriodSeconds": -1}) == [
        f"{S}.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"
    ]


@pytest.mark.parametrize(
    "ports",
    [
        [],
        [{"containerPort": 80, "hostPort": 80, "protocol": "TCP"}],
        [{"containerPort": 80, "protocol": "UDP"}, {"containerPort": 81, "protocol": "UDP"}],
        [{"containerPort": 80, "protocol": "UDP"}, {"containerPort": 80, "protocol": "TCP"}],
        [{"containerPort": 80, "protocol": "TCP", "hostPort": 80}, {"containerPort": 80, "protocol": "TCP", "hostPort": 81}],
        [
            {"containerPort": 80, "protocol": "TCP", "hostPort": 80, "hostIP": "10.0.0.1"},
            {"containerPort": 80, "protocol": "TCP", "hostPort": 80, "hostIP": "10.0.0.2"},
        ],
    ],
)
def test_ports_without_warnings(ports: list[dict[str, Any]]) -> None:
    """TestWarnings "container no ports", "one container, ..." cases without warnings."""
    assert warnings({"containers": [{"name": "foo", "ports": ports}]}) == []


def test_duplicate_port_definition() -> None:
    """TestWarnings "duplicate container ports with same port and protocol"."""
    ports = [{"containerPort": 80, "protocol": "UDP"}, {"containerPort": 80, "protocol": "UDP"}]
    assert warnings({"containers": [{"name": "foo", "ports": ports}]}) == [
        f"{S}.containers[0].ports[1]: duplicate port definition with {S}.containers[0].ports[0]"
    ]


def test_duplicate_port_definition_across_containers() -> None:
    ports = [{"containerPort": 80, "protocol": "UDP", "hostPort": 80, "hostIP": "10.0.0.1"}]
    spec = {"initContainers": [{"name": "i", "ports": ports}], "containers": [{"name": "c", "ports": ports}]}
    assert warnings(spec) == [f"{S}.containers[0].ports[0]: duplicate port definition with {S}.initContainers[0].ports[0]"]


def test_host_ip_without_host_port_and_overlap() -> None:
    """TestWarnings "duplicate container ports with one host port set and one without"."""
    ports = [
        {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"},
        {"containerPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"},
    ]
    assert_warnings(
        warnings({"containers": [{"name": "foo", "ports": ports}]}),
        [
            f"{S}.containers[0].ports[1]: overlapping port definition with {S}.containers[0].ports[0]",
            f"{S}.containers[0].ports[1]: hostIP set without hostPort: {{Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}}",
        ],
    )


def test_dangerously_ambiguous_ports() -> None:
    """TestWarnings "duplicate container ports without one host IP set and two with"."""
    ports = [
        {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"},
        {"containerPort": 80, "hostPort": 80, "protocol": "UDP"},
        {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.2"},
    ]
    assert warnings({"containers": [{"name": "foo", "ports": ports}]}) == [
        f"{S}.containers[0].ports[1]: dangerously ambiguous port definition with {S}.containers[0].ports[0]",
        f"{S}.containers[0].ports[2]: dangerously ambiguous port definition with {S}.containers[0].ports[1]",
    ]


def test_duplicate_port_names_across_sidecar_and_container() -> None:
    """TestWarnings "create duplicate container ports name in containers and sidecar containers" (1.31+)."""
    spec = {
        "initContainers": [{"name": "foo1", "restartPolicy": "Always", "ports": [{"containerPort": 80, "protocol": "UDP", "name": "test"}]}],
        "containers": [{"name": "foo", "ports": [{"containerPort": 8090, "protocol": "TCP", "name": "test"}]}],
    }
    expected = (
        f'{S}.containers[0].ports[0]: duplicate port name "test" with {S}.initContainers[0].ports[0], '
        f"services and probes that select ports by name will use {S}.initContainers[0].ports[0]"
    )
    assert warnings(spec) == [expected]
    assert warnings(spec, version="1.30") == []


def test_dubious_ip_address_formats() -> None:
    """TestWarnings "dubious IP address formats" (1.33+)."""
    spec = {"dnsConfig": {"nameservers": ["1.2.3.4", "05.06.07.08"]}, "hostAliases": [{"ip": "::ffff:1.2.3.4"}]}
    expected = [
        f'{S}.dnsConfig.nameservers[1]: non-standard IP address "05.06.07.08" will be considered invalid in a future Kubernetes release: use "5.6.7.8"',
        f'{S}.hostAliases[0].ip: non-standard IP address "::ffff:1.2.3.4" will be considered invalid in a future Kubernetes release: use "1.2.3.4"',
    ]
    assert warnings(spec) == expected
    assert warnings(spec, version="1.32") == []


@pytest.mark.parametrize(
    ("ip", "expected"),
    [
        ("2001:db8::1", []),
        ("10.0.0.1", []),
        ("2001:DB8::1", ['p: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")']),
        ("2001:db8:0:0:0:0:0:1", ['p: IPv6 address "2001:db8:0:0:0:0:0:1" should be in RFC 5952 canonical format ("2001:db8::1")']),
        ("not-an-ip", []),
        ("1.2.3.256", []),
    ],
)
def test_ip_warnings(ip: str, expected: list[str]) -> None:
    """GetWarningsForIP."""
    assert ip_warnings("p", ip) == expected


def test_odd_shapes_never_raise() -> None:
    odd: list[Any] = [
        {},
        {"spec": None},
        {"spec": {"volumes": [None, 1, {"name": "p", "projected": {"sources": [None, {"configMap": None}]}}]}},
        {"spec": {"containers": [None, {"ports": [None, {"containerPort": "x"}], "env": [None, {}]}]}},
        {"spec": {"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [None]}}}},
        {"metadata": {"annotations": None}, "spec": {"nodeSelector": None, "overhead": {"memory": 5}}},
    ]
    for template in odd:
        assert isinstance(pod_template_warnings(template, T, PodContext("1.37", {})), list)


# ---------------------------------------------------------------------------------------------
# Through the Job and CronJob warnings (decoded, defaulted).


def test_job_warning_for_deprecated_node_selector_label() -> None:
    """The text kubectl prints for a Job: `spec.template.spec.nodeSelector[...]`."""
    from joblint.defaults import default_job
    from joblint.model import Job
    from joblint.validation import job_warnings
    from tests.podcases import job_around, pod_with

    job = default_job(Job.model_validate(job_around(pod_with(nodeSelector={"beta.kubernetes.io/arch": "amd64"}))), "1.37")
    assert 'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead' in job_warnings(
        job, "1.37"
    )


def test_cronjob_warning_path_prefix() -> None:
    """A CronJob's template warnings carry `spec.jobTemplate.spec.template`."""
    from joblint.defaults import default_cronjob
    from joblint.model import CronJob
    from joblint.validation import cronjob_warnings
    from tests.podcases import pod_with

    manifest = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "hello"},
        "spec": {
            "schedule": "* * * * *",
            "jobTemplate": {"spec": {"template": {"spec": pod_with(terminationGracePeriodSeconds=-1)}}},
        },
    }
    cj = default_cronjob(CronJob.model_validate(manifest), "1.37")
    assert (
        "spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid "
        "and will be treated as 1"
    ) in cronjob_warnings(cj, "1.37")
