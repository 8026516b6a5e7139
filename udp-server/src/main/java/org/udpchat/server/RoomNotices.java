package org.udpchat.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomEvent;

/**
 * Arrivals and departures, told to a room at a pace its members can bear: one notice is one datagram to
 * every member, so a crowd joining one by one would cost the room a number of datagrams that grows with
 * the square of the crowd. Each room has a bucket of {@value #BURST} notices that refills one a second;
 * what comes while it is empty waits and goes as one coalesced notice ("12 people joined: a, b, c and 9
 * more"). Someone who comes and goes before the room heard of them is not told at all, nor someone who goes
 * and comes back before the room heard they went (told the other way round, the room would be told a
 * departure after the arrival, and think them gone). Owned by the relay
 * thread; {@link #flush} is the timer, due when {@link #dueMillis} says.
 *
 * <p>A move between rooms is a departure from one (WENT, saying where to) and an arrival in the other (CAME,
 * saying where from), paced and cancelled like any other: a member who goes to another room and comes back
 * before the first room heard it went is not told of at all. Coalesced, a move is counted with the others
 * (MANY_LEFT, MANY_JOINED): in a crowd, who left this room matters, not where each went.
 */
final class RoomNotices {

    /** Notices a quiet room takes at once: a few people walking in together are each told by name. */
    static final int BURST = 8;

    /** One notice a second after that: about one datagram per member per second at most. */
    static final long REFILL_MILLIS = 1_000;

    /** Names a coalesced notice gives at most; the rest are counted. */
    static final int MOST_NAMED = 5;

    /** A departure not told yet: who, and the notice that tells how (LEFT, TIMED_OUT, DROPPED, WENT). */
    private record Departure(String name, RoomEvent notice) {}

    /**
     * An arrival not told yet: who (whose name may change before the room hears of it), and the room it came
     * from, or null when it came onto the server.
     */
    private record Arrival(Member member, String cameFrom) {

        /** JOINED, or CAME from the room it left, under the member's name as it is now. */
        RoomEvent notice() {
            return cameFrom == null ? new RoomEvent.Joined(member.name()) : new RoomEvent.Came(member.name(), cameFrom);
        }
    }

    /**
     * What waits to be told to one room, each by name key in the order it happened, so that a crowd coming
     * and going at once costs a lookup per member, not a search of everyone waiting.
     */
    private static final class Waiting {
        private final Map<String, Arrival> arrivals = new LinkedHashMap<>();
        private final Map<String, Departure> departures = new LinkedHashMap<>();

        boolean isEmpty() {
            return arrivals.isEmpty() && departures.isEmpty();
        }
    }

    private final Delivery delivery;
    private final Map<ChatRoom, Waiting> waiting = new LinkedHashMap<>();

    /** Whether rooms span the nodes of a cluster: a room alone here may have members on other nodes to tell. */
    private boolean spanNodes;

    RoomNotices(Delivery delivery) {
        this.delivery = delivery;
    }

    /**
     * {@code member} has just come into {@code room}: onto the server when {@code cameFrom} is null, else from
     * the room of that name.
     */
    /** From now on rooms span the nodes of a cluster: notices go out though nobody else is in a room here. */
    void spanNodes() {
        this.spanNodes = true;
    }

    void arrived(ChatRoom room, Member member, String cameFrom, long nowMillis) {
        if (room.size() == 1 && !spanNodes) {
            return; // nobody else to tell
        }
        Waiting queued = waiting.get(room);
        if (queued != null && queued.departures.remove(member.key()) != null) {
            return; // went and came back before the room heard it went: as far as it knows, nothing happened
        }
        Arrival arrival = new Arrival(member, cameFrom);
        if (queued == null && room.takeNotice(nowMillis)) {
            delivery.broadcast(room, arrival.notice(), member);
        } else {
            waitingFor(room).arrivals.put(member.key(), arrival);
        }
    }

    /** Someone has just left {@code room}; {@code notice} (LEFT, TIMED_OUT, DROPPED, WENT) says who and how. */
    void departed(ChatRoom room, String name, RoomEvent notice, long nowMillis) {
        Waiting queued = waiting.get(room);
        if (queued != null && queued.arrivals.remove(Names.key(name)) != null) {
            return; // came and went before the room heard of it
        }
        if (room.isEmpty() && !spanNodes) {
            return; // nobody left to tell
        }
        if (queued == null && room.takeNotice(nowMillis)) {
            delivery.broadcast(room, notice, null);
        } else {
            waitingFor(room).departures.put(Names.key(name), new Departure(name, notice));
        }
    }

    /**
     * {@code member} of {@code room}, known until now by {@code oldKey}, has just taken another name.
     * Returns whether it is an arrival the room has not been told of yet: it is then told under its new
     * name, and the rename is nothing the room needs to hear (and a departure under the new name, before the
     * room heard of it, still cancels the arrival).
     */
    boolean renamedBeforeTold(ChatRoom room, Member member, String oldKey) {
        Waiting queued = waiting.get(room);
        Arrival waitingArrival = queued == null ? null : queued.arrivals.get(oldKey);
        if (waitingArrival == null || waitingArrival.member() != member) {
            return false;
        }
        Map<String, Arrival> rekeyed = new LinkedHashMap<>(); // in arrival order: newcomers hear of those after them
        queued.arrivals.forEach((key, arrival) -> rekeyed.put(arrival == waitingArrival ? member.key() : key, arrival));
        queued.arrivals.clear();
        queued.arrivals.putAll(rekeyed);
        return true;
    }

    /**
     * Tells each room what waited for it, as far as its bucket has refilled. (Telling may drop a member
     * that falls behind, whose departure waits in turn: the rooms are gone through as they were.)
     */
    void flush(long nowMillis) {
        for (ChatRoom room : new ArrayList<>(waiting.keySet())) {
            Waiting queued = waiting.get(room);
            if (!queued.arrivals.isEmpty() && room.takeNotice(nowMillis)) {
                List<Arrival> arrivals = new ArrayList<>(queued.arrivals.values());
                queued.arrivals.clear();
                tellArrivals(room, arrivals);
            }
            if (!queued.departures.isEmpty() && room.takeNotice(nowMillis)) {
                List<Departure> departures = new ArrayList<>(queued.departures.values());
                queued.departures.clear();
                tellDepartures(room, departures);
            }
            if (queued.isEmpty() || room.isEmpty()) {
                waiting.remove(room, queued);
            }
        }
    }

    /**
     * When {@link #flush} can next tell a room something: when the soonest of the rooms that have notices
     * waiting has one in its bucket again; {@link Long#MAX_VALUE} when none wait. Goes through the waiting
     * rooms only, which are few: a room waits only while its bucket is empty.
     */
    long dueMillis() {
        long due = Long.MAX_VALUE;
        for (ChatRoom room : waiting.keySet()) {
            due = Math.min(due, room.noticeDueMillis());
        }
        return due;
    }

    private Waiting waitingFor(ChatRoom room) {
        return waiting.computeIfAbsent(room, unused -> new Waiting());
    }

    /**
     * Tells the room who arrived while its bucket was empty: those who were there before hear of them all;
     * each newcomer hears only of those who came after it (it learnt who was there when it came in).
     */
    private void tellArrivals(ChatRoom room, List<Arrival> arrivals) {
        arrivals.removeIf(arrival -> !room.members().contains(arrival.member())); // kicked or banned meanwhile
        if (arrivals.isEmpty()) {
            return;
        }
        if (arrivals.size() == 1) {
            delivery.broadcast(room, arrivals.get(0).notice(), arrivals.get(0).member());
            return;
        }
        Set<Member> newcomers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Arrival arrival : arrivals) {
            newcomers.add(arrival.member());
        }
        delivery.broadcastToAllBut(room, arrivalsNotice(arrivals), newcomers);
        for (int i = 0; i < arrivals.size() - 1; i++) {
            delivery.tell(arrivals.get(i).member(), arrivalsNotice(arrivals.subList(i + 1, arrivals.size())));
        }
    }

    /** JOINED or CAME for one arrival, else MANY_JOINED naming the first of them. */
    private static RoomEvent arrivalsNotice(List<Arrival> arrivals) {
        if (arrivals.size() == 1) {
            return arrivals.get(0).notice();
        }
        List<String> names = new ArrayList<>();
        for (Arrival arrival : arrivals.subList(0, Math.min(MOST_NAMED, arrivals.size()))) {
            names.add(arrival.member().name());
        }
        return new RoomEvent.ManyJoined(arrivals.size(), EventCodec.arrivalsThatFit(names));
    }

    private void tellDepartures(ChatRoom room, List<Departure> departures) {
        if (departures.size() == 1) {
            delivery.broadcast(room, departures.get(0).notice(), null);
            return;
        }
        List<String> named = new ArrayList<>();
        for (Departure departure : departures.subList(0, Math.min(MOST_NAMED, departures.size()))) {
            named.add(departure.name());
        }
        delivery.broadcast(room, new RoomEvent.ManyLeft(departures.size(), EventCodec.arrivalsThatFit(named)), null);
    }
}
