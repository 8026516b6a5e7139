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
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;

/**
 * An {@link Outbox} that records every datagram the relay hands it. It copies the buffer's remaining bytes
 * with an absolute get, leaving the position where it was, as the contract requires: the relay encodes a
 * broadcast once and hands the same buffer to every recipient, so an outbox that consumed it would send
 * an empty datagram to everyone after the first.
 */
final class RecordingOutbox implements Outbox {

    /** One datagram as it left: its bytes, and the buffer and position the relay handed over. */
    record Datagram(InetSocketAddress to, byte[] bytes, ByteBuffer buffer, int position) {

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
    private final Set<InetSocketAddress> unreachable = new HashSet<>();

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress to) {
        int position = datagram.position();
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(position, bytes);
        sent.add(new Datagram(to, bytes, datagram, position));
        return !unreachable.contains(to);
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

    /** What {@code address} received, in order, as a native client decodes it. */
    List<NativeServerPacket> packetsTo(InetSocketAddress address) {
        return to(address).stream().map(d -> NativePeer.decode(d.bytes())).collect(Collectors.toList());
    }

    /** The last native datagram {@code address} received; fails when it received none. */
    NativeServerPacket last(InetSocketAddress address) {
        List<NativeServerPacket> packets = packetsTo(address);
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
