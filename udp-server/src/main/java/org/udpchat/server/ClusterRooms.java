package org.udpchat.server;

import com.hazelcast.core.HazelcastInstance;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;
import org.udpchat.server.cluster.ClusterSeal;
import org.udpchat.server.cluster.RoomLog;
import org.udpchat.server.cluster.RoomSequencer;

/**
 * The rooms of a node of a cluster: every event told to a whole room goes to the room's sequencer ({@link
 * RoomSequencer}), sealed ({@link ClusterSeal}: the chat does not cross the cluster's network in clear), and
 * comes back to every node that follows the room in one order, this node too, where {@link
 * Delivery#tellRoom} tells that node's members of the room. A node follows a room while it has members in
 * it (the lobby always), or while its operators watch it ({@link #overhear}); what this node says in a room
 * it has only begun to follow waits for the following to begin, so that its own members hear it in the
 * room's order too.
 *
 * <p>The {@link RoomStream} and {@link RoomsWatcher} sides run on the relay thread, which alone owns the rooms
 * followed here; the {@link RoomSequencer.Listener} side runs on the sequencer's thread and only posts to the
 * relay.
 */
final class ClusterRooms implements RoomStream, RoomsWatcher, RoomSequencer.Listener, AutoCloseable {

    private final RoomSequencer sequencer;
    private final ClusterSeal seal;
    private final Consumer<Consumer<Relay>> relay;

    /** Events that do not open are logged at most every 10 s; the relay thread's. */
    private final LogThrottle unopenedLog = new LogThrottle(10_000);

    /** The rooms this node follows, by key; the relay thread's. */
    private final Map<String, Following> followed = new HashMap<>();

    /**
     * The rooms this node follows for its operators ({@link OverheardRooms}: {@code /watch}, the transcript),
     * whether or not it has members in them; the relay thread's.
     */
    private final Set<String> overheard = new HashSet<>();

    /** This node's appends to its rooms' logs, one in flight per room, batched. */
    private final RoomAppends<Outgoing> appends = new RoomAppends<>(RoomLog.MAX_BATCH, this::send);

    /** A room followed: whether its following has begun, and what this node said in it meanwhile. */
    private static final class Following {
        boolean begun;
        final List<Outgoing> waiting = new ArrayList<>();
    }

    /**
     * An event sealed for its room, who said it if it is a member's line (null if not), and its id in the room's
     * log ({@link SaidLineIds#NONE}: the log gives it one).
     */
    private record Outgoing(byte[] packed, String speaker, long appendId) {}

    /**
     * @param historyLines how many events each room's log keeps, for nodes that missed some to fetch
     * @param relay posts a command to the relay thread
     */
    ClusterRooms(HazelcastInstance hazelcast, int historyLines, ClusterSeal seal, Consumer<Consumer<Relay>> relay) {
        this.relay = relay; // first: the sequencer may call back (on its thread) once it exists
        this.seal = seal;
        this.sequencer = new RoomSequencer(
                hazelcast,
                new RoomLog(hazelcast, historyLines, seal.roomStamp()),
                RoomSequencer.DEFAULT_GAP_BOUND,
                this);
    }

    /** What this node's sequencing has mended so far. */
    RoomStreamCounters counters() {
        RoomSequencer.Stats stats = sequencer.stats();
        return new RoomStreamCounters(
                stats.delivered(),
                stats.fetches(),
                stats.fetched(),
                stats.missed(),
                stats.publishFailed(),
                stats.refused());
    }

    /** Stops the sequencer's threads (before the node leaves the cluster). */
    @Override
    public void close() {
        sequencer.close();
    }

    @Override
    public void publish(ChatRoom room, RoomEvent event, Set<String> exceptKeys) {
        publish(room.key(), event, exceptKeys, SaidLineIds.NONE);
    }

    @Override
    public void publishLine(ChatRoom room, RoomEvent event, long appendId) {
        publish(room.key(), event, Set.of(), appendId);
    }

    /**
     * On the relay thread: {@code name}, a member of a node that died, did not resume elsewhere and is gone from
     * the room called {@code roomName}: the room is told, through its sequencer, that it went silent and left
     * (as a member of this node that times out), whether or not this node follows the room.
     */
    void lapsed(String roomName, String name) {
        RoomEvent.TimedOut left;
        String key;
        try {
            left = new RoomEvent.TimedOut(name);
            key = RoomNames.key(roomName);
        } catch (IllegalArgumentException e) { // the directory is the cluster's: anything in it may write there
            Logger.warn("cluster: a dead node's member {} could not be told to its room", Untrusted.quote(name));
            return;
        }
        Logger.info(
                "cluster: {} of a dead node did not come back; telling room {}",
                Untrusted.quote(name),
                Untrusted.quote(roomName));
        publish(key, left, Set.of(), SaidLineIds.NONE);
    }

    private void publish(String key, RoomEvent event, Set<String> exceptKeys, long appendId) {
        Outgoing outgoing =
                new Outgoing(seal.seal(encode(event, exceptKeys), context(key)), speakerOf(event), appendId);
        Following following = followed.get(key);
        if (following != null && !following.begun) {
            following.waiting.add(outgoing);
        } else {
            append(key, outgoing); // followed, or no longer here (a departure told late): the others hear it
        }
    }

    /** Who said {@code event}, if it is a member's line (chat or {@code /me}), or null. */
    private static String speakerOf(RoomEvent event) {
        if (event instanceof RoomEvent.Said said) {
            return said.name();
        }
        return event instanceof RoomEvent.Acted acted ? acted.name() : null;
    }

    @Override
    public void listed(Member member) {}

    @Override
    public void unlisted(Member member, String key) {}

    @Override
    public void opened(ChatRoom room) {
        String key = room.key();
        Following following = new Following();
        followed.put(key, following);
        sequencer.follow(key).whenComplete((last, failure) -> {
            if (failure != null) {
                Logger.warn("cluster: could not follow room {}: {}", key, failure.toString());
            }
            relay.accept(later -> later.clusterRooms().begun(key, following));
        });
    }

    @Override
    public void closed(ChatRoom room) {
        Following following = followed.remove(room.key());
        if (following != null) {
            following.waiting.forEach(waiting -> append(room.key(), waiting));
            following.waiting.clear();
            following.begun = true;
        }
        if (!overheard.contains(room.key())) {
            sequencer.stop(room.key());
        }
    }

    /**
     * On the relay thread: the room with {@code key} is followed for this node's operators too, until {@link
     * #stopOverhearing}; its events then reach {@link Relay#onClusterRoomEvent} even with no member here. The
     * stage completes (on another thread, never failing: a failure is logged) once they do.
     */
    CompletableFuture<Void> overhear(String key) {
        if (!overheard.add(key) || followed.containsKey(key)) {
            return CompletableFuture.completedFuture(null); // followed already (a follow begun, or beginning)
        }
        return sequencer.follow(key).toCompletableFuture().handle((last, failure) -> {
            if (failure != null) {
                Logger.warn("cluster: could not follow room {} for the operators: {}", key, failure.toString());
            }
            return null;
        });
    }

    /** On the relay thread: the keys of the rooms this node follows now, for its members or its operators. */
    Set<String> following() {
        Set<String> rooms = new java.util.TreeSet<>(followed.keySet());
        rooms.addAll(overheard);
        return rooms;
    }

    /** On the relay thread: the operators no longer need the room with {@code key}; members here may. */
    void stopOverhearing(String key) {
        if (overheard.remove(key) && !followed.containsKey(key)) {
            sequencer.stop(key);
        }
    }

    /** On the relay thread: the following of the room with {@code key} has begun; what waited goes now. */
    void begun(String key, Following following) {
        if (following.begun) {
            return; // closed meanwhile, and what waited went then
        }
        following.begun = true;
        following.waiting.forEach(waiting -> append(key, waiting));
        following.waiting.clear();
    }

    private void append(String key, Outgoing outgoing) {
        appends.append(key, outgoing);
    }

    /** On the relay thread, or a Hazelcast thread once the room's last append is answered: sends a batch. */
    private void send(String key, List<Outgoing> batch) {
        List<RoomLog.NewEvent> events = new ArrayList<>(batch.size());
        for (Outgoing outgoing : batch) {
            events.add(new RoomLog.NewEvent(outgoing.packed(), outgoing.appendId()));
        }
        CompletionStage<List<org.udpchat.server.cluster.RoomEvent>> sent;
        try {
            sent = sequencer.append(key, events);
        } catch (RuntimeException e) { // Hazelcast refuses at once when it has shut down
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((numbered, failure) -> {
            if (failure != null) {
                Logger.warn(
                        "cluster: {} event(s) of room {} were not sequenced: {}",
                        batch.size(),
                        key,
                        failure.toString());
                relay.accept(later -> {
                    for (Outgoing outgoing : batch) {
                        if (outgoing.speaker() != null) { // nobody heard it: its speaker is told, not to think it was
                            later.onClusterLineNotSequenced(key, outgoing.speaker());
                        }
                    }
                });
            }
            appends.answered(key);
        });
    }

    @Override
    public void onEvent(String room, org.udpchat.server.cluster.RoomEvent event) {
        relay.accept(later -> later.onClusterRoomEvent(room, event.sequence(), event.bytes()));
    }

    /**
     * The room's events after {@code position} that its log still holds, read after this node's following of
     * the room (if it began) is in place (see {@link RoomSequencer#history}); any thread.
     */
    java.util.concurrent.CompletionStage<org.udpchat.server.cluster.RoomRange> historyAfter(
            String roomKey, long position) {
        return sequencer.history(roomKey, position + 1);
    }

    @Override
    public void onMissed(String room, long from, long to) {
        Logger.warn(
                "cluster: events {} to {} of room {} were lost to this node (past the room's history)", from, to, room);
        relay.accept(later -> later.onClusterRoomMissed(room, to - from + 1));
    }

    @Override
    public void onRejoined(String room) {
        relay.accept(later -> later.onClusterRoomRejoined(room));
    }

    /**
     * On the relay thread: the event {@code packed} holds, with the keys of those it is not for, or null when
     * it does not open (not this cluster's, or altered on the way).
     */
    Delivered open(String roomKey, byte[] packed) {
        try {
            return decode(seal.open(packed, context(roomKey)));
        } catch (ClusterSeal.ClusterSealException | IOException | MalformedPacketException e) {
            if (unopenedLog.allows(System.nanoTime() / 1_000_000)) { // anything in the cluster can send such
                Logger.warn(
                        "cluster: an event of room {} did not open: {} ({} more since the last warning)",
                        roomKey,
                        e.getMessage(),
                        unopenedLog.takeHeldBack());
            }
            return null;
        }
    }

    /** A room's event as it came back from its sequencer. */
    record Delivered(RoomEvent event, Set<String> exceptKeys) {}

    private static byte[] context(String roomKey) {
        return ("udp-chat room " + roomKey).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(RoomEvent event, Set<String> exceptKeys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(exceptKeys.size());
            for (String key : exceptKeys) {
                out.writeUTF(key);
            }
            out.write(EventCodec.encode(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static Delivered decode(byte[] plain) throws IOException, MalformedPacketException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(plain));
        int count = in.readUnsignedShort();
        Set<String> exceptKeys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            exceptKeys.add(in.readUTF());
        }
        return new Delivered(EventCodec.decode(in.readAllBytes()), exceptKeys);
    }
}
