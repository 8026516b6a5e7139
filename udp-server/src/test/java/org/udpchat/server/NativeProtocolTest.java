package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeClientPacket.Ack;
import org.udpchat.codec.NativeClientPacket.Chat;
import org.udpchat.codec.NativeClientPacket.Hello;
import org.udpchat.codec.NativeClientPacket.Login;
import org.udpchat.codec.NativeClientPacket.PathResponse;
import org.udpchat.codec.NativeClientPacket.Ping;
import org.udpchat.codec.NativeClientPacket.Quit;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.NativeServerPacket.Ended;
import org.udpchat.codec.NativeServerPacket.Event;
import org.udpchat.codec.NativeServerPacket.PathChallenge;
import org.udpchat.codec.NativeServerPacket.Pong;
import org.udpchat.codec.NativeServerPacket.Refused;
import org.udpchat.codec.NativeServerPacket.Welcome;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomEvent.Joined;
import org.udpchat.codec.RoomEvent.Said;

/**
 * The native protocol's server side, driven through {@link Relay} with a fake clock and a recording
 * outbox: no socket, no real time. Native datagrams are decoded as a client decodes them; classic ones are
 * read as lines. Most tests start from {@link #aliceBobAndClassicCarol}: two native members who have
 * acknowledged everything so far, and one classic member.
 */
class NativeProtocolTest {

    private static final InetSocketAddress ALICE = address(41001);
    private static final InetSocketAddress BOB = address(41002);
    private static final InetSocketAddress CAROL = address(41003);
    private static final InetSocketAddress DAVE = address(41004);
    private static final InetSocketAddress ALICE_NEW = address(42001);
    private static final InetSocketAddress BOB_NEW = address(42002);
    private static final InetSocketAddress ELSEWHERE = address(42009);
    private static final InetSocketAddress MALLORY = new InetSocketAddress("203.0.113.66", 6666);

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);

    /** A token no session was ever given: the relay draws tokens from SecureRandom, so 2^-64 to collide. */
    private static final long NEVER_ISSUED = 0x0BAD_C0DE_0BAD_C0DEL;

    private final FakeClock clock = new FakeClock();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private Relay relay = relay(10, Duration.ZERO);

    /** The native members of {@link #aliceBobAndClassicCarol}, when a test starts from it. */
    private Session alice;

    private Session bob;

    private Relay relay(int maxMembers, Duration classicIdleTimeout) {
        return new Relay(
                Texts.of(Locale.CHINESE),
                RoomLimits.ofMembers(maxMembers),
                clock,
                outbox,
                SESSION_TIMEOUT,
                classicIdleTimeout,
                new SecureRandom());
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Spoofed sources: a different address for each {@code i}, none of them a member. */
    private static InetSocketAddress spoofed(int i) {
        return new InetSocketAddress("10.1." + (i / 250) + "." + (1 + i % 250), 50000 + i % 1000);
    }

    /** What a test knows of one native session: where it was made, and its token. */
    private record Session(InetSocketAddress address, long token) {}

    // --- sending -----------------------------------------------------------------------------------

    private void send(InetSocketAddress from, NativeClientPacket packet) {
        receive(from, NativeCodec.encode(packet));
    }

    private void receive(InetSocketAddress from, byte[] datagram) {
        relay.onDatagram(from, ByteBuffer.wrap(datagram));
    }

    private void receive(InetSocketAddress from, String classicDatagram) {
        receive(from, classicDatagram.getBytes(UTF_8));
    }

    /** Says hello from {@code from} and returns the cookie of the challenge it earned. */
    private Cookie cookieFor(InetSocketAddress from) {
        send(from, new Hello(NativeCodec.HELLO_BYTES));
        return assertInstanceOf(NativeServerPacket.Challenge.class, outbox.last(from))
                .cookie();
    }

    /** {@code name} joins natively from {@code from}; what that sent is forgotten. */
    private Session join(InetSocketAddress from, String name) {
        send(from, new Login(cookieFor(from), 0, name));
        Welcome welcome = assertInstanceOf(Welcome.class, outbox.last(from), "join of " + name);
        assertEquals(name, welcome.name());
        outbox.clear();
        return new Session(from, welcome.token());
    }

    /** {@code name} joins in classic text from {@code from}; what that sent is forgotten. */
    private void joinClassic(InetSocketAddress from, String name) {
        receive(from, "L " + name);
        assertEquals(List.of("OK"), outbox.textsTo(from), "join of " + name);
        outbox.clear();
    }

    /**
     * Alice and bob join natively, carol in classic text, in that order. Alice's events are 1 "bob joined"
     * and 2 "carol joined", bob's is 1 "carol joined"; both acknowledge them, so the test starts with
     * nothing in flight.
     */
    private void aliceBobAndClassicCarol() {
        alice = join(ALICE, "alice");
        bob = join(BOB, "bob");
        joinClassic(CAROL, "carol");
        send(ALICE, new Ack(alice.token(), 2));
        send(BOB, new Ack(bob.token(), 1));
        assertEquals(List.of(), outbox.all(), "acknowledgements are not answered");
    }

    private void tick(long advanceMillis) {
        clock.advanceMillis(advanceMillis);
        relay.onTick();
    }

    // --- what was sent -----------------------------------------------------------------------------

    private void assertPackets(InetSocketAddress to, NativeServerPacket... expected) {
        assertEquals(List.of(expected), outbox.packetsTo(to), "native datagrams to " + to);
    }

    private void assertLines(InetSocketAddress to, String... expected) {
        assertEquals(List.of(expected), outbox.textsTo(to), "classic datagrams to " + to);
    }

    private void assertNothingSentTo(InetSocketAddress... addresses) {
        for (InetSocketAddress address : addresses) {
            assertEquals(List.of(), outbox.to(address), "datagrams to " + address);
        }
    }

    private List<String> memberNames() {
        return relay.members().stream().map(MemberInfo::name).collect(Collectors.toList());
    }

    private InetSocketAddress addressOf(String name) {
        return relay.members().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not a member"))
                .address();
    }

    private long dropped(DropReason reason) {
        return relay.stats().dropped(reason);
    }

    /** The nonce of the one path challenge sent to {@code to} since the outbox was last cleared. */
    private long nonceSentTo(InetSocketAddress to) {
        List<NativeServerPacket> packets = outbox.packetsTo(to);
        assertEquals(1, packets.size(), "datagrams to " + to + ": " + packets);
        return assertInstanceOf(PathChallenge.class, packets.get(0)).nonce();
    }

    static Stream<Arguments> badNames() {
        return Stream.of(
                arguments("a".repeat(33), RefusalReason.NAME_TOO_LONG, Limits.MAX_NAME_CODE_POINTS),
                arguments("a b", RefusalReason.NAME_WHITESPACE, 0),
                arguments("a\u3000b", RefusalReason.NAME_WHITESPACE, 0),
                arguments("a\u001Bb", RefusalReason.NAME_INVISIBLE_OR_CONTROL, 0),
                arguments("a\u202Eb", RefusalReason.NAME_INVISIBLE_OR_CONTROL, 0),
                arguments("a\u200Bb", RefusalReason.NAME_INVISIBLE_OR_CONTROL, 0),
                arguments("管理员", RefusalReason.NAME_RESERVED, 0),
                arguments("管理員", RefusalReason.NAME_RESERVED, 0));
    }

    static Stream<Arguments> acknowledgements() {
        return Stream.of(
                arguments("ACK", (AckCarrier) token -> new Ack(token, 1)),
                arguments("PING", (AckCarrier) token -> new Ping(token, 1)),
                arguments("CHAT", (AckCarrier) token -> new Chat(token, 1, 1, "got it")));
    }

    /** A client packet that acknowledges event 1 of the session with {@code token}. */
    interface AckCarrier {
        NativeClientPacket acknowledging(long token);
    }

    static Stream<Arguments> textsBreakingARule() {
        return Stream.of(
                arguments("hi\n管理员 : fake", ChatText.Problem.INVISIBLE_OR_CONTROL),
                arguments("\u001B[2J", ChatText.Problem.INVISIBLE_OR_CONTROL),
                arguments("abc\u202Edef", ChatText.Problem.INVISIBLE_OR_CONTROL),
                arguments("x".repeat(ChatText.maxBytes("bob") + 1), ChatText.Problem.TOO_LONG));
    }

    @Nested
    class Handshake {

        @Test
        void answersHelloWithAThirtyTwoByteChallengeForTheCurrentSlotEchoingTheNonce() {
            send(ALICE, new Hello(0x0123_4567_89AB_CDEFL, NativeCodec.HELLO_BYTES));

            List<RecordingOutbox.Datagram> sent = outbox.all();
            assertEquals(1, sent.size());
            assertEquals(ALICE, sent.get(0).to());
            assertEquals(32, sent.get(0).size());
            NativeServerPacket.Challenge challenge = assertInstanceOf(
                    NativeServerPacket.Challenge.class,
                    NativePeer.decode(sent.get(0).bytes()));
            assertEquals(
                    clock.millis() / CookieJar.SLOT_MILLIS, challenge.cookie().timeSlot());
            assertEquals(0x0123_4567_89AB_CDEFL, challenge.nonce());
        }

        @Test
        void echoesTheLoginsNonceInTheWelcomeAndInARefusal() {
            Cookie cookie = cookieFor(DAVE);
            outbox.clear();

            send(DAVE, new Login(cookie, 0, -7L, "dave", ""));
            send(DAVE, new Login(cookie, 0, 42L, "dave", "")); // a retry, with a nonce of its own
            send(ELSEWHERE, new Login(cookieFor(ELSEWHERE), 0, 99L, "DAVE", ""));

            NativeServerPacket.Welcome first =
                    assertInstanceOf(Welcome.class, outbox.packetsTo(DAVE).get(0));
            NativeServerPacket.Welcome retried =
                    assertInstanceOf(Welcome.class, outbox.packetsTo(DAVE).get(1));
            assertEquals(-7L, first.nonce());
            assertEquals(42L, retried.nonce());
            assertEquals(first.token(), retried.token());
            assertEquals(new Refused(RefusalReason.NAME_TAKEN, 0, 99L), outbox.last(ELSEWHERE));
        }

        @ParameterizedTest
        @ValueSource(ints = {64, 65, 300, Limits.MAX_NATIVE_DATAGRAM_BYTES})
        void answersEveryHelloFromSixtyFourBytesWithTheSameSmallChallenge(int size) {
            send(ALICE, new Hello(size));

            assertEquals(1, outbox.to(ALICE).size());
            assertEquals(NativeCodec.CHALLENGE_BYTES, outbox.to(ALICE).get(0).size());
        }

        @ParameterizedTest
        @ValueSource(ints = {4, 20, 24, 63})
        void dropsHelloUnderSixtyFourBytesUnanswered(int size) {
            byte[] hello = new byte[size];
            hello[0] = (byte) 0xFF;
            hello[1] = (byte) 0xAC;
            hello[2] = NativeCodec.VERSION;
            hello[3] = 0x01;

            receive(ALICE, hello);

            assertEquals(List.of(), outbox.all());
            assertEquals(1, dropped(DropReason.MALFORMED));
        }

        @Test
        void welcomesLoginThatEchoesItsCookieFromTheSameAddress() {
            Cookie cookie = cookieFor(ALICE);
            outbox.clear();

            send(ALICE, new Login(cookie, 0, "alice"));

            List<NativeServerPacket> answers = outbox.packetsTo(ALICE);
            assertEquals(1, answers.size(), answers.toString());
            Welcome welcome = assertInstanceOf(Welcome.class, answers.get(0));
            assertEquals("alice", welcome.name());
            assertNotEquals(0, welcome.token());
            assertEquals(List.of(new MemberInfo("alice", "lobby", ALICE, Duration.ZERO, true)), relay.members());
        }

        @Test
        void tellsNativeMembersJoinedAndClassicMembersTheWelcomeLine() {
            Session alice = join(ALICE, "alice");
            joinClassic(CAROL, "carol"); // alice's event 1
            send(ALICE, new Ack(alice.token(), 1));
            Cookie cookie = cookieFor(BOB);
            outbox.clear();

            send(BOB, new Login(cookie, 0, "bob"));

            assertEquals(1, outbox.packetsTo(BOB).size(), outbox.packetsTo(BOB).toString());
            assertInstanceOf(Welcome.class, outbox.last(BOB));
            assertPackets(ALICE, new Event(alice.token(), 2, 0, new Joined("bob")));
            assertLines(CAROL, "欢迎 bob 进入聊天室");
        }

        @Test
        void dropsLoginWithACookieMadeForAnotherAddress() {
            Cookie davesCookie = cookieFor(DAVE);
            outbox.clear();

            send(MALLORY, new Login(davesCookie, 0, "mallory"));
            send(address(DAVE.getPort() + 1), new Login(davesCookie, 0, "mallory")); // same host, other port

            assertEquals(List.of(), outbox.all());
            assertEquals(2, dropped(DropReason.BAD_COOKIE));
            assertEquals(List.of(), memberNames());
        }

        @Test
        void dropsLoginWithAForgedCookie() {
            long slot = clock.millis() / CookieJar.SLOT_MILLIS;

            send(MALLORY, new Login(new Cookie(slot, 0x1234_5678_9ABC_DEF0L, 0x0FED_CBA9_8765_4321L), 0, "mallory"));
            send(MALLORY, new Login(new Cookie(slot, 0, 0), 0, "mallory"));

            assertEquals(List.of(), outbox.all());
            assertEquals(2, dropped(DropReason.BAD_COOKIE));
            assertEquals(List.of(), memberNames());
        }

        /** The fake clock starts on a slot boundary, so a cookie made now lives two whole slots. */
        @ParameterizedTest
        @ValueSource(longs = {0, 1, 9_999, 10_000, 19_999})
        void acceptsACookieUntilThePreviousSlotEnds(long ageMillis) {
            assertEquals(0, clock.millis() % CookieJar.SLOT_MILLIS);
            Cookie cookie = cookieFor(ALICE);
            clock.advanceMillis(ageMillis);
            outbox.clear();

            send(ALICE, new Login(cookie, 0, "alice"));

            assertInstanceOf(Welcome.class, outbox.last(ALICE));
            assertEquals(List.of("alice"), memberNames());
        }

        @ParameterizedTest
        @ValueSource(longs = {20_000, 20_001, 60_000})
        void dropsACookieOlderThanThePreviousSlot(long ageMillis) {
            Cookie cookie = cookieFor(ALICE);
            clock.advanceMillis(ageMillis);
            outbox.clear();

            send(ALICE, new Login(cookie, 0, "alice"));

            assertNothingSentTo(ALICE);
            assertEquals(1, dropped(DropReason.BAD_COOKIE));
            assertEquals(List.of(), memberNames());
        }

        @Test
        void dropsACookieFromAFutureSlot() {
            Cookie cookie = cookieFor(ALICE);
            Cookie nextSlot = new Cookie(cookie.timeSlot() + 1, cookie.macHigh(), cookie.macLow());
            outbox.clear();

            send(ALICE, new Login(nextSlot, 0, "alice"));

            assertNothingSentTo(ALICE);
            assertEquals(1, dropped(DropReason.BAD_COOKIE));
        }

        @ParameterizedTest
        @MethodSource("org.udpchat.server.NativeProtocolTest#badNames")
        void refusesABadNameWithItsReason(String name, RefusalReason reason, long limit) {
            Cookie cookie = cookieFor(ALICE);
            outbox.clear();

            send(ALICE, new Login(cookie, 0, name));

            assertPackets(ALICE, new Refused(reason, limit));
            assertEquals(17, outbox.to(ALICE).get(0).size());
            assertEquals(List.of(), memberNames());
        }

        @ParameterizedTest
        @ValueSource(strings = {"alice", "ALICE", "ａｌｉｃｅ", "carol", "CAROL"})
        void refusesATakenNameWhetherANativeOrAClassicMemberHoldsIt(String name) {
            aliceBobAndClassicCarol();
            Cookie cookie = cookieFor(DAVE);
            outbox.clear();

            send(DAVE, new Login(cookie, 0, name));

            assertPackets(DAVE, new Refused(RefusalReason.NAME_TAKEN, 0));
            assertNothingSentTo(ALICE, BOB, CAROL);
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
        }

        @Test
        void refusesALoginWhenTheServerIsFullSayingTheLimit() {
            relay = relay(2, Duration.ZERO);
            join(ALICE, "alice");
            joinClassic(CAROL, "carol");
            Cookie cookie = cookieFor(DAVE);
            outbox.clear();

            send(DAVE, new Login(cookie, 0, "dave"));

            assertPackets(DAVE, new Refused(RefusalReason.SERVER_FULL, 2));
            assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "carol"), memberNames());
        }

        @Test
        void refusesASecondNameFromAnAddressThatHoldsOne() {
            aliceBobAndClassicCarol();
            Cookie fromAlice = cookieFor(ALICE);
            outbox.clear();

            send(ALICE, new Login(fromAlice, 0, "alice2"));

            assertPackets(ALICE, new Refused(RefusalReason.ADDRESS_HAS_NAME, 0));
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
        }

        @Test
        void aNativeLoginTakesAnAddressFromAnUnprovenClassicClaim() {
            aliceBobAndClassicCarol();
            Cookie fromCarol = cookieFor(CAROL);
            outbox.clear();

            send(CAROL, new Login(fromCarol, 0, "carol2")); // the address proven; carol's was only claimed

            assertEquals(List.of("alice", "bob", "carol2"), memberNames());
            assertEquals(List.of(new RoomEvent.Left("carol"), new Joined("carol2")), outbox.eventsTo(ALICE));
        }
    }

    @Nested
    class Retries {

        @BeforeEach
        void room() {
            aliceBobAndClassicCarol();
        }

        @Test
        void answersARepeatedLoginWithTheSameWelcomeAndNoSecondJoined() {
            Cookie cookie = cookieFor(BOB);
            outbox.clear();

            send(BOB, new Login(cookie, 0, "bob"));
            send(BOB, new Login(cookie, 0, "bob"));

            assertPackets(BOB, new Welcome(bob.token(), "bob", "lobby"), new Welcome(bob.token(), "bob", "lobby"));
            assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
        }

        @Test
        void resumesFromTheSameAddressKeepingTheSessionAndTellingNobody() {
            Cookie cookie = cookieFor(BOB);
            outbox.clear();

            send(BOB, new Login(cookie, bob.token(), "bob"));

            Welcome welcome = assertInstanceOf(Welcome.class, outbox.last(BOB));
            assertEquals(1, outbox.packetsTo(BOB).size());
            assertEquals(bob.token(), welcome.token(), "the same session goes on");
            assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "bob", "carol"), memberNames());

            // its events go on numbering where they were: nothing in flight is lost
            send(ALICE, new Chat(alice.token(), 1, 2, "welcome back"));
            Event event = assertInstanceOf(Event.class, outbox.packetsTo(BOB).get(1));
            assertEquals(bob.token(), event.token());
            assertTrue(event.seq() > 1, "numbering goes on: " + event);
            assertEquals(new Said("alice", "welcome back"), event.event());
        }

        @Test
        void resumesFromANewAddressAndEventsFollowIt() {
            Cookie cookie = cookieFor(BOB_NEW);
            outbox.clear();

            send(BOB_NEW, new Login(cookie, bob.token(), "bob"));

            Welcome welcome = assertInstanceOf(Welcome.class, outbox.last(BOB_NEW));
            assertEquals(bob.token(), welcome.token());
            assertNothingSentTo(ALICE, BOB, CAROL);
            assertEquals(BOB_NEW, addressOf("bob"));
            outbox.clear();

            send(ALICE, new Chat(alice.token(), 1, 2, "hi"));

            Event event = assertInstanceOf(Event.class, outbox.last(BOB_NEW));
            assertEquals(new Said("alice", "hi"), event.event());
            assertEquals(bob.token(), event.token());
            assertNothingSentTo(BOB);
            assertLines(CAROL, "alice : hi");
        }

        @Test
        void aResumedSessionKeepsItsTokenAndLeavesTheOldAddressBehind() {
            send(BOB_NEW, new Login(cookieFor(BOB_NEW), bob.token(), "bob"));
            outbox.clear();

            send(BOB, new Ping(bob.token(), 1)); // the old address is not the session's any more

            assertInstanceOf(PathChallenge.class, outbox.last(BOB));
            assertEquals(BOB_NEW, addressOf("bob"));
            assertNothingSentTo(ALICE, BOB_NEW, CAROL);
        }

        @Test
        void answersARetriedResumeWithTheSameNewWelcome() {
            Cookie cookie = cookieFor(BOB_NEW);
            send(BOB_NEW, new Login(cookie, bob.token(), "bob"));
            Welcome first = assertInstanceOf(Welcome.class, outbox.last(BOB_NEW));
            outbox.clear();

            send(BOB_NEW, new Login(cookie, bob.token(), "bob")); // the first welcome was lost

            assertPackets(BOB_NEW, first);
            assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void aResumeGoesByTheTokenWhateverNameTheLoginGives() {
            Cookie cookie = cookieFor(DAVE);
            outbox.clear();

            // The token is the proof; the name may be one the client has not yet heard it lost (/nick).
            send(DAVE, new Login(cookie, alice.token(), "bob"));

            assertPackets(DAVE, new Welcome(alice.token(), "alice", "lobby"));
            assertEquals(BOB, addressOf("bob"));
            assertEquals(DAVE, addressOf("alice"));
            send(BOB, new Ping(bob.token(), 1));
            assertInstanceOf(Pong.class, outbox.last(BOB));
        }
    }

    @Nested
    class ReliableDelivery {

        @Test
        void relaysChatToEveryMemberWithSequenceNumbersPerRecipient() {
            aliceBobAndClassicCarol();

            send(BOB, new Chat(bob.token(), 1, 1, "hi  there"));

            assertPackets(ALICE, new Event(alice.token(), 3, 0, new Said("bob", "hi  there")));
            // the speaker's copy acknowledges the chat: ack = its seq
            assertPackets(BOB, new Event(bob.token(), 2, 1, new Said("bob", "hi  there")));
            assertLines(CAROL, "bob : hi  there");
        }

        @Test
        void numbersEachRecipientsEventsFromOne() {
            Session alice = join(ALICE, "alice");
            Session bob = join(BOB, "bob");

            send(ALICE, new Chat(alice.token(), 1, 1, "first"));

            assertPackets(ALICE, new Event(alice.token(), 2, 1, new Said("alice", "first")));
            assertPackets(BOB, new Event(bob.token(), 1, 0, new Said("alice", "first")));
        }

        @Test
        void relaysADuplicateChatOnceAndAcknowledgesItAtOnce() {
            aliceBobAndClassicCarol();
            send(BOB, new Chat(bob.token(), 1, 1, "once"));
            outbox.clear();

            send(BOB, new Chat(bob.token(), 1, 1, "once")); // bob did not hear his echo in time

            assertNothingSentTo(ALICE, CAROL);
            assertPackets(BOB, new NativeServerPacket.Ack(bob.token(), 1));
            assertEquals(1, dropped(DropReason.DUPLICATE));
        }

        @Test
        void holdsAChatThatArrivesEarlyAndRelaysInOrderWhenTheGapFills() {
            aliceBobAndClassicCarol();

            send(BOB, new Chat(bob.token(), 2, 1, "second"));

            assertNothingSentTo(ALICE, CAROL);
            assertPackets(BOB, new NativeServerPacket.Ack(bob.token(), 0)); // at once: tell bob what arrived
            outbox.clear();

            send(BOB, new Chat(bob.token(), 1, 1, "first"));

            assertEquals(List.of(new Said("bob", "first"), new Said("bob", "second")), outbox.eventsTo(ALICE));
            assertLines(CAROL, "bob : first", "bob : second");
            assertPackets(
                    BOB,
                    new Event(bob.token(), 2, 1, new Said("bob", "first")),
                    new Event(bob.token(), 3, 2, new Said("bob", "second")));
        }

        @Test
        void dropsAChatTooFarAheadToHoldAndTellsTheSpeakerWhatArrived() {
            aliceBobAndClassicCarol();

            send(BOB, new Chat(bob.token(), 1 + org.udpchat.server.Session.INBOUND_WINDOW, 1, "too far ahead"));

            assertPackets(BOB, new NativeServerPacket.Ack(bob.token(), 0));
            assertNothingSentTo(ALICE, CAROL);
            outbox.clear();

            send(BOB, new Chat(bob.token(), 1, 1, "first"));

            assertEquals(List.of(new Said("bob", "first")), outbox.eventsTo(ALICE), "the dropped chat was not kept");
        }

        @Test
        void resendsAnUnacknowledgedEventUnchangedAfterTheInitialTimeoutOfOneSecond() {
            Session alice = join(ALICE, "alice");
            send(BOB, new Login(cookieFor(BOB), 0, "bob"));
            byte[] first = outbox.to(ALICE).get(0).bytes();
            outbox.clear();

            tick(999);
            assertNothingSentTo(ALICE);

            tick(1);
            assertPackets(ALICE, new Event(alice.token(), 1, 0, new Joined("bob")));
            assertArrayEquals(first, outbox.to(ALICE).get(0).bytes());
        }

        @Test
        void resendsAfterTheTimeoutDoubledUpToTheBackoffCap() {
            Session alice = join(ALICE, "alice");
            join(BOB, "bob");
            List<Long> resentAt = new ArrayList<>();

            for (long t = 100; t <= 8_000; t += 100) {
                tick(100);
                if (!outbox.to(ALICE).isEmpty()) {
                    assertPackets(ALICE, new Event(alice.token(), 1, 0, new Joined("bob")));
                    resentAt.add(t);
                    outbox.clear();
                }
            }

            // 1000 ms (the initial RTO), then doubled but capped at RetransmitTimer.MAX_BACKOFF_MILLIS (1000)
            assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L, 7_000L, 8_000L), resentAt);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("org.udpchat.server.NativeProtocolTest#acknowledgements")
        void stopsResendingOnceAcknowledged(String carrier, AckCarrier acknowledgement) {
            Session alice = join(ALICE, "alice");
            join(BOB, "bob");
            tick(500);

            send(ALICE, acknowledgement.acknowledging(alice.token()));
            for (int i = 0; i < 100; i++) {
                tick(100);
            }

            List<Long> resent = outbox.packetsTo(ALICE).stream()
                    .filter(Event.class::isInstance)
                    .map(p -> ((Event) p).seq())
                    .filter(seq -> seq == 1)
                    .collect(Collectors.toList());
            assertEquals(List.of(), resent, "event 1 resent after an acknowledgement by " + carrier);
        }

        @Test
        void answersAPingWithAPongAcknowledgingWhatArrived() {
            aliceBobAndClassicCarol();
            send(BOB, new Chat(bob.token(), 1, 1, "x"));
            outbox.clear();

            send(ALICE, new Ping(alice.token(), 2));
            send(BOB, new Ping(bob.token(), 2));

            assertPackets(ALICE, new Pong(alice.token(), 0));
            assertPackets(BOB, new Pong(bob.token(), 1));
            assertEquals(NativeCodec.SESSION_HEADER_BYTES, outbox.to(BOB).get(0).size());
            assertNothingSentTo(CAROL);
        }

        @ParameterizedTest
        @MethodSource("org.udpchat.server.NativeProtocolTest#textsBreakingARule")
        void tellsOnlyTheSpeakerWhenAChatBreaksATextRule(String text, ChatText.Problem problem) {
            aliceBobAndClassicCarol();

            send(BOB, new Chat(bob.token(), 1, 1, text));

            assertPackets(BOB, new Event(bob.token(), 2, 1, new RoomEvent.NotRelayed(problem)));
            assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void relaysTheLongestTextWhoseClassicLineFillsOneDatagram() {
            aliceBobAndClassicCarol();
            String longest = "x".repeat(ChatText.maxBytes("bob"));

            send(BOB, new Chat(bob.token(), 1, 1, longest));

            assertEquals(List.of(new Said("bob", longest)), outbox.eventsTo(ALICE));
            assertEquals(Limits.MAX_DATAGRAM_BYTES, outbox.to(CAROL).get(0).size());
        }

        @Test
        void quitIsAcknowledgedToldToTheRoomAndFreesTheName() {
            aliceBobAndClassicCarol();

            send(BOB, new Quit(bob.token(), 1, 1));

            assertPackets(BOB, new NativeServerPacket.Ack(bob.token(), 1));
            assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Left("bob")));
            assertLines(CAROL, "bob 退出了聊天室");
            assertEquals(List.of("alice", "carol"), memberNames());
            send(ALICE, new Ack(alice.token(), 3));
            outbox.clear();

            send(BOB, new Quit(bob.token(), 1, 1)); // the ack was lost

            assertPackets(BOB, new Ended(bob.token(), EndReason.QUIT));
            assertEquals(13, outbox.to(BOB).get(0).size());
            assertNothingSentTo(ALICE, CAROL);

            join(DAVE, "bob");
            assertEquals(List.of("alice", "carol", "bob"), memberNames());
        }
    }

    @Nested
    class Liveness {

        @Test
        void expiresASilentSessionAndTellsTheRoom() {
            Session alice = join(ALICE, "alice");
            Session bob = join(BOB, "bob");
            joinClassic(CAROL, "carol");
            send(BOB, new Ack(bob.token(), 1));
            tick(20_000);
            send(BOB, new Ping(bob.token(), 1));
            tick(10_000); // alice has been silent exactly the timeout
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
            outbox.clear();

            tick(1);

            assertEquals(List.of("bob", "carol"), memberNames());
            assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.TimedOut("alice")));
            assertLines(CAROL, "alice 长时间无响应，已离开聊天室");
            outbox.clear();

            send(ALICE, new Ping(alice.token(), 0));

            assertPackets(ALICE, new Ended(alice.token(), EndReason.EXPIRED));
            assertNothingSentTo(BOB, CAROL);
        }

        @Test
        void keepsASessionThatPingsAndAcknowledges() {
            Session alice = join(ALICE, "alice");
            joinClassic(CAROL, "carol");

            for (int i = 0; i < 60; i++) { // ten minutes
                tick(10_000);
                send(ALICE, new Ping(alice.token(), 1));
            }

            assertEquals(List.of("alice", "carol"), memberNames());
        }

        @Test
        void dropsAMemberThatPingsButNeverAcknowledges() {
            Session alice = join(ALICE, "alice");
            Session bob = join(BOB, "bob"); // alice's event 1, never acknowledged
            joinClassic(CAROL, "carol");
            send(BOB, new Ack(bob.token(), 1));
            for (int i = 0; i < 6; i++) {
                tick(5_000);
                send(ALICE, new Ping(alice.token(), 0));
                send(BOB, new Ping(bob.token(), 1));
            }
            relay.onTick(); // event 1 is exactly the timeout old
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
            outbox.clear();

            clock.advanceMillis(1);
            send(ALICE, new Ping(alice.token(), 0));
            relay.onTick();

            assertEquals(List.of("bob", "carol"), memberNames());
            assertEquals(List.of(new RoomEvent.Dropped("alice")), outbox.eventsTo(BOB));
            assertLines(CAROL, "alice 的连接跟不上，已离开聊天室");
            outbox.clear();

            send(ALICE, new Ping(alice.token(), 0));

            assertPackets(ALICE, new Ended(alice.token(), EndReason.DROPPED));
        }

        @Test
        void holdsNativeChatBackWhileAMembersWindowIsNearlyFull() {
            Session alice = join(ALICE, "alice");
            Session bob = join(BOB, "bob"); // alice's event 1; she never acknowledges anything
            int roomy = org.udpchat.server.Session.EVENT_WINDOW - org.udpchat.server.Session.CONTROL_RESERVE;
            for (int seq = 1; seq <= roomy; seq++) { // alice: event 1 and these, so only 63 slots free
                send(BOB, new Chat(bob.token(), seq, seq - 1, "message " + seq));
            }
            assertEquals(roomy, outbox.eventsTo(ALICE).size(), "and event 1, forgotten by join()");
            outbox.clear();

            send(BOB, new Chat(bob.token(), roomy + 1, roomy, "waits"));

            assertNothingSentTo(ALICE); // held back: alice has only the reserve left
            assertEquals(List.of(), outbox.eventsTo(BOB), "and not acknowledged to bob either");
            send(ALICE, new Ack(alice.token(), 10)); // alice catches up a little
            assertEquals(List.of(new Said("bob", "waits")), outbox.eventsTo(ALICE));
            assertEquals(List.of(new Said("bob", "waits")), outbox.eventsTo(BOB));
        }

        @Test
        void dropsAMemberThatHoldsTheRoomUpPastTheCongestionDeadline() {
            Session alice = join(ALICE, "alice");
            Session bob = join(BOB, "bob"); // alice's event 1; she never acknowledges anything
            int roomy = org.udpchat.server.Session.EVENT_WINDOW - org.udpchat.server.Session.CONTROL_RESERVE;
            for (int seq = 1; seq <= roomy; seq++) {
                send(BOB, new Chat(bob.token(), seq, seq - 1, "message " + seq));
            }
            send(ALICE, new Ping(alice.token(), 0)); // alive, but not acknowledging
            relay.onTick(); // the congestion starts
            tick(Delivery.CONGESTION_DEADLINE_MILLIS / 2);
            send(ALICE, new Ping(alice.token(), 0));
            assertEquals(List.of("alice", "bob"), memberNames());
            outbox.clear();

            tick(Delivery.CONGESTION_DEADLINE_MILLIS / 2 + 1);

            assertEquals(List.of("bob"), memberNames());
            assertTrue(
                    outbox.eventsTo(BOB).contains(new RoomEvent.Dropped("alice")),
                    outbox.eventsTo(BOB).toString());
            assertTrue(outbox.eventsTo(BOB).contains(new Said("bob", "message " + roomy)), "the held chat goes on");
        }

        @Test
        void dropsAMemberAtOnceWhenNoticesOverflowItsWindow() {
            Session alice = join(ALICE, "alice");
            Session bob = join(BOB, "bob"); // alice's event 1; she never acknowledges anything
            for (int i = 1; i < org.udpchat.server.Session.EVENT_WINDOW; i++) {
                relay.onAnnouncement("notice " + i); // notices may use the reserve
                send(BOB, new Ack(bob.token(), i)); // bob keeps up
            }
            assertEquals(List.of("alice", "bob"), memberNames());
            outbox.clear();

            relay.onAnnouncement("one too many");

            assertEquals(List.of("bob"), memberNames());
            assertNothingSentTo(ALICE);
            send(ALICE, new Ack(alice.token(), org.udpchat.server.Session.EVENT_WINDOW));
            assertPackets(ALICE, new Ended(alice.token(), EndReason.DROPPED));
        }

        @Test
        void holdsClassicChatBackTooWhileANativeMemberIsBehind() {
            join(ALICE, "alice");
            joinClassic(CAROL, "carol"); // alice's event 1
            int relayed = org.udpchat.server.Session.EVENT_WINDOW - org.udpchat.server.Session.CONTROL_RESERVE;
            for (int i = 1; i < org.udpchat.server.Session.EVENT_WINDOW; i++) {
                receive(CAROL, "C carol message " + i);
            }

            // classic text promises no delivery: what alice has no room for is dropped, not queued
            assertEquals(relayed, outbox.eventsTo(ALICE).size(), "and event 1, forgotten by join()");
            assertEquals(List.of("alice", "carol"), memberNames());
            assertEquals(org.udpchat.server.Session.EVENT_WINDOW - 1 - relayed, dropped(DropReason.FLOW_CONTROLLED));
            assertTrue(outbox.to(CAROL).stream().anyMatch(d -> d.text().equals("聊天室繁忙，消息未发送，请稍后再试")));
        }

        @Test
        void letsSilentClassicMembersGoAfterTheIdleTimeout() {
            relay = relay(10, Duration.ofSeconds(60));
            Session alice = join(ALICE, "alice");
            joinClassic(CAROL, "carol"); // alice's event 1
            joinClassic(DAVE, "dave"); // alice's event 2
            tick(20_000);
            send(ALICE, new Ping(alice.token(), 2));
            tick(10_000);
            receive(DAVE, "C dave still here"); // alice's event 3
            send(ALICE, new Ping(alice.token(), 3));
            tick(20_000);
            send(ALICE, new Ping(alice.token(), 3));
            tick(10_000); // carol has been silent exactly the timeout
            assertEquals(List.of("alice", "carol", "dave"), memberNames());
            outbox.clear();

            tick(1);

            assertEquals(List.of("alice", "dave"), memberNames());
            assertLines(CAROL, "EXIT");
            assertLines(DAVE, "carol 长时间无响应，已离开聊天室");
            assertPackets(ALICE, new Event(alice.token(), 4, 0, new RoomEvent.TimedOut("carol")));
        }

        @Test
        void keepsSilentClassicMembersForeverWithoutAnIdleTimeout() {
            joinClassic(CAROL, "carol");
            joinClassic(DAVE, "dave");

            tick(Duration.ofDays(7).toMillis());

            assertEquals(List.of("carol", "dave"), memberNames());
            assertEquals(List.of(), outbox.all());
        }

        /**
         * Anyone can put a native member's address on a classic {@code L} datagram; the session is
         * authenticated by its token, so only datagrams carrying it may count as signs of life.
         */
        @Test
        void classicLoginFromANativeMembersAddressDoesNotKeepItsSessionAlive() {
            Session bob = join(BOB, "bob");
            join(ALICE, "alice"); // bob's event 1; alice has nothing in flight
            send(BOB, new Ack(bob.token(), 1));
            tick(20_000);
            receive(ALICE, "L alice"); // forged: alice's client, dead, sends nothing
            assertEquals(1, dropped(DropReason.IMPERSONATION));
            send(BOB, new Ping(bob.token(), 1));
            outbox.clear();

            tick(20_000); // alice's last datagram with her token came 40 s ago, over the session timeout

            assertEquals(List.of("bob"), memberNames());
            assertEquals(List.of(new RoomEvent.TimedOut("alice")), outbox.eventsTo(BOB));
        }
    }

    @Nested
    class Kick {

        @BeforeEach
        void room() {
            aliceBobAndClassicCarol();
        }

        @Test
        void tellsTheKickedMemberReliablyAndTheRoom() {
            assertEquals(KickOutcome.KICKED, relay.onKick("bob", "刷屏"));

            assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.YouWereKicked("刷屏")));
            assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Kicked("bob", "刷屏")));
            assertLines(CAROL, "bob 被管理员移出了聊天室");
            assertEquals(List.of("alice", "carol"), memberNames());
        }

        @Test
        void kicksByNameKey() {
            assertEquals(KickOutcome.KICKED, relay.onKick("ＢＯＢ", ""));

            assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.YouWereKicked("")));
            assertEquals(List.of("alice", "carol"), memberNames());
        }

        @Test
        void resendsTheKickNoticeUntilAcknowledgedThenRevokesTheToken() {
            relay.onKick("bob", "刷屏");
            outbox.clear();

            tick(1_000);
            assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.YouWereKicked("刷屏")));
            outbox.clear();

            send(BOB, new Ack(bob.token(), 2));
            for (int i = 0; i < 10; i++) {
                tick(1_000);
            }
            assertEquals(List.of(), outbox.eventsTo(BOB));

            send(BOB, new Ping(bob.token(), 2));
            assertPackets(BOB, new Ended(bob.token(), EndReason.KICKED));
            assertEquals(13, outbox.to(BOB).get(0).size());
        }

        @Test
        void revokesTheTokenAfterLingeringWithoutAnAcknowledgement() {
            relay.onKick("bob", "刷屏");
            tick(NativeProtocol.LINGER_MILLIS - 1);
            outbox.clear();
            send(BOB, new Ping(bob.token(), 1));
            assertPackets(BOB, new Pong(bob.token(), 0)); // still lingering: the kick notice may yet arrive
            outbox.clear();

            tick(1);
            send(BOB, new Ping(bob.token(), 1));

            assertPackets(BOB, new Ended(bob.token(), EndReason.KICKED));
        }

        @Test
        void aKickedMembersChatsNeverReachTheRoom() {
            relay.onKick("bob", "刷屏");
            send(ALICE, new Ack(alice.token(), 3));
            outbox.clear();

            send(BOB, new Chat(bob.token(), 1, 1, "before my ack")); // the kick notice is not acknowledged yet
            send(BOB, new Chat(bob.token(), 2, 2, "with my ack"));
            send(BOB, new Chat(bob.token(), 3, 2, "after revocation"));
            tick(1_000);

            assertNothingSentTo(ALICE, CAROL);
            assertEquals(
                    List.of(new Ended(bob.token(), EndReason.KICKED)),
                    outbox.packetsTo(BOB).stream()
                            .filter(Ended.class::isInstance)
                            .collect(Collectors.toList()));
        }

        @Test
        void answersARevokedTokenWithEndedNoLargerThanTheRequestAndRateLimited() {
            clock.advanceMillis(
                    ReplyBudget.PER_ADDRESS_BURST * ReplyBudget.PER_ADDRESS_REFILL_MILLIS); // bob's hello spent one
            relay.onKick("bob", "");
            send(BOB, new Ack(bob.token(), 2));
            outbox.clear();

            for (int i = 0; i < 10; i++) {
                send(BOB, new Ping(bob.token(), 2));
            }

            assertEquals(ReplyBudget.PER_ADDRESS_BURST, outbox.to(BOB).size());
            for (RecordingOutbox.Datagram reply : outbox.to(BOB)) {
                assertEquals(13, reply.size());
                assertEquals(new Ended(bob.token(), EndReason.KICKED), NativePeer.decode(reply.bytes()));
            }
            assertEquals(10 - ReplyBudget.PER_ADDRESS_BURST, dropped(DropReason.REPLY_RATE_LIMITED));
            outbox.clear();

            clock.advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS);
            send(BOB, new Ping(bob.token(), 2));
            send(BOB, new Ping(bob.token(), 2));

            assertEquals(1, outbox.to(BOB).size());
        }
    }

    @Nested
    class Shutdown {

        @BeforeEach
        void room() {
            aliceBobAndClassicCarol();
        }

        @Test
        void tellsNativesReliablyAndClassicMembersTheClosingLineAndExit() {
            relay.onShutdown();

            assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Closing()));
            assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.Closing()));
            assertLines(CAROL, "管理员 : 服务器关闭，聊天室结束", "EXIT");
            assertEquals(List.of(), memberNames());
            assertFalse(relay.isClosed());
            outbox.clear();

            tick(1_000);

            assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Closing()));
            assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.Closing()));
            assertNothingSentTo(CAROL);
        }

        @Test
        void isClosedOnlyAfterEveryNativeAcknowledged() {
            relay.onShutdown();

            send(ALICE, new Ack(alice.token(), 3));
            assertFalse(relay.isClosed());
            send(BOB, new Ack(bob.token(), 2));
            assertTrue(relay.isClosed());

            outbox.clear();
            send(ALICE, new Ping(alice.token(), 3));
            assertPackets(ALICE, new Ended(alice.token(), EndReason.CLOSED));
        }

        @Test
        void isClosedAfterLingeringWhenANativeNeverAcknowledges() {
            relay.onShutdown();
            send(ALICE, new Ack(alice.token(), 3));

            tick(NativeProtocol.LINGER_MILLIS - 1);
            assertFalse(relay.isClosed());

            tick(1);
            assertTrue(relay.isClosed());
        }

        @Test
        void ignoresHellosAndLoginsWhileClosing() {
            Cookie cookie = cookieFor(DAVE);
            relay.onShutdown();
            outbox.clear();

            send(DAVE, new Hello(NativeCodec.HELLO_BYTES));
            send(DAVE, new Login(cookie, 0, "dave"));
            receive(DAVE, "L dave");

            assertNothingSentTo(DAVE);
            assertEquals(List.of(), memberNames());
        }
    }

    @Nested
    class Forgery {

        @BeforeEach
        void room() {
            aliceBobAndClassicCarol();
        }

        private List<NativeClientPacket> everySessionPacket(long token) {
            return List.of(
                    new Chat(token, 1, 0, "forged"),
                    new Quit(token, 1, 0),
                    new Ack(token, 1),
                    new Ping(token, 0),
                    new PathResponse(token, 42));
        }

        @Test
        void dropsEveryDatagramWithATokenNeverIssuedUnanswered() {
            assertNotEquals(NEVER_ISSUED, alice.token());
            assertNotEquals(NEVER_ISSUED, bob.token());

            for (NativeClientPacket packet : everySessionPacket(NEVER_ISSUED)) {
                send(MALLORY, packet);
                send(ALICE, packet); // from a member's own address too
            }

            assertEquals(List.of(), outbox.all());
            assertEquals(10, dropped(DropReason.UNKNOWN_TOKEN));
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
        }

        @Test
        void answersAStaleTokenOnlyWithEnded() {
            send(BOB, new Quit(bob.token(), 1, 1));
            send(ALICE, new Ack(alice.token(), 3));
            outbox.clear();

            for (NativeClientPacket packet : everySessionPacket(bob.token())) {
                clock.advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS);
                send(BOB, packet);
                assertPackets(BOB, new Ended(bob.token(), EndReason.QUIT));
                outbox.clear();
            }
            relay.onTick();

            assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "carol"), memberNames());
        }

        @Test
        void aCookieReplayedFromAnotherAddressCreatesNoSession() {
            Cookie alicesCookie = cookieFor(ALICE); // seen on the wire by mallory
            outbox.clear();

            send(MALLORY, new Login(alicesCookie, 0, "mallory"));
            send(MALLORY, new Login(alicesCookie, alice.token(), "alice"));

            assertEquals(List.of(), outbox.all());
            assertEquals(2, dropped(DropReason.BAD_COOKIE));
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
            assertEquals(ALICE, addressOf("alice"));
        }

        @Test
        void aClassicChatOrQuitUnderANativeNameNeverReachesTheRoom() {
            receive(MALLORY, "C alice I owe mallory money");
            receive(MALLORY, "Q alice");
            receive(MALLORY, "L alice");
            receive(CAROL, "C alice I owe carol money");
            receive(CAROL, "Q alice");

            assertLines(MALLORY, "您不在聊天室中，请先登录", "EXIT", "该昵称已被占用");
            assertLines(CAROL, "您的昵称是 carol，不能冒用他人名义", "您的昵称是 carol，不能冒用他人名义");
            assertNothingSentTo(ALICE, BOB);
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
            assertEquals(2, dropped(DropReason.IMPERSONATION));
        }

        @Test
        void dropsClassicChatAndQuitFromANativeMembersOwnAddress() {
            receive(ALICE, "C alice hello in classic text");
            receive(ALICE, "Q alice");

            assertEquals(List.of(), outbox.all());
            assertEquals(2, dropped(DropReason.IMPERSONATION));
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
        }

        /**
         * Spoofed datagrams of every kind an unvalidated address can send, from many addresses, of many
         * sizes: each one's replies go to its source only and are no larger than it.
         */
        @Test
        void everyReplyToAnUnvalidatedAddressIsNoLargerThanItsRequest() {
            long seed = new Random().nextLong();
            Random random = new Random(seed);
            String replay = "seed " + seed;
            send(BOB, new Quit(bob.token(), 1, 1)); // bob's token is stale from now on
            send(ALICE, new Ack(alice.token(), 3));
            Cookie alicesCookie = cookieFor(ALICE);
            outbox.clear();
            int replies = 0;

            for (int i = 0; i < 3_000; i++) {
                InetSocketAddress from = spoofed(random.nextInt(400));
                long token = List.of(alice.token(), bob.token(), NEVER_ISSUED).get(random.nextInt(3));
                NativeClientPacket packet;
                switch (random.nextInt(7)) {
                    case 0:
                        packet = new Hello(NativeCodec.HELLO_BYTES
                                + random.nextInt(Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.HELLO_BYTES + 1));
                        break;
                    case 1:
                        packet = new Login(alicesCookie, random.nextBoolean() ? 0 : alice.token(), "alice");
                        break;
                    case 2:
                        packet = new Chat(token, 1 + random.nextInt(1000), 0, "x".repeat(1 + random.nextInt(100)));
                        break;
                    case 3:
                        packet = new Quit(token, 1 + random.nextInt(1000), 0);
                        break;
                    case 4:
                        packet = new Ack(token, random.nextInt(10));
                        break;
                    case 5:
                        packet = new Ping(token, random.nextInt(10));
                        break;
                    default:
                        packet = new PathResponse(token, random.nextLong());
                        break;
                }
                byte[] request = NativeCodec.encode(packet);

                receive(from, request);

                for (RecordingOutbox.Datagram reply : outbox.all()) {
                    assertEquals(from, reply.to(), replay + ": a reply to " + packet + " went elsewhere");
                    assertTrue(
                            reply.size() <= request.length,
                            replay + ": " + reply.size() + " bytes in reply to " + request.length + " of " + packet);
                    replies++;
                }
                outbox.clear();
                if (random.nextInt(100) == 0) {
                    tick(random.nextInt(1_000)); // budgets refill
                    send(ALICE, new Ping(alice.token(), 3)); // alice stays, and may hear a path challenge was made
                    outbox.clear();
                }
            }

            assertTrue(replies > 0, replay + ": no reply at all, so nothing was checked");
            // (how many replies each address may have is tested with the reply budget on its own)
            assertEquals(List.of("alice", "carol"), memberNames(), replay);
            assertEquals(ALICE, addressOf("alice"), replay);
        }

        @Test
        void limitsChallengesPerAddress() {
            InetSocketAddress victim = spoofed(7);

            for (int i = 0; i < 10; i++) {
                send(victim, new Hello(NativeCodec.HELLO_BYTES));
            }

            assertEquals(ReplyBudget.PER_ADDRESS_BURST, outbox.to(victim).size());
            assertEquals(10 - ReplyBudget.PER_ADDRESS_BURST, dropped(DropReason.REPLY_RATE_LIMITED));
            outbox.clear();

            clock.advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS);
            send(victim, new Hello(NativeCodec.HELLO_BYTES));
            send(victim, new Hello(NativeCodec.HELLO_BYTES));

            assertEquals(1, outbox.to(victim).size());
        }

        @Test
        void limitsChallengesPerAddressButNotAcrossAddresses() {
            clock.advanceMillis(1_000);
            outbox.clear();
            int spoofers = ReplyBudget.GLOBAL_PER_SECOND + 100;

            for (int i = 0; i < spoofers; i++) {
                send(spoofed(i), new Hello(NativeCodec.HELLO_BYTES));
            }
            for (int i = 0; i < ReplyBudget.PER_ADDRESS_BURST + 2; i++) {
                send(spoofed(spoofers), new Hello(NativeCodec.HELLO_BYTES));
            }

            // a challenge is smaller than its hello, so forged hellos may not lock honest clients out
            assertEquals(spoofers + ReplyBudget.PER_ADDRESS_BURST, outbox.all().size());
            assertEquals(2, dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void limitsPathChallengesPerAddress() {
            for (int i = 0; i < 10; i++) {
                send(ALICE_NEW, new Ping(alice.token(), 2));
            }

            assertEquals(ReplyBudget.PER_ADDRESS_BURST, outbox.to(ALICE_NEW).size());
            for (NativeServerPacket packet : outbox.packetsTo(ALICE_NEW)) {
                assertInstanceOf(PathChallenge.class, packet);
            }
            assertEquals(10, dropped(DropReason.UNVALIDATED_ADDRESS));
            assertEquals(10 - ReplyBudget.PER_ADDRESS_BURST, dropped(DropReason.REPLY_RATE_LIMITED));
            assertNothingSentTo(ALICE);
        }
    }

    @Nested
    class PathValidation {

        @BeforeEach
        void room() {
            aliceBobAndClassicCarol();
        }

        @Test
        void challengesANewAddressInsteadOfProcessingItsDatagram() {
            send(ALICE_NEW, new Chat(alice.token(), 1, 2, "from a new port"));

            List<RecordingOutbox.Datagram> sent = outbox.all();
            assertEquals(1, sent.size());
            assertEquals(ALICE_NEW, sent.get(0).to());
            assertEquals(20, sent.get(0).size());
            PathChallenge challenge = assertInstanceOf(
                    PathChallenge.class, NativePeer.decode(sent.get(0).bytes()));
            assertEquals(alice.token(), challenge.token());
            assertEquals(1, dropped(DropReason.UNVALIDATED_ADDRESS));
            assertEquals(ALICE, addressOf("alice"));
        }

        @Test
        void keepsSendingEventsToTheOldAddressWhileUnvalidated() {
            send(ALICE_NEW, new Ping(alice.token(), 2));
            outbox.clear();

            send(BOB, new Chat(bob.token(), 1, 1, "where are you?"));
            tick(1_000);

            assertEquals(
                    List.of(new Said("bob", "where are you?"), new Said("bob", "where are you?")),
                    outbox.eventsTo(ALICE));
            assertNothingSentTo(ALICE_NEW);
        }

        @Test
        void movesTheSessionWhenTheNewAddressEchoesTheNonce() {
            send(BOB, new Chat(bob.token(), 1, 1, "unacknowledged by alice"));
            send(ALICE_NEW, new Ping(alice.token(), 2));
            long nonce = nonceSentTo(ALICE_NEW);
            outbox.clear();

            send(ALICE_NEW, new PathResponse(alice.token(), nonce));

            assertEquals(ALICE_NEW, addressOf("alice"));
            tick(1_000); // alice's event 3 is resent, to where she is now
            assertEquals(List.of(new Said("bob", "unacknowledged by alice")), outbox.eventsTo(ALICE_NEW));
            assertNothingSentTo(ALICE);
            outbox.clear();

            send(ALICE_NEW, new Chat(alice.token(), 1, 3, "moved"));

            assertPackets(ALICE_NEW, new Event(alice.token(), 4, 1, new Said("alice", "moved")));
            assertEquals(List.of(new Said("alice", "moved")), outbox.eventsTo(BOB));
            assertLines(CAROL, "alice : moved");
            assertNothingSentTo(ALICE);
            outbox.clear();

            send(ALICE, new Ping(alice.token(), 4)); // the old address is a stranger now

            assertInstanceOf(PathChallenge.class, outbox.last(ALICE));
        }

        @Test
        void doesNotMoveOnAWrongNonce() {
            send(ALICE_NEW, new Ping(alice.token(), 2));
            long nonce = nonceSentTo(ALICE_NEW);
            outbox.clear();

            send(ALICE_NEW, new PathResponse(alice.token(), nonce + 1));

            assertEquals(ALICE, addressOf("alice"));
            assertNothingSentTo(ALICE_NEW); // a wrong answer earns no new challenge
            send(BOB, new Chat(bob.token(), 1, 1, "hi"));
            assertEquals(List.of(new Said("bob", "hi")), outbox.eventsTo(ALICE));
            assertNothingSentTo(ALICE_NEW);

            send(ALICE_NEW, new PathResponse(alice.token(), nonce));
            assertEquals(ALICE_NEW, addressOf("alice"), "the right answer still counts");
        }

        @Test
        void doesNotMoveOnTheRightNonceFromAnotherAddress() {
            send(ALICE_NEW, new Ping(alice.token(), 2));
            long nonce = nonceSentTo(ALICE_NEW);

            send(ELSEWHERE, new PathResponse(alice.token(), nonce));

            assertEquals(ALICE, addressOf("alice"));
        }

        /**
         * A rebinding client usually has more than one datagram in flight, and answers every challenge it
         * gets. Each new challenge replaces the nonce the relay expects, and each stale response earns yet
         * another challenge, so two responses in flight keep invalidating each other until the reply budget
         * runs dry (a rate-limited challenge still replaces the nonce).
         */
        @Test
        void acceptsAResponseToAnEarlierChallengeStillInFlight() {
            send(ALICE_NEW, new Ping(alice.token(), 2));
            send(ALICE_NEW, new Ack(alice.token(), 2));
            List<Long> nonces = outbox.packetsTo(ALICE_NEW).stream()
                    .map(p -> assertInstanceOf(PathChallenge.class, p).nonce())
                    .collect(Collectors.toList());
            assertEquals(2, nonces.size());

            send(ALICE_NEW, new PathResponse(alice.token(), nonces.get(0)));
            send(ALICE_NEW, new PathResponse(alice.token(), nonces.get(1)));

            assertEquals(ALICE_NEW, addressOf("alice"));
        }

        /**
         * Behind one NAT, a classic member's mapping can expire (classic clients are silent for long) and
         * the NAT can give its port to a native member who rebinds; or anyone who learns a token can move
         * the session onto a member's address. Either way two members then share one address.
         */
        @Test
        void movesNoSessionOntoAnAddressAnotherMemberHolds() {
            send(CAROL, new Ping(alice.token(), 2));

            assertNothingSentTo(CAROL); // no challenge: another member is there
            assertEquals(ALICE, addressOf("alice"));
            outbox.clear();

            receive(CAROL, "C carol still me");

            assertEquals(List.of(new Said("carol", "still me")), outbox.eventsTo(ALICE));
            assertEquals(0, dropped(DropReason.IMPERSONATION));
        }
    }

    @Nested
    class MixedRoom {

        @BeforeEach
        void room() {
            aliceBobAndClassicCarol();
        }

        @Test
        void classicAndNativeMembersHearEachOther() {
            send(ALICE, new Chat(alice.token(), 1, 2, "你好 carol"));

            assertLines(CAROL, "alice : 你好 carol");
            assertPackets(BOB, new Event(bob.token(), 2, 0, new Said("alice", "你好 carol")));
            outbox.clear();

            receive(CAROL, "C carol 你好  alice");

            assertPackets(ALICE, new Event(alice.token(), 4, 1, new Said("carol", "你好  alice")));
            assertPackets(BOB, new Event(bob.token(), 3, 0, new Said("carol", "你好  alice")));
            assertLines(CAROL, "carol : 你好  alice");
        }

        @Test
        void nativeMembersHearClassicJoinsAndQuitsAsEvents() {
            receive(DAVE, "L dave");
            receive(DAVE, "Q dave");

            assertPackets(
                    ALICE,
                    new Event(alice.token(), 3, 0, new Joined("dave")),
                    new Event(alice.token(), 4, 0, new RoomEvent.Left("dave")));
            assertEquals(List.of(new Joined("dave"), new RoomEvent.Left("dave")), outbox.eventsTo(BOB));
            assertLines(CAROL, "欢迎 dave 进入聊天室", "dave 退出了聊天室");
        }

        @Test
        void aNativeQuitIsToldToClassicMembersAsTheirLine() {
            send(ALICE, new Quit(alice.token(), 1, 2));

            assertLines(CAROL, "alice 退出了聊天室");
            assertEquals(List.of(new RoomEvent.Left("alice")), outbox.eventsTo(BOB));
        }

        @Test
        void announcementsReachBothAsTheAdministrator() {
            assertTrue(relay.onAnnouncement("今晚十点维护").isEmpty());

            assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Announced("今晚十点维护")));
            assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.Announced("今晚十点维护")));
            assertLines(CAROL, "管理员 : 今晚十点维护");
        }

        @Test
        void listsWhichMembersAreNative() {
            Map<String, Boolean> natives = new HashMap<>();
            relay.members().forEach(m -> natives.put(m.name(), m.isNative()));

            assertEquals(Map.of("alice", true, "bob", true, "carol", false), natives);
        }
    }
}
