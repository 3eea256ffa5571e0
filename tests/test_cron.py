"""joblint.cron against robfig/cron v3 (parser.go, spec.go, constantdelay.go) and the API server's
CronJob schedule and time zone validation.

Expected run times around DST changes are worked out by hand from robfig's SpecSchedule.Next and
Go's time.Date (comments give the steps); the rest is compared with a plain minute-by-minute
reading of the five fields.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from joblint import cron
from joblint.cron import (
    STAR_BIT,
    ConstantDelaySchedule,
    CronError,
    SpecSchedule,
    load_zone,
    parse_cron_tz_prefix,
    parse_schedule,
    validate_schedule,
    validate_time_zone,
)

try:
    from hypothesis import HealthCheck, assume, given, settings
    from hypothesis import strategies as st

    HAVE_HYPOTHESIS = True
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    HAVE_HYPOTHESIS = False

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


def runs(spec: str, start: datetime, n: int) -> list[str]:
    """The next `n` run times as ISO text (offsets show which side of a DST change)."""
    schedule = parse_schedule(spec)
    out: list[str] = []
    moment: datetime | None = start
    for _ in range(n):
        assert moment is not None
        moment = schedule.next(moment)
        if moment is None:
            break
        out.append(moment.isoformat())
    return out


# --- errors: robfig's exact texts ------------------------------------------------------------------

ERRORS = [
    ("", "empty spec string"),
    ("foo", "expected exactly 5 fields, found 1: [foo]"),
    ("   ", "expected exactly 5 fields, found 0: []"),
    ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
    ("0 0 * * * *", "expected exactly 5 fields, found 6: [0 0 * * * *]"),
    ("not a schedule", "expected exactly 5 fields, found 3: [not a schedule]"),
    (" @daily", "expected exactly 5 fields, found 1: [@daily]"),
    ("x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
    ("* * * FOO *", 'failed to parse int from FOO: strconv.Atoi: parsing "FOO": invalid syntax'),
    ("-5 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("1-x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
    ("a-b-c * * * *", 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'),
    ("*/x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
    ("99999999999999999999 * * * *",
     'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range'),
    # ParseUint stops at the first overflow, before it sees the letter.
    ("99999999999999999999x * * * *",
     'failed to parse int from 99999999999999999999x: strconv.Atoi: parsing "99999999999999999999x": value out of range'),
    ("1\t2 * * * *", "expected exactly 5 fields, found 6: [1 2 * * * *]"),
    ("é * * * *", 'failed to parse int from é: strconv.Atoi: parsing "é": invalid syntax'),
    ("*/-1 * * * *", "negative number (-1) not allowed: -1"),
    ("0-70 * * * *", "end of range (70) above maximum (59): 0-70"),
    ("60 * * * *", "end of range (60) above maximum (59): 60"),
    ("* 24 * * *", "end of range (24) above maximum (23): 24"),
    ("* * 32 * *", "end of range (32) above maximum (31): 32"),
    ("* * * 13 *", "end of range (13) above maximum (12): 13"),
    ("* * * * 7", "end of range (7) above maximum (6): 7"),
    ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
    ("* * * 0 *", "beginning of range (0) below minimum (1): 0"),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("* * * * MON-SUN", "beginning of range (1) beyond end of range (0): MON-SUN"),
    ("* * * DEC-JAN *", "beginning of range (12) beyond end of range (1): DEC-JAN"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("5/0 * * * *", "step of range should be a positive number: 5/0"),
    ("1/2/3 * * * *", "too many slashes: 1/2/3"),
    ("*/2/3 * * * *", "too many slashes: */2/3"),
    ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
    # The first bad field wins, in field order.
    ("0 x 0 * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
    ("@foo", "unrecognized descriptor: @foo"),
    ("@Daily", "unrecognized descriptor: @Daily"),
    ("@daily ", "unrecognized descriptor: @daily "),
    ("@every", "unrecognized descriptor: @every"),
    ("@every ", 'failed to parse duration @every : time: invalid duration ""'),
    ("@every 5x", 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'),
    ("@every 5", 'failed to parse duration @every 5: time: missing unit in duration "5"'),
    ("@every 1.5.5s", 'failed to parse duration @every 1.5.5s: time: missing unit in duration "1.5.5s"'),
    ("@every -", 'failed to parse duration @every -: time: invalid duration "-"'),
    ("@every .s", 'failed to parse duration @every .s: time: invalid duration ".s"'),
    ("@every  5m", 'failed to parse duration @every  5m: time: invalid duration " 5m"'),
    ("@every 1h\t", 'failed to parse duration @every 1h\t: time: unknown unit "h\\x09" in duration "1h\\x09"'),
    ("@every 1é", 'failed to parse duration @every 1é: time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
    ("@every 10000000000000h",
     'failed to parse duration @every 10000000000000h: time: invalid duration "10000000000000h"'),
    ("TZ=Mars/Base * * * * *", "provided bad location Mars/Base: unknown time zone Mars/Base"),
    ("CRON_TZ=Mars/Base @daily", "provided bad location Mars/Base: unknown time zone Mars/Base"),
    ("CRON_TZ=../etc/passwd * * * * *", "provided bad location ../etc/passwd: time: invalid location name"),
    ("TZ=/etc/localtime * * * * *", "provided bad location /etc/localtime: time: invalid location name"),
    ("TZ=europe/berlin * * * * *", "provided bad location europe/berlin: unknown time zone europe/berlin"),
    # The prefix is cut at the first space only; what follows is checked as usual.
    ("TZ=UTC * * * *", "expected exactly 5 fields, found 4: [* * * *]"),
    ("TZ=UTC\t* * * * *", "provided bad location UTC\t*: unknown time zone UTC\t*"),
]


@pytest.mark.parametrize(("spec", "message"), ERRORS, ids=[repr(e[0]) for e in ERRORS])
def test_error_messages(spec: str, message: str) -> None:
    with pytest.raises(CronError) as info:
        parse_schedule(spec)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)
    assert not info.value.panic


def test_tz_prefix_without_a_space_is_a_go_panic() -> None:
    # spec[eq+1 : i] with i == -1 panics in Go; it reaches us as a CronError marked panic.
    with pytest.raises(CronError) as info:
        parse_schedule("TZ=UTC")
    assert info.value.panic
    assert str(info.value) == "runtime error: slice bounds out of range [:-1]"


def test_zone_names_that_are_directories_or_not_zone_files() -> None:
    # time.LoadLocation reads /usr/share/zoneinfo/<name>: a directory fails reading, a file
    # that is not TZif fails decoding.
    with pytest.raises(CronError, match=r"^provided bad location America: is a directory$"):
        parse_schedule("TZ=America * * * * *")
    with pytest.raises(CronError, match=r"^provided bad location Europe/Berlin/: not a directory$"):
        parse_schedule("TZ=Europe/Berlin/ * * * * *")


# --- what parses, and to which bits ----------------------------------------------------------------


def bits(*values: int) -> int:
    return sum(1 << v for v in set(values))


def fields(spec: str) -> tuple[int, int, int, int, int]:
    s = parse_schedule(spec)
    assert isinstance(s, SpecSchedule)
    return s.minute, s.hour, s.dom, s.month, s.dow


ALL_MIN = bits(*range(60))
ALL_HOUR = bits(*range(24))
ALL_DOM = bits(*range(1, 32))
ALL_MONTH = bits(*range(1, 13))
ALL_DOW = bits(*range(7))


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("* * * * *", (ALL_MIN | STAR_BIT, ALL_HOUR | STAR_BIT, ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("? ? ? ? ?", (ALL_MIN | STAR_BIT, ALL_HOUR | STAR_BIT, ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("*/15 0 1 1 0", (bits(0, 15, 30, 45), bits(0), bits(1), bits(1), bits(0))),
        # "*/1" keeps the star bit, any larger step drops it.
        ("*/1 */2 * * *", (ALL_MIN | STAR_BIT, bits(*range(0, 24, 2)), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("5/20 1-10/3 * * *", (bits(5, 25, 45), bits(1, 4, 7, 10), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("0,,30, 0 * * *", (bits(0, 30), bits(0), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("0 0 * jan,Mar,DEC mon-FRI", (bits(0), bits(0), ALL_DOM | STAR_BIT, bits(1, 3, 12), bits(1, 2, 3, 4, 5))),
        ("0 0 * * sun,sat", (bits(0), bits(0), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, bits(0, 6))),
        ("+5 00 001 +1 0", (bits(5), bits(0), bits(1), bits(1), bits(0))),
        # A star ignores what follows its hyphen (robfig checks hyphens only for numbers).
        ("*-5 *-5-6 * * *", (ALL_MIN | STAR_BIT, ALL_HOUR | STAR_BIT, ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        # An empty list of ranges matches nothing.
        (", 0 * * *", (0, bits(0), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        # strings.ToLower maps U+0130 to a plain i: "FRİ" is Friday.
        ("0 0 * * FR\u0130", (bits(0), bits(0), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, bits(5))),
        ("@hourly", (bits(0), ALL_HOUR | STAR_BIT, ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("@daily", (bits(0), bits(0), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("@midnight", (bits(0), bits(0), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("@weekly", (bits(0), bits(0), ALL_DOM | STAR_BIT, ALL_MONTH | STAR_BIT, bits(0))),
        ("@monthly", (bits(0), bits(0), bits(1), ALL_MONTH | STAR_BIT, ALL_DOW | STAR_BIT)),
        ("@yearly", (bits(0), bits(0), bits(1), bits(1), ALL_DOW | STAR_BIT)),
        ("@annually", (bits(0), bits(0), bits(1), bits(1), ALL_DOW | STAR_BIT)),
    ],
)
def test_field_bits(spec: str, expected: tuple[int, int, int, int, int]) -> None:
    assert fields(spec) == expected


def test_whitespace_between_fields_is_go_whitespace() -> None:
    assert fields("0\t0\n*\u00a0*\u3000*") == fields("0 0 * * *")
    with pytest.raises(CronError, match="found 1"):
        parse_schedule("0\x1c0\x1c*\x1c*\x1c*")  # Python splits on \x1c, Go does not


def test_location_from_prefix() -> None:
    assert parse_schedule("CRON_TZ=Europe/Berlin 0 9 * * *").location == BERLIN
    assert parse_schedule("TZ=America/New_York   @daily").location == NEW_YORK
    assert parse_schedule("TZ=UTC 0 9 * * *").location is UTC
    assert parse_schedule("TZ= 0 9 * * *").location is UTC  # LoadLocation("") is UTC
    assert parse_schedule("CRON_TZ=Local 0 9 * * *").location is None  # time.Local: the moment's zone
    assert parse_schedule("0 9 * * *").location is None
    # @every has no location: the prefix is checked, then has no effect.
    every = parse_schedule("TZ=Europe/Berlin @every 1h")
    assert isinstance(every, ConstantDelaySchedule) and every.location is None


def test_parse_cron_tz_prefix() -> None:
    assert parse_cron_tz_prefix("0 0 * * *") == (None, "0 0 * * *")
    assert parse_cron_tz_prefix("TZ=Europe/Berlin  0 0 * * * ") == ("Europe/Berlin", "0 0 * * *")
    assert parse_cron_tz_prefix("CRON_TZ=UTC @daily") == ("UTC", "@daily")
    assert parse_cron_tz_prefix("tz=UTC @daily") == (None, "tz=UTC @daily")
    with pytest.raises(CronError):
        parse_cron_tz_prefix("CRON_TZ=UTC")


def test_text_is_kept() -> None:
    assert parse_schedule("TZ=UTC */5 * * * *").text == "TZ=UTC */5 * * * *"
    assert parse_schedule("@every 1m").text == "@every 1m"


# --- next ----------------------------------------------------------------------------------------

START = utc(2026, 1, 5, 12, 0, 0)  # a Monday

NEXT = [
    ("*/5 * * * *", START, ["2026-01-05T12:05:00+00:00", "2026-01-05T12:10:00+00:00", "2026-01-05T12:15:00+00:00"]),
    ("* * * * *", utc(2026, 1, 5, 12, 0, 59), ["2026-01-05T12:01:00+00:00", "2026-01-05T12:02:00+00:00"]),
    ("0 3 * * *", START, ["2026-01-06T03:00:00+00:00", "2026-01-07T03:00:00+00:00"]),
    ("5/20 * * * *", START, ["2026-01-05T12:05:00+00:00", "2026-01-05T12:25:00+00:00", "2026-01-05T12:45:00+00:00", "2026-01-05T13:05:00+00:00"]),
    ("0 9-17/4 * * *", START, ["2026-01-05T13:00:00+00:00", "2026-01-05T17:00:00+00:00", "2026-01-06T09:00:00+00:00"]),
    ("0 0 * * mon", START, ["2026-01-12T00:00:00+00:00", "2026-01-19T00:00:00+00:00"]),
    ("0 0 1 jan,JUL *", START, ["2026-07-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00"]),
    ("0 0 31 * *", utc(2026, 1, 31, 0, 0), ["2026-03-31T00:00:00+00:00", "2026-05-31T00:00:00+00:00"]),
    ("0 0 29 2 *", START, ["2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00"]),
    # robfig gives up after the fifth year after the moment's: 2104 is in reach from 2099, not
    # from 2098 (2100 is no leap year).
    ("0 12 29 2 *", utc(2099, 6, 1), ["2104-02-29T12:00:00+00:00"]),
    ("0 12 29 2 *", utc(2098, 3, 1), []),
    ("0 0 1 1 *", utc(2026, 1, 1, 0, 0, 0), ["2027-01-01T00:00:00+00:00"]),
    ("@yearly", utc(2025, 12, 31, 23, 59, 59, 999999), ["2026-01-01T00:00:00+00:00"]),
    ("@monthly", START, ["2026-02-01T00:00:00+00:00", "2026-03-01T00:00:00+00:00"]),
    ("@weekly", START, ["2026-01-11T00:00:00+00:00", "2026-01-18T00:00:00+00:00"]),
    ("@daily", START, ["2026-01-06T00:00:00+00:00"]),
    ("@hourly", START, ["2026-01-05T13:00:00+00:00"]),
    # A moment within a second of a run: robfig drops the fraction and starts one second on.
    ("*/5 * * * *", utc(2026, 1, 5, 12, 4, 59, 500000), ["2026-01-05T12:05:00+00:00"]),
    # dom and dow both restricted: OR (the 13th or any Friday).
    ("0 0 13 * 5", START, ["2026-01-09T00:00:00+00:00", "2026-01-13T00:00:00+00:00", "2026-01-16T00:00:00+00:00"]),
    # A star on either one: AND. "*" and "*/1" star, "1-31" and "*/2" do not.
    ("0 0 * * 5", START, ["2026-01-09T00:00:00+00:00", "2026-01-16T00:00:00+00:00"]),
    ("0 0 */1 * 5", START, ["2026-01-09T00:00:00+00:00", "2026-01-16T00:00:00+00:00"]),
    ("0 0 1-31 * 5", START, ["2026-01-06T00:00:00+00:00", "2026-01-07T00:00:00+00:00"]),
    ("0 0 */2 * 1", utc(2026, 1, 1), ["2026-01-03T00:00:00+00:00", "2026-01-05T00:00:00+00:00", "2026-01-07T00:00:00+00:00",
                                       "2026-01-09T00:00:00+00:00", "2026-01-11T00:00:00+00:00", "2026-01-12T00:00:00+00:00"]),
    ("0 0 13 * *", START, ["2026-01-13T00:00:00+00:00", "2026-02-13T00:00:00+00:00"]),
    ("0 0 30 2 *", START, []),
    ("0 0 31 4,6,9,11 *", START, []),
    (", * * * *", START, []),
]


@pytest.mark.parametrize(("spec", "start", "expected"), NEXT, ids=[f"{e[0]}@{e[1]:%Y%m%d%H%M%S}" for e in NEXT])
def test_next(spec: str, start: datetime, expected: list[str]) -> None:
    assert runs(spec, start, len(expected) or 1) == expected


def test_next_keeps_the_moments_zone_without_a_prefix() -> None:
    moment = datetime(2026, 1, 5, 13, 0, tzinfo=BERLIN)
    found = parse_schedule("0 9 * * *").next(moment)
    assert found == datetime(2026, 1, 6, 9, 0, tzinfo=BERLIN)
    assert found is not None and found.tzinfo is BERLIN
    fixed = timezone(timedelta(hours=5, minutes=30))
    found = parse_schedule("0 9 * * *").next(datetime(2026, 1, 5, 10, 0, tzinfo=fixed))
    assert found is not None and found.isoformat() == "2026-01-06T09:00:00+05:30"


def test_next_with_a_prefix_answers_in_that_zone() -> None:
    found = parse_schedule("CRON_TZ=Europe/Berlin 0 9 * * *").next(START)
    assert found is not None and found.tzinfo is BERLIN
    assert found.astimezone(UTC) == utc(2026, 1, 6, 8, 0)


def test_naive_moments_are_utc() -> None:
    assert parse_schedule("0 9 * * *").next(datetime(2026, 1, 5, 10)) == utc(2026, 1, 6, 9)


# DST. The steps below follow SpecSchedule.Next: the hour loop adds whole hours of real time
# and wraps only when the wall hour reads 0; the minute loop adds minutes and wraps at minute 0;
# time.Date resolves a missing or doubled wall time by looking the offset up at the wall time
# read as UTC, then (if that instant falls outside that offset's span) at the result.
DST = [
    # New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT. From midnight the hour loop reads
    # 00, 01, 03, ... and never 02: the day has no run; the next is on the 9th.
    ("CRON_TZ=America/New_York 30 2 * * *", datetime(2026, 3, 7, 12, tzinfo=NEW_YORK),
     ["2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00"]),
    # The same without a prefix, the moment carrying the zone.
    ("30 2 * * *", datetime(2026, 3, 7, 12, tzinfo=NEW_YORK), ["2026-03-09T02:30:00-04:00"]),
    # Hourly runs step over the missing hour.
    ("CRON_TZ=America/New_York 0 * * * *", datetime(2026, 3, 8, 0, 30, tzinfo=NEW_YORK),
     ["2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00"]),
    # New York, 2026-11-01: 02:00 EDT falls back to 01:00 EST. After 01:30 EDT the minute loop
    # wraps at 01:00 EST (minute 0), the hour still reads 1: 01:30 runs twice.
    ("CRON_TZ=America/New_York 30 1 * * *", datetime(2026, 10, 31, 12, tzinfo=NEW_YORK),
     ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"]),
    ("CRON_TZ=America/New_York 0 * * * *", datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK),
     ["2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"]),
    # A daily 00:30 run is not affected.
    ("CRON_TZ=America/New_York 30 0 * * *", datetime(2026, 10, 31, 12, tzinfo=NEW_YORK),
     ["2026-11-01T00:30:00-04:00", "2026-11-02T00:30:00-05:00"]),
    # Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 is skipped that day.
    ("CRON_TZ=Europe/Berlin 30 2 * * *", datetime(2026, 3, 28, 12, tzinfo=BERLIN),
     ["2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"]),
    ("CRON_TZ=Europe/Berlin 30 3 * * *", datetime(2026, 3, 28, 12, tzinfo=BERLIN),
     ["2026-03-29T03:30:00+02:00", "2026-03-30T03:30:00+02:00"]),
    # Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 runs twice.
    ("CRON_TZ=Europe/Berlin 30 2 * * *", datetime(2026, 10, 24, 12, tzinfo=BERLIN),
     ["2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-26T02:30:00+01:00"]),
    # Asked from the second 02:10 (CET): time.Date(…, 2, 0, 0) picks the CET 02:00 here, then
    # one hour on is 03:00 CET.
    ("CRON_TZ=Europe/Berlin 5 3 * * *", datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BERLIN),
     ["2026-10-25T03:05:00+01:00"]),
    # São Paulo, 2018-11-04: midnight did not exist (00:00 -03 became 01:00 -02). A daily
    # midnight run: the hour loop goes 23 -> 01 without reading 0, keeps adding hours through the
    # 4th, and wraps at midnight on the 5th: no run on the 4th.
    ("CRON_TZ=America/Sao_Paulo 0 0 * * *", datetime(2018, 11, 3, 12, tzinfo=SAO_PAULO),
     ["2018-11-05T00:00:00-02:00", "2018-11-06T00:00:00-02:00"]),
    # A run on the 4th: the day loop's time.Date(2018, 11, 4, 0, 0, 0) is 23:00 on the 3rd
    # (Go reads the offset at 00:00Z, -03, then at 03:00Z, -02); robfig sees hour 23, adds an
    # hour to 01:00 on the 4th, and the day matches. (Python's fold=0 would land on the 3rd and
    # skip to 2019.)
    ("CRON_TZ=America/Sao_Paulo 0 12 4 11 *", datetime(2018, 11, 1, 12, tzinfo=SAO_PAULO),
     ["2018-11-04T12:00:00-02:00", "2019-11-04T12:00:00-03:00"]),
]


@pytest.mark.parametrize(("spec", "start", "expected"), DST, ids=[f"{e[0]}@{e[1]:%Y%m%d%H%M}" for e in DST])
def test_next_across_dst(spec: str, start: datetime, expected: list[str]) -> None:
    assert runs(spec, start, len(expected)) == expected


def test_go_time_date_resolution() -> None:
    def go_date(zone: ZoneInfo, *fields: int) -> str:
        wall = cron._Wall(zone)
        return wall.at(wall.date(*fields)).isoformat()

    assert go_date(NEW_YORK, 2026, 3, 8, 2, 30, 0) == "2026-03-08T01:30:00-05:00"  # missing: back
    assert go_date(NEW_YORK, 2026, 11, 1, 1, 30, 0) == "2026-11-01T01:30:00-04:00"  # doubled: first
    assert go_date(BERLIN, 2026, 3, 29, 2, 30, 0) == "2026-03-29T03:30:00+02:00"  # missing: forward
    assert go_date(BERLIN, 2026, 10, 25, 2, 30, 0) == "2026-10-25T02:30:00+01:00"  # doubled: second
    assert go_date(BERLIN, 2026, 1, 32, 24, 0, 0) == "2026-02-02T00:00:00+01:00"  # rolls over


def test_every() -> None:
    start = utc(2026, 1, 1, 0, 0, 0, 700000)
    assert runs("@every 90m", start, 2) == ["2026-01-01T01:30:00+00:00", "2026-01-01T03:00:00+00:00"]
    # Whole seconds, at least one.
    for spec, seconds in [("@every 1h30m", 5400), ("@every 2.5s", 2), ("@every 1500ms", 1), ("@every 0", 1),
                          ("@every 0s", 1), ("@every -5m", 1), ("@every 10us", 1), ("@every 1\u00b5s", 1),
                          ("@every 1\u03bcs", 1), ("@every .5h", 1800), ("@every 1.h", 3600), ("@every +2m", 120)]:
        s = parse_schedule(spec)
        assert isinstance(s, ConstantDelaySchedule) and s.delay_seconds == seconds, spec
    # Added to the moment in real time, not wall time, and given in the moment's zone.
    found = parse_schedule("TZ=Asia/Tokyo @every 1h").next(datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK))
    assert found is not None and found.isoformat() == "2026-03-08T03:30:00-04:00"


def test_times() -> None:
    s = parse_schedule("*/20 * * * *")
    end = START + timedelta(hours=1)
    assert [t.minute for t in s.times(START, end)] == [20, 40, 0]  # (start, end]
    assert s.times(START, end)[-1] == end
    assert len(s.times(START, end, limit=2)) == 2
    assert s.times(START, START) == []
    assert parse_schedule("0 0 30 2 *").times(START, START + timedelta(days=3650)) == []
    every = parse_schedule("@every 25m")
    assert [t - START for t in every.times(START, end)] == [timedelta(minutes=25), timedelta(minutes=50)]


def test_next_is_quick() -> None:
    s = parse_schedule("*/5 * * * *")
    begin = time.perf_counter()
    assert len(s.times(START, START + timedelta(days=1))) == 288
    assert time.perf_counter() - begin < 2.0


# --- can_fire and min_interval -------------------------------------------------------------------

ANALYSIS: list[tuple[str, bool, timedelta | None]] = [
    ("* * * * *", True, timedelta(minutes=1)),
    ("*/5 * * * *", True, timedelta(minutes=5)),
    ("*/7 * * * *", True, timedelta(minutes=4)),  # 56 -> 0 of the next hour
    ("0 * * * *", True, timedelta(hours=1)),
    ("0,30 0 * * *", True, timedelta(minutes=30)),
    ("0 22,2 * * *", True, timedelta(hours=4)),  # across midnight
    ("0 9-17 * * 1-5", True, timedelta(hours=1)),
    ("0 3 * * *", True, timedelta(days=1)),
    ("@daily", True, timedelta(days=1)),
    ("@hourly", True, timedelta(hours=1)),
    ("@weekly", True, timedelta(days=7)),
    ("0 0 * * 1,5", True, timedelta(days=3)),  # Friday -> Monday
    ("0 0 * * 0,6", True, timedelta(days=1)),
    ("0 0 1 * *", True, timedelta(days=28)),  # Feb 1 -> Mar 1 in a common year
    ("@monthly", True, timedelta(days=28)),
    ("0 0 1,15 * *", True, timedelta(days=14)),
    ("0 0 31 * *", True, timedelta(days=31)),  # Jul 31 -> Aug 31
    ("0 0 28-31 * *", True, timedelta(days=1)),
    ("0 0 1 * 1", True, timedelta(days=1)),  # OR: the 1st or Mondays
    ("59 23 31 12 *", True, timedelta(days=365)),
    ("@yearly", True, timedelta(days=365)),
    ("0 0 29 2 *", True, timedelta(days=1461)),  # leap days
    ("0 0 30 2 *", False, None),
    ("0 0 31 2,4,6,9,11 *", False, None),
    ("0 0 31 4 *", False, None),
    ("0 0 30 2 1", True, timedelta(days=7)),  # OR: any Monday in February
    ("0 0 30 2 */1", False, None),  # AND with a starred dow: still Feb 30
    (", * * * *", False, None),
    ("0 0 * * ,", False, None),
    ("0 0 , * 1", True, timedelta(days=7)),  # OR: empty dom, Mondays
    ("@every 90s", True, timedelta(seconds=90)),
    ("@every 100ms", True, timedelta(seconds=1)),
    ("TZ=Europe/Berlin 0 3 * * *", True, timedelta(days=1)),
]


@pytest.mark.parametrize(("spec", "fires", "interval"), ANALYSIS, ids=[a[0] for a in ANALYSIS])
def test_can_fire_and_min_interval(spec: str, fires: bool, interval: timedelta | None) -> None:
    s = parse_schedule(spec)
    assert s.can_fire() is fires
    assert s.min_interval() == interval


@pytest.mark.parametrize("spec", ["*/5 * * * *", "0 3 * * *", "0 0 1 * *", "* * * * *", "@weekly", "0 9-17 * * 1-5"])
def test_analysis_is_cheap(spec: str) -> None:
    cron._min_interval.cache_clear()
    cron._can_fire.cache_clear()
    begin = time.perf_counter()
    s = parse_schedule(spec)
    s.can_fire()
    s.min_interval()
    assert time.perf_counter() - begin < 0.02  # ~0.1-0.5 ms; loose for slow machines


def test_min_interval_agrees_with_a_scan() -> None:
    for spec in ["0 0 1 * 1", "0 22,2 * * *", "0 0 31 * *", "30 1 1,15 * *", "0 0 * 2 1", "15 4 29 1,3 *"]:
        s = parse_schedule(spec)
        found = s.times(utc(2023, 12, 31), utc(2032, 1, 1))
        gaps = [b - a for a, b in zip(found, found[1:])]
        assert s.min_interval() == min(gaps), spec


# --- API server validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ("0 0 * * *", []),
        ("@every 1h", []),
        ("foo", ['spec.schedule: Invalid value: "foo": expected exactly 5 fields, found 1: [foo]']),
        ("0-70 * * * *", ['spec.schedule: Invalid value: "0-70 * * * *": end of range (70) above maximum (59): 0-70']),
        ('0 0 "1" * *', ['spec.schedule: Invalid value: "0 0 \\"1\\" * *": failed to parse int from "1": '
                         'strconv.Atoi: parsing "\\"1\\"": invalid syntax']),
        ("TZ=UTC 0 0 * * *",
         ['spec.schedule: Invalid value: "TZ=UTC 0 0 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']),
        # A bad zone in the prefix: both errors.
        ("CRON_TZ=Foo/Bar 0 0 * * *",
         ['spec.schedule: Invalid value: "CRON_TZ=Foo/Bar 0 0 * * *": provided bad location Foo/Bar: unknown time zone Foo/Bar',
          'spec.schedule: Invalid value: "CRON_TZ=Foo/Bar 0 0 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']),
        # Anywhere in the text, case-sensitive.
        ("0 0 * * * TZ", ['spec.schedule: Invalid value: "0 0 * * * TZ": expected exactly 5 fields, found 6: [0 0 * * * TZ]',
                          'spec.schedule: Invalid value: "0 0 * * * TZ": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']),
        ("tz=UTC 0 0 * * *", ['spec.schedule: Invalid value: "tz=UTC 0 0 * * *": expected exactly 5 fields, found 6: [tz=UTC 0 0 * * *]']),
        ("", ["spec.schedule: Required value"]),
    ],
)
def test_validate_schedule(schedule: str, expected: list[str]) -> None:
    assert [str(e) for e in validate_schedule(schedule, "spec.schedule")] == expected


def test_validate_schedule_panic_is_an_internal_error() -> None:
    (err,) = validate_schedule("TZ=UTC", "spec.schedule")
    assert str(err) == "spec.schedule: Internal error: This request caused apiserver to panic. Look in the logs for details."
    assert err.meta["panic"] == "runtime error: slice bounds out of range [:-1]"


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (None, []),
        ("Europe/Berlin", []),
        ("UTC", []),
        ("Etc/GMT+5", []),
        ("", ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']),
        ("Local", ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']),
        # EqualFold lets "local" through to LoadLocation, which does not know it.
        ("local", ['spec.timeZone: Invalid value: "local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
                   'spec.timeZone: Invalid value: "local": unknown time zone local']),
        ("Europe/Berlinn", ['spec.timeZone: Invalid value: "Europe/Berlinn": unknown time zone Europe/Berlinn']),
        ("europe/berlin", ['spec.timeZone: Invalid value: "europe/berlin": unknown time zone europe/berlin']),
        # validTimeZoneCharacters: parts of 1-14 of [A-Za-z.-_0-9+], not "." or "..", not "-x".
        ("America/Argentina/ComodRivadavia", []),  # 14 characters: the most a part may have
        ("Europe/Berlin_Brandenburg", ['spec.timeZone: Invalid value: "Europe/Berlin_Brandenburg": '
                                       'unknown time zone Europe/Berlin_Brandenburg']),
        ("Europe Berlin", ['spec.timeZone: Invalid value: "Europe Berlin": unknown time zone Europe Berlin']),
        ("Europe//Berlin", ['spec.timeZone: Invalid value: "Europe//Berlin": unknown time zone Europe//Berlin']),
        ("/Europe/Berlin", ['spec.timeZone: Invalid value: "/Europe/Berlin": unknown time zone /Europe/Berlin']),
        ("../x", ['spec.timeZone: Invalid value: "../x": unknown time zone ../x']),
        ("-x", ['spec.timeZone: Invalid value: "-x": unknown time zone -x']),
        ("Europe/Berlin\n", ['spec.timeZone: Invalid value: "Europe/Berlin\\n": unknown time zone Europe/Berlin\n']),
        # Past the character check, LoadLocation has its say.
        ("a..b", ['spec.timeZone: Invalid value: "a..b": time: invalid location name']),
        ("America", ['spec.timeZone: Invalid value: "America": is a directory']),
    ],
)
def test_validate_time_zone(tz: str | None, expected: list[str]) -> None:
    assert [str(e) for e in validate_time_zone(tz, "spec.timeZone")] == expected


def test_load_zone() -> None:
    assert load_zone("") is UTC
    assert load_zone("UTC") is UTC
    assert load_zone("Local") is UTC
    assert load_zone("Europe/Berlin") == BERLIN
    with pytest.raises(CronError, match=r"^unknown time zone Nowhere/Land$"):
        load_zone("Nowhere/Land")
    with pytest.raises(CronError, match=r"^time: invalid location name$"):
        load_zone("../etc/passwd")


# --- properties ----------------------------------------------------------------------------------


def oracle_next(parsed: dict[str, Any], moment: datetime) -> datetime | None:
    """The first whole minute after `moment` (UTC) whose fields match, read field by field; None
    past the end of the fifth year after the moment's year (robfig's limit)."""
    after = datetime.fromtimestamp(int(moment.timestamp() // 1) + 1, UTC)
    year_limit = after.year + 5
    first = after.replace(second=0) + (timedelta(minutes=1) if after.second else timedelta(0))
    times = sorted((h, m) for h in parsed["hour"] for m in parsed["minute"])
    day = first.date()
    while day.year <= year_limit:
        dom_match = day.day in parsed["dom"]
        dow_match = day.isoweekday() % 7 in parsed["dow"]
        matched = (dom_match and dow_match) if (parsed["dom_star"] or parsed["dow_star"]) else (dom_match or dow_match)
        if day.month in parsed["month"] and matched:
            for h, m in times:
                candidate = datetime(day.year, day.month, day.day, h, m, tzinfo=UTC)
                if candidate >= first:
                    return candidate
        day += timedelta(days=1)
    return None


if HAVE_HYPOTHESIS:
    MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    DOW_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    @st.composite
    def field_part(draw: Any, lo: int, hi: int, names: list[str] | None) -> tuple[str, set[int], bool]:
        def number(v: int) -> str:
            if names is not None and draw(st.booleans()):
                name = names[v - lo]
                return draw(st.sampled_from([name, name.upper(), name.capitalize()]))
            return str(v)

        kind = draw(st.sampled_from(["star", "star_step", "single", "range", "range_step", "start_step"]))
        if kind == "star":
            return draw(st.sampled_from(["*", "?"])), set(range(lo, hi + 1)), True
        if kind == "star_step":
            step = draw(st.integers(1, hi - lo + 2))
            return f"*/{step}", set(range(lo, hi + 1, step)), step == 1
        a = draw(st.integers(lo, hi))
        if kind == "single":
            return number(a), {a}, False
        if kind == "start_step":
            step = draw(st.integers(1, hi - lo + 2))
            return f"{number(a)}/{step}", set(range(a, hi + 1, step)), False
        b = draw(st.integers(a, hi))
        if kind == "range":
            return f"{number(a)}-{number(b)}", set(range(a, b + 1)), False
        step = draw(st.integers(1, hi - lo + 2))
        return f"{number(a)}-{number(b)}/{step}", set(range(a, b + 1, step)), False

    @st.composite
    def cron_field(draw: Any, lo: int, hi: int, names: list[str] | None = None) -> tuple[str, set[int], bool]:
        parts = draw(st.lists(field_part(lo, hi, names), min_size=1, max_size=3))
        values: set[int] = set().union(*(p[1] for p in parts))
        return ",".join(p[0] for p in parts), values, any(p[2] for p in parts)

    @st.composite
    def cron_spec(draw: Any) -> tuple[str, dict[str, Any]]:
        minute = draw(cron_field(0, 59))
        hour = draw(cron_field(0, 23))
        dom = draw(cron_field(1, 31))
        month = draw(cron_field(1, 12, MONTH_NAMES))
        dow = draw(cron_field(0, 6, DOW_NAMES))
        text = " ".join(f[0] for f in (minute, hour, dom, month, dow))
        parsed = {
            "minute": minute[1], "hour": hour[1], "dom": dom[1], "month": month[1], "dow": dow[1],
            "dom_star": dom[2], "dow_star": dow[2],
        }
        return text, parsed

    moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    )

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cron_spec(), moments)
    def test_next_matches_a_plain_reading_in_utc(spec: tuple[str, dict[str, Any]], moment: datetime) -> None:
        text, parsed = spec
        schedule = parse_schedule(text)
        assert isinstance(schedule, SpecSchedule)
        for name in ("minute", "hour", "dom", "month", "dow"):
            assert {v for v in range(64) if getattr(schedule, name) >> v & 1 and v < 63} == parsed[name], name
        assert bool(schedule.dom & STAR_BIT) == parsed["dom_star"]
        assert bool(schedule.dow & STAR_BIT) == parsed["dow_star"]
        expected = oracle_next(parsed, moment)
        assert schedule.next(moment) == expected
        assert schedule.can_fire() or expected is None

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cron_spec(), moments, st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]))
    def test_next_increases_and_matches_in_dst_zones(spec: tuple[str, dict[str, Any]], moment: datetime, zone: str) -> None:
        text, parsed = spec
        schedule = parse_schedule(f"CRON_TZ={zone} {text}")
        previous = moment
        for _ in range(5):
            found = schedule.next(previous)
            if found is None:
                break
            # Instants: Python compares datetimes of one zone object by wall clock.
            assert found.timestamp() > previous.timestamp()
            assert found.second == 0 and found.microsecond == 0
            assert found.month in parsed["month"] and found.hour in parsed["hour"] and found.minute in parsed["minute"]
            dom_match = found.day in parsed["dom"]
            dow_match = found.isoweekday() % 7 in parsed["dow"]
            if parsed["dom_star"] or parsed["dow_star"]:
                assert dom_match and dow_match
            else:
                assert dom_match or dow_match
            previous = found

    @settings(max_examples=100, deadline=None, database=None)
    @given(cron_spec())
    def test_can_fire_and_min_interval_agree_with_next(spec: tuple[str, dict[str, Any]]) -> None:
        text, parsed = spec
        schedule = parse_schedule(text)
        found = schedule.times(utc(2024, 1, 1), utc(2026, 1, 1), limit=3)
        if found:
            assert schedule.can_fire()
        if len(found) >= 2:
            interval = schedule.min_interval()
            assert interval is not None
            assert interval <= min(b - a for a, b in zip(found, found[1:]))

    cron_text = st.text(alphabet=st.sampled_from(list("0123456789*/-,? \t@abcdefghijklmnopqrstuvwxyzTZ=_AJN")), max_size=40)

    @settings(max_examples=500, deadline=None, database=None)
    @given(st.one_of(st.text(max_size=40), cron_text, cron_text.map(lambda s: "TZ=" + s), cron_text.map(lambda s: "@every " + s)))
    def test_parse_raises_only_cron_errors(text: str) -> None:
        try:
            schedule = parse_schedule(text)
        except CronError:
            return
        schedule.can_fire()
        schedule.min_interval()
        schedule.next(START)

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.text(max_size=30))
    def test_validate_time_zone_never_raises(tz: str) -> None:
        for err in validate_time_zone(tz, "spec.timeZone"):
            assert str(err).startswith("spec.timeZone: Invalid value: ")

    @settings(max_examples=200, deadline=None, database=None)
    @given(st.integers(0, 10**6), st.sampled_from(["ns", "us", "ms", "s", "m", "h"]))
    def test_every_rounds_down_to_seconds(amount: int, unit: str) -> None:
        nanos = amount * {"ns": 1, "us": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}[unit]
        assume(nanos < 2**63)
        schedule = parse_schedule(f"@every {amount}{unit}")
        assert isinstance(schedule, ConstantDelaySchedule)
        assert schedule.delay_seconds == max(nanos, 10**9) // 10**9


def test_oracle_sanity() -> None:
    parsed = {"minute": {0}, "hour": {0}, "dom": {29}, "month": {2}, "dow": set(range(7)), "dom_star": False, "dow_star": True}
    assert oracle_next(parsed, utc(2026, 1, 1)) == utc(2028, 2, 29)
    assert date(2028, 2, 29).isoweekday() == 2


def test_times_across_a_fall_back_compares_instants() -> None:
    s = parse_schedule("CRON_TZ=America/New_York 30 1 * * *")
    start = datetime(2026, 11, 1, 0, 0, tzinfo=NEW_YORK)
    end = datetime(2026, 11, 1, 1, 45, fold=1, tzinfo=NEW_YORK)  # 01:45 EST, the second one
    assert [t.isoformat() for t in s.times(start, end)] == ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"]
    first_only = datetime(2026, 11, 1, 1, 45, tzinfo=NEW_YORK)  # 01:45 EDT
    assert [t.isoformat() for t in s.times(start, first_only)] == ["2026-11-01T01:30:00-04:00"]
