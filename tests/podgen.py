"""Random pod templates that reach every part of the pod validation, for fuzzing.

Values are drawn from realistic sets with a share of wrong ones (bad names, out-of-range
numbers, unknown enum values, missing references), so that both the accepting and the
refusing paths of every check run. Used by the hypothesis properties (with a Random that
hypothesis draws) and by bench/fuzz.py (with a seeded one).
"""

from __future__ import annotations

import random
from typing import Any

NAMES = ["main", "sidecar", "init-db", "web", "Bad_Name", "", "a" * 64, "x"]
IMAGES = ["busybox:1.36", "perl:5.34.0", "registry.local/x@sha256:" + "a" * 64, " ", "python:3.12-slim"]
QUANTITIES = ["100m", "1", "0.5", "2", "64Mi", "1Gi", "1e3", "1n", "0.5Gi", "-1", "1.5", "100Mi", "3Ki", "0", "1000m"]
RESOURCE_NAMES = ["cpu", "memory", "ephemeral-storage", "nvidia.com/gpu", "gpu", "hugepages-2Mi", "example.com/foo", "storage"]
PATHS = ["/data", "/data", "/scratch", "data", "/var/log", "", "/etc/config"]
SUB_PATHS = ["", "logs", "../etc", "/abs", "a/b"]
LABEL_KEYS = ["app", "kubernetes.io/arch", "beta.kubernetes.io/arch", "topology.kubernetes.io/zone",
              "failure-domain.beta.kubernetes.io/zone", "Bad Key", "node-role.kubernetes.io/worker"]
OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Equal", "Bogus"]
EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute", "NoRun", ""]
PROTOCOLS = ["TCP", "UDP", "SCTP", "HTTP"]
CAPABILITIES = ["NET_ADMIN", "SYS_ADMIN", "ALL", "chown"]


def _maybe(rng: random.Random, p: float = 0.3) -> bool:
    return rng.random() < p


def _int(rng: random.Random) -> int:
    return rng.choice([-1, 0, 1, 3, 10, 30, 65535, 65536, 2**31 - 1, 2**31])


def _quantities(rng: random.Random) -> dict[str, Any]:
    return {rng.choice(RESOURCE_NAMES): rng.choice(QUANTITIES) for _ in range(rng.randint(0, 3))}


def _handler(rng: random.Random) -> dict[str, Any]:
    kinds = {
        "exec": {"command": ["cat", "/tmp/healthy"]},
        "httpGet": {"path": rng.choice(["/healthz", "", "no-slash"]), "port": rng.choice([8080, "http", 0, "Bad_Port", 70000])},
        "tcpSocket": {"port": rng.choice([5432, "db", -1])},
        "grpc": {"port": rng.choice([9090, 0])},
        "sleep": {"seconds": rng.choice([5, -1, 0])},
    }
    chosen = rng.sample(sorted(kinds), rng.choice([0, 1, 1, 1, 2]))
    return {k: kinds[k] for k in chosen}


def _probe(rng: random.Random) -> dict[str, Any]:
    probe = {k: v for k, v in _handler(rng).items() if k != "sleep"}
    for key in ("initialDelaySeconds", "periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold"):
        if _maybe(rng, 0.2):
            probe[key] = _int(rng)
    if _maybe(rng, 0.1):
        probe["terminationGracePeriodSeconds"] = rng.choice([0, 10, -5])
    return probe


def _security_context(rng: random.Random) -> dict[str, Any]:
    sc: dict[str, Any] = {}
    for key in ("runAsUser", "runAsGroup"):
        if _maybe(rng):
            sc[key] = rng.choice([0, 1000, -1, 2**31])
    for key in ("runAsNonRoot", "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem"):
        if _maybe(rng, 0.2):
            sc[key] = rng.choice([True, False])
    if _maybe(rng, 0.2):
        sc["capabilities"] = {"add": rng.sample(CAPABILITIES, rng.randint(0, 2)), "drop": ["ALL"]}
    if _maybe(rng, 0.2):
        sc["seccompProfile"] = rng.choice([{"type": "RuntimeDefault"}, {"type": "Localhost"},
                                           {"type": "Localhost", "localhostProfile": "p.json"}, {"type": "Bogus"}])
    if _maybe(rng, 0.1):
        sc["procMount"] = rng.choice(["Default", "Unmasked", "Other"])
    if _maybe(rng, 0.1):
        sc["appArmorProfile"] = rng.choice([{"type": "RuntimeDefault"}, {"type": "Localhost"}])
    return sc


def _container(rng: random.Random, volume_names: list[str], init: bool = False) -> dict[str, Any]:
    c: dict[str, Any] = {"name": rng.choice(NAMES), "image": rng.choice(IMAGES)}
    if _maybe(rng, 0.5):
        c["command"] = ["sh", "-c", "echo $JOB_COMPLETION_INDEX"]
    if _maybe(rng, 0.4):
        c["ports"] = [
            {"containerPort": rng.choice([80, 8080, 0, 70000]), "name": rng.choice(["http", "metrics", "Bad_Port", "http"]),
             "protocol": rng.choice(PROTOCOLS), **({"hostPort": rng.choice([80, 8081, 0])} if _maybe(rng) else {})}
            for _ in range(rng.randint(1, 2))
        ]
    if _maybe(rng, 0.5):
        env: list[dict[str, Any]] = []
        for _ in range(rng.randint(1, 3)):
            var: dict[str, Any] = {"name": rng.choice(["MODE", "MODE", "1BAD", "POD_NAME", "a=b", ""])}
            pick = rng.random()
            if pick < 0.4:
                var["value"] = rng.choice(["fast", "1", ""])
            elif pick < 0.9:
                sources = {
                    "fieldRef": {"fieldPath": rng.choice(["metadata.name", "status.podIP", "spec.nodeName", "metadata.labels['app']", "bogus"])},
                    "resourceFieldRef": {"resource": rng.choice(["limits.cpu", "requests.memory", "limits.bogus"]),
                                         **({"divisor": rng.choice(["1m", "1Mi", "0"])} if _maybe(rng) else {})},
                    "configMapKeyRef": {"name": "settings", "key": rng.choice(["mode", "bad key", ""])},
                    "secretKeyRef": {"name": "creds", "key": "password"},
                }
                chosen = rng.sample(sorted(sources), rng.choice([0, 1, 1, 1, 2]))
                var["valueFrom"] = {k: sources[k] for k in chosen}
                if _maybe(rng, 0.1):
                    var["value"] = "both"
            env.append(var)
        c["env"] = env
    if _maybe(rng, 0.2):
        ref = rng.choice([{"configMapRef": {"name": "settings"}}, {"secretRef": {"name": "creds"}},
                          {"configMapRef": {"name": "a"}, "secretRef": {"name": "b"}}, {}])
        c["envFrom"] = [{**ref, **({"prefix": rng.choice(["APP_", "1X"])} if _maybe(rng) else {})}]
    if _maybe(rng, 0.5):
        c["resources"] = {k: _quantities(rng) for k in ("requests", "limits") if _maybe(rng, 0.7)}
    if _maybe(rng, 0.5):
        c["volumeMounts"] = [
            {"name": rng.choice(volume_names + ["missing"]), "mountPath": rng.choice(PATHS),
             **({"subPath": rng.choice(SUB_PATHS)} if _maybe(rng, 0.2) else {}),
             **({"readOnly": rng.choice([True, False])} if _maybe(rng, 0.3) else {}),
             **({"mountPropagation": rng.choice(["None", "HostToContainer", "Bidirectional", "Sideways"])} if _maybe(rng, 0.1) else {}),
             **({"recursiveReadOnly": rng.choice(["Disabled", "IfPossible", "Enabled", "Maybe"])} if _maybe(rng, 0.1) else {})}
            for _ in range(rng.randint(1, 3))
        ]
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        if _maybe(rng, 0.15):
            c[probe] = _probe(rng)
    if _maybe(rng, 0.15):
        c["lifecycle"] = {hook: _handler(rng) for hook in ("postStart", "preStop") if _maybe(rng, 0.6)}
    if _maybe(rng, 0.3):
        c["securityContext"] = _security_context(rng)
    if init and _maybe(rng, 0.4):
        c["restartPolicy"] = rng.choice(["Always", "Always", "Never", "OnFailure"])
    elif _maybe(rng, 0.05):
        c["restartPolicy"] = "Always"
    if _maybe(rng, 0.1):
        c["resizePolicy"] = [{"resourceName": rng.choice(["cpu", "memory", "gpu"]),
                              "restartPolicy": rng.choice(["NotRequired", "RestartContainer", "Sometimes"])}]
    for key in ("imagePullPolicy", "terminationMessagePolicy"):
        if _maybe(rng, 0.1):
            c[key] = rng.choice(["Always", "IfNotPresent", "Never", "File", "FallbackToLogsOnError", "Sometimes"])
    return c


def _volume(rng: random.Random, name: str) -> dict[str, Any]:
    items = [{"key": rng.choice(["config.yaml", "a", ""]), "path": rng.choice(["config.yaml", "../etc/passwd", "/abs", "a/../b", ""]),
              **({"mode": rng.choice([0o644, 0o777, 0o1000, -1])} if _maybe(rng, 0.2) else {})}]
    sources: dict[str, Any] = {
        "emptyDir": {**({"sizeLimit": rng.choice(["1Gi", "0", "-1Gi", "500Mi"])} if _maybe(rng) else {}),
                     **({"medium": rng.choice(["", "Memory", "HugePages", "Disk"])} if _maybe(rng, 0.2) else {})},
        "configMap": {"name": "settings", **({"items": items} if _maybe(rng) else {}),
                      **({"defaultMode": rng.choice([0o644, 0o1000, -1])} if _maybe(rng, 0.2) else {})},
        "secret": {"secretName": rng.choice(["creds", "", "Bad_Name"]), **({"items": items} if _maybe(rng) else {})},
        "hostPath": {"path": rng.choice(["/var/log", ""]), **({"type": rng.choice(["", "Directory", "Socket", "Bogus"])} if _maybe(rng) else {})},
        "persistentVolumeClaim": {"claimName": rng.choice(["data", ""])},
        "downwardAPI": {"items": [{"path": rng.choice(["labels", "../x"]),
                                   "fieldRef": {"fieldPath": rng.choice(["metadata.labels", "status.podIP", "metadata.annotations['x']"])}}]},
        "projected": {"sources": [
            {"serviceAccountToken": {"path": "token", "expirationSeconds": rng.choice([3600, 60, 2**33]),
                                     **({"audience": "api"} if _maybe(rng) else {})}},
            {"configMap": {"name": "settings", **({"items": items} if _maybe(rng) else {})}},
        ]},
        "csi": {"driver": rng.choice(["secrets-store.csi.k8s.io", "", "Bad Driver"])},
        "ephemeral": {"volumeClaimTemplate": {"spec": {
            "accessModes": rng.choice([["ReadWriteOnce"], [], ["Bogus"]]),
            "resources": {"requests": {"storage": rng.choice(["1Gi", "0", "-1"])}}}}},
        "image": {"reference": rng.choice(["registry.local/model:1", ""]), **({"pullPolicy": "IfNotPresent"} if _maybe(rng) else {})},
        "nfs": {"server": rng.choice(["nfs.local", ""]), "path": rng.choice(["/exports", "relative"])},
    }
    chosen = rng.sample(sorted(sources), rng.choice([0, 1, 1, 1, 1, 2]))
    return {"name": name, **{k: sources[k] for k in chosen}}


def _node_selector_term(rng: random.Random) -> dict[str, Any]:
    expr: dict[str, Any] = {"key": rng.choice(LABEL_KEYS), "operator": rng.choice(OPERATORS)}
    if _maybe(rng, 0.7):
        expr["values"] = rng.choice([["amd64"], [], ["1", "2"], ["10"]])
    term: dict[str, Any] = {"matchExpressions": [expr]}
    if _maybe(rng, 0.1):
        term["matchFields"] = [{"key": rng.choice(["metadata.name", "spec.nodeName"]), "operator": "In", "values": ["node-1"]}]
    return term


def _affinity(rng: random.Random) -> dict[str, Any]:
    affinity: dict[str, Any] = {}
    if _maybe(rng, 0.6):
        required = {"nodeSelectorTerms": [_node_selector_term(rng) for _ in range(rng.choice([0, 1, 1, 2]))]}
        affinity["nodeAffinity"] = {"requiredDuringSchedulingIgnoredDuringExecution": required}
        if _maybe(rng):
            affinity["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"] = [
                {"weight": rng.choice([1, 50, 100, 0, 101]), "preference": _node_selector_term(rng)}]
    for kind in ("podAffinity", "podAntiAffinity"):
        if _maybe(rng, 0.3):
            term: dict[str, Any] = {"topologyKey": rng.choice(["kubernetes.io/hostname", "", "Bad Key"]),
                                    "labelSelector": {"matchLabels": {"app": rng.choice(["web", "bad value!"])}}}
            if _maybe(rng, 0.2):
                term["matchLabelKeys"] = rng.choice([["pod-template-hash"], ["app"]])
            if _maybe(rng, 0.2):
                term["namespaceSelector"] = {}
            if _maybe(rng):
                affinity[kind] = {"preferredDuringSchedulingIgnoredDuringExecution": [
                    {"weight": rng.choice([1, 100, 0]), "podAffinityTerm": term}]}
            else:
                affinity[kind] = {"requiredDuringSchedulingIgnoredDuringExecution": [term]}
    return affinity


def pod_template(rng: random.Random) -> dict[str, Any]:
    """A pod template touching volumes, containers, security, scheduling and pod-level fields."""
    volume_names = [rng.choice(["data", "config", "scratch", "data", "Bad_Vol", ""]) for _ in range(rng.randint(0, 3))]
    spec: dict[str, Any] = {}
    if volume_names:
        spec["volumes"] = [_volume(rng, name) for name in volume_names]
    spec["containers"] = [_container(rng, volume_names) for _ in range(rng.choice([0, 1, 1, 1, 2]))]
    if _maybe(rng):
        spec["initContainers"] = [_container(rng, volume_names, init=True) for _ in range(rng.randint(1, 2))]
    if _maybe(rng, 0.9):
        spec["restartPolicy"] = rng.choice(["Never", "Never", "OnFailure", "Always"])
    if _maybe(rng, 0.2):
        spec["hostNetwork"] = rng.choice([True, False])
    if _maybe(rng, 0.3):
        spec["securityContext"] = {**_security_context(rng), **({"fsGroup": rng.choice([1000, -1])} if _maybe(rng) else {}),
                                   **({"sysctls": [{"name": rng.choice(["net.core.somaxconn", "kernel.shm_rmid_forced", "bad name"]),
                                                    "value": "1"}]} if _maybe(rng, 0.2) else {})}
    if _maybe(rng, 0.3):
        spec["affinity"] = _affinity(rng)
    if _maybe(rng, 0.3):
        spec["tolerations"] = [
            {**({"key": rng.choice(LABEL_KEYS)} if _maybe(rng, 0.8) else {}), "operator": rng.choice(["Exists", "Equal", "", "Gt"]),
             **({"value": rng.choice(["true", "", "1"])} if _maybe(rng) else {}), "effect": rng.choice(EFFECTS),
             **({"tolerationSeconds": rng.choice([60, -1])} if _maybe(rng, 0.2) else {})}
            for _ in range(rng.randint(1, 2))
        ]
    if _maybe(rng, 0.2):
        spec["topologySpreadConstraints"] = [
            {"maxSkew": rng.choice([1, 0, 2]), "topologyKey": rng.choice(["topology.kubernetes.io/zone", ""]),
             "whenUnsatisfiable": rng.choice(["DoNotSchedule", "ScheduleAnyway", "Maybe"]),
             "labelSelector": {"matchLabels": {"app": "web"}},
             **({"minDomains": rng.choice([1, 0, 3])} if _maybe(rng) else {})}
            for _ in range(rng.randint(1, 2))
        ]
    if _maybe(rng, 0.2):
        spec["nodeSelector"] = {rng.choice(LABEL_KEYS): rng.choice(["amd64", "bad value!", ""])}
    if _maybe(rng, 0.15):
        spec["dnsPolicy"] = rng.choice(["ClusterFirst", "None", "Default", "ClusterFirstWithHostNet", "Bogus"])
    if _maybe(rng, 0.15):
        spec["dnsConfig"] = {"nameservers": rng.choice([["1.1.1.1"], [], ["not-an-ip"], ["1.1.1.1"] * 4]),
                             "searches": rng.choice([["svc.cluster.local"], ["bad_domain!"]]),
                             "options": [{"name": rng.choice(["ndots", ""]), "value": "2"}]}
    if _maybe(rng, 0.1):
        spec["hostAliases"] = [{"ip": rng.choice(["10.0.0.1", "not-an-ip", ""]), "hostnames": rng.choice([["db.local"], ["Bad_Host"]])}]
    if _maybe(rng, 0.1):
        spec["imagePullSecrets"] = [{"name": rng.choice(["regcred", ""])}]
    if _maybe(rng, 0.1):
        spec["schedulingGates"] = [{"name": rng.choice(["example.com/gate", "example.com/gate", "bad gate"])} for _ in range(2)]
    if _maybe(rng, 0.1):
        spec["readinessGates"] = [{"conditionType": rng.choice(["example.com/ready", "bad type!"])}]
    if _maybe(rng, 0.1):
        spec["os"] = {"name": rng.choice(["linux", "windows", "plan9"])}
    if _maybe(rng, 0.1):
        spec["priorityClassName"] = rng.choice(["high", "Bad_Class"])
    if _maybe(rng, 0.1):
        spec["overhead"] = _quantities(rng)
    if _maybe(rng, 0.1):
        spec["activeDeadlineSeconds"] = rng.choice([30, 0, -1, 2**31])
    if _maybe(rng, 0.1):
        spec["terminationGracePeriodSeconds"] = rng.choice([0, 30, -1])
    if _maybe(rng, 0.1):
        spec["hostname"] = rng.choice(["worker", "Bad_Host"])
    if _maybe(rng, 0.1):
        spec["resourceClaims"] = [{"name": rng.choice(["gpu", "gpu", "Bad_Claim"]), "resourceClaimName": "claim"}]
    template: dict[str, Any] = {"spec": spec}
    if _maybe(rng, 0.4):
        template["metadata"] = {"labels": {"app": rng.choice(["web", "bad value!"])}}
        if _maybe(rng, 0.3):
            template["metadata"]["annotations"] = {
                rng.choice(["seccomp.security.alpha.kubernetes.io/pod", "container.apparmor.security.beta.kubernetes.io/main",
                            "example.com/note"]): rng.choice(["runtime/default", "localhost/p", "unconfined"])}
    return template
