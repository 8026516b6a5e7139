package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * A {@link Relay} with no socket and no real time, and what a test needs around it: a {@link FakeClock}
 * that moves only when the test says, a {@link RecordingOutbox} that keeps every datagram the relay sends,
 * and clients of both protocols to drive it, classic lines and native packets, with {@link NativeMember}s
 * that keep their own token and message numbers. What was sent is read as a client reads it, so each
 * assertion names exactly what an address received, in order.
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

    private final FakeClock clock = new FakeClock();
    private final RecordingOutbox outbox = new RecordingOutbox();
    /** The server's key, kept across {@link #restart} as a restarted server keeps its {@code server.key}. */
    private final NoiseKeyPair serverKey = NoiseKeyPair.generate(new SecureRandom());

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

    /** The relay receives the native {@code packet} from {@code from}. */
    void receive(InetSocketAddress from, NativeClientPacket packet) {
        receive(from, NativeCodec.encode(packet));
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
        receive(from, new NativeClientPacket.Hello(NativeCodec.HELLO_BYTES));
        return assertInstanceOf(NativeServerPacket.Challenge.class, outbox.last(from))
                .cookie();
    }

    /**
     * Logs in natively from {@code from} as {@code name} to {@code room} (empty: the server's default), as a
     * new session: hello, challenge, login. The answer: a welcome or a refusal.
     */
    NativeServerPacket login(InetSocketAddress from, String name, String room) {
        receive(from, new NativeClientPacket.Login(cookieFor(from), 0, name, room));
        return outbox.last(from);
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
        return new NativeMember(from, welcome.token());
    }

    /**
     * {@code name} logs in from {@code from} into {@code room} presenting {@code previousToken}, as a client
     * that lost touch does: it resumes that session if it lives, else it joins in a new one. What the login
     * sent is {@linkplain #forget forgotten} only up to the welcome: the events that follow it stay.
     */
    NativeMember rejoinNative(InetSocketAddress from, String name, String room, long previousToken) {
        Cookie cookie = cookieFor(from);
        forget();
        receive(from, new NativeClientPacket.Login(cookie, previousToken, name, room));
        NativeServerPacket.Welcome welcome = assertInstanceOf(
                NativeServerPacket.Welcome.class, outbox.packetsTo(from).get(0), "rejoin of " + name);
        return new NativeMember(from, welcome.token());
    }

    /**
     * A native member as a test drives it: where it joined from, its session's token, the number of its
     * next reliable message, and the last event it acknowledged, which each of its messages carries.
     * Nothing is acknowledged unless the test says so.
     */
    final class NativeMember {
        private final InetSocketAddress address;
        private final long token;
        private long nextSeq = 1;
        private long acknowledged;

        private NativeMember(InetSocketAddress address, long token) {
            this.address = address;
            this.token = token;
        }

        long token() {
            return token;
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

    /** {@code to} received exactly these native datagrams, in order. */
    void assertPackets(InetSocketAddress to, NativeServerPacket... expected) {
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
