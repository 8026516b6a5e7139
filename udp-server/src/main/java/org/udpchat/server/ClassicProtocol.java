package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.udpchat.codec.ServerPacket;
import org.udpchat.codec.Untrusted;

/**
 * The classic text protocol's rules: a member is its address; a chat or quit is accepted only from the
 * address that joined under that name, and an address holds at most one name. Replies to addresses that
 * are not members are kept small and rare (see {@link Room#replyToStranger}), because their source may be
 * forged. Runs on the relay thread.
 */
final class ClassicProtocol {

    /** A reply to a non-member may be this many times the size of its request... */
    static final int AMPLIFICATION_FACTOR = 3;

    /** ...or this many bytes, whichever is larger, so a short refusal still fits a short request. */
    static final int MIN_REPLY_BOUND = 64;

    private static final ServerPacket OK = new ServerPacket.Ok();
    private static final ServerPacket EXIT = new ServerPacket.Exit();

    private final Room room;
    private final long idleTimeoutMillis;

    /** Forged and impersonating datagrams are counted always, and logged at most every 10 s. */
    private final LogThrottle refusalLog = new LogThrottle(10_000);

    /** @param idleTimeoutMillis how long a classic member may stay silent; 0 for ever (the classic way) */
    ClassicProtocol(Room room, long idleTimeoutMillis) {
        this.room = room;
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
            room.count(DropReason.MALFORMED);
            if (Logger.isDebugEnabled()) {
                Logger.debug("dropped {} bytes from {}: {}", size, from, e.getMessage());
            }
            return;
        }
        if (Logger.isDebugEnabled()) {
            Logger.debug("{} bytes from {}: {}", size, from, Untrusted.quote(packet.toString()));
        }
        Member member = room.memberAt(from);
        if (member != null && member.isNative()) {
            // A native member's address speaking classic text: its session is what speaks for it, and a
            // forged classic datagram must neither speak for it nor keep it alive.
            room.count(DropReason.IMPERSONATION);
            if (refusalLog.allows(room.now())) {
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
        Member holder = room.memberAt(from);
        Optional<Names.Problem> problem = Names.check(name);
        if (problem.isPresent()) {
            reply(from, size, line(nameProblemText(problem.get())));
            return;
        }
        String key = Names.key(name);
        if (holder != null) {
            holder.heardAt(room.now());
            if (!holder.isNative() && holder.key().equals(key)) {
                room.send(OK, from); // a retry whose OK was lost: answer again, tell nobody twice
            } else {
                reply(from, size, line(texts().get("login.addressHasName", holder.name())));
            }
            return;
        }
        if (room.memberNamed(key) != null) {
            reply(from, size, line(texts().get("login.nameTaken")));
            return;
        }
        if (room.isFull()) {
            reply(from, size, line(texts().get("login.roomFull", room.maxMembers())));
            return;
        }
        if (!room.hasRoomForChat()) {
            // Each join is a notice to every native member: not while they are behind.
            room.count(DropReason.FLOW_CONTROLLED);
            reply(from, size, line(texts().get("login.busy")));
            return;
        }
        Member member = Member.classic(name, key, from, room.now());
        room.add(member);
        Logger.info("{} joined from {} ({} in the room)", Untrusted.quote(name), HostPort.format(from), room.size());
        room.send(OK, from);
        room.broadcast(new RoomEvent.Joined(name), member);
    }

    private void onChat(InetSocketAddress from, String claimedName, String text, int size) {
        Member member = room.memberAt(from);
        if (member == null) {
            reply(from, size, line(texts().get("chat.notJoined")));
            return;
        }
        member.heardAt(room.now());
        if (!isNameOf(member, claimedName)) {
            refuseImpersonation(member, claimedName, "chat", size);
            return;
        }
        Optional<ChatText.Problem> problem = ChatText.check(member.name(), text);
        if (problem.isPresent()) {
            reply(from, size, line(textProblemText(problem.get(), member.name())));
            return;
        }
        if (!room.hasRoomForChat()) {
            // Classic text promises no delivery; held back, it would overflow the native members.
            room.count(DropReason.FLOW_CONTROLLED);
            reply(from, size, line(texts().get("chat.busy")));
            return;
        }
        room.broadcast(new RoomEvent.Said(member.name(), text), null);
    }

    private void onQuit(InetSocketAddress from, String claimedName, int size) {
        Member member = room.memberAt(from);
        if (member == null) {
            reply(from, size, EXIT); // the retry of a quit whose EXIT was lost
            return;
        }
        member.heardAt(room.now());
        if (!isNameOf(member, claimedName)) {
            refuseImpersonation(member, claimedName, "quit", size);
            return;
        }
        room.remove(member);
        Logger.info("{} left ({} in the room)", Untrusted.quote(member.name()), room.size());
        room.send(EXIT, from);
        room.broadcast(new RoomEvent.Left(member.name()), null);
    }

    /** Removes a classic member: the kick notice (worded by the server) and {@code EXIT}, then the room hears. */
    KickOutcome kick(Member member, String reason) {
        String notice = KickNotice.text(texts().language(), reason); // the relay has checked it fits
        room.remove(member);
        room.send(ServerPacket.Line.chat(Names.ADMINISTRATOR, notice), member.address());
        room.send(EXIT, member.address());
        room.broadcast(new RoomEvent.Kicked(member.name(), reason), null);
        return KickOutcome.KICKED;
    }

    /** The room is closing: the classic member hears why, then {@code EXIT}. */
    void sayGoodbye(Member member) {
        room.send(ClassicLines.render(new RoomEvent.Closing(), texts()), member.address());
        room.send(EXIT, member.address());
    }

    /** Lets classic members silent for longer than the idle timeout go, when there is one. */
    void onTick(long nowMillis) {
        if (idleTimeoutMillis <= 0) {
            return;
        }
        List<Member> idle = new ArrayList<>();
        for (Member member : room.members()) {
            if (!member.isNative() && nowMillis - member.lastHeardMillis() > idleTimeoutMillis) {
                idle.add(member);
            }
        }
        for (Member member : idle) {
            room.remove(member);
            Logger.info("{} timed out after {} s of silence", Untrusted.quote(member.name()), idleTimeoutMillis / 1000);
            room.send(EXIT, member.address()); // if it is still there after all, it ends cleanly
            room.broadcast(new RoomEvent.TimedOut(member.name()), null);
        }
    }

    boolean hasIdleTimeout() {
        return idleTimeoutMillis > 0;
    }

    private Texts texts() {
        return room.texts();
    }

    private static boolean isNameOf(Member member, String claimedName) {
        return member.name().equals(claimedName) || member.key().equals(Names.key(claimedName));
    }

    private void refuseImpersonation(Member member, String claimedName, String what, int size) {
        room.count(DropReason.IMPERSONATION);
        if (refusalLog.allows(room.now())) {
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
        room.replyToStranger(reply, to, Math.max(AMPLIFICATION_FACTOR * requestSize, MIN_REPLY_BOUND));
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
