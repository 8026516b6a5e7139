package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.ClientPacket;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.Names;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.ServerPacket;
import org.udpchat.codec.Untrusted;

/**
 * The classic text protocol's rules: a member is its address, and lives in the lobby; a chat or quit is
 * accepted only from the address that joined under that name, and an address holds at most one name.
 * Every reply is kept small and rare (see {@link Delivery#replyToStranger}), because a classic source
 * address proves nothing and may be forged. Runs on the relay thread.
 */
final class ClassicProtocol implements Protocol {

    /** A reply to a classic request may be this many times the size of the request... */
    static final int AMPLIFICATION_FACTOR = 3;

    /** ...or this many bytes, whichever is larger, so a short refusal still fits a short request. */
    static final int MIN_REPLY_BOUND = 64;

    private static final ServerPacket OK = new ServerPacket.Ok();
    private static final ServerPacket EXIT = new ServerPacket.Exit();

    private final Rooms rooms;
    private final Admission admission;
    private final Moderation moderation;
    private final TextRules textRules;
    private final Delivery delivery;
    private final TrafficCounters counters;
    private final Texts texts;
    private final ClassicAccess access;
    private final FloodControl flood;
    private final long idleTimeoutMillis;
    private final ServerPacket tooFast;

    /**
     * When each classic member's silence runs out, with the idle timeout; a timeout of minutes may end a
     * second late, so ten thousand of them wake the relay once a second at most.
     */
    private final DeadlineQueue<Member> idleDeadlines = new DeadlineQueue<>(1_000);

    /** Forged and impersonating datagrams are counted always, and logged at most every 10 s. */
    private final LogThrottle refusalLog = new LogThrottle(10_000);

    /** Where a newcomer's name is claimed across a cluster first; none on a single server. */
    private SharedNames names = SharedNames.NONE;

    /** The relay's clock, for the joins a cluster's claim answers; set with {@link #names}. */
    private InstantSource clock;

    /** Addresses whose login's name is being claimed across the cluster, with the name. */
    private final Map<InetSocketAddress, String> claiming = new HashMap<>();

    /** The last number a classic member's name was held by across the cluster (counting down from 0). */
    private long lastHolder;

    /** @param idleTimeoutMillis how long a classic member may stay silent; 0 for ever (the classic way) */
    ClassicProtocol(
            Rooms rooms,
            Admission admission,
            Moderation moderation,
            TextRules textRules,
            Delivery delivery,
            TrafficCounters counters,
            Texts texts,
            Safeguards safeguards,
            long idleTimeoutMillis) {
        this.rooms = rooms;
        this.admission = admission;
        this.moderation = moderation;
        this.textRules = textRules;
        this.delivery = delivery;
        this.counters = counters;
        this.texts = texts;
        this.access = safeguards.classic();
        this.flood = safeguards.flood();
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.tooFast = line(texts.get("chat.tooFast"));
    }

    @Override
    public void onDatagram(InetSocketAddress from, ByteBuffer datagram, long now) {
        int size = datagram.remaining();
        if (!access.accepts(from.getAddress())) {
            // Nothing proves the source, so nothing goes back to it: no reply is the only reply that cannot
            // be aimed at a stranger.
            counters.dropped(DropReason.CLASSIC_NOT_ACCEPTED);
            return;
        }
        if (isOverTheRate(from, datagram, now)) {
            refuseTooFast(from, size);
            return;
        }
        ClientPacket packet;
        try {
            packet = ClassicCodec.decodeClientPacket(datagram);
        } catch (MalformedPacketException e) {
            // Dropped without a reply: the sender may be forged or broken, and the room keeps going.
            counters.dropped(DropReason.MALFORMED);
            if (Logger.isDebugEnabled()) {
                Logger.debug("dropped {} bytes from {}: {}", size, HostPort.format(from), e.getMessage());
            }
            return;
        }
        if (Logger.isDebugEnabled()) {
            Logger.debug("{} bytes from {}: {}", size, HostPort.format(from), Untrusted.quote(packet.toString()));
        }
        Member member = rooms.memberAt(from);
        if (member != null && member.isNative()) {
            // A native member's address speaking classic text: its session is what speaks for it, and a
            // forged classic datagram must neither speak for it nor keep it alive.
            counters.dropped(DropReason.IMPERSONATION);
            if (refusalLog.allows(now)) {
                Logger.warn(
                        "dropped a classic {} from {}, the address of native member {} ({} more refusals held back)",
                        packet.getClass().getSimpleName(),
                        HostPort.format(from),
                        Untrusted.quote(member.name()),
                        refusalLog.takeHeldBack());
            }
            return;
        }
        if (packet instanceof ClientPacket.Login login) {
            onLogin(from, login.name(), size, now);
        } else if (packet instanceof ClientPacket.Chat chat) {
            onChat(from, chat.name(), chat.text(), size, now);
        } else if (packet instanceof ClientPacket.Quit quit) {
            onQuit(from, quit.name(), size, now);
        } else {
            throw new AssertionError(packet);
        }
    }

    private void onLogin(InetSocketAddress from, String name, int size, long now) {
        Member holder = rooms.memberAt(from);
        if (holder != null) {
            holder.heardAt(now);
        }
        boolean retry = holder != null && holder.key().equals(Names.key(name));
        Optional<Refusal> refusal = admission.checkJoin(from, name, RoomNames.LOBBY, retry ? holder : null, false);
        if (refusal.isPresent()) {
            ServerPacket.Line refused = line(refusalText(refusal.get(), holder));
            if (refusal.get().reason() == RefusalReason.NAME_LOOKS_LIKE
                    && ClassicCodec.encode(refused).length > replyBound(size)) {
                refused = line(texts.get("name.looksLikeMember")); // the name it looks like would not fit
            }
            reply(from, size, refused);
            return;
        }
        if (retry) {
            delivery.send(OK, from); // a retry whose OK was lost: answer again, tell nobody twice
            return;
        }
        if (names.isShared()) {
            claimThenJoin(from, name, size);
            return;
        }
        join(from, name, now, 0);
    }

    /**
     * In a cluster: the name is claimed across the nodes first. A retried login while the claim is out is
     * answered by the claim's answer; the join is checked again once it comes, for time has gone by.
     */
    private void claimThenJoin(InetSocketAddress from, String name, int size) {
        if (claiming.containsKey(from)) {
            return;
        }
        long holder = --lastHolder; // negative: a native member's holder is its first token
        claiming.put(from, name);
        names.claim(name, holder, clusterRefusal -> {
            claiming.remove(from);
            long now = clock.millis();
            Optional<Refusal> refusal = clusterRefusal.isPresent()
                    ? clusterRefusal
                    : admission.checkJoin(from, name, RoomNames.LOBBY, null, false);
            if (refusal.isPresent()) {
                if (clusterRefusal.isEmpty()) {
                    names.release(name, holder);
                }
                reply(from, size, line(refusalText(refusal.get(), null)));
                return;
            }
            join(from, name, now, holder);
        });
    }

    private void join(InetSocketAddress from, String name, long now, long holder) {
        Member member = Member.classic(name, Names.key(name), from, now);
        member.holdsNameAs(holder);
        rooms.add(member, RoomNames.LOBBY);
        startIdleTimer(member);
        Logger.info("{} joined from {} ({} on the server)", Untrusted.quote(name), HostPort.format(from), rooms.size());
        delivery.send(OK, from);
        delivery.arrived(member.room(), member);
    }

    /** In a cluster: a newcomer's name is claimed through {@code shared} before it comes in. */
    void shareNamesThrough(SharedNames shared, InstantSource relayClock) {
        this.names = shared;
        this.clock = relayClock;
    }

    private void onChat(InetSocketAddress from, String claimedName, String text, int size, long now) {
        Member member = rooms.memberAt(from);
        if (member == null) {
            reply(from, size, line(texts.get("chat.notJoined")));
            return;
        }
        member.heardAt(now);
        if (!isNameOf(member, claimedName)) {
            refuseImpersonation(member, claimedName, "chat", size, now);
            return;
        }
        Optional<ChatText.Problem> problem = textRules.check(member.name(), text);
        if (problem.isPresent()) {
            reply(from, size, line(textProblemText(problem.get(), member.name())));
            return;
        }
        Optional<Term> muted = moderation.muteOf(member);
        if (muted.isPresent()) {
            reply(
                    from,
                    size,
                    line(
                            muted.get().isUntilLifted()
                                    ? texts.get("chat.muted")
                                    : texts.get("chat.mutedFor", muted.get().minutes())));
            return;
        }
        if (!member.lines().tryTake(flood, now)) {
            refuseTooFast(from, size);
            return;
        }
        delivery.broadcast(member.room(), new RoomEvent.Said(member.name(), text), null);
    }

    /**
     * Whether this is a chat from a classic member whose bucket is empty: checked before decoding, because
     * a flooder sends as fast as it can and every datagram must be read and turned away by this one thread
     * while the room waits behind it in the socket. A quit or login from the flooder still goes the whole way.
     */
    private boolean isOverTheRate(InetSocketAddress from, ByteBuffer datagram, long now) {
        if (!flood.isOn() || !ClassicCodec.isTaggedChat(datagram)) {
            return false;
        }
        Member member = rooms.memberAt(from);
        return member != null && !member.isNative() && !member.lines().hasLine(flood, now);
    }

    /** Classic text has no window to hold a line in: over the rate, a line is refused. */
    private void refuseTooFast(InetSocketAddress from, int size) {
        counters.dropped(DropReason.FLOODED);
        reply(from, size, tooFast);
    }

    private void onQuit(InetSocketAddress from, String claimedName, int size, long now) {
        Member member = rooms.memberAt(from);
        if (member == null) {
            reply(from, size, EXIT); // the retry of a quit whose EXIT was lost
            return;
        }
        member.heardAt(now);
        if (!isNameOf(member, claimedName)) {
            refuseImpersonation(member, claimedName, "quit", size, now);
            return;
        }
        rooms.remove(member);
        idleDeadlines.cancel(member);
        Logger.info("{} left ({} on the server)", Untrusted.quote(member.name()), rooms.size());
        delivery.send(EXIT, from);
        delivery.departed(member.room(), member.name(), new RoomEvent.Left(member.name()));
    }

    /** Removes a classic member: the kick notice (worded by the server) and {@code EXIT}, then the room hears. */
    @Override
    public void kick(Member member, Removal removal, long now) {
        rooms.remove(member);
        idleDeadlines.cancel(member);
        delivery.tell(member, removal.toMember()); // the relay has checked that it fits
        delivery.send(EXIT, member.address());
        delivery.broadcast(member.room(), removal.toRoom(member.name()), null);
    }

    /** The room is closing: the classic member hears why, then {@code EXIT}. */
    @Override
    public void sayGoodbye(Member member, long now) {
        idleDeadlines.cancel(member);
        delivery.tell(member, new RoomEvent.Closing());
        delivery.send(EXIT, member.address());
    }

    /**
     * Lets classic members silent for longer than the idle timeout go, when there is one. Only those whose
     * deadline has passed are looked at: one that spoke meanwhile has its deadline moved on now, not at every
     * datagram.
     */
    @Override
    public void onTick(long nowMillis) {
        if (idleDeadlines.isEmpty()) {
            return;
        }
        List<Member> idle = new ArrayList<>();
        for (Member member : idleDeadlines.takeDue(nowMillis)) {
            if (!rooms.isPresent(member)) {
                continue; // gave way to a native login meanwhile
            }
            long deadline = idleDeadlineOf(member);
            if (nowMillis >= deadline) {
                idle.add(member);
            } else {
                idleDeadlines.schedule(member, deadline);
            }
        }
        for (Member member : idle) {
            rooms.remove(member);
            Logger.info("{} timed out after {} s of silence", Untrusted.quote(member.name()), idleTimeoutMillis / 1000);
            delivery.send(EXIT, member.address()); // if it is still there after all, it ends cleanly
            delivery.departed(member.room(), member.name(), new RoomEvent.TimedOut(member.name()));
        }
    }

    @Override
    public long nextTimerMillis(long nowMillis) {
        return idleDeadlines.nextWakeMillis();
    }

    /** From when {@code member} has been silent for longer than the idle timeout, unless it speaks first. */
    private long idleDeadlineOf(Member member) {
        return member.lastHeardMillis() + idleTimeoutMillis + 1;
    }

    /** {@code member} has just joined: with an idle timeout, its silence is timed from now on. */
    private void startIdleTimer(Member member) {
        if (idleTimeoutMillis > 0) {
            idleDeadlines.schedule(member, idleDeadlineOf(member));
        }
    }

    private static boolean isNameOf(Member member, String claimedName) {
        return member.name().equals(claimedName) || member.key().equals(Names.key(claimedName));
    }

    private void refuseImpersonation(Member member, String claimedName, String what, int size, long now) {
        counters.dropped(DropReason.IMPERSONATION);
        if (refusalLog.allows(now)) {
            Logger.warn(
                    "refused {} from {} at {}: it claimed to be {} ({} more refusals held back)",
                    what,
                    Untrusted.quote(member.name()),
                    HostPort.format(member.address()),
                    Untrusted.quote(claimedName),
                    refusalLog.takeHeldBack());
        }
        reply(member.address(), size, line(texts.get("chat.notYourName", member.name())));
    }

    /**
     * Replies to whoever sent a request of {@code requestSize} bytes. A classic address is never proven,
     * member or not, so every reply is held to {@value #AMPLIFICATION_FACTOR}× the request or
     * {@value #MIN_REPLY_BOUND} bytes, whichever is larger, and to the address's reply budget.
     */
    private void reply(InetSocketAddress to, int requestSize, ServerPacket reply) {
        delivery.replyToStranger(reply, to, replyBound(requestSize));
    }

    private static int replyBound(int requestSize) {
        return Math.max(AMPLIFICATION_FACTOR * requestSize, MIN_REPLY_BOUND);
    }

    private static ServerPacket.Line line(String text) {
        return new ServerPacket.Line(text);
    }

    /** A refused join in the classic wording; {@code holder} is the member at the joiner's address, if any. */
    private String refusalText(Refusal refusal, Member holder) {
        switch (refusal.reason()) {
            case BANNED:
                return refusal.limit() == 0 ? texts.get("login.banned") : texts.get("login.bannedFor", refusal.limit());
            case NAME_EMPTY:
                return texts.get("name.empty");
            case NAME_TOO_LONG:
                return texts.get("name.tooLong", Limits.MAX_NAME_CODE_POINTS);
            case NAME_WHITESPACE:
                return texts.get("name.whitespace");
            case NAME_INVISIBLE_OR_CONTROL:
                return texts.get("name.invisible");
            case NAME_RESERVED:
                return texts.get("name.reserved");
            case NAME_LOOKS_LIKE:
                return refusal.subject().isEmpty()
                        ? texts.get("name.looksLikeAdministrator")
                        : texts.get("name.looksLike", refusal.subject());
            case NAME_MIXED_SCRIPTS:
                return texts.get("name.mixedScripts");
            case NAMES_UNAVAILABLE:
                return texts.get("login.namesUnavailable");
            case ADDRESS_HAS_NAME:
                return texts.get("login.addressHasName", holder.name());
            case NAME_TAKEN:
                return texts.get("login.nameTaken");
            case SERVER_FULL:
                return texts.get("login.serverFull", refusal.limit());
            case TOO_MANY_FROM_ADDRESS:
                return texts.get("login.tooManyFromAddress", refusal.limit());
            case ROOM_FULL:
                return texts.get("login.roomFull", refusal.limit());
            case REJOIN_PAUSED: // a native member at the same IP address was dropped for falling behind
                return texts.get("login.rejoinPaused", refusal.limit());
            case BAD_ROOM_NAME: // classic members join the lobby, whose name is good
            case TOO_MANY_ROOMS: // and which always exists
            case TOO_MANY_ROOMS_FROM_ADDRESS: // nor opens a room
            case NOT_ALLOWED: // never given
            default:
                throw new AssertionError(refusal);
        }
    }

    private String textProblemText(ChatText.Problem problem, String name) {
        switch (problem) {
            case TOO_LONG:
                return texts.get("text.tooLong", ChatText.maxBytes(name));
            case INVISIBLE_OR_CONTROL:
                return texts.get("text.invisible");
            case BLANK_RUN:
                return texts.get("text.blankRun", ChatText.MAX_BLANK_RUN);
            case LOOKS_LIKE_ANNOUNCEMENT:
                return texts.get("text.looksLikeAnnouncement");
            case EMPTY: // all blank: a chat without any text at all is malformed, and never gets here
                return texts.get("text.blank");
            default:
                throw new AssertionError(problem);
        }
    }
}
