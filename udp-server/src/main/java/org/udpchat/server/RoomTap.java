package org.udpchat.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.RoomEvent;

/**
 * Where the rooms' events are overheard: every event {@link Delivery} tells a whole room (chat, actions,
 * announcements, notices, arrivals and departures, kicks and bans), and the mutes the relay imposes, worded
 * once as the classic line and handed to each {@link RoomListener}. Owned by the relay thread, like the
 * listeners' list: other threads add and remove listeners by posting to it ({@link ChatServer#watch}).
 * With no listener it words nothing.
 */
final class RoomTap {

    private final Texts texts;
    private final List<RoomListener> listeners = new ArrayList<>();

    RoomTap(Texts texts) {
        this.texts = texts;
    }

    void add(RoomListener listener) {
        if (!listeners.contains(listener)) {
            listeners.add(listener);
        }
    }

    void remove(RoomListener listener) {
        listeners.remove(listener);
    }

    /** {@code event} was told to everyone in {@code room} (null: in every room). */
    void heard(ChatRoom room, RoomEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        String text;
        try {
            text = ClassicLines.render(event, texts).text();
        } catch (RuntimeException e) {
            // An event with no line yet (a kind added later) must not stop the broadcast that told it.
            Logger.error(e, "cannot word {} for the operators", event);
            return;
        }
        tell(new RoomLine(Optional.ofNullable(room).map(ChatRoom::name), text));
    }

    /** Something the operator did to a member of the room called {@code room} that its members do not hear. */
    void noted(String room, String key, Object... arguments) {
        if (!listeners.isEmpty()) {
            tell(new RoomLine(Optional.of(room), texts.get(key, arguments)));
        }
    }

    private void tell(RoomLine line) {
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
