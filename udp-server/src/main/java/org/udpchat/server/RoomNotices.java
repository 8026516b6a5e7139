package org.udpchat.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
final class RoomNotices {

    /** Notices a quiet room takes at once: a few people walking in together are each told by name. */
    static final int BURST = 8;

    /** One notice a second after that: about one datagram per member per second at most. */
    static final long REFILL_MILLIS = 1_000;

    /** Names a coalesced notice gives at most; the rest are counted. */
    static final int MOST_NAMED = 5;

    /** What waits to be told to one room. */
    private static final class Waiting {
        private final List<Member> arrivals = new ArrayList<>();
        private final List<RoomEvent> departures = new ArrayList<>();
        private final List<String> departed = new ArrayList<>();

        boolean isEmpty() {
            return arrivals.isEmpty() && departures.isEmpty();
        }

        /** Forgets the departure of {@code name} not told yet, if there is one; whether there was. */
        boolean cancelDeparture(String name) {
            String key = Names.key(name);
            for (int i = 0; i < departed.size(); i++) {
                if (Names.key(departed.get(i)).equals(key)) {
                    departed.remove(i);
                    departures.remove(i);
                    return true;
                }
            }
            return false;
        }
    }

    private final Delivery delivery;
    private final Map<ChatRoom, Waiting> waiting = new LinkedHashMap<>();

    RoomNotices(Delivery delivery) {
        this.delivery = delivery;
    }

    /** {@code member} has just come into {@code room}. */
    void arrived(ChatRoom room, Member member, long nowMillis) {
        if (room.size() == 1) {
            return; // nobody else to tell
        }
        Waiting queued = waiting.get(room);
        if (queued != null && queued.cancelDeparture(member.name())) {
            return; // went and came back before the room heard it went: as far as it knows, nothing happened
        }
        if (queued == null && room.takeNotice(nowMillis)) {
            delivery.broadcast(room, new RoomEvent.Joined(member.name()), member);
        } else {
            waitingFor(room).arrivals.add(member);
        }
    }

    /** Someone has just left {@code room}; {@code notice} (LEFT, TIMED_OUT, DROPPED) says who and how. */
    void departed(ChatRoom room, String name, RoomEvent notice, long nowMillis) {
        Waiting queued = waiting.get(room);
        if (queued != null && queued.arrivals.removeIf(member -> member.name().equals(name))) {
            return; // came and went before the room heard of it
        }
        if (room.isEmpty()) {
            return; // nobody left to tell
        }
        if (queued == null && room.takeNotice(nowMillis)) {
            delivery.broadcast(room, notice, null);
        } else {
            Waiting now = waitingFor(room);
            now.departures.add(notice);
            now.departed.add(name);
        }
    }

    /**
     * Tells each room what waited for it, as far as its bucket has refilled. (Telling may drop a member
     * that falls behind, whose departure waits in turn: the rooms are gone through as they were.)
     */
    void flush(long nowMillis) {
        for (ChatRoom room : new ArrayList<>(waiting.keySet())) {
            Waiting queued = waiting.get(room);
            if (!queued.arrivals.isEmpty() && room.takeNotice(nowMillis)) {
                List<Member> arrivals = new ArrayList<>(queued.arrivals);
                queued.arrivals.clear();
                tellArrivals(room, arrivals);
            }
            if (!queued.departures.isEmpty() && room.takeNotice(nowMillis)) {
                List<RoomEvent> departures = new ArrayList<>(queued.departures);
                List<String> departed = new ArrayList<>(queued.departed);
                queued.departures.clear();
                queued.departed.clear();
                tellDepartures(room, departures, departed);
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

    private void tellArrivals(ChatRoom room, List<Member> arrivals) {
        arrivals.removeIf(member -> !room.members().contains(member)); // kicked or banned meanwhile
        if (arrivals.isEmpty()) {
            return;
        }
        if (arrivals.size() == 1) {
            delivery.broadcast(room, new RoomEvent.Joined(arrivals.get(0).name()), arrivals.get(0));
            return;
        }
        List<String> names = new ArrayList<>();
        for (Member member : arrivals.subList(0, Math.min(MOST_NAMED, arrivals.size()))) {
            names.add(member.name());
        }
        delivery.broadcast(room, new RoomEvent.ManyJoined(arrivals.size(), EventCodec.arrivalsThatFit(names)), null);
    }

    private void tellDepartures(ChatRoom room, List<RoomEvent> departures, List<String> names) {
        if (departures.size() == 1) {
            delivery.broadcast(room, departures.get(0), null);
            return;
        }
        List<String> named = names.subList(0, Math.min(MOST_NAMED, names.size()));
        delivery.broadcast(room, new RoomEvent.ManyLeft(departures.size(), EventCodec.arrivalsThatFit(named)), null);
    }
}
