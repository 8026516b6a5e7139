package org.udpchat.client;

import java.util.Optional;
import java.util.function.LongSupplier;
import org.udpchat.codec.LineId;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.RoomEvent;
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

    /** The line's id ({@link LineId}), kept when it is said again; {@link LineId#NONE} for none. */
    default long lineId() {
        return LineId.NONE;
    }

    /** What our room sends back to us when it takes this line while we are called {@code name}; empty if nothing. */
    default Optional<RoomEvent> echo(String name) {
        return Optional.empty();
    }

    /**
     * This message with a line id from {@code ids}, if it is a line said in a room (chat, {@code /me}) that has none
     * yet; else itself, and {@code ids} is not asked.
     */
    default Outgoing withLineIdFrom(LongSupplier ids) {
        return this;
    }

    /** A chat line, as typed, and its line id ({@link LineId#NONE}: none). */
    record Chat(String text, long lineId) implements Outgoing {
        /** A chat line without an id. */
        Chat(String text) {
            this(text, LineId.NONE);
        }

        @Override
        public NativeClientPacket packet(long token, long seq, long ack) {
            return new NativeClientPacket.Chat(token, seq, ack, text, lineId);
        }

        @Override
        public Optional<String> said() {
            return Optional.of(text);
        }

        @Override
        public Optional<RoomEvent> echo(String name) {
            return Optional.of(new RoomEvent.Said(name, text));
        }

        @Override
        public Outgoing withLineIdFrom(LongSupplier ids) {
            return lineId == LineId.NONE ? new Chat(text, ids.getAsLong()) : this;
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

        @Override
        public long lineId() {
            return request instanceof RoomRequest.Action action ? action.lineId() : LineId.NONE;
        }

        @Override
        public Optional<RoomEvent> echo(String name) {
            return request instanceof RoomRequest.Action action
                    ? Optional.of(new RoomEvent.Acted(name, action.text()))
                    : Optional.empty();
        }

        @Override
        public Outgoing withLineIdFrom(LongSupplier ids) {
            return request instanceof RoomRequest.Action action && action.lineId() == LineId.NONE
                    ? new Request(new RoomRequest.Action(action.text(), ids.getAsLong()))
                    : this;
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
