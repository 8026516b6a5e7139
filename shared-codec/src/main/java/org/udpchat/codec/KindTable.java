package org.udpchat.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One family of wire kinds (client packet types, server packet types, event kinds, request kinds), as a
 * table: a row per kind holds its one-byte code, its record class, how it writes its fields and how it
 * reads them. Encoding finds the row by the record's class, decoding by the code; a kind's length is its
 * writer run against a {@linkplain FieldWriter#counting() counting writer}. So adding a kind is adding its
 * record and its row, and the table refuses, when its class loads, a family with a record but no row.
 *
 * @param <T> the family's sealed interface
 */
final class KindTable<T> {

    /** Writes a kind's fields, after its code. */
    interface Writer<R> {
        void write(R value, FieldWriter out);
    }

    /** Reads a kind's fields, after its code. */
    interface Reader<R> {
        R read(FieldReader in) throws MalformedPacketException;
    }

    /** One kind: its code, its record class, and its fields' writer and reader, side by side. */
    record Row<T, R extends T>(int code, Class<R> type, Writer<? super R> writer, Reader<? extends R> reader) {

        void write(T value, FieldWriter out) {
            writer.write(type.cast(value), out);
        }
    }

    private final Map<Class<?>, Row<T, ?>> byType = new HashMap<>();

    @SuppressWarnings("unchecked") // an array of a generic type; only rows of T go in
    private final Row<T, ?>[] byCode = (Row<T, ?>[]) new Row<?, ?>[256];

    private final IntFunction<String> unknown;

    /**
     * @param family the sealed interface, every permitted record of which must have a row
     * @param unknown the rejection's message for a code no row has
     */
    @SafeVarargs
    KindTable(Class<T> family, IntFunction<String> unknown, Row<T, ?>... rows) {
        this.unknown = unknown;
        for (Row<T, ?> row : rows) {
            if (byCode[row.code()] != null) {
                throw new IllegalStateException("two rows for code " + row.code());
            }
            if (byType.put(row.type(), row) != null) {
                throw new IllegalStateException("two rows for " + row.type().getSimpleName());
            }
            byCode[row.code()] = row;
        }
        List<String> missing = Arrays.stream(family.getPermittedSubclasses())
                .filter(type -> !byType.containsKey(type))
                .map(Class::getSimpleName)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no row for " + missing);
        }
    }

    /** A row for records of {@code type}. */
    static <T, R extends T> Row<T, R> row(
            int code, Class<R> type, Writer<? super R> writer, Reader<? extends R> reader) {
        return new Row<>(code, type, writer, reader);
    }

    /** Writes {@code value}'s code, then its fields. */
    void write(T value, FieldWriter out) {
        write(rowOf(value), value, out);
    }

    /** How many bytes {@link #write} writes for {@code value}. */
    int length(T value) {
        FieldWriter counter = FieldWriter.counting();
        write(value, counter);
        return counter.length();
    }

    /** What {@link #write} writes for {@code value}, in an array of exactly its length. */
    byte[] toArray(T value) {
        Row<T, ?> row = rowOf(value);
        FieldWriter counter = FieldWriter.counting();
        write(row, value, counter);
        byte[] bytes = new byte[counter.length()];
        write(row, value, FieldWriter.into(ByteBuffer.wrap(bytes)));
        return bytes;
    }

    private Row<T, ?> rowOf(T value) {
        Row<T, ?> row = byType.get(value.getClass());
        if (row == null) {
            throw new AssertionError(value); // the family is sealed, and every record of it has a row
        }
        return row;
    }

    private static <T> void write(Row<T, ?> row, T value, FieldWriter out) {
        out.u8(row.code());
        row.write(value, out);
    }

    /** Reads the fields of the kind with {@code code}, which the caller has read. */
    T read(int code, FieldReader in) throws MalformedPacketException {
        Row<T, ?> row = byCode[code];
        if (row == null) {
            throw new MalformedPacketException(MalformedPacketException.Reason.UNKNOWN_TYPE, unknown.apply(code));
        }
        return row.reader().read(in);
    }
}
