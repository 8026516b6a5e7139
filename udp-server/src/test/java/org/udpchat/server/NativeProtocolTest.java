package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearClientPacket.Hello;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeClientPacket.Ack;
import org.udpchat.codec.NativeClientPacket.Chat;
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
import org.udpchat.codec.Packet;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomEvent.Joined;
import org.udpchat.codec.RoomEvent.Said;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.server.RelayFixture.NativeMember;

/**
 * The native protocol's server side, driven through {@link Relay} by a {@link RelayFixture}: no socket, no
 * real time. Native datagrams are decoded as a client decodes them; classic ones are read as lines. Most
 * tests start from {@link #aliceBobAndClassicCarol}: two native members who have acknowledged everything
 * so far, and one classic member.
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

    private static final ServerConfig CONFIG =
            RelayFixture.DEFAULTS.withLimits(RoomLimits.ofMembers(10)).withSessionTimeout(SESSION_TIMEOUT);

    private final RelayFixture fixture = new RelayFixture(CONFIG);

    /** The native members of {@link #aliceBobAndClassicCarol}, when a test starts from it. */
    private NativeMember alice;

    private NativeMember bob;

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Spoofed sources: a different address for each {@code i}, none of them a member. */
    private static InetSocketAddress spoofed(int i) {
        return new InetSocketAddress("10.1." + (i / 250) + "." + (1 + i % 250), 50000 + i % 1000);
    }

    /**
     * Alice and bob join natively, carol in classic text, in that order. Alice's events are 1 "bob joined"
     * and 2 "carol joined", bob's is 1 "carol joined"; both acknowledge them, so the test starts with
     * nothing in flight.
     */
    private void aliceBobAndClassicCarol() {
        alice = fixture.joinNative(ALICE, "alice");
        bob = fixture.joinNative(BOB, "bob");
        fixture.joinClassic(CAROL, "carol");
        alice.ack(2);
        bob.ack(1);
        assertEquals(List.of(), fixture.outbox().all(), "acknowledgements are not answered");
    }

    /** The nonce of the one path challenge sent to {@code to} since the outbox was last cleared. */
    private long nonceSentTo(InetSocketAddress to) {
        List<Packet> packets = fixture.outbox().packetsTo(to);
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
                arguments("x".repeat(ChatText.maxBytes("bob") + 1), ChatText.Problem.TOO_LONG),
                arguments("   ", ChatText.Problem.EMPTY), // a blank line is not chat: it would read "bob :"
                arguments("\u3000\u3164", ChatText.Problem.EMPTY),
                arguments("hi\u200D", ChatText.Problem.INVISIBLE_OR_CONTROL), // a joiner that joins nothing
                arguments("a\u200D\u200Db", ChatText.Problem.INVISIBLE_OR_CONTROL));
    }

    @Nested
    class Handshake {

        @Test
        void answersHelloWithAThirtyTwoByteChallengeForTheCurrentSlotEchoingTheNonce() {
            fixture.receive(ALICE, new Hello(0x0123_4567_89AB_CDEFL, NativeCodec.HELLO_BYTES));

            List<RecordingOutbox.Datagram> sent = fixture.outbox().all();
            assertEquals(1, sent.size());
            assertEquals(ALICE, sent.get(0).to());
            assertEquals(32, sent.get(0).size());
            ClearServerPacket.Challenge challenge = assertInstanceOf(
                    ClearServerPacket.Challenge.class, sent.get(0).packet());
            assertEquals(
                    fixture.clock().millis() / CookieJar.SLOT_MILLIS,
                    challenge.cookie().timeSlot());
            assertEquals(0x0123_4567_89AB_CDEFL, challenge.nonce());
        }

        @Test
        void answersAnInitWithAReplySmallerThanItThatEchoesItsNonceAndProvesTheServersKey() {
            Cookie cookie = fixture.cookieFor(ALICE);
            fixture.forget();

            RelayFixture.Handshake handshake = fixture.shakeHands(ALICE, cookie); // checks the nonce and the key

            List<RecordingOutbox.Datagram> sent = fixture.outbox().all();
            assertEquals(1, sent.size());
            assertEquals(NativeCodec.REPLY_BYTES, sent.get(0).size());
            assertTrue(sent.get(0).size() <= NativeCodec.INIT_BYTES, "a reply no larger than the init");
            assertNotEquals(0, handshake.token());
            assertEquals(1, fixture.relay().stats().handshakes());
            assertEquals(List.of(), fixture.memberNames(), "no member before the login");
        }

        @Test
        void answersARetriedLoginWithTheSameWelcomeAndRefusesAnotherUnderItsOwnKeys() {
            RelayFixture.Handshake handshake = fixture.shakeHands(DAVE);
            fixture.forget();

            fixture.sendLogin(DAVE, handshake, new Login("dave"));
            fixture.sendLogin(DAVE, handshake, new Login("dave")); // a retry: the first welcome was lost
            NativeServerPacket refused = fixture.login(ELSEWHERE, "DAVE", "");

            Welcome first = assertInstanceOf(
                    Welcome.class, fixture.outbox().packetsTo(DAVE).get(0));
            assertEquals(List.of(first, first), fixture.outbox().packetsTo(DAVE));
            assertEquals(handshake.token(), first.token(), "the session takes its handshake's token");
            assertEquals(new Refused(RefusalReason.NAME_TAKEN, 0), refused);
            assertEquals(List.of("dave"), fixture.memberNames());
        }

        @ParameterizedTest
        @ValueSource(ints = {64, 65, 300, Limits.MAX_NATIVE_DATAGRAM_BYTES})
        void answersEveryHelloFromSixtyFourBytesWithTheSameSmallChallenge(int size) {
            fixture.receive(ALICE, new Hello(7, size));

            assertEquals(1, fixture.outbox().to(ALICE).size());
            assertEquals(
                    NativeCodec.CHALLENGE_BYTES,
                    fixture.outbox().to(ALICE).get(0).size());
        }

        @ParameterizedTest
        @ValueSource(ints = {4, 20, 24, 63})
        void dropsHelloUnderSixtyFourBytesUnanswered(int size) {
            byte[] hello = new byte[size];
            hello[0] = (byte) 0xFF;
            hello[1] = (byte) 0xAC;
            hello[2] = NativeCodec.VERSION;
            hello[3] = 0x01;

            fixture.receive(ALICE, hello);

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(1, fixture.dropped(DropReason.MALFORMED));
        }

        @Test
        void welcomesASealedLoginUnderTheHandshakesKeysFromTheSameAddress() {
            RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
            fixture.forget();

            fixture.sendLogin(ALICE, handshake, new Login("alice"));

            List<Packet> answers = fixture.outbox().packetsTo(ALICE);
            assertEquals(1, answers.size(), answers.toString());
            Welcome welcome = assertInstanceOf(Welcome.class, answers.get(0));
            assertEquals("alice", welcome.name());
            assertEquals(handshake.token(), welcome.token());
            assertFalse(welcome.resumption().isNone());
            assertEquals(
                    List.of(new MemberInfo("alice", "lobby", ALICE, Duration.ZERO, true)),
                    fixture.relay().members());
        }

        @Test
        void dropsALoginUnderAHandshakeFromAnotherAddress() {
            RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
            fixture.forget();

            fixture.receive(ALICE_NEW, fixture.seal(handshake.token(), new Login("alice")));

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(1, fixture.dropped(DropReason.UNVALIDATED_ADDRESS));
            assertEquals(List.of(), fixture.memberNames());
        }

        @Test
        void tellsNativeMembersJoinedAndClassicMembersTheWelcomeLine() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            fixture.joinClassic(CAROL, "carol"); // alice's event 1
            fixture.receive(ALICE, new Ack(alice.token(), 1));
            RelayFixture.Handshake handshake = fixture.shakeHands(BOB);
            fixture.forget();

            fixture.sendLogin(BOB, handshake, new Login("bob"));

            assertEquals(
                    1,
                    fixture.outbox().packetsTo(BOB).size(),
                    fixture.outbox().packetsTo(BOB).toString());
            assertInstanceOf(Welcome.class, fixture.outbox().last(BOB));
            fixture.assertPackets(ALICE, new Event(alice.token(), 2, 0, new Joined("bob")));
            fixture.assertLines(CAROL, "欢迎 bob 进入聊天室");
        }

        @Test
        void dropsInitWithACookieMadeForAnotherAddressBeforeAnyKeyAgreement() {
            Cookie davesCookie = fixture.cookieFor(DAVE);
            fixture.forget();

            fixture.sendInit(MALLORY, davesCookie);
            fixture.sendInit(address(DAVE.getPort() + 1), davesCookie); // same host, other port

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(2, fixture.dropped(DropReason.BAD_COOKIE));
            assertEquals(0, fixture.relay().stats().handshakes(), "no key agreement for a bad cookie");
            assertEquals(0, fixture.relay().pendingHandshakes(), "and no state kept");
        }

        @Test
        void dropsInitWithAForgedCookie() {
            long slot = fixture.clock().millis() / CookieJar.SLOT_MILLIS;

            fixture.sendInit(MALLORY, new Cookie(slot, 0x1234_5678_9ABC_DEF0L, 0x0FED_CBA9_8765_4321L));
            fixture.sendInit(MALLORY, new Cookie(slot, 0, 0));

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(2, fixture.dropped(DropReason.BAD_COOKIE));
            assertEquals(0, fixture.relay().stats().handshakes());
        }

        /** The fake clock starts on a slot boundary, so a cookie made now lives two whole slots. */
        @ParameterizedTest
        @ValueSource(longs = {0, 1, 9_999, 10_000, 19_999})
        void acceptsACookieUntilThePreviousSlotEnds(long ageMillis) {
            assertEquals(0, fixture.clock().millis() % CookieJar.SLOT_MILLIS);
            Cookie cookie = fixture.cookieFor(ALICE);
            fixture.clock().advanceMillis(ageMillis);
            fixture.forget();

            RelayFixture.Handshake handshake = fixture.shakeHands(ALICE, cookie);
            fixture.sendLogin(ALICE, handshake, new Login("alice"));

            assertInstanceOf(Welcome.class, fixture.outbox().last(ALICE));
            assertEquals(List.of("alice"), fixture.memberNames());
        }

        @ParameterizedTest
        @ValueSource(longs = {20_000, 20_001, 60_000})
        void dropsACookieOlderThanThePreviousSlot(long ageMillis) {
            Cookie cookie = fixture.cookieFor(ALICE);
            fixture.clock().advanceMillis(ageMillis);
            fixture.forget();

            fixture.sendInit(ALICE, cookie);

            fixture.assertNothingSentTo(ALICE);
            assertEquals(1, fixture.dropped(DropReason.BAD_COOKIE));
            assertEquals(0, fixture.relay().stats().handshakes());
            assertEquals(0, fixture.relay().pendingHandshakes());
        }

        @Test
        void dropsACookieFromAFutureSlot() {
            Cookie cookie = fixture.cookieFor(ALICE);
            Cookie nextSlot = new Cookie(cookie.timeSlot() + 1, cookie.macHigh(), cookie.macLow());
            fixture.forget();

            fixture.sendInit(ALICE, nextSlot);

            fixture.assertNothingSentTo(ALICE);
            assertEquals(1, fixture.dropped(DropReason.BAD_COOKIE));
        }

        @ParameterizedTest
        @MethodSource("org.udpchat.server.NativeProtocolTest#badNames")
        void refusesABadNameWithItsReasonSealed(String name, RefusalReason reason, long limit) {
            RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
            fixture.forget();

            fixture.sendLogin(ALICE, handshake, new Login(name));

            fixture.assertPackets(ALICE, new Refused(reason, limit));
            assertEquals(
                    9 + SealedDatagram.OVERHEAD,
                    fixture.outbox().to(ALICE).get(0).size());
            assertEquals(List.of(), fixture.memberNames());
        }

        @ParameterizedTest
        @ValueSource(strings = {"alice", "ALICE", "ａｌｉｃｅ", "carol", "CAROL"})
        void refusesATakenNameWhetherANativeOrAClassicMemberHoldsIt(String name) {
            aliceBobAndClassicCarol();
            RelayFixture.Handshake handshake = fixture.shakeHands(DAVE);
            fixture.forget();

            fixture.sendLogin(DAVE, handshake, new Login(name));

            fixture.assertPackets(DAVE, new Refused(RefusalReason.NAME_TAKEN, 0));
            fixture.assertNothingSentTo(ALICE, BOB, CAROL);
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
        }

        @Test
        void refusesALoginWhenTheServerIsFullSayingTheLimit() {
            fixture.restart(CONFIG.withLimits(RoomLimits.ofMembers(2)));
            fixture.joinNative(ALICE, "alice");
            fixture.joinClassic(CAROL, "carol");
            RelayFixture.Handshake handshake = fixture.shakeHands(DAVE);
            fixture.forget();

            fixture.sendLogin(DAVE, handshake, new Login("dave"));

            fixture.assertPackets(DAVE, new Refused(RefusalReason.SERVER_FULL, 2));
            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
        }

        @Test
        void refusesASecondNameFromAnAddressThatHoldsOne() {
            aliceBobAndClassicCarol();
            RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
            fixture.forget();

            fixture.sendLogin(ALICE, handshake, new Login("alice2"));

            fixture.assertPackets(ALICE, new Refused(RefusalReason.ADDRESS_HAS_NAME, 0));
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
        }

        @Test
        void aNativeLoginTakesAnAddressFromAnUnprovenClassicClaim() {
            aliceBobAndClassicCarol();
            RelayFixture.Handshake handshake = fixture.shakeHands(CAROL);
            fixture.forget();

            fixture.sendLogin(CAROL, handshake, new Login("carol2")); // the address proven; carol's only claimed

            assertEquals(List.of("alice", "bob", "carol2"), fixture.memberNames());
            assertEquals(
                    List.of(new RoomEvent.Left("carol"), new Joined("carol2")),
                    fixture.outbox().eventsTo(ALICE));
        }
    }

    @Nested
    class Retries {

        @BeforeEach
        void room() {
            aliceBobAndClassicCarol();
        }

        @Test
        void aNewHandshakeWithoutProofFromTheAddressOfTheSameNameIsRefusedNotGivenTheSession() {
            fixture.forget();

            NativeServerPacket answer = fixture.login(BOB, "bob", "");

            assertEquals(new Refused(RefusalReason.ADDRESS_HAS_NAME, 0), answer);
            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
        }

        @Test
        void resumesFromTheSameAddressKeepingTheSessionAndTellingNobody() {
            fixture.forget();

            NativeMember back = fixture.rejoinNative(BOB, "bob", "", bob);

            Welcome welcome = assertInstanceOf(Welcome.class, fixture.outbox().last(BOB));
            assertEquals(1, fixture.outbox().packetsTo(BOB).size());
            assertNotEquals(bob.token(), welcome.token(), "the session goes on under the new handshake's token");
            assertNotEquals(bob.resumption(), welcome.resumption(), "and a new resumption secret");
            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());

            // its events go on numbering where they were: nothing in flight is lost
            fixture.receive(ALICE, new Chat(alice.token(), 1, 2, "welcome back"));
            Event event = assertInstanceOf(
                    Event.class, fixture.outbox().packetsTo(BOB).get(1));
            assertEquals(back.token(), event.token());
            assertTrue(event.seq() > 1, "numbering goes on: " + event);
            assertEquals(new Said("alice", "welcome back"), event.event());
        }

        @Test
        void resumesFromANewAddressAndEventsFollowIt() {
            fixture.forget();

            NativeMember back = fixture.rejoinNative(BOB_NEW, "bob", "", bob);

            fixture.assertNothingSentTo(ALICE, BOB, CAROL);
            assertEquals(BOB_NEW, fixture.addressOf("bob"));
            fixture.forget();

            fixture.receive(ALICE, new Chat(alice.token(), 1, 2, "hi"));

            Event event = assertInstanceOf(Event.class, fixture.outbox().last(BOB_NEW));
            assertEquals(new Said("alice", "hi"), event.event());
            assertEquals(back.token(), event.token());
            fixture.assertNothingSentTo(BOB);
            fixture.assertLines(CAROL, "alice : hi");
        }

        @Test
        void aResumedSessionsOldTokenAndKeysAreGone() {
            fixture.rejoinNative(BOB_NEW, "bob", "", bob);
            fixture.forget();

            fixture.receive(BOB, new Ping(bob.token(), 1)); // under the old token and keys

            fixture.assertPackets(BOB, new ClearServerPacket.Unknown(bob.token()));
            assertEquals(BOB_NEW, fixture.addressOf("bob"));
            fixture.assertNothingSentTo(ALICE, BOB_NEW, CAROL);
        }

        @Test
        void answersARetriedResumeWithTheSameNewWelcome() {
            RelayFixture.Handshake handshake = fixture.shakeHands(BOB_NEW);
            Login resume = new Login(bob.token(), bob.resumption(), "bob", "");
            Welcome first = assertInstanceOf(Welcome.class, fixture.sendLogin(BOB_NEW, handshake, resume));
            fixture.forget();

            fixture.sendLogin(BOB_NEW, handshake, resume); // the first welcome was lost

            fixture.assertPackets(BOB_NEW, first);
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void aResumeGoesByTheTokenAndProofWhateverNameTheLoginGives() {
            fixture.forget();

            // The proof is the proof; the name may be one the client has not yet heard it lost (/nick).
            RelayFixture.Handshake handshake = fixture.shakeHands(DAVE);
            NativeServerPacket answer =
                    fixture.sendLogin(DAVE, handshake, new Login(alice.token(), alice.resumption(), "bob", ""));

            Welcome welcome = assertInstanceOf(Welcome.class, answer);
            assertEquals("alice", welcome.name());
            assertEquals(handshake.token(), welcome.token());
            assertEquals(BOB, fixture.addressOf("bob"));
            assertEquals(DAVE, fixture.addressOf("alice"));
            fixture.receive(BOB, new Ping(bob.token(), 1));
            assertInstanceOf(Pong.class, fixture.outbox().last(BOB));
        }

        @Test
        void theTokenWithAWrongProofResumesNothing() {
            fixture.forget();

            RelayFixture.Handshake handshake = fixture.shakeHands(DAVE);
            NativeServerPacket answer = fixture.sendLogin(
                    DAVE,
                    handshake,
                    new Login(alice.token(), ResumptionSecret.random(new java.security.SecureRandom()), "alice", ""));

            assertEquals(new Refused(RefusalReason.NAME_TAKEN, 0), answer, "a token without its proof is no token");
            assertEquals(ALICE, fixture.addressOf("alice"));
            fixture.receive(ALICE, new Ping(alice.token(), 2));
            assertEquals(new Pong(alice.token(), 0), fixture.outbox().last(ALICE), "the session is where it was");
        }

        @Test
        void aTokenWithAWrongProofUnderAnotherNameIsANewcomer() {
            fixture.forget();

            NativeServerPacket answer = fixture.login(
                    DAVE,
                    new Login(alice.token(), ResumptionSecret.random(new java.security.SecureRandom()), "dave", ""));

            Welcome welcome = assertInstanceOf(Welcome.class, answer);
            assertEquals("dave", welcome.name());
            assertEquals(List.of("alice", "bob", "carol", "dave"), fixture.memberNames());
            assertEquals(ALICE, fixture.addressOf("alice"));
        }
    }

    @Nested
    class ReliableDelivery {

        @Test
        void relaysChatToEveryMemberWithSequenceNumbersPerRecipient() {
            aliceBobAndClassicCarol();

            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "hi  there"));

            fixture.assertPackets(ALICE, new Event(alice.token(), 3, 0, new Said("bob", "hi  there")));
            // the speaker's copy acknowledges the chat: ack = its seq
            fixture.assertPackets(BOB, new Event(bob.token(), 2, 1, new Said("bob", "hi  there")));
            fixture.assertLines(CAROL, "bob : hi  there");
        }

        @Test
        void numbersEachRecipientsEventsFromOne() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            NativeMember bob = fixture.joinNative(BOB, "bob");

            fixture.receive(ALICE, new Chat(alice.token(), 1, 1, "first"));

            fixture.assertPackets(ALICE, new Event(alice.token(), 2, 1, new Said("alice", "first")));
            fixture.assertPackets(BOB, new Event(bob.token(), 1, 0, new Said("alice", "first")));
        }

        @Test
        void relaysADuplicateChatOnceAndAcknowledgesItAtOnce() {
            aliceBobAndClassicCarol();
            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "once"));
            fixture.forget();

            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "once")); // bob did not hear his echo in time

            fixture.assertNothingSentTo(ALICE, CAROL);
            fixture.assertPackets(BOB, new NativeServerPacket.Ack(bob.token(), 1));
            assertEquals(1, fixture.dropped(DropReason.DUPLICATE));
        }

        @Test
        void holdsAChatThatArrivesEarlyAndRelaysInOrderWhenTheGapFills() {
            aliceBobAndClassicCarol();

            fixture.receive(BOB, new Chat(bob.token(), 2, 1, "second"));

            fixture.assertNothingSentTo(ALICE, CAROL);
            fixture.assertPackets(BOB, new NativeServerPacket.Ack(bob.token(), 0)); // at once: tell bob what arrived
            fixture.forget();

            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "first"));

            assertEquals(
                    List.of(new Said("bob", "first"), new Said("bob", "second")),
                    fixture.outbox().eventsTo(ALICE));
            fixture.assertLines(CAROL, "bob : first", "bob : second");
            fixture.assertPackets(
                    BOB,
                    new Event(bob.token(), 2, 1, new Said("bob", "first")),
                    new Event(bob.token(), 3, 2, new Said("bob", "second")));
        }

        @Test
        void dropsAChatTooFarAheadToHoldAndTellsTheSpeakerWhatArrived() {
            aliceBobAndClassicCarol();

            fixture.receive(BOB, new Chat(bob.token(), 1 + Session.INBOUND_WINDOW, 1, "too far ahead"));

            fixture.assertPackets(BOB, new NativeServerPacket.Ack(bob.token(), 0));
            fixture.assertNothingSentTo(ALICE, CAROL);
            fixture.forget();

            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "first"));

            assertEquals(
                    List.of(new Said("bob", "first")),
                    fixture.outbox().eventsTo(ALICE),
                    "the dropped chat was not kept");
        }

        @Test
        void resendsAnUnacknowledgedEventUnchangedButSealedAnewAfterTheInitialTimeoutOfOneSecond() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            fixture.login(BOB, "bob", "");
            byte[] first = fixture.outbox().to(ALICE).get(0).bytes();
            fixture.forget();

            fixture.tick(999);
            fixture.assertNothingSentTo(ALICE);

            fixture.tick(1);
            fixture.assertPackets(ALICE, new Event(alice.token(), 1, 0, new Joined("bob")));
            assertEquals(first.length, fixture.outbox().to(ALICE).get(0).size());
            assertFalse(
                    java.util.Arrays.equals(
                            first, fixture.outbox().to(ALICE).get(0).bytes()),
                    "a resend is sealed again, under a new counter");
        }

        @Test
        void resendsAfterTheTimeoutDoubledUpToTheBackoffCap() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            fixture.joinNative(BOB, "bob");
            List<Long> resentAt = new ArrayList<>();

            for (long t = 100; t <= 8_000; t += 100) {
                fixture.tick(100);
                if (!fixture.outbox().to(ALICE).isEmpty()) {
                    fixture.assertPackets(ALICE, new Event(alice.token(), 1, 0, new Joined("bob")));
                    resentAt.add(t);
                    fixture.forget();
                }
            }

            // 1000 ms (the initial RTO), then doubled but capped at RetransmitTimer.MAX_BACKOFF_MILLIS (1000)
            assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L, 7_000L, 8_000L), resentAt);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("org.udpchat.server.NativeProtocolTest#acknowledgements")
        void stopsResendingOnceAcknowledged(String carrier, AckCarrier acknowledgement) {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            fixture.joinNative(BOB, "bob");
            fixture.tick(500);

            fixture.receive(ALICE, acknowledgement.acknowledging(alice.token()));
            for (int i = 0; i < 100; i++) {
                fixture.tick(100);
            }

            List<Long> resent = fixture.outbox().packetsTo(ALICE).stream()
                    .filter(Event.class::isInstance)
                    .map(p -> ((Event) p).seq())
                    .filter(seq -> seq == 1)
                    .collect(Collectors.toList());
            assertEquals(List.of(), resent, "event 1 resent after an acknowledgement by " + carrier);
        }

        @Test
        void answersAPingWithAPongAcknowledgingWhatArrived() {
            aliceBobAndClassicCarol();
            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "x"));
            fixture.forget();

            fixture.receive(ALICE, new Ping(alice.token(), 2));
            fixture.receive(BOB, new Ping(bob.token(), 2));

            fixture.assertPackets(ALICE, new Pong(alice.token(), 0));
            fixture.assertPackets(BOB, new Pong(bob.token(), 1));
            assertEquals(
                    NativeCodec.SESSION_HEADER_BYTES + SealedDatagram.OVERHEAD,
                    fixture.outbox().to(BOB).get(0).size());
            fixture.assertNothingSentTo(CAROL);
        }

        @ParameterizedTest
        @MethodSource("org.udpchat.server.NativeProtocolTest#textsBreakingARule")
        void tellsOnlyTheSpeakerWhenAChatBreaksATextRule(String text, ChatText.Problem problem) {
            aliceBobAndClassicCarol();

            fixture.receive(BOB, new Chat(bob.token(), 1, 1, text));

            fixture.assertPackets(BOB, new Event(bob.token(), 2, 1, new RoomEvent.NotRelayed(problem)));
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void relaysTheLongestTextWhoseClassicLineFillsOneDatagram() {
            aliceBobAndClassicCarol();
            String longest = "x".repeat(ChatText.maxBytes("bob"));

            fixture.receive(BOB, new Chat(bob.token(), 1, 1, longest));

            assertEquals(List.of(new Said("bob", longest)), fixture.outbox().eventsTo(ALICE));
            assertEquals(
                    Limits.MAX_DATAGRAM_BYTES, fixture.outbox().to(CAROL).get(0).size());
        }

        @Test
        void quitIsAcknowledgedToldToTheRoomAndFreesTheName() {
            aliceBobAndClassicCarol();

            fixture.receive(BOB, new Quit(bob.token(), 1, 1));

            fixture.assertPackets(BOB, new NativeServerPacket.Ack(bob.token(), 1));
            fixture.assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Left("bob")));
            fixture.assertLines(CAROL, "bob 退出了聊天室");
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
            fixture.receive(ALICE, new Ack(alice.token(), 3));
            fixture.forget();

            fixture.receive(BOB, new Quit(bob.token(), 1, 1)); // the ack was lost

            fixture.assertPackets(BOB, new Ended(bob.token(), EndReason.QUIT));
            assertEquals(
                    13 + SealedDatagram.OVERHEAD,
                    fixture.outbox().to(BOB).get(0).size());
            fixture.assertNothingSentTo(ALICE, CAROL);

            fixture.joinNative(DAVE, "bob");
            assertEquals(List.of("alice", "carol", "bob"), fixture.memberNames());
        }
    }

    @Nested
    class Liveness {

        @Test
        void expiresASilentSessionAndTellsTheRoom() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            NativeMember bob = fixture.joinNative(BOB, "bob");
            fixture.joinClassic(CAROL, "carol");
            fixture.receive(BOB, new Ack(bob.token(), 1));
            fixture.tick(20_000);
            fixture.receive(BOB, new Ping(bob.token(), 1));
            fixture.tick(10_000); // alice has been silent exactly the timeout
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
            fixture.forget();

            fixture.tick(1);

            assertTrue(fixture.memberNames().contains("carol"));
            fixture.assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.TimedOut("alice")));
            fixture.assertLines(CAROL, "alice 长时间无响应，已离开聊天室");
            fixture.forget();

            fixture.receive(ALICE, new Ping(alice.token(), 0));

            fixture.assertPackets(ALICE, new Ended(alice.token(), EndReason.EXPIRED));
            fixture.assertNothingSentTo(BOB, CAROL);
        }

        @Test
        void keepsASessionThatPingsAndAcknowledges() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            fixture.joinClassic(CAROL, "carol");

            for (int i = 0; i < 60; i++) { // ten minutes
                fixture.tick(10_000);
                fixture.receive(ALICE, new Ping(alice.token(), 1));
            }

            assertEquals(List.of("alice", "carol"), fixture.memberNames());
        }

        @Test
        void dropsAMemberThatPingsButAcknowledgesNothingForTheStallTimeout() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            NativeMember bob = fixture.joinNative(BOB, "bob"); // alice's event 1, never acknowledged
            fixture.joinClassic(CAROL, "carol");
            fixture.receive(BOB, new Ack(bob.token(), 1));
            for (int i = 0; i < 3; i++) {
                fixture.tick(5_000);
                fixture.receive(ALICE, new Ping(alice.token(), 0));
                fixture.receive(BOB, new Ping(bob.token(), 1));
            }
            fixture.relay().onTick(); // event 1 is exactly the stall timeout old
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
            fixture.forget();

            fixture.clock().advanceMillis(1);
            fixture.receive(ALICE, new Ping(alice.token(), 0));
            fixture.relay().onTick();

            assertTrue(fixture.memberNames().contains("carol"));
            assertEquals(
                    List.of(new RoomEvent.Dropped("alice")), fixture.outbox().eventsTo(BOB));
            fixture.assertLines(CAROL, "alice 跟不上消息的速度，已被断开");
            fixture.forget();

            fixture.receive(ALICE, new Ping(alice.token(), 0));

            fixture.assertPackets(ALICE, new Ended(alice.token(), EndReason.DROPPED));
        }

        @Test
        void keepsAMemberThatAcknowledgesInBurstsWithinTheStallTimeout() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            NativeMember bob = fixture.joinNative(BOB, "bob"); // alice's event 1
            for (int i = 1; i <= 24; i++) { // two minutes of chat, one line every 5 s
                bob.chat("line " + i);
                bob.ack(i); // bob hears his own lines: event i is line i
                fixture.tick(2_500);
                alice.ping(); // alive, but acknowledging only every other line: every 10 s
                bob.ping();
                if (i % 2 == 0) {
                    alice.ack(i + 1);
                }
                fixture.tick(2_500);
            }

            assertEquals(List.of("alice", "bob"), fixture.memberNames());
        }

        @Test
        void aMemberThatNeverAcknowledgesDelaysNoOtherMembersChatByATick() {
            fixture.joinNative(ALICE, "alice"); // acknowledges nothing, ever
            NativeMember bob = fixture.joinNative(BOB, "bob");
            NativeMember dave = fixture.joinNative(DAVE, "dave");
            fixture.joinClassic(CAROL, "carol");
            for (int i = 1; i <= Session.EVENT_WINDOW + 100; i++) { // alice's window fills; her backlog grows
                bob.chat("line " + i);
                dave.ack(1 + i); // dave's event 1 was "carol joined"
                bob.ack(2 + i); // bob's were "dave joined" and "carol joined"
            }
            fixture.forget();

            bob.chat("now");

            fixture.assertPackets(DAVE, new Event(dave.token(), Session.EVENT_WINDOW + 102, 0, new Said("bob", "now")));
            fixture.assertLines(CAROL, "bob : now");
            assertEquals(List.of(new Said("bob", "now")), fixture.outbox().eventsTo(BOB), "relayed, and acknowledged");
            fixture.assertNothingSentTo(ALICE); // hers waits in her own backlog
            assertEquals(List.of("alice", "bob", "dave", "carol"), fixture.memberNames());
        }

        @Test
        void sendsWhatWaitsInAMembersBacklogAsItAcknowledges() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            NativeMember bob = fixture.joinNative(BOB, "bob"); // alice's event 1
            for (int i = 1; i <= Session.EVENT_WINDOW + 2; i++) {
                bob.chat("line " + i); // alice's events 2..: the last three wait
                bob.ack(i); // bob hears his own lines: event i is line i
            }
            fixture.forget();

            alice.ack(3);

            assertEquals(
                    List.of(
                            new Said("bob", "line " + Session.EVENT_WINDOW),
                            new Said("bob", "line " + (Session.EVENT_WINDOW + 1)),
                            new Said("bob", "line " + (Session.EVENT_WINDOW + 2))),
                    fixture.outbox().eventsTo(ALICE),
                    "three acknowledged, room for the three waiting, in order");
        }

        @Test
        void dropsAMemberWhoseBacklogPassesItsBoundInEvents() {
            fixture.restart(CONFIG.withSafeguards(CONFIG.safeguards()
                    .withBacklog(new Backlog(1_200, 1 << 20, Duration.ofSeconds(15), Duration.ofSeconds(30)))));
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            NativeMember bob = fixture.joinNative(BOB, "bob"); // alice's event 1
            for (int i = 1; i < 1_200; i++) {
                bob.chat("line " + i);
                bob.ack(i); // bob hears his own lines: event i is line i
            }
            assertEquals(List.of("alice", "bob"), fixture.memberNames(), "1,200 events owed: at the bound");
            fixture.forget();

            bob.chat("one too many");

            assertEquals(List.of("bob"), fixture.memberNames());
            assertEquals(
                    List.of(new Said("bob", "one too many"), new RoomEvent.Dropped("alice")),
                    fixture.outbox().eventsTo(BOB));
            fixture.forget();
            alice.ack(1_200);
            fixture.assertPackets(ALICE, new Ended(alice.token(), EndReason.DROPPED));
        }

        @Test
        void dropsAMemberWhoseBacklogPassesItsBoundInBytes() {
            fixture.restart(CONFIG.withSafeguards(CONFIG.safeguards()
                    .withBacklog(new Backlog(2_048, 10_000, Duration.ofSeconds(15), Duration.ofSeconds(30)))));
            fixture.joinNative(ALICE, "alice");
            NativeMember bob = fixture.joinNative(BOB, "bob"); // alice's event 1: 5 bytes
            String text = "x".repeat(993); // a SAID body of 1 + 1 + 3 + 993 = 998 bytes
            for (int i = 1; i <= 10; i++) {
                bob.chat(text); // 5 + 9 × 998 = 8,987 bytes owed after nine, 9,985 after ten
                bob.ack(i); // bob hears his own lines: event i is line i
            }
            assertEquals(List.of("alice", "bob"), fixture.memberNames());

            bob.chat(text); // 10,983: over

            assertEquals(List.of("bob"), fixture.memberNames());
        }

        @Test
        void anAddressWhoseMemberFellBehindRejoinsOnlyAfterThePause() {
            aliceFallsBehindAndIsDropped();

            assertEquals(new Refused(RefusalReason.REJOIN_PAUSED, 30), fixture.login(ALICE_NEW, "alicia", ""));
            fixture.tick(29_000);
            assertEquals(new Refused(RefusalReason.REJOIN_PAUSED, 1), fixture.login(ALICE_NEW, "alicia", ""));
            fixture.tick(1_000);
            assertInstanceOf(Welcome.class, fixture.login(ALICE_NEW, "alicia", ""));
        }

        @Test
        void aClassicJoinFromThatAddressWaitsOutThePauseToo() {
            aliceFallsBehindAndIsDropped();
            InetSocketAddress classicAtAlicesAddress = new InetSocketAddress(ALICE.getAddress(), 40_000);

            fixture.receive(classicAtAlicesAddress, "L carol");
            fixture.tick(30_000);
            fixture.receive(classicAtAlicesAddress, "L carol");

            fixture.assertLines(classicAtAlicesAddress, "您的地址刚有成员被断开，请 30 秒后再来", "OK");
            assertTrue(fixture.memberNames().contains("carol"));
        }

        @Test
        void aMemberOutOfTouchLongerThanTheStallTimeoutResumesAndIsNotDroppedForIt() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            fixture.joinNative(BOB, "bob"); // alice's event 1, which she cannot acknowledge: she is cut off
            fixture.tick(Backlog.DEFAULTS.stallTimeout().toMillis() + 5_000);
            fixture.forget();

            fixture.rejoinNative(ALICE_NEW, "alice", "", alice);
            fixture.tick(1_000); // the longest a resend waits

            assertInstanceOf(
                    Welcome.class, fixture.outbox().packetsTo(ALICE_NEW).get(0));
            assertEquals(List.of("alice", "bob"), fixture.memberNames());
            assertEquals(new Joined("bob"), fixture.outbox().eventsTo(ALICE_NEW).get(0));
        }

        @Test
        void aMemberAlreadyInResumesThoughAnotherFromItsAddressWasDropped() {
            NativeMember bob = aliceFallsBehindAndIsDropped();

            NativeMember back = fixture.rejoinNative(BOB, "bob", "", bob);

            assertEquals(List.of("bob"), fixture.memberNames());
            assertEquals(BOB, fixture.addressOf("bob"));
            assertNotEquals(bob.token(), back.token());
            assertEquals(
                    new Refused(RefusalReason.REJOIN_PAUSED, 30),
                    fixture.login(CAROL, "carol", ""),
                    "a newcomer from that address still waits");
        }

        /**
         * alice, heard from but acknowledging nothing for the stall timeout, is dropped; bob, who joined after
         * her from the same IP address, stays. Returns bob.
         */
        private NativeMember aliceFallsBehindAndIsDropped() {
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            NativeMember bob = fixture.joinNative(BOB, "bob"); // alice's event 1, never acknowledged
            fixture.tick(Backlog.DEFAULTS.stallTimeout().toMillis());
            fixture.receive(ALICE, new Ping(alice.token(), 0));
            fixture.tick(1);
            assertEquals(List.of("bob"), fixture.memberNames());
            return bob;
        }

        @Test
        void aClassicMembersLineIsNeverRefusedBecauseANativeMemberIsBehind() {
            fixture.joinNative(ALICE, "alice"); // acknowledges nothing
            fixture.joinClassic(CAROL, "carol"); // alice's event 1
            List<String> carolReads = new ArrayList<>();
            for (int i = 1; i <= Session.EVENT_WINDOW + 10; i++) {
                fixture.receive(CAROL, "C carol message " + i);
                carolReads.add("carol : message " + i);
            }

            fixture.assertLines(CAROL, carolReads.toArray(String[]::new));
            assertEquals(Session.EVENT_WINDOW, fixture.outbox().eventsTo(ALICE).size() + 1, "and 11 waiting for her");
            assertEquals(0, fixture.dropped(DropReason.FLOW_CONTROLLED));
        }

        @Test
        void letsSilentClassicMembersGoAfterTheIdleTimeout() {
            fixture.restart(CONFIG.withClassicIdleTimeout(Duration.ofSeconds(60)));
            NativeMember alice = fixture.joinNative(ALICE, "alice");
            fixture.joinClassic(CAROL, "carol"); // alice's event 1
            fixture.joinClassic(DAVE, "dave"); // alice's event 2
            fixture.tick(20_000);
            fixture.receive(ALICE, new Ping(alice.token(), 2));
            fixture.tick(10_000);
            fixture.receive(DAVE, "C dave still here"); // alice's event 3
            fixture.receive(ALICE, new Ping(alice.token(), 3));
            fixture.tick(20_000);
            fixture.receive(ALICE, new Ping(alice.token(), 3));
            fixture.tick(10_000); // carol has been silent exactly the timeout
            assertEquals(List.of("alice", "carol", "dave"), fixture.memberNames());
            fixture.forget();

            fixture.tick(1);

            assertEquals(List.of("alice", "dave"), fixture.memberNames());
            fixture.assertLines(CAROL, "EXIT");
            fixture.assertLines(DAVE, "carol 长时间无响应，已离开聊天室");
            fixture.assertPackets(ALICE, new Event(alice.token(), 4, 0, new RoomEvent.TimedOut("carol")));
        }

        @Test
        void keepsSilentClassicMembersForeverWithoutAnIdleTimeout() {
            fixture.joinClassic(CAROL, "carol");
            fixture.joinClassic(DAVE, "dave");

            fixture.tick(Duration.ofDays(7).toMillis());

            assertEquals(List.of("carol", "dave"), fixture.memberNames());
            assertEquals(List.of(), fixture.outbox().all());
        }

        /**
         * Anyone can put a native member's address on a classic {@code L} datagram; the session is
         * authenticated by its token, so only datagrams carrying it may count as signs of life.
         */
        @Test
        void classicLoginFromANativeMembersAddressDoesNotKeepItsSessionAlive() {
            NativeMember bob = fixture.joinNative(BOB, "bob");
            fixture.joinNative(ALICE, "alice"); // bob's event 1; alice has nothing in flight
            fixture.receive(BOB, new Ack(bob.token(), 1));
            fixture.tick(20_000);
            fixture.receive(ALICE, "L alice"); // forged: alice's client, dead, sends nothing
            assertEquals(1, fixture.dropped(DropReason.IMPERSONATION));
            fixture.receive(BOB, new Ping(bob.token(), 1));
            fixture.forget();

            fixture.tick(20_000); // alice's last datagram with her token came 40 s ago, over the session timeout

            assertEquals(List.of("bob"), fixture.memberNames());
            assertEquals(
                    List.of(new RoomEvent.TimedOut("alice")), fixture.outbox().eventsTo(BOB));
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
            assertEquals(KickOutcome.KICKED, fixture.relay().onKick("bob", "刷屏"));

            fixture.assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.YouWereKicked("刷屏")));
            fixture.assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Kicked("bob", "刷屏")));
            fixture.assertLines(CAROL, "bob 被管理员移出了聊天室");
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
        }

        @Test
        void kicksByNameKey() {
            assertEquals(KickOutcome.KICKED, fixture.relay().onKick("ＢＯＢ", ""));

            fixture.assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.YouWereKicked("")));
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
        }

        @Test
        void resendsTheKickNoticeUntilAcknowledgedThenRevokesTheToken() {
            fixture.relay().onKick("bob", "刷屏");
            fixture.forget();

            fixture.tick(1_000);
            fixture.assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.YouWereKicked("刷屏")));
            fixture.forget();

            fixture.receive(BOB, new Ack(bob.token(), 2));
            for (int i = 0; i < 10; i++) {
                fixture.tick(1_000);
            }
            assertEquals(List.of(), fixture.outbox().eventsTo(BOB));

            fixture.receive(BOB, new Ping(bob.token(), 2));
            fixture.assertPackets(BOB, new Ended(bob.token(), EndReason.KICKED));
            assertEquals(
                    13 + SealedDatagram.OVERHEAD,
                    fixture.outbox().to(BOB).get(0).size());
        }

        @Test
        void revokesTheTokenAfterLingeringWithoutAnAcknowledgement() {
            fixture.relay().onKick("bob", "刷屏");
            fixture.tick(NativeProtocol.LINGER_MILLIS - 1);
            fixture.forget();
            fixture.receive(BOB, new Ping(bob.token(), 1));
            fixture.assertPackets(BOB, new Pong(bob.token(), 0)); // still lingering: the kick notice may yet arrive
            fixture.forget();

            fixture.tick(1);
            fixture.receive(BOB, new Ping(bob.token(), 1));

            fixture.assertPackets(BOB, new Ended(bob.token(), EndReason.KICKED));
        }

        @Test
        void aKickedMembersChatsNeverReachTheRoom() {
            fixture.relay().onKick("bob", "刷屏");
            fixture.receive(ALICE, new Ack(alice.token(), 3));
            fixture.forget();

            fixture.receive(
                    BOB, new Chat(bob.token(), 1, 1, "before my ack")); // the kick notice is not acknowledged yet
            fixture.receive(BOB, new Chat(bob.token(), 2, 2, "with my ack"));
            fixture.receive(BOB, new Chat(bob.token(), 3, 2, "after revocation"));
            fixture.tick(1_000);

            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(
                    List.of(new Ended(bob.token(), EndReason.KICKED)),
                    fixture.outbox().packetsTo(BOB).stream()
                            .filter(Ended.class::isInstance)
                            .collect(Collectors.toList()));
        }

        @Test
        void answersARevokedTokenWithEndedNoLargerThanTheRequestAndRateLimited() {
            fixture.clock()
                    .advanceMillis(ReplyBudget.PER_ADDRESS_BURST
                            * ReplyBudget.PER_ADDRESS_REFILL_MILLIS); // bob's hello spent one
            fixture.relay().onKick("bob", "");
            fixture.receive(BOB, new Ack(bob.token(), 2));
            fixture.forget();

            for (int i = 0; i < 10; i++) {
                fixture.receive(BOB, new Ping(bob.token(), 2));
            }

            assertEquals(ReplyBudget.PER_ADDRESS_BURST, fixture.outbox().to(BOB).size());
            for (RecordingOutbox.Datagram reply : fixture.outbox().to(BOB)) {
                assertEquals(13 + SealedDatagram.OVERHEAD, reply.size(), "sealed: only the keys' holder reads it");
                assertEquals(new Ended(bob.token(), EndReason.KICKED), reply.packet());
            }
            assertEquals(10 - ReplyBudget.PER_ADDRESS_BURST, fixture.dropped(DropReason.REPLY_RATE_LIMITED));
            fixture.forget();

            fixture.clock().advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS);
            fixture.receive(BOB, new Ping(bob.token(), 2));
            fixture.receive(BOB, new Ping(bob.token(), 2));

            assertEquals(1, fixture.outbox().to(BOB).size());
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
            fixture.relay().onShutdown();

            fixture.assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Closing()));
            fixture.assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.Closing()));
            fixture.assertLines(CAROL, "管理员 : 服务器关闭，聊天室结束", "EXIT");
            assertEquals(List.of(), fixture.memberNames());
            assertFalse(fixture.relay().isClosed());
            fixture.forget();

            fixture.tick(1_000);

            fixture.assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Closing()));
            fixture.assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.Closing()));
            fixture.assertNothingSentTo(CAROL);
        }

        @Test
        void isClosedOnlyAfterEveryNativeAcknowledged() {
            fixture.relay().onShutdown();

            fixture.receive(ALICE, new Ack(alice.token(), 3));
            assertFalse(fixture.relay().isClosed());
            fixture.receive(BOB, new Ack(bob.token(), 2));
            assertTrue(fixture.relay().isClosed());

            fixture.forget();
            fixture.receive(ALICE, new Ping(alice.token(), 3));
            fixture.assertPackets(ALICE, new Ended(alice.token(), EndReason.CLOSED));
        }

        @Test
        void isClosedAfterLingeringWhenANativeNeverAcknowledges() {
            fixture.relay().onShutdown();
            fixture.receive(ALICE, new Ack(alice.token(), 3));

            fixture.tick(NativeProtocol.LINGER_MILLIS - 1);
            assertFalse(fixture.relay().isClosed());

            fixture.tick(1);
            assertTrue(fixture.relay().isClosed());
        }

        @Test
        void ignoresHellosInitsAndLoginsWhileClosing() {
            Cookie cookie = fixture.cookieFor(DAVE);
            RelayFixture.Handshake handshake = fixture.shakeHands(ELSEWHERE);
            fixture.relay().onShutdown();
            fixture.forget();

            fixture.receive(DAVE, new Hello(1, NativeCodec.HELLO_BYTES));
            fixture.sendInit(DAVE, cookie);
            fixture.receive(ELSEWHERE, fixture.seal(handshake.token(), new Login("elsewhere")));
            fixture.receive(DAVE, "L dave");

            fixture.assertNothingSentTo(DAVE, ELSEWHERE);
            assertEquals(List.of(), fixture.memberNames());
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
        void answersEveryDatagramWithATokenNeverIssuedOnlyWithASmallUnknownInClear() {
            fixture.clock().advanceMillis(2_000); // the budgets the joins took from refill
            assertNotEquals(NEVER_ISSUED, alice.token());
            assertNotEquals(NEVER_ISSUED, bob.token());

            for (NativeClientPacket packet : everySessionPacket(NEVER_ISSUED)) {
                fixture.receive(MALLORY, packet);
                fixture.receive(ALICE, packet); // from a member's own address too
            }

            assertEquals(
                    2 * ReplyBudget.PER_ADDRESS_BURST, fixture.outbox().all().size());
            for (RecordingOutbox.Datagram reply : fixture.outbox().all()) {
                assertEquals(new ClearServerPacket.Unknown(NEVER_ISSUED), reply.packet());
                assertEquals(12, reply.size());
            }
            assertEquals(10, fixture.dropped(DropReason.UNKNOWN_TOKEN));
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
        }

        @Test
        void answersAStaleTokenOnlyWithEnded() {
            fixture.receive(BOB, new Quit(bob.token(), 1, 1));
            fixture.receive(ALICE, new Ack(alice.token(), 3));
            fixture.forget();

            for (NativeClientPacket packet : everySessionPacket(bob.token())) {
                fixture.clock().advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS);
                fixture.receive(BOB, packet);
                fixture.assertPackets(BOB, new Ended(bob.token(), EndReason.QUIT));
                fixture.forget();
            }
            fixture.relay().onTick();

            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
        }

        @Test
        void aCookieReplayedFromAnotherAddressEarnsNoHandshake() {
            Cookie alicesCookie = fixture.cookieFor(ALICE); // seen on the wire by mallory
            fixture.forget();

            fixture.sendInit(MALLORY, alicesCookie);
            fixture.sendInit(MALLORY, alicesCookie);

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(2, fixture.dropped(DropReason.BAD_COOKIE));
            assertEquals(2, fixture.relay().stats().handshakes(), "alice's and bob's only");
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
            assertEquals(ALICE, fixture.addressOf("alice"));
        }

        @Test
        void aClassicChatOrQuitUnderANativeNameNeverReachesTheRoom() {
            fixture.receive(MALLORY, "C alice I owe mallory money");
            fixture.receive(MALLORY, "Q alice");
            fixture.receive(MALLORY, "L alice");
            fixture.receive(CAROL, "C alice I owe carol money");
            fixture.receive(CAROL, "Q alice");

            fixture.assertLines(MALLORY, "您不在聊天室中，请先登录", "EXIT", "该昵称已被占用");
            fixture.assertLines(CAROL, "您的昵称是 carol，不能冒用他人名义", "您的昵称是 carol，不能冒用他人名义");
            fixture.assertNothingSentTo(ALICE, BOB);
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
            assertEquals(2, fixture.dropped(DropReason.IMPERSONATION));
        }

        @Test
        void dropsClassicChatAndQuitFromANativeMembersOwnAddress() {
            fixture.receive(ALICE, "C alice hello in classic text");
            fixture.receive(ALICE, "Q alice");

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(2, fixture.dropped(DropReason.IMPERSONATION));
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
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
            fixture.receive(BOB, new Quit(bob.token(), 1, 1)); // bob's token is stale from now on
            fixture.receive(ALICE, new Ack(alice.token(), 3));
            Cookie alicesCookie = fixture.cookieFor(ALICE);
            fixture.forget();
            int replies = 0;

            for (int i = 0; i < 3_000; i++) {
                InetSocketAddress from = spoofed(random.nextInt(400));
                long token = List.of(alice.token(), bob.token(), NEVER_ISSUED).get(random.nextInt(3));
                org.udpchat.codec.Packet packet;
                switch (random.nextInt(7)) {
                    case 0:
                        packet = new Hello(
                                random.nextLong(),
                                NativeCodec.HELLO_BYTES
                                        + random.nextInt(
                                                Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.HELLO_BYTES + 1));
                        break;
                    case 1:
                        packet = new ClearClientPacket.Init(alicesCookie, random.nextLong(), new byte[32]);
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
                byte[] request = packet instanceof NativeClientPacket session
                        ? fixture.seal(token, session) // sealed with the session's keys: a captured datagram
                        : NativeCodec.encode(packet);
                if (random.nextInt(4) == 0) {
                    request[random.nextInt(request.length)] ^= (byte) (1 << random.nextInt(8));
                }

                fixture.receive(from, request);

                for (RecordingOutbox.Datagram reply : fixture.outbox().all()) {
                    assertEquals(from, reply.to(), replay + ": a reply to " + packet + " went elsewhere");
                    assertTrue(
                            reply.size() <= request.length,
                            replay + ": " + reply.size() + " bytes in reply to " + request.length + " of " + packet);
                    replies++;
                }
                fixture.forget();
                if (random.nextInt(100) == 0) {
                    fixture.tick(random.nextInt(1_000)); // budgets refill
                    fixture.receive(
                            ALICE, new Ping(alice.token(), 3)); // alice stays, and may hear a path challenge was made
                    fixture.forget();
                }
            }

            assertTrue(replies > 0, replay + ": no reply at all, so nothing was checked");
            // (how many replies each address may have is tested with the reply budget on its own)
            assertEquals(List.of("alice", "carol"), fixture.memberNames(), replay);
            assertEquals(ALICE, fixture.addressOf("alice"), replay);
        }

        @Test
        void limitsChallengesPerAddress() {
            InetSocketAddress victim = spoofed(7);

            for (int i = 0; i < 10; i++) {
                fixture.receive(victim, new Hello(i, NativeCodec.HELLO_BYTES));
            }

            assertEquals(
                    ReplyBudget.PER_ADDRESS_BURST, fixture.outbox().to(victim).size());
            assertEquals(10 - ReplyBudget.PER_ADDRESS_BURST, fixture.dropped(DropReason.REPLY_RATE_LIMITED));
            fixture.forget();

            fixture.clock().advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS);
            fixture.receive(victim, new Hello(1, NativeCodec.HELLO_BYTES));
            fixture.receive(victim, new Hello(2, NativeCodec.HELLO_BYTES));

            assertEquals(1, fixture.outbox().to(victim).size());
        }

        @Test
        void limitsChallengesPerAddressButNotAcrossAddresses() {
            fixture.clock().advanceMillis(1_000);
            fixture.forget();
            int spoofers = ReplyBudget.GLOBAL_PER_SECOND + 100;

            for (int i = 0; i < spoofers; i++) {
                fixture.receive(spoofed(i), new Hello(i, NativeCodec.HELLO_BYTES));
            }
            for (int i = 0; i < ReplyBudget.PER_ADDRESS_BURST + 2; i++) {
                fixture.receive(spoofed(spoofers), new Hello(i, NativeCodec.HELLO_BYTES));
            }

            // a challenge is smaller than its hello, so forged hellos may not lock honest clients out
            assertEquals(
                    spoofers + ReplyBudget.PER_ADDRESS_BURST,
                    fixture.outbox().all().size());
            assertEquals(2, fixture.dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void limitsPathChallengesPerAddress() {
            for (int i = 0; i < 10; i++) {
                fixture.receive(ALICE_NEW, new Ping(alice.token(), 2));
            }

            assertEquals(
                    ReplyBudget.PER_ADDRESS_BURST,
                    fixture.outbox().to(ALICE_NEW).size());
            for (org.udpchat.codec.Packet packet : fixture.outbox().packetsTo(ALICE_NEW)) {
                assertInstanceOf(PathChallenge.class, packet);
            }
            assertEquals(10, fixture.dropped(DropReason.UNVALIDATED_ADDRESS));
            assertEquals(10 - ReplyBudget.PER_ADDRESS_BURST, fixture.dropped(DropReason.REPLY_RATE_LIMITED));
            fixture.assertNothingSentTo(ALICE);
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
            fixture.receive(ALICE_NEW, new Chat(alice.token(), 1, 2, "from a new port"));

            List<RecordingOutbox.Datagram> sent = fixture.outbox().all();
            assertEquals(1, sent.size());
            assertEquals(ALICE_NEW, sent.get(0).to());
            assertEquals(
                    org.udpchat.server.PathValidation.SEALED_CHALLENGE_BYTES,
                    sent.get(0).size());
            assertEquals(
                    56,
                    org.udpchat.server.PathValidation.SEALED_CHALLENGE_BYTES,
                    "a sealed ACK's size, a client's smallest");
            PathChallenge challenge =
                    assertInstanceOf(PathChallenge.class, sent.get(0).packet());
            assertEquals(alice.token(), challenge.token());
            assertEquals(1, fixture.dropped(DropReason.UNVALIDATED_ADDRESS));
            assertEquals(ALICE, fixture.addressOf("alice"));
        }

        @Test
        void keepsSendingEventsToTheOldAddressWhileUnvalidated() {
            fixture.receive(ALICE_NEW, new Ping(alice.token(), 2));
            fixture.forget();

            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "where are you?"));
            fixture.tick(1_000);

            assertEquals(
                    List.of(new Said("bob", "where are you?"), new Said("bob", "where are you?")),
                    fixture.outbox().eventsTo(ALICE));
            fixture.assertNothingSentTo(ALICE_NEW);
        }

        @Test
        void movesTheSessionWhenTheNewAddressEchoesTheNonce() {
            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "unacknowledged by alice"));
            fixture.receive(ALICE_NEW, new Ping(alice.token(), 2));
            long nonce = nonceSentTo(ALICE_NEW);
            fixture.forget();

            fixture.receive(ALICE_NEW, new PathResponse(alice.token(), nonce));

            assertEquals(ALICE_NEW, fixture.addressOf("alice"));
            fixture.tick(1_000); // alice's event 3 is resent, to where she is now
            assertEquals(
                    List.of(new Said("bob", "unacknowledged by alice")),
                    fixture.outbox().eventsTo(ALICE_NEW));
            fixture.assertNothingSentTo(ALICE);
            fixture.forget();

            fixture.receive(ALICE_NEW, new Chat(alice.token(), 1, 3, "moved"));

            fixture.assertPackets(ALICE_NEW, new Event(alice.token(), 4, 1, new Said("alice", "moved")));
            assertEquals(List.of(new Said("alice", "moved")), fixture.outbox().eventsTo(BOB));
            fixture.assertLines(CAROL, "alice : moved");
            fixture.assertNothingSentTo(ALICE);
            fixture.forget();

            fixture.receive(ALICE, new Ping(alice.token(), 4)); // the old address is a stranger now

            assertInstanceOf(PathChallenge.class, fixture.outbox().last(ALICE));
        }

        @Test
        void doesNotMoveOnAWrongNonce() {
            fixture.receive(ALICE_NEW, new Ping(alice.token(), 2));
            long nonce = nonceSentTo(ALICE_NEW);
            fixture.forget();

            fixture.receive(ALICE_NEW, new PathResponse(alice.token(), nonce + 1));

            assertEquals(ALICE, fixture.addressOf("alice"));
            fixture.assertNothingSentTo(ALICE_NEW); // a wrong answer earns no new challenge
            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "hi"));
            assertEquals(List.of(new Said("bob", "hi")), fixture.outbox().eventsTo(ALICE));
            fixture.assertNothingSentTo(ALICE_NEW);

            fixture.receive(ALICE_NEW, new PathResponse(alice.token(), nonce));
            assertEquals(ALICE_NEW, fixture.addressOf("alice"), "the right answer still counts");
        }

        @Test
        void doesNotMoveOntoAnAddressAMemberTookAfterTheChallenge() { // found by RelayFuzzTest
            fixture.receive(ALICE_NEW, new Ping(alice.token(), 2));
            long nonce = nonceSentTo(ALICE_NEW);
            fixture.forget();
            fixture.joinClassic(ALICE_NEW, "dave");

            fixture.receive(ALICE_NEW, new PathResponse(alice.token(), nonce));

            assertEquals(ALICE, fixture.addressOf("alice"));
            assertEquals(ALICE_NEW, fixture.addressOf("dave"));
            fixture.receive(ALICE_NEW, "C dave still dave");
            fixture.assertLines(ALICE_NEW, "dave : still dave");
        }

        @Test
        void doesNotMoveOnTheRightNonceFromAnotherAddress() {
            fixture.receive(ALICE_NEW, new Ping(alice.token(), 2));
            long nonce = nonceSentTo(ALICE_NEW);

            fixture.receive(ELSEWHERE, new PathResponse(alice.token(), nonce));

            assertEquals(ALICE, fixture.addressOf("alice"));
        }

        /**
         * A rebinding client usually has more than one datagram in flight, and answers every challenge it
         * gets. Each new challenge replaces the nonce the relay expects, and each stale response earns yet
         * another challenge, so two responses in flight keep invalidating each other until the reply budget
         * runs dry (a rate-limited challenge still replaces the nonce).
         */
        @Test
        void acceptsAResponseToAnEarlierChallengeStillInFlight() {
            fixture.receive(ALICE_NEW, new Ping(alice.token(), 2));
            fixture.receive(ALICE_NEW, new Ack(alice.token(), 2));
            List<Long> nonces = fixture.outbox().packetsTo(ALICE_NEW).stream()
                    .map(p -> assertInstanceOf(PathChallenge.class, p).nonce())
                    .collect(Collectors.toList());
            assertEquals(2, nonces.size());

            fixture.receive(ALICE_NEW, new PathResponse(alice.token(), nonces.get(0)));
            fixture.receive(ALICE_NEW, new PathResponse(alice.token(), nonces.get(1)));

            assertEquals(ALICE_NEW, fixture.addressOf("alice"));
        }

        /**
         * Behind one NAT, a classic member's mapping can expire (classic clients are silent for long) and
         * the NAT can give its port to a native member who rebinds; or anyone who learns a token can move
         * the session onto a member's address. Either way two members then share one address.
         */
        @Test
        void movesNoSessionOntoAnAddressAnotherMemberHolds() {
            fixture.receive(CAROL, new Ping(alice.token(), 2));

            fixture.assertNothingSentTo(CAROL); // no challenge: another member is there
            assertEquals(ALICE, fixture.addressOf("alice"));
            fixture.forget();

            fixture.receive(CAROL, "C carol still me");

            assertEquals(
                    List.of(new Said("carol", "still me")), fixture.outbox().eventsTo(ALICE));
            assertEquals(0, fixture.dropped(DropReason.IMPERSONATION));
        }
    }

    /** Protocol 2's own guarantees: what is not sealed under a session's keys, fresh, does nothing. */
    @Nested
    class Sealing {

        @BeforeEach
        void room() {
            aliceBobAndClassicCarol();
        }

        @Test
        void aSealedDatagramWithAnyBitFlippedIsDroppedAndChangesNothing() {
            byte[] chat = alice.sealed(new Chat(alice.token(), 1, 2, "a line nobody may change"));

            for (int bit = 0; bit < chat.length * 8; bit++) {
                byte[] flipped = chat.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                fixture.clock().advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS); // an UNKNOWN may answer
                fixture.receive(ALICE, flipped);
            }

            for (RecordingOutbox.Datagram sent : fixture.outbox().all()) {
                // a flipped token is unknown; a flipped type may make it a hello in clear
                assertEquals(ALICE, sent.to(), "nothing but a hint to the sender: " + sent.packet());
                assertInstanceOf(ClearServerPacket.class, sent.packet());
                assertTrue(sent.size() <= chat.length);
            }
            assertEquals(List.of(), fixture.outbox().eventsTo(BOB));
            fixture.assertLines(CAROL);
            assertTrue(fixture.dropped(DropReason.SEAL_BAD_TAG) > 0);
            assertEquals(ALICE, fixture.addressOf("alice"));
            fixture.forget();

            fixture.receive(ALICE, chat); // the datagram as it was sealed: the session survived

            fixture.assertLines(CAROL, "alice : a line nobody may change");
            assertEquals(
                    List.of(new Said("alice", "a line nobody may change")),
                    fixture.outbox().eventsTo(BOB));
        }

        @Test
        void aReplayedDatagramIsDroppedAndNothingIsSaidTwice() {
            byte[] chat = alice.sealed(new Chat(alice.token(), 1, 2, "once"));
            fixture.receive(ALICE, chat);
            fixture.forget();

            fixture.receive(ALICE, chat);
            fixture.receive(ALICE, chat);

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(2, fixture.dropped(DropReason.SEAL_REPLAYED));
        }

        @Test
        void aCapturedDatagramReplayedFromAnotherPortNeitherMovesTheSessionNorEarnsAChallenge() {
            byte[] ping = alice.sealed(new Ping(alice.token(), 2));
            fixture.receive(ALICE, ping); // the original arrived
            fixture.forget();

            fixture.receive(MALLORY, ping); // mallory, on the path, sends it on from her own address

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(1, fixture.dropped(DropReason.SEAL_REPLAYED));
            assertEquals(ALICE, fixture.addressOf("alice"));
        }

        @Test
        void aFirstSeenDatagramFromAForgedAddressOnlyEarnsAChallengeItCannotAnswer() {
            // mallory dropped alice's original and sends it on from her address: authentic and fresh
            byte[] captured = alice.sealed(new Chat(alice.token(), 1, 2, "hijacked by mallory?"));
            fixture.receive(MALLORY, captured);

            PathChallenge challenge =
                    assertInstanceOf(PathChallenge.class, fixture.outbox().last(MALLORY));
            assertEquals(List.of(), fixture.outbox().eventsTo(BOB), "not processed from a new address");
            fixture.forget();

            // Mallory cannot read the nonce (it is sealed); she guesses, sealing with keys of her own
            for (long guess : new long[] {0, 1, challenge.nonce() ^ 1}) {
                fixture.receive(MALLORY, fixture.sealAsStranger(alice.token(), new PathResponse(alice.token(), guess)));
            }
            // and even the right nonce, sealed under keys that are not alice's, opens nothing
            fixture.receive(
                    MALLORY, fixture.sealAsStranger(alice.token(), new PathResponse(alice.token(), challenge.nonce())));

            assertEquals(ALICE, fixture.addressOf("alice"), "the session stays where it was");
            assertEquals(4, fixture.dropped(DropReason.SEAL_BAD_TAG));
            fixture.receive(BOB, new Chat(bob.token(), 1, 1, "to alice"));
            fixture.assertNothingSentTo(MALLORY);
            assertEquals(List.of(new Said("bob", "to alice")), fixture.outbox().eventsTo(ALICE));
        }

        @Test
        void answersAnOutdatedVersionOneHelloWithASeventeenByteUpgrade() {
            byte[] hello = new byte[NativeCodec.HELLO_BYTES];
            hello[0] = (byte) 0xFF;
            hello[1] = (byte) 0xAC;
            hello[2] = 1; // version 1
            hello[3] = 0x01; // HELLO
            java.nio.ByteBuffer.wrap(hello).putLong(4, 0x1122_3344_5566_7788L);
            fixture.forget();

            fixture.receive(DAVE, hello);

            List<RecordingOutbox.Datagram> sent = fixture.outbox().to(DAVE);
            assertEquals(1, sent.size());
            assertEquals(17, sent.get(0).size());
            assertEquals(
                    new ClearServerPacket.Upgrade(1, NativeCodec.VERSION, 0x1122_3344_5566_7788L),
                    sent.get(0).packet());
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
        }

        @Test
        void answersASealedDatagramOfAnUnknownTokenWithUnknownWithinTheBudget() {
            fixture.forget();

            for (int i = 0; i < 10; i++) {
                fixture.receive(DAVE, new Ping(NEVER_ISSUED, 0)); // sealed under keys the server never had
            }

            assertEquals(
                    ReplyBudget.PER_ADDRESS_BURST, fixture.outbox().to(DAVE).size());
            for (RecordingOutbox.Datagram sent : fixture.outbox().to(DAVE)) {
                assertEquals(new ClearServerPacket.Unknown(NEVER_ISSUED), sent.packet());
                assertTrue(sent.size() <= 56, "no larger than the sealed ping");
            }
            assertEquals(10, fixture.dropped(DropReason.UNKNOWN_TOKEN));
        }

        @Test
        void anInitOverTheHandshakeRateOfItsAddressIsDroppedBeforeAnyKeyAgreement() {
            InetSocketAddress dave = new InetSocketAddress("198.51.100.7", 5000); // an address that shook no hands
            Cookie cookie = fixture.cookieFor(dave);
            long before = fixture.relay().stats().handshakes();
            fixture.forget();

            for (int i = 0; i < ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP + 5; i++) {
                fixture.sendInit(dave, cookie);
            }

            assertEquals(
                    ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP,
                    fixture.relay().stats().handshakes() - before);
            assertEquals(5, fixture.dropped(DropReason.HANDSHAKE_RATE_LIMITED));
            assertEquals(
                    ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP,
                    fixture.outbox().to(dave).size());
            fixture.shakeHands(MALLORY); // another address has its own rate

            fixture.clock().advanceMillis(1_000 / ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP);
            fixture.forget();
            fixture.sendInit(dave, cookie);
            fixture.sendInit(dave, cookie);
            assertEquals(1, fixture.outbox().to(dave).size(), "one more as the rate refills");
        }

        @Test
        void theSameInitAgainGetsTheSameReplyAndSpendsNoHandshake() {
            InetSocketAddress dave = new InetSocketAddress("198.51.100.7", 5000);
            ClearClientPacket.Init init = new ClearClientPacket.Init(
                    fixture.cookieFor(dave),
                    42,
                    NoiseKeyPair.generate(new SecureRandom()).publicKey());
            long before = fixture.relay().stats().handshakes();
            fixture.forget();

            // a client's retry, or someone on the path replaying a captured init from the address it came from
            int times = ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP * 3;
            for (int i = 0; i < times; i++) {
                fixture.receive(dave, init);
            }

            assertEquals(1, fixture.relay().stats().handshakes() - before, "one key agreement");
            List<Packet> replies = fixture.outbox().packetsTo(dave);
            assertEquals(times, replies.size());
            assertEquals(1, replies.stream().distinct().count(), "the same REPLY each time: " + replies.get(0));
            assertEquals(0, fixture.dropped(DropReason.HANDSHAKE_RATE_LIMITED));
            fixture.forget();
            fixture.sendInit(dave, fixture.cookieFor(dave));
            assertEquals(2, fixture.relay().stats().handshakes() - before, "the address's handshakes were not spent");
        }

        @Test
        void anAddressThatSpentItsHandshakesIsRefusedBeforeItsCookieIsComputed() {
            InetSocketAddress dave = new InetSocketAddress("198.51.100.7", 5000);
            Cookie cookie = fixture.cookieFor(dave);
            for (int i = 0; i < ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP; i++) {
                fixture.sendInit(dave, cookie);
            }
            long slot = fixture.clock().millis() / CookieJar.SLOT_MILLIS;
            fixture.forget();

            fixture.sendInit(dave, new Cookie(slot, 1, 2)); // a bad cookie: its HMAC would say so, at a cost
            fixture.receive(dave, new byte[] {(byte) 0xFF, (byte) 0xAC, 2, 2, 0}); // malformed: not even decoded

            assertEquals(0, fixture.dropped(DropReason.BAD_COOKIE), "the cookie was not looked at");
            assertEquals(0, fixture.dropped(DropReason.MALFORMED), "nor the rest of the init");
            assertEquals(2, fixture.dropped(DropReason.HANDSHAKE_RATE_LIMITED));
            fixture.assertNothingSentTo(dave);
        }

        @Test
        void aForgerCannotSpendTheHandshakesOfTheAddressItForges() {
            InetSocketAddress dave = new InetSocketAddress("198.51.100.7", 5000);
            long slot = fixture.clock().millis() / CookieJar.SLOT_MILLIS;
            for (int i = 0; i < ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP * 3; i++) {
                fixture.sendInit(dave, new Cookie(slot, i, i));
            }

            fixture.shakeHands(dave); // dave's own, with the cookie he received
        }

        @Test
        void aHandshakeNotFinishedInTenSecondsIsForgotten() {
            RelayFixture.Handshake handshake = fixture.shakeHands(DAVE);
            assertEquals(1, fixture.relay().pendingHandshakes());
            fixture.tick(PendingHandshakes.LIFETIME_MILLIS);
            fixture.forget();

            fixture.receive(DAVE, fixture.seal(handshake.token(), new Login("dave")));

            fixture.assertPackets(DAVE, new ClearServerPacket.Unknown(handshake.token()));
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
            assertEquals(0, fixture.relay().pendingHandshakes());
        }

        @Test
        void aRefusedLoginLeavesItsHandshakeSoARetryUnderANewNameIsWelcomed() {
            RelayFixture.Handshake handshake = fixture.shakeHands(DAVE);

            assertEquals(
                    new Refused(RefusalReason.NAME_TAKEN, 0), fixture.sendLogin(DAVE, handshake, new Login("alice")));
            Welcome welcome = assertInstanceOf(Welcome.class, fixture.sendLogin(DAVE, handshake, new Login("dave")));

            assertEquals(handshake.token(), welcome.token());
        }

        @Test
        void aKickedSessionsLateDatagramIsAnsweredWithASealedEnded() {
            fixture.relay().onKick("bob", "");
            bob.ackReceived();
            fixture.forget();

            fixture.receive(BOB, new Ping(bob.token(), 2));

            RecordingOutbox.Datagram ended = fixture.outbox().to(BOB).get(0);
            assertEquals(new Ended(bob.token(), EndReason.KICKED), ended.packet());
            assertTrue(
                    org.udpchat.codec.secure.SealedDatagram.isFromServer(java.nio.ByteBuffer.wrap(ended.bytes())),
                    "sealed: nobody but bob's client can read it, nor forge it");
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
            fixture.receive(ALICE, new Chat(alice.token(), 1, 2, "你好 carol"));

            fixture.assertLines(CAROL, "alice : 你好 carol");
            fixture.assertPackets(BOB, new Event(bob.token(), 2, 0, new Said("alice", "你好 carol")));
            fixture.forget();

            fixture.receive(CAROL, "C carol 你好  alice");

            fixture.assertPackets(ALICE, new Event(alice.token(), 4, 1, new Said("carol", "你好  alice")));
            fixture.assertPackets(BOB, new Event(bob.token(), 3, 0, new Said("carol", "你好  alice")));
            fixture.assertLines(CAROL, "carol : 你好  alice");
        }

        @Test
        void nativeMembersHearClassicJoinsAndQuitsAsEvents() {
            fixture.receive(DAVE, "L dave");
            fixture.receive(DAVE, "Q dave");

            fixture.assertPackets(
                    ALICE,
                    new Event(alice.token(), 3, 0, new Joined("dave")),
                    new Event(alice.token(), 4, 0, new RoomEvent.Left("dave")));
            assertEquals(
                    List.of(new Joined("dave"), new RoomEvent.Left("dave")),
                    fixture.outbox().eventsTo(BOB));
            fixture.assertLines(CAROL, "欢迎 dave 进入聊天室", "dave 退出了聊天室");
        }

        @Test
        void aNativeQuitIsToldToClassicMembersAsTheirLine() {
            fixture.receive(ALICE, new Quit(alice.token(), 1, 2));

            fixture.assertLines(CAROL, "alice 退出了聊天室");
            assertEquals(List.of(new RoomEvent.Left("alice")), fixture.outbox().eventsTo(BOB));
        }

        @Test
        void announcementsReachBothAsTheAdministrator() {
            assertTrue(fixture.relay().onAnnouncement("今晚十点维护").isEmpty());

            fixture.assertPackets(ALICE, new Event(alice.token(), 3, 0, new RoomEvent.Announced("今晚十点维护")));
            fixture.assertPackets(BOB, new Event(bob.token(), 2, 0, new RoomEvent.Announced("今晚十点维护")));
            fixture.assertLines(CAROL, "管理员 : 今晚十点维护");
        }

        @Test
        void listsWhichMembersAreNative() {
            Map<String, Boolean> natives = new HashMap<>();
            fixture.relay().members().forEach(m -> natives.put(m.name(), m.isNative()));

            assertEquals(Map.of("alice", true, "bob", true, "carol", false), natives);
        }
    }
}
