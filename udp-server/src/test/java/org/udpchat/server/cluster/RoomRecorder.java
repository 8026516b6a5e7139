package org.udpchat.server.cluster;

import java.util.ArrayList;
import java.util.List;

/** A node's {@link RoomSequencer.Listener} in tests: what it was given, readable from the test's thread. */
final class RoomRecorder implements RoomSequencer.Listener {

    private final List<RoomEvent> events = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();
    private int splits;

    @Override
    public synchronized void onEvent(String room, RoomEvent event) {
        events.add(event);
    }

    @Override
    public synchronized void onMissed(String room, long from, long to) {
        missed.add(room + " " + from + "-" + to);
    }

    @Override
    public synchronized void onRejoined(String room) {
        splits++;
    }

    synchronized List<RoomEvent> events() {
        return List.copyOf(events);
    }

    synchronized int count() {
        return events.size();
    }

    /** How many times the node said it lost touch with a room (a split brain's merge). */
    synchronized int splits() {
        return splits;
    }

    synchronized List<String> missed() {
        return List.copyOf(missed);
    }

    /** The sequence numbers delivered, in delivery order. */
    synchronized List<Long> sequences() {
        List<Long> sequences = new ArrayList<>();
        for (RoomEvent event : events) {
            sequences.add(event.sequence());
        }
        return sequences;
    }

    /** The events as their text, in delivery order. */
    synchronized List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (RoomEvent event : events) {
            texts.add(new String(event.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return texts;
    }
}
