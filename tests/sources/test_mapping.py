"""Table mappings (regex, directory, glob) and the Java regex translation."""

from __future__ import annotations

import re

import pytest

from ibis_mill.sources.javaregex import JavaRegexError, compile_java_regex
from ibis_mill.sources.mapping import glob_to_regex, table_name
from ibis_mill.sources.model import DirectoryMapping, GlobMapping, RegexMapping


def regex(pattern: str, group: str = "table") -> RegexMapping:
    return RegexMapping(pattern, compile_java_regex(pattern).regex, group)


def glob(pattern: str, table: str = "t") -> GlobMapping:
    return GlobMapping(pattern, re.compile(glob_to_regex(pattern)), table)


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        (r"(?<table>[^/]+)\.csv$", "/data/skymill/cities.csv", "cities"),
        (r".*(?<table>[^/]+)\.csv$", "/data/skymill/cities.csv", "s"),  # greedy .* steals
        (r".*?(?<table>[^/]+)\.csv$", "/data/skymill/cities.csv", "cities"),
        (r"(?<table>[^/]+)\.csv", "/data/cities.csv.bak", "cities"),  # search, no $
        (r"(?<table>[^/]+)\.csv$", "/data/cities.CSV", None),  # case-sensitive
        (r"(?i)(?<table>[^/]+)\.csv$", "/data/Cities.CSV", "Cities"),  # names kept verbatim
        (r"(?<table>[^/]+)/[^/]+\.parquet$", "/d/orders/part-0.parquet", "orders"),
        (r"(?<table>[a-z]+)?-x\.csv$", "/d/-x.csv", None),  # group did not participate
        (r"/csv/(?<table>[^/]+)\.csv$", "/d/parquet/cities.csv", None),
    ],
)
def test_regex_mapping(pattern: str, path: str, expected: str | None) -> None:
    assert table_name(regex(pattern), path) == expected


def test_regex_mapping_with_another_group() -> None:
    mapping = regex(r"/(?<name>[a-z]+)-(?<date>\d{4})\.csv$", group="name")
    assert table_name(mapping, "/d/items-2023.csv") == "items"


@pytest.mark.parametrize(
    ("depth", "path", "expected"),
    [
        (1, "/d/hierarchy/2023/01/items-2023-01-02.parquet", "01"),
        (2, "/d/hierarchy/2023/01/items-2023-01-02.parquet", "2023"),
        (1, "/data/skymill/csv/cities.csv", "csv"),  # files in the root get the root's name
        (4, "/a/b/c.csv", None),  # not that deep: skipped
        (3, "/a/b/c.csv", None),
        (2, "/a/b/c.csv", "a"),
    ],
)
def test_directory_mapping(depth: int, path: str, expected: str | None) -> None:
    assert table_name(DirectoryMapping(depth), path) == expected


@pytest.mark.parametrize(
    ("pattern", "translated"),
    [
        ("*.csv", r"(?:^|/)[^/]*\.csv$"),
        ("**/*.csv", r"(?:^|/)(?:.*/)?[^/]*\.csv$"),
        ("data/**", r"(?:^|/)data/.*$"),
        ("file?.{csv,tsv}", r"(?:^|/)file[^/]\.(?:csv|tsv)$"),
        ("{a*,b}.txt", r"(?:^|/)(?:a\*|b)\.txt$"),  # wildcards inside braces are literal
        ("[!a]x.csv", r"(?:^|/)[!a]x\.csv$"),  # copied as a class: '!' is not negation
        ("a{b.csv", r"(?:^|/)a\{b\.csv$"),
        ("(x)+$^|.csv", r"(?:^|/)\(x\)\+\$\^\|\.csv$"),
    ],
)
def test_glob_translation(pattern: str, translated: str) -> None:
    assert glob_to_regex(pattern) == translated


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.csv", "/d/x/y/cities.csv", True),  # a suffix starting at a '/' boundary
        ("books/book*.csv", "/d/x/books/book1.csv", True),
        ("books/book*.csv", "/d/x/mybooks/book1.csv", False),
        ("/data/sales/*.parquet", "/data/sales/a.parquet", True),
        ("/data/sales/*.parquet", "/data/sales/2024/a.parquet", False),
        ("**/2024/*.parquet", "/data/sales/2024/a.parquet", True),
        ("*.csv", "/d/cities.csv.bak", False),
    ],
)
def test_glob_mapping(pattern: str, path: str, matches: bool) -> None:
    assert table_name(glob(pattern, "all"), path) == ("all" if matches else None)


def test_java_regex_translation() -> None:
    translated = compile_java_regex(r"(?<=x)(?<a1>\d)\k<a1>[(?<z>]\Q(?<q>.\E\z")
    assert translated.regex.pattern == r"(?<=x)(?P<a1>\d)(?P=a1)[(?<z>]\(\?<q>\.\Z"
    assert translated.group_names == ("a1",)
    assert compile_java_regex(r"a\Z").regex.search("xa\n") is not None


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(?<table_name>x)", "invalid group name <table_name> at position 0: Java group names are letters and digits starting with a letter (no underscores)"),
        ("(?<1a>x)", "invalid group name <1a> at position 0: Java group names are letters and digits starting with a letter (no underscores)"),
        ("(?P<t>x)", "(?P...) at position 0 is Python syntax; Java names groups as (?<name>...)"),
        ("(?<a>x)(?<a>y)", "named group <a> is defined twice"),
        ("(x", "does not compile: missing ), unterminated subpattern (at position 0)"),
        ("x\\", "ends with a lone backslash"),
    ],
)  # fmt: skip
def test_java_regex_errors(pattern: str, message: str) -> None:
    with pytest.raises(JavaRegexError) as raised:
        compile_java_regex(pattern)
    assert str(raised.value) == message
