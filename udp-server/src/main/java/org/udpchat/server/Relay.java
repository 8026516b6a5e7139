package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.udpchat.codec.ServerPacket;
import org.udpchat.codec.Untrusted;

/**
 * The chat room's rules, with no socket: who is in the room, who may say what, and who hears it.
 *
 * <p>Every method runs on the relay thread, the only thread that touches the member table, so the table
 * needs no lock and events happen in the order the relay saw them. Other threads reach the relay by
 * posting commands to {@link RelayLoop}. Datagrams leave through an {@link Outbox}; each outgoing line is
 * encoded once into one reused buffer and the same bytes go to every recipient.
 *
 * <p>A member is identified by its address: a chat or quit is accepted only from the address that joined
 * under that name, and an address holds at most one name. Replies to addresses that are not members are
 * kept small and rare (see {@link #replyToStranger}), because their source may be forged.
 */
final class Relay {

    /** A reply to a non-member may be this many times the size of its request... */
    static final int AMPLIFICATION_FACTOR = 3;

    /** ...or this many bytes, whichever is larger, so a short refusal still fits a short request. */
    static final int MIN_REPLY_BOUND = 64;

    private static final ServerPacket OK = new ServerPacket.Ok();
    private static final ServerPacket EXIT = new ServerPacket.Exit();

    private final Texts texts;
    private final int maxMembers;
    private final InstantSource clock;
    private final Outbox outbox;
    private final ReplyBudget replyBudget = new ReplyBudget();

    /** By name key, in joining order (the order {@code /list} shows). */
    private final Map<String, Member> membersByKey = new LinkedHashMap<>();

    private final Map<InetSocketAddress, Member> membersByAddress = new HashMap<>();
    private final ByteBuffer outgoing = ByteBuffer.allocateDirect(Limits.MAX_DATAGRAM_BYTES);

    private long datagramsIn;
    private long datagramsOut;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    Relay(Texts texts, int maxMembers, InstantSource clock, Outbox outbox) {
        this.texts = texts;
        this.maxMembers = maxMembers;
        this.clock = clock;
        this.outbox = outbox;
    }

    /** The datagram in the buffer's remaining bytes arrived from {@code from}; this consumes it. */
    void onDatagram(InetSocketAddress from, ByteBuffer datagram) {
        datagramsIn++;
        int size = datagram.remaining();
        ClientPacket packet;
        try {
            packet = ClassicCodec.decodeClientPacket(datagram);
        } catch (MalformedPacketException e) {
            // Dropped without a reply: the sender may be forged or broken, and the room keeps going.
            count(DropReason.MALFORMED);
            if (Logger.isDebugEnabled()) {
                Logger.debug("dropped {} bytes from {}: {}", size, from, e.getMessage());
            }
            return;
        }
        if (Logger.isDebugEnabled()) {
            Logger.debug("{} bytes from {}: {}", size, from, Untrusted.quote(packet.toString()));
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
        Member holder = membersByAddress.get(from);
        Optional<Names.Problem> problem = Names.check(name);
        if (problem.isPresent()) {
            reply(from, size, line(nameProblemText(problem.get())));
            return;
        }
        String key = Names.key(name);
        if (holder != null) {
            holder.heardAt(clock.millis());
            if (holder.key().equals(key)) {
                send(OK, from); // a retry whose OK was lost: answer again, tell nobody twice
            } else {
                send(line(texts.get("login.addressHasName", holder.name())), from);
            }
            return;
        }
        if (membersByKey.containsKey(key)) {
            reply(from, size, line(texts.get("login.nameTaken")));
            return;
        }
        if (membersByKey.size() >= maxMembers) {
            reply(from, size, line(texts.get("login.roomFull", maxMembers)));
            return;
        }
        Member member = new Member(name, key, from, clock.millis());
        membersByKey.put(key, member);
        membersByAddress.put(from, member);
        Logger.info(
                "{} joined from {} ({} in the room)",
                Untrusted.quote(name),
                HostPort.format(from),
                membersByKey.size());
        send(OK, from);
        broadcast(line(texts.get("notice.joined", name)), member);
    }

    private void onChat(InetSocketAddress from, String claimedName, String text, int size) {
        Member member = membersByAddress.get(from);
        if (member == null) {
            reply(from, size, line(texts.get("chat.notJoined")));
            return;
        }
        member.heardAt(clock.millis());
        if (!isNameOf(member, claimedName)) {
            refuseImpersonation(member, claimedName, "chat");
            return;
        }
        Optional<ChatText.Problem> problem = ChatText.check(member.name(), text);
        if (problem.isPresent()) {
            send(line(textProblemText(problem.get(), member.name())), from);
            return;
        }
        broadcast(ServerPacket.Line.chat(member.name(), text), null);
    }

    private void onQuit(InetSocketAddress from, String claimedName, int size) {
        Member member = membersByAddress.get(from);
        if (member == null) {
            reply(from, size, EXIT); // the retry of a quit whose EXIT was lost
            return;
        }
        member.heardAt(clock.millis());
        if (!isNameOf(member, claimedName)) {
            refuseImpersonation(member, claimedName, "quit");
            return;
        }
        remove(member);
        Logger.info("{} left ({} in the room)", Untrusted.quote(member.name()), membersByKey.size());
        send(EXIT, from);
        broadcast(line(texts.get("notice.left", member.name())), null);
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
            broadcast(ServerPacket.Line.chat(Names.ADMINISTRATOR, text), null);
        }
        return problem;
    }

    /**
     * Removes the member called {@code name}: it receives the kick notice (with {@code reason}, which may
     * be empty) and {@code EXIT}; the room is told.
     */
    KickOutcome onKick(String name, String reason) {
        Member member = membersByKey.get(Names.key(name));
        if (member == null) {
            return KickOutcome.NO_SUCH_MEMBER;
        }
        String notice = KickNotice.text(texts.language(), reason);
        if (ChatText.check(Names.ADMINISTRATOR, notice).isPresent()) {
            return KickOutcome.BAD_REASON;
        }
        remove(member);
        Logger.info(
                "{} kicked{}", Untrusted.quote(member.name()), reason.isEmpty() ? "" : ": " + Untrusted.quote(reason));
        send(ServerPacket.Line.chat(Names.ADMINISTRATOR, notice), member.address());
        send(EXIT, member.address());
        broadcast(line(texts.get("notice.kicked", member.name())), null);
        return KickOutcome.KICKED;
    }

    /** The room closes: every member is told why and receives {@code EXIT}. */
    void onShutdown() {
        ServerPacket.Line closing = ServerPacket.Line.chat(Names.ADMINISTRATOR, texts.get("notice.closing"));
        encode(closing);
        for (Member member : membersByKey.values()) {
            sendEncoded(member.address());
        }
        encode(EXIT);
        for (Member member : membersByKey.values()) {
            sendEncoded(member.address());
        }
        Logger.info("room closed; said goodbye to {} members", membersByKey.size());
        membersByKey.clear();
        membersByAddress.clear();
    }

    /** The members in joining order, with how long each has been silent. */
    List<MemberInfo> members() {
        long now = clock.millis();
        List<MemberInfo> members = new ArrayList<>(membersByKey.size());
        for (Member member : membersByKey.values()) {
            members.add(new MemberInfo(
                    member.name(), member.address(), Duration.ofMillis(Math.max(0, now - member.lastHeardMillis()))));
        }
        return members;
    }

    RelayStats stats() {
        return new RelayStats(datagramsIn, datagramsOut, drops);
    }

    private static boolean isNameOf(Member member, String claimedName) {
        return member.name().equals(claimedName) || member.key().equals(Names.key(claimedName));
    }

    private void refuseImpersonation(Member member, String claimedName, String what) {
        count(DropReason.IMPERSONATION);
        Logger.warn(
                "refused {} from {} at {}: it claimed to be {}",
                what,
                Untrusted.quote(member.name()),
                HostPort.format(member.address()),
                Untrusted.quote(claimedName));
        send(line(texts.get("chat.notYourName", member.name())), member.address());
    }

    private void remove(Member member) {
        membersByKey.remove(member.key());
        membersByAddress.remove(member.address());
    }

    /**
     * Replies to whoever sent a request of {@code requestSize} bytes: a member gets it as is; an address
     * that is not a member gets it only within the amplification bound and its reply budget.
     */
    private void reply(InetSocketAddress to, int requestSize, ServerPacket reply) {
        if (membersByAddress.containsKey(to)) {
            send(reply, to);
        } else {
            replyToStranger(to, requestSize, reply);
        }
    }

    /**
     * A reply to an address that is not a member, whose source may be forged: at most
     * {@value #AMPLIFICATION_FACTOR}× the request or {@value #MIN_REPLY_BOUND} bytes, whichever is larger,
     * and within the address's {@link ReplyBudget}. Anything else is dropped and counted.
     */
    private void replyToStranger(InetSocketAddress to, int requestSize, ServerPacket reply) {
        encode(reply);
        int bound = Math.max(AMPLIFICATION_FACTOR * requestSize, MIN_REPLY_BOUND);
        if (outgoing.remaining() > bound) {
            count(DropReason.REPLY_TOO_LARGE);
            if (Logger.isDebugEnabled()) {
                Logger.debug("not replying {} bytes to {}: over the bound of {}", outgoing.remaining(), to, bound);
            }
            return;
        }
        if (!replyBudget.tryTake(to, clock.millis())) {
            count(DropReason.REPLY_RATE_LIMITED);
            Logger.debug("not replying to {}: over its reply rate", to);
            return;
        }
        sendEncoded(to);
    }

    private void broadcast(ServerPacket packet, Member except) {
        encode(packet);
        for (Member member : membersByKey.values()) {
            if (member != except) {
                sendEncoded(member.address());
            }
        }
    }

    private void send(ServerPacket packet, InetSocketAddress to) {
        encode(packet);
        sendEncoded(to);
    }

    private void encode(ServerPacket packet) {
        outgoing.clear();
        ClassicCodec.encode(packet, outgoing);
        outgoing.flip();
    }

    private void sendEncoded(InetSocketAddress to) {
        if (outbox.send(outgoing, to)) {
            datagramsOut++;
        } else {
            count(DropReason.SEND_FAILED);
        }
    }

    private void count(DropReason reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    private static ServerPacket.Line line(String text) {
        return new ServerPacket.Line(text);
    }

    private String nameProblemText(Names.Problem problem) {
        switch (problem) {
            case EMPTY:
                return texts.get("name.empty");
            case TOO_LONG:
                return texts.get("name.tooLong", Limits.MAX_NAME_CODE_POINTS);
            case WHITESPACE:
                return texts.get("name.whitespace");
            case INVISIBLE_OR_CONTROL:
                return texts.get("name.invisible");
            case RESERVED:
                return texts.get("name.reserved");
            default:
                throw new AssertionError(problem);
        }
    }

    private String textProblemText(ChatText.Problem problem, String name) {
        switch (problem) {
            case TOO_LONG:
                return texts.get("text.tooLong", ChatText.maxBytes(name));
            case INVISIBLE_OR_CONTROL:
                return texts.get("text.invisible");
            case EMPTY: // the codec refuses a chat without text, so it never gets here
            default:
                throw new AssertionError(problem);
        }
    }
}
