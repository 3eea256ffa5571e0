"""Strict decoding of Job and CronJob objects: what the API server's JSON decoder refuses.

The structure of every field (the pod template included) comes from the Kubernetes OpenAPI schema
of the target version, compiled by bench/compile_schemas.py into joblint/schema/data/<version>.json.
"""

from __future__ import annotations

from .decode import DecodeError, strict_errors
from .tables import schema_for

__all__ = ["DecodeError", "schema_for", "strict_errors"]
