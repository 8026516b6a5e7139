package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.exception.RetryableHazelcastException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The room sequencer's stamp on what it says of a room: an event's number, and a range of the room's history as
 * the room log answers it. Hazelcast lets any process that knows the cluster's name publish on a room's topic, so
 * an event's number must be proven to be its sequencer's: HMAC-SHA256 (cut to 128 bits, as GCM's tag) under a
 * key only the nodes that hold {@code server.key} have ({@link ClusterSeal} derives it, with a label of its own).
 *
 * <p>An event's stamp covers the room, its number, time and append id, and its sealed bytes: a rogue node can
 * neither renumber an event nor move it to another room, and a replayed one is the same event again, which a
 * node that has it ignores as a repeat. A range's stamp covers what was asked (the room, the numbers and the
 * asker's nonce, so an old answer cannot stand for a new one) and what was answered (the oldest and last numbers,
 * and each event's number and stamp).
 *
 * <p>The stamping node finds the stamp in its Hazelcast user context ({@link #onNode}), put there by its {@link
 * RoomLog}: it is never written with the entry processors that use it. Thread-safe: a {@link Mac} per call.
 */
public final class RoomStamp {

    /** A stamp's length: HMAC-SHA256's first 16 bytes, as strong against forgery as the seal's own tag. */
    static final int BYTES = 16;

    /** Where a node's {@link RoomLog} leaves the stamp for the entry processors that run on that node. */
    static final String CONTEXT_KEY = "udp-chat.room-stamp";

    private static final byte EVENT = 1;
    private static final byte RANGE = 2;

    private final SecretKeySpec key;

    /** @param key 32 bytes derived for this use only; zeroed here once copied */
    RoomStamp(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a room stamp key has 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
        Arrays.fill(key, (byte) 0);
    }

    /**
     * The stamp of the node that runs an entry processor. A node whose room log has not started yet (it joined the
     * cluster a moment ago, and was given partitions before its server wired its rooms) has none: the operation is
     * then retried by Hazelcast, as when it meets a partition on the move.
     */
    static RoomStamp onNode(HazelcastInstance node) {
        Object stamp = node == null ? null : node.getUserContext().get(CONTEXT_KEY);
        if (stamp instanceof RoomStamp) {
            return (RoomStamp) stamp;
        }
        throw new RetryableHazelcastException("this node's room log has not started: it cannot stamp room events yet");
    }

    /** The stamp of event {@code sequence} of {@code room}. */
    byte[] ofEvent(String room, long sequence, long time, long appendId, byte[] bytes) {
        Mac mac = start(EVENT, room);
        mac.update(longs(sequence, time, appendId));
        mac.update(bytes);
        return Arrays.copyOf(mac.doFinal(), BYTES);
    }

    /** Whether {@code event} is one this cluster's sequencer numbered so in {@code room}. */
    boolean isAuthentic(String room, RoomEvent event) {
        return MessageDigest.isEqual(
                ofEvent(room, event.sequence(), event.time(), event.appendId(), event.bytes()), event.stamp());
    }

    /** The stamp of the answer {@code oldest}, {@code last}, {@code events} to a range asked with {@code nonce}. */
    byte[] ofRange(String room, long nonce, long from, long to, long oldest, long last, List<RoomEvent> events) {
        Mac mac = start(RANGE, room);
        mac.update(longs(nonce, from, to, oldest, last, events.size()));
        for (RoomEvent event : events) {
            mac.update(longs(event.sequence()));
            mac.update(event.stamp());
        }
        return Arrays.copyOf(mac.doFinal(), BYTES);
    }

    /** Whether {@code range} is the answer this cluster's room log gave to the range asked with {@code nonce}. */
    boolean isAuthentic(String room, long nonce, long from, long to, RoomRange range) {
        return MessageDigest.isEqual(
                ofRange(room, nonce, from, to, range.oldest(), range.last(), range.events()), range.stamp());
    }

    /** A MAC begun with what is stamped and for which room, so that no stamp stands for another kind or room. */
    private Mac start(byte kind, String room) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] name = room.getBytes(StandardCharsets.UTF_8);
            mac.update(kind);
            mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
            mac.update(name);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private static byte[] longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES);
        for (long value : values) {
            buffer.putLong(value);
        }
        return buffer.array();
    }
}
