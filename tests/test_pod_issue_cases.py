"""The pod template mistakes that `kubectl apply` refuses and joblint once accepted: each is
refused with the server's field path and error type, at the line of the offending field, and its
corrected version lints clean of API errors."""

from __future__ import annotations

import pytest

from .conftest import lint_text

HEAD = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: nightly-export
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
"""
CONTAINER = """\
      containers:
      - name: export
        image: registry.example.com/export:1.4
"""

# (name, pod spec lines after restartPolicy, expected field, expected type, the fixed lines)
CASES = [
    (
        "mount-of-missing-volume",
        CONTAINER + "        volumeMounts:\n        - name: scratch\n          mountPath: /scratch\n",
        "spec.template.spec.containers[0].volumeMounts[0].name", "Not found",
        CONTAINER + "        volumeMounts:\n        - name: scratch\n          mountPath: /scratch\n"
        "      volumes:\n      - name: scratch\n        emptyDir: {}\n",
    ),
    (
        "requests-above-limits",
        CONTAINER + "        resources:\n          requests:\n            cpu: 2\n          limits:\n            cpu: 1\n",
        "spec.template.spec.containers[0].resources.requests", "Invalid value",
        CONTAINER + "        resources:\n          requests:\n            cpu: 1\n          limits:\n            cpu: 2\n",
    ),
    (
        "env-with-two-sources",
        CONTAINER + "        env:\n        - name: TOKEN\n          valueFrom:\n            secretKeyRef: {name: creds, key: token}\n"
        "            configMapKeyRef: {name: settings, key: token}\n",
        "spec.template.spec.containers[0].env[0].valueFrom", "Invalid value",
        CONTAINER + "        env:\n        - name: TOKEN\n          valueFrom:\n            secretKeyRef: {name: creds, key: token}\n",
    ),
    (
        "toleration-exists-with-value",
        CONTAINER + "      tolerations:\n      - key: dedicated\n        operator: Exists\n        value: batch\n        effect: NoSchedule\n",
        "spec.template.spec.tolerations[0].operator", "Invalid value",
        CONTAINER + "      tolerations:\n      - key: dedicated\n        operator: Equal\n        value: batch\n        effect: NoSchedule\n",
    ),
    (
        "toleration-effect-norun",
        CONTAINER + "      tolerations:\n      - key: dedicated\n        operator: Exists\n        effect: NoRun\n",
        "spec.template.spec.tolerations[0].effect", "Unsupported value",
        CONTAINER + "      tolerations:\n      - key: dedicated\n        operator: Exists\n        effect: NoExecute\n",
    ),
    (
        "two-mounts-one-path",
        CONTAINER + "        volumeMounts:\n        - {name: a, mountPath: /data}\n        - {name: b, mountPath: /data}\n"
        "      volumes:\n      - {name: a, emptyDir: {}}\n      - {name: b, emptyDir: {}}\n",
        "spec.template.spec.containers[0].volumeMounts[1].mountPath", "Invalid value",
        CONTAINER + "        volumeMounts:\n        - {name: a, mountPath: /data}\n        - {name: b, mountPath: /data/b}\n"
        "      volumes:\n      - {name: a, emptyDir: {}}\n      - {name: b, emptyDir: {}}\n",
    ),
    (
        "negative-run-as-user",
        "      securityContext:\n        runAsUser: -1\n" + CONTAINER,
        "spec.template.spec.securityContext.runAsUser", "Invalid value",
        "      securityContext:\n        runAsUser: 1000\n" + CONTAINER,
    ),
    (
        "resource-named-gpu",
        CONTAINER + "        resources:\n          limits:\n            gpu: 1\n",
        "spec.template.spec.containers[0].resources.limits[gpu]", "Invalid value",
        CONTAINER + "        resources:\n          limits:\n            nvidia.com/gpu: 1\n",
    ),
    (
        "empty-node-selector-terms",
        CONTAINER + "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
        "            nodeSelectorTerms: []\n",
        "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
        "Required value",
        CONTAINER + "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
        "            nodeSelectorTerms:\n            - matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n",
    ),
    (
        "config-map-item-escapes",
        CONTAINER + "      volumes:\n      - name: config\n        configMap:\n          name: settings\n          items:\n"
        "          - key: passwd\n            path: ../etc/passwd\n",
        "spec.template.spec.volumes[0].configMap.items[0].path", "Invalid value",
        CONTAINER + "      volumes:\n      - name: config\n        configMap:\n          name: settings\n          items:\n"
        "          - key: passwd\n            path: etc/passwd\n",
    ),
    (
        "probe-without-handler",
        CONTAINER + "        livenessProbe:\n          periodSeconds: 10\n",
        "spec.template.spec.containers[0].livenessProbe", "Required value",
        CONTAINER + "        livenessProbe:\n          periodSeconds: 10\n          exec:\n            command: [cat, /tmp/healthy]\n",
    ),
    (
        "host-network-port-mismatch",
        "      hostNetwork: true\n" + CONTAINER + "        ports:\n        - containerPort: 8080\n          hostPort: 8081\n",
        "spec.template.spec.containers[0].ports[0].hostPort", "Invalid value",
        "      hostNetwork: true\n" + CONTAINER + "        ports:\n        - containerPort: 8080\n          hostPort: 8080\n",
    ),
]


@pytest.mark.parametrize(("name", "pod", "field", "error_type", "fixed"), CASES, ids=[c[0] for c in CASES])
def test_refused_like_the_server(name: str, pod: str, field: str, error_type: str, fixed: str) -> None:
    text = HEAD + pod
    found = lint_text(text)
    api = [f for f in found if f.api_error is not None]
    matching = [f for f in api if f.api_error["field"] == field and f.api_error["type"] == error_type]
    assert matching, "\n".join(f"{f.code} {f.message}" for f in found) or "(no findings)"
    finding = matching[0]
    assert finding.code == "JL016" and finding.severity == "error"
    assert finding.message.startswith(f"{field}: {error_type}")
    # The finding points into the pod spec, not at the top of the document.
    assert finding.line > HEAD.count("\n") - 1


@pytest.mark.parametrize(("name", "pod", "field", "error_type", "fixed"), CASES, ids=[c[0] for c in CASES])
def test_corrected_version_is_accepted(name: str, pod: str, field: str, error_type: str, fixed: str) -> None:
    found = lint_text(HEAD + fixed)
    refused = [f"{f.code} {f.message}" for f in found if f.api_error is not None or f.code.startswith("JL9")]
    assert refused == []
