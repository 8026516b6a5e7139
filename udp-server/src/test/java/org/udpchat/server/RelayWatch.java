package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RoomNames;

/**
 * What must hold after every step of a fuzzed story, checked from outside the relay:
 *
 * <ul>
 *   <li>every datagram sent decodes as a client decodes it;
 *   <li>no reflection: an address that has not proven itself (no native session there, no cookie or path
 *       challenge echoed from it) and holds no member is sent, in answer to one datagram, at most that
 *       datagram's size in native replies, and at most max(3 × its size, 64) bytes in classic ones
 *       (PROTOCOL.md, "Replies to unvalidated addresses" and "Replies to classic clients"), unless the
 *       datagram made it a member: a classic join from the LAN is let in unproven, and what the room says
 *       from then on (a notice in the same step, say) is a member's traffic, bounded by {@code
 *       --max-classic} and {@code --max-per-ip} instead (README, "Threat model");
 *   <li>nothing goes to a stranger: whatever else is sent goes to an address that holds or held a member
 *       or proved itself;
 *   <li>the member table is consistent: names and addresses unique, each member in a room that lists it,
 *       no empty room but the lobby, every limit kept, every name one the name rules allow.
 * </ul>
 */
final class RelayWatch {

    /** Every classic refusal fits this, whatever the request's size. */
    private static final int CLASSIC_REPLY_FLOOR = 64;

    private static final int CLASSIC_REPLY_FACTOR = 3;

    /** One datagram the relay sent, and its packet (opened, if it was sealed) if it was native. */
    record Sent(InetSocketAddress to, int size, Packet packet) {}

    private final Relay relay;
    private final RecordingOutbox outbox;
    private final RoomLimits limits;
    private final Set<InetSocketAddress> members = new HashSet<>();
    private final Set<InetSocketAddress> knownSoFar = new HashSet<>();
    private final Set<InetSocketAddress> proven = new HashSet<>();
    /** Every path challenge sent, with where it went: echoing one from there proves the address. */
    private final Set<Sent> pathChallenges = new HashSet<>();

    private boolean senderWasKnown;

    RelayWatch(Relay relay, RecordingOutbox outbox, RoomLimits limits) {
        this.relay = relay;
        this.outbox = outbox;
        this.limits = limits;
    }

    void beforeDatagram(InetSocketAddress from) {
        senderWasKnown = members.contains(from) || proven.contains(from);
    }

    /**
     * After the relay handled {@code datagram} from {@code from}, which held {@code inside} sealed (null if
     * nothing sealed that opens): checks, and returns what it sent.
     */
    List<Sent> afterDatagram(InetSocketAddress from, byte[] datagram, NativeClientPacket inside) {
        List<Sent> sent = takeSent();
        boolean provenNow = answersAPathChallenge(from, inside)
                || sent.stream()
                        .anyMatch(s -> s.to().equals(from)
                                && (s.packet() instanceof NativeServerPacket.Welcome
                                        || s.packet() instanceof NativeServerPacket.Refused
                                        || s.packet() instanceof ClearServerPacket.Reply));
        checkTable();
        boolean joinedNow = members.contains(from);
        if (!senderWasKnown && !provenNow && !joinedNow) {
            long bytesBack = sent.stream()
                    .filter(s -> s.to().equals(from))
                    .mapToLong(Sent::size)
                    .sum();
            boolean isNative = NativeCodec.isNative(ByteBuffer.wrap(datagram));
            long allowed = isNative
                    ? datagram.length
                    : Math.max((long) CLASSIC_REPLY_FACTOR * datagram.length, CLASSIC_REPLY_FLOOR);
            assertTrue(
                    bytesBack <= allowed,
                    "reflection: " + bytesBack + " bytes to unproven " + from + " for a " + datagram.length
                            + "-byte datagram: " + sent);
        }
        if (provenNow) {
            proven.add(from);
        }
        for (Sent datagramSent : sent) {
            if (!datagramSent.to().equals(from)) {
                requireKnown(datagramSent);
            }
        }
        return sent;
    }

    /**
     * Whether {@code datagram} echoes a path challenge sent to {@code from}. Whether the relay took it (in
     * time, one of the session's last four) is the relay's business: an address that can echo what was
     * sent there has shown that it receives there, which is all the rule against reflection asks.
     */
    private boolean answersAPathChallenge(InetSocketAddress from, NativeClientPacket packet) {
        if (!(packet instanceof NativeClientPacket.PathResponse response)) {
            return false;
        }
        NativeServerPacket.PathChallenge challenge =
                new NativeServerPacket.PathChallenge(response.token(), response.nonce());
        return pathChallenges.contains(new Sent(from, PathValidation.SEALED_CHALLENGE_BYTES, challenge));
    }

    void beforeOther() {
        senderWasKnown = false;
    }

    /** After a tick or an operator's command: checks, and returns what the relay sent. */
    List<Sent> afterOther() {
        List<Sent> sent = takeSent();
        sent.forEach(this::requireKnown);
        checkTable();
        return sent;
    }

    private void requireKnown(Sent datagram) {
        assertTrue(
                knownSoFar.contains(datagram.to()) || proven.contains(datagram.to()),
                "sent to " + datagram.to() + ", which never held a member nor proved itself: " + datagram);
    }

    private List<Sent> takeSent() {
        List<Sent> sent = new ArrayList<>();
        for (RecordingOutbox.Datagram datagram : outbox.all()) {
            byte[] bytes = datagram.bytes();
            Packet packet = null;
            if (datagram.isNative()) {
                packet = datagram.packet(); // fails if its client could not read it
            } else {
                try {
                    ClassicCodec.decodeServerPacket(ByteBuffer.wrap(bytes));
                } catch (MalformedPacketException e) {
                    throw new AssertionError("the relay sent a classic datagram no client can read", e);
                }
            }
            Sent one = new Sent(datagram.to(), bytes.length, packet);
            if (packet instanceof NativeServerPacket.PathChallenge) {
                pathChallenges.add(one);
            }
            sent.add(one);
        }
        outbox.clear();
        return sent;
    }

    /** The member table as the operator sees it must be one a relay could be in; remembers who is where. */
    private void checkTable() {
        List<MemberInfo> table = relay.members();
        List<RoomInfo> rooms = relay.rooms();
        Map<String, Integer> counted = new HashMap<>();
        Set<String> names = new HashSet<>();
        members.clear();
        int classic = 0;
        for (MemberInfo member : table) {
            assertTrue(names.add(Names.key(member.name())), "two members named " + member.name());
            assertTrue(members.add(member.address()), "two members at " + member.address());
            assertEquals(Optional.empty(), Names.check(member.name()), "a member named " + member.name());
            counted.merge(RoomNames.key(member.room()), 1, Integer::sum);
            if (member.isNative()) {
                proven.add(member.address());
            } else {
                classic++;
            }
        }
        knownSoFar.addAll(members);
        Set<String> roomKeys = new HashSet<>();
        for (RoomInfo room : rooms) {
            String key = RoomNames.key(room.name());
            assertTrue(roomKeys.add(key), "two rooms called " + room.name());
            assertEquals(counted.getOrDefault(key, 0), room.members(), "members of " + room.name() + ": " + table);
            assertTrue(room.members() <= limits.maxRoomMembers(), "room " + room + " over its limit");
            assertTrue(
                    room.members() > 0 || key.equals(RoomNames.key(RoomNames.LOBBY)),
                    "empty room " + room.name() + " still open");
        }
        assertTrue(roomKeys.containsAll(counted.keySet()), "members in rooms not listed: " + table + " " + rooms);
        assertTrue(rooms.size() <= limits.maxRooms(), "rooms " + rooms);
        assertTrue(table.size() <= limits.maxMembers(), "members " + table.size());
        assertTrue(classic <= limits.maxClassic(), "classic members " + classic);
        relay.stats();
    }
}
