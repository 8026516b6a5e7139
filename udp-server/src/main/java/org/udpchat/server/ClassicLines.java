package org.udpchat.server;

import org.udpchat.codec.Names;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;

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
        } else if (event instanceof RoomEvent.Announced announced) {
            return ServerPacket.Line.chat(Names.ADMINISTRATOR, announced.text());
        } else if (event instanceof RoomEvent.Closing) {
            return ServerPacket.Line.chat(Names.ADMINISTRATOR, texts.get("notice.closing"));
        } else {
            // YouWereKicked and NotRelayed are told to one native member, never broadcast
            throw new IllegalArgumentException("not a room-wide event: " + event);
        }
    }
}
