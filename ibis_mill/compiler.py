"""Compile ibis expressions to the Calcite SQL a Mill server accepts.

:class:`MillCompiler` is an ibis ``SQLGlotCompiler`` for the :class:`~ibis_mill.dialect.Mill`
dialect. A Mill server parses with Calcite (standard operator table only), validates, converts
the plan to Substrait with isthmus, and runs it; a query that trips any of those gates fails on
the server. The compiler therefore claims an operation only when it can emit SQL that passes all
of them, and raises ibis's :class:`~ibis.common.exceptions.UnsupportedOperationError` (with the
reason) at compile time otherwise. ``Backend.has_operation`` reads the same tables, so it tells
the truth: every value operation without a Mill translation is routed to ``visit_Unsupported``,
which names the gate that would reject it in a :class:`MillOperationNotDefinedError` (ibis's
``OperationNotDefinedError``, as ibis's own compilers raise, and an ``UnsupportedOperationError``). A few claimed operations refuse some arguments (a
``contains`` needle that is a column, an ``lpad`` length that is not a literal, a ``strftime``
directive other than ``%Y %m %d %H %M %S %j``), also with ``UnsupportedOperationError``.

Use :func:`to_sql` (or the :data:`compiler` instance's ``to_sqlglot``) to compile; a backend
sets ``compiler = ibis_mill.compiler.compiler``.

Rewrites (Calcite's own operators that fail at the Substrait step are avoided):

- semi and anti joins become ``[NOT] EXISTS`` (the dialect's generator does it); ASOF, positional
  and ``any_*`` joins are rejected;
- ranking functions and ``LAG``/``LEAD`` get no frame clause; ibis's 0-based
  ``row_number``/``rank`` subtract 1; an aggregate rewritten into arithmetic of several
  aggregates gets the ``OVER`` clause on each of them; ``PERCENT_RANK``, ``CUME_DIST`` and
  ``NTILE`` are computed from ``RANK``, ``ROW_NUMBER`` and ``COUNT(*)`` windows (Calcite's
  enumerable engine cannot run the first two, and sizes ``NTILE`` buckets unlike SQL);
- string literals that are CASE/COALESCE results, projected values or VALUES cells are cast to
  ``VARCHAR`` (Calcite types ``'a'`` as ``CHAR(1)`` and pads it to the longest branch);
- every computed column is aliased; GROUP BY repeats expressions (an ordinal is a literal under
  DEFAULT conformance); a LIMIT/OFFSET computed from the table (``t[-3:]``; isthmus needs
  literals) filters on ``ROW_NUMBER()`` against scalar subqueries instead;
- ``first``, ``last``, ``argmin``, ``argmax``, ``median``, ``quantile`` and ``mode`` in
  aggregations are computed with windows over the aggregated table (no such aggregate
  converts); see :mod:`ibis_mill.rewrites`;
- true division casts the dividend to ``DOUBLE`` (``INTEGER / INTEGER`` truncates), floor
  division is ``CAST(FLOOR(CAST(a AS DOUBLE) / b) AS BIGINT)``; BOOLEAN ⇄ number goes through
  CASE (Calcite cannot CAST them);
- ``SQRT(x)`` is ``POWER(x, 0.5)``, ``ROUND(x)`` is ``ROUND(x, 0)``, GREATEST/LEAST/clip,
  IS NOT DISTINCT FROM and XOR are CASE or boolean algebra, ``log``/``log2`` are ``LN`` ratios;
- ``contains``/``startswith``/``endswith`` with a literal needle are ``LIKE`` patterns
  (``POSITION`` fails at the Substrait step); ``startswith``/``endswith`` with a column needle
  compare a ``SUBSTRING``;
- variance, standard deviation, covariance and correlation are computed from ``SUM``/``COUNT``
  of ``DOUBLE`` values (Mill's isthmus has no mapping for ``VAR_*``/``STDDEV_*``/``COVAR_*``);
  this is the textbook one-pass formula, less accurate than a two-pass one when the mean is
  large compared with the spread;
- dates and times: ``EXTRACT``; ``TIMESTAMPADD`` for adding intervals; truncation rebuilt from
  ``EXTRACT`` parts through a string cast (``FLOOR(x TO unit)`` has no Substrait signature);
  deltas count unit boundaries from ``EXTRACT`` parts, days through a day number built from
  YEAR, MONTH and DAY (``TIMESTAMPDIFF`` needs an integer division isthmus cannot convert);
  integer quotients are taken in ``DOUBLE`` and floored (``/`` truncates on Calcite only);
  ``ibis.now()``/``ibis.today()`` are literals of the client's UTC clock at compile time
  (``CURRENT_TIMESTAMP`` cannot be converted to Substrait); literals have millisecond precision
  and finer ones are rejected;
- memtables are inlined as ``VALUES`` up to :data:`MAX_MEMTABLE_CELLS` cells, every column cast
  to its dtype; a larger one raises :class:`MemtableTooLargeError` here (an ``ibis.mill``
  connection never sends it: it runs such a memtable in DuckDB, side by side);
- aggregates take no ``FILTER (WHERE …)`` (its Substrait conversion is unverified): a filtered
  aggregate is ``AGG(CASE WHEN cond THEN x END)``; MIN/MAX/ALL/ANY of booleans go through 1/0;
- outputs Mill cannot return (intervals, NULL-typed columns, arrays, maps, structs, JSON, UUID)
  are refused before any SQL is built.

Semantics that stay Calcite's: ``CAST`` of a float to an integer truncates toward zero (Java's
rule; ibis leaves it to the backend: DuckDB rounds half to even, PostgreSQL half away from
zero), so round first (``x.round().cast("int64")``) for the same answer everywhere; and
``approx_nunique`` is exact on Calcite's engine.

Operations in :data:`PROVISIONAL_OPS` are claimed on the strength of the upstream source reading
(the ⚠ rows of the dialect reference) and have not been run against a live Mill server yet.
"""

from __future__ import annotations

import calendar
import datetime as _datetime
import decimal
import math
import sys
from collections.abc import Mapping
from functools import reduce
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import ibis.backends.sql.compilers as ibis_sql_compilers
import ibis.common.exceptions as com
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
import sqlglot as sg
import sqlglot.expressions as sge
from ibis.backends.sql.compilers.base import NULL, STAR, AggGen, SQLGlotCompiler
from ibis.backends.sql.rewrites import (
    exclude_unsupported_window_frame_from_rank,
    exclude_unsupported_window_frame_from_row_number,
    split_select_distinct_with_order_by,
)
from ibis.util import get_subclasses

from ibis_mill.datatypes import MAX_TIMESTAMP_PRECISION, MillType
from ibis_mill.dialect import Mill
from ibis_mill.rewrites import (
    WINDOWED_REDUCTIONS,
    computed_limits_as_row_filters,
    windowed_reductions,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "MAX_MEMTABLE_CELLS",
    "PROVISIONAL_OPS",
    "MemtableTooLargeError",
    "MillCompiler",
    "MillOperationNotDefinedError",
    "compiler",
    "to_sql",
]

#: Largest memtable (rows × columns) inlined as a VALUES clause.
MAX_MEMTABLE_CELLS = 10_000

#: Claimed operations whose SQL rests on unverified (⚠) rows of the dialect reference: Calcite
#: accepts them and isthmus 0.60 appears to convert them, but no live Mill server has run them.
PROVISIONAL_OPS: Mapping[type[ops.Value], str] = MappingProxyType(
    {
        ops.ExtractQuarter: "EXTRACT(QUARTER ...) passes the unit name through isthmus",
        ops.ExtractDayOfYear: "EXTRACT(DOY ...) passes the unit name through isthmus",
        ops.ExtractWeekOfYear: "EXTRACT(WEEK ...) passes the unit name through isthmus",
        ops.ExtractIsoYear: "EXTRACT(ISOYEAR ...) passes the unit name through isthmus",
        ops.ExtractEpochSeconds: "EXTRACT(EPOCH ...) passes the unit name through isthmus",
        ops.ExtractMillisecond: "EXTRACT(MILLISECOND ...) passes the unit name through isthmus",
        ops.ExtractMicrosecond: "EXTRACT(MICROSECOND ...) passes the unit name through isthmus",
        ops.DayOfWeekIndex: "EXTRACT(ISODOW ...) passes the unit name through isthmus",
        ops.DayOfWeekName: "EXTRACT(ISODOW ...) passes the unit name through isthmus",
        ops.DateAdd: "TIMESTAMPADD becomes datetime + interval, an unverified Substrait add",
        ops.DateSub: "TIMESTAMPADD becomes datetime + interval, an unverified Substrait add",
        ops.TimestampAdd: "TIMESTAMPADD becomes datetime + interval, an unverified Substrait add",
        ops.TimestampSub: "TIMESTAMPADD becomes datetime + interval, an unverified Substrait add",
        ops.TimeAdd: "TIMESTAMPADD becomes datetime + interval, an unverified Substrait add",
        ops.TimeSub: "TIMESTAMPADD becomes datetime + interval, an unverified Substrait add",
        ops.TimestampFromUNIX: "the epoch plus an interval, an unverified Substrait add",
        ops.TimestampBucket: "the epoch plus an interval, an unverified Substrait add",
        ops.DateDelta: "quarter deltas use EXTRACT(QUARTER ...)",
        ops.TimestampDelta: "quarter deltas use EXTRACT(QUARTER ...)",
        ops.DateTruncate: "week truncation uses TIMESTAMPADD; quarter uses EXTRACT(QUARTER)",
        ops.TimestampTruncate: "week truncation uses TIMESTAMPADD; quarter uses EXTRACT(QUARTER)",
        ops.IsInf: "compares with CAST('Infinity' AS DOUBLE)",
        ops.IsNan: "(x - x) <> 0 and not infinite; Calcite 1.29 runs it, isthmus maps both",
    }
)


class MemtableTooLargeError(com.UnsupportedOperationError):
    """A memtable is too large to inline into the query as a VALUES clause."""


class MillOperationNotDefinedError(com.OperationNotDefinedError, com.UnsupportedOperationError):
    """An operation that Mill cannot run at all.

    It is ibis's ``OperationNotDefinedError`` (what ibis's own compilers raise for an
    operation a backend lacks, and what portable code catches) and an
    ``UnsupportedOperationError``.
    """


class _MillAggGen(AggGen):
    """Aggregates without FILTER (its Substrait conversion is unverified) or ORDER BY."""

    def aggregate(self, compiler, name, *args, where=None, order_by=()):
        if order_by:
            raise com.UnsupportedOperationError(
                f"Mill cannot order the input of {name.upper()}: Calcite's standard aggregates "
                "take no ORDER BY"
            )
        if where is not None:
            args = tuple(compiler.if_(where, arg) for arg in args)
        return compiler.f[name](*args)


_TEMPORAL_UNITS = {
    "Y": "YEAR",
    "Q": "QUARTER",
    "M": "MONTH",
    "W": "WEEK",
    "D": "DAY",
    "h": "HOUR",
    "m": "MINUTE",
    "s": "SECOND",
    "ms": "MILLISECOND",
    "us": "MICROSECOND",
}

#: Window functions that Calcite's validator rejects with a ROWS/RANGE frame.
_FRAMELESS = (ops.RankBase, ops.NTile, ops.Lag, ops.Lead, ops.PercentRank, ops.CumeDist)

#: Table alias of an inlined memtable's VALUES clause.
_VALUES_ALIAS = "_values"

#: Largest literal count that ``repeat`` unrolls into ``||``.
_MAX_REPEAT = 100

#: strftime directives a Calcite expression can produce: (EXTRACT unit, zero-padded width).
_STRFTIME_PARTS = {
    "Y": ("YEAR", 0),
    "m": ("MONTH", 2),
    "d": ("DAY", 2),
    "H": ("HOUR", 2),
    "M": ("MINUTE", 2),
    "S": ("SECOND", 2),
    "j": ("DOY", 3),
}

#: Formats that ``to_date``/``to_timestamp``/``to_time`` can turn into a CAST.
_ISO_FORMATS = {
    dt.Date: ("%Y-%m-%d",),
    dt.Timestamp: ("%Y-%m-%d %H:%M:%S",),
    dt.Time: ("%H:%M:%S",),
}

_JOIN_KINDS_WITHOUT_SQL = ("asof", "positional", "any_left", "any_inner")

_PI = "3.141592653589793E0"
_RADIANS_PER_DEGREE = "1.7453292519943295E-2"
_DEGREES_PER_RADIAN = "5.729577951308232E1"


def _utcnow() -> _datetime.datetime:
    """The client clock that ``ibis.now()`` and ``ibis.today()`` are compiled from."""
    return _datetime.datetime.now(_datetime.timezone.utc).replace(tzinfo=None)


def _double(value: float) -> sge.Literal:
    """A DOUBLE literal: Calcite types ``1.5`` as DECIMAL(2, 1) and ``1.5E0`` as DOUBLE."""
    text = repr(float(value)).upper()
    if "E" not in text:
        text += "E0"
    return sge.Literal.number(text)


def _div(this: sge.Expression, expression: sge.Expression) -> sge.Div:
    """Division with Calcite's typing rules (the operands already carry the intended types)."""
    return sge.Div(this=this, expression=expression, typed=True)


def _floor_quotient(
    compiler: MillCompiler, dividend: sge.Expression, divisor: sge.Expression | int
) -> sge.Expression:
    """``FLOOR(dividend / divisor)`` in DOUBLE; an int ``divisor`` becomes a DOUBLE literal.

    ``INTEGER / INTEGER`` truncates on Calcite but not on DuckDB (the DuckDB engine runs the
    same SQL), so integer quotients are taken in DOUBLE, exact for integers below 2**53.
    """
    if isinstance(divisor, int):
        divisor = _double(divisor)
    quotient = _div(this=compiler._add_parens(dividend), expression=compiler._add_parens(divisor))
    return compiler.f.floor(quotient)


def _is_string_literal(node: sge.Expression) -> bool:
    return isinstance(node, sge.Literal) and node.is_string


def _like_literal(op: ops.Value) -> str | None:
    """The value of a string literal usable inside a LIKE pattern (no ``%`` or ``_``)."""
    if isinstance(op, ops.Literal) and isinstance(op.value, str) and not {"%", "_"} & set(op.value):
        return op.value
    return None


def _reasons(reason: str, *op_classes: type[ops.Node]) -> dict[type[ops.Node], str]:
    return dict.fromkeys(op_classes, reason)


#: Why each operation in ``MillCompiler.UNSUPPORTED_OPS`` cannot run on a Mill server.
_WHY_UNSUPPORTED: dict[type[ops.Node], str] = {
    **_reasons(
        "Calcite's standard operator table has no regular expressions (REGEXP_* are library "
        "functions that Mill does not enable)",
        ops.RegexExtract,
        ops.RegexReplace,
        ops.RegexSearch,
        ops.RegexSplit,
    ),
    **_reasons(
        "Calcite's standard operator table has no bitwise operators",
        ops.BitAnd,
        ops.BitOr,
        ops.BitXor,
        ops.BitwiseAnd,
        ops.BitwiseLeftShift,
        ops.BitwiseNot,
        ops.BitwiseOr,
        ops.BitwiseRightShift,
        ops.BitwiseXor,
    ),
    **_reasons(
        "a list of quantiles is an ARRAY, which a Mill server cannot return",
        ops.ApproxMultiQuantile,
        ops.MultiQuantile,
    ),
    **_reasons(
        "Calcite's standard operator table has no string aggregate (LISTAGG, STRING_AGG)",
        ops.GroupConcat,
    ),
    **_reasons(
        "COUNT(DISTINCT a, b, ...) over several columns has no Substrait mapping",
        ops.CountDistinctStar,
    ),
    **_reasons(
        "TRIM and POSITION pass Calcite's validator but fail at Mill's Substrait conversion",
        ops.LStrip,
        ops.RStrip,
        ops.Strip,
        ops.StringFind,
    ),
    **_reasons(
        "Calcite's standard operator table has no such string function (it is a library "
        "function that Mill does not enable)",
        ops.FindInSet,
        ops.Levenshtein,
        ops.Reverse,
        ops.StringAscii,
        ops.Translate,
    ),
    **_reasons(
        "Calcite's standard operator table has no hash functions",
        ops.Hash,
        ops.HexDigest,
    ),
    **_reasons(
        "RAND and random UUIDs have no Substrait mapping in Mill's isthmus",
        ops.RandomScalar,
        ops.RandomUUID,
    ),
    **_reasons(
        "neither TABLESAMPLE nor a filter on RAND has a Substrait conversion in Mill's isthmus",
        ops.Sample,
    ),
    **_reasons(
        "Calcite has no TRY_CAST under DEFAULT conformance and no TYPEOF",
        ops.TryCast,
        ops.TypeOf,
    ),
    **_reasons(
        "a Mill server cannot compute or return ARRAY, MAP, ROW or JSON values (isthmus cannot "
        "convert UNNEST/collections and JDBC results cannot carry them)",
        ops.Array,
        ops.ArrayCollect,
        ops.ArrayConcat,
        ops.ArrayContains,
        ops.ArrayDistinct,
        ops.ArrayFlatten,
        ops.ArrayIndex,
        ops.ArrayLength,
        ops.ArrayPosition,
        ops.ArrayRemove,
        ops.ArraySlice,
        ops.ArraySort,
        ops.ArrayStringJoin,
        ops.ArrayUnion,
        ops.JSONGetItem,
        ops.Map,
        ops.MapContains,
        ops.MapGet,
        ops.MapKeys,
        ops.MapMerge,
        ops.MapValues,
        ops.StringSplit,
        ops.StructColumn,
        ops.StructField,
        ops.Unnest,
    ),
    **_reasons(
        "intervals cannot be returned by a Mill server and interval arithmetic has no verified "
        "Substrait form; use delta() for a number of units",
        ops.DateDiff,
        ops.IntervalAdd,
        ops.IntervalMultiply,
        ops.IntervalSubtract,
        ops.TimeDiff,
        ops.TimestampDiff,
    ),
    **_reasons("Mill tables have no row ids", ops.RowID),
    **_reasons(
        "Calcite, as run by Mill, has no geospatial types or functions",
        *(op for op in get_subclasses(ops.Value) if op.__name__.startswith("Geo")),
    ),
}


class MillCompiler(SQLGlotCompiler):
    """ibis → Calcite SQL for a Mill server (see the module docstring for the rewrites)."""

    __slots__ = ()

    dialect = Mill
    type_mapper = MillType
    agg = _MillAggGen()
    supports_qualify = False

    rewrites = (
        windowed_reductions,
        computed_limits_as_row_filters,
        exclude_unsupported_window_frame_from_row_number,
        exclude_unsupported_window_frame_from_rank,
        *SQLGlotCompiler.rewrites,
    )
    post_rewrites = (split_select_distinct_with_order_by,)

    LOWERED_OPS = {ops.Sample: None}

    #: Computed by :func:`~ibis_mill.rewrites.windowed_reductions`.
    EXTRA_SUPPORTED_OPS = WINDOWED_REDUCTIONS

    UNSUPPORTED_OPS = tuple(_WHY_UNSUPPORTED)

    SIMPLE_OPS = {
        ops.Power: "power",
        ops.StringLength: "char_length",
        ops.Log10: "log10",
    }

    def visit_Unsupported(self, op, **_):
        reason = _WHY_UNSUPPORTED.get(type(op), "Calcite, as run by Mill, has no equivalent")
        raise MillOperationNotDefinedError(f"Mill cannot run {type(op).__name__}: {reason}")

    # Literals

    def visit_Literal(self, op, *, value, dtype):
        if value is None:
            if dtype.is_null():
                return NULL
            return self.cast(NULL, dtype)
        return super().visit_Literal(op, value=value, dtype=dtype)

    def visit_NonNullLiteral(self, op, *, value, dtype):
        if dtype.is_floating():
            if math.isnan(value):
                return self.cast(sge.convert("NaN"), dt.float64)
            if math.isinf(value):
                return self.cast(sge.convert("Infinity" if value > 0 else "-Infinity"), dt.float64)
            return _double(value)
        if dtype.is_decimal():
            # Memtable cells may be ints or floats: their shortest decimal spelling.
            value = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
            if not value.is_finite():
                raise com.UnsupportedOperationError(
                    f"Calcite decimals cannot hold {value}; use a float64 literal"
                )
            return sge.Literal.number(format(value, "f"))
        if dtype.is_date():
            return self.cast(sge.convert(value.isoformat()), dt.date)
        if dtype.is_timestamp():
            return self.cast(sge.convert(_timestamp_text(value)), dtype)
        if dtype.is_time():
            return self.cast(sge.convert(_time_text(value)), dtype)
        if dtype.is_binary():
            return sge.HexString(this=bytes(value).hex().upper())
        if dtype.is_interval():
            if dtype.unit.short not in _TEMPORAL_UNITS:
                raise com.UnsupportedOperationError(
                    f"Calcite has no {dtype.unit.name.lower()} intervals; "
                    "the finest is microseconds"
                )
            return sge.Interval(
                this=sge.convert(str(value)), unit=self.v[_TEMPORAL_UNITS[dtype.unit.short]]
            )
        if dtype.is_integer() or dtype.is_boolean() or dtype.is_string():
            return None
        raise com.UnsupportedOperationError(
            f"Mill cannot take a literal of type {dtype}: Calcite, as run by Mill, has no such type"
        )

    def _unpadded(self, node: sge.Expression) -> sge.Expression:
        """Cast a string/binary literal so Calcite does not type it CHAR/BINARY and pad it."""
        if _is_string_literal(node):
            return self.cast(node, dt.string)
        if isinstance(node, sge.HexString):
            return self.cast(node, dt.binary)
        return node

    # Relations

    @staticmethod
    def _generate_groups(groups):
        return groups

    @staticmethod
    def _minimize_spec(op, spec):
        # Calcite rejects any frame on ROW_NUMBER, RANK, LAG, ...; ibis gives them one.
        if isinstance(op.func, _FRAMELESS):
            return None
        return spec

    def _cleanup_names(self, exprs):
        for name, value in exprs.items():
            value = self._unpadded(value)
            if isinstance(value, sge.Column) and name == value.name:
                yield value
            else:
                yield value.as_(name, quoted=self.quoted, copy=False)

    def visit_WindowBoundary(self, op, *, value, preceding):
        return {"value": value, "side": "PRECEDING" if preceding else "FOLLOWING"}

    def visit_JoinLink(self, op, *, how, table, predicates):
        if how in _JOIN_KINDS_WITHOUT_SQL:
            raise com.UnsupportedOperationError(
                f"Mill cannot run {how} joins: Calcite has no such join; use an inner or "
                "left join on an explicit predicate"
            )
        return super().visit_JoinLink(op, how=how, table=table, predicates=predicates)

    def visit_InMemoryTable(self, op, *, name, schema, data):
        frame = data.to_frame()
        rows, columns = frame.shape
        if rows * columns > MAX_MEMTABLE_CELLS:
            raise MemtableTooLargeError(
                f"memtable {name!r} has {rows} rows × {columns} columns, more than the "
                f"{MAX_MEMTABLE_CELLS} cells that are inlined into a query as VALUES. Run the "
                "expression through an ibis.mill connection, which keeps larger in-memory "
                "tables in DuckDB and runs the query side by side with the Mill tables"
            )
        names = list(schema.names)
        types = list(schema.types)
        columns_sql = [sg.column(column, quoted=self.quoted) for column in names]
        # A fixed alias keeps the SQL of equal memtables equal (ibis names them randomly).
        alias = sg.to_identifier(_VALUES_ALIAS, quoted=self.quoted)
        if rows == 0:
            # Calcite has no empty VALUES: select typed NULLs from one row and drop it.
            nulls = [self.cast(NULL, dtype).as_(c, quoted=True) for c, dtype in zip(names, types)]
            return (
                sg.select(*nulls)
                .from_(
                    sge.Values(
                        expressions=[sge.Tuple(expressions=[sge.convert(0)])],
                        alias=sge.TableAlias(
                            this=alias, columns=[sg.to_identifier("_", quoted=True)]
                        ),
                    )
                )
                .where(sge.false())
            )
        tuples = [
            sge.Tuple(
                expressions=[
                    self._unpadded(
                        self.visit_Literal(
                            ops.Literal(_cell(value), dtype=dtype), value=_cell(value), dtype=dtype
                        )
                    )
                    for value, dtype in zip(row, types)
                ]
            )
            for row in frame.itertuples(index=False)
        ]
        values = sge.Values(
            expressions=tuples, alias=sge.TableAlias(this=alias, columns=columns_sql)
        )
        return sg.select(
            *(
                self.cast(column, dtype).as_(column.name, quoted=True)
                for column, dtype in zip(columns_sql, types)
            )
        ).from_(values)

    def to_sqlglot(self, expr, *, limit=None, params=None):
        """Compile ``expr`` to a sqlglot tree, refusing outputs Mill cannot return.

        Raises:
            UnsupportedOperationError: An output column has a type (interval, array, map, struct,
                JSON, UUID, NULL …) that a Mill server cannot serialise.
        """
        schema = expr.as_table().schema()
        for name, dtype in schema.items():
            if dtype.is_null():
                raise com.UnsupportedOperationError(
                    f"column {name!r} has type NULL, which a Mill server cannot return; cast it, "
                    "e.g. ibis.null().cast('string')"
                )
            if dtype.is_interval():
                raise com.UnsupportedOperationError(
                    f"column {name!r} is an interval, which a Mill server cannot return; "
                    "return a number of units instead"
                )
            self.type_mapper.from_ibis(dtype)
        return super().to_sqlglot(expr, limit=limit, params=params)

    # Arithmetic and math

    def visit_Divide(self, op, *, left, right):
        if op.dtype.is_floating() and not op.left.dtype.is_floating():
            left = self.cast(left, dt.float64)
        return _div(this=self._add_parens(left), expression=self._add_parens(right))

    def visit_FloorDivide(self, op, *, left, right):
        quotient = _div(this=self.cast(left, dt.float64), expression=self._add_parens(right))
        return self.cast(self.f.floor(quotient), op.dtype)

    def visit_Sqrt(self, op, *, arg):
        return self.f.power(arg, sge.Literal.number("0.5"))

    def visit_Log(self, op, *, arg, base):
        if base is None:
            return self.f.ln(arg)
        return _div(this=self.f.ln(arg), expression=self.f.ln(base))

    def visit_Log2(self, op, *, arg):
        return _div(this=self.f.ln(arg), expression=self.f.ln(2))

    def visit_Round(self, op, *, arg, digits):
        return self.cast(self.f.round(arg, 0 if digits is None else digits), op.dtype)

    def visit_Pi(self, op):
        return sge.Literal.number(_PI)

    def visit_Degrees(self, op, *, arg):
        return sge.Mul(
            this=self._add_parens(arg), expression=sge.Literal.number(_DEGREES_PER_RADIAN)
        )

    def visit_Radians(self, op, *, arg):
        return sge.Mul(
            this=self._add_parens(arg), expression=sge.Literal.number(_RADIANS_PER_DEGREE)
        )

    def visit_Cot(self, op, *, arg):
        return _div(this=self.f.cos(arg), expression=self.f.sin(arg))

    def visit_IsInf(self, op, *, arg):
        return self.f.abs(arg).eq(self.cast(sge.convert("Infinity"), dt.float64))

    def visit_IsNan(self, op, *, arg):
        # Calcite folds `x <> x` to false and compares NaN equal to NaN; `x - x` is NaN for
        # NaN and the infinities only, and NaN <> 0 holds.
        not_finite = sge.paren(sge.Sub(this=arg, expression=arg.copy()), copy=False).neq(0)
        infinite = self.f.abs(arg.copy()).eq(self.cast(sge.convert("Infinity"), dt.float64))
        return sg.and_(not_finite, sg.not_(infinite))

    def visit_Clip(self, op, *, arg, lower, upper):
        ifs = []
        if upper is not None:
            ifs.append(self.if_(arg > upper, upper))
        if lower is not None:
            ifs.append(self.if_(arg < lower, lower))
        return sge.Case(ifs=ifs, default=arg)

    def visit_Greatest(self, op, *, arg):
        return self.f.greatest(*map(self._unpadded, arg))

    def visit_Least(self, op, *, arg):
        return self.f.least(*map(self._unpadded, arg))

    # Logic and conditionals

    def visit_Xor(self, op, *, left, right):
        return sg.and_(
            sge.paren(sg.or_(left, right), copy=False),
            sg.not_(sge.paren(sg.and_(left, right), copy=False)),
        )

    def visit_IdenticalTo(self, op, *, left, right):
        # IS NOT DISTINCT FROM expands to IS TRUE calls isthmus cannot map.
        return sge.Case(
            ifs=[
                self.if_(sg.and_(left.is_(NULL), right.is_(NULL)), sge.true()),
                self.if_(sg.or_(left.is_(NULL), right.is_(NULL)), sge.false()),
            ],
            default=left.eq(right),
        )

    def _branch(self, op: ops.Value, value: sge.Expression) -> sge.Expression:
        """A CASE/NULLIF operand: 1/0 for a boolean result (see :meth:`_result`), else unpadded."""
        return _bit(value) if op.dtype.is_boolean() else self._unpadded(value)

    @staticmethod
    def _result(op: ops.Value, case: sge.Expression) -> sge.Expression:
        # Calcite simplifies a CASE of booleans into IS TRUE calls, which isthmus cannot map:
        # compute it on 1/0 and compare.
        return case.eq(1) if op.dtype.is_boolean() else case

    def visit_IfElse(self, op, *, bool_expr, true_expr, false_null_expr):
        case = sge.Case(
            ifs=[self.if_(bool_expr, self._branch(op, true_expr))],
            default=self._branch(op, false_null_expr),
        )
        return self._result(op, case)

    def visit_SimpleCase(self, op, *, base=None, cases, results, default):
        case = sge.Case(
            this=base,
            ifs=[self.if_(case, self._branch(op, result)) for case, result in zip(cases, results)],
            default=None if default is None else self._branch(op, default),
        )
        return self._result(op, case)

    visit_SearchedCase = visit_SimpleCase

    def visit_Coalesce(self, op, *, arg):
        return self.f.coalesce(*map(self._unpadded, arg))

    def visit_NullIf(self, op, *, arg, null_if_expr):
        if op.dtype.is_boolean():
            return self.f.nullif(_bit(arg), _bit(null_if_expr)).eq(1)
        return self.f.nullif(self._unpadded(arg), null_if_expr)

    def visit_Cast(self, op, *, arg, to):
        from_ = op.arg.dtype
        if from_.is_boolean() and to.is_numeric():
            return self.cast(_boolean_as_number(arg), to)
        if from_.is_numeric() and to.is_boolean():
            return arg.neq(0)
        if from_.is_integer() and to.is_interval():
            return self._make_interval(arg, to.unit)
        if from_.is_numeric() and to.is_timestamp():
            if from_.is_integer():
                return self._from_epoch(arg, "SECOND")
            # Seconds with a fraction: whole milliseconds (Mill's precision), floored.
            scaled = sge.Mul(this=self.cast(arg, dt.float64), expression=sge.convert(1000))
            return self._from_epoch(self.cast(self.f.floor(scaled), dt.int64), "MILLISECOND")
        if from_.is_temporal() and to.is_numeric():
            raise com.UnsupportedOperationError(
                f"Calcite cannot cast {from_} to {to}; extract the parts you need instead"
            )
        return self.cast(arg, to)

    # Strings

    def visit_StringConcat(self, op, *, arg):
        return reduce(lambda left, right: sge.DPipe(this=left, expression=right), arg)

    def visit_StringJoin(self, op, *, sep, arg):
        # CONCAT_WS skips NULLs: every non-NULL value brings its separator, the first is dropped.
        pieces = [self.f.coalesce(sge.DPipe(this=sep, expression=value), "") for value in arg]
        joined = reduce(lambda left, right: sge.DPipe(this=left, expression=right), pieces)
        return self.f.substring(
            joined, sge.Add(this=self.f.char_length(sep), expression=sge.convert(1))
        )

    def visit_Substring(self, op, *, arg, start, length):
        if isinstance(op.length, ops.Literal) and op.length.value < 0:
            raise com.IbisInputError(
                f"Length parameter must be a non-negative value; got {op.length.value}"
            )
        if isinstance(op.start, ops.Literal):
            # ibis counts from 0, and from the end when negative; SQL counts from 1.
            offset = op.start.value
            if offset >= 0:
                begin = sge.convert(offset + 1)
            else:
                begin = sge.Sub(this=self.f.char_length(arg), expression=sge.convert(-offset - 1))
        else:
            shifted = sge.Add(this=start, expression=sge.convert(1))
            begin = sge.Case(
                ifs=[self.if_(shifted >= 1, shifted.copy())],
                default=sge.Add(this=shifted.copy(), expression=self.f.char_length(arg)),
            )
        if length is None:
            return self.f.substring(arg, begin)
        return self.f.substring(arg, begin, length)

    def visit_StringSQLLike(self, op, *, arg, pattern, escape):
        if escape is not None:
            raise com.UnsupportedOperationError(
                "Mill cannot run LIKE ... ESCAPE: Substrait's like takes two arguments"
            )
        return arg.like(pattern)

    def visit_StringSQLILike(self, op, *, arg, pattern, escape):
        if escape is not None:
            raise com.UnsupportedOperationError(
                "Mill cannot run ILIKE ... ESCAPE: Substrait's like takes two arguments"
            )
        return self.f.lower(arg).like(self.f.lower(pattern))

    def visit_StringContains(self, op, *, haystack, needle):
        literal = _like_literal(op.needle)
        if literal is None:
            raise com.UnsupportedOperationError(
                "Mill can test `contains` only for a literal string without % or _: it becomes "
                "LIKE '%…%', and POSITION, the general form, fails at Mill's Substrait step"
            )
        return haystack.like(sge.convert(f"%{literal}%"))

    def visit_StartsWith(self, op, *, arg, start):
        literal = _like_literal(op.start)
        if literal is not None:
            return arg.like(sge.convert(f"{literal}%"))
        return self.f.substring(arg, 1, self.f.char_length(start)).eq(start)

    def visit_EndsWith(self, op, *, arg, end):
        literal = _like_literal(op.end)
        if literal is not None:
            return arg.like(sge.convert(f"%{literal}"))
        begin = sge.Add(
            this=sge.Sub(this=self.f.char_length(arg), expression=self.f.char_length(end)),
            expression=sge.convert(1),
        )
        return self.f.substring(arg, begin).eq(end)

    def visit_StrRight(self, op, *, arg, nchars):
        begin = sge.Add(
            this=sge.Sub(this=self.f.char_length(arg), expression=nchars),
            expression=sge.convert(1),
        )
        return sge.Case(
            ifs=[self.if_(nchars >= self.f.char_length(arg), arg)],
            default=self.f.substring(arg, begin),
        )

    def _pad(self, op, arg, left: bool):
        length, pad = op.length, op.pad
        pad_text = " " if pad is None else pad.value if isinstance(pad, ops.Literal) else None
        if not isinstance(length, ops.Literal) or not pad_text:
            raise com.UnsupportedOperationError(
                f"Mill can {'l' if left else 'r'}pad only to a literal length with a literal, "
                "non-empty pad: Calcite's standard functions have no LPAD/RPAD or REPEAT"
            )
        target = length.value
        # Enough pad characters for any shorter string, cut to the missing length.
        padding = self.f.substring(
            sge.convert((pad_text * (target // len(pad_text) + 1))[: max(target, 0)]),
            1,
            sge.Sub(this=sge.convert(target), expression=self.f.char_length(arg)),
        )
        padded = (
            sge.DPipe(this=padding, expression=arg)
            if left
            else sge.DPipe(this=arg, expression=padding)
        )
        return sge.Case(ifs=[self.if_(self.f.char_length(arg) >= target, arg)], default=padded)

    def visit_LPad(self, op, *, arg, length, pad):
        return self._pad(op, arg, left=True)

    def visit_RPad(self, op, *, arg, length, pad):
        return self._pad(op, arg, left=False)

    def visit_Repeat(self, op, *, arg, times):
        if not isinstance(op.times, ops.Literal) or not 0 <= op.times.value <= _MAX_REPEAT:
            raise com.UnsupportedOperationError(
                f"Mill can repeat a string only a literal number of times (0 to {_MAX_REPEAT}): "
                "Calcite's standard functions have no REPEAT"
            )
        if op.times.value == 0:
            return sge.Case(ifs=[self.if_(arg.is_(NULL), NULL)], default=sge.convert(""))
        return reduce(
            lambda left, right: sge.DPipe(this=left, expression=right),
            [arg.copy() for _ in range(op.times.value)],
        )

    # Aggregates

    def visit_CountStar(self, op, *, arg, where):
        if where is None:
            return self.f.count(STAR)
        return self.f.count(self.if_(where, 1))

    @staticmethod
    def _countable(op: ops.Value, arg: sge.Expression, where: sge.Expression | None):
        """A boolean counted under a filter as 1/0 (a filtered boolean is a boolean CASE)."""
        return _boolean_as_number(arg) if where is not None and op.dtype.is_boolean() else arg

    def visit_Count(self, op, *, arg, where):
        return self.agg.count(self._countable(op.arg, arg, where), where=where)

    def visit_CountDistinct(self, op, *, arg, where):
        arg = self._countable(op.arg, arg, where)
        if where is not None:
            arg = self.if_(where, arg)
        return self.f.count(sge.Distinct(expressions=[arg]))

    def visit_ApproxCountDistinct(self, op, *, arg, where):
        return self.agg.approx_count_distinct(self._countable(op.arg, arg, where), where=where)

    def visit_Sum(self, op, *, arg, where):
        if op.arg.dtype.is_boolean():
            arg = _boolean_as_number(arg)
        return self.agg.sum(arg, where=where)

    def visit_Mean(self, op, *, arg, where):
        if op.arg.dtype.is_boolean():
            arg = _boolean_as_number(arg)
        if not op.arg.dtype.is_floating():
            # AVG of integers is an integer in Calcite.
            arg = self.cast(arg, dt.float64)
        return self.agg.avg(arg, where=where)

    def visit_Min(self, op, *, arg, where):
        if op.arg.dtype.is_boolean():
            return self.agg.min(_boolean_as_number(arg), where=where).eq(1)
        return self.agg.min(arg, where=where)

    def visit_Max(self, op, *, arg, where):
        if op.arg.dtype.is_boolean():
            return self.agg.max(_boolean_as_number(arg), where=where).eq(1)
        return self.agg.max(arg, where=where)

    visit_All = visit_Min
    visit_Any = visit_Max

    def visit_WindowedReduction(self, op, **_):
        # Aggregations have them rewritten into window functions (ibis_mill.rewrites).
        raise com.UnsupportedOperationError(
            f"Mill computes {type(op).__name__} in an aggregation only (through window "
            "functions), not over a window"
        )

    visit_ArgMin = visit_ArgMax = visit_First = visit_Last = visit_WindowedReduction
    visit_Median = visit_ApproxMedian = visit_Quantile = visit_ApproxQuantile = (
        visit_WindowedReduction
    )
    visit_Mode = visit_WindowedReduction

    def visit_Arbitrary(self, op, *, arg, where, **_):
        # Any value of the group is a correct answer; MIN is one Calcite can compute.
        return self.visit_Min(op, arg=arg, where=where)

    def _moments(self, x, where):
        """``(n, Σx, Σx²)`` of the non-NULL ``x`` as DOUBLE."""
        value = self.cast(x, dt.float64)
        square = sge.Mul(this=value, expression=value.copy())
        return (
            self.agg.count(value, where=where),
            self.agg.sum(value.copy(), where=where),
            self.agg.sum(square, where=where),
        )

    def _spread(self, n, total, total_sq):
        """``Σx² - (Σx)²/n``: n times the population variance."""
        return sge.Sub(
            this=total_sq,
            expression=_div(
                this=sge.Mul(this=total, expression=total.copy()),
                expression=self.f.nullif(n, 0),
            ),
        )

    def _divide_by_dof(self, spread, n, how):
        denominator = n if how == "pop" else sge.Sub(this=n.copy(), expression=sge.convert(1))
        return _div(
            this=sge.paren(spread, copy=False),
            expression=self.f.nullif(sge.paren(denominator, copy=False), 0),
        )

    def visit_Kurtosis(self, op, *, arg, how, where):
        # Excess kurtosis from the power sums: m4 / m2² - 3 with the central moments
        # m2 = Σx²/n - μ², m4 = Σx⁴/n - 4μΣx³/n + 6μ²Σx²/n - 3μ⁴; the sample form is
        # pandas' unbiased ((n + 1)·g2 + 6)·(n - 1) / ((n - 2)·(n - 3)).
        if op.arg.dtype.is_boolean():
            arg = _boolean_as_number(arg)
        x = self.cast(arg, dt.float64)
        n = self.agg.count(x, where=where)

        def mean_of_power(power: int):
            term = reduce(
                lambda left, _: sge.Mul(this=left, expression=x.copy()), range(power - 1), x.copy()
            )
            return _div(this=self.agg.sum(term, where=where), expression=self.f.nullif(n.copy(), 0))

        mean = mean_of_power(1)
        m2 = sge.Sub(this=mean_of_power(2), expression=_product(mean, mean))
        m4 = reduce(
            lambda left, right: sge.Add(this=left, expression=right),
            [
                mean_of_power(4),
                _product(sge.convert(-4), mean, mean_of_power(3)),
                _product(sge.convert(6), mean, mean, mean_of_power(2)),
                _product(sge.convert(-3), mean, mean, mean, mean),
            ],
        )
        excess = sge.Sub(
            this=_div(
                this=sge.paren(m4, copy=False),
                expression=sge.paren(
                    _product(sge.paren(m2, copy=False), sge.paren(m2)), copy=False
                ),
            ),
            expression=sge.convert(3),
        )
        if how == "pop":
            return excess

        def shifted(by: int):
            return sge.paren(sge.Add(this=n.copy(), expression=sge.convert(by)), copy=False)

        numerator = _product(
            sge.paren(
                sge.Add(
                    this=_product(shifted(1), sge.paren(excess, copy=False)),
                    expression=sge.convert(6),
                ),
                copy=False,
            ),
            shifted(-1),
        )
        return _div(this=numerator, expression=self.f.nullif(_product(shifted(-2), shifted(-3)), 0))

    def visit_Variance(self, op, *, arg, how, where):
        if op.arg.dtype.is_boolean():
            arg = _boolean_as_number(arg)
        n, total, total_sq = self._moments(arg, where)
        return self._divide_by_dof(self._spread(n, total, total_sq), n.copy(), how)

    def visit_StandardDev(self, op, *, arg, how, where):
        variance = self.visit_Variance(op, arg=arg, how=how, where=where)
        # Rounding can leave a tiny negative variance; its square root would be NaN.
        clamped = sge.Case(ifs=[self.if_(variance < 0, _double(0.0))], default=variance.copy())
        return self.f.power(clamped, sge.Literal.number("0.5"))

    def _paired(self, op, left, right, where):
        """``(n, Σx, Σy, Σxy, Σx², Σy²)`` over the rows where both values are non-NULL."""
        if op.left.dtype.is_boolean():
            left = _boolean_as_number(left)
        if op.right.dtype.is_boolean():
            right = _boolean_as_number(right)
        x = self.cast(left, dt.float64)
        y = self.cast(right, dt.float64)
        x_paired = self.if_(y.is_(sg.not_(NULL)), x)
        y_paired = self.if_(x.is_(sg.not_(NULL)), y)
        return (
            self.agg.count(sge.Mul(this=x.copy(), expression=y.copy()), where=where),
            self.agg.sum(x_paired, where=where),
            self.agg.sum(y_paired, where=where),
            self.agg.sum(sge.Mul(this=x.copy(), expression=y.copy()), where=where),
            self.agg.sum(sge.Mul(this=x_paired.copy(), expression=x_paired.copy()), where=where),
            self.agg.sum(sge.Mul(this=y_paired.copy(), expression=y_paired.copy()), where=where),
        )

    def visit_Covariance(self, op, *, left, right, how, where):
        n, sum_x, sum_y, sum_xy, _, _ = self._paired(op, left, right, where)
        co_spread = sge.Sub(
            this=sum_xy,
            expression=_div(
                this=sge.Mul(this=sum_x, expression=sum_y), expression=self.f.nullif(n, 0)
            ),
        )
        return self._divide_by_dof(co_spread, n.copy(), how)

    def visit_Correlation(self, op, *, left, right, how, where):
        n, sum_x, sum_y, sum_xy, sum_xx, sum_yy = self._paired(op, left, right, where)
        numerator = sge.Sub(
            this=sge.Mul(this=n, expression=sum_xy),
            expression=sge.Mul(this=sum_x, expression=sum_y),
        )
        spread_x = sge.Sub(
            this=sge.Mul(this=n.copy(), expression=sum_xx),
            expression=sge.Mul(this=sum_x.copy(), expression=sum_x.copy()),
        )
        spread_y = sge.Sub(
            this=sge.Mul(this=n.copy(), expression=sum_yy),
            expression=sge.Mul(this=sum_y.copy(), expression=sum_y.copy()),
        )
        denominator = self.f.power(
            sge.Mul(
                this=sge.paren(spread_x, copy=False), expression=sge.paren(spread_y, copy=False)
            ),
            sge.Literal.number("0.5"),
        )
        return _div(this=sge.paren(numerator, copy=False), expression=self.f.nullif(denominator, 0))

    # Windows

    def visit_WindowFunction(self, op, *, how, func, start, end, group_by, order_by):
        window = super().visit_WindowFunction(
            op,
            how=how,
            func=sge.Star(),
            start=start,
            end=end,
            group_by=group_by,
            order_by=order_by,
        )
        if isinstance(op.func, (ops.PercentRank, ops.CumeDist, ops.NTile)):
            return _RankDistribution(self, window).of(op.func, func)
        func = func.copy()
        inner = [node for node in func.find_all(sge.AggFunc) if node is not func]
        if isinstance(func, sge.AggFunc) or not inner:
            window.set("this", func)
            return window
        # An aggregate compiled into arithmetic of aggregates: window each aggregate.
        for node in inner:
            if node.find_ancestor(sge.AggFunc) is None:
                over = window.copy()
                over.set("this", node.copy())
                node.replace(over)
        return func

    # Dates and times

    def visit_TimestampNow(self, op):
        now = _utcnow()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        return self.cast(sge.convert(_timestamp_text(now)), dt.timestamp)

    def visit_DateNow(self, op):
        return self.cast(sge.convert(_utcnow().date().isoformat()), dt.date)

    def visit_ExtractMillisecond(self, op, *, arg):
        return sge.Mod(this=self.f.extract(self.v.MILLISECOND, arg), expression=sge.convert(1000))

    def visit_ExtractMicrosecond(self, op, *, arg):
        return sge.Mod(
            this=self.f.extract(self.v.MICROSECOND, arg), expression=sge.convert(1_000_000)
        )

    def visit_ExtractEpochSeconds(self, op, *, arg):
        return self.f.extract(self.v.EPOCH, arg)

    def visit_ExtractIsoYear(self, op, *, arg):
        return self.f.extract(self.v.ISOYEAR, arg)

    def visit_DayOfWeekIndex(self, op, *, arg):
        return sge.Sub(this=sge.DayOfWeekIso(this=arg), expression=sge.convert(1))

    def visit_DayOfWeekName(self, op, *, arg):
        return sge.Case(
            this=sge.DayOfWeekIso(this=arg),
            ifs=[
                self.if_(index + 1, self.cast(sge.convert(name), dt.string))
                for index, name in enumerate(calendar.day_name)
            ],
        )

    def visit_Strftime(self, op, *, arg, format_str):
        if not isinstance(op.format_str, ops.Literal):
            raise com.UnsupportedOperationError(
                "Mill can format dates and times only with a literal format string"
            )
        pieces: list[sge.Expression] = []
        text = op.format_str.value
        literal = ""
        index = 0
        while index < len(text):
            char = text[index]
            if char != "%":
                literal += char
                index += 1
                continue
            directive = text[index + 1 : index + 2]
            index += 2
            if directive == "%":
                literal += "%"
                continue
            if directive not in _STRFTIME_PARTS:
                raise com.UnsupportedOperationError(
                    f"Mill cannot format %{directive}: Calcite's standard functions have no "
                    f"date formatting; supported directives are "
                    f"{', '.join('%' + d for d in _STRFTIME_PARTS)} and %%"
                )
            if literal:
                pieces.append(sge.convert(literal))
                literal = ""
            unit, width = _STRFTIME_PARTS[directive]
            pieces.append(self._zero_padded(self.f.extract(self.v[unit], arg.copy()), width))
        if literal or not pieces:
            pieces.append(sge.convert(literal))
        return reduce(lambda left, right: sge.DPipe(this=left, expression=right), pieces)

    def _zero_padded(self, number, width: int):
        text = self.cast(number, dt.string)
        if width == 0:
            return text
        padded = sge.DPipe(this=sge.convert("0" * width), expression=text.copy())
        begin = sge.Sub(this=self.f.char_length(padded.copy()), expression=sge.convert(width - 1))
        return self.f.substring(padded, begin)

    def _parse_iso(self, op, arg, dtype: dt.DataType):
        formats = _ISO_FORMATS[type(dtype)]
        if not (isinstance(op.format_str, ops.Literal) and op.format_str.value in formats):
            raise com.UnsupportedOperationError(
                f"Mill can parse {dtype} values only in the formats {', '.join(formats)} "
                "(a CAST); Calcite's standard functions have no other parsing"
            )
        return self.cast(arg, dtype)

    def visit_StringToDate(self, op, *, arg, format_str):
        return self._parse_iso(op, arg, dt.date)

    def visit_StringToTimestamp(self, op, *, arg, format_str):
        # The text is a wall-clock time; Mill returns every TIMESTAMP as a UTC instant.
        return self._parse_iso(op, arg, dt.Timestamp(scale=MAX_TIMESTAMP_PRECISION))

    def visit_StringToTime(self, op, *, arg, format_str):
        return self._parse_iso(op, arg, dt.time)

    def visit_Date(self, op, *, arg):
        return self.cast(arg, dt.date)

    def visit_Time(self, op, *, arg):
        return self.cast(arg, dt.time)

    def visit_DateFromYMD(self, op, *, year, month, day):
        return self.cast(_joined(self, year, "-", month, "-", day), dt.date)

    def visit_TimeFromHMS(self, op, *, hours, minutes, seconds):
        return self.cast(_joined(self, hours, ":", minutes, ":", seconds), dt.time)

    def visit_TimestampFromYMDHMS(self, op, *, year, month, day, hours, minutes, seconds):
        text = _joined(self, year, "-", month, "-", day, " ", hours, ":", minutes, ":", seconds)
        return self.cast(text, op.dtype)

    def visit_TimestampFromUNIX(self, op, *, arg, unit):
        # Mill timestamps hold milliseconds: finer units are floored to them.
        per_millisecond = {"s": None, "ms": 1, "us": 1_000, "ns": 1_000_000}
        if unit.short not in per_millisecond:
            raise com.UnsupportedOperationError(
                f"Mill cannot read {unit.name.lower()} since the epoch as a timestamp"
            )
        factor = per_millisecond[unit.short]
        if factor is None:
            return self._from_epoch(arg, "SECOND")
        millis = arg if factor == 1 else _floor_divided(arg, factor)
        return self._from_epoch(millis, "MILLISECOND")

    def _from_epoch(self, amount, unit: str):
        epoch = self.cast(sge.convert("1970-01-01 00:00:00.000"), dt.timestamp)
        if unit != "MILLISECOND":
            return sge.TimestampAdd(this=epoch, expression=amount, unit=self.v[unit])
        # Whole days, then the milliseconds of the last day: a day-time interval multiplied by
        # more than 2**31 overflows on DuckDB (which the DuckDB engine runs this SQL on).
        days = sge.TimestampAdd(
            this=epoch, expression=_floor_divided(amount, 86_400_000), unit=self.v.DAY
        )
        return sge.TimestampAdd(
            this=days, expression=_floor_remainder(amount, 86_400_000), unit=self.v.MILLISECOND
        )

    def _shift(self, op, left, right, kind):
        if not isinstance(right, sge.Interval):
            raise com.UnsupportedOperationError(
                "Mill can add only a literal interval or an integer column as an interval "
                "(e.g. t.n.as_interval('D')) to a date, time or timestamp"
            )
        return kind(this=left, expression=right)

    def visit_DateAdd(self, op, *, left, right):
        return self._shift(op, left, right, sge.TimestampAdd)

    def visit_DateSub(self, op, *, left, right):
        return self._shift(op, left, right, sge.TimestampSub)

    visit_TimestampAdd = visit_TimeAdd = visit_DateAdd
    visit_TimestampSub = visit_TimeSub = visit_DateSub

    def visit_IntervalFromInteger(self, op, *, arg, unit):
        if unit.short not in _TEMPORAL_UNITS:
            raise com.UnsupportedOperationError(
                f"Calcite has no {unit.name.lower()} intervals; the finest is microseconds"
            )
        return sge.Interval(this=arg, unit=self.v[_TEMPORAL_UNITS[unit.short]])

    def visit_TimestampBucket(self, op, *, arg, interval, offset):
        # FLOOR(ts TO unit) has no Substrait signature: floor the milliseconds since the epoch.
        width = _literal_milliseconds(op.interval)
        shift = 0 if op.offset is None else _literal_milliseconds(op.offset)
        if not width or shift is None:
            raise com.UnsupportedOperationError(
                "Mill can bucket timestamps only by a literal interval of fixed length "
                "(weeks down to milliseconds) and a literal offset"
            )
        since = sge.Sub(this=_epoch_milliseconds(self, arg), expression=sge.convert(shift))
        start = sge.Add(
            this=sge.Mul(this=_floor_divided(since, width), expression=sge.convert(width)),
            expression=sge.convert(shift),
        )
        return self._from_epoch(start, "MILLISECOND")

    def visit_TemporalDelta(self, op, *, part, left, right):
        unit = op.part.value.upper() if isinstance(op.part, ops.Literal) else None
        parts = _DeltaParts(self, op, left, right)
        delta = parts.delta(unit)
        if delta is None:
            raise com.UnsupportedOperationError(
                f"Mill cannot count {op.part.value!r} boundaries between two {op.left.dtype} values"
            )
        return delta

    visit_DateDelta = visit_TimestampDelta = visit_TimeDelta = visit_TemporalDelta

    def visit_TimestampTruncate(self, op, *, arg, unit):
        result = _Truncation(self, arg, op.arg.dtype, op.dtype).to(unit.short)
        if result is None:
            raise com.UnsupportedOperationError(
                f"Mill cannot truncate a {op.arg.dtype} to {unit.name.lower()}s"
            )
        return result

    visit_DateTruncate = visit_TimeTruncate = visit_TimestampTruncate


def _bit(value: sge.Expression) -> sge.Expression:
    """A boolean as 1, 0 or NULL (literals directly, otherwise :func:`_boolean_as_number`)."""
    if isinstance(value, sge.Boolean):
        return sge.convert(1 if value.this else 0)
    if isinstance(value, sge.Null):
        return value
    return _boolean_as_number(value)


def _boolean_as_number(arg: sge.Expression) -> sge.Case:
    """``CASE WHEN b THEN 1 WHEN NOT b THEN 0 END``: Calcite cannot CAST a BOOLEAN to a number."""
    return sge.Case(
        ifs=[
            sge.If(this=arg, true=sge.convert(1)),
            sge.If(this=sg.not_(arg.copy()), true=sge.convert(0)),
        ]
    )


def _floor_remainder(number: sge.Expression, divisor: int) -> sge.Expression:
    """``number`` (an integer) modulo a positive ``divisor``, in ``[0, divisor)``.

    ``MOD`` takes the sign of the dividend; shifting by one ``divisor`` floors it.
    """
    # Binary MOD operands in parentheses, as sqlglot parses them back.
    inner = sge.Mod(this=_parenthesized(number.copy()), expression=sge.convert(divisor))
    shifted = sge.paren(sge.Add(this=inner, expression=sge.convert(divisor)), copy=False)
    return sge.Mod(this=shifted, expression=sge.convert(divisor))


def _floor_divided(number: sge.Expression, divisor: int) -> sge.Expression:
    """``number`` (an integer) floor-divided by a positive ``divisor``, exactly (BIGINT).

    The floored remainder is subtracted first, so what remains divides exactly, whether ``/``
    truncates (Calcite) or divides in DOUBLE (DuckDB, where the cast rounds the quotient back).
    """
    exact = sge.paren(
        sge.Sub(this=number.copy(), expression=_floor_remainder(number, divisor)), copy=False
    )
    return sge.Cast(
        this=_div(this=exact, expression=sge.convert(divisor)),
        to=sge.DataType.build("BIGINT"),
    )


def _product(*factors: sge.Expression) -> sge.Expression:
    """The product of ``factors`` (each copied: a node can have one parent)."""
    return reduce(
        lambda left, right: sge.Mul(this=left, expression=right.copy()),
        factors[1:],
        factors[0].copy(),
    )


def _parenthesized(node: sge.Expression) -> sge.Expression:
    return sge.paren(node, copy=False) if isinstance(node, sge.Binary) else node


def _cell(value: Any) -> Any:
    """A memtable cell as a Python value (pandas gives NaN/NaT for missing values)."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
        if isinstance(value, pd.Timestamp):
            return value.to_pydatetime()
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _timestamp_text(value: _datetime.datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS.fff``; time zones are converted to UTC; no sub-millisecond part."""
    if value.tzinfo is not None:
        value = value.astimezone(_datetime.timezone.utc).replace(tzinfo=None)
    if value.microsecond % 1000:
        raise com.UnsupportedArgumentError(
            f"Mill timestamps have millisecond precision; {value.isoformat()} has microseconds. "
            "Round the literal to milliseconds first"
        )
    return value.isoformat(sep=" ", timespec="milliseconds")


def _time_text(value: _datetime.time) -> str:
    if value.microsecond % 1000:
        raise com.UnsupportedArgumentError(
            f"Mill times have millisecond precision; {value.isoformat()} has microseconds. "
            "Round the literal to milliseconds first"
        )
    return value.isoformat(timespec="milliseconds")


def _joined(compiler: MillCompiler, *parts: Any) -> sge.Expression:
    """Concatenate text pieces and SQL values, casting the values to VARCHAR."""
    return reduce(
        lambda left, right: sge.DPipe(this=left, expression=right),
        [_as_text(compiler, part) for part in parts],
    )


def _as_text(compiler: MillCompiler, part: Any) -> sge.Expression:
    if isinstance(part, str):
        return sge.convert(part)
    if isinstance(part, sge.Literal):
        return sge.convert(part.name)
    if isinstance(part, sge.Cast) and part.to.is_type(sge.DataType.Type.VARCHAR):
        return part
    return compiler.cast(part, dt.string)


class _RankDistribution:
    """``PERCENT_RANK``, ``CUME_DIST`` and ``NTILE`` computed from ``RANK``, ``ROW_NUMBER`` and
    ``COUNT(*)`` over the same window.

    Calcite's enumerable engine, which runs every Mill query, has no implementation of
    ``PERCENT_RANK`` or ``CUME_DIST`` (``Unable to implement EnumerableWindow``, in 1.29 and
    still in the current release), and its ``NTILE`` sizes buckets as ``1 + tiles * index /
    rows`` (14 rows in 4 tiles: 4, 3, 4, 3 rows) where SQL gives the first ``rows mod tiles``
    buckets one row more (4, 4, 3, 3).

    Args:
        compiler: The compiler building the SQL.
        window: The function's compiled window (partition, order, no frame).
    """

    def __init__(self, compiler: MillCompiler, window: sge.Window) -> None:
        self.c = compiler
        self.window = window

    def of(self, op: ops.Analytic, func: sge.Expression) -> sge.Expression:
        """The SQL computing ``op`` (compiled as ``func``) over the window."""
        if isinstance(op, ops.PercentRank):
            return self.percent_rank()
        if isinstance(op, ops.CumeDist):
            return self.cume_dist()
        return self.ntile(func.this)

    def _over(self, func: sge.Expression, *, ordered: bool = True) -> sge.Window:
        over = self.window.copy()
        over.set("this", func)
        if not ordered:
            over.set("order", None)
        return over

    def _rows(self) -> sge.Window:
        """The number of rows in the partition."""
        return self._over(self.c.f.count(STAR), ordered=False)

    def percent_rank(self) -> sge.Expression:
        """``(RANK() - 1) / (rows - 1)``, and 0 in a partition of one row."""
        if self.window.args.get("order") is None:
            return _double(0.0)  # every row is a peer of every other
        rank = sge.Sub(this=self._over(self.c.f.rank()), expression=sge.convert(1))
        fraction = _div(
            this=self.c.cast(rank, dt.float64),
            expression=sge.paren(sge.Sub(this=self._rows(), expression=sge.convert(1))),
        )
        return sge.Case(ifs=[self.c.if_(self._rows() > 1, fraction)], default=_double(0.0))

    def cume_dist(self) -> sge.Expression:
        """Rows up to the current row's last peer over the rows of the partition.

        ``COUNT(*)`` with an ORDER BY and no frame counts exactly those rows: the default
        frame is ``RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW``, which takes in the
        current row's peers. (Calcite refuses that frame when spelled out for several
        ORDER BY keys.)
        """
        through_peers = self._over(self.c.f.count(STAR))
        return _div(this=self.c.cast(through_peers, dt.float64), expression=self._rows())

    def ntile(self, tiles: sge.Expression) -> sge.Expression:
        """The standard bucket (1-based) of the current row among ``tiles`` buckets.

        With ``q = FLOOR(rows / tiles)`` and ``r = MOD(rows, tiles)``, the first ``r``
        buckets hold ``q + 1`` rows and the others ``q``: row ``n`` (1-based) is in bucket
        ``CEIL(n / (q + 1))`` while ``n <= r * (q + 1)``, else in ``CEIL((n - r) / q)``.
        """
        c = self.c
        row = self._over(c.f.row_number())
        small = _floor_quotient(c, c.cast(self._rows(), dt.float64), tiles.copy())
        large = sge.paren(sge.Add(this=small.copy(), expression=sge.convert(1)), copy=False)
        remainder = c.f.mod(self._rows(), tiles.copy())
        in_large = sge.Mul(this=remainder.copy(), expression=large.copy())
        # CEIL(a / b) of positive integers is FLOOR((a + b - 1) / b).
        large_bucket = _floor_quotient(
            c, sge.Add(this=row.copy(), expression=small.copy()), large.copy()
        )
        small_bucket = _floor_quotient(
            c,
            sge.Sub(
                this=sge.Add(
                    this=sge.Sub(this=row.copy(), expression=remainder.copy()),
                    expression=small.copy(),
                ),
                expression=sge.convert(1),
            ),
            small.copy(),
        )
        bucket = sge.Case(ifs=[c.if_(row <= in_large, large_bucket)], default=small_bucket)
        return c.cast(bucket, dt.int64)


def _day_number(compiler: MillCompiler, value: sge.Expression) -> sge.Expression:
    """A day number of the date of ``value`` (DOUBLE), from its YEAR, MONTH and DAY parts.

    Days since 0000-03-01. With ``M = 12 * YEAR + MONTH - 3``, the months since then
    (years counted from March put the leap day at their end), it is the days of the
    whole years before, ``365 * FLOOR(M / 12)``, their leap days, ``FLOOR(M / 48) -
    FLOOR(M / 1200) + FLOOR(M / 4800)``, the days of the year's whole months before,
    ``FLOOR((153 * MOD(M, 12) + 2) / 5)``, and the DAY, less one. (``TIMESTAMPDIFF``
    cannot run on Mill: Calcite turns it into an integer division of a reinterpreted
    interval, ``/INT``, which has no Substrait conversion.)
    """
    c = compiler
    months = sge.Sub(
        this=sge.Add(
            this=sge.Mul(this=sge.convert(12), expression=c.f.extract(c.v.YEAR, value.copy())),
            expression=c.f.extract(c.v.MONTH, value.copy()),
        ),
        expression=sge.convert(3),
    )
    number = sge.Mul(this=sge.convert(365), expression=_floor_quotient(c, months, 12))
    for divisor, sign in ((48, sge.Add), (1200, sge.Sub), (4800, sge.Add)):
        number = sign(this=number, expression=_floor_quotient(c, months.copy(), divisor))
    # MOD first: DuckDB's `153 * a % 12` would mean `(153 * a) % 12`.
    month_start = sge.Add(
        this=sge.Mul(this=c.f.mod(months.copy(), 12), expression=sge.convert(153)),
        expression=sge.convert(2),
    )
    number = sge.Add(this=number, expression=_floor_quotient(c, month_start, 5))
    return sge.Add(this=number, expression=c.f.extract(c.v.DAY, value.copy()))


#: ``_day_number`` of 1970-01-01.
_EPOCH_DAY_NUMBER = 719469

#: Milliseconds in one unit of the fixed-length intervals.
_UNIT_MILLISECONDS = {
    "W": 604_800_000,
    "D": 86_400_000,
    "h": 3_600_000,
    "m": 60_000,
    "s": 1_000,
    "ms": 1,
}


def _literal_milliseconds(op: ops.Value) -> int | None:
    """The length of a literal interval of fixed length in milliseconds, else None."""
    if not isinstance(op, ops.Literal) or op.dtype.unit.short not in _UNIT_MILLISECONDS:
        return None
    return int(op.value) * _UNIT_MILLISECONDS[op.dtype.unit.short]


def _epoch_milliseconds(compiler: MillCompiler, value: sge.Expression) -> sge.Expression:
    """The milliseconds from 1970-01-01 to the timestamp ``value`` (BIGINT), from its parts."""
    c = compiler
    days = c.cast(
        sge.Sub(this=_day_number(c, value), expression=sge.convert(_EPOCH_DAY_NUMBER)), dt.int64
    )
    parts = [
        sge.Mul(this=days, expression=sge.convert(86_400_000)),
        sge.Mul(this=c.f.extract(c.v.HOUR, value.copy()), expression=sge.convert(3_600_000)),
        sge.Mul(this=c.f.extract(c.v.MINUTE, value.copy()), expression=sge.convert(60_000)),
        sge.Mul(this=c.f.extract(c.v.SECOND, value.copy()), expression=sge.convert(1_000)),
        sge.Mod(this=c.f.extract(c.v.MILLISECOND, value.copy()), expression=sge.convert(1_000)),
    ]
    return sge.paren(reduce(lambda left, right: sge.Add(this=left, expression=right), parts))


class _DeltaParts:
    """Unit boundaries crossed between two temporal values, from EXTRACT parts.

    ``delta(left, right, unit)`` counts how many ``unit`` boundaries lie between ``right`` and
    ``left`` (``23:59:59`` to ``01:58`` the next day is 2 hours), like DuckDB's ``DATE_DIFF``.
    """

    def __init__(self, compiler: MillCompiler, op: ops.TemporalDelta, left, right) -> None:
        self.c = compiler
        self.left = left
        self.right = right
        self.is_time = op.left.dtype.is_time()

    def _part(self, unit: str, value):
        return self.c.f.extract(self.c.v[unit], value)

    def _diff(self, unit: str):
        return sge.paren(
            sge.Sub(this=self._part(unit, self.left), expression=self._part(unit, self.right)),
            copy=False,
        )

    def _scaled(self, coarser, factor: int, unit: str):
        if not isinstance(coarser, sge.Paren):
            coarser = sge.paren(coarser, copy=False)
        return sge.Add(
            this=sge.Mul(this=sge.convert(factor), expression=coarser),
            expression=self._diff(unit),
        )

    def _days(self):
        """Days between the dates of the two values (BIGINT)."""
        between = sge.Sub(
            this=_day_number(self.c, self.left),
            expression=sge.paren(_day_number(self.c, self.right), copy=False),
        )
        return self.c.cast(between, dt.int64)

    def _weeks(self):
        """Whole weeks between the two values, truncated toward zero like DuckDB's."""
        days = self._days()
        weeks = sge.Mul(
            this=self.c.f.sign(days),
            expression=_floor_quotient(self.c, self.c.f.abs(days.copy()), 7),
        )
        return self.c.cast(weeks, dt.int64)

    def delta(self, unit: str | None):
        if unit is None:
            return None
        if self.is_time:
            ladder = {"HOUR": lambda: self._diff("HOUR")}
        else:
            years = self._diff("YEAR")
            ladder = {
                "YEAR": lambda: years,
                "QUARTER": lambda: self._scaled(years, 4, "QUARTER"),
                "MONTH": lambda: self._scaled(years, 12, "MONTH"),
                "WEEK": self._weeks,
                "DAY": self._days,
                "HOUR": lambda: self._scaled(self._days(), 24, "HOUR"),
            }
        ladder["MINUTE"] = lambda: self._scaled(ladder["HOUR"](), 60, "MINUTE")
        ladder["SECOND"] = lambda: self._scaled(ladder["MINUTE"](), 60, "SECOND")
        build = ladder.get(unit)
        return None if build is None else build()


class _Truncation:
    """Truncation of dates, times and timestamps rebuilt from EXTRACT parts.

    ``FLOOR(x TO unit)`` has no Substrait signature, so the truncated value is spelled as text
    (``'2024-3-1'``: Calcite and DuckDB both accept unpadded fields) and cast back.
    """

    def __init__(self, compiler: MillCompiler, arg, arg_dtype: dt.DataType, dtype: dt.DataType):
        self.c = compiler
        self.arg = arg
        self.arg_dtype = arg_dtype
        self.dtype = dtype

    def _part(self, unit: str):
        return self.c.f.extract(self.c.v[unit], self.arg.copy())

    def _date_from(self, *parts):
        return self.c.cast(_joined(self.c, *parts), dt.date)

    def _as_result(self, date):
        return date if self.dtype.is_date() else self.c.cast(date, self.dtype)

    def _clock(self, *parts):
        """A timestamp (or time) of the argument's day with the given clock parts."""
        if self.arg_dtype.is_time():
            return self.c.cast(_joined(self.c, *parts), dt.time)
        day = self.c.cast(self.c.cast(self.arg.copy(), dt.date), dt.string)
        return self.c.cast(_joined(self.c, day, " ", *parts), self.dtype)

    def to(self, unit: str):
        year, month, hour, minute = (self._part(u) for u in ("YEAR", "MONTH", "HOUR", "MINUTE"))
        clock = {
            "h": lambda: self._clock(hour, ":00:00"),
            "m": lambda: self._clock(hour, ":", minute, ":00"),
            "s": lambda: self._clock(hour, ":", minute, ":", self._part("SECOND")),
        }
        if self.arg_dtype.is_time():
            return clock[unit]() if unit in clock else None
        calendar_units = {
            "Y": lambda: self._as_result(self._date_from(year, "-01-01")),
            "Q": lambda: self._as_result(
                self._date_from(
                    year,
                    "-",
                    sge.Sub(
                        this=sge.Mul(this=self._part("QUARTER"), expression=sge.convert(3)),
                        expression=sge.convert(2),
                    ),
                    "-01",
                )
            ),
            "M": lambda: self._as_result(self._date_from(year, "-", month, "-01")),
            "W": lambda: self._as_result(
                sge.TimestampAdd(
                    this=self.c.cast(self.arg.copy(), dt.date),
                    expression=sge.Sub(
                        this=sge.convert(1), expression=sge.DayOfWeekIso(this=self.arg.copy())
                    ),
                    unit=self.c.v.DAY,
                )
            ),
            "D": lambda: self._as_result(self.c.cast(self.arg.copy(), dt.date)),
        }
        if unit in calendar_units:
            return calendar_units[unit]()
        if self.arg_dtype.is_date():
            return None
        if unit in clock:
            return clock[unit]()
        if unit == "ms":
            return self.c.cast(self.arg.copy(), dt.Timestamp(scale=MAX_TIMESTAMP_PRECISION))
        return None


# ibis routes UNSUPPORTED_OPS, and value operations without a visit method, to visit_Undefined
# (a bare "not defined"); route them to visit_Unsupported instead, which says why.
# has_operation rejects both methods.
for _op in {*get_subclasses(ops.Value), *_WHY_UNSUPPORTED}:
    _name = f"visit_{_op.__name__}"
    if (
        _op in _WHY_UNSUPPORTED
        or getattr(MillCompiler, _name, None) is SQLGlotCompiler.visit_Undefined
    ):
        setattr(MillCompiler, _name, MillCompiler.visit_Unsupported)
del _op, _name

compiler = MillCompiler()

# ibis.to_sql(expr, dialect="mill") looks compilers up as attributes of this ibis package (each
# a module with a ``compiler``): this module is Mill's.
ibis_sql_compilers.mill = sys.modules[__name__]


def to_sql(expr: ir.Expr, *, pretty: bool = False) -> str:
    """Compile an ibis expression to the SQL string a Mill server accepts.

    Args:
        expr: An ibis table or value expression over tables a Mill server knows.
        pretty: Lay the SQL out over several indented lines.

    Returns:
        One Calcite SQL statement, without a trailing semicolon.

    Raises:
        UnsupportedOperationError: The expression needs something a Mill server cannot run.
    """
    return compiler.to_sqlglot(expr).sql(dialect=Mill, pretty=pretty)
