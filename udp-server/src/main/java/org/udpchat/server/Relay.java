package org.udpchat.server;

import java.net.InetAddress;
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
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;

/**
 * The chat server with no socket: {@link Rooms} of members, spoken to in two protocols, classic text
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

    private final Rooms rooms;
    private final Moderation moderation = new Moderation();
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
        this(texts, RoomLimits.ofMembers(maxMembers), clock, outbox, sessionTimeout, classicIdleTimeout, random);
    }

    /**
     * @param limits how many members and rooms the server holds
     * @param sessionTimeout how long a native session may stay silent
     * @param classicIdleTimeout how long a classic member may stay silent; zero for ever
     * @param random where session tokens, nonces and the cookie secret come from
     */
    Relay(
            Texts texts,
            RoomLimits limits,
            InstantSource clock,
            Outbox outbox,
            Duration sessionTimeout,
            Duration classicIdleTimeout,
            SecureRandom random) {
        this.rooms = new Rooms(texts, limits, clock, outbox);
        this.classic = new ClassicProtocol(rooms, moderation, classicIdleTimeout.toMillis());
        this.nativeProtocol = new NativeProtocol(rooms, moderation, random, sessionTimeout.toMillis());
    }

    /** The datagram in the buffer's remaining bytes arrived from {@code from}; this consumes it. */
    void onDatagram(InetSocketAddress from, ByteBuffer datagram) {
        rooms.countIn(datagram.remaining());
        if (NativeCodec.isNative(datagram)) {
            nativeProtocol.onDatagram(from, datagram);
        } else if (!closing) {
            classic.onDatagram(from, datagram);
            nativeProtocol.dropFallenBehind(); // a classic chat may have overflowed a native member
        }
    }

    /** The timers; {@link #tickMillis} says how often the loop should call this. */
    void onTick() {
        long now = rooms.now();
        nativeProtocol.onTick(now);
        classic.onTick(now);
    }

    /** How long the loop may sleep before the next {@link #onTick}; 0 when no timer is needed. */
    long tickMillis() {
        if (nativeProtocol.hasSessions()) {
            return TICK_MILLIS;
        }
        return classic.hasIdleTimeout() && rooms.size() > 0 ? IDLE_TICK_MILLIS : 0;
    }

    /**
     * An announcement from the operator to every member in every room, spoken by {@link Names#ADMINISTRATOR}.
     *
     * @return why the text cannot be announced, or empty when it was
     */
    Optional<ChatText.Problem> onAnnouncement(String text) {
        Optional<ChatText.Problem> problem = ChatText.check(Names.ADMINISTRATOR, text);
        if (problem.isEmpty()) {
            Logger.info("announcement: {}", Untrusted.quote(text));
            rooms.broadcastEverywhere(new RoomEvent.Announced(text));
            nativeProtocol.dropFallenBehind();
        }
        return problem;
    }

    /** An announcement from the operator to the room called {@code room} alone. */
    OperatorOutcome onSay(String room, String text) {
        ChatRoom target = rooms.roomNamed(RoomNames.key(room));
        if (target == null) {
            return OperatorOutcome.NO_SUCH_ROOM;
        }
        Optional<ChatText.Problem> problem = ChatText.check(Names.ADMINISTRATOR, text);
        if (problem.isPresent()) {
            return problem.get() == ChatText.Problem.TOO_LONG
                    ? OperatorOutcome.TEXT_TOO_LONG
                    : OperatorOutcome.TEXT_INVISIBLE;
        }
        Logger.info("announcement to {}: {}", Untrusted.quote(target.name()), Untrusted.quote(text));
        rooms.broadcast(target, new RoomEvent.Announced(text), null);
        nativeProtocol.dropFallenBehind();
        return OperatorOutcome.DONE;
    }

    /**
     * Bans the address of the member called {@code name} for {@code minutes} (0: until lifted) and
     * removes every member at that address.
     */
    BanResult onBan(String name, long minutes) {
        Member member = rooms.memberNamed(Names.key(name));
        if (member == null) {
            return BanResult.failed(OperatorOutcome.NO_SUCH_MEMBER);
        }
        return onBanAddress(member.address().getAddress(), minutes);
    }

    /** Bans {@code address} for {@code minutes} (0: until lifted) and removes every member at it. */
    BanResult onBanAddress(InetAddress address, long minutes) {
        long now = rooms.now();
        moderation.bans().put(address, Deadlines.after(now, minutes));
        Logger.info(
                "banned {} {}", address.getHostAddress(), minutes == 0 ? "until lifted" : "for " + minutes + " min");
        String reason =
                minutes == 0 ? rooms.texts().get("ban.reason") : rooms.texts().get("ban.reasonFor", minutes);
        List<Member> there = new ArrayList<>();
        for (Member member : rooms.members()) {
            if (member.address().getAddress().equals(address)) {
                there.add(member);
            }
        }
        List<String> removed = new ArrayList<>();
        for (Member member : there) {
            if (rooms.memberNamed(member.key()) == member) { // not dropped meanwhile by removing another
                removed.add(member.name());
                remove(member, reason);
            }
        }
        return new BanResult(OperatorOutcome.DONE, address, removed);
    }

    /** Lifts the ban on {@code address}. */
    OperatorOutcome onUnban(InetAddress address) {
        if (!moderation.bans().remove(address, rooms.now())) {
            return OperatorOutcome.NOT_BANNED;
        }
        Logger.info("unbanned {}", address.getHostAddress());
        return OperatorOutcome.DONE;
    }

    /** Mutes the member called {@code name} for {@code minutes} (0: until unmuted); it is told. */
    OperatorOutcome onMute(String name, long minutes) {
        Member member = rooms.memberNamed(Names.key(name));
        if (member == null) {
            return OperatorOutcome.NO_SUCH_MEMBER;
        }
        moderation.mutes().put(member.key(), Deadlines.after(rooms.now(), minutes));
        Logger.info(
                "muted {} {}",
                Untrusted.quote(member.name()),
                minutes == 0 ? "until unmuted" : "for " + minutes + " min");
        tellOne(member, new RoomEvent.Muted(minutes));
        return OperatorOutcome.DONE;
    }

    /** Lets the member (or name) called {@code name} speak again. */
    OperatorOutcome onUnmute(String name) {
        String key = Names.key(name);
        if (!moderation.mutes().remove(key, rooms.now())) {
            return OperatorOutcome.NOT_MUTED;
        }
        Logger.info("unmuted {}", Untrusted.quote(name));
        Member member = rooms.memberNamed(key);
        if (member != null) {
            tellOne(member, new RoomEvent.Unmuted());
        }
        return OperatorOutcome.DONE;
    }

    /** The bans and mutes in force now. */
    Restrictions restrictions() {
        long now = rooms.now();
        List<Restriction> bans = new ArrayList<>();
        moderation
                .bans()
                .inForce(now)
                .forEach((address, left) -> bans.add(restriction(address.getHostAddress(), left)));
        List<Restriction> mutes = new ArrayList<>();
        moderation.mutes().inForce(now).forEach((key, left) -> {
            Member member = rooms.memberNamed(key);
            mutes.add(restriction(member == null ? key : member.name(), left));
        });
        return new Restrictions(bans, mutes);
    }

    private static Restriction restriction(String subject, long remainingMillis) {
        return new Restriction(
                subject,
                remainingMillis == Deadlines.FOREVER
                        ? Optional.empty()
                        : Optional.of(Duration.ofMillis(remainingMillis)));
    }

    private void tellOne(Member member, RoomEvent event) {
        if (member.isNative()) {
            rooms.tell(member.session(), member, event);
            nativeProtocol.dropFallenBehind();
        } else {
            rooms.tellClassic(member, event);
        }
    }

    /**
     * Removes the member called {@code name}: it is told why ({@code reason} may be empty) and that its
     * membership has ended; the room is told.
     */
    KickOutcome onKick(String name, String reason) {
        Member member = rooms.memberNamed(Names.key(name));
        if (member == null) {
            return KickOutcome.NO_SUCH_MEMBER;
        }
        if (ChatText.check(Names.ADMINISTRATOR, KickNotice.text(rooms.texts().language(), reason))
                .isPresent()) {
            return KickOutcome.BAD_REASON;
        }
        Logger.info(
                "{} kicked{}", Untrusted.quote(member.name()), reason.isEmpty() ? "" : ": " + Untrusted.quote(reason));
        return remove(member, reason);
    }

    private KickOutcome remove(Member member, String reason) {
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
        List<Member> everyone = rooms.clear();
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

    /** The rooms, the lobby first, then in the order they were made. */
    List<RoomInfo> rooms() {
        List<RoomInfo> list = new ArrayList<>();
        for (ChatRoom room : rooms.rooms()) {
            list.add(new RoomInfo(room.name(), room.size()));
        }
        return list;
    }

    /** The members in joining order, with how long each has been silent. */
    List<MemberInfo> members() {
        long now = rooms.now();
        List<MemberInfo> members = new ArrayList<>(rooms.size());
        for (Member member : rooms.members()) {
            members.add(new MemberInfo(
                    member.name(),
                    member.room().name(),
                    member.address(),
                    Duration.ofMillis(Math.max(0, now - member.lastHeardMillis())),
                    member.isNative()));
        }
        return members;
    }

    /** The native sessions' reliability state, for diagnosing a stall. */
    List<String> describeSessions() {
        return nativeProtocol.describe();
    }

    RelayStats stats() {
        return rooms.stats();
    }
}
