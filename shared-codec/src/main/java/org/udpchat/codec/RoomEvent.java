package org.udpchat.codec;

import java.util.List;
import java.util.Objects;

/**
 * Something that happened in the room, as the server tells a native client: delivered reliably, in
 * order, once, and worded by the client in its own language. Classic members hear the same things as
 * lines the server words (see {@code PROTOCOL.md}). An event of a kind newer than this side is an
 * {@link Unrecognized}: acknowledged like any other, and not shown.
 */
public sealed interface RoomEvent
        permits RoomEvent.Said,
                RoomEvent.Joined,
                RoomEvent.Left,
                RoomEvent.TimedOut,
                RoomEvent.Kicked,
                RoomEvent.Dropped,
                RoomEvent.Announced,
                RoomEvent.Closing,
                RoomEvent.YouWereKicked,
                RoomEvent.NotRelayed,
                RoomEvent.YouAreIn,
                RoomEvent.RoomList,
                RoomEvent.MemberList,
                RoomEvent.PrivateFrom,
                RoomEvent.PrivateTo,
                RoomEvent.Acted,
                RoomEvent.Renamed,
                RoomEvent.Failed,
                RoomEvent.Muted,
                RoomEvent.Unmuted,
                RoomEvent.ManyJoined,
                RoomEvent.ManyLeft,
                RoomEvent.SlowedDown,
                RoomEvent.Went,
                RoomEvent.Came,
                RoomEvent.AnnouncedToRoom,
                RoomEvent.Banned,
                RoomEvent.YouWereBanned,
                RoomEvent.History,
                RoomEvent.Missed,
                RoomEvent.TakesLineIds,
                RoomEvent.Unrecognized {

    /** {@code name} said {@code text}. */
    record Said(String name, String text) implements RoomEvent {
        public Said {
            FieldChecks.requireNativeName(name);
            FieldChecks.requireText(text);
        }
    }

    /** {@code name} joined the room. */
    record Joined(String name) implements RoomEvent {
        public Joined {
            FieldChecks.requireNativeName(name);
        }
    }

    /** {@code name} quit. */
    record Left(String name) implements RoomEvent {
        public Left {
            FieldChecks.requireNativeName(name);
        }
    }

    /** {@code name} went silent and the server let the membership lapse. */
    record TimedOut(String name) implements RoomEvent {
        public TimedOut {
            FieldChecks.requireNativeName(name);
        }
    }

    /** The operator removed {@code name}; {@code reason} may be empty. */
    record Kicked(String name, String reason) implements RoomEvent {
        public Kicked {
            FieldChecks.requireNativeName(name);
            FieldChecks.requireReason(reason);
        }
    }

    /** {@code name} stopped acknowledging and was dropped. */
    record Dropped(String name) implements RoomEvent {
        public Dropped {
            FieldChecks.requireNativeName(name);
        }
    }

    /** The operator announced {@code text}, as {@link Names#ADMINISTRATOR}. */
    record Announced(String text) implements RoomEvent {
        public Announced {
            FieldChecks.requireText(text);
        }
    }

    /** The room is closing; nothing more will come. */
    record Closing() implements RoomEvent {}

    /** The operator removed you; {@code reason} may be empty. Final: do not come back. */
    record YouWereKicked(String reason) implements RoomEvent {
        public YouWereKicked {
            FieldChecks.requireReason(reason);
        }
    }

    /** Your chat was not relayed, because it broke {@code problem}. */
    record NotRelayed(ChatText.Problem problem) implements RoomEvent {
        public NotRelayed {
            Objects.requireNonNull(problem, "problem == null");
        }
    }

    /** You are now in {@code room}, with {@code members} members counting you. */
    record YouAreIn(String room, long members) implements RoomEvent {
        public YouAreIn {
            FieldChecks.requireNativeName(room);
            FieldChecks.requireUnsigned32(members, "members");
        }
    }

    /** A room and how many members it has. */
    record RoomCount(String room, long members) {
        public RoomCount {
            FieldChecks.requireNativeName(room);
            FieldChecks.requireUnsigned32(members, "members");
        }
    }

    /**
     * The answer to {@code /rooms}: the busiest rooms, as many as fit one datagram, of {@code total}
     * rooms in all.
     */
    record RoomList(long total, List<RoomCount> rooms) implements RoomEvent {
        public RoomList {
            FieldChecks.requireUnsigned32(total, "total");
            rooms = List.copyOf(rooms);
            if (rooms.size() > total) {
                throw new IllegalArgumentException(rooms.size() + " rooms listed of " + total);
            }
        }
    }

    /**
     * The answer to {@code /who}: who is in {@code room}, as many names as fit one datagram, of
     * {@code total} members.
     */
    record MemberList(String room, long total, List<String> names) implements RoomEvent {
        public MemberList {
            FieldChecks.requireNativeName(room);
            names = FieldChecks.requireListing(total, names);
        }
    }

    /** {@code name} sent you {@code text}, privately. */
    record PrivateFrom(String name, String text) implements RoomEvent {
        public PrivateFrom {
            FieldChecks.requireNativeName(name);
            FieldChecks.requireText(text);
        }
    }

    /** Your private message {@code text} reached {@code name}: the server has it on its way, reliably. */
    record PrivateTo(String name, String text) implements RoomEvent {
        public PrivateTo {
            FieldChecks.requireNativeName(name);
            FieldChecks.requireText(text);
        }
    }

    /** {@code name} acted: {@code * name text}. */
    record Acted(String name, String text) implements RoomEvent {
        public Acted {
            FieldChecks.requireNativeName(name);
            FieldChecks.requireText(text);
        }
    }

    /** {@code oldName} is now called {@code newName}; when {@code oldName} was yours, so are you. */
    record Renamed(String oldName, String newName) implements RoomEvent {
        public Renamed {
            FieldChecks.requireNativeName(oldName);
            FieldChecks.requireNativeName(newName);
        }
    }

    /**
     * Your request (or chat) was not done, for {@code failure}; {@code limit} is the limit hit or 0, and
     * {@code subject} the name or room it concerned, or empty.
     */
    record Failed(Failure failure, long limit, String subject) implements RoomEvent {
        public Failed {
            Objects.requireNonNull(failure, "failure == null");
            FieldChecks.requireUnsigned32(limit, "limit");
            Objects.requireNonNull(subject, "subject == null");
            FieldChecks.requireWellFormed(subject, "subject");
        }
    }

    /** The operator muted you, for {@code minutes}, or until unmuted when 0. */
    record Muted(long minutes) implements RoomEvent {
        public Muted {
            FieldChecks.requireUnsigned32(minutes, "minutes");
        }
    }

    /** The operator unmuted you. */
    record Unmuted() implements RoomEvent {}

    /**
     * {@code total} members joined the room within a moment, too many to tell one by one: {@code names}
     * are the first of them, as many as fit (the rest are counted, not named).
     */
    record ManyJoined(long total, List<String> names) implements RoomEvent {
        public ManyJoined {
            names = FieldChecks.requireListing(total, names);
        }
    }

    /** {@code total} members left the room within a moment; {@code names} are the first of them. */
    record ManyLeft(long total, List<String> names) implements RoomEvent {
        public ManyLeft {
            names = FieldChecks.requireListing(total, names);
        }
    }

    /**
     * Your lines come faster than the server takes them ({@code linesPerSecond}): they wait, unacknowledged,
     * and are relayed as the rate allows. Nothing is lost.
     */
    record SlowedDown(long linesPerSecond) implements RoomEvent {
        public SlowedDown {
            FieldChecks.requireUnsigned32(linesPerSecond, "linesPerSecond");
        }
    }

    /**
     * {@code name} went from this room to {@code room}: a move, not a quit (a room told of many departures
     * at once counts it among them, in {@link ManyLeft}).
     */
    record Went(String name, String room) implements RoomEvent {
        public Went {
            FieldChecks.requireNativeName(name);
            FieldChecks.requireNativeName(room);
        }
    }

    /**
     * {@code name} came into this room from {@code room}: a move, not a new arrival on the server (a room
     * told of many arrivals at once counts it among them, in {@link ManyJoined}).
     */
    record Came(String name, String room) implements RoomEvent {
        public Came {
            FieldChecks.requireNativeName(name);
            FieldChecks.requireNativeName(room);
        }
    }

    /**
     * The operator told {@code room}, this one alone, {@code text}, as {@link Names#ADMINISTRATOR}: a room
     * notice, which a client shows apart from an {@link Announced announcement to every room}.
     */
    record AnnouncedToRoom(String room, String text) implements RoomEvent {
        public AnnouncedToRoom {
            FieldChecks.requireNativeName(room);
            FieldChecks.requireText(text);
        }
    }

    /**
     * The operator banned {@code name}'s address, for {@code minutes}, or until lifted when 0, and so removed
     * {@code name}: the room hears it in its own words, the client's, with no text of the server's.
     */
    record Banned(String name, long minutes) implements RoomEvent {
        public Banned {
            FieldChecks.requireNativeName(name);
            FieldChecks.requireUnsigned32(minutes, "minutes");
        }
    }

    /**
     * The operator banned your address, for {@code minutes}, or until lifted when 0, and removed you. Final,
     * as {@link YouWereKicked}: do not come back.
     */
    record YouWereBanned(long minutes) implements RoomEvent {
        public YouWereBanned {
            FieldChecks.requireUnsigned32(minutes, "minutes");
        }
    }

    /**
     * Something said before you could hear it, told now as history: a room line you missed ({@code line}
     * is the room's number for it, from 1) or a private message you had not acknowledged when your session
     * lapsed ({@code line} 0). {@code atMillis} is when the server relayed it, by its wall clock, in
     * milliseconds since 1970-01-01T00:00Z, so that a client can show the time it was said. The server
     * sends history only to a proven session, numbered with the session's other events, and only lines it
     * relayed. {@code event} is any event but another history (a newer server's kind is an
     * {@link Unrecognized}, shown as nothing, as live).
     */
    record History(long line, long atMillis, RoomEvent event) implements RoomEvent {
        public History {
            FieldChecks.requireUnsigned32(line, "line");
            if (atMillis < 0) {
                throw new IllegalArgumentException("atMillis " + atMillis + " is before 1970");
            }
            Objects.requireNonNull(event, "event == null");
            if (event instanceof History) {
                throw new IllegalArgumentException("a history event holds a history event");
            }
        }
    }

    /**
     * {@code lines} lines of {@code room} that you missed were not kept (the server keeps a bounded
     * history, or sends at most a bounded catch-up at once): told before the history that follows, so that
     * the gap is never silent. An empty {@code room} means your private messages.
     */
    record Missed(long lines, String room) implements RoomEvent {
        public Missed {
            FieldChecks.requireUnsigned32(lines, "lines");
            Objects.requireNonNull(room, "room == null");
            if (!room.isEmpty()) {
                FieldChecks.requireNativeName(room);
            }
        }
    }

    /**
     * This server's rooms take a line once per speaker's name and {@link LineId line id}, however often it is
     * said (a node of a cluster, whose room log knows the lines it holds by name and id): from now on, in this
     * session, the client may give its lines ids, and may say again here, with their ids, the lines a node it
     * lost never sent back. Told once, right after the WELCOME that starts a session's numbering; never by a
     * server that would drop a line with an id (one older than line ids) or take it again (a single server).
     * A client older than it acknowledges it and shows nothing, as any kind it does not know.
     */
    record TakesLineIds() implements RoomEvent {}

    /**
     * An event of a kind this side does not know, from a newer server: its fields were skipped, since
     * only its kind can be read. A client acknowledges it, so that the server need not resend it, and
     * shows nothing. It is encoded as its kind alone, so that it can be encoded like every event; the
     * kinds this side knows, and 0, which is no kind, are refused.
     */
    record Unrecognized(int kind) implements RoomEvent {
        public Unrecognized {
            if (kind < 1 || kind > 255) {
                throw new IllegalArgumentException("kind " + kind + " is not in 1..255");
            }
            if (EventCodec.knows(kind)) {
                throw new IllegalArgumentException("kind " + kind + " is known here: it has its own record");
            }
        }
    }
}
