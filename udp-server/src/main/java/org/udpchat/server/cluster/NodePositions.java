package org.udpchat.server.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where every native member of one node stands in its room, as that node last wrote it: by session token, the
 * member's room key, its room position and when it entered the room (the fields a kept session carries, see
 * {@link ClusterSessions.Resumable}). One value per node, written once per tick, in place of one session write
 * per member whose position moved ({@link ClusterPositions}).
 *
 * <pre>
 * byte   format (1)
 * int    rooms
 * per room:  UTF room key, int members,
 *            per member: long token, long position (-1: not known), long since (epoch ms, 0: not known)
 * </pre>
 *
 * Grouped by room: a room's key is written once however many of its members the node has.
 */
public final class NodePositions {

    private static final int FORMAT = 1;

    /** The most members a value may say it holds: far above a node's, and a bound on what a bad value allocates. */
    private static final int MOST_MEMBERS = 1 << 20;

    /** None: a node that wrote nothing, or whose value did not open. */
    public static final NodePositions NONE = new NodePositions(Map.of());

    /**
     * One member's place.
     *
     * @param roomKey its room's key
     * @param position the last event of the room it acknowledged, -1 when not known
     * @param sinceMillis when it entered the room (epoch milliseconds, its node's clock), 0 when not known
     */
    public record Place(String roomKey, long position, long sinceMillis) {}

    private final Map<Long, Place> places;

    /** @param places by session token */
    public NodePositions(Map<Long, Place> places) {
        this.places = Map.copyOf(places);
    }

    /** The place of the member whose session has {@code token}, if this value holds it. */
    public Optional<Place> of(long token) {
        return Optional.ofNullable(places.get(token));
    }

    public int size() {
        return places.size();
    }

    /** This value as the bytes of its format, to be sealed. */
    byte[] encode() {
        Map<String, List<Map.Entry<Long, Place>>> byRoom = new LinkedHashMap<>();
        for (Map.Entry<Long, Place> entry : places.entrySet()) {
            byRoom.computeIfAbsent(entry.getValue().roomKey(), key -> new ArrayList<>())
                    .add(entry);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 24 * places.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(byRoom.size());
            for (Map.Entry<String, List<Map.Entry<Long, Place>>> room : byRoom.entrySet()) {
                out.writeUTF(room.getKey());
                out.writeInt(room.getValue().size());
                for (Map.Entry<Long, Place> member : room.getValue()) {
                    out.writeLong(member.getKey());
                    out.writeLong(member.getValue().position());
                    out.writeLong(member.getValue().sinceMillis());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** The value {@code plain} holds. */
    static NodePositions decode(byte[] plain) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IOException("node positions in format " + format + ", not " + FORMAT);
            }
            Map<Long, Place> places = new HashMap<>();
            int rooms = in.readInt();
            if (rooms < 0 || rooms > MOST_MEMBERS) {
                throw new IOException("node positions of " + rooms + " rooms");
            }
            for (int r = 0; r < rooms; r++) {
                String roomKey = in.readUTF();
                int members = in.readInt();
                if (members < 0 || places.size() + members > MOST_MEMBERS) {
                    throw new IOException("node positions of " + members + " more members in a room");
                }
                for (int m = 0; m < members; m++) {
                    places.put(in.readLong(), new Place(roomKey, in.readLong(), in.readLong()));
                }
            }
            if (in.available() > 0) {
                throw new IOException("node positions followed by " + in.available() + " bytes more");
            }
            return new NodePositions(places);
        }
    }

    /** What this value is sealed for: {@code node}'s positions, so a value moved under another node does not open. */
    static byte[] context(UUID node) {
        return ("udp-chat positions " + node).getBytes(StandardCharsets.US_ASCII);
    }

    /** This value sealed as {@code node}'s. */
    byte[] sealFor(UUID node, ClusterSeal seal) {
        return seal.seal(encode(), context(node));
    }

    /**
     * The value sealed as {@code node}'s in {@code kept}.
     *
     * @throws ClusterSeal.ClusterSealException if it was not sealed by this cluster as that node's
     * @throws IOException if it opens to no value of this format
     */
    static NodePositions open(UUID node, byte[] kept, ClusterSeal seal)
            throws ClusterSeal.ClusterSealException, IOException {
        return decode(seal.open(kept, context(node)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodePositions that && places.equals(that.places);
    }

    @Override
    public int hashCode() {
        return places.hashCode();
    }

    @Override
    public String toString() {
        return "NodePositions" + places;
    }
}
