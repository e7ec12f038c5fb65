package ibismill.calcite;

import java.io.StringReader;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableIntersect;
import org.apache.calcite.adapter.enumerable.EnumerableMinus;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.linq4j.tree.ClassDeclaration;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.runtime.ArrayBindable;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Typed;
import org.apache.calcite.runtime.Utilities;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.CompilerFactoryFactory;
import org.codehaus.commons.compiler.IClassBodyEvaluator;
import org.codehaus.commons.compiler.InternalCompilerException;

/**
 * Works around two defects of Calcite 1.29's enumerable engine, so that plans run with the
 * results the SQL defines.
 *
 * <p>{@link #frameBoundedNthValue}: 1.29 implements {@code NTH_VALUE(x, n)} as the value of
 * the n-th row from the frame start if that row is in the partition, not if it is in the
 * frame, so a frame holding fewer than n rows yields a later row instead of NULL.
 *
 * <p>{@link #bindable}: after a one-column input of INTERSECT or EXCEPT (rows as bare values,
 * the SCALAR format), 1.29 asks the next inputs for rows in its CUSTOM format (generated
 * record classes), and its code for such rows does not compile (records built with a
 * constructor the record classes lack since CALCITE-1097) or cannot be generated (an
 * aggregate's CUSTOM rows read as a record). One-column rows are bare values whichever format
 * is asked for, so those inputs are asked for the ARRAY format that every other input gets.
 * Compiled at run time by Janino, so it is written without lambdas and with explicit casts.
 */
public final class EnumerableFixes {
    private EnumerableFixes() {
    }

    /**
     * Rewrites every nullable {@code NTH_VALUE(x, n) OVER w} of a logical plan (subqueries
     * included) to {@code CASE WHEN COUNT(*) OVER w >= n THEN NTH_VALUE(x, n) OVER w END}.
     *
     * <p>A frame is a run of consecutive rows of its partition, so the n-th row from its start
     * is in the frame exactly when the frame holds at least n rows; otherwise the answer is
     * NULL. An NTH_VALUE that Calcite types NOT NULL (its argument is NOT NULL and its frame is
     * never empty) cannot hold that NULL and is left as it is.
     */
    public static RelNode frameBoundedNthValue(RelNode plan) {
        return plan.accept(new NthValueRelShuttle());
    }

    /**
     * Generates the Java code of an enumerable plan and compiles it, as
     * {@code EnumerableInterpretable.toBindable} does with {@link EnumerableRel.Prefer#ARRAY},
     * except that INTERSECT and EXCEPT inputs after a one-column input are asked for ARRAY rows.
     *
     * @param parameters receives the values the code reads from the data context by name
     * @throws RuntimeException "Error while compiling generated Java code:" and the source, with
     *     Janino's {@link CompileException} or {@link InternalCompilerException} as the cause,
     *     when the code does not compile
     */
    public static Bindable bindable(EnumerableRel plan, Map parameters) throws Exception {
        EnumerableRelImplementor implementor =
                new SetOpInputsImplementor(plan.getCluster().getRexBuilder(), parameters);
        ClassDeclaration code = implementor.implementRoot(plan, EnumerableRel.Prefer.ARRAY);
        String body = Expressions.toString(code.memberDeclarations, "\n", false);
        ClassLoader loader = EnumerableInterpretable.class.getClassLoader();
        IClassBodyEvaluator evaluator =
                CompilerFactoryFactory.getDefaultCompilerFactory(loader).newClassBodyEvaluator();
        evaluator.setClassName(code.name);
        evaluator.setExtendedClass(Utilities.class);
        evaluator.setImplementedInterfaces(plan.getRowType().getFieldCount() == 1
                ? new Class[] {Bindable.class, Typed.class}
                : new Class[] {ArrayBindable.class});
        evaluator.setParentClassLoader(loader);
        try {
            return (Bindable) evaluator.createInstance(new StringReader(body));
        } catch (CompileException e) {
            throw new RuntimeException("Error while compiling generated Java code:\n" + body, e);
        } catch (InternalCompilerException e) {
            throw new RuntimeException("Error while compiling generated Java code:\n" + body, e);
        }
    }

    /**
     * Implements INTERSECT and EXCEPT inputs after a one-column (SCALAR) input in the ARRAY
     * format rather than Calcite 1.29's CUSTOM; they too yield SCALAR rows, as the set
     * operation needs, which is checked.
     */
    private static final class SetOpInputsImplementor extends EnumerableRelImplementor {
        /** The row format of the last implemented input of each INTERSECT and EXCEPT. */
        private final Map lastInputFormat = new IdentityHashMap();

        SetOpInputsImplementor(RexBuilder rexBuilder, Map parameters) {
            super(rexBuilder, parameters);
        }

        @Override
        public EnumerableRel.Result visitChild(EnumerableRel parent, int ordinal,
                EnumerableRel child, EnumerableRel.Prefer prefer) {
            if (!(parent instanceof EnumerableIntersect || parent instanceof EnumerableMinus)) {
                return super.visitChild(parent, ordinal, child, prefer);
            }
            boolean scalar = ordinal > 0 && prefer == EnumerableRel.Prefer.CUSTOM
                    && lastInputFormat.get(parent) == JavaRowFormat.SCALAR;
            EnumerableRel.Result result = super.visitChild(parent, ordinal, child,
                    scalar ? EnumerableRel.Prefer.ARRAY : prefer);
            if (scalar && result.format != JavaRowFormat.SCALAR) {
                throw new IllegalStateException("Input " + ordinal + " of "
                        + parent.getRelTypeName() + " has rows in the " + result.format
                        + " format, not as single values");
            }
            lastInputFormat.put(parent, result.format);
            return result;
        }
    }

    /** Applies {@link NthValueRexShuttle} to every node of a plan. */
    private static final class NthValueRelShuttle extends RelHomogeneousShuttle {
        @Override
        public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            RexBuilder rexBuilder = visited.getCluster().getRexBuilder();
            return visited.accept(new NthValueRexShuttle(rexBuilder, this));
        }
    }

    /** Guards nullable NTH_VALUE calls with the frame's row count; rewrites subquery plans. */
    private static final class NthValueRexShuttle extends RexShuttle {
        private final RexBuilder rexBuilder;
        private final NthValueRelShuttle plans;

        NthValueRexShuttle(RexBuilder rexBuilder, NthValueRelShuttle plans) {
            this.rexBuilder = rexBuilder;
            this.plans = plans;
        }

        @Override
        public RexNode visitSubQuery(RexSubQuery subQuery) {
            RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
            RelNode plan = visited.rel.accept(plans);
            return plan == visited.rel ? visited : visited.clone(plan);
        }

        @Override
        public RexNode visitOver(RexOver over) {
            RexNode visited = super.visitOver(over);
            if (!(visited instanceof RexOver)) {
                return visited;
            }
            RexOver nth = (RexOver) visited;
            if (nth.getAggOperator().getKind() != SqlKind.NTH_VALUE
                    || !nth.getType().isNullable()) {
                return nth;
            }
            RexWindow window = nth.getWindow();
            RexNode rows = rexBuilder.makeOver(
                    rexBuilder.getTypeFactory().createSqlType(SqlTypeName.BIGINT),
                    SqlStdOperatorTable.COUNT, Collections.EMPTY_LIST, window.partitionKeys,
                    window.orderKeys, window.getLowerBound(), window.getUpperBound(),
                    window.isRows(), true, false, false, false);
            RexNode enough = rexBuilder.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
                    rows, (RexNode) nth.getOperands().get(1));
            RexNode otherwise = rexBuilder.makeNullLiteral(nth.getType());
            return rexBuilder.makeCall(nth.getType(), SqlStdOperatorTable.CASE,
                    Arrays.asList(new RexNode[] {enough, nth, otherwise}));
        }
    }
}
