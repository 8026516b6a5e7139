package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.KickNotice;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.Untrusted;

/**
 * The chat room with no socket: one {@link Room} of members, spoken to in two protocols, classic text
 * ({@link ClassicProtocol}) and native ({@link NativeProtocol}), told apart by a datagram's first byte,
 * plus what the operator asks for.
 *
 * <p>Every method runs on the relay thread, the only thread that touches the room, so nothing needs a
 * lock and events happen in the order the relay saw them. Other threads reach the relay by posting
 * commands to {@link RelayLoop}; time reaches it through {@link #onTick} and the clock it is given, so
 * tests drive both.
 */
final class Relay {

    /** The timers' period while native sessions exist: fine enough for a 200 ms retransmit floor. */
    static final long TICK_MILLIS = 10;

    /** The timers' period with only classic members who may time out. */
    static final long IDLE_TICK_MILLIS = 1000;

    private final Room room;
    private final ClassicProtocol classic;
    private final NativeProtocol nativeProtocol;
    private boolean closing;

    /** A relay with the default session timeout and classic members kept until they quit. */
    Relay(Texts texts, int maxMembers, InstantSource clock, Outbox outbox) {
        this(texts, maxMembers, clock, outbox, ServerConfig.DEFAULT_SESSION_TIMEOUT, Duration.ZERO, new SecureRandom());
    }

    /**
     * @param sessionTimeout how long a native session may stay silent
     * @param classicIdleTimeout how long a classic member may stay silent; zero for ever
     * @param random where session tokens, nonces and the cookie secret come from
     */
    Relay(
            Texts texts,
            int maxMembers,
            InstantSource clock,
            Outbox outbox,
            Duration sessionTimeout,
            Duration classicIdleTimeout,
            SecureRandom random) {
        this.room = new Room(texts, maxMembers, clock, outbox);
        this.classic = new ClassicProtocol(room, classicIdleTimeout.toMillis());
        this.nativeProtocol = new NativeProtocol(room, random, sessionTimeout.toMillis());
    }

    /** The datagram in the buffer's remaining bytes arrived from {@code from}; this consumes it. */
    void onDatagram(InetSocketAddress from, ByteBuffer datagram) {
        room.countIn();
        if (NativeCodec.isNative(datagram)) {
            nativeProtocol.onDatagram(from, datagram);
        } else if (!closing) {
            classic.onDatagram(from, datagram);
            nativeProtocol.dropFallenBehind(); // a classic chat may have overflowed a native member
        }
    }

    /** The timers; {@link #tickMillis} says how often the loop should call this. */
    void onTick() {
        long now = room.now();
        nativeProtocol.onTick(now);
        classic.onTick(now);
    }

    /** How long the loop may sleep before the next {@link #onTick}; 0 when no timer is needed. */
    long tickMillis() {
        if (nativeProtocol.hasSessions()) {
            return TICK_MILLIS;
        }
        return classic.hasIdleTimeout() && room.size() > 0 ? IDLE_TICK_MILLIS : 0;
    }

    /**
     * An announcement from the operator to every member, spoken by {@link Names#ADMINISTRATOR}.
     *
     * @return why the text cannot be announced, or empty when it was
     */
    Optional<ChatText.Problem> onAnnouncement(String text) {
        Optional<ChatText.Problem> problem = ChatText.check(Names.ADMINISTRATOR, text);
        if (problem.isEmpty()) {
            Logger.info("announcement: {}", Untrusted.quote(text));
            room.broadcast(new RoomEvent.Announced(text), null);
            nativeProtocol.dropFallenBehind();
        }
        return problem;
    }

    /**
     * Removes the member called {@code name}: it is told why ({@code reason} may be empty) and that its
     * membership has ended; the room is told.
     */
    KickOutcome onKick(String name, String reason) {
        Member member = room.memberNamed(Names.key(name));
        if (member == null) {
            return KickOutcome.NO_SUCH_MEMBER;
        }
        if (ChatText.check(Names.ADMINISTRATOR, KickNotice.text(room.texts().language(), reason))
                .isPresent()) {
            return KickOutcome.BAD_REASON;
        }
        Logger.info(
                "{} kicked{}", Untrusted.quote(member.name()), reason.isEmpty() ? "" : ": " + Untrusted.quote(reason));
        KickOutcome outcome = member.isNative() ? nativeProtocol.kick(member, reason) : classic.kick(member, reason);
        nativeProtocol.dropFallenBehind();
        return outcome;
    }

    /**
     * The room closes: every classic member is told why and receives {@code EXIT}; every native member is
     * told reliably (the loop keeps serving until {@link #isClosed} so that acknowledgements arrive).
     */
    void onShutdown() {
        closing = true;
        List<Member> everyone = room.clear();
        List<Member> natives = new ArrayList<>();
        for (Member member : everyone) {
            if (member.isNative()) {
                natives.add(member);
            } else {
                classic.sayGoodbye(member);
            }
        }
        nativeProtocol.close(natives);
        Logger.info("room closed; said goodbye to {} members", everyone.size());
    }

    /** After {@link #onShutdown}: whether every native member has acknowledged the closing, or given up. */
    boolean isClosed() {
        return closing && nativeProtocol.isSettled();
    }

    /** The members in joining order, with how long each has been silent. */
    List<MemberInfo> members() {
        long now = room.now();
        List<MemberInfo> members = new ArrayList<>(room.size());
        for (Member member : room.members()) {
            members.add(new MemberInfo(
                    member.name(),
                    member.address(),
                    Duration.ofMillis(Math.max(0, now - member.lastHeardMillis())),
                    member.isNative()));
        }
        return members;
    }

    RelayStats stats() {
        return room.stats();
    }
}
