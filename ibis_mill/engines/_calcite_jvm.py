"""The in-process JVM that runs Apache Calcite for the Calcite engine.

The JVM starts once per process through JPype with the Calcite 1.29 jar that the
``dask-sql==2022.8.0`` wheel bundles (``dask_sql/jar/DaskSQL.jar``). The engine's Java
helpers (``_calcite_java/*.java``, shipped as source) are compiled in that JVM by Janino, the
compiler inside the jar, so a Java runtime is enough: no JDK, no build step, no cache.
"""

from __future__ import annotations

import importlib.util
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CalciteUnavailableError", "JavaBridge", "calcite_available", "java_bridge"]

_INSTALL_HINT = (
    "Install the Calcite engine's dependencies with `pip install jpype1` and "
    "`pip install --no-deps dask-sql==2022.8.0` (its wheel carries the Calcite jar), and a "
    "Java 17 runtime (e.g. `apt-get install openjdk-17-jre-headless`)."
)

#: The Java helper sources, in compilation order (each may use the ones before it).
_JAVA_SOURCES = ("ColumnarTable", "ResultCursor", "SubstraitGate", "EnumerableFixes", "MillPlanner")
_JAVA_DIR = Path(__file__).parent / "_calcite_java"
_JAVA_PACKAGE = "ibismill.calcite"


class CalciteUnavailableError(RuntimeError):
    """Java, JPype or the Calcite jar is missing, so the Calcite engine cannot start."""


@dataclass(frozen=True)
class JavaBridge:
    """The Java classes the engine uses, loaded in the running JVM."""

    #: ``ibismill.calcite.ColumnarTable`` and its nested ``Column``, ``Data`` and
    #: ``LoadException``.
    columnar_table: Any
    column: Any
    table_data: Any
    load_exception: Any
    #: ``ibismill.calcite.MillPlanner``.
    mill_planner: Any
    #: ``org.apache.calcite.tools.Frameworks``.
    frameworks: Any
    #: ``org.apache.calcite.schema.impl.AbstractSchema``.
    abstract_schema: Any
    #: ``java.sql.JDBCType``.
    jdbc_type: Any
    #: Janino's compile errors: ``CompileException`` and ``InternalCompilerException`` (for
    #: limits such as a method's 64 KB of code), of ``org.codehaus.commons.compiler``.
    compile_exceptions: tuple[Any, ...]
    #: The Python class of every Java exception (``jpype.JException``).
    java_exception: type[Exception]

    @staticmethod
    def objects(items: Sequence[Any]) -> Any:
        """A Java ``Object[]`` holding ``items``."""
        import jpype

        return jpype.JArray(jpype.JObject)(list(items))

    @staticmethod
    def ints(values: Sequence[int]) -> Any:
        """A Java ``int[]`` holding ``values``."""
        import jpype

        return jpype.JArray(jpype.JInt)(list(values))

    @staticmethod
    def primitives(values: np.ndarray) -> Any:
        """A Java primitive array copied from a numpy array (bool -> boolean[], int64 -> long[]...)."""
        import jpype

        return jpype.JArray.of(np.ascontiguousarray(values))


_lock = threading.Lock()
_bridge: JavaBridge | None = None


def _find_jar() -> Path | None:
    spec = importlib.util.find_spec("dask_sql")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        jar = Path(location) / "jar" / "DaskSQL.jar"
        if jar.is_file():
            return jar
    return None


def calcite_available() -> str | None:
    """Tell whether the Calcite engine can start in this process.

    Returns:
        None when JPype, the Calcite jar and a Java runtime are all present (or the JVM is
        already running with the jar), otherwise the reason it cannot start, with how to
        fix it.
    """
    if importlib.util.find_spec("jpype") is None:
        return f"JPype is not installed. {_INSTALL_HINT}"
    jar = _find_jar()
    if jar is None:
        return f"The Calcite jar (dask_sql/jar/DaskSQL.jar) is not installed. {_INSTALL_HINT}"
    import jpype

    if jpype.isJVMStarted():
        try:
            jpype.JClass("org.apache.calcite.tools.Frameworks")
        except TypeError:  # JPype's "class not found"
            return (
                "A JVM is already running in this process without the Calcite jar on its "
                f"class path; start it with {jar} on the class path, or let the Calcite "
                "engine start it."
            )
        return None
    try:
        jpype.getDefaultJVMPath()
    except jpype.JVMNotFoundException:
        if shutil.which("java") is None:
            return f"No Java runtime was found (no JAVA_HOME, no `java` on PATH). {_INSTALL_HINT}"
        return f"JPype cannot find the JVM library of the `java` on PATH; set JAVA_HOME. {_INSTALL_HINT}"
    return None


def java_bridge() -> JavaBridge:
    """Start the JVM (once per process) and load the engine's Java classes.

    Raises:
        CalciteUnavailableError: Java, JPype or the jar is missing, the JVM does not start,
            or a JVM was already started in this process without the Calcite jar.
    """
    global _bridge
    with _lock:
        if _bridge is None:
            _bridge = _load_bridge()
        return _bridge


def _load_bridge() -> JavaBridge:
    reason = calcite_available()
    if reason is not None:
        raise CalciteUnavailableError(reason)
    import jpype

    if not jpype.isJVMStarted():
        try:
            jpype.startJVM(
                jpype.getDefaultJVMPath(),
                "-Duser.timezone=UTC",
                classpath=[str(_find_jar())],
                convertStrings=False,
            )
        except (OSError, RuntimeError) as exc:
            raise CalciteUnavailableError(
                f"The JVM could not start: {exc}. {_INSTALL_HINT}"
            ) from exc
    frameworks = jpype.JClass("org.apache.calcite.tools.Frameworks")
    loader = _compile_helpers(frameworks)

    def helper(name: str) -> Any:
        return jpype.JClass(f"{_JAVA_PACKAGE}.{name}", loader=loader)

    return JavaBridge(
        columnar_table=helper("ColumnarTable"),
        column=helper("ColumnarTable$Column"),
        table_data=helper("ColumnarTable$Data"),
        load_exception=helper("ColumnarTable$LoadException"),
        mill_planner=helper("MillPlanner"),
        frameworks=frameworks,
        abstract_schema=jpype.JClass("org.apache.calcite.schema.impl.AbstractSchema"),
        jdbc_type=jpype.JClass("java.sql.JDBCType"),
        compile_exceptions=(
            jpype.JClass("org.codehaus.commons.compiler.CompileException"),
            jpype.JClass("org.codehaus.commons.compiler.InternalCompilerException"),
        ),
        java_exception=jpype.JException,
    )


def _compile_helpers(frameworks: Any) -> Any:
    """Compile the helper sources with Janino, each in a class loader over the previous one."""
    import jpype

    compiler_class = jpype.JClass("org.codehaus.janino.SimpleCompiler")
    string_reader = jpype.JClass("java.io.StringReader")
    loader = frameworks.class_.getClassLoader()
    for name in _JAVA_SOURCES:
        source = (_JAVA_DIR / f"{name}.java").read_text(encoding="utf-8")
        compiler = compiler_class()
        compiler.setParentClassLoader(loader)
        compiler.cook(f"{name}.java", string_reader(source))
        loader = compiler.getClassLoader()
    return loader
