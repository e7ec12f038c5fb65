"""Java ``DateTimeFormatter`` patterns (``yyyy-MM-dd``) translated to an exact Python parser.

Upstream parses attribute values with ``DateTimeFormatter.ofPattern(format)``: strict
widths, the whole input consumed, English names matched case-sensitively, and the SMART
resolver (day-of-month 1-31 accepted for any month and clamped to the month's last day,
``24:00`` as the end of the day). ``strptime`` differs on most of these points, so the pattern
is compiled into a regular expression with one group per field and resolved here.

Supported letters: ``y u`` (year; ``yy`` = 2000-2099), ``M L`` (month: number, ``MMM`` short
name, ``MMMM`` full name), ``d`` (day of month), ``D`` (day of year), ``E`` (day name, checked
against the date), ``a`` (AM/PM), ``H k K h`` (hours), ``m s``, ``S`` (fraction of second),
``n`` (nano of second), ``X x Z`` (offsets: parsed, then dropped as upstream builds local
values), quoted literals ``'...'`` and ``''``, optional sections ``[...]``.
Other Java letters (week-based fields such as ``Y`` and ``w``, eras, quarters, zone names,
narrow text) are refused with an explanation; letters Java does not know are refused as Java
does. Parsed values keep microsecond precision (nanoseconds are truncated).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_MONTHS = tuple(calendar.month_name)[1:]
_MONTHS_SHORT = tuple(calendar.month_abbr)[1:]
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAYS_SHORT = tuple(day[:3] for day in _DAYS)

#: Java letters that exist but that this translator does not parse, with the reason.
_UNSUPPORTED = {
    "G": "era",
    "Y": "week-based year (did you mean 'y', the year?)",
    "w": "week of week-based year",
    "W": "week of month",
    "e": "localized day of week",
    "c": "localized day of week",
    "F": "aligned week of month",
    "Q": "quarter",
    "q": "quarter",
    "g": "modified Julian day",
    "A": "milli of day",
    "N": "nano of day",
    "V": "time-zone id",
    "v": "generic time-zone name",
    "z": "time-zone name",
    "O": "localized zone offset",
    "B": "day period",
    "p": "pad modifier",
}

_DIGITS = "[0-9]"


class DatePatternError(ValueError):
    """A Java date pattern is invalid or uses what this translator does not support."""


@dataclass(frozen=True)
class _Field:
    group: str
    letter: str
    count: int


@dataclass(frozen=True)
class JavaDatePattern:
    """A compiled Java date/time pattern.

    Attributes:
        pattern: The pattern as written.
        regex: The Python regular expression the whole input must match.
        has_date: Whether the pattern can produce a date (year with month and day, or with
            day of year). Without it every DATE/TIMESTAMP value is NULL.
        has_time: Whether the pattern has an hour (``H``, ``k``, or ``h``/``K`` with ``a``).
            Without it every TIMESTAMP value is NULL (a DATE pattern may have time fields;
            they are checked, then dropped).
    """

    pattern: str
    regex: re.Pattern[str]
    fields: tuple[_Field, ...]
    has_date: bool
    has_time: bool

    def parse_date(self, text: str) -> date | None:
        """Parse ``text`` as upstream's ``LocalDate.parse``; None when it would fail."""
        values = self._values(text)
        if values is None:
            return None
        resolved = _resolve_date(values)
        if resolved is None or not _time_fields_valid(values):
            return None
        return resolved

    def parse_timestamp(self, text: str) -> datetime | None:
        """Parse ``text`` as upstream's ``LocalDateTime.parse``; None when it would fail."""
        values = self._values(text)
        if values is None:
            return None
        day = _resolve_date(values)
        clock = _resolve_time(values)
        if day is None or clock is None:
            return None
        moment, extra_days = clock
        try:
            return datetime.combine(day, moment) + timedelta(days=extra_days)
        except OverflowError:
            return None

    def _values(self, text: str) -> dict[str, int] | None:
        match = self.regex.fullmatch(text)
        if match is None:
            return None
        values: dict[str, int] = {}
        for fld in self.fields:
            raw = match.group(fld.group)
            if raw is None:
                continue
            converted = _convert(fld, raw)
            if converted is None:
                return None
            key, value = converted
            if values.setdefault(key, value) != value:
                return None
        return values


def compile_date_pattern(pattern: str) -> JavaDatePattern:
    """Translate a Java ``DateTimeFormatter`` pattern.

    Raises:
        DatePatternError: The pattern is invalid for Java, or uses a letter this translator
            does not support; the message names the letter and its position.
    """
    parts, fields = _Translator(pattern).translate()
    letters = {f.letter for f in fields}
    has_year = bool(letters & {"y", "u"})
    has_date = has_year and (bool(letters & {"M", "L"}) and "d" in letters or "D" in letters)
    has_hour = bool(letters & {"H", "k"}) or (bool(letters & {"h", "K"}) and "a" in letters)
    return JavaDatePattern(pattern, re.compile(parts), tuple(fields), has_date, has_hour)


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.fields: list[_Field] = []

    def translate(self) -> tuple[str, list[_Field]]:
        out: list[str] = []
        depth = 0
        pattern, i, n = self.pattern, 0, len(self.pattern)
        while i < n:
            char = pattern[i]
            if char.isascii() and char.isalpha():
                count = 1
                while i + count < n and pattern[i + count] == char:
                    count += 1
                out.append(self._letter(char, count, i))
                i += count
            elif char == "'":
                end = i + 1
                literal: list[str] = []
                while True:
                    if end >= n:
                        raise DatePatternError(f"unclosed quote starting at position {i}")
                    if pattern[end] == "'":
                        if end + 1 < n and pattern[end + 1] == "'":
                            literal.append("'")
                            end += 2
                            continue
                        break
                    literal.append(pattern[end])
                    end += 1
                out.append(re.escape("".join(literal) if end > i + 1 else "'"))
                i = end + 1
            elif char == "[":
                depth += 1
                out.append("(?:")
                i += 1
            elif char == "]":
                if depth == 0:
                    raise DatePatternError(f"']' at position {i} has no opening '['")
                depth -= 1
                out.append(")?")
                i += 1
            elif char in "{}#":
                raise DatePatternError(
                    f"'{char}' at position {i} is reserved; quote it as '{char}'"
                )
            else:
                out.append(re.escape(char))
                i += 1
        out.append(")?" * depth)
        return "".join(out), self.fields

    def _group(self, letter: str, count: int, body: str) -> str:
        group = f"f{len(self.fields)}"
        self.fields.append(_Field(group, letter, count))
        return f"(?P<{group}>{body})"

    def _too_many(self, letter: str, position: int) -> DatePatternError:
        return DatePatternError(f"too many pattern letters '{letter}' at position {position}")

    def _letter(self, letter: str, count: int, position: int) -> str:
        if letter in _UNSUPPORTED:
            raise DatePatternError(
                f"pattern letter '{letter}' at position {position} ({_UNSUPPORTED[letter]}) "
                "is not supported"
            )
        if letter in "yu":
            if count == 2:
                return self._group(letter, count, f"{_DIGITS}{{2}}")
            low = 1 if count == 1 else count
            return self._group(letter, count, f"[+-]?{_DIGITS}{{{low},19}}")
        if letter in "ML":
            if count <= 2:
                return self._group(letter, count, _number(count))
            if count in (3, 4):
                return self._group(letter, count, _names(_MONTHS_SHORT if count == 3 else _MONTHS))
            if count == 5:
                raise DatePatternError(
                    f"narrow month names ('{letter * 5}' at position {position}) are not supported"
                )
            raise self._too_many(letter, position)
        if letter in "dHkKhms":
            if count > 2:
                raise self._too_many(letter, position)
            return self._group(letter, count, _number(count))
        if letter == "D":
            if count > 3:
                raise self._too_many(letter, position)
            body = {1: f"{_DIGITS}{{1,19}}", 2: f"{_DIGITS}{{2,3}}", 3: f"{_DIGITS}{{3}}"}[count]
            return self._group(letter, count, body)
        if letter == "E":
            if count <= 4:
                return self._group(letter, count, _names(_DAYS if count == 4 else _DAYS_SHORT))
            if count == 5:
                raise DatePatternError(f"narrow day names at position {position} are not supported")
            raise self._too_many(letter, position)
        if letter == "a":
            if count > 1:
                raise self._too_many(letter, position)
            return self._group(letter, count, "AM|PM")
        if letter == "S":
            return self._group(letter, count, f"{_DIGITS}{{{count}}}")
        if letter == "n":
            low = 1 if count == 1 else count
            return self._group(letter, count, f"{_DIGITS}{{{low},19}}")
        if letter in "Xx":
            return f"(?:{_offset(letter, count, position)})"
        if letter == "Z":
            if count <= 3:
                return "(?:[+-][0-9]{4})"
            if count == 4:
                return "(?:GMT(?:[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?)"
            if count == 5:
                return "(?:Z|[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)"
            raise self._too_many(letter, position)
        raise DatePatternError(f"unknown pattern letter '{letter}' at position {position}")


def _number(count: int) -> str:
    return f"{_DIGITS}{{1,19}}" if count == 1 else f"{_DIGITS}{{2}}"


def _names(names: tuple[str, ...]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


def _offset(letter: str, count: int, position: int) -> str:
    bodies = {
        1: "[+-][0-9]{2}(?:[0-9]{2})?",
        2: "[+-][0-9]{4}",
        3: "[+-][0-9]{2}:[0-9]{2}",
        4: "[+-][0-9]{4}(?:[0-9]{2})?",
        5: "[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2})?",
    }
    if count not in bodies:
        raise DatePatternError(f"too many pattern letters '{letter}' at position {position}")
    return f"Z|{bodies[count]}" if letter == "X" else bodies[count]


_FIELD_KEYS = {
    "y": "year_of_era",
    "u": "year",
    "M": "month",
    "L": "month",
    "d": "day",
    "D": "day_of_year",
    "E": "day_of_week",
    "a": "am_pm",
    "H": "hour",
    "k": "clock_hour",
    "K": "hour_of_am_pm",
    "h": "clock_hour_of_am_pm",
    "m": "minute",
    "s": "second",
    "S": "nano",
    "n": "nano",
}


def _convert(fld: _Field, raw: str) -> tuple[str, int] | None:
    key = _FIELD_KEYS[fld.letter]
    letter, count = fld.letter, fld.count
    if letter in "yu":
        if count == 2:
            return key, 2000 + int(raw)
        digits = raw.lstrip("+-")
        if count >= 4 and len(digits) > count and not raw.startswith(("+", "-")):
            return None  # strict parsing: more digits than the width need a sign
        if letter == "y" and (raw.startswith("-") or int(digits) == 0):
            return None  # year of era is 1 or more
        return key, int(raw)
    if letter in "ML" and count >= 3:
        names = _MONTHS_SHORT if count == 3 else _MONTHS
        return key, names.index(raw) + 1
    if letter == "E":
        return key, (_DAYS if count == 4 else _DAYS_SHORT).index(raw) + 1
    if letter == "a":
        return key, 0 if raw == "AM" else 1
    if letter == "S":
        return key, int(raw.ljust(9, "0")[:9])
    return key, int(raw)


def _resolve_date(values: dict[str, int]) -> date | None:
    year = values.get("year", values.get("year_of_era"))
    if year is None or ("year" in values and values.get("year_of_era", year) != year):
        return None
    if not 1 <= year <= 9999:
        return None
    result: date | None = None
    month, day = values.get("month"), values.get("day")
    if month is not None and day is not None:
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        result = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    day_of_year = values.get("day_of_year")
    if day_of_year is not None:
        if not 1 <= day_of_year <= (366 if calendar.isleap(year) else 365):
            return None
        by_day = date(year, 1, 1) + timedelta(days=day_of_year - 1)
        if result is not None and result != by_day:
            return None
        result = by_day
    if result is None:
        return None
    if "day_of_week" in values and values["day_of_week"] != result.isoweekday():
        return None
    return result


_RANGES = {
    "hour": (0, 24),
    "clock_hour": (1, 24),
    "hour_of_am_pm": (0, 11),
    "clock_hour_of_am_pm": (1, 12),
    "minute": (0, 59),
    "second": (0, 59),
    "nano": (0, 999_999_999),
    "month": (1, 12),
}


def _time_fields_valid(values: dict[str, int]) -> bool:
    return all(low <= values[key] <= high for key, (low, high) in _RANGES.items() if key in values)


def _resolve_time(values: dict[str, int]) -> tuple[time, int] | None:
    if not _time_fields_valid(values):
        return None
    hour = values.get("hour")
    if "clock_hour" in values:
        clock = values["clock_hour"] % 24
        if hour is not None and hour != clock:
            return None
        hour = clock
    am_pm = values.get("am_pm")
    if am_pm is not None:
        of_am_pm = values.get("hour_of_am_pm", values.get("clock_hour_of_am_pm", 0) % 12)
        if "hour_of_am_pm" in values or "clock_hour_of_am_pm" in values:
            from_am_pm = of_am_pm + 12 * am_pm
            if hour is not None and hour != from_am_pm:
                return None
            hour = from_am_pm
        elif hour is not None and hour < 24 and hour // 12 != am_pm:
            return None
    if hour is None:
        return None
    minute, second, nano = values.get("minute"), values.get("second"), values.get("nano")
    if (minute is None and (second is not None or nano is not None)) or (
        minute is not None and second is None and nano is not None
    ):
        return None
    minute, second, nano = minute or 0, second or 0, nano or 0
    if hour == 24:
        if minute or second or nano:
            return None
        return time(0, 0), 1
    return time(hour, minute, second, nano // 1000), 0
