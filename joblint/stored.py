"""`joblint defaults`: each Job and CronJob as the API server would store it.

The output is what `kubectl get -o yaml` (or `-o json`) shows: the defaulted object (joblint.defaults)
plus what the server's JSON encoding writes for fields that are empty but not left out
(`serverform`), optionally with keys sorted the way kubectl sorts them.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

from .analysis import analyze
from .show import dump_json
from .source import read_path

# Field order of the Go structs whose fields the server form adds (so that an added field sits
# where the server prints it).
_OBJECT_META_ORDER = (
    "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
    "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
    "ownerReferences", "finalizers", "managedFields",
)
_CONTAINER_ORDER = (
    "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
    "resizePolicy", "restartPolicy", "restartPolicyRules", "volumeMounts", "volumeDevices",
    "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
    "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty",
)
_CLAIM_SPEC_ORDER = (
    "accessModes", "selector", "resources", "volumeName", "storageClassName", "volumeMode",
    "dataSource", "dataSourceRef", "volumeAttributesClassName",
)
_TEMPLATE_ORDER = ("metadata", "spec")
_ISCSI_ORDER = (
    "targetPortal", "iqn", "lun", "iscsiInterface", "fsType", "readOnly", "portals",
    "chapAuthDiscovery", "chapAuthSession", "secretRef", "initiatorName",
)
_RESOURCE_FIELD_ORDER = ("containerName", "resource", "divisor")
_PREFERRED_TERM_ORDER = ("weight", "preference")


def _with_field(obj: dict[str, Any], key: str, value: Any, order: tuple[str, ...]) -> dict[str, Any]:
    """`obj` with `key` set to `value` where the Go struct has it, if it is missing."""
    if key in obj:
        return obj
    rank = {k: i for i, k in enumerate(order)}
    mine = rank[key]
    out: dict[str, Any] = {}
    placed = False
    for k, v in obj.items():
        if not placed and rank.get(k, len(order)) > mine:
            out[key] = value
            placed = True
        out[k] = v
    if not placed:
        out[key] = value
    return out


def _meta(meta: Any) -> Any:
    # metav1.Time has no omitempty effect: an unset creationTimestamp is written as null.
    if meta is None:
        return {"creationTimestamp": None}
    if isinstance(meta, dict):
        return _with_field(meta, "creationTimestamp", None, _OBJECT_META_ORDER)
    return meta


def _resource_field_ref(ref: Any) -> Any:
    # ResourceFieldSelector.divisor is a resource.Quantity value: written as "0" when unset.
    if isinstance(ref, dict):
        return _with_field(ref, "divisor", "0", _RESOURCE_FIELD_ORDER)
    return ref


def _downward_items(items: Any) -> Any:
    if not isinstance(items, list):
        return items
    out = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("resourceFieldRef"), dict):
            item = {**item, "resourceFieldRef": _resource_field_ref(item["resourceFieldRef"])}
        out.append(item)
    return out


def _http_get(action: Any) -> Any:
    # HTTPHeader.value has no omitempty: a header without value is written `value: ""`.
    headers = action.get("httpHeaders") if isinstance(action, dict) else None
    if not isinstance(headers, list):
        return action
    assert isinstance(action, dict)
    fixed = [_with_field(h, "value", "", ("name", "value")) if isinstance(h, dict) else h for h in headers]
    return {**action, "httpHeaders": fixed}


def _handler(handler: Any) -> Any:
    if not isinstance(handler, dict):
        return handler
    if isinstance(handler.get("httpGet"), dict):
        handler = {**handler, "httpGet": _http_get(handler["httpGet"])}
    if isinstance(handler.get("sleep"), dict):
        # SleepAction.seconds has no omitempty (0 is valid once PodLifecycleSleepActionAllowZero is on).
        handler = {**handler, "sleep": _with_field(handler["sleep"], "seconds", 0, ("seconds",))}
    return handler


def _container(c: Any) -> Any:
    if not isinstance(c, dict):
        return c
    # ResourceRequirements is a struct value: encoding/json writes `resources: {}` when empty.
    c = _with_field(c, "resources", {}, _CONTAINER_ORDER)
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        if isinstance(c.get(probe), dict):
            c = {**c, probe: _handler(c[probe])}
    lifecycle = c.get("lifecycle")
    if isinstance(lifecycle, dict):
        c = {**c, "lifecycle": {k: _handler(v) if k in ("postStart", "preStop") else v for k, v in lifecycle.items()}}
    env = c.get("env")
    if isinstance(env, list):
        new_env = []
        for var in env:
            value_from = var.get("valueFrom") if isinstance(var, dict) else None
            if isinstance(value_from, dict) and isinstance(value_from.get("resourceFieldRef"), dict):
                var = {**var, "valueFrom": {**value_from, "resourceFieldRef": _resource_field_ref(value_from["resourceFieldRef"])}}
            new_env.append(var)
        c = {**c, "env": new_env}
    return c


def _volume(v: Any) -> Any:
    if not isinstance(v, dict):
        return v
    downward = v.get("downwardAPI")
    if isinstance(downward, dict) and "items" in downward:
        v = {**v, "downwardAPI": {**downward, "items": _downward_items(downward["items"])}}
    projected = v.get("projected")
    if isinstance(projected, dict) and "sources" not in projected:
        # ProjectedVolumeSource.sources has no omitempty: written `sources: null` when unset.
        v = {**v, "projected": {"sources": None, **projected}}
    iscsi = v.get("iscsi")
    if isinstance(iscsi, dict):
        # ISCSIVolumeSource.lun has no omitempty (0 is a valid LUN).
        v = {**v, "iscsi": _with_field(iscsi, "lun", 0, _ISCSI_ORDER)}
    if isinstance(projected, dict) and isinstance(projected.get("sources"), list):
        sources = []
        for source in projected["sources"]:
            if isinstance(source, dict) and isinstance(source.get("downwardAPI"), dict) and "items" in source["downwardAPI"]:
                source = {**source, "downwardAPI": {**source["downwardAPI"], "items": _downward_items(source["downwardAPI"]["items"])}}
            sources.append(source)
        v = {**v, "projected": {**projected, "sources": sources}}
    ephemeral = v.get("ephemeral")
    if isinstance(ephemeral, dict) and isinstance(ephemeral.get("volumeClaimTemplate"), dict):
        claim = ephemeral["volumeClaimTemplate"]
        claim = _with_field(claim, "metadata", None, _TEMPLATE_ORDER)
        claim = {**claim, "metadata": _meta(claim["metadata"])}
        if isinstance(claim.get("spec"), dict):
            # VolumeResourceRequirements is a struct value, like a container's resources.
            claim = {**claim, "spec": _with_field(claim["spec"], "resources", {}, _CLAIM_SPEC_ORDER)}
        v = {**v, "ephemeral": {**ephemeral, "volumeClaimTemplate": claim}}
    return v


def _affinity(affinity: Any) -> Any:
    node = affinity.get("nodeAffinity") if isinstance(affinity, dict) else None
    preferred = node.get("preferredDuringSchedulingIgnoredDuringExecution") if isinstance(node, dict) else None
    if not isinstance(preferred, list):
        return affinity
    # PreferredSchedulingTerm.preference is a struct value.
    terms = [_with_field(t, "preference", {}, _PREFERRED_TERM_ORDER) if isinstance(t, dict) else t for t in preferred]
    assert isinstance(affinity, dict) and isinstance(node, dict)
    return {**affinity, "nodeAffinity": {**node, "preferredDuringSchedulingIgnoredDuringExecution": terms}}


def _pod_spec(spec: Any) -> Any:
    if not isinstance(spec, dict):
        return spec
    out = dict(spec)
    security = out.get("securityContext")
    if isinstance(security, dict) and isinstance(security.get("sysctls"), list):
        # Sysctl.value has no omitempty.
        sysctls = [_with_field(x, "value", "", ("name", "value")) if isinstance(x, dict) else x for x in security["sysctls"]]
        out["securityContext"] = {**security, "sysctls": sysctls}
    for key in ("initContainers", "containers", "ephemeralContainers"):
        if isinstance(out.get(key), list):
            out[key] = [_container(c) for c in out[key]]
    if isinstance(out.get("volumes"), list):
        out["volumes"] = [_volume(v) for v in out["volumes"]]
    if "affinity" in out:
        out["affinity"] = _affinity(out["affinity"])
    return out


def _pod_template(template: Any) -> Any:
    if not isinstance(template, dict):
        return template
    template = _with_field(template, "metadata", None, _TEMPLATE_ORDER)
    return {**template, "metadata": _meta(template["metadata"]), "spec": _pod_spec(template.get("spec"))} if "spec" in template else {**template, "metadata": _meta(template["metadata"])}


def _job_spec(spec: Any) -> Any:
    if isinstance(spec, dict) and "template" in spec:
        return {**spec, "template": _pod_template(spec["template"])}
    return spec


def server_form(obj: dict[str, Any]) -> dict[str, Any]:
    """The stored object as the server's JSON encoding writes it: struct-valued fields it never
    leaves out (`creationTimestamp: null` in embedded object metadata, a container's
    `resources: {}`, a resourceFieldRef's `divisor: "0"`, ...). Returns a new dict; `obj` (shared
    by the rules) is left alone."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return obj
    if obj.get("kind") == "CronJob":
        job_template = spec.get("jobTemplate")
        if isinstance(job_template, dict):
            job_template = _with_field(job_template, "metadata", None, _TEMPLATE_ORDER)
            job_template = {**job_template, "metadata": _meta(job_template["metadata"])}
            if "spec" in job_template:
                job_template["spec"] = _job_spec(job_template["spec"])
            spec = {**spec, "jobTemplate": job_template}
    else:
        spec = _job_spec(spec)
    return {**obj, "spec": spec}


def _go_yaml_less(a: str, b: str) -> bool:
    """Key order of the YAML writer kubectl uses (go-yaml v2's keyList.Less): letters after
    every other character, runs of digits compared by value."""
    ar, br = a, b
    for i in range(min(len(ar), len(br))):
        if ar[i] == br[i]:
            continue
        al, bl = ar[i].isalpha(), br[i].isalpha()
        if al and bl:
            return ar[i] < br[i]
        if al or bl:
            return bl
        an = bn = 0
        if ar[i] == "0" or br[i] == "0":
            j = i - 1
            while j >= 0 and ar[j].isdecimal():
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and ar[ai].isdecimal():
            an = an * 10 + int(ar[ai])
            ai += 1
        bi = i
        while bi < len(br) and br[bi].isdecimal():
            bn = bn * 10 + int(br[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ar[i] < br[i]
    return len(ar) < len(br)


def _go_yaml_cmp(a: str, b: str) -> int:
    if _go_yaml_less(a, b):
        return -1
    return 1 if _go_yaml_less(b, a) else 0


_GO_YAML_KEY = functools.cmp_to_key(_go_yaml_cmp)


def sort_keys(data: Any, fmt: str = "yaml") -> Any:
    """`data` with every mapping's keys in the order kubectl prints them: `-o yaml` in go-yaml's
    order, `-o json` in byte order (encoding/json sorts map keys)."""
    if isinstance(data, dict):
        keys = sorted(data, key=_GO_YAML_KEY) if fmt == "yaml" else sorted(data, key=lambda k: k.encode("utf-8", "surrogatepass"))
        return {k: sort_keys(data[k], fmt) for k in keys}
    if isinstance(data, list):
        return [sort_keys(v, fmt) for v in data]
    return data


# Plain scalars go-yaml v2 (the writer behind `kubectl get -o yaml`) reads as something other than
# a string (resolve.go): it writes such strings double-quoted (`cpu: "2"`, `type: ""`).
_GO_YAML_SPECIAL = frozenset(
    ["~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE", "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<"]
)
_GO_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_GO_YAML_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_GO_YAML_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?"
)
_GO_INT = re.compile(r"[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)")


def _go_yaml_quotes(text: str) -> bool:
    """Whether go-yaml v2 writes `text` double-quoted: it would read back as null, a bool, a
    number (underscores ignored), a timestamp, a merge key, or a base-60 float."""
    if text == "" or text in _GO_YAML_SPECIAL:
        return True
    if text[0] not in "0123456789+-.":
        return False
    plain = text.replace("_", "")
    return bool(
        _GO_INT.fullmatch(plain)
        or _GO_YAML_FLOAT.fullmatch(plain)
        or re.fullmatch(r"-?0b[01]+", plain)
        or _GO_YAML_BASE60.fullmatch(text)
        or _GO_YAML_TIMESTAMP.fullmatch(text)
    )


# go-yaml v2 folds long plain and quoted scalars at spaces past this column (best_width); kubectl
# keeps that behaviour (it never calls FutureLineWrap).
KUBECTL_LINE_WIDTH = 80


@functools.cache
def _kubectl_yaml(width: int) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import SafeRepresenter

    class KubectlRepresenter(SafeRepresenter):
        def represent_go_str(self, data: str) -> Any:
            if "\n" in data:  # go-yaml v2: a literal block (the emitter falls back if it cannot)
                return self.represent_scalar("tag:yaml.org,2002:str", data, style="|")
            if _go_yaml_quotes(data):
                return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
            return self.represent_str(data)

    KubectlRepresenter.add_representer(str, KubectlRepresenter.represent_go_str)
    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = KubectlRepresenter
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]  # the order given
    yaml.width = width
    return yaml


def dump_kubectl_yaml(data: Any, fold: bool = False) -> str:
    """YAML written the way `kubectl get -o yaml` (go-yaml v2) writes scalars: strings that would
    read back as another type double-quoted, multi-line strings as literal blocks, and with
    `fold`, long strings folded at column 80 as kubectl does. Mapping order is the one given."""
    stream = io.StringIO()
    _kubectl_yaml(KUBECTL_LINE_WIDTH if fold else 4096).dump(data, stream)
    return stream.getvalue()


def stored_objects(
    paths: list[str], version: str, fmt: str, stdin: bytes | None = None, sorted_keys: bool = False
) -> tuple[str, list[str]]:
    """The defaulted objects rendered as a YAML stream or a JSON list, and the problems met."""
    objects: list[dict[str, Any]] = []
    problems: list[str] = []
    for path in paths:
        source = read_path(path, stdin=stdin if path == "-" else None)
        for problem in source.problems:
            problems.append(f"{path}:{problem.line}:{problem.column}: {problem.code} {problem.message}")
        for doc in source.documents:
            analysis = analyze(doc, version)
            if analysis.stored is not None:
                obj = server_form(analysis.stored_dict())
                objects.append(sort_keys(obj, fmt) if sorted_keys else obj)
            elif analysis.kind in ("Job", "CronJob"):
                reason = analysis.issues[0].message if analysis.issues else "cannot be decoded"
                line, column = doc.start
                problems.append(f"{path}:{line}:{column}: {analysis.kind} not stored: {reason}")
    if fmt == "json":
        return dump_json(objects[0] if len(objects) == 1 else objects), problems
    return "---\n".join(dump_kubectl_yaml(o, fold=sorted_keys) for o in objects), problems
