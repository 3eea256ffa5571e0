"""resource.Quantity: parsing, comparison and the canonical form the server stores.

A port of k8s.io/apimachinery/pkg/api/resource (quantity.go, suffix.go, amount.go,
scale_int.go) as of the newest source found (the 2026 tree: DecimalSI values past "E" and below
"n", and BinarySI values past "Ei", print in exponent notation instead of losing their magnitude;
exponents outside the int32 range are refused as a bad suffix). No floating point anywhere: a
value is an exact integer coefficient times a power of ten.

Go keeps a quantity either as an int64Amount (value, base-10 scale) or as an inf.Dec; the two
behave differently in a few places the server's output depends on (which parsed strings are
kept verbatim, when RoundUp forgets that string, how Value() rounds negative numbers), so the
representation is tracked too (`_dec`).
"""

from __future__ import annotations

from functools import lru_cache

DECIMAL_EXPONENT = "DecimalExponent"
BINARY_SI = "BinarySI"
DECIMAL_SI = "DecimalSI"

NANO, MICRO, MILLI = -9, -6, -3

QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
QUANTITY_SUFFIX = "unable to parse quantity's suffix"
QUANTITY_NUMERIC = "unable to parse numeric part of quantity"

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1
_MAX_INT32 = (1 << 31) - 1
_MAX_INT64_FACTORS = 18  # maxInt64Factors
_MAX_ALLOWED = _INT64_MAX  # maxAllowed: the cap of BinarySI values
# Beyond this many decimal places of padding we keep (coefficient, exponent) instead of writing
# the zeros out as inf.Dec would; only absurd exponents reach it, and only Value() notices.
_MATERIALIZE_LIMIT = 64
# Coefficients stay well below Python's int/str conversion limit (4300 digits).
_MAX_DIGITS = 4000

_DIGITS = frozenset("0123456789")
_SUFFIX_CHARS = frozenset("eEinumkKMGTP")

# suffix -> (base, exponent, format); suffixer.interpret's tables
_SUFFIXES: dict[str, tuple[int, int, str]] = {
    "": (10, 0, DECIMAL_SI),
    "n": (10, -9, DECIMAL_SI),
    "u": (10, -6, DECIMAL_SI),
    "m": (10, -3, DECIMAL_SI),
    "k": (10, 3, DECIMAL_SI),
    "M": (10, 6, DECIMAL_SI),
    "G": (10, 9, DECIMAL_SI),
    "T": (10, 12, DECIMAL_SI),
    "P": (10, 15, DECIMAL_SI),
    "E": (10, 18, DECIMAL_SI),
    "Ki": (2, 10, BINARY_SI),
    "Mi": (2, 20, BINARY_SI),
    "Gi": (2, 30, BINARY_SI),
    "Ti": (2, 40, BINARY_SI),
    "Pi": (2, 50, BINARY_SI),
    "Ei": (2, 60, BINARY_SI),
}
_DECIMAL_SUFFIX = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_BINARY_SUFFIX = {1: "Ki", 2: "Mi", 3: "Gi", 4: "Ti", 5: "Pi", 6: "Ei"}


class QuantityError(ValueError):
    """ParseQuantity's error; `message` is the server's text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _wrap64(value: int) -> int:
    """Two's complement int64 wrap-around, as Go's int64 arithmetic does."""
    return ((value + (1 << 63)) & ((1 << 64) - 1)) - (1 << 63)


def _big_int64(value: int) -> int:
    """big.Int.Int64(): the low 64 bits of the magnitude, with the sign applied."""
    low = _wrap64(abs(value) & ((1 << 64) - 1))
    return _wrap64(-low) if value < 0 else low


def _fits64(value: int) -> bool:
    return _INT64_MIN <= value <= _INT64_MAX


def _ndigits(value: int) -> int:
    return len(str(abs(value))) if value else 0


def _round_away(coef: int, exp: int, scale: int) -> tuple[int, int, bool]:
    """(coef·10^exp) rounded away from zero to a multiple of 10^scale (scale > exp)."""
    shift = scale - exp
    magnitude = abs(coef)
    if shift > _ndigits(magnitude) + 1:
        q, exact = (1 if magnitude else 0), magnitude == 0
    else:
        q, r = divmod(magnitude, 10**shift)
        exact = r == 0
        if not exact:
            q += 1
    return (-q if coef < 0 else q), scale, exact


def _compare(c1: int, e1: int, c2: int, e2: int) -> int:
    """Exact comparison of c1·10^e1 and c2·10^e2 without writing huge powers out."""
    s1 = (c1 > 0) - (c1 < 0)
    s2 = (c2 > 0) - (c2 < 0)
    if s1 != s2:
        return 1 if s1 > s2 else -1
    if s1 == 0:
        return 0
    # magnitudes: 10^(d-1+e) <= |c|·10^e < 10^(d+e)
    top1 = _ndigits(c1) + e1
    top2 = _ndigits(c2) + e2
    if top1 != top2:
        bigger = top1 > top2
        return s1 if bigger else -s1
    if e1 >= e2:
        a, b = abs(c1) * 10 ** (e1 - e2), abs(c2)
    else:
        a, b = abs(c1), abs(c2) * 10 ** (e2 - e1)
    if a == b:
        return 0
    return s1 if a > b else -s1


class Quantity:
    """A resource.Quantity: exact value `coef`·10^`exp`, its Format, and the string kept from parsing.

    Instances are immutable; the operations return new quantities."""

    __slots__ = ("_dec", "_s", "coef", "exp", "format")

    def __init__(self, coef: int, exp: int, fmt: str, s: str | None = None, dec: bool = False) -> None:
        self.coef = coef
        self.exp = exp
        self.format = fmt
        self._s = s
        self._dec = dec

    # --- inspection -------------------------------------------------------------------------

    def sign(self) -> int:
        """Quantity.Sign."""
        return (self.coef > 0) - (self.coef < 0)

    def is_zero(self) -> bool:
        return self.coef == 0

    def cmp(self, other: Quantity) -> int:
        """Quantity.Cmp: -1, 0 or 1."""
        return _compare(self.coef, self.exp, other.coef, other.exp)

    def cmp_int(self, value: int) -> int:
        """Quantity.CmpInt64."""
        return _compare(self.coef, self.exp, value, 0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Quantity) and self.cmp(other) == 0

    def __hash__(self) -> int:
        if self.coef == 0:
            return 0
        text = str(abs(self.coef)).rstrip("0")
        return hash((self.sign(), text, self.exp + _ndigits(self.coef)))

    def __repr__(self) -> str:
        return f"Quantity({self.string()!r})"

    def __str__(self) -> str:
        return self.string()

    # --- scaled values ----------------------------------------------------------------------

    def scaled_value(self, scale: int) -> int:
        """Quantity.ScaledValue: q / 10^scale rounded away from zero, as an int64.

        The newest source rounds both representations away from zero (TestNegativeValueRoundsAwayFromZero,
        the fix of kubernetes#110653); out of the int64 range the int64Amount form saturates
        (AsScaledInt64) and the inf.Dec form keeps big.Int.Int64()'s low bits."""
        if self.coef == 0:
            return 0
        if self.exp < scale:
            result, _, _ = _round_away(self.coef, self.exp, scale)
        elif self.exp - scale >= 19 + _ndigits(self.coef):
            # far out of range: only the sign (saturation) or, for inf.Dec, the low bits matter
            if not self._dec:
                return _INT64_MAX if self.coef > 0 else _INT64_MIN
            result = self.coef * 10 ** (self.exp - scale) if self.exp - scale <= 256 else 0
        else:
            result = self.coef * 10 ** (self.exp - scale)
        if _fits64(result):
            return result
        if not self._dec:
            return _INT64_MAX if result > 0 else _INT64_MIN
        return _big_int64(result)

    def value(self) -> int:
        """Quantity.Value: rounded up (away from zero) to an integer."""
        return self.scaled_value(0)

    def milli_value(self) -> int:
        """Quantity.MilliValue."""
        return self.scaled_value(MILLI)

    def is_integer(self) -> bool:
        """True when the value has no fractional part (MilliValue()%1000 == 0 for small values)."""
        return self.exp >= 0 or self.coef % (10 ** (-self.exp)) == 0

    # --- operations -------------------------------------------------------------------------

    def round_up(self, scale: int) -> Quantity:
        """Quantity.RoundUp(scale): at least 10^scale precision, rounding away from zero.

        SetDefaults_ResourceList calls it with -3 (milli) on every container request and limit."""
        if self._dec:
            if self.exp >= scale:
                return Quantity(self.coef, self.exp, self.format, None, True)
            coef, exp, _ = _round_away(self.coef, self.exp, scale)
            return Quantity(coef, exp, self.format, None, True)
        if self.exp >= scale:
            return self
        coef, exp, _ = _round_away(self.coef, self.exp, scale)
        return Quantity(coef, exp, self.format, None, False)

    def add(self, other: Quantity) -> Quantity:
        """Quantity.Add: the exact sum; the format of whichever side is not zero first."""
        fmt = self.format
        if self.coef == 0:
            fmt = other.format
        if other.coef == 0:
            return Quantity(self.coef, self.exp, fmt, None, self._dec)
        if self.coef == 0 and not self._dec and not other._dec:
            return Quantity(other.coef, other.exp, fmt, None, False)
        exp = min(self.exp, other.exp)
        shift_a, shift_b = self.exp - exp, other.exp - exp
        if max(shift_a + _ndigits(self.coef), shift_b + _ndigits(other.coef)) > _MAX_DIGITS + 100:
            # Only absurd exponents get here; writing the exact sum out could take gigabytes, and
            # the smaller term cannot show in any comparison that matters, so keep the larger.
            larger = self if _compare(abs(self.coef), self.exp, abs(other.coef), other.exp) >= 0 else other
            return Quantity(larger.coef, larger.exp, fmt, None, True)
        a = self.coef * 10**shift_a
        b = other.coef * 10**shift_b
        total = a + b
        int64 = not self._dec and not other._dec and _fits64(a) and _fits64(b) and _fits64(total)
        return Quantity(total, exp, fmt, None, not int64)

    def neg(self) -> Quantity:
        return Quantity(-self.coef, self.exp, self.format, None, self._dec)

    # --- printing ---------------------------------------------------------------------------

    def string(self) -> str:
        """Quantity.String: the string kept from parsing, else the canonical form."""
        if self._s is not None:
            return self._s
        return self.canonical_form()

    def canonical(self) -> str:
        """What the server stores and prints for this quantity (Quantity.String)."""
        return self.string()

    def canonical_form(self) -> str:
        """CanonicalizeBytes: the canonical text, ignoring any string kept from parsing."""
        if self.coef == 0:
            return "0"
        fmt = self.format
        rounded = 0
        if fmt == BINARY_SI:
            if self.cmp_int(-1024) > 0 and self.cmp_int(1024) < 0:
                fmt = DECIMAL_SI
            else:
                coef, exp = self.coef, self.exp
                exact = True
                if exp < 0:
                    coef, exp, exact = _round_away(coef, exp, 0)
                if not exact:
                    fmt = DECIMAL_SI
                else:
                    rounded = coef * 10**exp
        elif fmt not in (DECIMAL_SI, DECIMAL_EXPONENT):
            fmt = DECIMAL_EXPONENT
        if fmt == BINARY_SI:
            amount, times = _remove_factors(rounded, 1024)
            if times == 0:
                return str(amount)
            if times in _BINARY_SUFFIX:
                return f"{amount}{_BINARY_SUFFIX[times]}"
            fmt = DECIMAL_EXPONENT  # past "Ei": exact decimal, exponent notation
        number, exponent = self._canonical_decimal()
        if fmt == DECIMAL_SI and exponent in _DECIMAL_SUFFIX:
            return number + _DECIMAL_SUFFIX[exponent]
        if exponent == 0:
            return number
        return f"{number}e{exponent}"

    def _canonical_decimal(self) -> tuple[str, int]:
        """AsCanonicalBytes: the mantissa without trailing zeros, the exponent a multiple of 3."""
        text = str(abs(self.coef))
        stripped = text.rstrip("0")
        exponent = self.exp + (len(text) - len(stripped))
        extra = exponent % 3
        if extra:
            stripped += "0" * extra
            exponent -= extra
        return ("-" + stripped if self.coef < 0 else stripped), exponent


def _remove_factors(value: int, base: int) -> tuple[int, int]:
    """removeInt64Factors / removeBigIntFactors over the magnitude."""
    negative = value < 0
    magnitude = -value if negative else value
    times = 0
    while magnitude >= base and magnitude % base == 0:
        magnitude //= base
        times += 1
    return (-magnitude if negative else magnitude), times


def _split(text: str) -> tuple[bool, str, str, str, str]:
    """parseQuantityString: (positive, value, num, denom, suffix) or QuantityError."""
    positive = True
    pos, end = 0, len(text)
    if pos < end and text[0] in "+-":
        positive = text[0] == "+"
        pos = 1
    # leading zeros
    while True:
        if pos >= end:
            return positive, "0", "0", "", ""
        if text[pos] != "0":
            break
        pos += 1
    start = pos
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    if pos >= end:
        return positive, text, text[start:], "", ""
    num = text[start:pos] or "0"
    denom = ""
    if text[pos] == ".":
        pos += 1
        dstart = pos
        while pos < end and text[pos] in _DIGITS:
            pos += 1
        denom = text[dstart:pos]
        if pos >= end:
            return positive, text, num, denom, ""
    value = text[:pos]
    suffix_start = pos
    while pos < end and text[pos] in _SUFFIX_CHARS:
        pos += 1
    if pos >= end:
        return positive, value, num, denom, text[suffix_start:]
    if text[pos] in "+-":
        pos += 1
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    if pos < end:
        raise QuantityError(QUANTITY_FORMAT)
    return positive, value, num, denom, text[suffix_start:]


def _go_parse_int64(text: str) -> int | None:
    """strconv.ParseInt(text, 10, 64), None on error."""
    sign = text[:1] if text[:1] in ("+", "-") else ""
    body = text[len(sign):]
    if not body or any(ch not in _DIGITS for ch in body):
        return None
    significant = body.lstrip("0") or "0"
    if len(significant) > 19:
        return None
    value = -int(significant) if sign == "-" else int(significant)
    return value if _fits64(value) else None


def _interpret(suffix: str) -> tuple[int, int, str]:
    """suffixer.interpret: (base, exponent, format) or QuantityError(suffix)."""
    known = _SUFFIXES.get(suffix)
    if known is not None:
        return known
    if len(suffix) > 1 and suffix[0] in "eE":
        parsed = _go_parse_int64(suffix[1:])
        if parsed is not None and -_MAX_INT32 <= parsed <= _MAX_INT32:
            return 10, parsed, DECIMAL_EXPONENT
    raise QuantityError(QUANTITY_SUFFIX)


def _parse_decimal(value: str) -> tuple[int, int] | None:
    """inf.Dec.SetString: (unscaled, exponent) of a signed decimal; None without digits.

    Beyond _MAX_DIGITS significant digits (thousands, only in hostile input) the tail is
    rounded up into the last kept digit instead of being converted: exact conversion is
    quadratic in the length, and quantities that long differ from the server's only in
    digits nobody can read."""
    body = value
    negative = False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    whole, _, fraction = body.partition(".")
    digits = whole + fraction
    if not digits:
        return None
    exp = -len(fraction)
    significant = digits.lstrip("0")
    if len(significant) > _MAX_DIGITS:
        tail = significant[_MAX_DIGITS:]
        unscaled = int(significant[:_MAX_DIGITS]) + (1 if tail.strip("0") else 0)
        exp += len(tail)
    else:
        unscaled = int(significant or "0")
    return (-unscaled if negative else unscaled), exp


def _parse(text: str) -> Quantity:
    """ParseQuantity."""
    if not text:
        raise QuantityError(QUANTITY_FORMAT)
    if text == "0":
        return Quantity(0, 0, DECIMAL_SI, "0")
    positive, value, num, denom, suffix = _split(text)
    base, exponent, fmt = _interpret(suffix)

    scale = 0
    mantissa = 1
    if fmt == BINARY_SI:
        if exponent >= 0 and not denom:
            mantissa = 1 << exponent
            precision = 15 - len(num) - (exponent * 3 // 10) - 1
        else:
            precision = -1
    else:
        scale = exponent
        precision = _MAX_INT64_FACTORS - (len(num) + len(denom))

    if precision >= 0:
        scale -= len(denom)
        if scale >= NANO:
            shifted = num + denom
            number = int(shifted)
            result = number * mantissa
            if _fits64(result):
                if not positive:
                    result = -result
                keep = False
                if fmt == BINARY_SI:
                    keep = exponent % 10 == 0 and number & 0x07 != 0
                else:
                    keep = scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"
                return Quantity(result, scale, fmt, text if keep else None, False)

    parsed = _parse_decimal(value)
    if parsed is None:
        raise QuantityError(QUANTITY_NUMERIC)
    coef, exp = parsed
    if base == 10:
        exp += exponent
    else:
        coef <<= exponent
    negative = coef < 0
    coef = abs(coef)
    if coef:
        if exp < NANO:
            coef, exp, _ = _round_away(coef, exp, NANO)
        elif exp - NANO <= _MATERIALIZE_LIMIT:
            coef, exp = coef * 10 ** (exp - NANO), NANO  # inf.Dec rescaled to nano
    if fmt == BINARY_SI and _compare(coef, exp, _MAX_ALLOWED, 0) > 0:
        coef, exp = _MAX_ALLOWED, 0
    if fmt == BINARY_SI and coef and _compare(coef, exp, 1, 0) < 0:
        fmt = DECIMAL_SI
    return Quantity(-coef if negative else coef, exp, fmt, None, True)


def _text_of(value: str | int | float) -> str:
    """The text UnmarshalJSON hands ParseQuantity: a JSON number's own text, a string trimmed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        from ..schema.decode import json_number

        return json_number(value)
    return value.strip()


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Quantity:
    return _parse(text)


def parse_quantity(value: str | int | float) -> Quantity:
    """resource.ParseQuantity (after UnmarshalJSON's whitespace trim); raises QuantityError."""
    if not isinstance(value, (str, int, float)):
        raise QuantityError(QUANTITY_FORMAT)
    return _parse_cached(_text_of(value))


def quantity_error(text: str) -> str | None:
    """ParseQuantity's error message for exactly `text`, or None when it parses."""
    try:
        _parse_cached(text)
    except QuantityError as error:
        return error.message
    return None


@lru_cache(maxsize=4096)
def _canonical_cached(text: str) -> str:
    return _parse(text).string()


def canonical_quantity(value: str | int | float) -> str:
    """The string the server stores for a quantity written as `value` (before defaulting's round-up)."""
    if not isinstance(value, (str, int, float)):
        raise QuantityError(QUANTITY_FORMAT)
    return _canonical_cached(_text_of(value))


def try_parse(value: object) -> Quantity | None:
    """parse_quantity, or None for anything that is not a valid quantity."""
    if not isinstance(value, (str, int, float)):
        return None
    try:
        return parse_quantity(value)
    except QuantityError:
        return None
