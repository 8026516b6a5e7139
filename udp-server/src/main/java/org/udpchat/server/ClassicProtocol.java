package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.ClientPacket;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.KickNotice;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.ServerPacket;
import org.udpchat.codec.Untrusted;

/**
 * The classic text protocol's rules: a member is its address, and lives in the lobby; a chat or quit is accepted only from the
 * address that joined under that name, and an address holds at most one name. Replies to addresses that
 * are not members are kept small and rare (see {@link Rooms#replyToStranger}), because their source may be
 * forged. Runs on the relay thread.
 */
final class ClassicProtocol {

    /** A reply to a non-member may be this many times the size of its request... */
    static final int AMPLIFICATION_FACTOR = 3;

    /** ...or this many bytes, whichever is larger, so a short refusal still fits a short request. */
    static final int MIN_REPLY_BOUND = 64;

    private static final ServerPacket OK = new ServerPacket.Ok();
    private static final ServerPacket EXIT = new ServerPacket.Exit();

    private final Rooms rooms;
    private final Moderation moderation;
    private final long idleTimeoutMillis;

    /** Forged and impersonating datagrams are counted always, and logged at most every 10 s. */
    private final LogThrottle refusalLog = new LogThrottle(10_000);

    /** @param idleTimeoutMillis how long a classic member may stay silent; 0 for ever (the classic way) */
    ClassicProtocol(Rooms rooms, Moderation moderation, long idleTimeoutMillis) {
        this.rooms = rooms;
        this.moderation = moderation;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** A classic datagram, in the buffer's remaining bytes, arrived from {@code from}. */
    void onDatagram(InetSocketAddress from, ByteBuffer datagram) {
        int size = datagram.remaining();
        ClientPacket packet;
        try {
            packet = ClassicCodec.decodeClientPacket(datagram);
        } catch (MalformedPacketException e) {
            // Dropped without a reply: the sender may be forged or broken, and the room keeps going.
            rooms.count(DropReason.MALFORMED);
            if (Logger.isDebugEnabled()) {
                Logger.debug("dropped {} bytes from {}: {}", size, from, e.getMessage());
            }
            return;
        }
        if (Logger.isDebugEnabled()) {
            Logger.debug("{} bytes from {}: {}", size, from, Untrusted.quote(packet.toString()));
        }
        Member member = rooms.memberAt(from);
        if (member != null && member.isNative()) {
            // A native member's address speaking classic text: its session is what speaks for it, and a
            // forged classic datagram must neither speak for it nor keep it alive.
            rooms.count(DropReason.IMPERSONATION);
            if (refusalLog.allows(rooms.now())) {
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
            onLogin(from, login.name(), size);
        } else if (packet instanceof ClientPacket.Chat chat) {
            onChat(from, chat.name(), chat.text(), size);
        } else if (packet instanceof ClientPacket.Quit quit) {
            onQuit(from, quit.name(), size);
        } else {
            throw new AssertionError(packet);
        }
    }

    private void onLogin(InetSocketAddress from, String name, int size) {
        Member holder = rooms.memberAt(from);
        Optional<Names.Problem> problem = Names.check(name);
        if (problem.isPresent()) {
            reply(from, size, line(nameProblemText(problem.get())));
            return;
        }
        String key = Names.key(name);
        if (holder != null) {
            holder.heardAt(rooms.now());
            if (!holder.isNative() && holder.key().equals(key)) {
                rooms.send(OK, from); // a retry whose OK was lost: answer again, tell nobody twice
            } else {
                reply(from, size, line(texts().get("login.addressHasName", holder.name())));
            }
            return;
        }
        OptionalLong banned = moderation.bans().remaining(from.getAddress(), rooms.now());
        if (banned.isPresent()) {
            long minutes = Deadlines.minutesLeft(banned.getAsLong());
            reply(
                    from,
                    size,
                    line(minutes == 0 ? texts().get("login.banned") : texts().get("login.bannedFor", minutes)));
            return;
        }
        if (rooms.memberNamed(key) != null) {
            reply(from, size, line(texts().get("login.nameTaken")));
            return;
        }
        switch (rooms.admission(RoomNames.LOBBY)) {
            case WELCOME:
                break;
            case SERVER_FULL:
                reply(
                        from,
                        size,
                        line(texts().get("login.serverFull", rooms.limits().maxMembers())));
                return;
            case ROOM_FULL:
                reply(
                        from,
                        size,
                        line(texts().get("login.roomFull", rooms.limits().maxRoomMembers())));
                return;
            case TOO_MANY_ROOMS: // the lobby always exists
            default:
                throw new AssertionError("no lobby");
        }
        if (!rooms.hasRoomForChat()) {
            // Each join is a notice to every native member: not while they are behind.
            rooms.count(DropReason.FLOW_CONTROLLED);
            reply(from, size, line(texts().get("login.busy")));
            return;
        }
        Member member = Member.classic(name, key, from, rooms.now());
        rooms.add(member, RoomNames.LOBBY);
        Logger.info("{} joined from {} ({} on the server)", Untrusted.quote(name), HostPort.format(from), rooms.size());
        rooms.send(OK, from);
        rooms.broadcast(member.room(), new RoomEvent.Joined(name), member);
    }

    private void onChat(InetSocketAddress from, String claimedName, String text, int size) {
        Member member = rooms.memberAt(from);
        if (member == null) {
            reply(from, size, line(texts().get("chat.notJoined")));
            return;
        }
        member.heardAt(rooms.now());
        if (!isNameOf(member, claimedName)) {
            refuseImpersonation(member, claimedName, "chat", size);
            return;
        }
        Optional<ChatText.Problem> problem = ChatText.check(member.name(), text);
        if (problem.isPresent()) {
            reply(from, size, line(textProblemText(problem.get(), member.name())));
            return;
        }
        OptionalLong muted = moderation.mutes().remaining(member.key(), rooms.now());
        if (muted.isPresent()) {
            long minutes = Deadlines.minutesLeft(muted.getAsLong());
            reply(from, size, line(minutes == 0 ? texts().get("chat.muted") : texts().get("chat.mutedFor", minutes)));
            return;
        }
        if (!rooms.hasRoomForChat()) {
            // Classic text promises no delivery; held back, it would overflow the native members.
            rooms.count(DropReason.FLOW_CONTROLLED);
            reply(from, size, line(texts().get("chat.busy")));
            return;
        }
        rooms.broadcast(member.room(), new RoomEvent.Said(member.name(), text), null);
    }

    private void onQuit(InetSocketAddress from, String claimedName, int size) {
        Member member = rooms.memberAt(from);
        if (member == null) {
            reply(from, size, EXIT); // the retry of a quit whose EXIT was lost
            return;
        }
        member.heardAt(rooms.now());
        if (!isNameOf(member, claimedName)) {
            refuseImpersonation(member, claimedName, "quit", size);
            return;
        }
        rooms.remove(member);
        Logger.info("{} left ({} on the server)", Untrusted.quote(member.name()), rooms.size());
        rooms.send(EXIT, from);
        rooms.broadcast(member.room(), new RoomEvent.Left(member.name()), null);
    }

    /** Removes a classic member: the kick notice (worded by the server) and {@code EXIT}, then the room hears. */
    KickOutcome kick(Member member, String reason) {
        String notice = KickNotice.text(texts().language(), reason); // the relay has checked it fits
        rooms.remove(member);
        rooms.send(ServerPacket.Line.chat(Names.ADMINISTRATOR, notice), member.address());
        rooms.send(EXIT, member.address());
        rooms.broadcast(member.room(), new RoomEvent.Kicked(member.name(), reason), null);
        return KickOutcome.KICKED;
    }

    /** The room is closing: the classic member hears why, then {@code EXIT}. */
    void sayGoodbye(Member member) {
        rooms.send(ClassicLines.render(new RoomEvent.Closing(), texts()), member.address());
        rooms.send(EXIT, member.address());
    }

    /** Lets classic members silent for longer than the idle timeout go, when there is one. */
    void onTick(long nowMillis) {
        if (idleTimeoutMillis <= 0) {
            return;
        }
        List<Member> idle = new ArrayList<>();
        for (Member member : rooms.members()) {
            if (!member.isNative() && nowMillis - member.lastHeardMillis() > idleTimeoutMillis) {
                idle.add(member);
            }
        }
        for (Member member : idle) {
            rooms.remove(member);
            Logger.info("{} timed out after {} s of silence", Untrusted.quote(member.name()), idleTimeoutMillis / 1000);
            rooms.send(EXIT, member.address()); // if it is still there after all, it ends cleanly
            rooms.broadcast(member.room(), new RoomEvent.TimedOut(member.name()), null);
        }
    }

    boolean hasIdleTimeout() {
        return idleTimeoutMillis > 0;
    }

    private Texts texts() {
        return rooms.texts();
    }

    private static boolean isNameOf(Member member, String claimedName) {
        return member.name().equals(claimedName) || member.key().equals(Names.key(claimedName));
    }

    private void refuseImpersonation(Member member, String claimedName, String what, int size) {
        rooms.count(DropReason.IMPERSONATION);
        if (refusalLog.allows(rooms.now())) {
            Logger.warn(
                    "refused {} from {} at {}: it claimed to be {} ({} more refusals held back)",
                    what,
                    Untrusted.quote(member.name()),
                    HostPort.format(member.address()),
                    Untrusted.quote(claimedName),
                    refusalLog.takeHeldBack());
        }
        reply(member.address(), size, line(texts().get("chat.notYourName", member.name())));
    }

    /**
     * Replies to whoever sent a request of {@code requestSize} bytes. A classic address is never proven,
     * member or not, so every reply is held to {@value #AMPLIFICATION_FACTOR}× the request or
     * {@value #MIN_REPLY_BOUND} bytes, whichever is larger, and to the address's reply budget.
     */
    private void reply(InetSocketAddress to, int requestSize, ServerPacket reply) {
        rooms.replyToStranger(reply, to, Math.max(AMPLIFICATION_FACTOR * requestSize, MIN_REPLY_BOUND));
    }

    private static ServerPacket.Line line(String text) {
        return new ServerPacket.Line(text);
    }

    private String nameProblemText(Names.Problem problem) {
        switch (problem) {
            case EMPTY:
                return texts().get("name.empty");
            case TOO_LONG:
                return texts().get("name.tooLong", Limits.MAX_NAME_CODE_POINTS);
            case WHITESPACE:
                return texts().get("name.whitespace");
            case INVISIBLE_OR_CONTROL:
                return texts().get("name.invisible");
            case RESERVED:
                return texts().get("name.reserved");
            default:
                throw new AssertionError(problem);
        }
    }

    private String textProblemText(ChatText.Problem problem, String name) {
        switch (problem) {
            case TOO_LONG:
                return texts().get("text.tooLong", ChatText.maxBytes(name));
            case INVISIBLE_OR_CONTROL:
                return texts().get("text.invisible");
            case EMPTY: // the codec refuses a chat without text, so it never gets here
            default:
                throw new AssertionError(problem);
        }
    }
}
