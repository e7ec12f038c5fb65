package ibismill.calcite;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A Calcite table over columns copied from Arrow arrays.
 *
 * <p>Each column is one Java array in Calcite's internal representation (DATE as int days,
 * TIME as int milliseconds of the day, TIMESTAMP as long epoch milliseconds) plus an optional
 * null mask. The data comes from a {@link Supplier} (a Python callable) on the first scan, or
 * on the first look at the row type when the columns were not declared up front. Compiled at
 * run time by Janino, so it is written without lambdas and with explicit casts.
 */
public final class ColumnarTable extends AbstractTable implements ScannableTable {

    /** One column: its declaration and, once loaded, its values. */
    public static final class Column {
        final String name;
        final SqlTypeName type;
        final int precision;
        final int scale;
        final boolean nullable;
        final Object values;
        final boolean[] nulls;

        private Column(String name, String type, int precision, int scale, boolean nullable,
                Object values, boolean[] nulls) {
            this.name = name;
            this.type = SqlTypeName.valueOf(type);
            this.precision = precision;
            this.scale = scale;
            this.nullable = nullable;
            this.values = values;
            this.nulls = nulls;
        }

        /** Declares a column without values (for a row type known before loading). */
        public static Column declare(String name, String type, int precision, int scale,
                boolean nullable) {
            return new Column(name, type, precision, scale, nullable, null, null);
        }

        /**
         * A column over a primitive array: boolean[] for BOOLEAN, byte[] TINYINT, short[]
         * SMALLINT, int[] INTEGER, DATE and TIME, long[] BIGINT and TIMESTAMP, float[] REAL,
         * double[] FLOAT and DOUBLE. {@code nulls} is null when no value is null.
         */
        public static Column primitive(String name, String type, int precision, int scale,
                boolean nullable, Object values, boolean[] nulls) {
            return new Column(name, type, precision, scale, nullable, values, nulls);
        }

        /**
         * A column of VARCHAR, VARBINARY or DECIMAL values decoded from one byte buffer:
         * value {@code i} is {@code data[offsets[i]:offsets[i + 1]]} (UTF-8 text for VARCHAR,
         * the decimal's text for DECIMAL, raw bytes for VARBINARY).
         */
        public static Column sliced(String name, String type, int precision, int scale,
                boolean nullable, byte[] data, int[] offsets, boolean[] nulls) {
            SqlTypeName sqlType = SqlTypeName.valueOf(type);
            int rows = offsets.length - 1;
            Object[] values = new Object[rows];
            for (int i = 0; i < rows; i++) {
                if (nulls != null && nulls[i]) {
                    continue;
                }
                int start = offsets[i];
                int length = offsets[i + 1] - start;
                if (sqlType == SqlTypeName.VARBINARY || sqlType == SqlTypeName.BINARY) {
                    byte[] bytes = new byte[length];
                    System.arraycopy(data, start, bytes, 0, length);
                    values[i] = new ByteString(bytes);
                } else if (sqlType == SqlTypeName.DECIMAL) {
                    values[i] = new BigDecimal(new String(data, start, length, StandardCharsets.UTF_8));
                } else {
                    values[i] = new String(data, start, length, StandardCharsets.UTF_8);
                }
            }
            return new Column(name, type, precision, scale, nullable, values, null);
        }

        RelDataType toRelType(RelDataTypeFactory factory) {
            RelDataType base;
            if (precision >= 0 && scale >= 0) {
                base = factory.createSqlType(type, precision, scale);
            } else if (precision >= 0) {
                base = factory.createSqlType(type, precision);
            } else {
                base = factory.createSqlType(type);
            }
            return factory.createTypeWithNullability(base, nullable);
        }

        /** The value of row {@code i}, boxed as Calcite's generated code expects it. */
        Object get(int i) {
            if (nulls != null && nulls[i]) {
                return null;
            }
            if (values instanceof Object[]) {
                return ((Object[]) values)[i];
            }
            if (values instanceof long[]) {
                return Long.valueOf(((long[]) values)[i]);
            }
            if (values instanceof int[]) {
                return Integer.valueOf(((int[]) values)[i]);
            }
            if (values instanceof double[]) {
                return Double.valueOf(((double[]) values)[i]);
            }
            if (values instanceof boolean[]) {
                return Boolean.valueOf(((boolean[]) values)[i]);
            }
            if (values instanceof short[]) {
                return Short.valueOf(((short[]) values)[i]);
            }
            if (values instanceof byte[]) {
                return Byte.valueOf(((byte[]) values)[i]);
            }
            return Float.valueOf(((float[]) values)[i]);
        }
    }

    /** The loaded content of a table: its columns and row count. */
    public static final class Data {
        final int rowCount;
        final Column[] columns;

        /**
         * Creates loaded content.
         *
         * @param rowCount the number of rows
         * @param columns the {@link Column}s with their values (an Object[] because JPype cannot
         *     build arrays of classes that Janino defined)
         */
        public Data(int rowCount, Object[] columns) {
            this.rowCount = rowCount;
            this.columns = toColumns(columns);
        }
    }

    /** Thrown by a loader that failed; its message names the table and the cause. */
    public static final class LoadException extends RuntimeException {
        public LoadException(String message) {
            super(message);
        }
    }

    private final Supplier loader;
    private final double expectedRows;
    private volatile Column[] declared;
    private volatile Data data;

    /**
     * Creates a table.
     *
     * @param declared the {@link Column}s declared without values, or null to learn them by
     *     loading
     * @param expectedRows the row count if known before loading, else a negative number
     * @param loader returns the table's {@link Data}, or throws a {@link LoadException};
     *     called until it succeeds once
     */
    public ColumnarTable(Object[] declared, double expectedRows, Supplier loader) {
        this.declared = declared == null ? null : toColumns(declared);
        this.expectedRows = expectedRows;
        this.loader = loader;
    }

    private static Column[] toColumns(Object[] objects) {
        Column[] columns = new Column[objects.length];
        for (int i = 0; i < objects.length; i++) {
            columns[i] = (Column) objects[i];
        }
        return columns;
    }

    /**
     * Loads the data now if it is not loaded yet. One thread at a time runs the loader, until
     * it succeeds once; the columns declared up front stay the table's row type.
     */
    public Data load() {
        Data loaded = data;
        if (loaded == null) {
            synchronized (this) {
                loaded = data;
                if (loaded == null) {
                    loaded = (Data) loader.get();
                    if (declared != null && declared.length != loaded.columns.length) {
                        throw new IllegalStateException("The table was declared with "
                                + declared.length + " columns but loaded "
                                + loaded.columns.length);
                    }
                    if (declared == null) {
                        declared = loaded.columns;
                    }
                    data = loaded;
                }
            }
        }
        return loaded;
    }

    private Column[] columns() {
        Column[] columns = declared;
        return columns != null ? columns : load().columns;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        Column[] columns = columns();
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (int i = 0; i < columns.length; i++) {
            builder.add(columns[i].name, columns[i].toRelType(typeFactory));
        }
        return builder.build();
    }

    @Override
    public Statistic getStatistic() {
        Data loaded = data;
        double rows = loaded != null ? loaded.rowCount : expectedRows;
        return rows < 0 ? Statistics.UNKNOWN
                : Statistics.of(rows, java.util.Collections.emptyList());
    }

    @Override
    public Enumerable scan(DataContext root) {
        final Data loaded = load();
        return new AbstractEnumerable() {
            @Override
            public Enumerator enumerator() {
                return new RowEnumerator(loaded);
            }
        };
    }

    /** Walks the rows of loaded data, boxing one row at a time. */
    private static final class RowEnumerator implements Enumerator {
        private final Column[] columns;
        private final int rowCount;
        private int row = -1;
        private Object[] current;

        RowEnumerator(Data data) {
            this.columns = data.columns;
            this.rowCount = data.rowCount;
        }

        @Override
        public Object current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            if (row + 1 >= rowCount) {
                return false;
            }
            row++;
            Object[] values = new Object[columns.length];
            for (int c = 0; c < columns.length; c++) {
                values[c] = columns[c].get(row);
            }
            current = values;
            return true;
        }

        @Override
        public void reset() {
            row = -1;
            current = null;
        }

        @Override
        public void close() {
        }
    }
}
