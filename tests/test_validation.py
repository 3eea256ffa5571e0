"""Create-time validation of Job and CronJob: one case per API error, exact text and field."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from joblint.defaults import PLACEHOLDER_UID, default_cronjob, default_job
from joblint.errors import FieldError
from joblint.model import CronJob, Job
from joblint.validation import (
    cronjob_warnings,
    job_warnings,
    selector_matches,
    validate_cronjob,
    validate_indexes_format,
    validate_job,
)
from joblint.model import LabelSelector

Body = dict[str, Any]

BASE_JOB: Body = {
    "apiVersion": "batch/v1",
    "kind": "Job",
    "metadata": {"name": "pi"},
    "spec": {
        "template": {
            "spec": {
                "containers": [{"name": "main", "image": "busybox:1.36"}],
                "restartPolicy": "Never",
            }
        }
    },
}

REGEX_LABEL_VALUE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
    "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
DNS_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
DNS_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)


def errors_of_job(body: Body, version: str = "1.37") -> list[FieldError]:
    return validate_job(default_job(Job.model_validate(body), version), version)


def job_with(mutate: Callable[[Body], None]) -> Body:
    body = copy.deepcopy(BASE_JOB)
    mutate(body)
    return body


def spec(**fields: Any) -> Callable[[Body], None]:
    def apply(body: Body) -> None:
        body["spec"].update(fields)

    return apply


def pod(**fields: Any) -> Callable[[Body], None]:
    def apply(body: Body) -> None:
        body["spec"]["template"]["spec"].update(fields)

    return apply


def container(**fields: Any) -> Callable[[Body], None]:
    def apply(body: Body) -> None:
        body["spec"]["template"]["spec"]["containers"][0].update(fields)

    return apply


def both(*fns: Callable[[Body], None]) -> Callable[[Body], None]:
    def apply(body: Body) -> None:
        for fn in fns:
            fn(body)

    return apply


def meta(**fields: Any) -> Callable[[Body], None]:
    def apply(body: Body) -> None:
        body["metadata"].update(fields)

    return apply


def assert_has(errs: list[FieldError], expected: str) -> None:
    texts = [str(e) for e in errs]
    assert expected in texts, "\n".join(texts)
    err = errs[texts.index(expected)]
    assert expected.startswith(err.field + ": ")


def test_valid_job_has_no_errors() -> None:
    for version in ("1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"):
        assert errors_of_job(BASE_JOB, version) == []


PFP_RULE_EXIT = {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [1]}}
IDX = {"completionMode": "Indexed", "completions": 5}

JOB_CASES: list[tuple[str, Callable[[Body], None], str, str]] = [
    # --- restartPolicy
    ("restart-default", pod(restartPolicy=None), "1.37",
     'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'),
    ("restart-always", pod(restartPolicy="Always"), "1.37",
     'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'),
    ("restart-unknown-job", pod(restartPolicy="Sometimes"), "1.37",
     'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"'),
    ("restart-unknown-pod", pod(restartPolicy="Sometimes"), "1.37",
     'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'),
    ("restart-with-pfp", both(pod(restartPolicy="OnFailure"), spec(podFailurePolicy={"rules": [PFP_RULE_EXIT]})), "1.37",
     'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'),
    # --- numbers
    ("parallelism-negative", spec(parallelism=-1), "1.37",
     "spec.parallelism: Invalid value: -1: must be greater than or equal to 0"),
    ("completions-negative", spec(completions=-2), "1.37",
     "spec.completions: Invalid value: -2: must be greater than or equal to 0"),
    ("active-deadline-negative", spec(activeDeadlineSeconds=-5), "1.37",
     "spec.activeDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0"),
    ("backoff-negative", spec(backoffLimit=-1), "1.37",
     "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"),
    ("ttl-negative", spec(ttlSecondsAfterFinished=-1), "1.37",
     "spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0"),
    ("pod-active-deadline-zero", pod(activeDeadlineSeconds=0), "1.37",
     "spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"),
    # --- completion mode and Indexed limits
    ("completion-mode-unknown", spec(completionMode="Sometimes"), "1.37",
     'spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"'),
    ("indexed-needs-completions", spec(completionMode="Indexed", parallelism=2), "1.37",
     "spec.completions: Required value: when completion mode is Indexed"),
    ("indexed-parallelism-limit", spec(completionMode="Indexed", completions=5, parallelism=100_001), "1.37",
     "spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed"),
    ("max-failed-gt-completions", spec(**IDX, backoffLimitPerIndex=1, maxFailedIndexes=6), "1.37",
     "spec.maxFailedIndexes: Invalid value: 6: must be less than or equal to completions"),
    ("max-failed-limit", spec(completionMode="Indexed", completions=200_000, backoffLimitPerIndex=1, maxFailedIndexes=100_001), "1.37",
     "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000"),
    ("high-completions-need-max-failed", spec(completionMode="Indexed", completions=100_001, backoffLimitPerIndex=1), "1.37",
     "spec.maxFailedIndexes: Required value: must be specified when completions is above 100000"),
    ("high-completions-parallelism", spec(completionMode="Indexed", completions=100_001, parallelism=10_001, backoffLimitPerIndex=1, maxFailedIndexes=10), "1.37",
     "spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index"),
    ("high-completions-max-failed", spec(completionMode="Indexed", completions=100_001, backoffLimitPerIndex=1, maxFailedIndexes=10_001), "1.37",
     "spec.maxFailedIndexes: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index"),
    ("indexed-hostname", both(meta(name="a" * 62), spec(**IDX)), "1.37",
     f'metadata.name: Invalid value: "{"a" * 62}": will not able to create pod with invalid DNS label: {"a" * 62}-4'),
    # --- backoffLimitPerIndex / maxFailedIndexes
    ("blpi-negative", spec(**IDX, backoffLimitPerIndex=-1), "1.37",
     "spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0"),
    ("max-failed-negative", spec(**IDX, backoffLimitPerIndex=1, maxFailedIndexes=-1), "1.37",
     "spec.maxFailedIndexes: Invalid value: -1: must be greater than or equal to 0"),
    ("max-failed-needs-blpi", spec(**IDX, maxFailedIndexes=1), "1.37",
     "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"),
    ("blpi-needs-indexed", spec(backoffLimitPerIndex=1), "1.37",
     "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"),
    ("max-failed-needs-indexed", spec(backoffLimitPerIndex=1, maxFailedIndexes=1), "1.37",
     "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode"),
    # --- podFailurePolicy
    ("pfp-too-many-rules", spec(podFailurePolicy={"rules": [PFP_RULE_EXIT] * 21}), "1.37",
     "spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items"),
    ("pfp-action-required", spec(podFailurePolicy={"rules": [{"onExitCodes": {"operator": "In", "values": [1]}}]}), "1.37",
     'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'),
    ("pfp-action-unknown", spec(podFailurePolicy={"rules": [{"action": "Retry", "onExitCodes": {"operator": "In", "values": [1]}}]}), "1.37",
     'spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"'),
    ("pfp-fail-index-needs-blpi", spec(**IDX, podFailurePolicy={"rules": [{"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [1]}}]}), "1.37",
     'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set'),
    ("pfp-operator-required", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"values": [1]}}]}), "1.37",
     'spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]'),
    ("pfp-operator-unknown", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"operator": "Has", "values": [1]}}]}), "1.37",
     'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Has": supported values: "In", "NotIn"'),
    ("pfp-container-name", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"containerName": "side", "operator": "In", "values": [1]}}]}), "1.37",
     'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "side": must be one of the container or initContainer names in the pod template'),
    ("pfp-values-required", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": []}}]}), "1.37",
     "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required"),
    ("pfp-values-missing", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In"}}]}), "1.37",
     "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32(nil): at least one value is required"),
    ("pfp-values-too-many", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": list(range(1, 257))}}]}), "1.37",
     "spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items"),
    ("pfp-value-zero-in", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [0, 1]}}]}), "1.37",
     "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator"),
    ("pfp-value-duplicate", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [1, 1]}}]}), "1.37",
     "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 1"),
    ("pfp-values-ordered", spec(podFailurePolicy={"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [3, 2]}}]}), "1.37",
     "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 2}: must be ordered"),
    ("pfp-condition-type", spec(podFailurePolicy={"rules": [{"action": "Ignore", "onPodConditions": [{"type": "bad type", "status": "True"}]}]}), "1.37",
     "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"bad type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    ("pfp-condition-status", spec(podFailurePolicy={"rules": [{"action": "Ignore", "onPodConditions": [{"type": "X", "status": "Maybe"}]}]}), "1.37",
     'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"'),
    ("pfp-conditions-too-many", spec(podFailurePolicy={"rules": [{"action": "Ignore", "onPodConditions": [{"type": "X"}] * 21}]}), "1.37",
     "spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items"),
    ("pfp-both-requirements", spec(podFailurePolicy={"rules": [{"action": "Ignore", "onExitCodes": {"operator": "In", "values": [1]}, "onPodConditions": [{"type": "X"}]}]}), "1.37",
     "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported"),
    ("pfp-no-requirement", spec(podFailurePolicy={"rules": [{"action": "Ignore"}]}), "1.37",
     "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"),
    # --- podReplacementPolicy
    ("replacement-with-pfp", spec(podFailurePolicy={"rules": [PFP_RULE_EXIT]}, podReplacementPolicy="TerminatingOrFailed"), "1.37",
     'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'),
    ("replacement-unknown", spec(podReplacementPolicy="Never"), "1.37",
     'spec.podReplacementPolicy: Unsupported value: "Never": supported values: "Failed", "TerminatingOrFailed"'),
    # --- successPolicy
    ("success-needs-indexed", spec(successPolicy={"rules": [{"succeededCount": 1}]}), "1.37",
     "spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{batch.SuccessPolicyRule{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(0xc000000000)}}}: requires indexed completion mode"),
    ("success-rules-required", spec(**IDX, successPolicy={"rules": []}), "1.37",
     "spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified"),
    ("success-too-many-rules", spec(**IDX, successPolicy={"rules": [{"succeededCount": 1}] * 21}), "1.37",
     "spec.successPolicy.rules: Too many: 21: must have at most 20 items"),
    ("success-rule-empty", spec(**IDX, successPolicy={"rules": [{}]}), "1.37",
     "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified"),
    ("success-indexes-too-large", spec(**IDX, successPolicy={"rules": [{"succeededIndexes": "0-5"}]}), "1.37",
     'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-5": error parsing succeededIndexes: too large index: "5"'),
    ("success-indexes-order", spec(**IDX, successPolicy={"rules": [{"succeededIndexes": "3,1"}]}), "1.37",
     'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1'),
    ("success-indexes-not-int", spec(**IDX, successPolicy={"rules": [{"succeededIndexes": "a"}]}), "1.37",
     'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "a": error parsing succeededIndexes: cannot convert string to integer for index: "a"'),
    ("success-indexes-three-parts", spec(**IDX, successPolicy={"rules": [{"succeededIndexes": "1-2-3"}]}), "1.37",
     'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "1-2-3": error parsing succeededIndexes: the fragment "1-2-3" violates the requirement that an index interval can have at most two parts separated by \'-\''),
    ("success-indexes-too-long", spec(completionMode="Indexed", completions=100_000, successPolicy={"rules": [{"succeededIndexes": "1" * 65_537}]}), "1.37",
     "spec.successPolicy.rules[0].succeededIndexes: Too long: may not be more than 65536 bytes"),
    ("success-indexes-too-long-1.31", spec(completionMode="Indexed", completions=100_000, successPolicy={"rules": [{"succeededIndexes": "1" * 65_537}]}), "1.31",
     "spec.successPolicy.rules[0].succeededIndexes: Too long: must have at most 65536 bytes"),
    ("success-count-negative", spec(**IDX, successPolicy={"rules": [{"succeededCount": -1}]}), "1.37",
     "spec.successPolicy.rules[0].succeededCount: Invalid value: -1: must be greater than or equal to 0"),
    ("success-count-gt-completions", spec(**IDX, successPolicy={"rules": [{"succeededCount": 6}]}), "1.37",
     "spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)"),
    ("success-count-gt-indexes", spec(**IDX, successPolicy={"rules": [{"succeededIndexes": "0-1", "succeededCount": 3}]}), "1.37",
     "spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)"),
    # --- managedBy
    ("managed-by-not-prefixed", spec(managedBy="kueue"), "1.37",
     'spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")'),
    ("managed-by-bad-host", spec(managedBy="Example.com/q"), "1.37",
     f'spec.managedBy: Invalid value: "Example.com": {DNS_SUBDOMAIN_MSG}'),
    ("managed-by-bad-path", spec(managedBy="example.com/a b"), "1.37",
     "spec.managedBy: Invalid value: \"a b\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"),
    ("managed-by-empty", spec(managedBy=""), "1.37", "spec.managedBy: Required value"),
    ("managed-by-too-long", spec(managedBy="example.com/" + "a" * 60), "1.37",
     "spec.managedBy: Too long: may not be more than 63 bytes"),
    # --- selector
    ("selector-required", spec(manualSelector=True), "1.37", "spec.selector: Required value"),
    ("selector-not-matching", spec(manualSelector=True, selector={"matchLabels": {"app": "x"}}), "1.37",
     "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"),
    ("selector-operator", spec(manualSelector=True, selector={"matchExpressions": [{"key": "a", "operator": "Near"}]}), "1.37",
     'spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator'),
    ("selector-values-required", spec(manualSelector=True, selector={"matchExpressions": [{"key": "a", "operator": "In"}]}), "1.37",
     "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
    ("selector-values-forbidden", spec(manualSelector=True, selector={"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}), "1.37",
     "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
    ("selector-label-value", spec(manualSelector=True, selector={"matchLabels": {"a": "-x"}}), "1.37",
     f'spec.selector.matchLabels: Invalid value: "-x": {REGEX_LABEL_VALUE}'),
    ("selector-not-generated", spec(selector={"matchLabels": {"batch.kubernetes.io/controller-uid": "other"}}), "1.37",
     'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated'),
    ("generated-label-conflict", lambda b: b["spec"]["template"].update(metadata={"labels": {"job-name": "other"}}), "1.37",
     'spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"'
     + PLACEHOLDER_UID + '", "batch.kubernetes.io/job-name":"pi", "controller-uid":"' + PLACEHOLDER_UID
     + '", "job-name":"other"}: must be \'pi\''),
    # --- metadata
    ("name-required", meta(name=None), "1.37", "metadata.name: Required value: name or generateName is required"),
    ("name-dns-subdomain", meta(name="Pi"), "1.37", f'metadata.name: Invalid value: "Pi": {DNS_SUBDOMAIN_MSG}'),
    ("name-too-long-for-label", meta(name="a" * 64), "1.37",
     f'spec.template.labels: Invalid value: "{"a" * 64}": must be no more than 63 characters'),
    ("generate-name-invalid", meta(name=None, generateName="Pi-"), "1.37",
     f'metadata.generateName: Invalid value: "Pi-": {DNS_SUBDOMAIN_MSG}'),
    ("namespace-invalid", meta(namespace="Team_A"), "1.37", f'metadata.namespace: Invalid value: "Team_A": {DNS_LABEL_MSG}'),
    ("label-key-invalid", meta(labels={"a/b/c": "x"}), "1.37",
     "metadata.labels: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
    ("label-prefix-empty", meta(labels={"/a": "x"}), "1.37", 'metadata.labels: Invalid value: "/a": prefix part must be non-empty'),
    ("label-value-invalid", meta(labels={"a": "x y"}), "1.37", f'metadata.labels: Invalid value: "x y": {REGEX_LABEL_VALUE}'),
    ("annotation-key-invalid", meta(annotations={"bad key": "x"}), "1.37",
     "metadata.annotations: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    ("annotations-too-long", meta(annotations={"a": "x" * 262_144}), "1.37", "metadata.annotations: Too long: may not be more than 262144 bytes"),
    ("annotations-too-long-1.30", meta(annotations={"a": "x" * 262_144}), "1.30", "metadata.annotations: Too long: must have at most 262144 bytes"),
    ("finalizer-invalid", meta(finalizers=["a b"]), "1.37",
     "metadata.finalizers: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    # --- pod template
    ("template-annotation", lambda b: b["spec"]["template"].update(metadata={"annotations": {"-a": "x"}}), "1.37",
     "spec.template.annotations: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    ("containers-required", pod(containers=[]), "1.37", "spec.template.spec.containers: Required value"),
    ("container-name-required", container(name=None), "1.37", "spec.template.spec.containers[0].name: Required value"),
    ("container-name-dns-label", container(name="Main"), "1.37", f'spec.template.spec.containers[0].name: Invalid value: "Main": {DNS_LABEL_MSG}'),
    ("container-name-dots", container(name="a.b"), "1.37", 'spec.template.spec.containers[0].name: Invalid value: "a.b": must not contain dots'),
    ("container-name-duplicate", pod(containers=[{"name": "a", "image": "x"}, {"name": "a", "image": "y"}]), "1.37",
     'spec.template.spec.containers[1].name: Duplicate value: "a"'),
    ("init-container-name-duplicate", pod(initContainers=[{"name": "main", "image": "x"}]), "1.37",
     'spec.template.spec.initContainers[0].name: Duplicate value: "main"'),
    ("image-required", container(image=None), "1.37", "spec.template.spec.containers[0].image: Required value"),
    ("init-image-required", pod(initContainers=[{"name": "init"}]), "1.37", "spec.template.spec.initContainers[0].image: Required value"),
    ("container-restart-policy", container(restartPolicy="Always"), "1.33",
     "spec.template.spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"),
    ("pull-policy", container(imagePullPolicy="Sometimes"), "1.37",
     'spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'),
    ("termination-message-policy", container(terminationMessagePolicy="Log"), "1.37",
     'spec.template.spec.containers[0].terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError"'),
    ("env-name-required", container(env=[{"value": "x"}]), "1.37", "spec.template.spec.containers[0].env[0].name: Required value"),
    ("env-name-relaxed", container(env=[{"name": "A=B"}]), "1.37",
     "spec.template.spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"),
    ("env-name-strict", container(env=[{"name": "1A"}]), "1.31",
     "spec.template.spec.containers[0].env[0].name: Invalid value: \"1A\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"),
    ("env-name-dotdot", container(env=[{"name": "..a"}]), "1.31",
     "spec.template.spec.containers[0].env[0].name: Invalid value: \"..a\": must not start with '..'"),
    ("port-required", container(ports=[{"name": "http"}]), "1.37", "spec.template.spec.containers[0].ports[0].containerPort: Required value"),
    ("port-range", container(ports=[{"containerPort": 70000}]), "1.37",
     "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
    ("port-protocol", container(ports=[{"containerPort": 80, "protocol": "ICMP"}]), "1.37",
     'spec.template.spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'),
    ("port-name", container(ports=[{"containerPort": 80, "name": "HTTP"}]), "1.37",
     'spec.template.spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'),
    ("dns-policy", pod(dnsPolicy="Google"), "1.37",
     'spec.template.spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'),
    ("service-account-name", pod(serviceAccountName="Bot"), "1.37", f'spec.template.spec.serviceAccountName: Invalid value: "Bot": {DNS_SUBDOMAIN_MSG}'),
    ("node-selector", pod(nodeSelector={"disk": "fast ssd"}), "1.37", f'spec.template.spec.nodeSelector: Invalid value: "fast ssd": {REGEX_LABEL_VALUE}'),
    ("volume-name-duplicate", pod(volumes=[{"name": "v"}, {"name": "v"}]), "1.37", 'spec.template.spec.volumes[1].name: Duplicate value: "v"'),
    ("hostname", pod(hostname="Host"), "1.37", f'spec.template.spec.hostname: Invalid value: "Host": {DNS_LABEL_MSG}'),
    ("ephemeral-containers", pod(ephemeralContainers=[{"name": "debug", "image": "busybox"}]), "1.37",
     "spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template"),
]


@pytest.mark.parametrize(("mutate", "version", "expected"), [c[1:] for c in JOB_CASES], ids=[c[0] for c in JOB_CASES])
def test_job_error(mutate: Callable[[Body], None], version: str, expected: str) -> None:
    assert_has(errors_of_job(job_with(mutate), version), expected)


def test_error_keeps_field_path() -> None:
    errs = errors_of_job(job_with(spec(parallelism=-1)))
    assert [e.field for e in errs] == ["spec.parallelism"]


def test_long_job_name_reports_both_job_name_labels() -> None:
    errs = errors_of_job(job_with(meta(name="a" * 64)))
    assert [e.field for e in errs] == ["spec.template.labels", "spec.template.labels"]


def test_long_job_name_with_template_labels_also_reports_job_labels() -> None:
    def mutate(b: Body) -> None:
        b["metadata"]["name"] = "a" * 64
        b["spec"]["template"]["metadata"] = {"labels": {"app": "x"}}

    errs = errors_of_job(job_with(mutate))
    assert [e.field for e in errs] == ["metadata.labels"] * 2 + ["spec.template.labels"] * 2


def test_name_of_63_is_fine() -> None:
    assert errors_of_job(job_with(meta(name="a" * 63))) == []


def test_managed_by_too_long_message_before_1_32() -> None:
    # managedBy exists on a Job only from 1.32 (dropped before); a CronJob keeps it, see below.
    assert errors_of_job(job_with(spec(managedBy="example.com/" + "a" * 60)), "1.31") == []


def test_success_policy_dropped_in_1_30_so_no_error() -> None:
    assert errors_of_job(job_with(spec(successPolicy={"rules": [{"succeededCount": 1}]})), "1.30") == []


def test_selector_matches() -> None:
    sel = LabelSelector.model_validate({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x"]}]})
    assert selector_matches(sel, {"a": "y"}) is True
    assert selector_matches(sel, {"a": "x"}) is False
    assert selector_matches(LabelSelector(), {}) is True
    assert selector_matches(None, {"a": "x"}) is False


def test_indexes_format_counts() -> None:
    assert validate_indexes_format("0,2-4", 5) == 4


def test_job_name_warning() -> None:
    j = default_job(Job.model_validate(job_with(meta(name="a.b"))), "1.37")
    assert job_warnings(j) == [
        "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; "
        "a DNS label is recommended: [must not contain dots]"
    ]


# --- CronJob -------------------------------------------------------------------------------

BASE_CRONJOB: Body = {
    "apiVersion": "batch/v1",
    "kind": "CronJob",
    "metadata": {"name": "nightly"},
    "spec": {
        "schedule": "0 3 * * *",
        "jobTemplate": {
            "spec": {
                "template": {
                    "spec": {
                        "containers": [{"name": "main", "image": "busybox:1.36"}],
                        "restartPolicy": "OnFailure",
                    }
                }
            }
        },
    },
}


def errors_of_cronjob(body: Body, version: str = "1.37") -> list[FieldError]:
    return validate_cronjob(default_cronjob(CronJob.model_validate(body), version), version)


def cj_with(mutate: Callable[[Body], None]) -> Body:
    body = copy.deepcopy(BASE_CRONJOB)
    mutate(body)
    return body


def cj_spec(**fields: Any) -> Callable[[Body], None]:
    return lambda b: b["spec"].update(fields)


def jt_spec(**fields: Any) -> Callable[[Body], None]:
    return lambda b: b["spec"]["jobTemplate"]["spec"].update(fields)


CRON_CASES: list[tuple[str, Callable[[Body], None], str, str]] = [
    ("schedule-required", cj_spec(schedule=""), "1.37", "spec.schedule: Required value"),
    ("starting-deadline-negative", cj_spec(startingDeadlineSeconds=-10), "1.37",
     "spec.startingDeadlineSeconds: Invalid value: -10: must be greater than or equal to 0"),
    ("concurrency-policy", cj_spec(concurrencyPolicy="Sometimes"), "1.37",
     'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"'),
    ("successful-history-negative", cj_spec(successfulJobsHistoryLimit=-1), "1.37",
     "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0"),
    ("failed-history-negative", cj_spec(failedJobsHistoryLimit=-1), "1.37",
     "spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0"),
    ("name-too-long", lambda b: b["metadata"].update(name="a" * 53), "1.37",
     f'metadata.name: Invalid value: "{"a" * 53}": must be no more than 52 characters'),
    ("job-template-selector", jt_spec(selector={"matchLabels": {"a": "b"}}), "1.37",
     'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated'),
    ("job-template-manual-selector", jt_spec(manualSelector=True), "1.37",
     'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"'),
    ("job-template-restart-default", lambda b: b["spec"]["jobTemplate"]["spec"]["template"]["spec"].pop("restartPolicy"), "1.37",
     'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'),
    ("job-template-parallelism", jt_spec(parallelism=-1), "1.37",
     "spec.jobTemplate.spec.parallelism: Invalid value: -1: must be greater than or equal to 0"),
    ("job-template-indexed", jt_spec(completionMode="Indexed"), "1.37",
     "spec.jobTemplate.spec.completions: Required value: when completion mode is Indexed"),
    ("job-template-containers", lambda b: b["spec"]["jobTemplate"]["spec"]["template"]["spec"].update(containers=[]), "1.37",
     "spec.jobTemplate.spec.template.spec.containers: Required value"),
    ("job-template-managed-by-1.31", jt_spec(managedBy="example.com/" + "a" * 60), "1.31",
     "spec.jobTemplate.spec.managedBy: Too long: may not be longer than 63"),
    ("job-template-managed-by-1.37", jt_spec(managedBy="example.com/" + "a" * 60), "1.37",
     "spec.jobTemplate.spec.managedBy: Too long: may not be more than 63 bytes"),
]


@pytest.mark.parametrize(("mutate", "version", "expected"), [c[1:] for c in CRON_CASES], ids=[c[0] for c in CRON_CASES])
def test_cronjob_error(mutate: Callable[[Body], None], version: str, expected: str) -> None:
    assert_has(errors_of_cronjob(cj_with(mutate), version), expected)


def test_valid_cronjob_has_no_errors() -> None:
    for version in ("1.30", "1.33", "1.37"):
        assert errors_of_cronjob(BASE_CRONJOB, version) == []


def test_cronjob_name_of_52_is_fine() -> None:
    assert errors_of_cronjob(cj_with(lambda b: b["metadata"].update(name="a" * 52))) == []


def test_cronjob_schedule_errors_come_from_cron_module() -> None:
    from joblint import cron
    body = cj_with(cj_spec(schedule="not a schedule"))
    expected = [str(e) for e in cron.validate_schedule("not a schedule", "spec.schedule")]
    assert expected
    texts = [str(e) for e in errors_of_cronjob(body)]
    assert texts[: len(expected)] == expected


def test_cronjob_name_warning() -> None:
    cj = CronJob.model_validate(cj_with(lambda b: b["metadata"].update(name="Nightly")))
    assert len(cronjob_warnings(cj)) == 1
