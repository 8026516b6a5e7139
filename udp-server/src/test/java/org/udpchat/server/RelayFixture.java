package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SessionCipher;

/**
 * A {@link Relay} with no socket and no real time, and what a test needs around it: a {@link FakeClock}
 * that moves only when the test says, a {@link RecordingOutbox} that keeps every datagram the relay sends,
 * and clients of both protocols to drive it, classic lines and native packets, with {@link NativeMember}s
 * that keep their own token, keys and message numbers. A native join is the whole of protocol 2: hello,
 * challenge, init, reply (read with a real {@link HandshakeInitiator}, the server's key checked), then a
 * sealed login. What was sent is read as a client reads it (sealed datagrams opened with the client's keys,
 * see {@link ClientKeys}), so each assertion names exactly what an address received, in order.
 *
 * <p>A test class holds one in a field, so JUnit gives every test a fresh relay, clock and outbox.
 */
final class RelayFixture {

    /**
     * What the relay tests start from: the server's defaults (Chinese texts, 30 s native sessions, classic
     * members kept however long they are silent), but classic text taken from any address (the tests' members
     * live at documentation addresses such as 192.0.2.1) and no flood control (tests say many lines at
     * once); the tests of those two safeguards turn them on. Only the relay's settings are read; no socket is
     * opened.
     */
    static final ServerConfig DEFAULTS = ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
            .withSafeguards(Safeguards.DEFAULTS.withClassic(ClassicAccess.ANY).withFlood(FloodControl.OFF));

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FakeClock clock = new FakeClock();
    private final RecordingOutbox outbox = new RecordingOutbox();
    /** The server's static key: kept across {@link #restart}s, as a server's key file keeps it. */
    private final NoiseKeyPair serverKey = NoiseKeyPair.generate(RANDOM);

    /** Keys of a server nobody runs: what seals the datagrams of a token this relay never gave. */
    private final SessionCipher strangersKeys = strangersCipher();

    private Relay relay;

    /** Everything handed to the relay, and all it sent that {@link #forget} cleared: see {@link #traffic}. */
    private long datagramsIn;

    private long bytesIn;
    private long datagramsOut;
    private long bytesOut;

    /** A relay with the language, limits and timeouts of {@code config}. */
    RelayFixture(ServerConfig config) {
        relay = newRelay(config);
    }

    /**
     * Replaces the relay with a new one built as {@code config} says, on the same clock and outbox, as a
     * restarted server would be: the old relay's members and sessions are gone.
     */
    void restart(ServerConfig config) {
        relay = newRelay(config);
    }

    private Relay newRelay(ServerConfig config) {
        return new Relay(config, clock, clock, outbox, new SecureRandom(), Moderation.inMemory(clock), serverKey);
    }

    /** The server's static public key, which every REPLY proves. */
    byte[] serverPublicKey() {
        return serverKey.publicKey();
    }

    private static SessionCipher strangersCipher() {
        try {
            HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(RANDOM));
            HandshakeResponder.Response response = HandshakeResponder.respond(
                    NoiseKeyPair.generate(RANDOM), initiator.firstMessage(), 1, NoiseKeyPair.generator(RANDOM));
            return new SessionCipher(
                    SessionCipher.Side.CLIENT,
                    initiator.readReply(response.secondMessage()).keys(),
                    0);
        } catch (NoiseException e) {
            throw new AssertionError(e);
        }
    }

    Relay relay() {
        return relay;
    }

    FakeClock clock() {
        return clock;
    }

    RecordingOutbox outbox() {
        return outbox;
    }

    // --- datagrams in ------------------------------------------------------------------------------

    /** The relay receives {@code datagram} from {@code from}. */
    void receive(InetSocketAddress from, byte[] datagram) {
        datagramsIn++;
        bytesIn += datagram.length;
        relay.onDatagram(from, ByteBuffer.wrap(datagram));
    }

    /** The relay receives the classic datagram {@code text} (in UTF-8) from {@code from}. */
    void receive(InetSocketAddress from, String text) {
        receive(from, text.getBytes(UTF_8));
    }

    /** The relay receives the native handshake {@code packet}, in clear, from {@code from}. */
    void receive(InetSocketAddress from, ClearClientPacket packet) {
        receive(from, NativeCodec.encode(packet));
    }

    /**
     * The relay receives the session {@code packet} from {@code from}, sealed with the client's keys of its
     * token (a token no handshake here gave: with a stranger's keys, which the relay cannot open).
     */
    void receive(InetSocketAddress from, NativeClientPacket packet) {
        receive(from, seal(packet.token(), packet));
    }

    /** {@code packet} routed by {@code token} but sealed with keys the relay never agreed: as a forger seals. */
    byte[] sealAsStranger(long token, NativeClientPacket packet) {
        try {
            return strangersKeys.seal(token, packet, clock.millis());
        } catch (SealException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code packet} sealed for {@code token} with the client's keys of that token, or a stranger's. */
    byte[] seal(long token, NativeClientPacket packet) {
        SessionCipher cipher = outbox.keys().cipherOf(token);
        try {
            return (cipher == null ? strangersKeys : cipher).seal(token, packet, clock.millis());
        } catch (SealException e) {
            throw new AssertionError(e);
        }
    }

    /** Moves the clock on by {@code advanceMillis} and lets the relay's timers run. */
    void tick(long advanceMillis) {
        clock.advanceMillis(advanceMillis);
        relay.onTick();
    }

    /** Clears the outbox, so that a test sees only what its own step sent; the stats still count it. */
    void forget() {
        for (RecordingOutbox.Datagram datagram : outbox.all()) {
            datagramsOut++;
            bytesOut += datagram.size();
        }
        outbox.clear();
    }

    /**
     * The traffic as the fixture saw it: every datagram handed to the relay, and every one the relay sent
     * that was {@linkplain #forget forgotten} since. What the relay's own counters should say once the
     * outbox has been cleared.
     */
    record Traffic(long datagramsIn, long bytesIn, long datagramsOut, long bytesOut) {}

    Traffic traffic() {
        return new Traffic(datagramsIn, bytesIn, datagramsOut, bytesOut);
    }

    // --- joining -----------------------------------------------------------------------------------

    /** {@code name} joins in classic text from {@code from}; what that sent is {@linkplain #forget forgotten}. */
    void joinClassic(InetSocketAddress from, String name) {
        receive(from, "L " + name);
        assertEquals(List.of("OK"), outbox.textsTo(from), "join of " + name);
        forget();
    }

    /** Says hello from {@code from} and returns the cookie of the challenge it earned. */
    Cookie cookieFor(InetSocketAddress from) {
        receive(from, new ClearClientPacket.Hello(RANDOM.nextLong(), NativeCodec.HELLO_BYTES));
        return assertInstanceOf(ClearServerPacket.Challenge.class, outbox.last(from), "challenge to " + from)
                .cookie();
    }

    /** A handshake done: the token the REPLY gave and the client's keys, which the outbox reads with. */
    record Handshake(long token, SessionCipher cipher) {}

    /**
     * Shakes hands from {@code from}: hello, challenge, init, reply, whose proof of the server's key is
     * checked. The token's keys are the client's from now on.
     */
    Handshake shakeHands(InetSocketAddress from) {
        return shakeHands(from, cookieFor(from));
    }

    /** Sends an init with {@code cookie} from {@code from}; the handshake, if a reply came (else it fails). */
    Handshake shakeHands(InetSocketAddress from, Cookie cookie) {
        HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(RANDOM));
        long nonce = RANDOM.nextLong();
        receive(from, new ClearClientPacket.Init(cookie, nonce, initiator.firstMessage()));
        ClearServerPacket.Reply reply =
                assertInstanceOf(ClearServerPacket.Reply.class, outbox.last(from), "reply to " + from);
        assertEquals(nonce, reply.nonce());
        try {
            HandshakeInitiator.Outcome outcome = initiator.readReply(reply.handshake());
            assertArrayEquals(serverKey.publicKey(), outcome.serverKey());
            SessionCipher cipher = new SessionCipher(SessionCipher.Side.CLIENT, outcome.keys(), clock.millis());
            outbox.keys().register(outcome.token(), cipher);
            return new Handshake(outcome.token(), cipher);
        } catch (NoiseException e) {
            throw new AssertionError("the server's reply does not complete the handshake", e);
        }
    }

    /** Sends {@code login} from {@code from} sealed under {@code handshake}; the answer (the last datagram there). */
    NativeServerPacket sendLogin(InetSocketAddress from, Handshake handshake, NativeClientPacket.Login login) {
        receive(from, seal(handshake.token(), login));
        return assertInstanceOf(NativeServerPacket.class, outbox.last(from), "answer to the login from " + from);
    }

    /** Sends an init with {@code cookie} from {@code from}, and a key no handshake uses. */
    void sendInit(InetSocketAddress from, Cookie cookie) {
        receive(
                from,
                new ClearClientPacket.Init(
                        cookie, RANDOM.nextLong(), NoiseKeyPair.generate(RANDOM).publicKey()));
    }

    /** Shakes hands from {@code from}, then sends {@code login} sealed; the answer: a welcome or a refusal. */
    NativeServerPacket login(InetSocketAddress from, NativeClientPacket.Login login) {
        Handshake handshake = shakeHands(from);
        receive(from, seal(handshake.token(), login));
        return assertInstanceOf(NativeServerPacket.class, outbox.last(from), "answer to the login from " + from);
    }

    /**
     * Logs in natively from {@code from} as {@code name} to {@code room} (empty: the server's default), as a
     * new session: hello, challenge, init, reply, sealed login. The answer: a welcome or a refusal.
     */
    NativeServerPacket login(InetSocketAddress from, String name, String room) {
        return login(from, new NativeClientPacket.Login(name, room));
    }

    /** {@code name} joins natively from {@code from}; what that sent is {@linkplain #forget forgotten}. */
    NativeMember joinNative(InetSocketAddress from, String name) {
        return joinNative(from, name, "");
    }

    /** {@code name} joins natively from {@code from} into {@code room}; what that sent is forgotten. */
    NativeMember joinNative(InetSocketAddress from, String name, String room) {
        NativeServerPacket.Welcome welcome =
                assertInstanceOf(NativeServerPacket.Welcome.class, login(from, name, room), "join of " + name);
        assertEquals(name, welcome.name());
        forget();
        return new NativeMember(from, welcome);
    }

    /**
     * {@code name} logs in from {@code from} into {@code room} presenting {@code previous}'s token and
     * resumption secret (none if null), as a client that lost touch does: it resumes that session if it
     * lives, else it joins in a new one. What the login sent is {@linkplain #forget forgotten} only up to
     * the welcome: the events that follow it stay.
     */
    /** The native member that {@code welcome}, sent to {@code from}, let in: for logins welcomed later. */
    NativeMember member(InetSocketAddress from, NativeServerPacket.Welcome welcome) {
        return new NativeMember(from, welcome);
    }

    NativeMember rejoinNative(InetSocketAddress from, String name, String room, NativeMember previous) {
        NativeClientPacket.Login login = previous == null
                ? new NativeClientPacket.Login(name, room)
                : new NativeClientPacket.Login(previous.token(), previous.resumption(), name, room);
        Handshake handshake = shakeHands(from);
        forget();
        receive(from, seal(handshake.token(), login));
        NativeServerPacket.Welcome welcome = assertInstanceOf(
                NativeServerPacket.Welcome.class, outbox.packetsTo(from).get(0), "rejoin of " + name);
        return new NativeMember(from, welcome);
    }

    /**
     * A native member as a test drives it: where it joined from, its session's token and resumption secret
     * (its keys are the outbox's, by token), the number of its next reliable message, and the last event it
     * acknowledged, which each of its messages carries. Nothing is acknowledged unless the test says so.
     */
    final class NativeMember {
        private final InetSocketAddress address;
        private final long token;
        private final ResumptionSecret resumption;
        private long nextSeq = 1;
        private long acknowledged;

        private NativeMember(InetSocketAddress address, NativeServerPacket.Welcome welcome) {
            this.address = address;
            this.token = welcome.token();
            this.resumption = welcome.resumption();
        }

        long token() {
            return token;
        }

        /** What its welcome gave to take the session back. */
        ResumptionSecret resumption() {
            return resumption;
        }

        /** {@code packet} as this member seals it: a new counter each time. */
        byte[] sealed(NativeClientPacket packet) {
            return seal(token, packet);
        }

        /** The next reliable message number, taken: for a test that builds a message itself. */
        long takeSeq() {
            return nextSeq++;
        }

        /** The last event it acknowledged. */
        long acknowledged() {
            return acknowledged;
        }

        void chat(String text) {
            receive(address, new NativeClientPacket.Chat(token, nextSeq++, acknowledged, text));
        }

        void ask(RoomRequest request) {
            receive(address, new NativeClientPacket.Request(token, nextSeq++, acknowledged, request));
        }

        void quit() {
            receive(address, new NativeClientPacket.Quit(token, nextSeq++, acknowledged));
        }

        /** "Still here", acknowledging what it acknowledged last. */
        void ping() {
            receive(address, new NativeClientPacket.Ping(token, acknowledged));
        }

        /** Acknowledges every event it was sent that the outbox still holds (and what it acknowledged before). */
        void ackReceived() {
            long last = outbox.packetsTo(address).stream()
                    .filter(NativeServerPacket.Event.class::isInstance)
                    .mapToLong(p -> ((NativeServerPacket.Event) p).seq())
                    .max()
                    .orElse(acknowledged);
            ack(Math.max(last, acknowledged));
        }

        /** Acknowledges every event up to {@code seq}. */
        void ack(long seq) {
            acknowledged = seq;
            receive(address, new NativeClientPacket.Ack(token, seq));
        }
    }

    // --- what was sent -----------------------------------------------------------------------------

    /** {@code to} received exactly these classic datagrams, in order, as a classic client reads them. */
    void assertLines(InetSocketAddress to, String... expected) {
        assertEquals(List.of(expected), outbox.textsTo(to), "classic datagrams to " + to);
    }

    /** {@code to} received exactly these native datagrams, in order, as its client read them. */
    void assertPackets(InetSocketAddress to, Packet... expected) {
        assertEquals(List.of(expected), outbox.packetsTo(to), "native datagrams to " + to);
    }

    /** The room events {@code to} received are exactly these, in order (resends included). */
    void assertEvents(InetSocketAddress to, RoomEvent... expected) {
        assertEquals(List.of(expected), outbox.eventsTo(to), "events to " + to);
    }

    void assertNothingSentTo(InetSocketAddress... addresses) {
        for (InetSocketAddress address : addresses) {
            assertEquals(List.of(), outbox.to(address), "datagrams to " + address);
        }
    }

    // --- the relay's state -------------------------------------------------------------------------

    /** The members' names in joining order. */
    List<String> memberNames() {
        return relay.members().stream().map(MemberInfo::name).collect(Collectors.toList());
    }

    MemberInfo member(String name) {
        return relay.members().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not a member"));
    }

    InetSocketAddress addressOf(String name) {
        return member(name).address();
    }

    String roomOf(String name) {
        return member(name).room();
    }

    long dropped(DropReason reason) {
        return relay.stats().dropped(reason);
    }
}
