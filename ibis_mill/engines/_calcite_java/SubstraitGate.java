package ibismill.calcite;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalMinus;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Refuses the plans that Mill's Substrait step refuses.
 *
 * <p>Mill converts every validated plan to Substrait with isthmus 0.60 before running it, and
 * a plan that isthmus cannot convert fails there with an {@link IllegalArgumentException} or
 * {@link UnsupportedOperationException}. This gate walks the same relational tree in the same
 * order (inputs before the node that uses them, a call before its operands) and throws the
 * same exception with the same message for: relational nodes isthmus has no case for
 * (Correlate, Uncollect, TableFunctionScan...), semi and anti joins, scalar functions without
 * a Substrait mapping (or with an arity the mapping lacks: ROUND(x), FLOOR(ts TO unit), LIKE
 * with ESCAPE), aggregate and window functions without a mapping, IGNORE NULLS, quantified
 * comparisons, dynamic parameters and types without a Substrait counterpart. It checks
 * operators, not full Substrait signatures. Compiled at run time by Janino, so it is written
 * without lambdas and with explicit casts.
 */
public final class SubstraitGate {
    private static final Set SCALARS = new HashSet();
    private static final Set AGGREGATES = new HashSet();
    private static final Set WINDOWS = new HashSet();

    static {
        SqlOperator[] scalars = {
            SqlStdOperatorTable.PLUS, SqlStdOperatorTable.MINUS, SqlStdOperatorTable.UNARY_MINUS,
            SqlStdOperatorTable.MULTIPLY, SqlStdOperatorTable.DIVIDE, SqlStdOperatorTable.ABS,
            SqlStdOperatorTable.MOD, SqlStdOperatorTable.POWER, SqlStdOperatorTable.EXP,
            SqlStdOperatorTable.SIN, SqlStdOperatorTable.COS, SqlStdOperatorTable.TAN,
            SqlStdOperatorTable.ASIN, SqlStdOperatorTable.ACOS, SqlStdOperatorTable.ATAN,
            SqlStdOperatorTable.ATAN2, SqlStdOperatorTable.SIGN, SqlStdOperatorTable.LOG10,
            SqlStdOperatorTable.LN, SqlStdOperatorTable.AND, SqlStdOperatorTable.OR,
            SqlStdOperatorTable.NOT, SqlStdOperatorTable.LESS_THAN,
            SqlStdOperatorTable.LESS_THAN_OR_EQUAL, SqlStdOperatorTable.GREATER_THAN,
            SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, SqlStdOperatorTable.EQUALS,
            SqlStdOperatorTable.NOT_EQUALS, SqlStdOperatorTable.IS_NULL,
            SqlStdOperatorTable.IS_NOT_NULL, SqlStdOperatorTable.MINUS_DATE,
            SqlStdOperatorTable.DATETIME_PLUS, SqlStdOperatorTable.EXTRACT,
            SqlStdOperatorTable.CEIL, SqlStdOperatorTable.FLOOR, SqlStdOperatorTable.ROUND,
            SqlStdOperatorTable.LIKE, SqlStdOperatorTable.REPLACE, SqlStdOperatorTable.SUBSTRING,
            SqlStdOperatorTable.CONCAT, SqlStdOperatorTable.CHAR_LENGTH,
            SqlStdOperatorTable.LOWER, SqlStdOperatorTable.UPPER,
        };
        SqlOperator[] aggregates = {
            SqlStdOperatorTable.MIN, SqlStdOperatorTable.MAX, SqlStdOperatorTable.SUM,
            SqlStdOperatorTable.SUM0, SqlStdOperatorTable.COUNT, SqlStdOperatorTable.AVG,
            SqlStdOperatorTable.APPROX_COUNT_DISTINCT,
        };
        SqlOperator[] windows = {
            SqlStdOperatorTable.ROW_NUMBER, SqlStdOperatorTable.LAG, SqlStdOperatorTable.LEAD,
            SqlStdOperatorTable.RANK, SqlStdOperatorTable.DENSE_RANK,
            SqlStdOperatorTable.PERCENT_RANK, SqlStdOperatorTable.CUME_DIST,
            SqlStdOperatorTable.NTILE, SqlStdOperatorTable.FIRST_VALUE,
            SqlStdOperatorTable.LAST_VALUE, SqlStdOperatorTable.NTH_VALUE,
        };
        for (int i = 0; i < scalars.length; i++) {
            SCALARS.add(scalars[i]);
        }
        for (int i = 0; i < aggregates.length; i++) {
            AGGREGATES.add(aggregates[i]);
            WINDOWS.add(aggregates[i]);
        }
        for (int i = 0; i < windows.length; i++) {
            WINDOWS.add(windows[i]);
        }
    }

    private SubstraitGate() {
    }

    /**
     * Checks a converted query.
     *
     * @throws IllegalArgumentException a call has no Substrait conversion
     * @throws UnsupportedOperationException a node, type or expression has none
     */
    public static void check(RelRoot root) {
        rel(root.rel);
    }

    private static void rel(RelNode node) {
        boolean known = node instanceof TableScan || node instanceof LogicalValues
                || node instanceof LogicalFilter || node instanceof LogicalProject
                || node instanceof LogicalJoin || node instanceof LogicalUnion
                || node instanceof LogicalIntersect || node instanceof LogicalMinus
                || node instanceof LogicalAggregate || node instanceof LogicalSort;
        if (!known) {
            throw new UnsupportedOperationException("Unable to handle node: " + node);
        }
        Iterator inputs = node.getInputs().iterator();
        while (inputs.hasNext()) {
            rel((RelNode) inputs.next());
        }
        rowType(node.getRowType());
        if (node instanceof LogicalProject) {
            exprs(((LogicalProject) node).getProjects());
        } else if (node instanceof LogicalFilter) {
            expr(((LogicalFilter) node).getCondition());
        } else if (node instanceof LogicalJoin) {
            LogicalJoin join = (LogicalJoin) node;
            JoinRelType type = join.getJoinType();
            if (type != JoinRelType.INNER && type != JoinRelType.LEFT
                    && type != JoinRelType.RIGHT && type != JoinRelType.FULL) {
                throw new UnsupportedOperationException("Unsupported join type: " + type);
            }
            expr(join.getCondition());
        } else if (node instanceof LogicalAggregate) {
            Iterator calls = ((LogicalAggregate) node).getAggCallList().iterator();
            while (calls.hasNext()) {
                AggregateCall call = (AggregateCall) calls.next();
                if (!AGGREGATES.contains(call.getAggregation())) {
                    throw new UnsupportedOperationException(
                            "Unable to find binding for call " + call);
                }
            }
        } else if (node instanceof LogicalSort) {
            LogicalSort sort = (LogicalSort) node;
            if (sort.offset != null) {
                expr(sort.offset);
            }
            if (sort.fetch != null) {
                expr(sort.fetch);
            }
        }
    }

    private static void rowType(RelDataType type) {
        Iterator fields = type.getFieldList().iterator();
        while (fields.hasNext()) {
            substraitType(((RelDataTypeField) fields.next()).getType());
        }
    }

    private static void exprs(List nodes) {
        Iterator it = nodes.iterator();
        while (it.hasNext()) {
            expr((RexNode) it.next());
        }
    }

    private static void expr(RexNode node) {
        if (node instanceof RexSubQuery) {
            subQuery((RexSubQuery) node);
        } else if (node instanceof RexOver) {
            over((RexOver) node);
        } else if (node instanceof RexCall) {
            call((RexCall) node);
        } else if (node instanceof RexDynamicParam) {
            throw new UnsupportedOperationException("RexDynamicParam not supported");
        } else if (node instanceof RexCorrelVariable) {
            throw new UnsupportedOperationException("RexCorrelVariable not supported");
        } else if (node instanceof RexFieldAccess) {
            RexNode reference = ((RexFieldAccess) node).getReferenceExpr();
            if (!(reference instanceof RexCorrelVariable)) {
                expr(reference);
            }
        } else if (!(node instanceof RexInputRef) && !(node instanceof RexLiteral)) {
            throw new UnsupportedOperationException(
                    node.getClass().getSimpleName() + " not supported");
        }
    }

    private static void call(RexCall call) {
        SqlKind kind = call.getKind();
        boolean converted = kind == SqlKind.CASE || kind == SqlKind.CAST
                || kind == SqlKind.REINTERPRET || kind == SqlKind.SEARCH
                || kind == SqlKind.ROW || kind == SqlKind.ARRAY_VALUE_CONSTRUCTOR
                || kind == SqlKind.MAP_VALUE_CONSTRUCTOR
                || (SCALARS.contains(call.getOperator()) && arityMapped(call));
        if (!converted) {
            throw new IllegalArgumentException(conversionFailure(call));
        }
        exprs(call.getOperands());
    }

    /** Whether Substrait has a signature with this call's number of arguments. */
    private static boolean arityMapped(RexCall call) {
        SqlOperator op = call.getOperator();
        int arity = call.getOperands().size();
        if (op == SqlStdOperatorTable.FLOOR || op == SqlStdOperatorTable.CEIL) {
            return arity == 1;
        }
        if (op == SqlStdOperatorTable.ROUND || op == SqlStdOperatorTable.LIKE) {
            return arity == 2;
        }
        return true;
    }

    private static void over(RexOver over) {
        if (over.ignoreNulls()) {
            throw new IllegalArgumentException("IGNORE NULLS cannot be expressed in Substrait");
        }
        if (!WINDOWS.contains(over.getAggOperator())) {
            throw new IllegalArgumentException(conversionFailure(over));
        }
        exprs(over.getOperands());
        RexWindow window = over.getWindow();
        exprs(window.partitionKeys);
        Iterator keys = window.orderKeys.iterator();
        while (keys.hasNext()) {
            expr((RexNode) ((RexFieldCollation) keys.next()).left);
        }
    }

    private static void subQuery(RexSubQuery subQuery) {
        SqlKind kind = subQuery.getKind();
        if (kind != SqlKind.EXISTS && kind != SqlKind.UNIQUE && kind != SqlKind.SCALAR_QUERY
                && kind != SqlKind.IN) {
            throw new UnsupportedOperationException("RexSubQuery not supported");
        }
        rel(subQuery.rel);
        exprs(subQuery.getOperands());
    }

    private static String conversionFailure(RexCall call) {
        StringBuilder message = new StringBuilder("Unable to convert call ");
        message.append(call.getOperator().getName()).append('(');
        List operands = call.getOperands();
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                message.append(", ");
            }
            RelDataType type = ((RexNode) operands.get(i)).getType();
            try {
                message.append(substraitType(type));
            } catch (UnsupportedOperationException e) {
                message.append(type.getFullTypeString());
            }
        }
        return message.append(").").toString();
    }

    /**
     * The Substrait name of a Calcite type, as isthmus prints it in its messages.
     *
     * @throws UnsupportedOperationException the type has no Substrait counterpart
     */
    private static String substraitType(RelDataType type) {
        String name;
        SqlTypeName sqlType = type.getSqlTypeName();
        switch (sqlType) {
            case BOOLEAN: name = "boolean"; break;
            case TINYINT: name = "i8"; break;
            case SMALLINT: name = "i16"; break;
            case INTEGER: name = "i32"; break;
            case BIGINT: name = "i64"; break;
            case REAL: name = "fp32"; break;
            case FLOAT:
            case DOUBLE: name = "fp64"; break;
            case DECIMAL: name = "decimal<" + type.getPrecision() + "," + type.getScale() + ">"; break;
            case CHAR: name = "char<" + type.getPrecision() + ">"; break;
            case VARCHAR:
                name = type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? "string"
                        : "varchar<" + type.getPrecision() + ">";
                break;
            case SYMBOL: name = "string"; break;
            case DATE: name = "date"; break;
            case TIME: name = "time"; break;
            case TIMESTAMP: name = "precision_timestamp<" + type.getPrecision() + ">"; break;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                name = "precision_timestamp_tz<" + type.getPrecision() + ">";
                break;
            case VARBINARY: name = "binary"; break;
            case BINARY: name = "fixedbinary<" + type.getPrecision() + ">"; break;
            case ARRAY: name = "list<" + substraitType(type.getComponentType()) + ">"; break;
            case MAP:
                name = "map<" + substraitType(type.getKeyType()) + ","
                        + substraitType(type.getValueType()) + ">";
                break;
            case ROW:
                StringBuilder fields = new StringBuilder("struct<");
                Iterator it = type.getFieldList().iterator();
                while (it.hasNext()) {
                    fields.append(substraitType(((RelDataTypeField) it.next()).getType()));
                    if (it.hasNext()) {
                        fields.append(", ");
                    }
                }
                name = fields.append('>').toString();
                break;
            default:
                if (SqlTypeName.YEAR_INTERVAL_TYPES.contains(sqlType)) {
                    name = "interval_year";
                } else if (SqlTypeName.DAY_INTERVAL_TYPES.contains(sqlType)) {
                    name = "interval_day";
                } else {
                    throw new UnsupportedOperationException(
                            "Unable to convert the type " + type.toString());
                }
        }
        return type.isNullable() ? name + "?" : name;
    }
}
