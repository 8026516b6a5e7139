package org.udpchat.client;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Limits;
import org.udpchat.codec.Names;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;

/** The client's own words for what the server reports, in the client's language. */
final class EventWording {

    /** A history line's time, when it was said today. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /** A history line's time, when it was said before today: the lobby's history can be days old. */
    private static final DateTimeFormatter DATE_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Texts texts;

    /** Whose time zone and day a history line's time is shown in. */
    private final Clock clock;

    EventWording(Texts texts) {
        this(texts, Clock.systemDefaultZone());
    }

    /** @param clock the time zone, and today, for the times history lines carry */
    EventWording(Texts texts, Clock clock) {
        this.texts = texts;
        this.clock = clock;
    }

    /**
     * The lines shown for a room event, as heard by {@code myName} with {@code myLinesWaiting} of their
     * lines not yet taken by the server (typed, or sent and unacknowledged): one line, a listing's header
     * and entries, or none for an event of a kind this client does not know.
     */
    List<String> lines(RoomEvent event, String myName, int myLinesWaiting) {
        if (event instanceof RoomEvent.RoomList list) {
            List<String> lines = new ArrayList<>();
            lines.add(texts.get("rooms.header", list.total()));
            for (RoomEvent.RoomCount room : list.rooms()) {
                lines.add(texts.get("rooms.entry", room.room(), room.members()));
            }
            if (list.rooms().size() < list.total()) {
                lines.add(texts.get("list.more", list.total() - list.rooms().size()));
            }
            return lines;
        }
        if (event instanceof RoomEvent.MemberList list) {
            String names = String.join(", ", list.names());
            if (list.names().size() < list.total()) {
                names +=
                        " " + texts.get("list.more", list.total() - list.names().size());
            }
            return List.of(texts.get("who", list.room(), list.total(), names));
        }
        if (event instanceof RoomEvent.Renamed renamed && renamed.newName().equals(myName)) {
            return List.of(texts.get("event.youRenamed", renamed.newName()));
        }
        if (event instanceof RoomEvent.SlowedDown slowed) {
            return List.of(texts.get("event.slowedDown", slowed.linesPerSecond(), myLinesWaiting));
        }
        if (event instanceof RoomEvent.Unrecognized
                || (event instanceof RoomEvent.History history && history.event() instanceof RoomEvent.Unrecognized)) {
            return List.of(); // a newer server's news, which this client cannot tell
        }
        if (event instanceof RoomEvent.TakesLineIds
                || (event instanceof RoomEvent.History history && history.event() instanceof RoomEvent.TakesLineIds)) {
            return List.of(); // the session's business, not the user's (and never history)
        }
        return List.of(line(event));
    }

    /**
     * The line shown for a room event that takes one line; for one worded by who hears it, as heard by
     * nobody in particular.
     */
    String line(RoomEvent event) {
        if (event instanceof RoomEvent.Said said) {
            return ServerPacket.Line.chat(said.name(), said.text()).text();
        } else if (event instanceof RoomEvent.Joined joined) {
            return texts.get("event.joined", joined.name());
        } else if (event instanceof RoomEvent.Left left) {
            return texts.get("event.left", left.name());
        } else if (event instanceof RoomEvent.TimedOut timedOut) {
            return texts.get("event.timedOut", timedOut.name());
        } else if (event instanceof RoomEvent.Kicked kicked) {
            // the reason is the operator's own words, shown as typed, in quotes: the rest is ours
            return kicked.reason().isEmpty()
                    ? texts.get("event.kicked", kicked.name())
                    : texts.get("event.kickedBecause", kicked.name(), kicked.reason());
        } else if (event instanceof RoomEvent.Banned banned) {
            return banned.minutes() == 0
                    ? texts.get("event.banned", banned.name())
                    : texts.get("event.bannedFor", banned.name(), banned.minutes());
        } else if (event instanceof RoomEvent.Went went) {
            return texts.get("event.went", went.name(), went.room());
        } else if (event instanceof RoomEvent.Came came) {
            return texts.get("event.came", came.name(), came.room());
        } else if (event instanceof RoomEvent.Dropped dropped) {
            return texts.get("event.dropped", dropped.name());
        } else if (event instanceof RoomEvent.Announced announced) {
            return fromAdministrator(announced.text());
        } else if (event instanceof RoomEvent.AnnouncedToRoom notice) {
            // a marker of its own: a notice to one room is not an announcement to all
            return texts.get(
                    "roomNotice",
                    notice.room(),
                    ServerPacket.Line.chat(Names.ADMINISTRATOR, notice.text()).text());
        } else if (event instanceof RoomEvent.Closing) {
            return fromAdministrator(texts.get("event.closing"));
        } else if (event instanceof RoomEvent.YouWereKicked kicked) {
            return fromAdministrator(
                    kicked.reason().isEmpty()
                            ? texts.get("event.youWereKicked")
                            : texts.get("event.youWereKickedBecause", kicked.reason()));
        } else if (event instanceof RoomEvent.YouWereBanned banned) {
            return fromAdministrator(
                    banned.minutes() == 0
                            ? texts.get("event.youWereBanned")
                            : texts.get("event.youWereBannedFor", banned.minutes()));
        } else if (event instanceof RoomEvent.NotRelayed notRelayed) {
            switch (notRelayed.problem()) {
                case INVISIBLE_OR_CONTROL:
                    return texts.get("text.invisible");
                case TOO_LONG:
                    return texts.get("notRelayed.tooLong");
                case EMPTY:
                    return texts.get("notRelayed.empty");
                case BLANK_RUN:
                    return texts.get("text.blankRun", ChatText.MAX_BLANK_RUN);
                case LOOKS_LIKE_ANNOUNCEMENT:
                    return texts.get("text.looksLikeAnnouncement");
                default:
                    throw new AssertionError(notRelayed.problem());
            }
        } else if (event instanceof RoomEvent.YouAreIn in) {
            return texts.get("event.youAreIn", in.room(), in.members());
        } else if (event instanceof RoomEvent.PrivateFrom message) {
            return texts.get("event.privateFrom", message.name(), message.text());
        } else if (event instanceof RoomEvent.PrivateTo message) {
            return texts.get("event.privateTo", message.name(), message.text());
        } else if (event instanceof RoomEvent.Acted acted) {
            return "* " + acted.name() + " " + acted.text();
        } else if (event instanceof RoomEvent.Renamed renamed) {
            return texts.get("event.renamed", renamed.oldName(), renamed.newName());
        } else if (event instanceof RoomEvent.Failed failed) {
            return failure(failed);
        } else if (event instanceof RoomEvent.Muted muted) {
            return fromAdministrator(
                    muted.minutes() == 0 ? texts.get("event.muted") : texts.get("event.mutedFor", muted.minutes()));
        } else if (event instanceof RoomEvent.Unmuted) {
            return fromAdministrator(texts.get("event.unmuted"));
        } else if (event instanceof RoomEvent.ManyJoined many) {
            return many.names().isEmpty()
                    ? texts.get("event.manyJoined.unnamed", many.total())
                    : texts.get("event.manyJoined", many.total(), namesAndMore(many.names(), many.total()));
        } else if (event instanceof RoomEvent.ManyLeft many) {
            return many.names().isEmpty()
                    ? texts.get("event.manyLeft.unnamed", many.total())
                    : texts.get("event.manyLeft", many.total(), namesAndMore(many.names(), many.total()));
        } else if (event instanceof RoomEvent.History history) {
            return texts.get("history", timeOf(history), line(history.event()));
        } else if (event instanceof RoomEvent.Missed missed) {
            return missed.room().isEmpty()
                    ? texts.get("history.missedPrivate", missed.lines())
                    : texts.get("history.missed", missed.lines(), missed.room());
        } else if (event instanceof RoomEvent.RoomList
                || event instanceof RoomEvent.MemberList
                || event instanceof RoomEvent.SlowedDown
                || event instanceof RoomEvent.TakesLineIds
                || event instanceof RoomEvent.Unrecognized) {
            return String.join(" ", lines(event, "", 0));
        } else {
            throw new AssertionError(event);
        }
    }

    /**
     * When a history line was said, in this client's time zone: {@code HH:mm} if today, with the date before
     * it if not. A history line carries its own time, so a screen that stamps live lines with the time they
     * arrive should not stamp these.
     */
    String timeOf(RoomEvent.History history) {
        ZonedDateTime said = Instant.ofEpochMilli(history.atMillis()).atZone(clock.getZone());
        return said.toLocalDate().equals(LocalDate.now(clock)) ? TIME.format(said) : DATE_AND_TIME.format(said);
    }

    /**
     * A line the administrator speaks, behind a marker no member's line can carry: a member's line starts
     * with the member's name, and the server lets no name or text hold {@code 管理员 :}. (On a classic
     * server the client cannot tell who speaks, so classic lines are shown as they come.)
     */
    private String fromAdministrator(String text) {
        return texts.get(
                "announcement",
                ServerPacket.Line.chat(Names.ADMINISTRATOR, text).text());
    }

    /** The names listed of {@code total}, and how many more there are, if any. */
    private String namesAndMore(List<String> names, long total) {
        String listed = String.join(texts.get("names.separator"), names);
        return names.size() < total ? texts.get("names.andMore", listed, total - names.size()) : listed;
    }

    private String failure(RoomEvent.Failed failed) {
        String subject = failed.subject();
        switch (failed.failure()) {
            case NO_SUCH_MEMBER:
                return texts.get("failed.noSuchMember", subject);
            case NO_SUCH_ROOM:
                return texts.get("failed.noSuchRoom", subject);
            case BAD_ROOM_NAME:
                return texts.get("failed.badRoomName", subject, Limits.MAX_NAME_CODE_POINTS);
            case ROOM_FULL:
                return texts.get("failed.roomFull", subject, failed.limit());
            case TOO_MANY_ROOMS:
                return texts.get("failed.tooManyRooms", subject, failed.limit());
            case ALREADY_IN_ROOM:
                return texts.get("failed.alreadyInRoom", subject);
            case NAME_TAKEN:
                return texts.get("failed.nameTaken", subject);
            case BAD_NAME:
                return texts.get("failed.badName", subject);
            case MUTED:
                return failed.limit() == 0
                        ? texts.get("failed.muted")
                        : texts.get("failed.mutedFor", (failed.limit() + 59) / 60);
            case TOO_MANY_ROOMS_FROM_ADDRESS:
                return texts.get("failed.tooManyRoomsFromAddress", subject, failed.limit());
            case NAME_LOOKS_LIKE: // the subject is the name it looks like, not the one asked for
                return subject.isEmpty()
                        ? texts.get("failed.looksLikeAdministrator")
                        : texts.get("failed.looksLike", subject);
            case NAME_MIXED_SCRIPTS:
                return texts.get("failed.mixedScripts", subject);
            case NAMES_UNAVAILABLE:
                return texts.get("failed.namesUnavailable", subject);
            default:
                throw new AssertionError(failed.failure());
        }
    }

    /** Why the server refused our login, when it names nobody. */
    String refusal(RefusalReason reason, long limit) {
        return refusal(reason, limit, "");
    }

    /** Why the server refused our login; {@code subject} is the name ours looks like, if it said. */
    String refusal(RefusalReason reason, long limit, String subject) {
        switch (reason) {
            case NAME_EMPTY:
                return texts.get("name.empty");
            case NAME_TOO_LONG:
                return texts.get("name.tooLong", limit == 0 ? Limits.MAX_NAME_CODE_POINTS : limit);
            case NAME_WHITESPACE:
                return texts.get("name.whitespace");
            case NAME_INVISIBLE_OR_CONTROL:
                return texts.get("name.invisible");
            case NAME_RESERVED:
                return texts.get("name.reserved");
            case NAME_TAKEN:
                return texts.get("name.taken");
            case ROOM_FULL:
                return texts.get("roomFull", limit);
            case ADDRESS_HAS_NAME:
                return texts.get("addressHasName");
            case NOT_ALLOWED:
                return texts.get("notAllowed");
            case BANNED:
                return limit == 0 ? texts.get("banned") : texts.get("bannedFor", limit);
            case BAD_ROOM_NAME:
                return texts.get("badRoomName", limit == 0 ? Limits.MAX_NAME_CODE_POINTS : limit);
            case TOO_MANY_ROOMS:
                return texts.get("tooManyRooms", limit);
            case SERVER_FULL:
                return texts.get("serverFull", limit);
            case TOO_MANY_FROM_ADDRESS:
                return texts.get("tooManyFromAddress", limit);
            case TOO_MANY_ROOMS_FROM_ADDRESS:
                return texts.get("tooManyRoomsFromAddress", limit);
            case REJOIN_PAUSED:
                return texts.get("rejoinPaused", limit);
            case NAME_LOOKS_LIKE: // no subject: the administrator, or a name too long to send back
                return subject.isEmpty()
                        ? texts.get("name.looksLikeAdministrator")
                        : texts.get("name.looksLike", subject);
            case NAME_MIXED_SCRIPTS:
                return texts.get("name.mixedScripts");
            case NAMES_UNAVAILABLE:
                return texts.get("namesUnavailable");
            default:
                throw new AssertionError(reason);
        }
    }
}
