"""Java DateTimeFormatter patterns translated exactly (strict widths, SMART resolution)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ibis_mill.sources.datepattern import DatePatternError, compile_date_pattern


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("yyyy-MM-dd", "2023-01-31", date(2023, 1, 31)),
        ("yyyy-MM-dd", "2023-02-31", date(2023, 2, 28)),  # SMART: clamped to the month's end
        ("yyyy-MM-dd", "2024-02-30", date(2024, 2, 29)),
        ("yyyy-MM-dd", "2023-13-01", None),  # month 13 fails
        ("yyyy-MM-dd", "2023-01-32", None),  # day 32 fails
        ("yyyy-MM-dd", "2023-1-01", None),  # MM is exactly two digits
        ("yyyy-M-d", "2023-1-5", date(2023, 1, 5)),
        ("yyyy-M-d", "2023-01-05", date(2023, 1, 5)),
        ("yyyy-MM-dd", "2023-01-05 ", None),  # the whole input must be consumed
        ("yyyy-MM-dd", "23-01-05", None),  # yyyy needs four digits
        ("yyyy-MM-dd", "12023-01-05", None),  # more digits than the width need a sign
        ("yyyyMMdd", "20230231", date(2023, 2, 28)),  # adjacent values
        ("yy-MM-dd", "69-01-05", date(2069, 1, 5)),  # base 2000, not Python's pivot
        ("yy-MM-dd", "99-12-31", date(2099, 12, 31)),
        ("uuuu-DDD", "2024-366", date(2024, 12, 31)),
        ("uuuu-DDD", "2023-366", None),
        ("dd MMM yyyy", "05 Jan 2023", date(2023, 1, 5)),
        ("dd MMM yyyy", "05 jan 2023", None),  # text is case-sensitive
        ("dd MMMM yyyy", "05 September 2023", date(2023, 9, 5)),
        ("EEE, dd MMM yyyy", "Thu, 05 Jan 2023", date(2023, 1, 5)),
        ("EEE, dd MMM yyyy", "Fri, 05 Jan 2023", None),  # wrong day of week
        ("yyyy-MM-dd'T'HH:mm", "2023-01-05T10:30", date(2023, 1, 5)),  # time checked, dropped
        ("yyyy-MM-dd HH:mm", "2023-01-05 25:30", None),
        ("yyyy-MM-dd", "0000-01-05", None),  # year of era starts at 1
        ("'day' d 'of' M ''yy", "day 5 of 1 '23", date(2023, 1, 5)),
        ("yyyy-MM", "2023-01", None),  # no day: a date cannot be built
        ("yyyy-MM-dd[ HH:mm]", "2023-01-05", date(2023, 1, 5)),
        ("yyyy-MM-dd[ HH:mm]", "2023-01-05 10:00", date(2023, 1, 5)),
        ("yyyy-MM-ddXXX", "2023-01-05+02:00", date(2023, 1, 5)),
        ("yyyy-MM-ddX", "2023-01-05Z", date(2023, 1, 5)),
        ("yyyy-MM-dd", "２０２３-01-05", None),  # ASCII digits only
    ],
)
def test_parse_date(pattern: str, text: str, expected: date | None) -> None:
    assert compile_date_pattern(pattern).parse_date(text) == expected


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("yyyy-MM-dd'T'HH:mm:ss", "2023-01-05T10:30:15", datetime(2023, 1, 5, 10, 30, 15)),
        ("yyyy-MM-dd HH:mm:ss.SSS", "2023-01-05 10:30:15.123", datetime(2023, 1, 5, 10, 30, 15, 123000)),
        ("yyyy-MM-dd HH:mm:ss.SSS", "2023-01-05 10:30:15.12", None),  # S width is exact
        ("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", "2023-01-05 10:30:15.123456789",
         datetime(2023, 1, 5, 10, 30, 15, 123456)),  # nanoseconds truncated
        ("yyyy-MM-dd HH", "2023-01-05 07", datetime(2023, 1, 5, 7)),  # minutes default to 0
        ("yyyy-MM-dd HH:ss", "2023-01-05 07:10", None),  # seconds without minutes
        ("yyyy-MM-dd HH:mm", "2023-01-05 24:00", datetime(2023, 1, 6)),  # SMART end of day
        ("yyyy-MM-dd HH:mm", "2023-01-05 24:01", None),
        ("yyyy-MM-dd hh:mm a", "2023-01-05 12:15 AM", datetime(2023, 1, 5, 0, 15)),
        ("yyyy-MM-dd hh:mm a", "2023-01-05 01:15 PM", datetime(2023, 1, 5, 13, 15)),
        ("yyyy-MM-dd hh:mm a", "2023-01-05 13:15 PM", None),
        ("yyyy-MM-dd hh:mm", "2023-01-05 01:15", None),  # no AM/PM: hour unresolved
        ("yyyy-MM-dd HH:mm a", "2023-01-05 13:15 AM", None),  # contradicting AM/PM
        ("yyyy-MM-dd kk:mm", "2023-01-05 24:15", datetime(2023, 1, 5, 0, 15)),
        ("yyyy-MM-dd", "2023-01-05", None),  # a timestamp needs a time
        ("yyyy-MM-dd'T'HH:mm:ssZ", "2023-01-05T10:00:00+0100", datetime(2023, 1, 5, 10)),
    ],
)  # fmt: skip
def test_parse_timestamp(pattern: str, text: str, expected: datetime | None) -> None:
    assert compile_date_pattern(pattern).parse_timestamp(text) == expected


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("YYYY-MM-dd", "pattern letter 'Y' at position 0 (week-based year (did you mean 'y', the year?)) is not supported"),
        ("yyyy-ww", "pattern letter 'w' at position 5 (week of week-based year) is not supported"),
        ("yyyy-MM-dd zzz", "pattern letter 'z' at position 11 (time-zone name) is not supported"),
        ("yyyy-MM-ddd", "too many pattern letters 'd' at position 8"),
        ("HHH", "too many pattern letters 'H' at position 0"),
        ("aa", "too many pattern letters 'a' at position 0"),
        ("MMMMMM", "too many pattern letters 'M' at position 0"),
        ("MMMMM", "narrow month names ('MMMMM' at position 0) are not supported"),
        ("yyyy-MM-dd'T", "unclosed quote starting at position 10"),
        ("yyyy]", "']' at position 4 has no opening '['"),
        ("yyyy{MM}", "'{' at position 4 is reserved; quote it as '{'"),
        ("yyyy-MM-dd tt", "unknown pattern letter 't' at position 11"),
        ("XXXXXX", "too many pattern letters 'X' at position 0"),
    ],
)  # fmt: skip
def test_invalid_patterns(pattern: str, message: str) -> None:
    with pytest.raises(DatePatternError) as raised:
        compile_date_pattern(pattern)
    assert str(raised.value) == message


def test_pattern_capabilities() -> None:
    assert compile_date_pattern("yyyy-MM-dd").has_date
    assert not compile_date_pattern("yyyy-MM-dd").has_time
    assert compile_date_pattern("uuuu-DDD HH").has_time
    assert not compile_date_pattern("MM-dd").has_date
    assert not compile_date_pattern("yyyy-MM-dd hh:mm").has_time
