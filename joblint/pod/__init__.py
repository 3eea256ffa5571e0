"""Create-time validation of a pod template, as the API server runs it on a Job's template.

Follows pkg/apis/core/validation (ValidatePodTemplateSpec and everything under it). The
functions work on the defaulted pod template in API JSON form (camelCase dicts and lists, as
`model.dump()` gives it): strict decoding has already checked every type, so a value here has
the type the schema says. Like the Kubernetes code, each function appends FieldErrors with the
server's field paths, types and texts and never raises.
"""

from __future__ import annotations

from .spec import validate_pod_template

__all__ = ["validate_pod_template"]
