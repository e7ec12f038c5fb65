package ibismill.calcite;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.Lex;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.Programs;

/**
 * Plans SQL the way Mill does and runs the plans on Calcite's enumerable engine.
 *
 * <p>Parser: Calcite's default configuration with DEFAULT conformance, then
 * {@code Lex.ORACLE} (unquoted names folded to upper case, quoted names kept, case-sensitive
 * matching), then back-tick quoting, in the order Mill applies them. Validator: the standard
 * operator table only. Conversion: subqueries kept as expressions ({@code expand = false}, the
 * Calcite 1.41 default Mill runs on), then {@link SubstraitGate} in place of Mill's Substrait
 * round trip. Compiled at run time by Janino, so it is written without lambdas and with
 * explicit casts.
 */
public final class MillPlanner {
    private final FrameworkConfig config;
    private final SchemaPlus rootSchema;

    /**
     * Creates a planner over a root schema whose sub-schemas hold the tables.
     */
    public MillPlanner(SchemaPlus rootSchema) {
        this.rootSchema = rootSchema;
        SqlParser.Config parser = SqlParser.Config.DEFAULT
                .withConformance(SqlConformanceEnum.DEFAULT)
                .withCaseSensitive(true)
                .withLex(Lex.ORACLE)
                .withQuoting(Quoting.BACK_TICK);
        this.config = Frameworks.newConfigBuilder()
                .parserConfig(parser)
                .defaultSchema(rootSchema)
                .operatorTable(SqlStdOperatorTable.instance())
                .sqlToRelConverterConfig(SqlToRelConverter.config().withExpand(false))
                .programs(new org.apache.calcite.tools.Program[] {Programs.standard()})
                .build();
    }

    /**
     * Parses, validates, converts and gates one statement.
     *
     * @throws Exception what Mill would answer with INVALID_ARGUMENT: a SqlParseException, a
     *     ValidationException, a RelConversionException or a {@link SubstraitGate} refusal
     */
    public Query prepare(String sql) throws Exception {
        Planner planner = Frameworks.getPlanner(config);
        SqlNode parsed = planner.parse(sql);
        SqlNode validated = planner.validate(parsed);
        RelRoot root = planner.rel(validated);
        SubstraitGate.check(root);
        return new Query(planner, root, rootSchema);
    }

    /** A statement that passed the gate, ready to describe or run. */
    public static final class Query {
        private final Planner planner;
        private final RelRoot root;
        private final SchemaPlus rootSchema;
        private final List fields;

        Query(Planner planner, RelRoot root, SchemaPlus rootSchema) {
            this.planner = planner;
            this.root = root;
            this.rootSchema = rootSchema;
            this.fields = root.validatedRowType.getFieldList();
        }

        /** The number of result columns. */
        public int width() {
            return fields.size();
        }

        /** The result column name, as Calcite names it ({@code EXPR$0} when unaliased). */
        public String name(int i) {
            return field(i).getName();
        }

        /** The SqlTypeName of a result column. */
        public String typeName(int i) {
            return field(i).getType().getSqlTypeName().getName();
        }

        /** The JDBC type code of a result column. */
        public int jdbcType(int i) {
            return field(i).getType().getSqlTypeName().getJdbcOrdinal();
        }

        /** Whether a result column may hold NULL. */
        public boolean nullable(int i) {
            return field(i).getType().isNullable();
        }

        private RelDataTypeField field(int i) {
            return (RelDataTypeField) fields.get(i);
        }

        /**
         * Optimises the plan into Calcite's enumerable convention and starts running it.
         *
         * @param kinds the {@link ResultCursor} storage kind of each result column
         */
        public ResultCursor open(int[] kinds) throws Exception {
            RelNode logical = EnumerableFixes.frameBoundedNthValue(root.project());
            RelNode physical = planner.transform(0,
                    logical.getTraitSet().replace(EnumerableConvention.INSTANCE).simplify(),
                    logical);
            Map parameters = new HashMap();
            Bindable bindable = EnumerableFixes.bindable((EnumerableRel) physical, parameters);
            JavaTypeFactory typeFactory = (JavaTypeFactory) planner.getTypeFactory();
            return new ResultCursor(
                    bindable.bind(new Context(rootSchema, typeFactory, parameters)).enumerator(),
                    kinds);
        }
    }

    /** What Calcite's generated code reads while a query runs; time runs in UTC. */
    private static final class Context implements DataContext {
        private final SchemaPlus rootSchema;
        private final JavaTypeFactory typeFactory;
        private final Map variables = new HashMap();

        Context(SchemaPlus rootSchema, JavaTypeFactory typeFactory, Map parameters) {
            this.rootSchema = rootSchema;
            this.typeFactory = typeFactory;
            variables.putAll(parameters);
            variables.put(DataContext.Variable.TIME_ZONE.camelName, TimeZone.getTimeZone("UTC"));
            variables.put(DataContext.Variable.LOCALE.camelName, Locale.ROOT);
            variables.put(DataContext.Variable.CANCEL_FLAG.camelName, new AtomicBoolean(false));
        }

        @Override
        public SchemaPlus getRootSchema() {
            return rootSchema;
        }

        @Override
        public JavaTypeFactory getTypeFactory() {
            return typeFactory;
        }

        @Override
        public QueryProvider getQueryProvider() {
            return null;
        }

        @Override
        public Object get(String name) {
            return variables.get(name);
        }
    }
}
