"""sqlglot dialect for the SQL a Mill server accepts: Apache Calcite, DEFAULT conformance.

Importing this module registers the dialect under two names, ``mill`` and ``calcite``, so
``sqlglot.transpile(sql, read="duckdb", write="mill")`` and
``sqlglot.transpile(sql, read="mill", write="duckdb")`` both work.

The dialect describes Calcite's *syntax*. Which functions a Mill server can actually run
(Calcite's standard operator table, then isthmus' Substrait conversion) is the compiler's
business (:mod:`ibis_mill.compiler`); this dialect still parses and prints everything Calcite
parses, e.g. ``FLOOR(ts TO DAY)`` or ``POSITION(a IN b)``.

Decisions:

- Identifiers are quoted with backticks, doubled inside. The generator quotes *every*
  identifier (``identify=True`` unless the caller says otherwise) and keeps its case, because
  Calcite folds unquoted names to upper case (``Lex.ORACLE``) and matches case-sensitively.
- The parser folds unquoted identifiers to upper case and marks them quoted, as Calcite does,
  so ``SELECT id FROM t`` means the column ``ID`` in every dialect it is written to.
- Operators of the DEFAULT conformance: ``MOD(a, b)`` (never ``%``), ``<>`` (never ``!=``),
  ``||`` for concatenation (``CONCAT`` is a library function), ``CHAR_LENGTH``,
  ``SUBSTRING(s FROM i FOR n)``, ``POSITION(a IN s)``, ``TRIM(BOTH c FROM s)``.
- Literals: ``DATE '…'``, ``TIME '…'`` and ``TIMESTAMP '…'`` with at most three fractional
  digits. A typed literal is parsed into a ``CAST`` whose type carries the literal's precision
  (``TIMESTAMP '… .123'`` is ``TIMESTAMP(3)``: Calcite's bare ``TIMESTAMP`` has precision 0 and
  drops milliseconds). Intervals are ANSI single-field literals (``INTERVAL '3' DAY``) with a
  leading precision when the value needs more than Calcite's default two digits
  (``INTERVAL '100' DAY(3)``). Calcite 1.29 has no ``WEEK``/``QUARTER`` interval literals, so
  they are printed as days and months. Multi-field intervals (``INTERVAL '1:30' HOUR TO MINUTE``)
  are parsed into the equivalent single-field interval (``INTERVAL '90' MINUTE``) because DuckDB
  has no multi-field literals. Strings escape ``'`` by doubling and never use backslashes;
  binary literals are ``X'0AFF'``; ``UNKNOWN`` is a NULL boolean.
- NULL ordering: Calcite sorts NULLs high (``ASC`` puts them last). The generator always prints
  ``NULLS FIRST``/``NULLS LAST`` when the expression knows which it wants.
- Paging: ``LIMIT n OFFSET m`` is printed; the parser also reads ``FETCH FIRST/NEXT n ROWS ONLY``
  and ``OFFSET m ROWS``.
- Dates and times: ``EXTRACT(unit FROM x)`` with Calcite's unit names (``DOW``, ``DOY``,
  ``ISODOW``, ``ISOYEAR``, ``WEEK`` …), ``FLOOR(x TO unit)`` / ``CEIL(x TO unit)``,
  ``TIMESTAMPADD(unit, n, x)`` (``MILLISECOND``, which Calcite 1.29 rejects there, becomes
  ``(x + n * INTERVAL '0.001' SECOND)``: ``MICROSECOND`` would turn into an integer division of
  an interval that Mill's isthmus cannot convert), ``TIMESTAMPDIFF(unit, a, b)``.
- Written from other dialects: ``CONCAT`` becomes ``||`` (with ``COALESCE(x, '')`` when the
  source ignores NULLs), ``GREATEST``/``LEAST`` become NULL-ignoring CASE, ``IF`` becomes CASE,
  SEMI/ANTI joins become ``[NOT] EXISTS``, ``QUALIFY`` becomes a filtered subquery, untyped
  division casts the dividend to DOUBLE, ``TEXT``/``BLOB``/``TIMESTAMPTZ`` become ``VARCHAR``,
  ``VARBINARY`` and ``TIMESTAMP WITH LOCAL TIME ZONE``, DuckDB's ``DATE_SUB('unit', a, b)``
  becomes ``TIMESTAMPDIFF``. ``NOT x IS NULL`` is printed as ``x IS NOT NULL``.

Calcite constructs whose meaning differs from the nearest sqlglot node are parsed into a tree
that computes Calcite's value in any dialect, and the generator folds that tree back into the
Calcite spelling:

==========================  =================================================================
Calcite                     parsed as (what DuckDB receives)
==========================  =================================================================
``EXTRACT(DOW FROM x)``     ``(DAYOFWEEK(x) + 1)``: Calcite counts Sunday as 1
``FLOOR(x TO WEEK)``        ``(DATE_TRUNC('WEEK', x + 1 day) - 1 day)``: weeks start on Sunday
``CEIL(x TO unit)``         ``CASE WHEN FLOOR(x TO unit) = x THEN x ELSE … + 1 unit END``
``TIMESTAMPDIFF(u, a, b)``  :class:`TimestampDiffWholeUnits`, DuckDB's ``DATE_SUB``
==========================  =================================================================

``TIMESTAMPDIFF`` counts whole units (``01:59`` to ``02:01`` is 0 hours); sqlglot's DuckDB
generator turns its ``TimestampDiff`` node into ``DATE_DIFF``, which counts unit boundaries
crossed (1 hour). :class:`TimestampDiffWholeUnits` therefore prints through sqlglot's function
fallback as ``DATE_SUB('HOUR', a, b)``, DuckDB's whole-unit difference. Conversely sqlglot's
``DateDiff`` (boundary semantics, from DuckDB's ``DATE_DIFF``) is written as
``TIMESTAMPDIFF(unit, FLOOR(a TO unit), FLOOR(b TO unit))``.

Known semantic gaps left to the reader of the generated SQL: integer ``/`` truncates in Calcite
but is a float division in DuckDB unless sqlglot knows both operand types (annotate the tree, or
cast, as :mod:`ibis_mill.compiler` does); ``EXTRACT(EPOCH …)`` is a whole ``BIGINT`` in Calcite
and a fractional ``DOUBLE`` in DuckDB; ``SUBSTRING`` with a start below 1 follows the SQL standard
in Calcite and counts from the end in DuckDB.
"""

from __future__ import annotations

import re
import typing as t
from decimal import Decimal

from sqlglot import exp, generator, parser, tokens, transforms
from sqlglot.dialects.dialect import Dialect, NormalizationStrategy, map_date_part
from sqlglot.helper import seq_get
from sqlglot.tokens import TokenType

__all__ = ["Calcite", "Mill", "TimestampDiffWholeUnits"]

_DATE_LITERAL = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_LITERAL = re.compile(r"(\d{2}:\d{2}:\d{2})(?:\.(\d+))?")
_TIMESTAMP_LITERAL = re.compile(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d+))?")

#: sqlglot types that mean Calcite's TIMESTAMP (DuckDB's TIMESTAMP parses as TIMESTAMPNTZ).
_NAIVE_TIMESTAMP_TYPES = (exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ)

#: Largest fractional-second precision of Calcite's default type system.
MAX_FRACTIONAL_DIGITS = 3

#: Calcite's time units for EXTRACT, FLOOR/CEIL ... TO, TIMESTAMPADD and TIMESTAMPDIFF, keyed by
#: the canonical sqlglot name (after ``map_date_part``).
_CALCITE_UNITS = {
    "YEAR": "YEAR",
    "QUARTER": "QUARTER",
    "MONTH": "MONTH",
    "WEEK": "WEEK",
    "WEEKISO": "WEEK",
    "DAY": "DAY",
    "HOUR": "HOUR",
    "MINUTE": "MINUTE",
    "SECOND": "SECOND",
    "MILLISECOND": "MILLISECOND",
    "MICROSECOND": "MICROSECOND",
    "DAYOFYEAR": "DOY",
    "DAYOFWEEKISO": "ISODOW",
    "ISODOW": "ISODOW",
    "ISOYEAR": "ISOYEAR",
    "YEAROFWEEKISO": "ISOYEAR",
    "EPOCH": "EPOCH",
    "DECADE": "DECADE",
    "CENTURY": "CENTURY",
    "MILLENNIUM": "MILLENNIUM",
}

#: Units whose EXTRACT value differs between Calcite (Sunday = 1) and sqlglot (Sunday = 0).
_SUNDAY_ZERO_DAY_OF_WEEK = frozenset({"DAYOFWEEK", "DOW", "WEEKDAY"})

#: Interval literal fields Calcite 1.29 parses, and how other units are rewritten into them.
_INTERVAL_FIELDS = {"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"}
_INTERVAL_REWRITES = {
    "WEEK": ("DAY", Decimal(7)),
    "QUARTER": ("MONTH", Decimal(3)),
    "MILLISECOND": ("SECOND", Decimal("0.001")),
    "MICROSECOND": ("SECOND", Decimal("0.000001")),
}
_DEFAULT_INTERVAL_PRECISION = 2

#: Fields of multi-field interval literals, largest first, and the factor from each field to
#: the next one (``'1-2' YEAR TO MONTH`` is 14 months).
_SPAN_FIELDS = ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"]
_SPAN_FACTORS = {"YEAR": 12, "DAY": 24, "HOUR": 60, "MINUTE": 60}


class TimestampDiffWholeUnits(exp.Func):
    """Calcite's ``TIMESTAMPDIFF(unit, start, end)``: whole units from ``start`` to ``end``.

    ``unit`` is a string literal holding a Calcite unit name. The Mill generator prints
    ``TIMESTAMPDIFF``; other dialects fall back to ``DATE_SUB('unit', start, end)``, which is
    DuckDB's whole-unit difference (DuckDB's ``DATE_DIFF`` counts boundaries instead).
    """

    arg_types = {"unit": True, "this": True, "expression": True}
    _sql_names = ["DATE_SUB"]


def _unit_name(unit: exp.Expression | None) -> str:
    """Return the canonical upper-case sqlglot name of a unit node (``days`` -> ``DAY``)."""
    if unit is None:
        return "DAY"
    if isinstance(unit, exp.WeekStart):
        return f"WEEK({unit.name.upper()})"
    name = unit.name.upper()
    name = generator.Generator.TIME_PART_SINGULARS.get(name, name)
    return map_date_part(exp.var(name)).name.upper()


def _calcite_unit(unit: exp.Expression | None) -> str:
    """Return the Calcite spelling of a unit for EXTRACT, FLOOR TO and TIMESTAMPADD."""
    name = _unit_name(unit)
    return _CALCITE_UNITS.get(name, name)


def _unit_var(node: exp.Expression | None) -> exp.Var:
    """Turn a parsed unit argument (a column, a var or a string) into an upper-case Var.

    Calcite also accepts the ODBC spellings ``SQL_TSI_DAY`` and ``SQL_TSI_FRAC_SECOND``.
    """
    name = (node.name if node is not None else "DAY").upper()
    name = name.removeprefix("SQL_TSI_")
    if name == "FRAC_SECOND":
        name = "MICROSECOND"
    return exp.var(name)


def _build_timestampadd(args: list[exp.Expression]) -> exp.TimestampAdd:
    return exp.TimestampAdd(
        this=seq_get(args, 2), expression=seq_get(args, 1), unit=_unit_var(seq_get(args, 0))
    )


def _build_timestampdiff(args: list[exp.Expression]) -> TimestampDiffWholeUnits:
    return TimestampDiffWholeUnits(
        unit=exp.Literal.string(_unit_var(seq_get(args, 0)).name),
        this=seq_get(args, 1),
        expression=seq_get(args, 2),
    )


def _milliseconds_added(this: exp.Expression, amount: exp.Expression, *, negate: bool) -> exp.Paren:
    """``(this + amount * INTERVAL '0.001' SECOND)``, or ``-`` when ``negate``.

    Calcite 1.29 has no MILLISECOND unit in ``TIMESTAMPADD``, and turns ``MICROSECOND`` into
    an integer division of an interval (``/INT``) that Mill's isthmus cannot convert; a
    fractional SECOND interval is a plain interval multiplication.
    """
    if isinstance(amount, exp.Literal) and amount.is_number:
        seconds = _decimal_text(Decimal(amount.name) / 1000)
        shift: exp.Expression = exp.Interval(
            this=exp.Literal.string(seconds), unit=exp.var("SECOND")
        )
    else:
        shift = exp.Mul(
            this=exp.Paren(this=amount.copy()),
            expression=exp.Interval(this=exp.Literal.string("0.001"), unit=exp.var("SECOND")),
        )
    combine = exp.Sub if negate else exp.Add
    return exp.Paren(this=combine(this=this.copy(), expression=shift))


def _one(unit: str) -> exp.Interval:
    return exp.Interval(this=exp.Literal.string("1"), unit=exp.var(unit))


def _sunday_week_floor(arg: exp.Expression) -> exp.Paren:
    """Calcite's ``FLOOR(x TO WEEK)`` (weeks start on Sunday) in portable form."""
    shifted = exp.Add(this=arg, expression=_one("DAY"))
    floored = exp.TimestampTrunc(this=shifted, unit=exp.var("WEEK"))
    return exp.Paren(this=exp.Sub(this=floored, expression=_one("DAY")))


def _floor_to(arg: exp.Expression, unit: str) -> exp.Expression:
    """Calcite's ``FLOOR(x TO unit)`` as a tree any dialect can print."""
    if unit == "WEEK":
        return _sunday_week_floor(arg)
    return exp.TimestampTrunc(this=arg, unit=exp.var(unit))


def _ceil_to(arg: exp.Expression, unit: str) -> exp.Case:
    """Calcite's ``CEIL(x TO unit)``: ``x`` when on a boundary, else the next boundary."""
    floor = _floor_to(arg, unit)
    return exp.Case(
        ifs=[exp.If(this=exp.EQ(this=floor, expression=arg.copy()), true=arg.copy())],
        default=exp.Add(this=floor.copy(), expression=_one(unit)),
    )


def _as_sunday_week_floor(node: exp.Expression) -> exp.Expression | None:
    """Return ``x`` when ``node`` is the tree built by :func:`_sunday_week_floor`."""
    if not isinstance(node, exp.Paren) or not isinstance(sub := node.this, exp.Sub):
        return None
    floored = sub.this
    if not (
        isinstance(floored, exp.TimestampTrunc)
        and _unit_name(floored.args.get("unit")) == "WEEK"
        and isinstance(shifted := floored.this, exp.Add)
        and _is_one_day(shifted.expression)
        and _is_one_day(sub.expression)
    ):
        return None
    return shifted.this


def _is_one_day(node: exp.Expression) -> bool:
    return isinstance(node, exp.Interval) and node.name == "1" and _unit_name(node.unit) == "DAY"


def _floor_arg_and_unit(node: exp.Expression) -> tuple[exp.Expression, str] | None:
    """Return ``(x, unit)`` when ``node`` is a Calcite ``FLOOR(x TO unit)`` tree."""
    if (arg := _as_sunday_week_floor(node)) is not None:
        return arg, "WEEK"
    if isinstance(node, exp.TimestampTrunc) and _unit_name(node.args.get("unit")) != "WEEK":
        return node.this, _calcite_unit(node.args.get("unit"))
    return None


def _as_ceil_to(node: exp.Case) -> tuple[exp.Expression, str] | None:
    """Return ``(x, unit)`` when ``node`` is the tree built by :func:`_ceil_to`."""
    ifs = node.args.get("ifs") or []
    default = node.args.get("default")
    if node.this is not None or len(ifs) != 1 or not isinstance(default, exp.Add):
        return None
    condition, value = ifs[0].this, ifs[0].args.get("true")
    if not isinstance(condition, exp.EQ):
        return None
    floored = _floor_arg_and_unit(condition.this)
    if floored is None:
        return None
    arg, unit = floored
    step = default.expression
    if not (
        condition.expression == arg
        and value == arg
        and default.this == condition.this
        and isinstance(step, exp.Interval)
        and step.name == "1"
        and _calcite_unit(step.unit) == unit
    ):
        return None
    return arg, unit


def _sunday_one_day_of_week(arg: exp.Expression) -> exp.Paren:
    """Calcite's ``EXTRACT(DOW FROM x)`` (Sunday = 1) in portable form."""
    return exp.Paren(this=exp.Add(this=exp.DayOfWeek(this=arg), expression=exp.Literal.number(1)))


def _as_sunday_one_day_of_week(node: exp.Paren) -> exp.Expression | None:
    add = node.this
    if (
        isinstance(add, exp.Add)
        and isinstance(add.this, exp.DayOfWeek)
        and isinstance(add.expression, exp.Literal)
        and not add.expression.is_string
        and add.expression.name == "1"
    ):
        return add.this.this
    return None


def _flatten_interval(interval: exp.Interval) -> exp.Interval:
    """Rewrite ``INTERVAL '1:30' HOUR TO MINUTE`` as ``INTERVAL '90' MINUTE``."""
    span = interval.unit
    first, last = span.this.name.upper(), span.expression.name.upper()
    text = interval.name.strip()
    sign = -1 if text.startswith("-") else 1
    parts = [Decimal(part) for part in re.split(r"[\s:\-]+", text.lstrip("+-"))]
    fields = _SPAN_FIELDS[_SPAN_FIELDS.index(first) : _SPAN_FIELDS.index(last) + 1]
    total = parts[0]
    for larger, part in zip(fields, parts[1:]):
        total = total * _SPAN_FACTORS[larger] + part
    value = _decimal_text(sign * total)
    return exp.Interval(this=exp.Literal.string(value), unit=exp.var(last))


def _decimal_text(value: Decimal) -> str:
    """Print a Decimal without exponent or trailing zeros (``Decimal('90.0')`` -> ``90``)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


class Mill(Dialect):
    """Apache Calcite SQL as a Mill server parses it (backticks, upper-case folding)."""

    NORMALIZATION_STRATEGY = NormalizationStrategy.UPPERCASE
    NULL_ORDERING = "nulls_are_large"
    TYPED_DIVISION = True
    SAFE_DIVISION = False
    SUPPORTS_SEMI_ANTI_JOIN = False
    SUPPORTS_USER_DEFINED_TYPES = False
    CONCAT_COALESCE = False
    LOG_BASE_FIRST = None

    class Tokenizer(tokens.Tokenizer):
        QUOTES = ["'"]
        IDENTIFIERS = ["`"]
        STRING_ESCAPES = ["'"]
        HEX_STRINGS = [("X'", "'"), ("x'", "'")]
        UNICODE_STRINGS = [("U&'", "'"), ("u&'", "'")]

        KEYWORDS = {
            **tokens.Tokenizer.KEYWORDS,
            # Calcite's FLOAT is an 8-byte float, a synonym of DOUBLE.
            "FLOAT": TokenType.DOUBLE,
        }

    class Parser(parser.Parser):
        FUNCTIONS = {
            **parser.Parser.FUNCTIONS,
            "TIMESTAMPADD": _build_timestampadd,
            "TIMESTAMPDIFF": _build_timestampdiff,
            "OCTET_LENGTH": lambda args: exp.Length(this=seq_get(args, 0), binary=True),
        }

        FUNCTION_PARSERS = {
            **parser.Parser.FUNCTION_PARSERS,
            "CEIL": lambda self: self._parse_calcite_ceil_floor(exp.Ceil),
            "CEILING": lambda self: self._parse_calcite_ceil_floor(exp.Ceil),
            "FLOOR": lambda self: self._parse_calcite_ceil_floor(exp.Floor),
            "EXTRACT": lambda self: self._parse_calcite_extract(),
        }

        TYPE_LITERAL_PARSERS = {
            **parser.Parser.TYPE_LITERAL_PARSERS,
            exp.DataType.Type.TIMESTAMP: lambda self, this, _: self._typed_literal(
                this, "TIMESTAMP", _TIMESTAMP_LITERAL
            ),
            exp.DataType.Type.TIME: lambda self, this, _: self._typed_literal(
                this, "TIME", _TIME_LITERAL
            ),
        }

        def _parse_calcite_ceil_floor(self, kind: type[exp.Ceil | exp.Floor]) -> exp.Expression:
            node = self._parse_ceil_floor(kind)
            to = node.args.get("to")
            if to is None:
                return node
            unit = _calcite_unit(to)
            if kind is exp.Floor:
                return _floor_to(node.this, unit)
            return _ceil_to(node.this, unit)

        def _parse_calcite_extract(self) -> exp.Expression:
            node = self._parse_extract()
            if isinstance(node, exp.Extract) and node.name.upper() == "DOW":
                return _sunday_one_day_of_week(node.expression)
            return node

        def _parse_interval_span(self, this: exp.Expression) -> exp.Interval:
            # Calcite: INTERVAL 'value' field[(precision)] [TO field[(precision)]]
            unit: exp.Expression = self._parse_interval_field()
            # Like Calcite's two-token lookahead: in FLOOR(x - INTERVAL '1' DAY TO WEEK) the TO
            # belongs to FLOOR, because WEEK cannot end an interval qualifier.
            if (
                self._curr
                and self._next
                and self._curr.text.upper() == "TO"
                and self._next.text.upper() in _SPAN_FIELDS
            ):
                self._advance()
                unit = exp.IntervalSpan(this=unit, expression=self._parse_interval_field())
            if this and this.is_number:
                this = exp.Literal.string(this.name)
            return self.expression(exp.Interval, this=this, unit=unit)

        def _parse_interval_field(self) -> exp.Var:
            field = self._parse_var(any_token=True, upper=True)
            if field is None:
                self.raise_error("Expected an interval field such as DAY")
            if self._match(TokenType.L_PAREN):
                # The precision follows from the value; the generator prints it again.
                self._parse_csv(self._parse_number)
                self._match_r_paren()
            return field

        def _typed_literal(self, this: exp.Expression, kind: str, pattern: re.Pattern) -> exp.Cast:
            match = pattern.fullmatch(this.name) if this.is_string else None
            digits = len(match.group(2) or "") if match else 0
            to = exp.DataType.build(f"{kind}({digits})" if digits else kind)
            return self.expression(exp.Cast, this=this, to=to)

        def _parse(self, parse_method, raw_tokens, sql=None):  # type: ignore[override]
            return [
                None if tree is None else _fold_like_calcite(tree)
                for tree in super()._parse(parse_method, raw_tokens, sql)
            ]

    class Generator(generator.Generator):
        LIMIT_FETCH = "LIMIT"
        LIMIT_ONLY_LITERALS = True
        INTERVAL_ALLOWS_PLURAL_FORM = False
        NULL_ORDERING_SUPPORTED = True
        JOIN_HINTS = False
        TABLE_HINTS = False
        QUERY_HINTS = False
        NVL2_SUPPORTED = False
        TABLESAMPLE_REQUIRES_PARENS = True
        SUPPORTS_SELECT_INTO = False
        TRY_SUPPORTED = False
        SUPPORTS_UESCAPE = False
        AGGREGATE_FILTER_SUPPORTED = True
        SEMI_ANTI_JOIN_WITH_SIDE = False
        EXTRACT_ALLOWS_QUOTES = False
        SUPPORTS_MEDIAN = False
        CAN_IMPLEMENT_ARRAY_ANY = False
        SUPPORTS_TO_NUMBER = False

        TYPE_MAPPING = {
            **generator.Generator.TYPE_MAPPING,
            exp.DataType.Type.TEXT: "VARCHAR",
            exp.DataType.Type.NVARCHAR: "VARCHAR",
            exp.DataType.Type.NCHAR: "CHAR",
            exp.DataType.Type.BLOB: "VARBINARY",
            exp.DataType.Type.FLOAT: "REAL",
            exp.DataType.Type.INT: "INTEGER",
            exp.DataType.Type.DATETIME: "TIMESTAMP",
            exp.DataType.Type.TIMESTAMPNTZ: "TIMESTAMP",
            exp.DataType.Type.BIGDECIMAL: "DECIMAL",
        }

        TRANSFORMS = {
            **generator.Generator.TRANSFORMS,
            exp.Select: transforms.preprocess(
                [
                    transforms.eliminate_qualify,
                    transforms.eliminate_distinct_on,
                    transforms.eliminate_semi_and_anti_joins,
                ]
            ),
            exp.Mod: lambda self, e: self.func("MOD", e.this, e.expression),
            exp.Pow: lambda self, e: self.func("POWER", e.this, e.expression),
            exp.ApproxDistinct: lambda self, e: self.func("APPROX_COUNT_DISTINCT", e.this),
            exp.CurrentDate: lambda *_: "CURRENT_DATE",
            exp.CurrentTime: lambda *_: "CURRENT_TIME",
            exp.CurrentTimestamp: lambda *_: "CURRENT_TIMESTAMP",
            exp.DayOfMonth: lambda self, e: self._extract("DAY", e.this),
            exp.DayOfYear: lambda self, e: self._extract("DOY", e.this),
            exp.DayOfWeekIso: lambda self, e: self._extract("ISODOW", e.this),
            exp.WeekOfYear: lambda self, e: self._extract("WEEK", e.this),
            exp.Year: lambda self, e: self._extract("YEAR", e.this),
            exp.Quarter: lambda self, e: self._extract("QUARTER", e.this),
            exp.Month: lambda self, e: self._extract("MONTH", e.this),
            exp.Day: lambda self, e: self._extract("DAY", e.this),
        }

        def __init__(self, *args: t.Any, identify: str | bool = True, **kwargs: t.Any) -> None:
            super().__init__(*args, identify=identify, **kwargs)

        # Identifiers, literals and types

        def cast_sql(self, expression: exp.Cast, safe_prefix: str | None = None) -> str:
            literal = self._typed_literal(expression)
            if literal is not None:
                return literal
            return super().cast_sql(expression, safe_prefix)

        def _typed_literal(self, expression: exp.Cast) -> str | None:
            """Print ``CAST('2024-01-01' AS DATE)`` as ``DATE '2024-01-01'`` when exact."""
            value = expression.this
            to = expression.to
            if not (isinstance(value, exp.Literal) and value.is_string):
                return None
            text = value.name
            if to.is_type(exp.DataType.Type.DATE) and not to.expressions:
                return f"DATE '{text}'" if _DATE_LITERAL.fullmatch(text) else None
            kinds = (
                ("TIMESTAMP", _TIMESTAMP_LITERAL, _NAIVE_TIMESTAMP_TYPES),
                ("TIME", _TIME_LITERAL, (exp.DataType.Type.TIME,)),
            )
            for kind, pattern, types in kinds:
                if to.is_type(*types):
                    match = pattern.fullmatch(text)
                    precision = _type_precision(to)
                    if match is None or precision is None or precision > MAX_FRACTIONAL_DIGITS:
                        return None
                    fraction = (match.group(2) or "").ljust(precision, "0")[:precision]
                    return f"{kind} '{match.group(1)}{'.' if precision else ''}{fraction}'"
            return None

        def datatype_sql(self, expression: exp.DataType) -> str:
            # Calcite rejects TIMESTAMP WITH TIME ZONE; an instant is a TIMESTAMP WITH LOCAL
            # TIME ZONE there.
            if expression.is_type(exp.DataType.Type.TIMESTAMPLTZ, exp.DataType.Type.TIMESTAMPTZ):
                precision = _type_precision(expression)
                suffix = f"({precision})" if expression.expressions else ""
                return f"TIMESTAMP{suffix} WITH LOCAL TIME ZONE"
            return super().datatype_sql(expression)

        def interval_sql(self, expression: exp.Interval) -> str:
            unit = expression.unit
            value = expression.this
            if isinstance(unit, exp.IntervalSpan):
                return self.interval_sql(_flatten_interval(expression))
            field = _unit_name(unit) if unit is not None else "DAY"
            if isinstance(value, exp.Literal):
                number = value.name.strip()
                if field in _INTERVAL_REWRITES:
                    field, factor = _INTERVAL_REWRITES[field]
                    number = _decimal_text(Decimal(number) * factor)
                if field not in _INTERVAL_FIELDS:
                    self.unsupported(f"Calcite has no {field} interval literal")
                digits = len(number.lstrip("+-").split(".")[0])
                precision = f"({digits})" if digits > _DEFAULT_INTERVAL_PRECISION else ""
                quoted = self.sql(exp.Literal.string(number))
                return f"INTERVAL {quoted} {field}{precision}"
            # A computed quantity: Calcite multiplies a one-unit interval literal.
            amount = value.copy()
            if not isinstance(amount, exp.Paren | exp.Column | exp.Func):
                amount = exp.Paren(this=amount)
            return self.sql(exp.Mul(this=amount, expression=_one(field)))

        # Operators

        def concat_sql(self, expression: exp.Concat) -> str:
            parts = expression.expressions
            if expression.args.get("coalesce"):
                parts = [
                    exp.Coalesce(this=part.copy(), expressions=[exp.Literal.string("")])
                    for part in parts
                ]
            if len(parts) == 1:
                return self.sql(parts[0])
            node: exp.Expression = parts[0]
            for part in parts[1:]:
                node = exp.DPipe(this=node, expression=part)
            return self.sql(node)

        def length_sql(self, expression: exp.Length) -> str:
            name = "OCTET_LENGTH" if expression.args.get("binary") else "CHAR_LENGTH"
            return self.func(name, expression.this)

        def substring_sql(self, expression: exp.Substring) -> str:
            this = self.sql(expression, "this")
            start = expression.args.get("start") or exp.Literal.number(1)
            length = expression.args.get("length")
            for_sql = f" FOR {self.sql(length)}" if length is not None else ""
            return f"SUBSTRING({this} FROM {self.sql(start)}{for_sql})"

        def strposition_sql(self, expression: exp.StrPosition) -> str:
            if expression.args.get("occurrence") is not None:
                self.unsupported("Calcite's POSITION has no occurrence argument")
            position = expression.args.get("position")
            from_sql = f" FROM {self.sql(position)}" if position is not None else ""
            substr = self.sql(expression, "substr")
            return f"POSITION({substr} IN {self.sql(expression, 'this')}{from_sql})"

        def trim_sql(self, expression: exp.Trim) -> str:
            position = self.sql(expression, "position")
            characters = self.sql(expression, "expression")
            if not position and not characters:
                return self.func("TRIM", expression.this)
            prefix = " ".join(part for part in (position or "BOTH", characters) if part)
            return f"TRIM({prefix} FROM {self.sql(expression, 'this')})"

        def not_sql(self, expression: exp.Not) -> str:
            # NOT x IS NULL reads back as itself; print the equivalent x IS NOT NULL instead.
            inner = expression.this
            if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
                return f"{self.sql(inner, 'this')} IS NOT NULL"
            return super().not_sql(expression)

        def greatest_sql(self, expression: exp.Greatest) -> str:
            return self.sql(_fold_extreme(expression, exp.GT))

        def least_sql(self, expression: exp.Least) -> str:
            return self.sql(_fold_extreme(expression, exp.LT))

        def anonymous_sql(self, expression: exp.Anonymous) -> str:
            # DuckDB's DATE_SUB('unit', a, b) is Calcite's TIMESTAMPDIFF(unit, a, b).
            args = expression.expressions
            if expression.name.upper() == "DATE_SUB" and len(args) == 3 and args[0].is_string:
                unit = _calcite_unit(exp.var(args[0].name))
                return f"TIMESTAMPDIFF({unit}, {self.sql(args[1])}, {self.sql(args[2])})"
            return super().anonymous_sql(expression)

        def if_sql(self, expression: exp.If) -> str:
            false = expression.args.get("false")
            return self.sql(
                exp.Case(
                    ifs=[exp.If(this=expression.this, true=expression.args.get("true"))],
                    default=false,
                )
            )

        def case_sql(self, expression: exp.Case) -> str:
            ceil = _as_ceil_to(expression)
            if ceil is not None:
                arg, unit = ceil
                return f"CEIL({self.sql(arg)} TO {unit})"
            return super().case_sql(expression)

        def paren_sql(self, expression: exp.Paren) -> str:
            day_of_week = _as_sunday_one_day_of_week(expression)
            if day_of_week is not None:
                return self._extract("DOW", day_of_week)
            week = _as_sunday_week_floor(expression)
            if week is not None:
                return f"FLOOR({self.sql(week)} TO WEEK)"
            return super().paren_sql(expression)

        def ordered_sql(self, expression: exp.Ordered) -> str:
            nulls_first = expression.args.get("nulls_first")
            sql = self.sql(expression, "this")
            if expression.args.get("desc"):
                sql += " DESC"
            elif expression.args.get("desc") is False:
                sql += " ASC"
            if nulls_first is None:
                return sql
            return f"{sql} NULLS {'FIRST' if nulls_first else 'LAST'}"

        # Dates and times

        def _extract(self, unit: str, arg: exp.Expression) -> str:
            return f"EXTRACT({unit} FROM {self.sql(arg)})"

        def extract_sql(self, expression: exp.Extract) -> str:
            name = _unit_name(expression.this)
            if name in _SUNDAY_ZERO_DAY_OF_WEEK:
                return self.sql(exp.DayOfWeek(this=expression.expression))
            return self._extract(_CALCITE_UNITS.get(name, name), expression.expression)

        def dayofweek_sql(self, expression: exp.DayOfWeek) -> str:
            # sqlglot's DayOfWeek counts Sunday as 0, Calcite's DOW counts it as 1.
            return f"({self._extract('DOW', expression.this)} - 1)"

        def timestamptrunc_sql(self, expression: exp.TimestampTrunc) -> str:
            unit = _unit_name(expression.args.get("unit"))
            if unit == "WEEK":
                # sqlglot's WEEK truncation starts on Monday, Calcite's on Sunday.
                shifted = exp.Sub(this=expression.this.copy(), expression=_one("DAY"))
                return self.sql(
                    exp.Paren(
                        this=exp.Add(this=_sunday_week_floor(shifted), expression=_one("DAY"))
                    )
                )
            return f"FLOOR({self.sql(expression, 'this')} TO {_calcite_unit(exp.var(unit))})"

        def datetrunc_sql(self, expression: exp.DateTrunc) -> str:
            return self.timestamptrunc_sql(
                exp.TimestampTrunc(this=expression.this, unit=expression.args.get("unit"))
            )

        def _timestampadd(self, expression: exp.Expression, *, negate: bool = False) -> str:
            amount = expression.expression
            unit = expression.args.get("unit")
            if isinstance(amount, exp.Interval):
                unit, amount = amount.unit, amount.this
                if isinstance(amount, exp.Literal) and amount.is_string:
                    amount = exp.Literal.number(amount.name)
            calcite_unit = _calcite_unit(unit)
            if calcite_unit == "MILLISECOND":
                return self.sql(_milliseconds_added(expression.this, amount, negate=negate))
            if isinstance(amount, exp.Literal) and amount.is_number:
                number = Decimal(amount.name) * (-1 if negate else 1)
                amount = exp.Literal.number(_decimal_text(number))
            elif negate:
                amount = exp.Neg(this=exp.Paren(this=amount.copy()))
            arg = self.sql(expression, "this")
            return f"TIMESTAMPADD({calcite_unit}, {self.sql(amount)}, {arg})"

        def timestampadd_sql(self, expression: exp.TimestampAdd) -> str:
            return self._timestampadd(expression)

        def dateadd_sql(self, expression: exp.DateAdd) -> str:
            return self._timestampadd(expression)

        def timeadd_sql(self, expression: exp.TimeAdd) -> str:
            return self._timestampadd(expression)

        def tsordsadd_sql(self, expression: exp.TsOrDsAdd) -> str:
            return self._timestampadd(expression)

        def datetimeadd_sql(self, expression: exp.DatetimeAdd) -> str:
            return self._timestampadd(expression)

        def timestampsub_sql(self, expression: exp.TimestampSub) -> str:
            return self._timestampadd(expression, negate=True)

        def datesub_sql(self, expression: exp.DateSub) -> str:
            return self._timestampadd(expression, negate=True)

        def timesub_sql(self, expression: exp.TimeSub) -> str:
            return self._timestampadd(expression, negate=True)

        def datetimesub_sql(self, expression: exp.DatetimeSub) -> str:
            return self._timestampadd(expression, negate=True)

        def timestampdiffwholeunits_sql(self, expression: TimestampDiffWholeUnits) -> str:
            unit = _calcite_unit(exp.var(expression.args["unit"].name))
            start, end = self.sql(expression, "this"), self.sql(expression, "expression")
            return f"TIMESTAMPDIFF({unit}, {start}, {end})"

        def timestampdiff_sql(self, expression: exp.TimestampDiff) -> str:
            # sqlglot's TimestampDiff(this=end, expression=start) counts whole units.
            unit = _calcite_unit(expression.args.get("unit"))
            start, end = self.sql(expression, "expression"), self.sql(expression, "this")
            return f"TIMESTAMPDIFF({unit}, {start}, {end})"

        def datediff_sql(self, expression: exp.DateDiff) -> str:
            # sqlglot's DateDiff counts unit boundaries: floor both ends, then count. DuckDB's
            # DATE_DIFF('WEEK', …) is the exception: whole weeks of days.
            unit = _calcite_unit(expression.args.get("unit"))
            if unit == "WEEK":
                start, end = self.sql(expression, "expression"), self.sql(expression, "this")
                return f"TIMESTAMPDIFF(WEEK, {start}, {end})"
            end = _floor_to(expression.this.copy(), unit)
            start = _floor_to(expression.expression.copy(), unit)
            return f"TIMESTAMPDIFF({unit}, {self.sql(start)}, {self.sql(end)})"


def _fold_extreme(
    expression: exp.Greatest | exp.Least, beats: type[exp.GT | exp.LT]
) -> exp.Expression:
    """GREATEST/LEAST as CASE (not in Calcite's standard table), ignoring NULLs like DuckDB.

    ``CASE WHEN a IS NULL OR b > a THEN b ELSE a END`` for two values, folded from the left;
    the ``IS NULL`` test is left out once the running value cannot be NULL.
    """
    # Literals first: once the running value holds one it cannot be NULL any more.
    values = sorted(
        [expression.this, *expression.expressions], key=_is_non_null_literal, reverse=True
    )
    best = values[0]
    nullable = not _is_non_null_literal(best)
    for value in values[1:]:
        condition: exp.Expression = beats(this=value.copy(), expression=best.copy())
        if nullable:
            condition = exp.or_(exp.Is(this=best.copy(), expression=exp.null()), condition)
        nullable = nullable and not _is_non_null_literal(value)
        best = exp.Case(ifs=[exp.If(this=condition, true=value.copy())], default=best.copy())
    return best


def _is_non_null_literal(node: exp.Expression) -> bool:
    while isinstance(node, exp.Cast):
        node = node.this
    return isinstance(node, exp.Literal | exp.Boolean)


def _type_precision(data_type: exp.DataType) -> int | None:
    """Return the first type parameter (``TIMESTAMP(3)`` -> 3; no parameter -> 0)."""
    if not data_type.expressions:
        return 0
    param = data_type.expressions[0]
    literal = param.this if isinstance(param, exp.DataTypeParam) else param
    return int(literal.name) if literal.is_int else None


def _fold_like_calcite(tree: exp.Expression) -> exp.Expression:
    """Apply Calcite's lexical rules to a freshly parsed tree.

    Unquoted identifiers are folded to upper case and marked quoted, the keyword ``UNKNOWN``
    becomes a NULL boolean and multi-field interval literals become single-field ones.
    """

    def fold(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Identifier) and not node.quoted:
            node.set("this", node.this.upper())
            node.set("quoted", True)
        elif (
            isinstance(node, exp.Column)
            and not node.table
            and not node.this.quoted
            and node.name.upper() == "UNKNOWN"
        ):
            return exp.cast(exp.null(), exp.DataType.Type.BOOLEAN)
        elif isinstance(node, exp.Interval) and isinstance(node.unit, exp.IntervalSpan):
            return _flatten_interval(node)
        return node

    return tree.transform(fold, copy=False)


class Calcite(Mill):
    """Alias of :class:`Mill` registered as ``calcite``."""
