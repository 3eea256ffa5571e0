"""resource.Quantity port (joblint.pod.quantity), checked against apimachinery's quantity_test.go."""

from __future__ import annotations

import time

import pytest

from joblint.pod.quantity import (
    BINARY_SI,
    DECIMAL_EXPONENT,
    DECIMAL_SI,
    QUANTITY_FORMAT,
    QUANTITY_NUMERIC,
    QUANTITY_SUFFIX,
    Quantity,
    QuantityError,
    canonical_quantity,
    parse_quantity,
    quantity_error,
)
from joblint.schema.decode import quantity_error as decode_quantity_error

MAX_INT64 = (1 << 63) - 1

# TestQuantityParse: input -> (coefficient, exponent, format) of the exact parsed value.
PARSE_TABLE = [
    ("0", 0, 0, DECIMAL_SI), ("0n", 0, 0, DECIMAL_SI), ("0u", 0, 0, DECIMAL_SI), ("0m", 0, 0, DECIMAL_SI),
    ("0Ki", 0, 0, BINARY_SI), ("0k", 0, 0, DECIMAL_SI), ("0Mi", 0, 0, BINARY_SI), ("0M", 0, 0, DECIMAL_SI),
    ("0Gi", 0, 0, BINARY_SI), ("0G", 0, 0, DECIMAL_SI), ("0Ti", 0, 0, BINARY_SI), ("0T", 0, 0, DECIMAL_SI),
    ("1", 1, 0, DECIMAL_SI),
    ("1Ki", 1024, 0, BINARY_SI), ("8Ki", 8 * 1024, 0, BINARY_SI), ("7Mi", 7 * 1024**2, 0, BINARY_SI),
    ("6Gi", 6 * 1024**3, 0, BINARY_SI), ("5Ti", 5 * 1024**4, 0, BINARY_SI), ("4Pi", 4 * 1024**5, 0, BINARY_SI),
    ("3Ei", 3 * 1024**6, 0, BINARY_SI), ("10Ti", 10 * 1024**4, 0, BINARY_SI), ("100Ti", 100 * 1024**4, 0, BINARY_SI),
    ("5n", 5, -9, DECIMAL_SI), ("4u", 4, -6, DECIMAL_SI), ("3m", 3, -3, DECIMAL_SI), ("9", 9, 0, DECIMAL_SI),
    ("8k", 8, 3, DECIMAL_SI), ("50k", 5, 4, DECIMAL_SI), ("7M", 7, 6, DECIMAL_SI), ("6G", 6, 9, DECIMAL_SI),
    ("5T", 5, 12, DECIMAL_SI), ("40T", 4, 13, DECIMAL_SI), ("300T", 3, 14, DECIMAL_SI), ("2P", 2, 15, DECIMAL_SI),
    ("1E", 1, 18, DECIMAL_SI),
    ("1E-3", 1, -3, DECIMAL_EXPONENT), ("1e3", 1, 3, DECIMAL_EXPONENT), ("1E6", 1, 6, DECIMAL_EXPONENT),
    ("1e9", 1, 9, DECIMAL_EXPONENT), ("1E12", 1, 12, DECIMAL_EXPONENT), ("1e15", 1, 15, DECIMAL_EXPONENT),
    ("1E18", 1, 18, DECIMAL_EXPONENT), ("1e14", 1, 14, DECIMAL_EXPONENT), ("1e13", 1, 13, DECIMAL_EXPONENT),
    ("100.035k", 100035, 0, DECIMAL_SI),
    ("0.001", 1, -3, DECIMAL_SI), ("0.0005k", 5, -1, DECIMAL_SI), ("0.005", 5, -3, DECIMAL_SI),
    ("0.05", 5, -2, DECIMAL_SI), ("0.5", 5, -1, DECIMAL_SI), ("0.00050k", 5, -1, DECIMAL_SI),
    ("0.00500", 5, -3, DECIMAL_SI), ("0.05000", 5, -2, DECIMAL_SI), ("0.50000", 5, -1, DECIMAL_SI),
    ("0.5e0", 5, -1, DECIMAL_EXPONENT), ("0.5e-1", 5, -2, DECIMAL_EXPONENT), ("0.5e-2", 5, -3, DECIMAL_EXPONENT),
    ("10.035M", 10035, 3, DECIMAL_SI),
    ("1.2e3", 12, 2, DECIMAL_EXPONENT), ("1.3E+6", 13, 5, DECIMAL_EXPONENT), ("1.40e9", 14, 8, DECIMAL_EXPONENT),
    ("1.53E12", 153, 10, DECIMAL_EXPONENT), ("1.6e15", 16, 14, DECIMAL_EXPONENT), ("1.7E18", 17, 17, DECIMAL_EXPONENT),
    ("9.01", 901, -2, DECIMAL_SI), ("8.1k", 81, 2, DECIMAL_SI), ("7.123456M", 7123456, 0, DECIMAL_SI),
    ("6.987654321G", 6987654321, 0, DECIMAL_SI), ("5.444T", 5444, 9, DECIMAL_SI), ("40.1T", 401, 11, DECIMAL_SI),
    ("300.2T", 3002, 11, DECIMAL_SI), ("2.5P", 25, 14, DECIMAL_SI), ("1.01E", 101, 16, DECIMAL_SI),
    # things that saturate or round
    ("3.001n", 4, -9, DECIMAL_SI), ("1.1E-9", 2, -9, DECIMAL_EXPONENT), ("0.0000000001", 1, -9, DECIMAL_SI),
    ("0.0000000005", 1, -9, DECIMAL_SI), ("0.00000000050", 1, -9, DECIMAL_SI), ("0.5e-9", 1, -9, DECIMAL_EXPONENT),
    ("0.9n", 1, -9, DECIMAL_SI), ("0.00000012345", 124, -9, DECIMAL_SI), ("0.00000012354", 124, -9, DECIMAL_SI),
    ("9Ei", MAX_INT64, 0, BINARY_SI), ("9223372036854775807Ki", MAX_INT64, 0, BINARY_SI), ("12E", 12, 18, DECIMAL_SI),
    # fractional binary
    ("100.035Ki", 10243584, -2, BINARY_SI), ("0.5Mi", 512 * 1024, 0, BINARY_SI), ("0.05Gi", 536870912, -1, BINARY_SI),
    ("0.025Ti", 274877906944, -1, BINARY_SI),
    # things written by trolls
    ("0.000000000001Ki", 2, -9, DECIMAL_SI), (".001", 1, -3, DECIMAL_SI), (".0001k", 100, -3, DECIMAL_SI),
    ("1.", 1, 0, DECIMAL_SI), ("1.G", 1, 9, DECIMAL_SI),
]


@pytest.mark.parametrize(("text", "coef", "exp", "fmt"), PARSE_TABLE)
def test_parse_value_and_format(text: str, coef: int, exp: int, fmt: str) -> None:
    """TestQuantityParse: the exact value and the format, also negated and with an explicit '+'."""
    expected = Quantity(coef, exp, fmt)
    got = parse_quantity(text)
    assert got.cmp(expected) == 0, got
    assert got.format == fmt
    negative = parse_quantity("-" + text)
    assert negative.cmp(expected.neg()) == 0
    assert negative.format == fmt
    plus = parse_quantity("+" + text)
    assert plus.cmp(expected) == 0 and plus.format == fmt


INVALID = [
    ("1.1.M", QUANTITY_FORMAT), ("1+1.0M", QUANTITY_FORMAT), ("0.1mi", QUANTITY_SUFFIX), ("0.1am", QUANTITY_FORMAT),
    ("aoeu", QUANTITY_FORMAT), (".5i", QUANTITY_SUFFIX), ("1i", QUANTITY_SUFFIX), ("-3.01i", QUANTITY_SUFFIX),
    ("-3.01e-", QUANTITY_SUFFIX), ("1e4294967297", QUANTITY_SUFFIX), (" 1", QUANTITY_FORMAT), ("1 ", QUANTITY_FORMAT),
    ("", QUANTITY_FORMAT), ("1ki", QUANTITY_SUFFIX), ("128mi", QUANTITY_SUFFIX), ("5e", QUANTITY_SUFFIX),
    ("1 core", QUANTITY_FORMAT), ("1ee5", QUANTITY_SUFFIX), ("+-1", QUANTITY_SUFFIX),
    ("1E2147483648", QUANTITY_SUFFIX), ("1e9223372036854775808", QUANTITY_SUFFIX),
    # the slow path reads the number with inf.Dec, which needs a digit
    (".Pi", QUANTITY_NUMERIC), (".Ei", QUANTITY_NUMERIC), ("-.e-10", QUANTITY_NUMERIC),
]


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_parse_errors(text: str, message: str) -> None:
    """TestQuantityParse's invalid inputs (and a few more), with ParseQuantity's exact message."""
    with pytest.raises(QuantityError) as raised:
        parse_quantity(text) if text.strip() == text else _parse_exact(text)
    assert raised.value.message == message
    assert quantity_error(text) == message
    assert decode_quantity_error(text) == message


def _parse_exact(text: str) -> Quantity:
    """parse_quantity trims like UnmarshalJSON; ParseQuantity itself does not."""
    problem = quantity_error(text)
    if problem:
        raise QuantityError(problem)
    return parse_quantity(text)


@pytest.mark.parametrize("text", [".", "-.", "+", "-", "+.", "000", "-0", ".Ki", "0.", "1E2147483647", "1e-2147483647"])
def test_troll_inputs_parse(text: str) -> None:
    """parseQuantityString keeps these well formed (TestParseQuantityString: "." and "-.")."""
    assert quantity_error(text) is None
    parse_quantity(text)


# TestQuantityString (expect, alternate) and TestQuantityParseEmit: what String() gives.
STRING_TABLE = [
    ("1Gi", "1024Mi"), ("300Mi", "307200Ki"), ("6Ki", None), ("1001Gi", "1025024Mi"), ("1Ti", "1024Gi"),
    ("5", "5000m"), ("500m", "0.5"), ("1G", "1000M"), ("1G", "0.001T"), ("1m", "1000u"), ("80m", None),
    ("1080m", "1.08"), ("1080m", "1080000000n"), ("300M", None), ("1T", None), ("1E", None), ("1e21", "1000E"),
    ("5e21", "5000E"), ("1e24", "1000000E"), ("1234567M", None), ("3k", None), ("1025", None), ("0", None),
    ("1e9", ".001e12"), ("1e-3", "0.001e0"), ("1e-9", "1000e-12"), ("80e-3", None), ("300e6", None),
    ("1e12", None), ("1e3", None), ("3e3", None), ("0", "00"), ("1n", None), ("80n", None), ("1080n", None),
    ("1u", None), ("80u", None), ("1080u", None),
]


@pytest.mark.parametrize(("expect", "alternate"), STRING_TABLE)
def test_string_canonical(expect: str, alternate: str | None) -> None:
    """TestQuantityString: the canonical text parses to itself, the alternate spelling prints it."""
    assert parse_quantity(expect).string() == expect
    if alternate is not None:
        assert parse_quantity(alternate).string() == expect
        assert canonical_quantity(alternate) == expect
    if expect != "0":
        assert parse_quantity("-" + expect).string() == "-" + expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("1Ki", "1Ki"), ("1Mi", "1Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1000M", "1G"), (".001Ki", "1024m"),
        (".000001Ki", "1024u"), (".000000001Ki", "1024n"), (".000000000001Ki", "2n"),
        # from the brief and the Quantity doc comment
        ("0.5Gi", "512Mi"), ("1000m", "1"), ("1.5", "1500m"), ("1e3", "1e3"), ("100M", "100M"), ("1.5Gi", "1536Mi"),
        ("1.5Ki", "1536"), ("0.5Ki", "512"), ("2000", "2k"), ("1000", "1k"), ("0.1", "100m"), ("0.1m", "100u"),
        ("-1", "-1"), ("-1.5Gi", "-1536Mi"), ("1e-10", "1e-9"), ("0.0000000001", "1n"), ("12E", "12E"),
        ("9Ei", "9223372036854775807"), ("100.035Ki", "102435840m"), ("1.5e3", "1500"), ("1.5e5", "150e3"),
        ("10e6", "10e6"), ("1000e6", "1e9"), ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("1e2000000000", "100e1999999998"), ("1e-2000000000", "1e-9"),
    ],
)
def test_parse_emit(text: str, expect: str) -> None:
    """TestQuantityParseEmit and more: the String() of a parsed quantity, and of its negation."""
    assert parse_quantity(text).string() == expect
    if not text.startswith("-"):
        assert parse_quantity("-" + text).string() == "-" + expect


@pytest.mark.parametrize("text", ["+1Ki", "01", "00100", "+100", "1E3", "1.G", "+5m", "1.5e4", "-01Ki"])
def test_parsed_string_kept_verbatim(text: str) -> None:
    """ParseQuantity keeps the input as the quantity's string when its fast path finds it
    canonical enough, even with a '+' or leading zeros; the server then prints it as written."""
    assert parse_quantity(text).string() == text


@pytest.mark.parametrize(
    ("text", "expect"),
    [("1n", "1m"), ("1u", "1m"), ("1500u", "2m"), ("1000u", "1m"), ("100m", "100m"), ("+100", "+100"), ("1", "1"),
     ("0.5Gi", "512Mi"), ("-1n", "-1m"), ("1.0001", "1001m"), ("0.1m", "1m"), ("3.001n", "1m"), ("2Mi", "2Mi")],
)
def test_round_up_milli(text: str, expect: str) -> None:
    """SetDefaults_ResourceList's RoundUp(-3): below-milli values round away from zero; a string
    kept from parsing survives when the value already had milli precision."""
    assert parse_quantity(text).round_up(-3).string() == expect


@pytest.mark.parametrize(
    ("text", "scale", "coef", "exp"),
    [("9.01", -3, 901, -2), ("9.01", -2, 901, -2), ("9.01", -1, 91, -1), ("9.01", 0, 10, 0), ("9.01", 1, 10, 0),
     ("9.01", 2, 100, 0), ("-9.01", -3, -901, -2), ("-9.01", -1, -91, -1), ("-9.01", 0, -10, 0), ("-9.01", 2, -100, 0)],
)
def test_round_up_table(text: str, scale: int, coef: int, exp: int) -> None:
    """TestQuantityRoundUp."""
    assert parse_quantity(text).round_up(scale).cmp(Quantity(coef, exp, DECIMAL_SI)) == 0


@pytest.mark.parametrize(
    ("x", "y", "expect"),
    [("0", "0", 0), ("100m", "50m", 1), ("50m", "100m", -1), ("10000T", "100Gi", 1), ("1", "1000m", 0),
     ("1Ki", "1024", 0), ("2", "1", 1), ("-1", "0", -1), ("1e2000000000", "1", 1), ("1e-2000000000", "1n", 0),
     ("1e21", "1000E", 0), ("9Ei", "8Ei", 0)],
)
def test_cmp(x: str, y: str, expect: int) -> None:
    """TestQuantityCmp (plus exponents far apart)."""
    assert parse_quantity(x).cmp(parse_quantity(y)) == expect
    assert parse_quantity(y).cmp(parse_quantity(x)) == -expect


@pytest.mark.parametrize(
    ("text", "value", "milli"),
    [("1", 1, 1000), ("500m", 1, 500), ("1.5", 2, 1500), ("2Mi", 2097152, 2097152000), ("1n", 1, 1),
     ("-1.5", -2, -1500), ("0", 0, 0), ("0.5Gi", 536870912, 536870912000), ("1e30", MAX_INT64, MAX_INT64)],
)
def test_value_and_milli_value(text: str, value: int, milli: int) -> None:
    """Value/MilliValue round up away from zero (int64Amount.AsScaledInt64) and saturate."""
    q = parse_quantity(text)
    assert q.value() == value
    assert q.milli_value() == milli


@pytest.mark.parametrize(
    ("text", "value", "milli"),
    [("-.484785E-7466", -1, -1), (".484785E-7466", 1, 1), ("-.484785E-1", -1, -49), (".484785E-1", 1, 49),
     ("-0.0005", -1, -1), ("0.0005", 1, 1), ("-1500m", -2, -1500), ("1500m", 2, 1500),
     ("-9.5000000001Gi", -10200547329, -10200547328108), ("9.5000000001Gi", 10200547329, 10200547328108),
     ("-1", -1, -1000), ("1", 1, 1000), ("0", 0, 0)],
)
def test_negative_value_rounds_away_from_zero(text: str, value: int, milli: int) -> None:
    """TestNegativeValueRoundsAwayFromZero."""
    q = parse_quantity(text)
    assert (q.value(), q.milli_value()) == (value, milli)


@pytest.mark.parametrize(
    ("value", "scale", "expect"),
    [("1n", -9, 1), ("1n", -6, 1), ("1n", -3, 1), ("1n", 0, 1), ("1u", -9, 1000), ("1u", -3, 1), ("1m", -9, 1000000),
     ("1m", -6, 1000), ("1m", 0, 1), ("1", -9, 1000000000), ("1", -3, 1000), ("1", 0, 1), ("100", -2, 10000)],
)
def test_scaled_value(value: str, scale: int, expect: int) -> None:
    """TestScaledValue / TestNewScaledSet."""
    assert parse_quantity(value).scaled_value(scale) == expect


def test_numbers_are_read_as_their_json_text() -> None:
    """A YAML number reaches ParseQuantity as Go's JSON text for it."""
    assert parse_quantity(2).string() == "2"
    assert parse_quantity(0.5).string() == "500m"
    assert canonical_quantity(1024) == "1024"
    assert canonical_quantity(1.5) == "1500m"
    with pytest.raises(QuantityError) as raised:
        parse_quantity(True)  # type: ignore[arg-type]
    assert raised.value.message == QUANTITY_FORMAT
    assert parse_quantity("  2Gi ").string() == "2Gi"  # UnmarshalJSON trims


def test_sign_and_add() -> None:
    assert parse_quantity("-1m").sign() == -1
    assert parse_quantity("0").sign() == 0
    assert parse_quantity("3Gi").sign() == 1
    # TestQuantityAddZeroPreservesSuffix: a zero takes the other side's format
    assert parse_quantity("0").add(parse_quantity("1Gi")).string() == "1Gi"
    assert parse_quantity("1Gi").add(parse_quantity("0")).string() == "1Gi"
    assert parse_quantity("500m").add(parse_quantity("1")).string() == "1500m"
    assert parse_quantity("1.5Ki").add(parse_quantity("1.5Ki")).string() == "3Ki"
    assert parse_quantity("1Mi").add(parse_quantity("1M")).string() == "2048576"
    # exponents far apart, either order
    assert parse_quantity("1" + "0" * 50).add(parse_quantity("1e45")).string() == "100001e45"
    assert parse_quantity("1e45").add(parse_quantity("1" + "0" * 50)).string() == "100001e45"
    assert parse_quantity("-1e2000000").add(parse_quantity("1")).sign() == -1


def test_equal_values_hash_alike() -> None:
    assert parse_quantity("1") == parse_quantity("1000m")
    assert hash(parse_quantity("1")) == hash(parse_quantity("1000m"))
    assert hash(parse_quantity("0")) == hash(parse_quantity("0n")) == hash(parse_quantity("0.000Ki"))
    assert len({parse_quantity("1Ki"), parse_quantity("1024"), parse_quantity("1.024k")}) == 1


def test_hostile_lengths_are_fast() -> None:
    """Thousands of digits never reach Python's int-conversion limit nor its quadratic cost;
    the exponent's leading zeros are read like strconv.ParseInt reads them."""
    start = time.perf_counter()
    long_number = "7" * 200_000
    q = parse_quantity(long_number)
    assert q.sign() == 1 and q.string().endswith("e195999")
    assert q.add(q).sign() == 1
    assert q.value() == 0 and q.cmp(parse_quantity("1")) == 1
    assert parse_quantity("0." + "0" * 6000 + "1").string() == "1n"
    assert quantity_error("1e" + "0" * 5000 + "3") is None
    assert quantity_error("1e" + "0" * 30 + "99999999999") == QUANTITY_SUFFIX
    assert time.perf_counter() - start < 2.0


def test_hostile_exponents_are_fast() -> None:
    """Exponents near the int32 limits never write their digits out."""
    start = time.perf_counter()
    for text in ["1e2147483647", "1e-2147483647", "1.5e2147483646", "-7e-2147483000"]:
        q = parse_quantity(text)
        q.string(), q.value(), q.milli_value(), q.round_up(-3).string(), q.cmp(parse_quantity("1"))
        q.add(parse_quantity("1")).string()
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("coef", "exp", "fmt", "expect"),
    [
        # TestQuantityStringBelowNano: no DecimalSI suffix below "n"
        (1, -12, DECIMAL_SI, "1e-12"), (1, -10, DECIMAL_SI, "100e-12"),
        # TestQuantityString / TestBinarySIPastEiArithmeticRoundTrip: no BinarySI suffix past "Ei"
        (1, 70, BINARY_SI, "10e69"), (2, 70, BINARY_SI, "20e69"), (1, 72, BINARY_SI, "1e72"),
        (2**70, 0, BINARY_SI, "1180591620717411303424"),
        # TestBinarySIZeroExponentString
        (2000, 0, BINARY_SI, "2000"), (-2000, 0, BINARY_SI, "-2000"),
        # TestQuantityNeg
        (-901, -2, DECIMAL_SI, "-9010m"),
        # TestMilliNewSet / TestNewSet / TestNewScaledSet (an unknown format prints as DecimalExponent)
        (1, -3, DECIMAL_SI, "1m"), (1000, -3, DECIMAL_SI, "1"), (1234000, -3, DECIMAL_SI, "1234"),
        (1024, -3, BINARY_SI, "1024m"), (1000000, -3, "invalidFormatDefaultsToExponent", "1e3"),
        (1024 * 1024, -3, BINARY_SI, "1048576m"), (1000, 0, DECIMAL_SI, "1k"), (1234000, 0, DECIMAL_SI, "1234k"),
        (1024, 0, BINARY_SI, "1Ki"), (1000000, 0, "invalidFormatDefaultsToExponent", "1e6"),
        (1024 * 1024, 0, BINARY_SI, "1Mi"), (1000, -9, DECIMAL_SI, "1u"), (1000, -6, DECIMAL_SI, "1m"),
        (0, -9, DECIMAL_SI, "0"), (0, 0, BINARY_SI, "0"), (0, 0, DECIMAL_EXPONENT, "0"),
    ],
)
def test_canonical_of_constructed_values(coef: int, exp: int, fmt: str, expect: str) -> None:
    """CanonicalizeBytes on values only Go callers build (arithmetic, NewQuantity and friends)."""
    assert Quantity(coef, exp, fmt).string() == expect
