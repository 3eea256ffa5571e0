"""The cron schedule parser of the CronJob controller and the API server, in Python.

Kubernetes parses `spec.schedule` with github.com/robfig/cron/v3 `ParseStandard` (five fields,
descriptors, an optional `TZ=`/`CRON_TZ=` prefix) and computes run times with its
`SpecSchedule.Next` / `ConstantDelaySchedule.Next`. This module reproduces both, including the
exact error texts (they reach users as `spec.schedule: Invalid value: ...`) and the wall-clock
behaviour of `Next` around daylight saving changes, which follows Go's `time.Date` rules for
times that do not exist or exist twice. `validate_schedule` and `validate_time_zone` give the
API server's errors for a CronJob create (pkg/apis/batch/validation).
"""

from __future__ import annotations

import errno as _errno
import io
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Callable, Final

from .errors import ErrorType, FieldError, go_quote, invalid, required

__all__ = [
    "CronError",
    "Schedule",
    "SpecSchedule",
    "ConstantDelaySchedule",
    "parse_schedule",
    "parse_cron_tz_prefix",
    "load_zone",
    "validate_schedule",
    "validate_time_zone",
    "STAR_BIT",
    "ScheduleHang",
    "MAX_SEARCH_STEPS",
    "MAX_LISTED_TIMES",
]

UTC: Final = timezone.utc
STAR_BIT: Final = 1 << 63  # set on a field written with `*` or `?` (robfig's starBit)

# Go's panic for `spec[eq+1 : i]` when a TZ= prefix has no space after it (i == -1).
_PANIC_TEXT: Final = "runtime error: slice bounds out of range [:-1]"
# What the API server answers when a request panics (genericfilters.WithPanicRecovery).
_APISERVER_PANIC: Final = "This request caused apiserver to panic. Look in the logs for details."

MSG_TZ_IN_SCHEDULE: Final = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
MSG_TZ_EMPTY: Final = "timeZone must be nil or non-empty string"
MSG_TZ_LOCAL: Final = "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"


class CronError(ValueError):
    """A schedule robfig/cron rejects; str() is robfig's error text."""

    def __init__(self, message: str, *, panic: bool = False) -> None:
        super().__init__(message)
        # True where Go would panic instead of returning an error (see parse_cron_tz_prefix).
        self.panic = panic


# A search for the next run takes one step per month, day, hour, minute or second it moves by;
# one that ends takes a few thousand at most (five years of days, then the hours of one day and
# the minutes of one hour). A search that never ends is recognised when it comes back to where it
# was (see `_next_unix`); this bound only guards against one that neither ends nor repeats.
MAX_SEARCH_STEPS: Final = 100_000
# Schedule.times lists at most this many activations when no limit is given.
MAX_LISTED_TIMES: Final = 100_000


class ScheduleHang(Exception):
    """robfig/cron's `Next` never returns for this schedule and moment: it goes round in circles,
    so the CronJob controller's sync of the CronJob never finishes. str() says so, and why."""

    def __init__(self, schedule: str, zone: str, after: datetime, detail: str, stuck: datetime | None = None) -> None:
        self.schedule = schedule
        self.zone = zone
        self.after = after
        self.detail = detail
        self.stuck = stuck  # the instant the search keeps coming back to (None: it ran out of steps)
        # Filled in by callers that list several runs: those found before the one that hangs.
        self.found: list[datetime] = []
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return (
            f"the CronJob controller's schedule computation does not terminate for schedule "
            f"{go_quote(self.schedule)} in {self.zone} after {_iso_utc(self.after)}; the real "
            f"controller would hang on this CronJob ({self.detail})"
        )


class _SearchLoops(Exception):
    """Raised inside `_next_unix`: the search revisited a state (or ran out of steps)."""

    def __init__(self, phase: str, before: int, after: int) -> None:
        super().__init__(phase)
        self.phase = phase  # "month", "day" or "steps"
        self.before = before  # the instant before the step that brought the search back
        self.after = after  # where that step landed


def _iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _zone_name(zone: tzinfo) -> str:
    key = getattr(zone, "key", None)
    return str(key) if key else str(zone.tzname(None) or zone)


# ---------------------------------------------------------------------------------------------
# Small pieces of Go's standard library whose exact behaviour shows in messages.

# unicode.IsSpace: what strings.Fields splits on and strings.TrimSpace trims.
_GO_SPACE: Final = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


_GO_SPACE_RUN: Final = re.compile("[" + re.escape("".join(sorted(_GO_SPACE))) + "]+")
_GO_SPACE_CHARS: Final = "".join(sorted(_GO_SPACE))


def _go_fields(s: str) -> list[str]:
    """strings.Fields: Python's split() also splits on \\x1c-\\x1f, which Go does not. One regex
    pass: a schedule is as long as the document allows (Limits.max_bytes), so no Python loop per
    character."""
    return [part for part in _GO_SPACE_RUN.split(s) if part]


def _go_trim_space(s: str) -> str:
    return s.strip(_GO_SPACE_CHARS)


def _go_lower(s: str) -> str:
    """strings.ToLower uses simple case mapping: U+0130 becomes a plain "i"."""
    return "".join("i" if ch == "\u0130" else ch.lower() for ch in s)


def _strconv_quote(s: str) -> str:
    """strconv.Quote, as %q prints it."""
    return go_quote(s)


class _GoError(Exception):
    """An error from one of the Go helpers below, carrying Go's text."""


_MAX_U64: Final = (1 << 64) - 1


def _go_atoi(s: str) -> int:
    """strconv.Atoi on a 64-bit platform, raising _GoError with NumError's text."""

    def syntax() -> _GoError:
        return _GoError(f"strconv.Atoi: parsing {_strconv_quote(s)}: invalid syntax")

    def out_of_range() -> _GoError:
        return _GoError(f"strconv.Atoi: parsing {_strconv_quote(s)}: value out of range")

    raw = s.encode("utf-8", "surrogatepass")
    if 0 < len(raw) < 19:  # fast path
        body = raw[1:] if raw[:1] in (b"-", b"+") else raw
        if not body:
            raise syntax()
        n = 0
        for c in body:
            if not 48 <= c <= 57:
                raise syntax()
            n = n * 10 + c - 48
        return -n if raw[:1] == b"-" else n
    # Slow path: ParseInt(s, 10, 0) -> ParseUint.
    if not raw:
        raise syntax()
    neg = raw[:1] == b"-"
    body = raw[1:] if raw[:1] in (b"-", b"+") else raw
    if not body:
        raise syntax()
    cutoff = _MAX_U64 // 10 + 1
    n = 0
    for c in body:
        if 48 <= c <= 57:
            d = c - 48
        else:
            raise syntax()  # letters are digits >= base 10: also a syntax error
        if n >= cutoff:
            raise out_of_range()  # ParseUint stops at the first overflow
        n *= 10
        n1 = n + d
        if n1 > _MAX_U64:
            raise out_of_range()
        n = n1
    if not neg and n >= 1 << 63:
        raise out_of_range()
    if neg and n > 1 << 63:
        raise out_of_range()
    return -n if neg else n


def _time_quote(raw: bytes) -> str:
    """The time package's quote(): non-ASCII and control bytes as \\xNN."""
    out = ['"']
    text = raw.decode("utf-8", "surrogatepass")
    for ch in text:
        o = ord(ch)
        if o >= 0x80 or o < 0x20:
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))
        else:
            if ch in '"\\':
                out.append("\\")
            out.append(ch)
    out.append('"')
    return "".join(out)


_UNITS: Final = {
    b"ns": 1,
    b"us": 1_000,
    "\u00b5s".encode(): 1_000,
    "\u03bcs".encode(): 1_000,
    b"ms": 1_000_000,
    b"s": 1_000_000_000,
    b"m": 60_000_000_000,
    b"h": 3_600_000_000_000,
}


def _go_parse_duration(text: str) -> int:
    """time.ParseDuration, in nanoseconds; raises _GoError with Go's text."""
    orig = text.encode("utf-8", "surrogatepass")
    bad = _GoError(f"time: invalid duration {_time_quote(orig)}")
    s = orig
    d = 0
    neg = False
    if s and s[0] in b"-+":
        neg = s[0] == ord("-")
        s = s[1:]
    if s == b"0":
        return 0
    if not s:
        raise bad
    while s:
        f = 0
        scale = 1.0
        if not (s[0] == ord(".") or 48 <= s[0] <= 57):
            raise bad
        # leadingInt
        i = 0
        v = 0
        while i < len(s) and 48 <= s[i] <= 57:
            if v > (1 << 63) // 10:
                raise bad
            v = v * 10 + s[i] - 48
            if v > 1 << 63:
                raise bad
            i += 1
        pre = i > 0
        s = s[i:]
        post = False
        if s and s[0] == ord("."):
            s = s[1:]
            # leadingFraction
            i = 0
            overflow = False
            while i < len(s) and 48 <= s[i] <= 57:
                if not overflow:
                    if f > ((1 << 63) - 1) // 10:
                        overflow = True
                    else:
                        y = f * 10 + s[i] - 48
                        if y > 1 << 63:
                            overflow = True
                        else:
                            f = y
                            scale *= 10
                i += 1
            post = i > 0
            s = s[i:]
        if not pre and not post:
            raise bad
        i = 0
        while i < len(s) and not (s[i] == ord(".") or 48 <= s[i] <= 57):
            i += 1
        if i == 0:
            raise _GoError(f"time: missing unit in duration {_time_quote(orig)}")
        u, s = s[:i], s[i:]
        unit = _UNITS.get(u)
        if unit is None:
            raise _GoError(f"time: unknown unit {_time_quote(u)} in duration {_time_quote(orig)}")
        if v > (1 << 63) // unit:
            raise bad
        v *= unit
        if f > 0:
            v += int(float(f) * (float(unit) / scale))
            if v > 1 << 63:
                raise bad
        d += v
        if d > 1 << 63:
            raise bad
    if neg:
        return -d
    if d > (1 << 63) - 1:
        raise bad
    return d


# Go's time.LoadLocation reads zone files from these directories, then its embedded copy.
_GO_ZONE_DIRS: Final = ("/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/")

# syscall.Errno texts on Linux for the errors a zone lookup can meet.
_ERRNO_TEXT: Final = {
    _errno.ENOTDIR: "not a directory",
    _errno.EISDIR: "is a directory",
    _errno.EACCES: "permission denied",
    _errno.ENAMETOOLONG: "file name too long",
    _errno.ELOOP: "too many levels of symbolic links",
    _errno.EINVAL: "invalid argument",
}


class _Local(tzinfo):
    """Stands for Go's time.Local in a parsed spec: robfig then uses the moment's own zone."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "Local"


_LOCAL: Final = _Local()


@lru_cache(maxsize=1)
def _zone_dirs() -> tuple[str, ...]:
    """The directories Go would read; the tzdata package's copy stands in for a system without
    zone files (the API server image has them), so directory names behave the same."""
    dirs = [d for d in _GO_ZONE_DIRS if os.path.isdir(d)]
    try:
        import tzdata  # type: ignore[import-not-found, import-untyped, unused-ignore]

        pkg = os.path.join(os.path.dirname(tzdata.__file__), "zoneinfo")
        if os.path.isdir(pkg):
            dirs.append(pkg + "/")
    except ImportError:
        pass
    return tuple(dirs)


def _read_zone_file(path: str) -> bytes:
    """Go's time.readFile: open, then read; errors keep their errno."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            if sum(len(c) for c in chunks) > 10 << 20:
                raise _GoError(f"file {path} is too large")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _zone_from_data(name: str, data: bytes) -> tzinfo:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except Exception:
        return ZoneInfo.from_file(io.BytesIO(data), key=name)


@lru_cache(maxsize=512)
def _go_load_location(name: str) -> tzinfo:
    """time.LoadLocation: returns UTC, _LOCAL or a zone; raises _GoError with Go's text."""
    if name in ("", "UTC"):
        return UTC
    if name == "Local":
        return _LOCAL
    if ".." in name or name[0] in "/\\":
        raise _GoError("time: invalid location name")
    first_err: str | None = None
    for root in _zone_dirs():
        try:
            data = _read_zone_file(root + "/" + name)
        except ValueError:  # an embedded NUL (or unencodable text): Go's open fails with EINVAL
            first_err = first_err or _ERRNO_TEXT[_errno.EINVAL]
            continue
        except OSError as exc:
            if exc.errno == _errno.ENOENT:
                continue
            if first_err is None:
                code = exc.errno or 0
                text = _ERRNO_TEXT.get(code) or os.strerror(code)
                first_err = text[:1].lower() + text[1:]
            continue
        except _GoError as exc:
            first_err = first_err or str(exc)
            continue
        if data[:4] == b"TZif":
            try:
                return _zone_from_data(name, data)
            except Exception:
                pass
        first_err = first_err or "malformed time zone information"
    if first_err is not None:
        raise _GoError(first_err)
    raise _GoError(f"unknown time zone {name}")


def load_zone(name: str) -> tzinfo:
    """The zone a CronJob's timeZone names, as Go's time.LoadLocation finds it ("" and "UTC" are
    UTC; "Local", the controller's own zone, is taken as UTC here)."""
    try:
        zone = _go_load_location(name)
    except _GoError as exc:
        raise CronError(str(exc)) from None
    return UTC if zone is _LOCAL else zone


# ---------------------------------------------------------------------------------------------
# Parsing (robfig/cron/v3 parser.go).


@dataclass(frozen=True)
class _Bounds:
    min: int
    max: int
    names: dict[str, int] | None = None


_SECONDS: Final = _Bounds(0, 59)
_MINUTES: Final = _Bounds(0, 59)
_HOURS: Final = _Bounds(0, 23)
_DOM: Final = _Bounds(1, 31)
_MONTHS: Final = _Bounds(
    1,
    12,
    {
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    },
)
_DOW: Final = _Bounds(0, 6, {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6})


def _must_parse_int(expr: str) -> int:
    try:
        num = _go_atoi(expr)
    except _GoError as exc:
        raise CronError(f"failed to parse int from {expr}: {exc}") from None
    if num < 0:
        raise CronError(f"negative number ({num}) not allowed: {expr}")
    return num


def _parse_int_or_name(expr: str, names: dict[str, int] | None) -> int:
    if names is not None:
        named = names.get(_go_lower(expr))
        if named is not None:
            return named
    return _must_parse_int(expr)


def _get_bits(lo: int, hi: int, step: int) -> int:
    if step == 1:
        return ((1 << (hi + 1)) - 1) & ~((1 << lo) - 1)
    bits = 0
    for i in range(lo, hi + 1, step):
        bits |= 1 << i
    return bits


def _all(r: _Bounds) -> int:
    return _get_bits(r.min, r.max, 1) | STAR_BIT


def _get_range(expr: str, r: _Bounds) -> int:
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    single = len(low_and_high) == 1
    extra = 0
    if low_and_high[0] in ("*", "?"):
        start, end, extra = r.min, r.max, STAR_BIT
    else:
        start = _parse_int_or_name(low_and_high[0], r.names)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _parse_int_or_name(low_and_high[1], r.names)
        else:
            raise CronError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _must_parse_int(range_and_step[1])
        if single:  # "N/step" means "N-max/step"
            end = r.max
        if step > 1:
            extra = 0
    else:
        raise CronError(f"too many slashes: {expr}")
    if start < r.min:
        raise CronError(f"beginning of range ({start}) below minimum ({r.min}): {expr}")
    if end > r.max:
        raise CronError(f"end of range ({end}) above maximum ({r.max}): {expr}")
    if start > end:
        raise CronError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise CronError(f"step of range should be a positive number: {expr}")
    return _get_bits(start, end, step) | extra


def _get_field(field: str, r: _Bounds) -> int:
    """getField. A field is as long as its document allows (Limits.max_bytes): each distinct part
    is read once (the same part gives the same bits or the same first error), and a plain number
    takes a short path, so even "0,0,0,..." over megabytes parses in well under a second."""
    bits = 0
    for expr in dict.fromkeys(part for part in field.split(",") if part):  # strings.FieldsFunc on ','
        if expr.isdigit() and expr.isascii() and len(expr) < 19:
            value = int(expr)  # what _get_range makes of it, errors aside
            if r.min <= value <= r.max:
                bits |= 1 << value
                continue
        bits |= _get_range(expr, r)
    return bits


def parse_cron_tz_prefix(text: str) -> tuple[str | None, str]:
    """Split off a leading `TZ=zone ` or `CRON_TZ=zone ` the way robfig does (zone name, rest).

    Without a space after the prefix Go panics slicing the string; that is a CronError with
    `panic` set (the API server answers such a request with a 500)."""
    if not (text.startswith("TZ=") or text.startswith("CRON_TZ=")):
        return None, text
    i = text.find(" ")
    if i < 0:
        raise CronError(_PANIC_TEXT, panic=True)
    eq = text.find("=")
    return text[eq + 1 : i], _go_trim_space(text[i:])


def parse_schedule(text: str) -> Schedule:
    """cron.ParseStandard: five fields or a descriptor, with an optional TZ prefix."""
    if len(text) == 0:
        raise CronError("empty spec string")
    zone_name, spec = parse_cron_tz_prefix(text)
    loc: tzinfo | None = None
    if zone_name is not None:
        try:
            zone = _go_load_location(zone_name)
        except _GoError as exc:
            raise CronError(f"provided bad location {zone_name}: {exc}") from None
        loc = None if zone is _LOCAL else zone  # time.Local: the moment's own zone
    if spec.startswith("@"):
        return _parse_descriptor(text, spec, loc)
    fields = _go_fields(spec)
    if len(fields) != 5:
        raise CronError(f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]")
    return SpecSchedule(
        text=text,
        location=loc,
        second=_get_field("0", _SECONDS),
        minute=_get_field(fields[0], _MINUTES),
        hour=_get_field(fields[1], _HOURS),
        dom=_get_field(fields[2], _DOM),
        month=_get_field(fields[3], _MONTHS),
        dow=_get_field(fields[4], _DOW),
    )


def _parse_descriptor(text: str, descriptor: str, loc: tzinfo | None) -> Schedule:
    # Each tuple: second, minute, hour, dom, month, dow (1 << min: the field's first value).
    first_sec, first_min, first_hour = 1 << _SECONDS.min, 1 << _MINUTES.min, 1 << _HOURS.min
    first_dom, first_month, first_dow = 1 << _DOM.min, 1 << _MONTHS.min, 1 << _DOW.min
    yearly = (first_sec, first_min, first_hour, first_dom, first_month, _all(_DOW))
    daily = (first_sec, first_min, first_hour, _all(_DOM), _all(_MONTHS), _all(_DOW))
    table = {
        "@yearly": yearly,
        "@annually": yearly,
        "@monthly": (first_sec, first_min, first_hour, first_dom, _all(_MONTHS), _all(_DOW)),
        "@weekly": (first_sec, first_min, first_hour, _all(_DOM), _all(_MONTHS), first_dow),
        "@daily": daily,
        "@midnight": daily,
        "@hourly": (first_sec, first_min, _all(_HOURS), _all(_DOM), _all(_MONTHS), _all(_DOW)),
    }
    if descriptor in table:
        second, minute, hour, dom, month, dow = table[descriptor]
        return SpecSchedule(
            text=text, location=loc, second=second, minute=minute, hour=hour, dom=dom, month=month, dow=dow
        )
    every = "@every "
    if descriptor.startswith(every):
        try:
            nanos = _go_parse_duration(descriptor[len(every):])
        except _GoError as exc:
            raise CronError(f"failed to parse duration {descriptor}: {exc}") from None
        # cron.Every: at least a second, whole seconds. It has no location: a TZ prefix is
        # checked, then ignored.
        nanos = max(nanos, 1_000_000_000)
        return ConstantDelaySchedule(text=text, location=None, delay_seconds=nanos // 1_000_000_000)
    raise CronError(f"unrecognized descriptor: {descriptor}")


# ---------------------------------------------------------------------------------------------
# Schedules.

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()


def _floor_unix(moment: datetime) -> int:
    """Whole seconds since the epoch, rounded down (Go drops the nanoseconds)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return delta.days * 86400 + delta.seconds


def _zone_of(moment: datetime) -> tzinfo:
    return moment.tzinfo if moment.tzinfo is not None else UTC


class Schedule:
    """A parsed schedule: `next` is robfig's Schedule.Next, the rest is built on it."""

    text: str
    location: tzinfo | None

    def next(self, moment: datetime) -> datetime | None:
        raise NotImplementedError

    def can_fire(self) -> bool:
        raise NotImplementedError

    def min_interval(self) -> timedelta | None:
        raise NotImplementedError

    def times(self, start: datetime, end: datetime, limit: int | None = None) -> list[datetime]:
        """Activations in (start, end], at most `limit` of them (MAX_LISTED_TIMES without one).

        Compared as instants: Python compares two datetimes of the same zone object by wall
        clock, so 01:30 EST would not be after 01:30 EDT on a fall-back day. Raises ScheduleHang
        (with `found` holding the times before it) where robfig's Next never returns."""
        out: list[datetime] = []
        moment = start
        end_utc = (end if end.tzinfo is not None else end.replace(tzinfo=UTC)).astimezone(UTC)
        bound = MAX_LISTED_TIMES if limit is None else min(limit, MAX_LISTED_TIMES)
        while len(out) < bound:
            try:
                following = self.next(moment)
            except ScheduleHang as exc:
                exc.found = out
                raise
            if following is None or following.astimezone(UTC) > end_utc:
                break
            out.append(following)
            moment = following
        return out


@dataclass(frozen=True)
class ConstantDelaySchedule(Schedule):
    """`@every d`: runs every `delay_seconds`, counted from the moment asked about."""

    text: str
    location: tzinfo | None
    delay_seconds: int

    def next(self, moment: datetime) -> datetime | None:
        zone = _zone_of(moment)
        try:
            return datetime.fromtimestamp(_floor_unix(moment) + self.delay_seconds, zone)
        except (OverflowError, ValueError, OSError):
            return None

    def can_fire(self) -> bool:
        return True

    def min_interval(self) -> timedelta | None:
        return timedelta(seconds=self.delay_seconds)


def _bits(value: int, lo: int, hi: int) -> list[int]:
    return [i for i in range(lo, hi + 1) if value >> i & 1]


_MONTH_MAX_DAYS: Final = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Years scanned for gaps between run days: eight years hold both leap and common years.
_SCAN_YEARS: Final = range(2024, 2032)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return _MONTH_MAX_DAYS[month]


@dataclass(frozen=True)
class SpecSchedule(Schedule):
    """A five-field schedule as robfig's bit sets (bit n set: value n matches; STAR_BIT: `*`)."""

    text: str
    location: tzinfo | None
    second: int
    minute: int
    hour: int
    dom: int
    month: int
    dow: int

    # -- robfig's Next, step by step ----------------------------------------------------------

    def day_matches(self, day: int, weekday: int) -> bool:
        """dayMatches: AND when either field has the star bit, otherwise OR (weekday: Sunday 0)."""
        dom_match = bool(self.dom >> day & 1)
        dow_match = bool(self.dow >> weekday & 1)
        if self.dom & STAR_BIT or self.dow & STAR_BIT:
            return dom_match and dow_match
        return dom_match or dow_match

    def next(self, moment: datetime) -> datetime | None:
        """The first run strictly after `moment`, in the schedule's zone (the moment's zone when
        the spec has no TZ prefix); None when robfig finds none within five years.

        Raises ScheduleHang where robfig's search never returns (a zone that skips a whole day,
        such as Pacific/Apia on 2011-12-30: adding a day to 2011-12-29 00:00 gives that same
        instant back, and the day loop goes on for ever)."""
        zone = self.location if self.location is not None else _zone_of(moment)
        try:
            found = self._next_unix(_floor_unix(moment), zone)
            return None if found is None else datetime.fromtimestamp(found, zone)
        except _SearchLoops as loop:
            raise ScheduleHang(self.text, _zone_name(zone), moment, _loop_detail(loop, zone), _stuck_at(loop, zone)) from None
        except (OverflowError, ValueError, OSError):
            return None  # beyond Python's datetime range (years 1 to 9999)

    def _next_unix(self, start: int, zone: tzinfo) -> int | None:
        """robfig's SpecSchedule.Next on Unix seconds. The month and day loops are the only steps
        that can fail to move forward (time.Date gives a wall time a zone skipped an earlier
        instant); every state reached by such a step is remembered, and coming back to one means
        the Go code loops for ever (raised as _SearchLoops). A never-matching schedule is searched
        too: Go may hang on the way to its five-year limit."""
        wall = _Wall(zone)
        t = start + 1  # the upcoming second
        added = False
        year_limit = wall.at(t).year + 5
        revisits: set[tuple[str, int]] = set()
        steps = 0

        def step_back(phase: str, before: int, after: int) -> None:
            # A step that did not move forward: the only way the search can come round again.
            if after <= before:
                state = (phase, after)
                if state in revisits:
                    raise _SearchLoops(phase, before, after)
                revisits.add(state)

        while True:  # WRAP
            w = wall.at(t)
            if w.year > year_limit:
                return None

            wrapped = False
            while not self.month >> w.month & 1:
                steps += 1
                if steps > MAX_SEARCH_STEPS:
                    raise _SearchLoops("steps", t, t)
                if not added:
                    added = True
                    t = wall.date(w.year, w.month, 1, 0, 0, 0)
                    w = wall.at(t)
                before = t
                t = wall.date(w.year, w.month + 1, w.day, w.hour, w.minute, w.second)  # AddDate(0, 1, 0)
                w = wall.at(t)
                step_back("month", before, t)
                if w.month == 1:
                    wrapped = True
                    break
            if wrapped:
                continue

            while not self.day_matches(w.day, w.isoweekday() % 7):
                steps += 1
                if steps > MAX_SEARCH_STEPS:
                    raise _SearchLoops("steps", t, t)
                if not added:
                    added = True
                    t = wall.date(w.year, w.month, w.day, 0, 0, 0)
                    w = wall.at(t)
                before = t
                t = wall.date(w.year, w.month, w.day + 1, w.hour, w.minute, w.second)  # AddDate(0, 0, 1)
                w = wall.at(t)
                # Midnight may not exist (or be doubled) on a DST day: robfig nudges the hour.
                if w.hour != 0:
                    t += (24 - w.hour) * 3600 if w.hour > 12 else -w.hour * 3600
                    w = wall.at(t)
                step_back("day", before, t)
                if w.day == 1:
                    wrapped = True
                    break
            if wrapped:
                continue

            while not self.hour >> w.hour & 1:
                steps += 1
                if steps > MAX_SEARCH_STEPS:
                    raise _SearchLoops("steps", t, t)
                if not added:
                    added = True
                    t = wall.date(w.year, w.month, w.day, w.hour, 0, 0)
                    w = wall.at(t)
                t += 3600
                w = wall.at(t)
                if w.hour == 0:
                    wrapped = True
                    break
            if wrapped:
                continue

            while not self.minute >> w.minute & 1:
                steps += 1
                if steps > MAX_SEARCH_STEPS:
                    raise _SearchLoops("steps", t, t)
                if not added:
                    added = True
                    t -= t % 60  # Truncate(time.Minute): on absolute time, not the wall clock
                    w = wall.at(t)
                t, w = wall.advance(t, w, 60, lambda v: v.minute, self.minute)
                if w.minute == 0:
                    wrapped = True
                    break
            if wrapped:
                continue

            while not self.second >> w.second & 1:
                steps += 1
                if steps > MAX_SEARCH_STEPS:
                    raise _SearchLoops("steps", t, t)
                if not added:
                    added = True
                t, w = wall.advance(t, w, 1, lambda v: v.second, self.second)
                if w.second == 0:
                    wrapped = True
                    break
            if wrapped:
                continue

            return t

    # -- analysis --------------------------------------------------------------------------------

    def _sets(self) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
        return (
            _bits(self.minute, 0, 59),
            _bits(self.hour, 0, 23),
            _bits(self.dom, 1, 31),
            _bits(self.month, 1, 12),
            _bits(self.dow, 0, 6),
        )

    def can_fire(self) -> bool:
        """Whether any date and time matches at all (Feb 29 counts: leap years exist)."""
        return _can_fire(self.minute, self.hour, self.dom, self.month, self.dow)

    def min_interval(self) -> timedelta | None:
        """The shortest gap between two consecutive runs, on a clock without DST (UTC); None
        when the schedule never fires, or fires at most once in the years scanned."""
        return _min_interval(self.minute, self.hour, self.dom, self.month, self.dow)


def _loop_detail(loop: _SearchLoops, zone: tzinfo) -> str:
    """Why robfig's search does not end, in words."""
    if loop.phase == "steps":
        return (
            f"joblint stopped following robfig/cron's search after {MAX_SEARCH_STEPS:,} steps "
            f"without an answer, at {datetime.fromtimestamp(loop.after, zone).isoformat()}"
        )
    wall = _Wall(zone)
    before = wall.at(loop.before)
    landed = wall.at(loop.after).isoformat()
    unit = "a month" if loop.phase == "month" else "a day"
    target = (date(before.year, before.month, 1) + timedelta(days=32)).replace(day=1) if loop.phase == "month" else before.date() + timedelta(days=1)
    if loop.phase == "day" and _day_is_skipped(wall, target):
        why = f"{_zone_name(zone)} has no {target.isoformat()}: "
    else:
        why = ""
    same = "the same instant" if loop.after == loop.before else landed
    return (
        f"{why}robfig/cron's search adds {unit} to {before.isoformat()} and lands on {same}, "
        f"again and again"
    )


def _stuck_at(loop: _SearchLoops, zone: tzinfo) -> datetime | None:
    return None if loop.phase == "steps" else datetime.fromtimestamp(loop.after, zone)


def _day_is_skipped(wall: "_Wall", day: date) -> bool:
    """No hour of `day` exists on the zone's wall clock (e.g. Pacific/Apia, 2011-12-30)."""
    for hour in range(24):
        if wall.at(wall.date(day.year, day.month, day.day, hour, 0, 0)).date() == day:
            return False
    return True


@lru_cache(maxsize=1024)
def _can_fire(minute: int, hour: int, dom: int, month: int, dow: int) -> bool:
    if not (_bits(minute, 0, 59) and _bits(hour, 0, 23)):
        return False
    months = _bits(month, 1, 12)
    doms = _bits(dom, 1, 31)
    weekdays = _bits(dow, 0, 6)
    if not months:
        return False
    dom_possible = any(d <= _MONTH_MAX_DAYS[m] for m in months for d in doms)
    if dom & STAR_BIT or dow & STAR_BIT:
        # AND; a starred field has every bit, and every weekday occurs in every month.
        if not weekdays or not doms:
            return False
        return True if dom & STAR_BIT else dom_possible
    return bool(weekdays) or dom_possible


@lru_cache(maxsize=1024)
def _min_interval(minute: int, hour: int, dom: int, month: int, dow: int) -> timedelta | None:
    if not _can_fire(minute, hour, dom, month, dow):
        return None
    minutes = _bits(minute, 0, 59)
    times = [h * 60 + m for h in _bits(hour, 0, 23) for m in minutes]  # ascending
    span = times[-1] - times[0]
    within = min((b - a for a, b in zip(times, times[1:])), default=None)
    # Runs on two different days are at least (1440 - span) minutes apart, so a closer pair
    # within one day settles it without looking at days.
    if within is not None and within <= 1440 - span:
        return timedelta(minutes=within)
    day_gap = _min_day_gap(dom, month, dow)
    candidates = [c for c in (within, None if day_gap is None else day_gap * 1440 - span) if c is not None]
    return timedelta(minutes=min(candidates)) if candidates else None


def _min_day_gap(dom: int, month: int, dow: int) -> int | None:
    """The fewest days between two consecutive run days (None: under two in the scanned years)."""
    months = _bits(month, 1, 12)
    doms = _bits(dom, 1, 31)
    weekdays = _bits(dow, 0, 6)
    if dom & STAR_BIT:
        # Only the weekday counts, and a month holds four whole weeks: every gap of the weekly
        # pattern occurs inside any run month.
        if len(weekdays) == 1:
            return 7
        cyclic = weekdays + [weekdays[0] + 7]
        return min(b - a for a, b in zip(cyclic, cyclic[1:]))
    use_dow = not (dow & STAR_BIT) and bool(weekdays)
    previous: int | None = None
    best: int | None = None
    for year in _SCAN_YEARS:
        for m in months:
            first = date(year, m, 1)
            base = first.toordinal()
            first_weekday = first.isoweekday() % 7
            length = _days_in_month(year, m)
            if use_dow:
                days = [
                    d for d in range(1, length + 1)
                    if dom >> d & 1 or dow >> ((first_weekday + d - 1) % 7) & 1
                ]
            else:
                days = [d for d in doms if d <= length]
            for d in days:
                ordinal = base + d - 1
                if previous is not None:
                    gap = ordinal - previous
                    if best is None or gap < best:
                        best = gap
                        if best == 1:
                            return 1
                previous = ordinal
    return best


_FieldGetter = Callable[[datetime], int]


class _Wall:
    """Go's time.Time operations in one zone, on whole Unix seconds."""

    __slots__ = ("zone",)

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone

    def at(self, unix: int) -> datetime:
        """The wall clock (Year, Month, Day, Hour, ...) at an instant."""
        return datetime.fromtimestamp(unix, self.zone)

    def _offset(self, unix: int) -> int:
        off = self.at(unix).utcoffset()
        return 0 if off is None else off.days * 86400 + off.seconds

    def date(self, year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
        """time.Date: out-of-range fields roll over; a wall time that does not exist or exists
        twice is resolved as Go does (offset looked up at the wall time read as UTC, then again
        at the resulting instant), e.g. 02:30 on a New York spring-forward day is 01:30 EST,
        and 02:30 on a Berlin fall-back day is the second one (CET)."""
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1
        days = date(year, month, 1).toordinal() - _EPOCH_ORDINAL + day - 1
        unix = days * 86400 + hour * 3600 + minute * 60 + second
        offset = self._offset(unix)
        if offset != 0:
            offset = self._offset(unix - offset)
        return unix - offset

    def advance(self, t: int, w: datetime, unit: int, field: _FieldGetter, bits: int) -> tuple[int, datetime]:
        """Add `unit` seconds until the wall field matches `bits` or wraps to 0 (robfig's loop).

        Jumps straight there when the UTC offset is the same at both ends and the field reads as
        expected (no transition in between); otherwise takes a single step, as robfig does."""
        value = field(w)
        steps = 1
        while value + steps < 60 and not bits >> (value + steps) & 1:
            steps += 1
        if steps > 1:
            t2 = t + steps * unit
            w2 = self.at(t2)
            if w2.utcoffset() == w.utcoffset() and field(w2) == (value + steps) % 60:
                return t2, w2
        t += unit
        return t, self.at(t)


# ---------------------------------------------------------------------------------------------
# API server validation (pkg/apis/batch/validation, create).

# https://data.iana.org/time-zones/theory.html#naming, with digits and '+' tolerated.
_VALID_TZ_PART: Final = re.compile(r"[A-Za-z.\-_0-9+]{1,14}")


def validate_schedule(schedule: str, path: str) -> list[FieldError]:
    """validateScheduleFormat on create: robfig's error, then the TZ rule (both can apply)."""
    if len(schedule) == 0:
        return [required(path)]
    errs: list[FieldError] = []
    try:
        parse_schedule(schedule)
    except CronError as exc:
        if exc.panic:
            # Go panics inside the parser; the server recovers and answers 500 for the request.
            return [FieldError(ErrorType.INTERNAL, path, detail=_APISERVER_PANIC, meta={"panic": str(exc)})]
        errs.append(invalid(path, schedule, str(exc)))
    if "TZ" in schedule:
        errs.append(invalid(path, schedule, MSG_TZ_IN_SCHEDULE))
    return errs


def validate_time_zone(tz: str | None, path: str) -> list[FieldError]:
    """validateTimeZone: the field is a *string, which the error prints dereferenced."""
    if tz is None:
        return []
    if len(tz) == 0:
        return [invalid(path, tz, MSG_TZ_EMPTY)]
    for part in tz.split("/"):
        if part in (".", "..") or part.startswith("-") or not _VALID_TZ_PART.fullmatch(part):
            return [invalid(path, tz, f"unknown time zone {tz}")]
    errs: list[FieldError] = []
    if tz.lower() == "local":  # strings.EqualFold; only ASCII gets this far
        errs.append(invalid(path, tz, MSG_TZ_LOCAL))
    try:
        _go_load_location(tz)
    except _GoError as exc:
        errs.append(invalid(path, tz, str(exc)))
    return errs
