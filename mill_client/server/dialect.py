"""The ``GetDialect`` answer: Mill's CALCITE dialect descriptor.

Mill serves the dialect YAML it ships; several of that YAML's values disagree with what its
Calcite parser does (see the dialect reference). This descriptor states the effective
behaviour instead: unquoted identifiers stored upper case, 128-character names, nulls
sorted high with ``NULLS FIRST``/``NULLS LAST`` supported, no ``!=`` or ``%``. The message
shape, schema version and content hash follow Mill exactly.
"""

from __future__ import annotations

import hashlib

import grpc

from mill_client._proto import dialect_pb2
from mill_client.server.status import StatusError

__all__ = ["CALCITE", "SCHEMA_VERSION", "dialect_response", "supported_dialects"]

D = dialect_pb2.DialectDescriptor

#: ``GetDialectResponse.schemaVersion`` as Mill sends it.
SCHEMA_VERSION = "v1"


def _datetime(syntax: str, pattern: str, note: str) -> D.DateTimeLiteral:
    return D.DateTimeLiteral(syntax=syntax, quote="'", pattern=pattern, notes=[note])


def _join(keyword: str, *, require_on: bool = True) -> D.JoinType:
    return D.JoinType(enabled=True, keyword=keyword, requireOn=require_on, nullSafe=False)


def _operators(*entries: tuple[str, str]) -> D.OperatorCategory:
    return D.OperatorCategory(
        entries=[D.OperatorEntry(symbol=symbol, description=text) for symbol, text in entries]
    )


#: The CALCITE dialect as a Mill server parses it.
CALCITE = D(
    id="CALCITE",
    name="Apache Calcite",
    readOnly=True,
    paramstyle="qmark",
    notes=[
        "Quote every identifier with backticks; unquoted names are folded to upper case.",
        "One statement per request, without a trailing semicolon; inline every literal.",
    ],
    identifiers=D.Identifiers(
        quote=D.QuotePair(start="`", end="`"),
        aliasQuote=D.QuotePair(start="`", end="`"),
        escapeQuote="`",
        unquotedStorage="UPPER",
        quotedStorage="AS_IS",
        supportsMixedCase=False,
        supportsMixedCaseQuoted=True,
        maxLength=128,
        extraNameCharacters="",
        useFullyQualifiedNames=True,
    ),
    catalogSchema=D.CatalogSchema(
        supportsSchemas=True,
        supportsCatalogs=False,
        catalogSeparator=".",
        catalogAtStart=True,
        schemaTerm="schema",
        catalogTerm="catalog",
        procedureTerm="procedure",
        schemasInDml=True,
    ),
    transactions=D.Transactions(supported=False, defaultIsolation="NONE"),
    limits=D.Limits(
        maxColumnNameLength=128,
        maxSchemaNameLength=128,
        maxCatalogNameLength=128,
        maxTableNameLength=128,
    ),
    nullSorting=D.NullSorting(
        nullsSortedHigh=True, supportsNullsFirst=True, supportsNullsLast=True
    ),
    resultSet=D.ResultSetCaps(forwardOnly=True, concurrencyReadOnly=True),
    featureFlags={
        "supports-column-aliasing": True,
        "supports-expressions-in-order-by": True,
        "supports-group-by": True,
        "supports-outer-joins": True,
        "supports-full-outer-joins": True,
        "supports-semi-anti-join": False,
        "supports-lateral": False,
        "supports-correlated-subqueries": True,
        "supports-subqueries-in-exists": True,
        "supports-subqueries-in-ins": True,
        "supports-union": True,
        "supports-union-all": True,
        "supports-intersect": True,
        "supports-except": True,
        "supports-cte": True,
        "supports-window-functions": True,
        "supports-qualify": False,
        "supports-is-distinct-from": True,
        "supports-ilike": False,
        "supports-try-cast": False,
        "supports-native-boolean": True,
    },
    stringProperties=D.StringProperties(searchStringEscape="\\"),
    literals=D.Literals(
        strings=D.StringLiterals(
            quote="'",
            concat="||",
            escape="STANDARD",
            note="Single-quoted; double a quote to escape it; concatenate with ||.",
        ),
        booleans=["TRUE", "FALSE"],
        nullLiteral="NULL",
        datesTimes=D.DatesTimesLiterals(
            date=_datetime("DATE 'YYYY-MM-DD'", "YYYY-MM-DD", "ANSI DATE literal."),
            time=_datetime("TIME 'HH:MI:SS'", "HH:MI:SS", "At most 3 fractional digits."),
            timestamp=_datetime(
                "TIMESTAMP 'YYYY-MM-DD HH:MI:SS'",
                "YYYY-MM-DD HH:MI:SS",
                "Millisecond precision at most.",
            ),
            interval=D.IntervalLiteral(
                supported=True, style="ANSI", notes=["INTERVAL '1' DAY; singular units."]
            ),
        ),
    ),
    joins=D.Joins(
        style="explicit",
        crossJoin=_join("CROSS JOIN", require_on=False),
        innerJoin=_join("INNER JOIN"),
        leftJoin=_join("LEFT JOIN"),
        rightJoin=_join("RIGHT JOIN"),
        fullJoin=_join("FULL JOIN"),
        onClause=D.OnClause(keyword="ON", requireCondition=True),
    ),
    paging=D.Paging(
        styles=[D.PagingStyle(syntax="LIMIT {n}", type="standard")], offset="OFFSET {m}"
    ),
    operators={
        "equality": _operators(("=", "Equality comparison")),
        "inequality": _operators(("<>", "Not equal")),
        "comparison": _operators(
            (">", "Greater than"),
            (">=", "Greater than or equal"),
            ("<", "Less than"),
            ("<=", "Less than or equal"),
        ),
        "logical": _operators(("NOT", "Logical NOT"), ("AND", "Logical AND"), ("OR", "Logical OR")),
        "null-checks": _operators(("IS NULL", "Check for null"), ("IS NOT NULL", "Not null")),
        "like": _operators(("LIKE", "Case-sensitive pattern match")),
        "between": _operators(("BETWEEN", "Inclusive range comparison")),
        "set": _operators(("IN", "Membership test"), ("NOT IN", "Negated membership test")),
        "arithmetic": _operators(
            ("+", "Addition"), ("-", "Subtraction"), ("*", "Multiplication"), ("/", "Division")
        ),
    },
)

_DIALECTS = {CALCITE.id: CALCITE}


def supported_dialects() -> list[str]:
    """The dialect ids ``GetDialect`` knows, as listed in its NOT_FOUND message."""
    return list(_DIALECTS)


def dialect_response(dialect_id: str | None, default_id: str) -> dialect_pb2.GetDialectResponse:
    """Answer ``GetDialect`` for ``dialect_id`` (case-insensitive; blank means ``default_id``).

    Raises:
        StatusError: ``NOT_FOUND`` ``Dialect 'X' not found. Supported dialects: ...``.
    """
    requested = dialect_id if dialect_id and dialect_id.strip() else default_id
    descriptor = _DIALECTS.get(requested.upper())
    if descriptor is None:
        raise StatusError(
            grpc.StatusCode.NOT_FOUND,
            f"Dialect '{requested}' not found. Supported dialects: {','.join(_DIALECTS)}",
        )
    content = descriptor.SerializeToString(deterministic=True)
    return dialect_pb2.GetDialectResponse(
        dialect=descriptor,
        schemaVersion=SCHEMA_VERSION,
        contentHash=hashlib.sha256(content).hexdigest(),
    )
