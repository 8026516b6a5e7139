package org.udpchat.client;

import java.util.Optional;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.RoomRequest;

/** One of our reliable native messages, kept until the server acknowledges it: a chat line, a request, the quit. */
sealed interface Outgoing {

    /** The datagram that carries it as message {@code seq}, acknowledging the server's events up to {@code ack}. */
    NativeClientPacket packet(long token, long seq, long ack);

    /**
     * What the user said with it, as they typed it, for telling them it may be lost; empty for what says
     * nothing (a quit, a {@code /who}).
     */
    Optional<String> said();

    /** A chat line, as typed. */
    record Chat(String text) implements Outgoing {
        @Override
        public NativeClientPacket packet(long token, long seq, long ack) {
            return new NativeClientPacket.Chat(token, seq, ack, text);
        }

        @Override
        public Optional<String> said() {
            return Optional.of(text);
        }
    }

    /** A request: a room move, a listing, a private message, an action, a new name. */
    record Request(RoomRequest request) implements Outgoing {
        @Override
        public NativeClientPacket packet(long token, long seq, long ack) {
            return new NativeClientPacket.Request(token, seq, ack, request);
        }

        @Override
        public Optional<String> said() {
            if (request instanceof RoomRequest.PrivateMessage message) {
                return Optional.of("/msg " + message.to() + " " + message.text());
            }
            if (request instanceof RoomRequest.Action action) {
                return Optional.of("/me " + action.text());
            }
            return Optional.empty();
        }
    }

    /** Leaving the room: acknowledged once everything typed before it was. */
    record Quit() implements Outgoing {
        @Override
        public NativeClientPacket packet(long token, long seq, long ack) {
            return new NativeClientPacket.Quit(token, seq, ack);
        }

        @Override
        public Optional<String> said() {
            return Optional.empty();
        }
    }
}
