package ibismill.calcite;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Copies the rows of a query result into column arrays, one batch at a time.
 *
 * <p>Each column has a storage kind chosen by the caller from its SQL type: {@link #BOOLEAN}
 * (boolean[]), {@link #INT} (int[]: TINYINT, SMALLINT, INTEGER, DATE days, TIME milliseconds),
 * {@link #LONG} (long[]: BIGINT, TIMESTAMP epoch milliseconds), {@link #DOUBLE} (double[]: REAL,
 * FLOAT, DOUBLE, DECIMAL), {@link #TEXT} (UTF-8 bytes plus offsets) and {@link #BYTES} (raw
 * bytes plus offsets). After {@link #fetch(int)} the arrays of the batch are read with
 * {@link #values(int)}, {@link #nulls(int)} and {@link #offsets(int)}. Compiled at run time by
 * Janino, so it is written without lambdas and with explicit casts.
 */
public final class ResultCursor implements AutoCloseable {
    public static final int BOOLEAN = 0;
    public static final int INT = 1;
    public static final int LONG = 2;
    public static final int DOUBLE = 3;
    public static final int TEXT = 4;
    public static final int BYTES = 5;

    private final Enumerator rows;
    private final int[] kinds;
    private final Object[] values;
    private final boolean[][] nulls;
    private final int[][] offsets;
    private boolean exhausted;

    /**
     * Creates a cursor.
     *
     * @param rows the result rows: Object[] per row, or the bare value for a single column
     * @param kinds the storage kind of each column
     */
    public ResultCursor(Enumerator rows, int[] kinds) {
        this.rows = rows;
        this.kinds = kinds;
        this.values = new Object[kinds.length];
        this.nulls = new boolean[kinds.length][];
        this.offsets = new int[kinds.length][];
    }

    /**
     * Reads up to {@code maxRows} rows into fresh column arrays.
     *
     * @return the number of rows read; 0 once the result is exhausted
     */
    public int fetch(int maxRows) {
        int width = kinds.length;
        boolean[][] batchNulls = new boolean[width][maxRows];
        boolean[] anyNull = new boolean[width];
        Object[] batch = new Object[width];
        Growable[] text = new Growable[width];
        int[][] batchOffsets = new int[width][];
        for (int c = 0; c < width; c++) {
            switch (kinds[c]) {
                case BOOLEAN: batch[c] = new boolean[maxRows]; break;
                case INT: batch[c] = new int[maxRows]; break;
                case LONG: batch[c] = new long[maxRows]; break;
                case DOUBLE: batch[c] = new double[maxRows]; break;
                default:
                    text[c] = new Growable();
                    batchOffsets[c] = new int[maxRows + 1];
            }
        }
        int n = 0;
        while (n < maxRows && !exhausted) {
            if (!rows.moveNext()) {
                exhausted = true;
                break;
            }
            Object current = rows.current();
            Object[] row = width == 1 && !(current instanceof Object[])
                    ? new Object[] {current} : (Object[]) current;
            for (int c = 0; c < width; c++) {
                Object v = row[c];
                if (v == null) {
                    batchNulls[c][n] = true;
                    anyNull[c] = true;
                } else {
                    store(c, batch[c], text[c], n, v);
                }
                if (text[c] != null) {
                    batchOffsets[c][n + 1] = text[c].size;
                }
            }
            n++;
        }
        for (int c = 0; c < width; c++) {
            nulls[c] = anyNull[c] ? Arrays.copyOf(batchNulls[c], n) : null;
            if (text[c] != null) {
                values[c] = Arrays.copyOf(text[c].bytes, text[c].size);
                offsets[c] = Arrays.copyOf(batchOffsets[c], n + 1);
            } else {
                values[c] = n == maxRows ? batch[c] : trim(batch[c], n);
                offsets[c] = null;
            }
        }
        return n;
    }

    private void store(int c, Object target, Growable text, int n, Object v) {
        switch (kinds[c]) {
            case BOOLEAN:
                ((boolean[]) target)[n] = ((Boolean) v).booleanValue();
                break;
            case INT:
                ((int[]) target)[n] = ((Number) v).intValue();
                break;
            case LONG:
                ((long[]) target)[n] = ((Number) v).longValue();
                break;
            case DOUBLE:
                ((double[]) target)[n] = v instanceof BigDecimal
                        ? ((BigDecimal) v).doubleValue() : ((Number) v).doubleValue();
                break;
            case TEXT:
                text.append(v.toString().getBytes(StandardCharsets.UTF_8));
                break;
            default:
                text.append(((ByteString) v).getBytes());
        }
    }

    private static Object trim(Object array, int n) {
        if (array instanceof boolean[]) {
            return Arrays.copyOf((boolean[]) array, n);
        }
        if (array instanceof int[]) {
            return Arrays.copyOf((int[]) array, n);
        }
        if (array instanceof long[]) {
            return Arrays.copyOf((long[]) array, n);
        }
        return Arrays.copyOf((double[]) array, n);
    }

    /** The values of column {@code c} in the last batch (bytes for TEXT and BYTES). */
    public Object values(int c) {
        return values[c];
    }

    /** The null mask of column {@code c} in the last batch, or null when none is null. */
    public boolean[] nulls(int c) {
        return nulls[c];
    }

    /** The n + 1 value offsets of a TEXT or BYTES column in the last batch. */
    public int[] offsets(int c) {
        return offsets[c];
    }

    @Override
    public void close() {
        rows.close();
    }

    /** A growable byte buffer. */
    private static final class Growable {
        byte[] bytes = new byte[1024];
        int size;

        void append(byte[] more) {
            if (size + more.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
        }
    }
}
