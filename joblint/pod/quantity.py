"""resource.Quantity: parsing, comparison and the canonical form the server stores.

STUB: being written; the entry points below have their final signatures.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError
from .context import PodContext

Errors = list[FieldError]


class Quantity:  # placeholder for the final class
    pass

