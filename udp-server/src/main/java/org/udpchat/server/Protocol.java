package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One of the two protocols on the relay's port, classic text and native, each with its own rules for what
 * a datagram means and how a membership ends. The relay hands each datagram to the protocol its first
 * byte names, and asks a member's own protocol to end its membership. Runs on the relay thread, which
 * reads its clock once per datagram or turn of the timers and passes the reading down, so everything one
 * event causes happens at one instant.
 */
interface Protocol {

    /**
     * A datagram of this protocol, in the buffer's remaining bytes, arrived from {@code from} at
     * {@code nowMillis} on the relay's clock; this consumes it.
     */
    void onDatagram(InetSocketAddress from, ByteBuffer datagram, long nowMillis);

    /** The protocol's timers due at {@code nowMillis} on the relay's clock; those not due are not visited. */
    void onTick(long nowMillis);

    /**
     * When {@link #onTick} next has something to do, asked at {@code nowMillis}: at or before then if due
     * already, {@link Long#MAX_VALUE} if nothing is timed.
     */
    long nextTimerMillis(long nowMillis);

    /**
     * Removes {@code member} for the operator: it is told why ({@code removal}, a kick or a ban) and that its
     * membership has ended; its room is told.
     */
    void kick(Member member, Removal removal, long nowMillis);

    /** The room is closing and {@code member} has left the room's tables: it is told. */
    void sayGoodbye(Member member, long nowMillis);
}
