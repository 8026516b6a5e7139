package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.udpchat.codec.ResumptionSecret;

/**
 * The native sessions any node may resume: for each session token, the member's name and room, the node it
 * is on, the resumption secret it was given and where it was in its room's sequence when the session was written
 * (where it is now, its node writes apart: {@link #positions}), in a backed-up map, so that a client whose node dies can
 * prove its session to another node and go on there (same name, same room, catching up from the room's
 * history). The secret must not travel or rest in clear between nodes: each value is sealed ({@link
 * ClusterSeal}) and bound to its token, so a value moved under another token does not open. Each value expires
 * on its own (the session timeout and then some), so sessions of dead nodes do not stay for ever.
 *
 * <p>Every method returns at once and may be called on any thread; completions run on Hazelcast's threads.
 */
public final class ClusterSessions {

    static final String MAP = "udp-chat.sessions";

    /** 3 added the room position; a value of format 2 (a node of the previous release) reads as position -1. */
    private static final int FORMAT = 3;

    private static final int FORMAT_WITHOUT_POSITION = 2;

    private final HazelcastInstance hazelcast;
    private final IMap<Long, byte[]> map;
    private final ClusterSeal seal;
    private final ClusterPositions positions;

    /**
     * A session as another node needs it to let its client resume.
     *
     * @param nameHolder the number its member's name is held by across the cluster, on {@code node}
     * @param roomPosition the sequence number of the last event of {@code room} the member is known to have
     *     acknowledged (see {@code RoomPositions}; 0: none of them), or -1 when none is known: a node that
     *     resumes it tells it the room's events after that one as history
     * @param roomSince when the member entered {@code room} on {@code node} (epoch milliseconds, that node's
     *     clock), 0 if not known: what a node resuming a session whose position was not known yet goes by
     */
    public record Resumable(
            long token,
            String name,
            String room,
            ResumptionSecret secret,
            UUID node,
            long nameHolder,
            long roomPosition,
            long roomSince) {}

    public ClusterSessions(HazelcastInstance hazelcast, ClusterSeal seal) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getMap(MAP);
        this.seal = seal;
        this.positions = new ClusterPositions(hazelcast, seal);
    }

    /**
     * Where the sessions' members stand in their rooms, as their nodes last wrote it: one value per node, later
     * than the position a session was written with ({@link Resumable#roomPosition}), which stands for a member
     * whose node wrote none.
     */
    public ClusterPositions positions() {
        return positions;
    }

    /**
     * Tells {@code newId}, on Hazelcast's event thread (which must not block: post), this node's new id each time
     * it rejoins the cluster after a split brain: the id the other nodes know it by from then on, which its names
     * follow ({@link ClusterNames}) and its sessions must name. Closing what this returns stops the telling.
     */
    public AutoCloseable whenRejoined(Consumer<UUID> newId) {
        UUID listener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                newId.accept(hazelcast.getCluster().getLocalMember().getUuid());
            }
        });
        return () -> {
            if (hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getLifecycleService().removeLifecycleListener(listener);
            }
        };
    }

    /** Keeps {@code session} (anew, if it was kept: moved, renamed, resumed) for {@code lifetime}. */
    public CompletionStage<Void> keep(Resumable session, Duration lifetime) {
        byte[] sealed = seal.seal(encode(session), context(session.token()));
        return map.setAsync(session.token(), sealed, lifetime.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The session kept under {@code token}; empty when none is, or when what is kept does not open (not sealed
     * by this cluster for this token: the caller must treat it as no session at all).
     */
    public CompletionStage<Optional<Resumable>> find(long token) {
        return map.getAsync(token).thenApply(kept -> {
            if (kept == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(decode(token, seal.open(kept, context(token))));
            } catch (ClusterSeal.ClusterSealException | IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Forgets the session under {@code token}: it ended (quit, kicked, expired) and may not be resumed. */
    public CompletionStage<Void> forget(long token) {
        return map.deleteAsync(token).thenApply(deleted -> null);
    }

    private static byte[] context(long token) {
        return ("udp-chat session " + Long.toUnsignedString(token, 16)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] encode(Resumable session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(session.name());
            out.writeUTF(session.room());
            out.writeLong(session.secret().first());
            out.writeLong(session.secret().second());
            out.writeLong(session.secret().third());
            out.writeLong(session.secret().fourth());
            out.writeLong(session.node().getMostSignificantBits());
            out.writeLong(session.node().getLeastSignificantBits());
            out.writeLong(session.nameHolder());
            out.writeLong(session.roomPosition());
            out.writeLong(session.roomSince());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static Resumable decode(long token, byte[] plain) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(plain))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_POSITION) {
                throw new IOException("a kept session in format " + format + ", not " + FORMAT);
            }
            String name = in.readUTF();
            String room = in.readUTF();
            ResumptionSecret secret = new ResumptionSecret(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            UUID node = new UUID(in.readLong(), in.readLong());
            long nameHolder = in.readLong();
            long roomPosition = format == FORMAT ? in.readLong() : -1;
            long roomSince = format == FORMAT ? in.readLong() : 0;
            return new Resumable(token, name, room, secret, node, nameHolder, roomPosition, roomSince);
        }
    }
}
