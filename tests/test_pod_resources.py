"""Resource requirements of containers, overhead and pod-level resources (joblint.pod.resources).

Cases follow pkg/apis/core/validation/validation_test.go (TestValidateResourceNames,
TestValidatePodResourceNames, TestValidatePodResources, TestValidatePodResourceConsistency and
the resource cases of TestValidateContainers); expected texts are the server's, built from
validation.go at liggitt/kubernetes 76b7f090c0e5.
"""

from __future__ import annotations

from typing import Any

import pytest

from joblint.pod.context import PodContext
from joblint.pod.quantity import parse_quantity
from joblint.pod.resources import (
    is_extended_resource_name,
    is_hugepage_value_divisible,
    validate_container_resources,
    validate_overhead,
    validate_pod_resource_name,
    validate_pod_resources,
    validate_resource_name,
)
from tests.podcases import (
    assert_error,
    assert_valid,
    container_with,
    pod_messages,
    pod_with,
)

C = "spec.template.spec.containers[0].resources"
P = "spec.template.spec"
NAME_PART = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


def resources(**fields: Any) -> dict[str, Any]:
    return container_with(resources=fields)


def ctx(spec: dict[str, Any] | None = None, version: str = "1.37") -> PodContext:
    return PodContext(version=version, spec=spec or {})


def texts(errs: list[Any]) -> list[str]:
    return [str(e) for e in errs]


# --- requests against limits -----------------------------------------------------------------


def test_request_above_limit_is_refused() -> None:
    """validateResourceRequirements: a request above its limit; the error is on `requests`."""
    assert_error(
        resources(requests={"cpu": "2"}, limits={"cpu": "1"}),
        f'{C}.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
        error_type="Invalid value",
    )


def test_request_above_limit_prints_canonical_quantities() -> None:
    """Both sides print as the server stores them (String of the defaulted quantity)."""
    assert_error(
        resources(requests={"memory": "0.5Gi"}, limits={"memory": "256Mi"}),
        f'{C}.requests: Invalid value: "512Mi": must be less than or equal to memory limit of 256Mi',
    )


@pytest.mark.parametrize(
    ("request_", "limit", "shown"),
    [("+2", "1.5", '"+2": must be less than or equal to cpu limit of 1500m'),
     (0.5, 0.25, '"500m": must be less than or equal to cpu limit of 250m'),
     ("2000m", "1", '"2": must be less than or equal to cpu limit of 1'),
     ("1e3", "1", '"1e3": must be less than or equal to cpu limit of 1')],
)
def test_request_above_limit_prints_the_stored_strings(request_: Any, limit: Any, shown: str) -> None:
    """Quantity.String: a string ParseQuantity kept (`+2`, `1e3`) prints as written; numbers
    are read as their JSON text; the rest in canonical form."""
    assert_error(resources(requests={"cpu": request_}, limits={"cpu": limit}), f"{C}.requests: Invalid value: {shown}")


@pytest.mark.parametrize(("request_", "limit"), [("1", "1"), ("500m", "1"), ("1000m", "1"), ("1Gi", "1024Mi"), ("0", "0")])
def test_request_within_limit_is_valid(request_: str, limit: str) -> None:
    assert_valid(resources(requests={"cpu": request_, "memory": "1Gi"}, limits={"cpu": limit, "memory": "1Gi"}))


def test_negative_quantity_is_refused() -> None:
    """ValidateNonnegativeQuantity: the value prints quoted (value.String())."""
    assert_error(resources(limits={"cpu": "-1"}), f'{C}.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0')
    assert_error(resources(requests={"memory": "-1Gi"}), f'{C}.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0')


def test_values_below_milli_are_rounded_up_before_validation() -> None:
    """SetDefaults_ResourceList rounds to milli first: `-1n` is validated (and printed) as `-1m`."""
    assert_error(resources(requests={"cpu": "-1n"}), f'{C}.requests[cpu]: Invalid value: "-1m": must be greater than or equal to 0')
    assert_valid(resources(requests={"cpu": "1n"}, limits={"cpu": "1m"}))


# --- resource names --------------------------------------------------------------------------


def test_unqualified_unknown_resource_is_refused() -> None:
    """validateContainerResourceName on `gpu`: not a standard resource (validateResourceName) and
    not a container resource; a core.ResourceName prints bare through its String()."""
    messages = pod_messages(resources(limits={"gpu": "1"}))
    assert messages == [
        f"{C}.limits[gpu]: Invalid value: gpu: must be a standard resource type or fully qualified",
        f"{C}.limits[gpu]: Invalid value: gpu: must be a standard resource for containers",
    ]


def test_extended_resource_in_limits_is_valid() -> None:
    """`nvidia.com/gpu: 1` in limits: requests default to it, equal, integer."""
    assert_valid(resources(limits={"nvidia.com/gpu": "1"}))
    assert_valid(resources(limits={"nvidia.com/gpu": 2}, requests={"nvidia.com/gpu": "2"}))


def test_standard_non_container_resource_is_refused() -> None:
    """`storage` and `requests.cpu` are standard resource names but not container resources."""
    assert_error(resources(limits={"storage": "1Gi"}), f"{C}.limits[storage]: Invalid value: storage: must be a standard resource for containers")
    assert_error(
        resources(limits={"requests.cpu": "1"}),
        f"{C}.limits[requests.cpu]: Invalid value: requests.cpu: must be a standard resource for containers",
    )


def test_badly_qualified_resource_name_is_refused() -> None:
    """IsQualifiedName fails, then the name is not an extended resource name either."""
    assert pod_messages(resources(limits={"example.com/bar_": "1"})) == [
        f"{C}.limits[example.com/bar_]: Invalid value: example.com/bar_: {NAME_PART}",
        f"{C}.limits[example.com/bar_]: Invalid value: example.com/bar_: doesn't follow extended resource name standard",
    ]


def test_native_prefixed_resource_is_not_checked_as_extended() -> None:
    """IsNativeResource: anything in kubernetes.io/ passes validateContainerResourceName."""
    assert_valid(resources(limits={"kubernetes.io/foo": "500m"}))


@pytest.mark.parametrize(
    ("name", "ok"),
    [("memory", True), ("cpu", True), ("storage", True), ("hugepages-2Mi", True), ("hugepages-1Gi", True),
     ("requests.cpu", True), ("requests.memory", True), ("requests.storage", True), ("limits.cpu", True),
     ("limits.memory", True), ("network", False), ("disk", False), ("", False), (".", False), ("..", False),
     ("my.favorite.app.co/12345", True), ("my.favorite.app.co/_12345", False), ("my.favorite.app.co/12345_", False),
     ("kubernetes.io/..", False), ("kubernetes.io/" + "a" * 63, True), ("kubernetes.io/" + "a" * 64, False),
     ("kubernetes.io//", False), ("kubernetes.io", False), ("kubernetes.io/will/not/work/", False)],
)
def test_validate_resource_names(name: str, ok: bool) -> None:
    """TestValidateResourceNames (validateResourceName)."""
    assert (validate_resource_name(name, "field") == []) is ok


def test_validate_resource_name_message() -> None:
    assert texts(validate_resource_name("network", "field")) == [
        "field: Invalid value: network: must be a standard resource type or fully qualified"
    ]


@pytest.mark.parametrize(
    ("name", "ok"),
    [("memory", True), ("cpu", True), ("storage", False), ("hugepages-2Mi", True), ("hugepages-1Gi", True),
     ("requests.cpu", False), ("limits.memory", False), ("network", False), ("", False),
     ("my.favorite.app.co/12345", False), ("kubernetes.io/cpu", False), ("kubernetes.io/memory", False),
     ("kubernetes.io//", False), ("kubernetes.io/will/not/work/", False)],
)
def test_validate_pod_resource_names(name: str, ok: bool) -> None:
    """TestValidatePodResourceNames (validatePodResourceName)."""
    assert (validate_pod_resource_name(name, "field") == []) is ok


def test_pod_resource_name_unsupported_message() -> None:
    assert texts(validate_pod_resource_name("storage", "field")) == [
        'field: Unsupported value: storage: supported values: "cpu", "hugepages-", "memory"'
    ]


@pytest.mark.parametrize(
    ("name", "extended"),
    [("nvidia.com/gpu", True), ("example.com/dongle", True), ("kubernetes.io/foo", False), ("cpu", False),
     ("requests.example.com/x", False), ("a.kubernetes.io/x", False), ("example.com/" + "a" * 63, True), ("example.com/" + "a" * 64, False)],
)
def test_is_extended_resource_name(name: str, extended: bool) -> None:
    """helper.IsExtendedResourceName: `requests.<name>` must still be a qualified name."""
    assert is_extended_resource_name(name) is extended


# --- extended resources ----------------------------------------------------------------------


def test_extended_resource_must_be_an_integer() -> None:
    """ValidateResourceQuantityValue: the Quantity itself is the bad value, printed bare."""
    assert_error(resources(limits={"nvidia.com/gpu": "500m"}), f"{C}.limits[nvidia.com/gpu]: Invalid value: 500m: must be an integer")


def test_extended_resource_request_needs_a_limit() -> None:
    """Not overcommitable: a request without a limit."""
    assert_error(
        resources(requests={"nvidia.com/gpu": "1"}),
        f"{C}.limits: Required value: Limit must be set for non overcommitable resources",
        error_type="Required value",
    )


def test_extended_resource_request_must_equal_limit() -> None:
    assert_error(
        resources(requests={"nvidia.com/gpu": "1"}, limits={"nvidia.com/gpu": "2"}),
        f'{C}.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2',
    )


# --- hugepages -------------------------------------------------------------------------------


def test_hugepages_need_cpu_or_memory() -> None:
    assert_error(resources(limits={"hugepages-2Mi": "4Mi"}), f"{C}: Forbidden: HugePages require cpu or memory", error_type="Forbidden")


def test_hugepages_with_memory_are_valid() -> None:
    assert_valid(resources(limits={"hugepages-2Mi": "4Mi", "memory": "1Gi"}, requests={"hugepages-2Mi": "4Mi", "memory": "1Gi"}))


def test_hugepages_must_be_a_multiple_of_the_page_size() -> None:
    """validateResourceQuantityHugePageValue (AllowIndivisibleHugePagesValues is off on create)."""
    assert_error(
        resources(limits={"hugepages-2Mi": "3Mi", "memory": "1Gi"}),
        f'{C}.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
    )


def test_hugepages_with_a_bad_page_size() -> None:
    assert_error(
        resources(limits={"hugepages-foo": "2Mi", "memory": "1Gi"}),
        f'{C}.limits[hugepages-foo]: Invalid value: "2Mi": 2Mi is not positive integer multiple of hugepages-foo',
    )


def test_hugepages_request_must_equal_limit() -> None:
    assert_error(
        resources(limits={"hugepages-2Mi": "4Mi", "memory": "1Gi"}, requests={"hugepages-2Mi": "2Mi", "memory": "1Gi"}),
        f'{C}.requests: Invalid value: "2Mi": must be equal to hugepages-2Mi limit of 4Mi',
    )


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [("hugepages-2Mi", "4Mi", True), ("hugepages-2Mi", "3Mi", False), ("hugepages-1Gi", "2Gi", True),
     ("hugepages-1Gi", "1536Mi", False), ("hugepages-1m", "1", False), ("hugepages-0", "0", False),
     ("hugepages-2Mi", "0", True)],
)
def test_is_hugepage_value_divisible(name: str, value: str, ok: bool) -> None:
    """helper.IsHugePageResourceValueDivisible."""
    assert is_hugepage_value_divisible(name, parse_quantity(value)) is ok


# --- resource claims -------------------------------------------------------------------------


def test_claim_must_name_a_pod_claim() -> None:
    """validateResourceClaimNames: NotFound with an explanation, when spec.resourceClaims is empty."""
    assert_error(
        resources(claims=[{"name": "gpu"}]),
        f'{C}.claims[0]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty',
        error_type="Not found",
    )


def test_claim_names_listed_when_not_found() -> None:
    errs = validate_container_resources(
        {"claims": [{"name": "c"}]}, "r", ctx({"resourceClaims": [{"name": "b"}, {"name": "a"}]})
    )
    assert texts(errs) == ['r.claims[0]: Not found: "c": must be one of the names in pod.spec.resourceClaims: a, b']


def test_claims_duplicate_and_required() -> None:
    spec = {"resourceClaims": [{"name": "gpu"}]}
    errs = validate_container_resources(
        {"claims": [{"name": "gpu"}, {"name": "gpu"}, {"name": ""}]}, "r", ctx(spec)
    )
    assert texts(errs) == ['r.claims[1]: Duplicate value: "gpu"', "r.claims[2]: Required value"]


def test_claim_requests() -> None:
    """A claim and one of its requests overlap; the same request twice is a duplicate; a request
    must be a DNS label."""
    spec = {"resourceClaims": [{"name": "gpu"}]}
    errs = validate_container_resources(
        {"claims": [{"name": "gpu", "request": "a"}, {"name": "gpu", "request": "a"}, {"name": "gpu"}]},
        "r",
        ctx(spec),
    )
    assert texts(errs) == ['r.claims[1]: Duplicate value: "gpu/a"', 'r.claims[2]: Duplicate value: "gpu"']
    bad = validate_container_resources({"claims": [{"name": "gpu", "request": "A_"}]}, "r", ctx(spec))
    assert texts(bad)[0].startswith('r.claims[0].request: Invalid value: "A_": a lowercase RFC 1123 label must consist of')


def test_claims_valid_end_to_end() -> None:
    spec = container_with(resources={"claims": [{"name": "gpu"}]})
    spec["resourceClaims"] = [{"name": "gpu", "resourceClaimTemplateName": "gpu-template"}]
    assert [m for m in pod_messages(spec) if "resources" in m] == []


def test_claims_ignored_while_dra_is_off() -> None:
    """Before DynamicResourceAllocation is on (1.34) the field is dropped on create."""
    assert validate_container_resources({"claims": [{"name": "gpu"}]}, "r", ctx(version="1.33")) == []
    assert validate_container_resources({"claims": [{"name": "gpu"}]}, "r", ctx(version="1.34")) != []


# --- init containers -------------------------------------------------------------------------


def test_init_container_resources_are_validated() -> None:
    spec = pod_with(initContainers=[{"name": "init", "image": "busybox", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}])
    assert_error(spec, f'{P}.initContainers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1')


# --- overhead --------------------------------------------------------------------------------


def test_overhead_is_validated_as_limits() -> None:
    """validateOverhead reuses ValidateContainerResourceRequirements with Limits: the paths gain `.limits`."""
    messages = pod_messages(pod_with(overhead={"cpu": "-1", "gpu": "1"}))
    assert f'{P}.overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0' in messages
    assert f"{P}.overhead.limits[gpu]: Invalid value: gpu: must be a standard resource for containers" in messages


def test_overhead_valid() -> None:
    assert validate_overhead({"cpu": "250m", "memory": "120Mi"}, "spec.overhead", ctx()) == []
    assert texts(validate_overhead({"hugepages-2Mi": "2Mi"}, "spec.overhead", ctx())) == [
        "spec.overhead: Forbidden: HugePages require cpu or memory"
    ]


# --- pod-level resources ---------------------------------------------------------------------


def _pod(resources_: dict[str, Any], *containers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "restartPolicy": "Never",
        "resources": resources_,
        "containers": [
            {"name": f"c{i}", "image": "busybox", "resources": c} for i, c in enumerate(containers or ({},))
        ],
    }
    spec.update(extra)
    return spec


def test_pod_requests_below_aggregate_container_requests() -> None:
    """validatePodResourceConsistency: pod requests >= the containers' sum."""
    spec = _pod({"requests": {"cpu": "10", "memory": "10Mi"}},
                {"requests": {"cpu": "6", "memory": "5Mi"}}, {"requests": {"cpu": "8", "memory": "7Mi"}})
    messages = pod_messages(spec)
    assert f'{P}.resources.requests[cpu]: Invalid value: "10": must be greater than or equal to aggregate container requests of 14' in messages
    assert f'{P}.resources.requests[memory]: Invalid value: "10Mi": must be greater than or equal to aggregate container requests of 12Mi' in messages


def test_pod_requests_equal_to_aggregate_are_valid() -> None:
    spec = _pod({"requests": {"cpu": "10", "memory": "10Mi"}},
                {"requests": {"cpu": "5", "memory": "5Mi"}}, {"requests": {"cpu": "5", "memory": "5Mi"}})
    assert_valid(spec)


def test_container_limit_above_pod_limit() -> None:
    """The path is resources.containers[i][name].limits, as the server builds it."""
    errs = validate_pod_resources(
        {"limits": {"cpu": "10", "memory": "10Mi", "hugepages-2Mi": "2Mi"}},
        "spec",
        ctx(_pod({}, {"limits": {"cpu": "11", "memory": "12Mi", "hugepages-2Mi": "4Mi"}})),
    )
    assert texts(errs) == [
        'spec.resources.limits[hugepages-2Mi]: Invalid value: "2Mi": must be greater than or equal to aggregate container limits of 4Mi',
        'spec.resources.containers[0][cpu].limits: Invalid value: "11": must be less than or equal to pod limits of 10',
        'spec.resources.containers[0][memory].limits: Invalid value: "12Mi": must be less than or equal to pod limits of 10Mi',
        'spec.resources.containers[0][hugepages-2Mi].limits: Invalid value: "4Mi": must be less than or equal to pod limits of 2Mi',
    ]


def test_hugepage_aggregate_limits_above_pod_limit() -> None:
    errs = validate_pod_resources(
        {"limits": {"cpu": "10", "hugepages-2Mi": "4Mi"}},
        "spec.resources",
        ctx(_pod({}, {"limits": {"cpu": "6", "hugepages-2Mi": "4Mi"}}, {"limits": {"cpu": "6", "hugepages-2Mi": "4Mi"}})),
    )
    assert texts(errs) == [
        'spec.resources.limits[hugepages-2Mi]: Invalid value: "4Mi": must be greater than or equal to aggregate container limits of 8Mi'
    ]


def test_sidecars_count_in_the_aggregate() -> None:
    """Restartable init containers add to the containers; other init containers only raise the max."""
    spec = _pod({"requests": {"cpu": "3"}}, {"requests": {"cpu": "2"}},
                initContainers=[{"name": "side", "image": "busybox", "restartPolicy": "Always", "resources": {"requests": {"cpu": "2"}}},
                                {"name": "init", "image": "busybox", "resources": {"requests": {"cpu": "1"}}}])
    errs = validate_pod_resources(spec["resources"], "spec", ctx(spec))
    assert texts(errs) == ['spec.resources.requests[cpu]: Invalid value: "3": must be greater than or equal to aggregate container requests of 4']
    big_init = _pod({"requests": {"cpu": "3"}}, {"requests": {"cpu": "1"}},
                    initContainers=[{"name": "init", "image": "busybox", "resources": {"requests": {"cpu": "5"}}}])
    assert texts(validate_pod_resources(big_init["resources"], "spec", ctx(big_init))) == [
        'spec.resources.requests[cpu]: Invalid value: "3": must be greater than or equal to aggregate container requests of 5'
    ]


def test_pod_resources_unsupported_name() -> None:
    assert_error(
        _pod({"limits": {"nvidia.com/gpu": "1"}}),
        f'{P}.resources.limits[nvidia.com/gpu]: Unsupported value: nvidia.com/gpu: supported values: "cpu", "hugepages-", "memory"',
        error_type="Unsupported value",
    )


def test_pod_resources_forbidden_on_windows() -> None:
    """TestValidatePodResources "unsupported os": one error, nothing more detailed."""
    spec = _pod({"requests": {"cpu": "10"}}, os={"name": "windows"})
    errs = validate_pod_resources(spec["resources"], "spec", ctx(spec))
    assert texts(errs) == ["spec.resources: Forbidden: may not be set for a windows pod"]


def test_pod_resources_claims_forbidden() -> None:
    """TestValidatePodResources "unsupported resource claims at pod level resources"."""
    spec = _pod({"requests": {"cpu": "10"}, "claims": [{"name": "resource-claim"}]},
                resourceClaims=[{"name": "resource-claim"}])
    errs = validate_pod_resources(spec["resources"], "spec", ctx(spec))
    assert texts(errs) == ["spec.resources.claims: Forbidden: claims may not be set for Resources at pod-level"]


def test_pod_resources_valid() -> None:
    """TestValidatePodResources "supported os"."""
    spec = _pod({"requests": {"cpu": "10", "memory": "10Mi"}, "limits": {"cpu": "20", "memory": "20Mi", "hugepages-2Mi": "100Mi"}},
                os={"name": "linux"})
    assert validate_pod_resources(spec["resources"], "spec", ctx(spec)) == []


def test_pod_resources_request_above_limit() -> None:
    errs = validate_pod_resources({"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}, "spec", ctx(_pod({})))
    assert texts(errs) == ['spec.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']


@pytest.mark.parametrize("version", ["1.32", "1.33"])
def test_pod_resources_ignored_before_beta(version: str) -> None:
    """PodLevelResources is on by default from 1.34; before, the field is dropped on create."""
    spec = _pod({"limits": {"nvidia.com/gpu": "1"}})
    assert validate_pod_resources(spec["resources"], "spec", ctx(spec, version)) == []
    assert validate_pod_resources(spec["resources"], "spec", ctx(spec, "1.34")) != []


# --- robustness ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [None, [], "x", {"limits": "x"}, {"limits": {"cpu": None}}, {"limits": {"cpu": "1 core"}}, {"requests": {"cpu": [1]}},
     {"claims": "x"}, {"claims": [None, 3, {"name": 5}]}, {"limits": {"cpu": True}}],
)
def test_malformed_input_never_raises(bad: Any) -> None:
    validate_container_resources(bad, "r", ctx())
    validate_overhead(bad, "o", ctx())
    validate_pod_resources(bad, "spec", ctx({"containers": "x", "initContainers": [None]}))
