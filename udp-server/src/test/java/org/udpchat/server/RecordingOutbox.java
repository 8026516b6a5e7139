package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;

/**
 * An {@link Outbox} that records every datagram the relay hands it. It copies the buffer's remaining bytes
 * with an absolute get, leaving the position where it was, as the contract requires: the relay encodes a
 * broadcast once and hands the same buffer to every recipient, so an outbox that consumed it would send
 * an empty datagram to everyone after the first. A native datagram is read at once, as its client reads it
 * ({@link ClientKeys}: sealed ones opened with the client's keys, which allow each to be opened only once),
 * and kept read.
 */
final class RecordingOutbox implements Outbox {

    /** One datagram as it left: its bytes, and the buffer and position the relay handed over. */
    record Datagram(InetSocketAddress to, byte[] bytes, ByteBuffer buffer, int position, Object read) {

        /** The native packet as its client read it; fails if it could not read it. */
        Packet packet() {
            if (read instanceof Packet packet) {
                return packet;
            }
            if (read instanceof AssertionError failure) {
                throw new AssertionError("to " + to + ": " + failure.getMessage(), failure);
            }
            throw new AssertionError("not a native datagram to " + to);
        }

        boolean isNative() {
            return read != null;
        }

        /** A copy: what was sent stays as it was. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        int size() {
            return bytes.length;
        }

        /** The datagram as a client reads it: {@code OK}, {@code EXIT} or the line's text. */
        String text() {
            ServerPacket packet;
            try {
                packet = ClassicCodec.decodeServerPacket(ByteBuffer.wrap(bytes));
            } catch (MalformedPacketException e) {
                throw new AssertionError("the relay sent a datagram a client cannot decode to " + to, e);
            }
            if (packet instanceof ServerPacket.Ok) {
                return ClassicCodec.OK;
            } else if (packet instanceof ServerPacket.Exit) {
                return ClassicCodec.EXIT;
            } else if (packet instanceof ServerPacket.Line line) {
                return line.text();
            }
            throw new AssertionError(packet);
        }

        @Override
        public String toString() {
            return to + " <- " + text();
        }
    }

    private final List<Datagram> sent = new ArrayList<>();
    private final ClientKeys keys = new ClientKeys();
    private final Set<InetSocketAddress> unreachable = new HashSet<>();

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress to) {
        int position = datagram.position();
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(position, bytes);
        Object read = null;
        if (NativeCodec.isNative(ByteBuffer.wrap(bytes))) {
            try {
                read = keys.open(bytes);
            } catch (AssertionError e) {
                read = e;
            }
        }
        sent.add(new Datagram(to, bytes, datagram, position, read));
        return !unreachable.contains(to);
    }

    /** The clients' keys, with which what is sealed is read as it is sent. */
    ClientKeys keys() {
        return keys;
    }

    /** Sends to {@code address} fail from now on, as a socket refusing them would. */
    void makeUnreachable(InetSocketAddress address) {
        unreachable.add(address);
    }

    List<Datagram> all() {
        return List.copyOf(sent);
    }

    List<Datagram> to(InetSocketAddress address) {
        return sent.stream().filter(d -> d.to().equals(address)).collect(Collectors.toList());
    }

    /** What {@code address} received, in order, as its client reads it. */
    List<String> textsTo(InetSocketAddress address) {
        return to(address).stream().map(Datagram::text).collect(Collectors.toList());
    }

    /** What {@code address} received, in order, as a native client reads it (sealed ones opened). */
    List<Packet> packetsTo(InetSocketAddress address) {
        return to(address).stream().map(Datagram::packet).collect(Collectors.toList());
    }

    /** The last native datagram {@code address} received; fails when it received none. */
    Packet last(InetSocketAddress address) {
        List<Packet> packets = packetsTo(address);
        if (packets.isEmpty()) {
            throw new AssertionError("nothing was sent to " + address);
        }
        return packets.get(packets.size() - 1);
    }

    /** The room events {@code address} received, in the order they were sent (resends included). */
    List<RoomEvent> eventsTo(InetSocketAddress address) {
        return packetsTo(address).stream()
                .filter(NativeServerPacket.Event.class::isInstance)
                .map(p -> ((NativeServerPacket.Event) p).event())
                .collect(Collectors.toList());
    }

    void clear() {
        sent.clear();
    }
}
