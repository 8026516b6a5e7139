package org.udpchat.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's questions to the nodes of a cluster and their answers, as bytes ({@link OperatorAcrossNodes}):
 * written and read by the same build on every node, so a plain sequence of fields, and a version byte in
 * front so that nodes of different builds refuse each other's bytes rather than misread them.
 */
final class OperatorWire {

    private static final int VERSION = 1;

    private OperatorWire() {}

    /** Something that writes fields. */
    @FunctionalInterface
    interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    /** Something that reads fields back. */
    @FunctionalInterface
    interface Reading<T> {
        T from(DataInputStream in) throws IOException;
    }

    static byte[] write(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static <T> T read(byte[] bytes, Reading<T> reading) {
        try {
            return reading.from(open(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields after the version byte (nothing to close: the bytes are in memory). */
    static DataInputStream open(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("bytes in version " + version + " of the operator's wire, not " + VERSION
                    + ": the nodes run different builds");
        }
        return in;
    }

    static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String string : strings) {
            out.writeUTF(string);
        }
    }

    static List<String> readStrings(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            strings.add(in.readUTF());
        }
        return strings;
    }

    static void writeAddress(DataOutputStream out, InetAddress address) throws IOException {
        byte[] raw = address == null ? new byte[0] : address.getAddress();
        out.writeByte(raw.length);
        out.write(raw);
    }

    static InetAddress readAddress(DataInputStream in) throws IOException {
        byte[] raw = new byte[in.readUnsignedByte()];
        in.readFully(raw);
        return raw.length == 0 ? null : InetAddress.getByAddress(raw);
    }

    static void writeTerm(DataOutputStream out, Term term) throws IOException {
        out.writeLong(term.isUntilLifted() ? -1 : term.length().toMillis());
    }

    static Term readTerm(DataInputStream in) throws IOException {
        long millis = in.readLong();
        return millis < 0 ? Term.UNTIL_LIFTED : Term.of(Duration.ofMillis(millis));
    }

    static void writeMembers(DataOutputStream out, List<MemberInfo> members) throws IOException {
        out.writeInt(members.size());
        for (MemberInfo member : members) {
            out.writeUTF(member.name());
            out.writeUTF(member.room());
            writeAddress(out, member.address().getAddress());
            out.writeShort(member.address().getPort());
            out.writeLong(member.idle().toMillis());
            out.writeBoolean(member.isNative());
        }
    }

    /** The members one node answered with, each marked as that node's. */
    static List<MemberInfo> readMembers(DataInputStream in, String node) throws IOException {
        int count = in.readInt();
        List<MemberInfo> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            String room = in.readUTF();
            InetSocketAddress address = new InetSocketAddress(readAddress(in), in.readUnsignedShort());
            members.add(new MemberInfo(name, room, address, Duration.ofMillis(in.readLong()), in.readBoolean(), node));
        }
        return members;
    }

    static void writeRooms(DataOutputStream out, List<RoomInfo> rooms) throws IOException {
        out.writeInt(rooms.size());
        for (RoomInfo room : rooms) {
            out.writeUTF(room.name());
            out.writeInt(room.members());
        }
    }

    static List<RoomInfo> readRooms(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<RoomInfo> rooms = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rooms.add(new RoomInfo(in.readUTF(), in.readInt()));
        }
        return rooms;
    }

    static void writeStats(DataOutputStream out, RelayStats stats) throws IOException {
        for (long value : new long[] {
            stats.members(),
            stats.nativeMembers(),
            stats.joins(),
            stats.rooms(),
            stats.datagramsIn(),
            stats.datagramsOut(),
            stats.bytesIn(),
            stats.bytesOut(),
            stats.retransmissions(),
            stats.handshakes()
        }) {
            out.writeLong(value);
        }
        out.writeInt(stats.drops().size());
        for (Map.Entry<DropReason, Long> drop : stats.drops().entrySet()) {
            out.writeUTF(drop.getKey().name());
            out.writeLong(drop.getValue());
        }
    }

    static RelayStats readStats(DataInputStream in) throws IOException {
        long[] values = new long[10];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String reason = in.readUTF();
            long dropped = in.readLong();
            try {
                drops.put(DropReason.valueOf(reason), dropped);
            } catch (IllegalArgumentException e) {
                throw new IOException("a drop reason this build does not know: " + reason);
            }
        }
        return new RelayStats(
                values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8],
                values[9], drops);
    }

    static void writeRestrictions(DataOutputStream out, List<Restriction> restrictions) throws IOException {
        out.writeInt(restrictions.size());
        for (Restriction restriction : restrictions) {
            out.writeUTF(restriction.subject());
            writeTerm(out, restriction.remaining());
            out.writeLong(restriction.imposed().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
        }
    }

    static List<Restriction> readRestrictions(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Restriction> restrictions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String subject = in.readUTF();
            Term remaining = readTerm(in);
            long imposed = in.readLong();
            restrictions.add(new Restriction(
                    subject,
                    remaining,
                    imposed == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(imposed))));
        }
        return restrictions;
    }
}
