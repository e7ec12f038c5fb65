"""Malformed descriptors: each gives a report naming the exact problem and where it is.

Every case asserts the issue's severity, phase, code, location (``context``) and the words of
its message that name the problem; ``load`` raises a :class:`DescriptorError` listing the same
issue, and no other exception escapes ``verify``.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from ibis_mill.sources import DescriptorError, Phase, Severity, load, verify

from .files import write, write_parquet

CSV_MAPPING = {"type": "regex", "pattern": r"(?<table>[^/]+)\.csv$"}


def base() -> dict[str, Any]:
    """A valid descriptor: CSV files under ``data``, one table per file."""
    return {
        "name": "shop",
        "storage": {"type": "local", "rootPath": "data"},
        "readers": [{"type": "csv", "table": {"mapping": dict(CSV_MAPPING)}}],
    }


def edited(change: Callable[[dict[str, Any]], object]) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        descriptor = copy.deepcopy(base())
        change(descriptor)
        return descriptor

    return make


def reader(descriptor: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return descriptor["readers"][index]


def attribute(**fields: Any) -> Callable[[dict[str, Any]], object]:
    def change(descriptor: dict[str, Any]) -> None:
        reader(descriptor)["table"]["attributes"] = [fields]

    return change


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[], dict[str, Any] | str]
    code: str
    context: str
    fragment: str
    severity: Severity = Severity.ERROR
    phase: Phase = Phase.STATIC


REGEX_ATTR = {"name": "year", "source": "REGEX", "pattern": r"/(?<y>\d{4})/", "group": "y"}

STATIC_CASES = [
    Case("missing name", edited(lambda d: d.pop("name")), "missing-key", "name",
         "'name' is required", phase=Phase.PARSE),
    Case("blank name", edited(lambda d: d.update(name="  ")), "blank-value", "name",
         "the source name must not be blank"),
    Case("missing storage", edited(lambda d: d.pop("storage")), "missing-key", "storage",
         "'storage' is required", phase=Phase.PARSE),
    Case("storage not a mapping", edited(lambda d: d.update(storage="local")), "wrong-type",
         "storage", "storage must be a mapping, got str 'local'", phase=Phase.PARSE),
    Case("unknown storage type", edited(lambda d: d["storage"].update(type="ftp")),
         "unknown-type", "storage.type", "unknown storage type 'ftp'", phase=Phase.PARSE),
    Case("cloud storage", edited(lambda d: d["storage"].update(type="s3")),
         "unsupported-storage", "storage.type", "storage type 's3' is not supported",
         phase=Phase.PARSE),
    Case("missing rootPath", edited(lambda d: d["storage"].pop("rootPath")), "missing-key",
         "storage.rootPath", "'rootPath' is required", phase=Phase.PARSE),
    Case("blank rootPath", edited(lambda d: d["storage"].update(rootPath="")), "blank-value",
         "storage.rootPath", "rootPath must not be blank"),
    Case("missing readers", edited(lambda d: d.pop("readers")), "missing-key", "readers",
         "'readers' is required", phase=Phase.PARSE),
    Case("readers not a list", edited(lambda d: d.update(readers={"type": "csv"})),
         "wrong-type", "readers", "readers must be a list, got a mapping", phase=Phase.PARSE),
    Case("empty readers", edited(lambda d: d.update(readers=[])), "empty-readers", "readers",
         "at least one reader is required", phase=Phase.PARSE),
    Case("reader without type", edited(lambda d: reader(d).pop("type")), "missing-key",
         "readers[0].type", "'type' is required", phase=Phase.PARSE),
    Case("unknown format", edited(lambda d: reader(d).update(type="json")), "unknown-format",
         "readers[0].type", "unknown reader type 'json'", phase=Phase.PARSE),
    Case("unknown top-level key", edited(lambda d: d.update(tables=[])), "unknown-key",
         "tables", "unknown key 'tables'", phase=Phase.PARSE),
    Case("typo in a format option", edited(lambda d: reader(d).update(format={"hasheader": 1})),
         "unknown-key", "readers[0].format.hasheader", "did you mean 'hasHeader'?",
         phase=Phase.PARSE),
    Case("boolean option not a boolean",
         edited(lambda d: reader(d).update(format={"hasHeader": "maybe"})), "wrong-type",
         "readers[0].format.hasHeader", "expected true or false, got 'maybe'", phase=Phase.PARSE),
    Case("integer option not an integer",
         edited(lambda d: reader(d).update(format={"maxColumns": "many"})), "wrong-type",
         "readers[0].format.maxColumns", "expected an integer, got 'many'", phase=Phase.PARSE),
    Case("format not a mapping", edited(lambda d: reader(d).update(format="csv")), "wrong-type",
         "readers[0].format", "'format' must be a mapping", phase=Phase.PARSE),
    Case("format.type contradicts the reader",
         edited(lambda d: reader(d).update(format={"type": "tsv"})), "conflicting-type",
         "readers[0].format.type", "format.type 'tsv' contradicts the reader type 'csv'",
         phase=Phase.PARSE),
    Case("unknown encoding", edited(lambda d: reader(d).update(format={"encoding": "klingon"})),
         "unknown-encoding", "readers[0].format.encoding", "unknown encoding 'klingon'",
         phase=Phase.PARSE),
    Case("reader without any mapping", edited(lambda d: reader(d).pop("table")),
         "missing-mapping", "readers[0]", "the reader has no table mapping"),
    Case("table without mapping", edited(lambda d: reader(d).update(table={})), "missing-key",
         "readers[0].table.mapping", "'mapping' is required in a 'table' block"),
    Case("unknown mapping type",
         edited(lambda d: reader(d)["table"]["mapping"].update(type="hive")), "unknown-type",
         "readers[0].table.mapping.type", "unknown mapping type 'hive'", phase=Phase.PARSE),
    Case("regex that does not compile",
         edited(lambda d: reader(d)["table"]["mapping"].update(pattern=r"(?<table>[^/]+\.csv")),
         "invalid-regex", "readers[0].table.mapping.pattern", "does not compile: missing )"),
    Case("regex without the named group",
         edited(lambda d: reader(d)["table"]["mapping"].update(pattern=r"([^/]+)\.csv$")),
         "missing-group", "readers[0].table.mapping.pattern", "has no named group <table>"),
    Case("tableNameGroup absent from the regex",
         edited(lambda d: reader(d)["table"]["mapping"].update(tableNameGroup="name")),
         "missing-group", "readers[0].table.mapping.pattern", "has no named group <name>"),
    Case("Python named group syntax",
         edited(lambda d: reader(d)["table"]["mapping"].update(pattern=r"(?P<table>.+)\.csv")),
         "invalid-regex", "readers[0].table.mapping.pattern", "(?P...) at position 0 is Python"),
    Case("group name with an underscore",
         edited(lambda d: reader(d)["table"]["mapping"].update(
             pattern=r"(?<table_name>.+)\.csv", tableNameGroup="table_name")),
         "invalid-regex", "readers[0].table.mapping.pattern", "invalid group name <table_name>"),
    Case("directory depth 0",
         edited(lambda d: reader(d)["table"].update(mapping={"type": "directory", "depth": 0})),
         "invalid-value", "readers[0].table.mapping.depth", "depth must be 1 or more, got 0"),
    Case("glob with a blank table",
         edited(lambda d: reader(d)["table"].update(
             mapping={"type": "glob", "pattern": "*.csv", "table": " "})),
         "blank-value", "readers[0].table.mapping.table", "the table name must not be blank"),
    Case("glob that is invalid",
         edited(lambda d: reader(d)["table"].update(
             mapping={"type": "glob", "pattern": "[z-a].csv", "table": "t"})),
         "invalid-glob", "readers[0].table.mapping.pattern", "bad character range z-a"),
    Case("duplicate labels",
         edited(lambda d: d["readers"].extend([
             {"type": "csv", "label": "x", "table": {"mapping": dict(CSV_MAPPING)}},
             {"type": "tsv", "label": "x", "table": {"mapping": dict(CSV_MAPPING)}}])),
         "duplicate-label", "readers[2].label", "label 'x' is also used by readers[1]",
         severity=Severity.WARNING),
    Case("attribute without name", edited(attribute(source="CONSTANT", value="a")),
         "missing-key", "readers[0].table.attributes[0].name", "'name' is required",
         phase=Phase.PARSE),
    Case("attribute with an unknown source", edited(attribute(name="a", source="FILE")),
         "unknown-value", "readers[0].table.attributes[0].source",
         "unknown attribute source 'FILE'", phase=Phase.PARSE),
    Case("attribute type BOOLEAN",
         edited(attribute(name="a", source="CONSTANT", value="true", type="BOOLEAN")),
         "unknown-value", "readers[0].table.attributes[0].type", "(did you mean BOOL?)",
         phase=Phase.PARSE),
    Case("DATE attribute without format",
         edited(attribute(name="d", source="CONSTANT", value="2024-01-02", type="DATE")),
         "missing-key", "readers[0].table.attributes[0].format",
         "'format' (a Java date pattern such as yyyy-MM-dd) is required for a DATE attribute"),
    Case("week-based year in a date pattern",
         edited(attribute(name="d", source="CONSTANT", value="x", type="DATE",
                          format="YYYY-MM-dd")),
         "invalid-date-pattern", "readers[0].table.attributes[0].format",
         "pattern letter 'Y' at position 0 (week-based year (did you mean 'y', the year?))"),
    Case("unclosed quote in a date pattern",
         edited(attribute(name="d", source="CONSTANT", value="x", type="TIMESTAMP",
                          format="yyyy-MM-dd'T")),
         "invalid-date-pattern", "readers[0].table.attributes[0].format",
         "unclosed quote starting at position 10"),
    Case("unknown letter in a date pattern",
         edited(attribute(name="d", source="CONSTANT", value="x", type="DATE",
                          format="yyyy-MM-dd tt")),
         "invalid-date-pattern", "readers[0].table.attributes[0].format",
         "unknown pattern letter 't' at position 11"),
    Case("REGEX attribute whose group is not in the pattern",
         edited(attribute(**{**REGEX_ATTR, "group": "year"})), "missing-group",
         "readers[0].table.attributes[0].group",
         "group 'year' is not a named group of '/(?<y>\\d{4})/' (named groups: y)"),
    Case("REGEX attribute without pattern",
         edited(attribute(name="year", source="REGEX", group="y")), "missing-key",
         "readers[0].table.attributes[0].pattern", "'pattern' is required for a REGEX attribute"),
    Case("REGEX attribute with a bad regex",
         edited(attribute(**{**REGEX_ATTR, "pattern": "(?<y>[0-9]"})), "invalid-regex",
         "readers[0].table.attributes[0].pattern", "does not compile"),
    Case("CONSTANT attribute without value", edited(attribute(name="feed", source="CONSTANT")),
         "missing-key", "readers[0].table.attributes[0].value",
         "'value' is required for a CONSTANT attribute"),
    Case("CONSTANT attribute with an empty value",
         edited(attribute(name="feed", source="CONSTANT", value=None)), "missing-key",
         "readers[0].table.attributes[0].value", "'value' is required for a CONSTANT attribute"),
    Case("duplicate attribute names",
         edited(lambda d: reader(d)["table"].update(attributes=[
             {"name": "feed", "source": "CONSTANT", "value": "a"},
             {"name": "feed", "source": "CONSTANT", "value": "b"}])),
         "duplicate-attribute", "readers[0].table.attributes[1].name",
         "attribute 'feed' is already defined at readers[0].table.attributes[0]"),
    Case("unknown conflict strategy", edited(lambda d: d.update(conflicts="merge")),
         "unknown-value", "conflicts", "unknown conflict strategy 'merge'; expected one of: "
         "REJECT, UNION", phase=Phase.PARSE),
    Case("unknown per-table conflict strategy",
         edited(lambda d: d.update(conflicts={"default": "union", "orders": "keep"})),
         "unknown-value", "conflicts.orders", "unknown conflict strategy 'keep'",
         phase=Phase.PARSE),
    Case("fwf without columns", edited(lambda d: reader(d).update(type="fwf")), "missing-key",
         "readers[0].format.columns", "fwf readers need 'format.columns'"),
    Case("fwf column ending before it starts",
         edited(lambda d: reader(d).update(
             type="fwf", format={"columns": [{"name": "a", "start": 4, "end": 2}]})),
         "invalid-value", "readers[0].format.columns[0]",
         "column 'a' needs 0 <= start < end, got start=4, end=2"),
    Case("excel sheetPattern that does not compile",
         edited(lambda d: reader(d).update(type="excel", format={"sheetPattern": "[a-"})),
         "invalid-regex", "readers[0].format.sheetPattern", "regex '[a-' does not compile"),
    Case("CSV delimiter equal to the quote",
         edited(lambda d: reader(d).update(format={"delimiter": '"'})), "invalid-value",
         "readers[0].format.delimiter", "delimiter and quote are both '\"'"),
    Case("YAML syntax error", lambda: "name: shop\nstorage: {type: local\n", "yaml-syntax",
         "YAML text, line 3, column 1", "not valid YAML", phase=Phase.PARSE),
    Case("YAML key written twice", lambda: "name: a\nname: b\n", "yaml-syntax",
         "YAML text, line 2, column 1", "found the key 'name' twice", phase=Phase.PARSE),
    Case("descriptor that is a list", lambda: "- name: a\n", "wrong-type", "(top level)",
         "the descriptor must be a mapping, got a list", phase=Phase.PARSE),
    Case("empty descriptor", lambda: "# nothing\n", "empty-descriptor", "YAML text",
         "the descriptor is empty", phase=Phase.PARSE),
]  # fmt: skip


def find(report: Any, case: Case) -> Any:
    matches = [issue for issue in report.issues if issue.code == case.code]
    assert matches, f"no {case.code!r} issue in:\n{report}"
    located = [issue for issue in matches if issue.context == case.context]
    assert located, f"{case.code!r} not at {case.context!r}:\n{report}"
    return located[0]


@pytest.mark.parametrize("case", STATIC_CASES, ids=[case.id for case in STATIC_CASES])
def test_static_problem_is_named_with_its_location(case: Case, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    report = verify(case.make(), base_dir=tmp_path, deep=False)
    issue = find(report, case)
    assert (issue.severity, issue.phase) == (case.severity, case.phase)
    assert case.fragment in issue.message
    assert report.valid is (case.severity is not Severity.ERROR)
    if case.severity is Severity.ERROR:
        with pytest.raises(DescriptorError) as raised:
            load(case.make(), base_dir=tmp_path)
        assert issue in raised.value.issues
        assert f"at {case.context}: {issue.message}" in str(raised.value)


def test_there_are_at_least_30_malformed_descriptor_cases() -> None:
    assert len(STATIC_CASES) + len(DEEP_CASES) >= 30
    assert len({case.id for case in STATIC_CASES + DEEP_CASES}) == len(STATIC_CASES) + len(
        DEEP_CASES
    )


def test_unknown_key_lists_the_allowed_keys_when_nothing_is_close(tmp_path: Path) -> None:
    descriptor = base()
    descriptor["storage"]["bucket"] = "b"
    report = verify(descriptor, base_dir=tmp_path, deep=False)
    assert [issue.message for issue in report.find("unknown-key")] == [
        "unknown key 'bucket' (upstream would silently ignore it); allowed keys: type, rootPath"
    ]


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    descriptor = base()
    descriptor["name"] = ""
    reader(descriptor)["format"] = {"delimeter": ";"}
    reader(descriptor)["table"]["mapping"]["pattern"] = "(["
    report = verify(descriptor, base_dir=tmp_path)
    assert [(issue.code, issue.context) for issue in report.errors] == [
        ("blank-value", "name"),
        ("invalid-regex", "readers[0].table.mapping.pattern"),
        ("unknown-key", "readers[0].format.delimeter"),
    ]
    assert report.find("deep-skipped")[0].message == (
        "files were not checked: fix the errors above first"
    )


def test_documented_but_unimplemented_blocks_are_warnings(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    descriptor = base() | {"cache": {"ttl": 5}, "metadata": {"enabled": True}}
    report = verify(descriptor, base_dir=tmp_path, deep=False)
    assert report.valid
    assert [(i.severity, i.context) for i in report.find("ignored-key")] == [
        (Severity.WARNING, "cache"),
        (Severity.WARNING, "metadata"),
    ]


def test_missing_descriptor_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    report = verify(path)
    assert [(i.code, i.context) for i in report.errors] == [("unreadable-descriptor", str(path))]
    assert report.errors[0].message == "cannot read the descriptor file: No such file or directory"


@pytest.mark.parametrize("value", [42, ["a"], None, b"name: x"])
def test_verify_never_raises_on_nonsense(value: object) -> None:
    report = verify(value)  # type: ignore[arg-type]
    assert not report.valid
    assert report.errors[0].phase is Phase.PARSE


# -- deep problems: they need files ---------------------------------------------------------


def two_readers(
    root: Path, conflicts: object = None, labels: tuple[Any, Any] = (None, None)
) -> dict[str, Any]:
    write(root, "cities.csv", "id,name\n1,Oslo\n")
    write_parquet(root, "cities.parquet", pa.table({"id": [2], "name": ["Rome"]}))
    readers = [
        {"type": "csv", "table": {"mapping": {"type": "regex", "pattern": r"(?<table>[^/]+)\.csv$"}}},
        {"type": "parquet",
         "table": {"mapping": {"type": "regex", "pattern": r"(?<table>[^/]+)\.parquet$"}}},
    ]  # fmt: skip
    for spec, label in zip(readers, labels):
        if label is not None:
            spec["label"] = label
    descriptor: dict[str, Any] = {"name": "s", "storage": {"type": "local", "rootPath": "data"},
                                  "readers": readers}  # fmt: skip
    if conflicts is not None:
        descriptor["conflicts"] = conflicts
    return descriptor


def csv_descriptor(root: Path, files: dict[str, str]) -> dict[str, Any]:
    """The base descriptor over ``files`` (relative path -> content)."""
    for name, content in files.items():
        write(root, name, content)
    return base()


def parquet_descriptor(root: Path, **files: pa.Table | bytes) -> dict[str, Any]:
    """Parquet files ``<table>-<n>.parquet`` (bytes are written as they are)."""
    for name, content in files.items():
        if isinstance(content, bytes):
            write(root, name, content)
        else:
            write_parquet(root, name, content)
    mapping = {"type": "regex", "pattern": r"/(?<table>[a-z]+)-\d\.parquet$"}
    return base() | {"readers": [{"type": "parquet", "table": {"mapping": mapping}}]}


def file_root(root: Path) -> dict[str, Any]:
    write(root, "f.csv", "a\n")
    return base() | {"storage": {"type": "local", "rootPath": "data/f.csv"}}


def garbage_avro(root: Path) -> dict[str, Any]:
    write(root, "t.avro", b"garbage")
    mapping = {"type": "regex", "pattern": r"(?<table>[^/]+)\.avro$"}
    return base() | {"readers": [{"type": "avro", "table": {"mapping": mapping}}]}


def attributes_descriptor(root: Path) -> dict[str, Any]:
    write(root, "2024/orders.csv", "id\n1\n")
    descriptor = base()
    reader(descriptor)["table"]["attributes"] = [
        {"name": "year", "source": "REGEX", "type": "INT", "pattern": r"/(?<y>\d{4})/", "group": "y"},
        {"name": "day", "source": "REGEX", "type": "DATE", "pattern": r"/(?<d>\d{4})/",
         "group": "d", "format": "yyyy-MM-dd"},
    ]  # fmt: skip
    return descriptor


@dataclass(frozen=True)
class DeepCase:
    id: str
    make: Callable[[Path], dict[str, Any]]
    code: str
    context: Callable[[Path], str]
    fragment: str
    severity: Severity = Severity.ERROR


def at(context: str) -> Callable[[Path], str]:
    return lambda root: context


def at_file(relative: str) -> Callable[[Path], str]:
    return lambda root: str(root / relative)


DEEP_CASES = [
    DeepCase("missing root", lambda root: base() | {"storage": {"type": "local", "rootPath": "nope"}},
             "root-missing", at("storage.rootPath"), "does not exist"),
    DeepCase("root is a file", file_root, "root-not-directory", at("storage.rootPath"), "is not a directory"),
    DeepCase("empty root", lambda root: base(), "storage-empty", at("storage.rootPath"),
             "no files under", Severity.WARNING),
    DeepCase("colliding table under default reject", lambda root: two_readers(root),
             "conflict-rejected", at("tables.cities"),
             "table 'cities' is produced by readers[0] (csv), readers[1] (parquet) and conflicts "
             "default to reject; give readers[0], readers[1] a label"),
    DeepCase("colliding table under an explicit reject rule",
             lambda root: two_readers(root, {"default": "union", "cities": "reject"}),
             "conflict-rejected", at("conflicts.cities"), "its rule is reject"),
    DeepCase("duplicate labels produce one name twice",
             lambda root: two_readers(root, labels=("x", "x")), "duplicate-table",
             at("readers[1].label"), "two tables are named 'cities_x' (from readers[0], readers[1])"),
    DeepCase("CSV files with different headers",
             lambda root: csv_descriptor(root, {"a/t.csv": "id,name\n1,x\n", "b/t.csv": "name,id\nx,1\n"}),
             "misaligned-file", at_file("b/t.csv"),
             "has columns ['name', 'id'] but the table's first file has ['id', 'name']; matched "
             "by position, its rows would be misaligned"),
    DeepCase("Parquet file lacking a column",
             lambda root: parquet_descriptor(root, **{"t-1.parquet": pa.table({"id": [1], "v": [1.0]}),
                                                      "t-2.parquet": pa.table({"id": [2]})}),
             "misaligned-file", at_file("t-2.parquet"), "lacks column 'v'"),
    DeepCase("Parquet file with another type",
             lambda root: parquet_descriptor(root, **{"t-1.parquet": pa.table({"id": [1]}),
                                                      "t-2.parquet": pa.table({"id": ["2"]})}),
             "misaligned-file", at_file("t-2.parquet"), "has column 'id' as string, not int64"),
    DeepCase("unreadable second file",
             lambda root: parquet_descriptor(root, **{"t-1.parquet": pa.table({"id": [1]}),
                                                      "t-2.parquet": b"not parquet at all"}),
             "unreadable-file", at_file("t-2.parquet"), "cannot read the Parquet footer"),
    DeepCase("unreadable first file",
             garbage_avro, "schema-failed", at_file("t.avro"), "cannot infer the schema of table 't'"),
    DeepCase("reader that maps nothing",
             lambda root: csv_descriptor(root, {"t.txt": "x\n"}), "reader-matched-nothing",
             at("readers[0]"), "reader 0 (csv) maps none of the 1 file(s)", Severity.WARNING),
    DeepCase("files no reader maps",
             lambda root: csv_descriptor(root, {"t.csv": "a\n1\n", "README.md": "hi"}),
             "unmapped-files", at("storage.rootPath"), "1 file(s) match no reader and are ignored",
             Severity.WARNING),
    DeepCase("conflict rule for a table nobody produces",
             lambda root: csv_descriptor(root, {"t.csv": "a\n"}) | {"conflicts": {"x": "union"}},
             "unused-conflict-rule", at("conflicts.x"), "names a table no reader produced",
             Severity.WARNING),
    DeepCase("attribute NULL for the first file", attributes_descriptor, "attribute-null",
             at_file("2024/orders.csv"), "attribute 'day' is NULL for the first file of table "
             "'orders'", Severity.WARNING),
]  # fmt: skip


@pytest.mark.parametrize("case", DEEP_CASES, ids=[case.id for case in DEEP_CASES])
def test_deep_problem_is_named_with_its_location(case: DeepCase, tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    report = verify(case.make(root), base_dir=tmp_path)
    matches = [issue for issue in report.issues if issue.code == case.code]
    assert matches, f"no {case.code!r} issue in:\n{report}"
    issue = matches[0]
    assert (issue.severity, issue.phase, issue.context) == (
        case.severity,
        Phase.DEEP,
        case.context(root),
    )
    assert case.fragment in issue.message
    assert report.valid is (case.severity is not Severity.ERROR)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "data"
    root.mkdir()
    if os.geteuid() == 0:
        # root reads any folder whatever its mode: let the OS answer as it would for a user
        from ibis_mill.sources import plan

        real_access = os.access
        monkeypatch.setattr(
            plan.os, "access", lambda p, mode: Path(p) != root and real_access(p, mode)
        )
    root.chmod(0)
    try:
        report = verify(base(), base_dir=tmp_path)
    finally:
        root.chmod(0o755)
    assert [(i.code, i.context) for i in report.errors] == [("root-unreadable", "storage.rootPath")]
