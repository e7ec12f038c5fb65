"""Validate SQL with real Apache Calcite, configured like a Mill server's parser and validator.

Gates G1 (parse) and G2 (validate with the standard operator table) of the dialect reference,
plus the conversion to a relational plan, run on Calcite 1.29 (the jar inside the
``dask-sql==2022.8.0`` wheel) through JPype. Mill runs Calcite 1.41 and then converts the plan
to Substrait (G3), which this does not check.

Tables are Python implementations of Calcite's ``Table`` interface (JPype proxies) with the
row type of an ibis schema.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import ibis.expr.schema as sch

from ibis_mill.datatypes import calcite_type_name

_JAR = ("dask_sql", "jar", "DaskSQL.jar")


def unavailable_reason() -> str | None:
    """Why Calcite cannot run here, or None when it can."""
    if importlib.util.find_spec("jpype") is None:
        return "needs jpype1 (pip install jpype1)"
    if shutil.which("java") is None:
        return "needs a Java runtime (e.g. openjdk-17-jre-headless)"
    if _jar_path() is None:
        return "needs the Calcite jar from `pip install --no-deps dask-sql==2022.8.0`"
    return None


def _jar_path() -> Path | None:
    spec = importlib.util.find_spec(_JAR[0])
    if spec is None or spec.submodule_search_locations is None:
        return None
    for location in spec.submodule_search_locations:
        jar = Path(location, *_JAR[1:])
        if jar.is_file():
            return jar
    return None


class CalciteValidator:
    """Parse, validate and convert SQL against tables given as ibis schemas."""

    def __init__(self, tables: dict[tuple[str, str], sch.Schema]) -> None:
        import jpype

        if not jpype.isJVMStarted():
            # The same options as the Calcite engine's JVM (ibis_mill.engines), which a test
            # session may start later in this process: one JVM per process.
            jpype.startJVM(
                jpype.getDefaultJVMPath(),
                "-Duser.timezone=UTC",
                classpath=[str(_jar_path())],
                convertStrings=False,
            )
        self._jpype = jpype
        jpype.JClass("org.apache.calcite.jdbc.Driver")
        properties = jpype.JClass("java.util.Properties")()
        for key, value in {
            "lex": "ORACLE",
            "quoting": "BACK_TICK",
            "conformance": "DEFAULT",
        }.items():
            properties.setProperty(key, value)
        manager = jpype.JClass("java.sql.DriverManager")
        self._connection = manager.getConnection("jdbc:calcite:", properties)
        calcite_connection = jpype.JClass("org.apache.calcite.jdbc.CalciteConnection")
        self._root = self._connection.unwrap(calcite_connection).getRootSchema()
        self._add_tables(tables)

    def _add_tables(self, tables: dict[tuple[str, str], sch.Schema]) -> None:
        abstract_schema = self._jpype.JClass("org.apache.calcite.schema.impl.AbstractSchema")
        table_class = _table_class()
        for (schema_name, name), table_schema in tables.items():
            schema = self._root.getSubSchema(schema_name) or self._root.add(
                schema_name, abstract_schema()
            )
            schema.add(name, table_class(table_schema))

    def check(self, sql: str) -> None:
        """Parse, validate and convert ``sql``; raise ``AssertionError`` with Calcite's message."""
        jpype = self._jpype
        parser = jpype.JClass("org.apache.calcite.sql.parser.SqlParser")
        lex = jpype.JClass("org.apache.calcite.config.Lex")
        quoting = jpype.JClass("org.apache.calcite.avatica.util.Quoting")
        conformance = jpype.JClass("org.apache.calcite.sql.validate.SqlConformanceEnum")
        frameworks = jpype.JClass("org.apache.calcite.tools.Frameworks")
        parser_config = (
            parser.config()
            .withLex(lex.ORACLE)
            .withQuoting(quoting.BACK_TICK)
            .withConformance(conformance.DEFAULT)
        )
        config = (
            frameworks.newConfigBuilder()
            .defaultSchema(self._root)
            .parserConfig(parser_config)
            .build()
        )
        planner = frameworks.getPlanner(config)
        try:
            node = planner.parse(sql)
            node = planner.validate(node)
            planner.rel(node)
        except jpype.JException as error:
            message = str(error.getMessage() or error)
            raise AssertionError(f"Calcite rejects the SQL: {message}\n{sql}") from None
        finally:
            planner.close()


def _table_class():
    """A Python implementation of Calcite's ``Table`` interface with a fixed row type."""
    import jpype

    sql_type_name = jpype.JClass("org.apache.calcite.sql.type.SqlTypeName")
    statistics = jpype.JClass("org.apache.calcite.schema.Statistics")
    table_type = jpype.JClass("org.apache.calcite.schema.Schema$TableType")

    @jpype.JImplements("org.apache.calcite.schema.Table")
    class SchemaTable:
        def __init__(self, table_schema: sch.Schema) -> None:
            self._columns = [(name, *_calcite_type(dtype)) for name, dtype in table_schema.items()]

        @jpype.JOverride
        def getRowType(self, factory):
            builder = factory.builder()
            for name, type_name, params in self._columns:
                sql_type = factory.createSqlType(sql_type_name.valueOf(type_name), *params)
                builder.add(name, factory.createTypeWithNullability(sql_type, True))
            return builder.build()

        @jpype.JOverride
        def getStatistic(self):
            return statistics.UNKNOWN

        @jpype.JOverride
        def getJdbcTableType(self):
            return table_type.TABLE

        @jpype.JOverride
        def isRolledUp(self, column):
            return False

        @jpype.JOverride
        def rolledUpColumnValidInsideAgg(self, column, call, parent, config):
            return False

    return SchemaTable


def _calcite_type(dtype) -> tuple[str, list[int]]:
    """``(SqlTypeName, [precision[, scale]])`` of an ibis dtype, from its Calcite CAST type."""
    name = calcite_type_name(dtype)
    if name.endswith("WITH LOCAL TIME ZONE"):
        return "TIMESTAMP_WITH_LOCAL_TIME_ZONE", [3]
    base, _, params = name.partition("(")
    return base, [int(p) for p in params.rstrip(")").split(",") if p.strip()]
