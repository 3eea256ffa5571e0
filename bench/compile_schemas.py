"""Compile the strict Kubernetes JSON schemas into joblint's compact decode tables.

    python bench/compile_schemas.py [--source DIR] [--out joblint/schema/data]

Source: the per-version strict schemas the `kubernetes-validate` package ships (generated from the
API server's OpenAPI document, with `additionalProperties: false` on every struct). Only the types
reachable from batch/v1 Job and CronJob are kept, and each field is reduced to what strict decoding
needs: its JSON kind, the Go type name the decoder names in its errors, and the struct it belongs to.
The output is committed; joblint never reads kubernetes-validate at run time (it is a test extra).

Go type names: OpenAPI does not record named Go types (`v1.RestartPolicy` rather than `string`), so
the names the decoder prints for the enum-like fields a Job author touches are listed below from
k8s.io/api's types.go. Fields not listed print their underlying type, as the decoder would for an
unnamed type.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

VERSIONS = ("1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37")
ROOTS = {"Job": "io.k8s.api.batch.v1.Job", "CronJob": "io.k8s.api.batch.v1.CronJob"}

CORE = "io.k8s.api.core.v1."
BATCH = "io.k8s.api.batch.v1."
META = "io.k8s.apimachinery.pkg.apis.meta.v1."

# (definition, field) -> the Go type the decoder names when the JSON kind does not fit.
NAMED_TYPES: dict[tuple[str, str], str] = {
    (BATCH + "JobSpec", "completionMode"): "v1.CompletionMode",
    (BATCH + "JobSpec", "podReplacementPolicy"): "v1.PodReplacementPolicy",
    (BATCH + "CronJobSpec", "concurrencyPolicy"): "v1.ConcurrencyPolicy",
    (BATCH + "PodFailurePolicyRule", "action"): "v1.PodFailurePolicyAction",
    (BATCH + "PodFailurePolicyOnExitCodesRequirement", "operator"): "v1.PodFailurePolicyOnExitCodesOperator",
    (BATCH + "PodFailurePolicyOnPodConditionsPattern", "type"): "v1.PodConditionType",
    (BATCH + "PodFailurePolicyOnPodConditionsPattern", "status"): "v1.ConditionStatus",
    (BATCH + "JobCondition", "type"): "v1.JobConditionType",
    (BATCH + "JobCondition", "status"): "v1.ConditionStatus",
    (CORE + "PodSpec", "restartPolicy"): "v1.RestartPolicy",
    (CORE + "PodSpec", "dnsPolicy"): "v1.DNSPolicy",
    (CORE + "PodSpec", "preemptionPolicy"): "v1.PreemptionPolicy",
    (CORE + "Container", "imagePullPolicy"): "v1.PullPolicy",
    (CORE + "Container", "terminationMessagePolicy"): "v1.TerminationMessagePolicy",
    (CORE + "Container", "restartPolicy"): "v1.ContainerRestartPolicy",
    (CORE + "EphemeralContainer", "imagePullPolicy"): "v1.PullPolicy",
    (CORE + "ContainerPort", "protocol"): "v1.Protocol",
    (CORE + "Toleration", "operator"): "v1.TolerationOperator",
    (CORE + "Toleration", "effect"): "v1.TaintEffect",
    (CORE + "ResourceRequirements", "limits"): "v1.ResourceList",
    (CORE + "ResourceRequirements", "requests"): "v1.ResourceList",
    (CORE + "Capabilities", "add"): "[]v1.Capability",
    (CORE + "Capabilities", "drop"): "[]v1.Capability",
    (CORE + "SeccompProfile", "type"): "v1.SeccompProfileType",
    (CORE + "AppArmorProfile", "type"): "v1.AppArmorProfileType",
    (CORE + "SecurityContext", "procMount"): "v1.ProcMountType",
    (CORE + "PodSecurityContext", "fsGroupChangePolicy"): "v1.PodFSGroupChangePolicy",
    (CORE + "PodOS", "name"): "v1.OSName",
    (CORE + "NodeSelectorRequirement", "operator"): "v1.NodeSelectorOperator",
    (CORE + "TopologySpreadConstraint", "whenUnsatisfiable"): "v1.UnsatisfiableConstraintAction",
    (CORE + "TopologySpreadConstraint", "nodeAffinityPolicy"): "v1.NodeInclusionPolicy",
    (CORE + "TopologySpreadConstraint", "nodeTaintsPolicy"): "v1.NodeInclusionPolicy",
    (CORE + "HTTPGetAction", "scheme"): "v1.URIScheme",
    (CORE + "EmptyDirVolumeSource", "medium"): "v1.StorageMedium",
    (CORE + "HostPathVolumeSource", "type"): "v1.HostPathType",
    (CORE + "ContainerResizePolicy", "resourceName"): "v1.ResourceName",
    (CORE + "ContainerResizePolicy", "restartPolicy"): "v1.ResourceResizeRestartPolicy",
    (CORE + "PodReadinessGate", "conditionType"): "v1.PodConditionType",
    (META + "ObjectMeta", "uid"): "types.UID",
    (META + "OwnerReference", "uid"): "types.UID",
    (META + "LabelSelectorRequirement", "operator"): "v1.LabelSelectorOperator",
    (META + "ManagedFieldsEntry", "operation"): "v1.ManagedFieldsOperationType",
}

# Definitions with their own JSON decoding: the decoder reports their errors in their own words.
SPECIAL = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "intstr",
    META + "Time": "time",
    META + "MicroTime": "time",
    META + "FieldsV1": "any",
    "io.k8s.apimachinery.pkg.runtime.RawExtension": "any",
}
SPECIAL_GO = {"quantity": "resource.Quantity", "intstr": "intstr.IntOrString", "time": "v1.Time", "any": "interface {}"}


def go_struct_name(definition: str) -> str:
    parts = definition.split(".")
    return f"{parts[-2]}.{parts[-1]}"


class Compiler:
    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs
        self.types: dict[str, Any] = {}

    def ref(self, schema: dict[str, Any], owner: str, field: str) -> list[Any]:
        named = NAMED_TYPES.get((owner, field))
        if "$ref" in schema:
            target = schema["$ref"].rsplit("/", 1)[-1]
            if target in SPECIAL:
                kind = SPECIAL[target]
                return ["p", kind, SPECIAL_GO[kind]]
            definition = self.defs[target]
            if "properties" in definition or definition.get("additionalProperties") is False:
                self.struct(target)
                return ["s", target]
            return self.ref(definition, owner, field)
        types = schema.get("type") or []
        types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
        kind = types[0] if types else None
        if kind == "array":
            item = self.ref(schema.get("items") or {}, owner, field)
            go = named or "[]" + go_name(item)
            if named and named.startswith("[]"):
                item = retype(item, named[2:])
            return ["l", item, go]
        if kind == "object":
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                value = self.ref(extra, owner, field)
                return ["m", value, named or "map[string]" + go_name(value)]
            return ["p", "any", "map[string]interface {}"]
        if kind == "integer":
            fmt = schema.get("format") or "int64"
            return ["p", fmt, named or fmt]
        if kind == "number":
            return ["p", "float64", named or "float64"]
        if kind == "boolean":
            return ["p", "bool", named or "bool"]
        if kind == "string":
            if schema.get("format") == "byte":
                return ["p", "bytes", "[]uint8"]
            return ["p", "string", named or "string"]
        return ["p", "any", "interface {}"]

    def struct(self, key: str) -> None:
        if key in self.types:
            return
        entry: dict[str, Any] = {"name": key.rsplit(".", 1)[-1], "go": go_struct_name(key), "fields": {}}
        self.types[key] = entry
        for field, schema in sorted((self.defs[key].get("properties") or {}).items()):
            entry["fields"][field] = self.ref(schema, key, field)


def go_name(ref: list[Any]) -> str:
    if ref[0] == "s":
        return go_struct_name(ref[1])
    return str(ref[2])


def retype(ref: list[Any], go: str) -> list[Any]:
    return [ref[0], ref[1], go] if ref[0] == "p" else ref


def compile_version(source: Path, version: str) -> dict[str, Any]:
    path = source / f"v{version}.0-local-strict" / "_definitions.json"
    defs = json.loads(path.read_text())["$defs"]
    compiler = Compiler(defs)
    for root in ROOTS.values():
        compiler.struct(root)
    unused = [k for k in NAMED_TYPES if k[0] in compiler.types and k[1] not in compiler.types[k[0]]["fields"]]
    for owner, field in unused:
        print(f"note: {version}: {owner}.{field} is not in the schema", file=sys.stderr)
    return {"version": version, "source": f"kubernetes-validate v{version}.0-local-strict", "roots": ROOTS, "types": compiler.types}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="kubernetes-json-schema directory of kubernetes-validate")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "joblint" / "schema" / "data")
    args = parser.parse_args(argv)
    source = args.source
    if source is None:
        import kubernetes_validate  # type: ignore[import-untyped]

        source = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    args.out.mkdir(parents=True, exist_ok=True)
    for version in VERSIONS:
        data = compile_version(source, version)
        target = args.out / f"{version}.json"
        target.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")
        print(f"{target}: {len(data['types'])} types")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
