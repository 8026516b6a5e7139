package org.udpchat.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * One family of wire kinds (client packet types, server packet types, event kinds, request kinds), as a
 * table: a row per kind holds its one-byte code, its record class, how it writes its fields and how it
 * reads them. Encoding finds the row by the record's class, decoding by the code; a kind's length is its
 * writer run against a {@linkplain FieldWriter#counting() counting writer}. So adding a kind is adding its
 * record and its row, and the table refuses, when its class loads, a family with a record but no row.
 *
 * <p>A code no row has is rejected, unless the family has an {@link Unlisted} record: the one record
 * without a row, which stands for every code the table does not know (events, so that an older client
 * can acknowledge a newer server's kinds instead of refusing them for ever).
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

    /**
     * The record of a family that stands for every code without a row: on the wire its code alone, since
     * nothing else of it can be known; reading it skips what follows the code. {@code make} refuses (with
     * an {@link IllegalArgumentException}) a code no kind can have, which is then rejected as unknown.
     */
    record Unlisted<T, R extends T>(Class<R> type, ToIntFunction<? super R> code, IntFunction<? extends R> make) {

        int codeOf(T value) {
            return code.applyAsInt(type.cast(value));
        }
    }

    private final Map<Class<?>, Row<T, ?>> byType = new HashMap<>();

    @SuppressWarnings("unchecked") // an array of a generic type; only rows of T go in
    private final Row<T, ?>[] byCode = (Row<T, ?>[]) new Row<?, ?>[256];

    private final IntFunction<String> unknown;

    private final Unlisted<T, ?> unlisted;

    /**
     * @param family the sealed interface, every permitted record of which must have a row
     * @param unknown the rejection's message for a code no row has
     */
    @SafeVarargs
    KindTable(Class<T> family, IntFunction<String> unknown, Row<T, ?>... rows) {
        this(family, unknown, (Unlisted<T, ?>) null, rows);
    }

    /**
     * @param family the sealed interface, every permitted record of which but {@code unlisted}'s must
     *     have a row
     * @param unknown the rejection's message for a code no row has and {@code unlisted} refuses
     * @param unlisted the record for codes no row has, or null to reject them all
     */
    @SafeVarargs
    KindTable(Class<T> family, IntFunction<String> unknown, Unlisted<T, ?> unlisted, Row<T, ?>... rows) {
        this.unknown = unknown;
        this.unlisted = unlisted;
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
                .filter(type -> unlisted == null || type != unlisted.type())
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
        Row<T, ?> row = byType.get(value.getClass());
        if (row != null) {
            out.u8(row.code());
            row.write(value, out);
        } else if (unlisted != null && unlisted.type() == value.getClass()) {
            out.u8(unlisted.codeOf(value));
        } else {
            throw new AssertionError(value); // the family is sealed, and each record has a row or is unlisted
        }
    }

    /** How many bytes {@link #write} writes for {@code value}. */
    int length(T value) {
        FieldWriter counter = FieldWriter.counting();
        write(value, counter);
        return counter.length();
    }

    /** What {@link #write} writes for {@code value}, in an array of exactly its length. */
    byte[] toArray(T value) {
        byte[] bytes = new byte[length(value)];
        write(value, FieldWriter.into(ByteBuffer.wrap(bytes)));
        return bytes;
    }

    /** The code of the row for records of {@code type}. */
    int codeOf(Class<? extends T> type) {
        Row<T, ?> row = byType.get(type);
        if (row == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no row");
        }
        return row.code();
    }

    /** Whether a row has {@code code}. */
    boolean hasRow(int code) {
        return code >= 0 && code < byCode.length && byCode[code] != null;
    }

    /** Reads the fields of the kind with {@code code}, which the caller has read. */
    T read(int code, FieldReader in) throws MalformedPacketException {
        Row<T, ?> row = byCode[code];
        if (row != null) {
            return row.reader().read(in);
        }
        if (unlisted != null) {
            try {
                T value = unlisted.make().apply(code);
                in.skipRest(); // what a kind this side does not know carries cannot be read
                return value;
            } catch (IllegalArgumentException noKind) {
                // a code no kind can have: rejected as any unknown code is
            }
        }
        throw new MalformedPacketException(MalformedPacketException.Reason.UNKNOWN_TYPE, unknown.apply(code));
    }
}
