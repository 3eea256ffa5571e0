"""Pod template defaults, as the API server applies them to a Job's (and a CronJob's) template.

Each test names the Kubernetes test of pkg/apis/core/v1/defaults_test.go it follows. The
server's generated defaulter for a Job (SetObjectDefaults_Job) runs SetDefaults_PodSpec and the
defaults of every type below the pod template; TestWorkloadDefaults lists them all.
"""

from __future__ import annotations

from typing import Any

import pytest

from joblint.analysis import analyze
from joblint.defaults import default_cronjob, default_job, stored_quantity
from joblint.model import CronJob, Job
from joblint.source import read_path


def analyzed(text: str) -> Any:
    return analyze(read_path("t.yaml", stdin=text.encode()).documents[0], "1.37")


ALL_PROBE_DEFAULTS = {"timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}


def job_body(pod: dict[str, Any] | None = None, containers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"restartPolicy": "Never", "containers": containers or [{"name": "main", "image": "busybox:1.36"}]}
    spec.update(pod or {})
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"}, "spec": {"template": {"spec": spec}}}


def stored_pod(pod: dict[str, Any] | None = None, containers: list[dict[str, Any]] | None = None, version: str = "1.37") -> dict[str, Any]:
    out = default_job(Job.model_validate(job_body(pod, containers)), version).dump()
    return out["spec"]["template"]["spec"]  # type: ignore[no-any-return]


def stored_container(container: dict[str, Any], version: str = "1.37") -> dict[str, Any]:
    return stored_pod(containers=[{"name": "main", "image": "busybox:1.36", **container}], version=version)["containers"][0]  # type: ignore[no-any-return]


def stored_volume(volume: dict[str, Any], version: str = "1.37") -> dict[str, Any]:
    return stored_pod({"volumes": [{"name": "v", **volume}]}, version=version)["volumes"][0]  # type: ignore[no-any-return]


# --- TestWorkloadDefaults: everything under a PodTemplateSpec -------------------------------


def test_workload_defaults_pod_spec() -> None:
    """TestWorkloadDefaults: .Spec.DNSPolicy, RestartPolicy, SchedulerName, SecurityContext,
    TerminationGracePeriodSeconds."""
    body = job_body()
    del body["spec"]["template"]["spec"]["restartPolicy"]
    pod = default_job(Job.model_validate(body), "1.37").dump()["spec"]["template"]["spec"]
    assert pod["dnsPolicy"] == "ClusterFirst"
    assert pod["restartPolicy"] == "Always"
    assert pod["schedulerName"] == "default-scheduler"
    assert pod["securityContext"] == {}
    assert pod["terminationGracePeriodSeconds"] == 30


def test_workload_defaults_no_enable_service_links_on_a_template() -> None:
    """TestWorkloadDefaults lists no .Spec.EnableServiceLinks (TestPodDefaults does): it is
    SetDefaults_Pod's, which never runs on a pod template."""
    assert "enableServiceLinks" not in stored_pod()


def test_workload_defaults_kept_values_are_not_overwritten() -> None:
    """TestSetDefaultSchedulerName: a set value is kept."""
    pod = stored_pod({"schedulerName": "mine", "dnsPolicy": "Default", "terminationGracePeriodSeconds": 0, "securityContext": {"runAsUser": 1}})
    assert (pod["schedulerName"], pod["dnsPolicy"], pod["terminationGracePeriodSeconds"]) == ("mine", "Default", 0)
    assert pod["securityContext"] == {"runAsUser": 1}


FULL_CONTAINER: dict[str, Any] = {
    "ports": [{"containerPort": 80}],
    "env": [{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
    "livenessProbe": {"httpGet": {"port": 80}},
    "readinessProbe": {"httpGet": {"port": 80}},
    "startupProbe": {"grpc": {"port": 9000}},
    "lifecycle": {"postStart": {"httpGet": {"port": 80}}, "preStop": {"httpGet": {"port": 80}}},
}


def _check_full_container(c: dict[str, Any]) -> None:
    assert c["imagePullPolicy"] == "IfNotPresent"
    assert c["terminationMessagePath"] == "/dev/termination-log"
    assert c["terminationMessagePolicy"] == "File"
    assert c["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert c["env"][0]["valueFrom"]["fieldRef"] == {"fieldPath": "metadata.name", "apiVersion": "v1"}
    for probe in ("livenessProbe", "readinessProbe"):
        assert c[probe] == {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, **ALL_PROBE_DEFAULTS}
    assert c["startupProbe"] == {"grpc": {"port": 9000, "service": ""}, **ALL_PROBE_DEFAULTS}
    for hook in ("postStart", "preStop"):
        assert c["lifecycle"][hook] == {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}}


def test_workload_defaults_containers() -> None:
    """TestWorkloadDefaults: .Spec.Containers[0] (pull policy, termination message, port
    protocol, env fieldRef apiVersion, probes, lifecycle handlers; GRPC service "")."""
    _check_full_container(stored_container(FULL_CONTAINER))


def test_workload_defaults_init_containers() -> None:
    """TestWorkloadDefaults / TestSetDefaultReplicationControllerInitContainers: the same
    defaults on .Spec.InitContainers[0]."""
    pod = stored_pod({"initContainers": [{"name": "init", "image": "busybox:1.36", **FULL_CONTAINER}]})
    _check_full_container(pod["initContainers"][0])


def test_workload_defaults_ephemeral_containers() -> None:
    """TestWorkloadDefaults: .Spec.EphemeralContainers[0].EphemeralContainerCommon (the
    container defaults, SetDefaults_EphemeralContainer)."""
    pod = stored_pod({"ephemeralContainers": [{"name": "debug", "image": "busybox:1.36", **FULL_CONTAINER}]})
    _check_full_container(pod["ephemeralContainers"][0])


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        ({"azureDisk": {"diskName": "d", "diskURI": "u"}},
         {"azureDisk": {"diskName": "d", "diskURI": "u", "cachingMode": "ReadWrite", "fsType": "ext4", "readOnly": False, "kind": "Shared"}}),
        ({"configMap": {"name": "c"}}, {"configMap": {"name": "c", "defaultMode": 420}}),
        ({"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.name"}}]}},
         {"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.name", "apiVersion": "v1"}}], "defaultMode": 420}}),
        ({}, {"emptyDir": {}}),
        ({"hostPath": {"path": "/data"}}, {"hostPath": {"path": "/data", "type": ""}}),
        ({"iscsi": {"targetPortal": "t:3260", "iqn": "iqn.2001-04.com.example:storage", "lun": 0}},
         {"iscsi": {"targetPortal": "t:3260", "iqn": "iqn.2001-04.com.example:storage", "lun": 0, "iscsiInterface": "default"}}),
        ({"projected": {"sources": [{"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.name"}}]}},
                                    {"serviceAccountToken": {"path": "token"}}]}},
         {"projected": {"sources": [{"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.name", "apiVersion": "v1"}}]}},
                                    {"serviceAccountToken": {"path": "token", "expirationSeconds": 3600}}], "defaultMode": 420}}),
        ({"rbd": {"monitors": ["m"], "image": "i"}},
         {"rbd": {"monitors": ["m"], "image": "i", "pool": "rbd", "user": "admin", "keyring": "/etc/ceph/keyring"}}),
        ({"scaleIO": {"gateway": "g", "system": "s", "secretRef": {"name": "x"}}},
         {"scaleIO": {"gateway": "g", "system": "s", "secretRef": {"name": "x"}, "storageMode": "ThinProvisioned", "fsType": "xfs"}}),
        ({"secret": {"secretName": "s"}}, {"secret": {"secretName": "s", "defaultMode": 420}}),
    ],
    ids=["azureDisk", "configMap", "downwardAPI", "emptyDir", "hostPath", "iscsi", "projected", "rbd", "scaleIO", "secret"],
)
def test_workload_defaults_volumes(volume: dict[str, Any], expected: dict[str, Any]) -> None:
    """TestWorkloadDefaults: .Spec.Volumes[0].VolumeSource.* (AzureDisk CachingMode/FSType/Kind/
    ReadOnly, ConfigMap/DownwardAPI/Projected/Secret DefaultMode 420, DownwardAPI fieldRef
    apiVersion, EmptyDir {}, HostPath Type "", ISCSI ISCSIInterface, Projected token
    ExpirationSeconds 3600, RBD Keyring/RBDPool/RadosUser, ScaleIO FSType/StorageMode)."""
    assert stored_volume(volume) == {"name": "v", **expected}


def test_volume_modes_set_by_the_user_are_kept() -> None:
    """TestSetDefaultSecretVolumeSource / ConfigMap / DownwardAPI / Projected: a set
    defaultMode is kept (0 too)."""
    assert stored_volume({"secret": {"secretName": "s", "defaultMode": 0}})["secret"]["defaultMode"] == 0
    assert stored_volume({"configMap": {"name": "c", "defaultMode": 256}})["configMap"]["defaultMode"] == 256


def test_host_path_type_set_by_the_user_is_kept() -> None:
    """TestSetDefaultHostPathVolumeSource."""
    assert stored_volume({"hostPath": {"path": "/d", "type": "Directory"}})["hostPath"]["type"] == "Directory"


def test_azure_disk_values_set_by_the_user_are_kept() -> None:
    """SetDefaults_AzureDiskVolumeSource fills only unset fields."""
    azure = stored_volume({"azureDisk": {"diskName": "d", "diskURI": "u", "readOnly": True, "kind": "Managed"}})["azureDisk"]
    assert (azure["readOnly"], azure["kind"], azure["cachingMode"]) == (True, "Managed", "ReadWrite")


def test_ephemeral_volume_claim_spec_volume_mode() -> None:
    """TestSetDefaultEphemeral: SetDefaults_PersistentVolumeClaimSpec gives the claim template
    volumeMode Filesystem; a set one is kept."""
    claim = {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}
    v = stored_volume({"ephemeral": {"volumeClaimTemplate": claim}})
    assert v["ephemeral"]["volumeClaimTemplate"]["spec"]["volumeMode"] == "Filesystem"
    block = {"spec": {**claim["spec"], "volumeMode": "Block"}}
    v = stored_volume({"ephemeral": {"volumeClaimTemplate": block}})
    assert v["ephemeral"]["volumeClaimTemplate"]["spec"]["volumeMode"] == "Block"


@pytest.mark.parametrize(("version", "policy"), [("1.34", None), ("1.35", "IfNotPresent"), ("1.37", "IfNotPresent")])
def test_image_volume_pull_policy(version: str, policy: str | None) -> None:
    """SetDefaults_Volume: an image volume's pullPolicy from its reference's tag, while the
    ImageVolume gate is on."""
    v = stored_volume({"image": {"reference": "registry.example/artifact:v1"}}, version=version)
    assert v["image"].get("pullPolicy") == policy


def test_image_volume_pull_policy_latest_is_always() -> None:
    """SetDefaults_Volume: a reference with no tag (or :latest) pulls Always."""
    assert stored_volume({"image": {"reference": "registry.example/artifact"}})["image"]["pullPolicy"] == "Always"


# --- TestSetDefaultProbe, TestSetDefaultObjectFieldSelectorAPIVersion ------------------------


def test_probe_values_set_are_kept_and_zero_is_defaulted() -> None:
    """TestSetDefaultProbe: every zero field defaulted; set values kept."""
    c = stored_container({"livenessProbe": {"exec": {"command": ["true"]}, "timeoutSeconds": 5, "periodSeconds": 0}})
    assert c["livenessProbe"] == {"exec": {"command": ["true"]}, "timeoutSeconds": 5, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}


def test_object_field_selector_api_version_kept() -> None:
    """TestSetDefaultObjectFieldSelectorAPIVersion: a set apiVersion is kept."""
    c = stored_container({"env": [{"name": "P", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name", "apiVersion": "v2"}}}]})
    assert c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"] == "v2"


@pytest.mark.parametrize(("image", "policy"), [("busybox", "Always"), ("busybox:latest", "Always"), ("busybox:1.36", "IfNotPresent")])
def test_container_image_pull_policy(image: str, policy: str) -> None:
    """TestSetDefaultContainer (pull policy from the image tag)."""
    assert stored_container({"image": image})["imagePullPolicy"] == policy


# --- hostNetwork: no hostPort default on a template -------------------------------------------


@pytest.mark.parametrize("version", ["1.30", "1.31", "1.37"])
def test_host_network_does_not_default_host_port_in_a_template(version: str) -> None:
    """TestWorkloadDefaults, "hostnet PodTemplateSpec with ports": no Ports[0].HostPort unless
    DefaultHostNetworkHostPortsInPodTemplates is on. Since 1.28 defaultHostNetworkPorts runs
    in SetDefaults_Pod only (the DefaultHostNetworkHostPortsInPodTemplates gate, off by default,
    was removed in 1.31), for containers and init containers alike."""
    ports = [{"containerPort": 8080}]
    pod = stored_pod(
        {"hostNetwork": True, "initContainers": [{"name": "init", "image": "busybox:1.36", "ports": ports}]},
        containers=[{"name": "main", "image": "busybox:1.36", "ports": ports}],
        version=version,
    )
    assert pod["containers"][0]["ports"] == [{"containerPort": 8080, "protocol": "TCP"}]
    assert pod["initContainers"][0]["ports"] == [{"containerPort": 8080, "protocol": "TCP"}]


def test_host_network_job_with_unset_host_port_is_valid() -> None:
    """A manifest that defaulting and validation accept is not reported: with hostNetwork the
    template keeps hostPort 0, which ValidatePodSpec accepts."""
    body = (
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: hn}\nspec:\n  template:\n    spec:\n"
        "      hostNetwork: true\n      restartPolicy: Never\n"
        "      containers: [{name: a, image: busybox:1.36, ports: [{containerPort: 8080}]}]\n"
    )
    analysis = analyzed(body)
    assert analysis.stored is not None
    assert [i.message for i in analysis.issues if i.api_error is not None] == []


# --- TestSetMinimumScalePod: SetDefaults_ResourceList -----------------------------------------


def test_set_minimum_scale_pod() -> None:
    """TestSetMinimumScalePod: requests and limits below a milli-unit are rounded up to 1m, in
    containers and init containers."""
    resources = {"requests": {"memory": "1n"}, "limits": {"cpu": "2n"}}
    pod = stored_pod(
        {"initContainers": [{"name": "init", "image": "busybox:1.36", "resources": resources}]},
        containers=[{"name": "main", "image": "busybox:1.36", "resources": resources}],
    )
    for c in (pod["containers"][0], pod["initContainers"][0]):
        assert c["resources"] == {"limits": {"cpu": "1m"}, "requests": {"memory": "1m"}}


def test_set_minimum_scale_cronjob_job_template() -> None:
    """TestSetMinimumScalePod, on a CronJob: SetObjectDefaults_CronJob runs the same
    ResourceList defaults on jobTemplate.spec.template."""
    cj = CronJob.model_validate({
        "apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
        "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": {
            "restartPolicy": "Never",
            "containers": [{"name": "a", "image": "b", "resources": {"requests": {"cpu": "1n", "memory": "0.5Gi"}}}],
        }}}}},
    })
    c = default_cronjob(cj, "1.37").dump()["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert c["resources"] == {"requests": {"cpu": "1m", "memory": "512Mi"}}


def test_resource_list_rounding_in_overhead_pod_resources_and_ephemeral_claims() -> None:
    """SetObjectDefaults_Job: SetDefaults_ResourceList on .Spec.Overhead, .Spec.Resources
    (pod-level) and the ephemeral claim template's resources, too."""
    claim = {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "0.5Gi"}, "limits": {"storage": "1n"}}}}
    pod = stored_pod({
        "overhead": {"cpu": "1n"},
        "resources": {"limits": {"cpu": "1500m", "memory": 1073741824}},
        "volumes": [{"name": "scratch", "ephemeral": {"volumeClaimTemplate": claim}}],
    })
    assert pod["overhead"] == {"cpu": "1m"}
    assert pod["resources"] == {"limits": {"cpu": "1500m", "memory": "1073741824"}}  # a plain number is DecimalSI
    assert pod["volumes"][0]["ephemeral"]["volumeClaimTemplate"]["spec"]["resources"] == {
        "requests": {"storage": "512Mi"}, "limits": {"storage": "1m"},
    }


def test_quantities_outside_resource_lists_are_canonical_not_rounded() -> None:
    """An emptyDir sizeLimit and a resourceFieldRef divisor are quantities but not ResourceLists:
    stored in canonical form (Quantity's JSON encoding), never rounded."""
    pod = stored_pod(
        {"volumes": [
            {"name": "a", "emptyDir": {"sizeLimit": "0.5Gi"}},
            {"name": "b", "emptyDir": {"sizeLimit": "1n"}},
            {"name": "c", "downwardAPI": {"items": [{"path": "cpu", "resourceFieldRef": {"containerName": "main", "resource": "limits.cpu", "divisor": "1000m"}}]}},
        ]},
        containers=[{"name": "main", "image": "busybox:1.36", "env": [
            {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1024Ki"}}},
        ]}],
    )
    assert pod["volumes"][0]["emptyDir"] == {"sizeLimit": "512Mi"}
    assert pod["volumes"][1]["emptyDir"] == {"sizeLimit": "1n"}
    assert pod["volumes"][2]["downwardAPI"]["items"][0]["resourceFieldRef"]["divisor"] == "1"
    assert pod["containers"][0]["env"][0]["valueFrom"]["resourceFieldRef"]["divisor"] == "1Mi"


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        # binary suffixes
        ("0.5Gi", "512Mi"), ("1024Mi", "1Gi"), ("1536Mi", "1536Mi"), ("2048Ki", "2Mi"), ("1Ki", "1Ki"),
        # decimal suffixes and milli
        ("1000m", "1"), ("1500m", "1500m"), ("0.1", "100m"), ("1000", "1k"), ("1000000", "1M"), ("1.5G", "1500M"),
        # exponents
        ("1e3", "1e3"), ("1E6", "1E6"), ("12e-4", "2e-3"),
        # numbers as YAML writes them
        (2, "2"), (0.5, "500m"), (1073741824, "1073741824"),
        # below milli scale: rounded up
        ("1n", "1m"), ("1u", "1m"), ("1001u", "2m"), ("1500u", "2m"),
    ],
)
def test_resource_quantity_stored_form(written: Any, stored: str) -> None:
    """Quantity.String after SetDefaults_ResourceList's RoundUp(-3), across suffixes."""
    assert stored_quantity(written, round_up=True) == stored


def test_unparseable_quantity_is_left_as_written() -> None:
    """Decoding reports a bad quantity; defaulting leaves it alone (never raises)."""
    assert stored_quantity("lots", round_up=True) == "lots"
    assert stored_quantity(True) is True
    assert stored_quantity(None) is None
    assert stored_container({"resources": {"limits": {"cpu": "lots"}}})["resources"] == {"limits": {"cpu": "lots"}}


def test_defaulting_makes_a_written_manifest_valid_without_errors() -> None:
    """A manifest valid once defaulted: probes with no thresholds, ports with no protocol,
    volumes with no source, sub-milli requests. No API error."""
    body = (
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: Never\n      volumes: [{name: scratch}]\n"
        "      containers:\n      - name: a\n        image: busybox:1.36\n"
        "        ports: [{containerPort: 80}]\n"
        "        resources: {requests: {cpu: 1n}, limits: {cpu: 1m}}\n"
        "        volumeMounts: [{name: scratch, mountPath: /scratch}]\n"
    )
    analysis = analyzed(body)
    assert analysis.stored is not None
    assert [str(i.api_error) for i in analysis.issues if i.api_error is not None] == []


def test_file_key_ref_optional_defaults_to_false() -> None:
    """FileKeySelector.optional carries `+default=false` (EnvFiles, 1.34+): the generated
    defaulter sets it on every env fileKeyRef; a set value is kept."""
    c = stored_container({"env": [
        {"name": "A", "valueFrom": {"fileKeyRef": {"volumeName": "cfg", "path": "a.env", "key": "A"}}},
        {"name": "B", "valueFrom": {"fileKeyRef": {"volumeName": "cfg", "path": "a.env", "key": "B", "optional": True}}},
    ]})
    assert c["env"][0]["valueFrom"]["fileKeyRef"]["optional"] is False
    assert c["env"][1]["valueFrom"]["fileKeyRef"]["optional"] is True
