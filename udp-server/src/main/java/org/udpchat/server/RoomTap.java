package org.udpchat.server;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.tinylog.Logger;
import org.udpchat.codec.RoomEvent;

/**
 * Where the rooms' events are overheard: every event {@link Delivery} tells a whole room (chat, actions,
 * announcements, notices, arrivals and departures, kicks and bans), the mutes the operator imposes, and the
 * room's closing, each worded once and handed to each {@link RoomListener} with the time the relay heard
 * it. Owned by the relay thread, like the listeners' list: other threads add and remove listeners by posting
 * to it ({@link ChatServer#watch}). With no listener it words nothing.
 *
 * <p>What is said is recorded as members see it (the classic line); what the operator does is worded for
 * the record, with what members are not told: a ban's term, a kick's reason (a member's room is told only
 * that it was removed, as it always was, and the classic form cannot tell a ban from a kick).
 */
final class RoomTap {

    private final Texts texts;
    /** When a line was said: the time of day, as history is stamped (the relay's own clock gives no dates). */
    private final InstantSource wallClock;

    private final List<RoomListener> listeners = new ArrayList<>();

    /** In a cluster, the node of the member called by a name, if the relay knows it; else nobody's. */
    private Function<String, Optional<String>> nodeOf = name -> Optional.empty();

    RoomTap(Texts texts, InstantSource wallClock) {
        this.texts = texts;
        this.wallClock = wallClock;
    }

    void add(RoomListener listener) {
        if (!listeners.contains(listener)) {
            listeners.add(listener);
        }
    }

    void remove(RoomListener listener) {
        listeners.remove(listener);
    }

    /**
     * In a cluster: lines said or acted name the node of their speaker, as {@code nodeOf} finds it from the
     * speaker's name (called on the relay thread, only while someone listens).
     */
    void nameNodesBy(Function<String, Optional<String>> newNodeOf) {
        this.nodeOf = newNodeOf;
    }

    /** {@code event} was told to everyone in {@code room} (null: in every room). */
    void heard(ChatRoom room, RoomEvent event) {
        heard(room == null ? null : room.name(), event);
    }

    /**
     * {@code event} was told to everyone in the room called {@code roomName} (null: in every room): in a
     * cluster, also a room this node has no member in, which it follows for its operators.
     */
    void heard(String roomName, RoomEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        String text;
        try {
            text = forTheRecord(event);
        } catch (RuntimeException e) {
            // An event with no line yet (a kind added later) must not stop the broadcast that told it.
            Logger.error(e, "cannot word {} for the operators", event);
            return;
        }
        tell(Optional.ofNullable(roomName), text, speakerNode(event));
    }

    private Optional<String> speakerNode(RoomEvent event) {
        if (event instanceof RoomEvent.Said said) {
            return nodeOf.apply(said.name());
        } else if (event instanceof RoomEvent.Acted acted) {
            return nodeOf.apply(acted.name());
        }
        return Optional.empty();
    }

    /** Something the operator did to a member of the room called {@code room} that its members do not hear. */
    void noted(String room, String key, Object... arguments) {
        if (!listeners.isEmpty()) {
            tell(Optional.of(room), texts.get(key, arguments), Optional.empty());
        }
    }

    /**
     * The room is closing, {@code members} being told goodbye: the last line of every room, told before the
     * goodbyes, which go to each member alone and so past {@link #heard}.
     */
    void closing(int members) {
        if (!listeners.isEmpty()) {
            tell(Optional.empty(), texts.get("watch.closing", members), Optional.empty());
        }
    }

    private String forTheRecord(RoomEvent event) {
        if (event instanceof RoomEvent.Banned banned) {
            return texts.get("watch.banned", banned.name(), banned.minutes());
        } else if (event instanceof RoomEvent.Kicked kicked) {
            return kicked.reason().isEmpty()
                    ? texts.get("watch.kicked", kicked.name())
                    : texts.get("watch.kickedFor", kicked.name(), kicked.reason());
        }
        return ClassicLines.render(event, texts).text();
    }

    private void tell(Optional<String> room, String text, Optional<String> node) {
        RoomLine line = new RoomLine(wallClock.instant(), room, text, node);
        for (RoomListener listener : listeners) {
            try {
                listener.heard(line);
            } catch (RuntimeException e) {
                // A listener's bug must not end the room: the relay goes on, and so do the other listeners.
                Logger.error(e, "a room listener failed");
            }
        }
    }
}
