package org.udpchat.server;

import java.util.List;
import org.udpchat.codec.KickNotice;
import org.udpchat.codec.Limits;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;
import org.udpchat.codec.Utf8;

/** What classic members see of a room event: the line the server words in its own language. */
final class ClassicLines {

    private ClassicLines() {}

    static ServerPacket.Line render(RoomEvent event, Texts texts) {
        if (event instanceof RoomEvent.Said said) {
            return ServerPacket.Line.chat(said.name(), said.text());
        } else if (event instanceof RoomEvent.Joined joined) {
            return new ServerPacket.Line(texts.get("notice.joined", joined.name()));
        } else if (event instanceof RoomEvent.Left left) {
            return new ServerPacket.Line(texts.get("notice.left", left.name()));
        } else if (event instanceof RoomEvent.TimedOut timedOut) {
            return new ServerPacket.Line(texts.get("notice.timedOut", timedOut.name()));
        } else if (event instanceof RoomEvent.Kicked kicked) {
            return new ServerPacket.Line(texts.get("notice.kicked", kicked.name()));
        } else if (event instanceof RoomEvent.Dropped dropped) {
            return new ServerPacket.Line(texts.get("notice.dropped", dropped.name()));
        } else if (event instanceof RoomEvent.ManyJoined joined) {
            return new ServerPacket.Line(
                    texts.get("notice.manyJoined", joined.total(), listing(joined.total(), joined.names(), texts)));
        } else if (event instanceof RoomEvent.ManyLeft left) {
            return new ServerPacket.Line(
                    texts.get("notice.manyLeft", left.total(), listing(left.total(), left.names(), texts)));
        } else if (event instanceof RoomEvent.Went went) {
            return new ServerPacket.Line(texts.get("notice.went", went.name(), went.room()));
        } else if (event instanceof RoomEvent.Came came) {
            return new ServerPacket.Line(texts.get("notice.came", came.name(), came.room()));
        } else if (event instanceof RoomEvent.Announced announced) {
            return ServerPacket.Line.chat(Names.ADMINISTRATOR, announced.text());
        } else if (event instanceof RoomEvent.AnnouncedToRoom notice) {
            // not "管理员 : ...", an announcement's form (which a classic client cannot tell from a kick notice)
            return new ServerPacket.Line(roomNotice(notice.room(), notice.text(), texts));
        } else if (event instanceof RoomEvent.Banned banned) {
            return new ServerPacket.Line(texts.get("notice.kicked", banned.name())); // as before bans had words
        } else if (event instanceof RoomEvent.YouWereBanned banned) {
            // a kick notice, so that the project's client knows it (KickNotice), with the ban worded as its reason
            String reason =
                    banned.minutes() == 0 ? texts.get("ban.reason") : texts.get("ban.reasonFor", banned.minutes());
            return ServerPacket.Line.chat(Names.ADMINISTRATOR, KickNotice.text(texts.language(), reason));
        } else if (event instanceof RoomEvent.Closing) {
            return ServerPacket.Line.chat(Names.ADMINISTRATOR, texts.get("notice.closing"));
        } else if (event instanceof RoomEvent.YouWereKicked kicked) {
            // the form the project's client knows a kick by (KickNotice), in the server's language
            return ServerPacket.Line.chat(Names.ADMINISTRATOR, KickNotice.text(texts.language(), kicked.reason()));
        } else if (event instanceof RoomEvent.Acted acted) {
            return new ServerPacket.Line("* " + acted.name() + " " + acted.text());
        } else if (event instanceof RoomEvent.Renamed renamed) {
            return new ServerPacket.Line(texts.get("notice.renamed", renamed.oldName(), renamed.newName()));
        } else if (event instanceof RoomEvent.PrivateFrom message) {
            return new ServerPacket.Line(texts.get("notice.private", message.name(), message.text()));
        } else if (event instanceof RoomEvent.Muted muted) {
            return ServerPacket.Line.chat(
                    Names.ADMINISTRATOR,
                    muted.minutes() == 0 ? texts.get("notice.muted") : texts.get("notice.mutedFor", muted.minutes()));
        } else if (event instanceof RoomEvent.Unmuted) {
            return ServerPacket.Line.chat(Names.ADMINISTRATOR, texts.get("notice.unmuted"));
        } else if (event instanceof RoomEvent.Missed missed && !missed.room().isEmpty()) {
            // a line about the room, as its joins and departures are: no name before it
            return new ServerPacket.Line(texts.get("notice.missed", missed.lines(), missed.room()));
        } else {
            // the rest are answers to a native member's own requests, never sent as classic lines
            throw new IllegalArgumentException("not a room-wide event: " + event);
        }
    }

    /**
     * Whether the classic line of a notice to the room called {@code room} fits one datagram: it is longer
     * than an announcement's by the room's name and its marker.
     */
    static boolean roomNoticeFits(String room, String text, Texts texts) {
        return Utf8.encodedLength(roomNotice(room, text, texts)) <= Limits.MAX_DATAGRAM_BYTES;
    }

    /** {@code [notice to games] 管理员 : text}: a room notice's classic line, in the server's language. */
    private static String roomNotice(String room, String text, Texts texts) {
        return texts.get("notice.toRoom", room, Names.ADMINISTRATOR + ServerPacket.Line.CHAT_SEPARATOR + text);
    }

    /** The names, and how many more there are: {@code a, b, c and 9 more}. */
    private static String listing(long total, List<String> names, Texts texts) {
        String named = String.join(texts.get("notice.listSeparator"), names);
        return names.size() < total ? texts.get("notice.andMore", named, total - names.size()) : named;
    }
}
