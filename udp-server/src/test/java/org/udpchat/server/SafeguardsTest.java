package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.Failure;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.NativeServerPacket.Refused;
import org.udpchat.codec.NativeServerPacket.Welcome;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * What keeps strangers and members from turning the server against others, on the relay with a fake clock
 * and a recording outbox: classic text only from the LAN by default, and so no reflection off forged
 * addresses; arrival and departure notices that grow linearly with a crowd; flood control; per-address
 * limits. (A member that cannot keep up delays nobody: see {@code NativeProtocolTest}'s liveness tests.)
 */
class SafeguardsTest {

    /** The server's own defaults, as it runs where strangers can reach it. */
    private static final ServerConfig SAFE = RelayFixture.DEFAULTS.withSafeguards(Safeguards.DEFAULTS);

    private final RelayFixture fixture = new RelayFixture(SAFE);

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    /** A forged source address on the internet: a different one for each {@code i}. */
    private static InetSocketAddress forged(int i) {
        return at("198.51." + (i / 250) + "." + (1 + i % 250), 40_000 + i);
    }

    /** Classic members on a LAN: a different private address for each {@code i}. */
    private static InetSocketAddress onTheLan(int i) {
        return at("10.0." + (i / 250) + "." + (1 + i % 250), 40_000 + i);
    }

    @Nested
    class ClassicAccessByDefault {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "127.0.0.1",
                    "127.8.9.10",
                    "10.1.2.3",
                    "172.16.0.1",
                    "172.31.255.254",
                    "192.168.1.20",
                    "169.254.7.7",
                    "::1",
                    "fe80::1",
                    "fd12:3456::7",
                    "fc00::1"
                })
        void takesClassicTextFromTheLanAndThisHost(String ip) {
            fixture.receive(at(ip, 5000), "L bob");

            fixture.assertLines(at(ip, 5000), "OK");
        }

        @ParameterizedTest
        @ValueSource(strings = {"203.0.113.7", "198.51.100.1", "172.32.0.1", "100.64.0.1", "2001:db8::7", "8.8.8.8"})
        void dropsClassicTextFromEverywhereElseWithoutAWord(String ip) {
            fixture.receive(at(ip, 5000), "L bob");
            fixture.receive(at(ip, 5000), "C bob hello");
            fixture.receive(at(ip, 5000), "Q bob");

            fixture.assertNothingSentTo(at(ip, 5000));
            assertEquals(List.of(), fixture.memberNames());
            assertEquals(3, fixture.dropped(DropReason.CLASSIC_NOT_ACCEPTED));
        }

        @Test
        void withClassicAnyTakesEveryone() {
            fixture.restart(SAFE.withSafeguards(Safeguards.DEFAULTS.withClassic(ClassicAccess.ANY)));

            fixture.receive(at("203.0.113.7", 5000), "L bob");

            fixture.assertLines(at("203.0.113.7", 5000), "OK");
        }

        @Test
        void withClassicOffTakesNobodyNotEvenThisHost() {
            fixture.restart(SAFE.withSafeguards(Safeguards.DEFAULTS.withClassic(ClassicAccess.OFF)));

            fixture.receive(at("127.0.0.1", 5000), "L bob");

            fixture.assertNothingSentTo(at("127.0.0.1", 5000));
            assertEquals(1, fixture.dropped(DropReason.CLASSIC_NOT_ACCEPTED));
        }

        @Test
        void takesAtMostMaxClassicClassicMembersButNativeOnesBeyond() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withMaxClassic(2)));
            fixture.joinClassic(onTheLan(1), "c1");
            fixture.joinClassic(onTheLan(2), "c2");

            fixture.receive(onTheLan(3), "L c3");

            fixture.assertLines(onTheLan(3), "服务器已满（2 人），请稍后再来");
            assertInstanceOf(Welcome.class, fixture.login(onTheLan(4), "n4", ""));
        }
    }

    @Nested
    class Reflection {

        @Test
        void forgedClassicJoinsFromTheInternetEarnNothingAtAll() {
            fixture.joinNative(at("192.0.2.1", 5000), "alice"); // someone to be told, if anything were
            fixture.joinClassic(onTheLan(0), "carol");

            for (int i = 0; i < 1_100; i++) {
                fixture.receive(forged(i), "L f" + i);
            }

            assertEquals(List.of(), fixture.outbox().all(), "not a datagram, to anyone");
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
            assertEquals(1_100, fixture.dropped(DropReason.CLASSIC_NOT_ACCEPTED));
        }

        @Test
        void forgedNativeHellosEarnNoMoreBytesThanTheyCarried() {
            long bytesIn = 0;
            for (int i = 0; i < 1_100; i++) {
                byte[] hello =
                        NativeCodec.encode(new org.udpchat.codec.ClearClientPacket.Hello(i, NativeCodec.HELLO_BYTES));
                bytesIn += hello.length;
                fixture.receive(forged(i), hello);
            }

            long bytesOut = 0;
            for (RecordingOutbox.Datagram datagram : fixture.outbox().all()) {
                bytesOut += datagram.size();
            }
            assertEquals(1_100 * NativeCodec.CHALLENGE_BYTES, bytesOut, "one 32-byte challenge a 64-byte hello");
            assertTrue(bytesOut * 2 == bytesIn, bytesOut + " out for " + bytesIn + " in");
        }
    }

    @Nested
    class Notices {

        @Test
        void aCrowdArrivingAtOnceIsToldByNameUpToTheBurstThenCoalesced() {
            RelayFixture.NativeMember alice = fixture.joinNative(at("192.0.2.1", 5000), "alice");
            for (int i = 1; i <= 20; i++) {
                fixture.login(at("192.0.2." + (10 + i), 5000), "m" + i, ""); // all at once
            }

            List<RoomEvent> told = new ArrayList<>();
            for (int i = 1; i <= RoomNotices.BURST; i++) {
                told.add(new RoomEvent.Joined("m" + i));
            }
            assertEquals(told, fixture.outbox().eventsTo(at("192.0.2.1", 5000)));
            alice.ack(RoomNotices.BURST);
            fixture.forget();

            fixture.tick(RoomNotices.REFILL_MILLIS);

            assertEquals(
                    List.of(new RoomEvent.ManyJoined(
                            20 - RoomNotices.BURST, List.of("m9", "m10", "m11", "m12", "m13"))),
                    fixture.outbox().eventsTo(at("192.0.2.1", 5000)));
            assertEquals(21, fixture.memberNames().size());
        }

        @Test
        void eachNewcomerInACoalescedCrowdHearsOfThoseWhoCameAfterItNotOfItself() {
            RelayFixture.NativeMember alice = fixture.joinNative(at("192.0.2.1", 5000), "alice");
            for (int i = 1; i <= 20; i++) {
                fixture.login(at("192.0.2." + (10 + i), 5000), "m" + i, "");
            }
            alice.ack(RoomNotices.BURST); // m1 to m8, told by name: nothing of hers is resent
            fixture.forget();

            fixture.tick(RoomNotices.REFILL_MILLIS);

            assertEquals(
                    List.of(new RoomEvent.ManyJoined(12, List.of("m9", "m10", "m11", "m12", "m13"))),
                    fixture.outbox().eventsTo(at("192.0.2.1", 5000)),
                    "there before: all of them");
            assertEquals(
                    List.of(new RoomEvent.ManyJoined(12, List.of("m9", "m10", "m11", "m12", "m13"))),
                    fixture.outbox().eventsTo(at("192.0.2.18", 5000)),
                    "m8 came in with the first, told by name: it hears of the crowd after it");
            assertEquals(
                    List.of(new RoomEvent.ManyJoined(11, List.of("m10", "m11", "m12", "m13", "m14"))),
                    fixture.outbox().eventsTo(at("192.0.2.19", 5000)),
                    "m9, the first of the crowd: the eleven after it");
            assertEquals(List.of(new RoomEvent.Joined("m20")), fixture.outbox().eventsTo(at("192.0.2.29", 5000)));
            assertEquals(List.of(), fixture.outbox().eventsTo(at("192.0.2.30", 5000)), "m20 came last");
        }

        @Test
        void theNoticesAMemberHearsGrowLinearlyWithTheCrowd() {
            fixture.restart(SAFE.withLimits(new RoomLimits(2_000, 2_000, 100, 256, 0, 8)));
            RelayFixture.NativeMember first = fixture.joinNative(at("192.0.0.1", 5000), "first");
            for (int i = 1; i < 1_000; i++) {
                fixture.joinNative(at("192.0." + (i / 250) + "." + (1 + i % 250), 5000), "m" + i);
                if (i % 100 == 0) {
                    fixture.tick(RoomNotices.REFILL_MILLIS); // a thousand members in ten seconds
                }
            }
            fixture.tick(RoomNotices.REFILL_MILLIS);
            fixture.forget();

            first.ask(new RoomRequest.Who("lobby"));

            // its answer is the first member's next event: it heard of 999 arrivals in this many notices
            NativeServerPacket.Event answer = assertInstanceOf(
                    NativeServerPacket.Event.class, fixture.outbox().last(at("192.0.0.1", 5000)));
            long notices = answer.seq() - 1;
            assertTrue(notices <= RoomNotices.BURST + 11, notices + " notices");
            assertEquals(1_000, fixture.memberNames().size());
        }

        @Test
        void aClassicMemberReadsACoalescedNoticeInTheServersWords() {
            fixture.joinClassic(onTheLan(0), "carol");
            for (int i = 1; i <= RoomNotices.BURST + 7; i++) {
                fixture.joinClassic(onTheLan(i), "m" + i);
            }
            fixture.forget();

            fixture.tick(RoomNotices.REFILL_MILLIS);

            fixture.assertLines(onTheLan(0), "7 人进入了聊天室：m9、m10、m11、m12、m13 及另外 2 人");
        }

        @Test
        void anEnglishClassicMemberReadsItInEnglish() {
            fixture.restart(SAFE.withLanguage(Locale.ENGLISH));
            fixture.joinClassic(onTheLan(0), "carol");
            for (int i = 1; i <= RoomNotices.BURST + 2; i++) {
                fixture.joinClassic(onTheLan(i), "m" + i);
            }
            for (int i = 1; i <= 2; i++) {
                fixture.receive(onTheLan(i), "Q m" + i);
            }
            fixture.forget();

            fixture.tick(RoomNotices.REFILL_MILLIS);
            fixture.tick(RoomNotices.REFILL_MILLIS);

            fixture.assertLines(onTheLan(0), "2 people joined the room: m9, m10", "2 people left the room: m1, m2");
        }

        /** Alice, then {@link RoomNotices#BURST} others, each told by name: the room's bucket is then empty. */
        private RelayFixture.NativeMember aliceAndEnoughOthersToEmptyTheNoticeBucket() {
            RelayFixture.NativeMember alice = fixture.joinNative(at("192.0.2.1", 5000), "alice");
            for (int i = 1; i <= RoomNotices.BURST; i++) {
                fixture.joinNative(at("192.0.2." + (10 + i), 5000), "m" + i);
            }
            return alice;
        }

        @Test
        void someoneWhoComesAndGoesBeforeTheRoomHeardOfThemIsNotTold() {
            RelayFixture.NativeMember alice = aliceAndEnoughOthersToEmptyTheNoticeBucket();
            RelayFixture.NativeMember late =
                    fixture.joinNative(at("192.0.2.99", 5000), "late"); // waits: the bucket is empty
            late.quit();
            alice.ack(RoomNotices.BURST); // she heard of m1 to m8, and takes that in
            fixture.forget();

            fixture.tick(10 * RoomNotices.REFILL_MILLIS);

            fixture.assertNothingSentTo(at("192.0.2.1", 5000));
            assertEquals(RoomNotices.BURST + 1, fixture.memberNames().size());
        }

        @Test
        void someoneWhoComesTakesAnotherNameAndGoesBeforeTheRoomHeardOfThemIsNotTold() {
            RelayFixture.NativeMember alice = aliceAndEnoughOthersToEmptyTheNoticeBucket();
            RelayFixture.NativeMember late =
                    fixture.joinNative(at("192.0.2.99", 5000), "late"); // waits: the bucket is empty
            late.ask(new RoomRequest.Nick("later"));
            late.quit();
            alice.ack(RoomNotices.BURST);
            fixture.forget();

            fixture.tick(10 * RoomNotices.REFILL_MILLIS);

            fixture.assertNothingSentTo(at("192.0.2.1", 5000));
        }

        @Test
        void someoneWhoTakesAnotherNameBeforeTheRoomHeardOfThemIsToldUnderTheNewNameOnly() {
            RelayFixture.NativeMember alice = aliceAndEnoughOthersToEmptyTheNoticeBucket();
            RelayFixture.NativeMember late =
                    fixture.joinNative(at("192.0.2.99", 5000), "late"); // waits: the bucket is empty
            alice.ack(RoomNotices.BURST);
            fixture.forget();

            late.ask(new RoomRequest.Nick("later"));
            fixture.tick(RoomNotices.REFILL_MILLIS);

            assertEquals(
                    new RoomEvent.Renamed("late", "later"),
                    fixture.outbox().eventsTo(at("192.0.2.99", 5000)).get(0));
            fixture.assertEvents(at("192.0.2.1", 5000), new RoomEvent.Joined("later"));
        }

        /** Bob, alone in games, who hears every arrival there: the lobby's bucket is not games'. */
        private RelayFixture.NativeMember bobInGames() {
            return fixture.joinNative(at("192.0.2.2", 5000), "bob", "games");
        }

        /** m1 to m8 of {@link #aliceAndMembersWhoEmptyTheNoticeBucket}, by name. */
        private final Map<String, RelayFixture.NativeMember> lobby = new HashMap<>();

        /** As {@link #aliceAndEnoughOthersToEmptyTheNoticeBucket}, keeping m1 to m8 in {@link #lobby}. */
        private RelayFixture.NativeMember aliceAndMembersWhoEmptyTheNoticeBucket() {
            RelayFixture.NativeMember alice = fixture.joinNative(at("192.0.2.1", 5000), "alice");
            for (int i = 1; i <= RoomNotices.BURST; i++) {
                lobby.put("m" + i, fixture.joinNative(at("192.0.2." + (10 + i), 5000), "m" + i));
            }
            return alice;
        }

        @Test
        void aMoveIsToldAsAMoveInBothRoomsEvenWhenItWaitsForTheBucket() {
            RelayFixture.NativeMember bob = bobInGames();
            RelayFixture.NativeMember alice = aliceAndMembersWhoEmptyTheNoticeBucket();
            lobby.get("m1").ask(new RoomRequest.JoinRoom("games")); // the lobby's bucket is empty: its notice waits
            alice.ack(RoomNotices.BURST);

            fixture.assertEvents(at("192.0.2.2", 5000), new RoomEvent.Came("m1", "lobby")); // games' bucket is full
            bob.ack(1);
            fixture.forget();
            fixture.tick(RoomNotices.REFILL_MILLIS);

            fixture.assertEvents(at("192.0.2.1", 5000), new RoomEvent.Went("m1", "games")); // waited, still a move
            fixture.assertNothingSentTo(at("192.0.2.2", 5000));
        }

        @Test
        void movesInACrowdAreCountedAmongTheDeparturesAndArrivals() {
            RelayFixture.NativeMember bob = bobInGames();
            RelayFixture.NativeMember alice = aliceAndMembersWhoEmptyTheNoticeBucket();
            for (int i = 1; i <= RoomNotices.BURST; i++) { // empties games' bucket too: bob hears each by name
                lobby.get("m" + i).ask(new RoomRequest.JoinRoom("games"));
            }
            fixture.joinNative(at("192.0.2.50", 5000), "newcomer", "games"); // waits
            fixture.joinNative(at("192.0.2.51", 5000), "another", "lobby"); // the lobby's arrival waits too
            fixture.joinNative(at("192.0.2.52", 5000), "yetanother", "lobby");
            alice.ack(RoomNotices.BURST);
            bob.ack(RoomNotices.BURST);
            fixture.forget();

            fixture.tick(RoomNotices.REFILL_MILLIS);

            fixture.assertEvents(at("192.0.2.1", 5000), new RoomEvent.ManyJoined(2, List.of("another", "yetanother")));
            fixture.assertEvents(at("192.0.2.2", 5000), new RoomEvent.Joined("newcomer"));
            alice.ack(RoomNotices.BURST + 1);
            fixture.forget();

            fixture.tick(RoomNotices.REFILL_MILLIS);

            fixture.assertEvents(
                    at("192.0.2.1", 5000),
                    new RoomEvent.ManyLeft(RoomNotices.BURST, List.of("m1", "m2", "m3", "m4", "m5")));
        }

        @Test
        void arrivalsFromAnotherRoomAndFromOutsideAreCoalescedTogether() {
            RelayFixture.NativeMember bob = bobInGames();
            aliceAndMembersWhoEmptyTheNoticeBucket();
            for (int i = 1; i <= RoomNotices.BURST - 1; i++) { // with bob there, games' bucket is empty after these
                fixture.joinNative(at("192.0.2." + (100 + i), 5000), "g" + i, "games");
            }
            lobby.get("m1").ask(new RoomRequest.JoinRoom("games")); // the eighth: told at once
            lobby.get("m2").ask(new RoomRequest.JoinRoom("games")); // waits
            fixture.joinNative(at("192.0.2.60", 5000), "outsider", "games"); // waits
            bob.ack(RoomNotices.BURST);
            fixture.forget();

            fixture.tick(RoomNotices.REFILL_MILLIS);

            fixture.assertEvents(at("192.0.2.2", 5000), new RoomEvent.ManyJoined(2, List.of("m2", "outsider")));
            List<RoomEvent> m2Heard = fixture.outbox().eventsTo(at("192.0.2.12", 5000));
            assertEquals(
                    new RoomEvent.Joined("outsider"), m2Heard.get(m2Heard.size() - 1), "m2 hears of who came after it");
        }

        @Test
        void aLoneWaitingArrivalFromAnotherRoomIsToldAsComingFromIt() {
            RelayFixture.NativeMember bob = bobInGames();
            aliceAndMembersWhoEmptyTheNoticeBucket();
            for (int i = 1; i <= RoomNotices.BURST; i++) { // games' bucket is empty after these
                fixture.joinNative(at("192.0.2." + (100 + i), 5000), "g" + i, "games");
            }
            lobby.get("m1").ask(new RoomRequest.JoinRoom("games")); // waits
            bob.ack(RoomNotices.BURST);
            fixture.forget();

            fixture.tick(RoomNotices.REFILL_MILLIS);

            fixture.assertEvents(at("192.0.2.2", 5000), new RoomEvent.Came("m1", "lobby"));
        }

        @Test
        void someoneWhoGoesToAnotherRoomAndComesBackBeforeTheRoomHeardTheyWentIsNotTold() {
            bobInGames();
            RelayFixture.NativeMember alice = aliceAndMembersWhoEmptyTheNoticeBucket();
            lobby.get("m1").ask(new RoomRequest.JoinRoom("games")); // the lobby's notice waits
            lobby.get("m1").ask(new RoomRequest.JoinRoom("lobby"));
            alice.ack(RoomNotices.BURST);
            fixture.forget();

            fixture.tick(10 * RoomNotices.REFILL_MILLIS);

            fixture.assertNothingSentTo(at("192.0.2.1", 5000));
            assertEquals("lobby", fixture.roomOf("m1"));
        }

        @Test
        void aClassicMemberReadsAMoveInTheServersWords() {
            fixture.restart(SAFE.withLanguage(Locale.ENGLISH));
            fixture.joinClassic(onTheLan(0), "carol");
            RelayFixture.NativeMember dave = fixture.joinNative(at("192.0.2.4", 5000), "dave");
            fixture.forget();

            dave.ask(new RoomRequest.JoinRoom("games"));
            dave.ask(new RoomRequest.JoinRoom("lobby"));

            fixture.assertLines(onTheLan(0), "dave went to games", "dave came from games");
        }

        @Test
        void someoneWhoGoesAndComesBackBeforeTheRoomHeardTheyWentIsNotTold() {
            fixture.joinClassic(onTheLan(0), "carol");
            for (int i = 1; i <= RoomNotices.BURST; i++) {
                fixture.joinClassic(onTheLan(i), "m" + i);
            }
            fixture.receive(onTheLan(1), "Q m1"); // waits: the bucket is empty
            fixture.receive(onTheLan(1), "L m1");
            fixture.forget();

            fixture.tick(10 * RoomNotices.REFILL_MILLIS);

            fixture.assertNothingSentTo(onTheLan(0));
            assertEquals(RoomNotices.BURST + 1, fixture.memberNames().size());
        }
    }

    @Nested
    class Flooding {

        private final InetSocketAddress aliceAt = at("192.0.2.1", 5000);
        private final InetSocketAddress bobAt = at("192.0.2.2", 5000);

        /** Alice and bob, who acknowledge what they hear as a client does, so nothing is resent in view. */
        private RelayFixture.NativeMember alice;

        private RelayFixture.NativeMember bob;

        private void aliceAndBob() {
            alice = fixture.joinNative(aliceAt, "alice");
            bob = fixture.joinNative(bobAt, "bob"); // alice's event 1
            alice.ack(1);
        }

        /** Both take in everything sent to them so far, and the test forgets it. */
        private void bothCatchUp() {
            alice.ack(lastEventTo(aliceAt));
            bob.ack(lastEventTo(bobAt));
            fixture.forget();
        }

        private long lastEventTo(InetSocketAddress to) {
            long last = 0;
            for (org.udpchat.codec.Packet packet : fixture.outbox().packetsTo(to)) {
                if (packet instanceof NativeServerPacket.Event event) {
                    last = Math.max(last, event.seq());
                }
            }
            return last;
        }

        @Test
        void aNativeMembersLinesOverTheRateWaitAndGoAsTheBucketRefills() {
            aliceAndBob();
            for (int i = 1; i <= 13; i++) {
                alice.chat("line " + i);
            }

            List<RoomEvent> heard = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                heard.add(new RoomEvent.Said("alice", "line " + i));
            }
            fixture.assertEvents(bobAt, heard.toArray(RoomEvent[]::new)); // the burst, at once
            heard.add(new RoomEvent.SlowedDown(2)); // alice is told, once
            fixture.assertEvents(aliceAt, heard.toArray(RoomEvent[]::new));
            bothCatchUp();

            fixture.tick(499);
            fixture.assertNothingSentTo(bobAt);
            fixture.tick(1);
            fixture.assertEvents(bobAt, new RoomEvent.Said("alice", "line 11"));
            bothCatchUp();
            fixture.tick(1_000);
            fixture.assertEvents(bobAt, new RoomEvent.Said("alice", "line 12"), new RoomEvent.Said("alice", "line 13"));
            assertEquals(List.of("alice", "bob"), fixture.memberNames());
        }

        @Test
        void heldLinesAreNotAcknowledgedUntilRelayed() {
            aliceAndBob();
            for (int i = 1; i <= 11; i++) {
                alice.chat("line " + i);
            }
            fixture.tick(20); // a delayed acknowledgement falls due, if one is owed

            assertEquals(10, highestAcknowledgement(), "ten relayed, the eleventh held");
            fixture.tick(480);
            assertEquals(11, highestAcknowledgement(), "relayed half a second on");
        }

        @Test
        void aResentHeldLineIsNotAnsweredAtOnce() {
            aliceAndBob();
            for (int i = 1; i <= 15; i++) {
                alice.chat("line " + i);
            }
            fixture.forget();

            // her client's timer ran out on line 12, which the server holds: it is not news, and an
            // acknowledgement at once for every resend of a held line would only double the traffic
            fixture.receive(aliceAt, new NativeClientPacket.Chat(alice.token(), 12, 0, "line 12"));

            fixture.assertNothingSentTo(aliceAt);
            assertEquals(1, fixture.dropped(DropReason.DUPLICATE));
        }

        /** The highest acknowledgement of alice's messages the server sent her, in events or acks. */
        private long highestAcknowledgement() {
            long highest = 0;
            for (org.udpchat.codec.Packet packet : fixture.outbox().packetsTo(aliceAt)) {
                if (packet instanceof NativeServerPacket.Event event) {
                    highest = Math.max(highest, event.ack());
                } else if (packet instanceof NativeServerPacket.Ack ack) {
                    highest = Math.max(highest, ack.ack());
                }
            }
            return highest;
        }

        @Test
        void roomsAndWhoTakeNoLineButWaitTheirTurn() {
            aliceAndBob();
            for (int i = 1; i <= 11; i++) {
                alice.chat("line " + i);
            }
            alice.ask(new RoomRequest.Who(""));
            bothCatchUp();

            fixture.tick(500); // one line: the eleventh, then the listing, which takes none

            fixture.assertEvents(
                    aliceAt,
                    new RoomEvent.Said("alice", "line 11"),
                    new RoomEvent.MemberList("lobby", 2, List.of("alice", "bob")));
        }

        @Test
        void aQuitLeavesAtOnceAndTheHeldLinesAreNotSent() {
            aliceAndBob();
            for (int i = 1; i <= 15; i++) {
                alice.chat("line " + i);
            }
            bothCatchUp();

            alice.quit();

            assertEquals(List.of("bob"), fixture.memberNames());
            fixture.assertEvents(bobAt, new RoomEvent.Left("alice"));
            bothCatchUp();
            fixture.tick(10_000);
            fixture.assertNothingSentTo(bobAt); // the five held lines never go
        }

        @Test
        void aClassicMembersLinesOverTheRateAreRefusedWithinTheReplyBudget() {
            InetSocketAddress carolAt = onTheLan(3);
            fixture.joinClassic(carolAt, "carol");
            List<String> carolReads = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                fixture.receive(carolAt, "C carol line " + i);
                if (i <= 10) {
                    carolReads.add("carol : line " + i);
                }
            }
            for (int i = 0; i < ReplyBudget.PER_ADDRESS_BURST; i++) {
                carolReads.add("发送太快，消息未发送");
            }

            fixture.assertLines(carolAt, carolReads.toArray(String[]::new));
            assertEquals(10, fixture.dropped(DropReason.FLOODED));
        }

        @Test
        void aClassicFlooderMayStillLeaveAndItsRoomHearsNoneOfTheRefusedLines() {
            InetSocketAddress carolAt = onTheLan(3);
            InetSocketAddress daveAt = onTheLan(4);
            fixture.joinClassic(carolAt, "carol");
            fixture.joinClassic(daveAt, "dave");
            for (int i = 1; i <= 1000; i++) {
                fixture.receive(carolAt, "C carol line " + i);
            }
            fixture.receive(carolAt, "Q carol");

            List<String> daveReads = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                daveReads.add("carol : line " + i);
            }
            daveReads.add("carol 退出了聊天室");
            fixture.assertLines(daveAt, daveReads.toArray(String[]::new));
            assertEquals(990, fixture.dropped(DropReason.FLOODED));
            assertEquals(1, fixture.relay().members().size());
        }

        @Test
        void leavingAndJoiningAgainRefillsNothing() {
            InetSocketAddress carolAt = onTheLan(3);
            fixture.joinClassic(carolAt, "carol");
            for (int i = 1; i <= 10; i++) {
                fixture.receive(carolAt, "C carol line " + i);
            }
            fixture.receive(carolAt, "Q carol");
            InetSocketAddress carolAgainAt = new InetSocketAddress(carolAt.getAddress(), carolAt.getPort() + 1);
            fixture.receive(carolAgainAt, "L carol2");
            fixture.forget();

            fixture.receive(carolAgainAt, "C carol2 one more");
            fixture.tick(500); // half a second: one line at 2 a second
            fixture.receive(carolAgainAt, "C carol2 and now");

            fixture.assertLines(carolAgainAt, "发送太快，消息未发送", "carol2 : and now");
        }

        @Test
        void aMemberFromAnotherAddressStartsWithAFullAllowance() {
            InetSocketAddress carolAt = onTheLan(3);
            fixture.joinClassic(carolAt, "carol");
            for (int i = 1; i <= 10; i++) {
                fixture.receive(carolAt, "C carol line " + i);
            }
            fixture.receive(carolAt, "Q carol");
            InetSocketAddress daveAt = onTheLan(4);
            fixture.joinClassic(daveAt, "dave");
            fixture.forget();

            for (int i = 1; i <= 10; i++) {
                fixture.receive(daveAt, "C dave line " + i);
            }

            assertEquals(0, fixture.dropped(DropReason.FLOODED));
        }

        @Test
        void withTheRateZeroNothingIsHeldOrRefused() {
            fixture.restart(SAFE.withSafeguards(Safeguards.DEFAULTS.withFlood(new FloodControl(10, 0))));
            aliceAndBob();
            for (int i = 1; i <= 100; i++) {
                alice.chat("line " + i);
            }

            assertEquals(100, fixture.outbox().eventsTo(bobAt).size());
        }
    }

    @Nested
    class PerAddress {

        @Test
        void refusesOneMoreMemberThanAnAddressMayHave() {
            for (int port = 1; port <= RoomLimits.DEFAULT_MAX_PER_ADDRESS; port++) {
                fixture.joinNative(at("203.0.113.7", port), "m" + port);
            }

            assertEquals(
                    new Refused(RefusalReason.TOO_MANY_FROM_ADDRESS, RoomLimits.DEFAULT_MAX_PER_ADDRESS),
                    fixture.login(at("203.0.113.7", 999), "one-more", ""));
            assertInstanceOf(Welcome.class, fixture.login(at("203.0.113.8", 999), "elsewhere", ""));
        }

        @Test
        void countsAClassicMemberAgainstItsAddressToo() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withPerAddress(1, 8)));
            fixture.joinClassic(at("10.0.0.7", 1), "carol");

            fixture.receive(at("10.0.0.7", 2), "L dave");

            fixture.assertLines(at("10.0.0.7", 2), "每个地址最多 1 位成员（--max-per-ip）");
        }

        @Test
        void classicMembersForgedAtAnAddressDoNotLockANativeJoinerThereOut() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withPerAddress(2, 8)));
            fixture.joinClassic(at("10.0.0.7", 1), "forged1");
            fixture.joinClassic(at("10.0.0.7", 2), "forged2");

            assertInstanceOf(Welcome.class, fixture.login(at("10.0.0.7", 3), "victim", ""));
            fixture.receive(at("10.0.0.7", 4), "L forged3");
            fixture.assertLines(at("10.0.0.7", 4), "每个地址最多 2 位成员（--max-per-ip）");
        }

        @Test
        void countsAnIpv6SlashSixtyFourAsOneAddress() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withPerAddress(2, 8)));
            fixture.joinNative(at("2001:db8:1:2::1", 5000), "a");
            fixture.joinNative(at("2001:db8:1:2:ffff::9", 5000), "b");

            assertEquals(
                    new Refused(RefusalReason.TOO_MANY_FROM_ADDRESS, 2),
                    fixture.login(at("2001:db8:1:2:abcd::3", 5000), "c", ""));
            assertInstanceOf(Welcome.class, fixture.login(at("2001:db8:1:3::1", 5000), "d", ""));
        }

        @Test
        void aMemberLeavingMakesRoomForAnother() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withPerAddress(1, 8)));
            RelayFixture.NativeMember first = fixture.joinNative(at("203.0.113.7", 1), "first");
            first.quit();

            assertInstanceOf(Welcome.class, fixture.login(at("203.0.113.7", 2), "second", ""));
        }

        @Test
        void zeroMeansNoLimit() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withPerAddress(0, 0)));
            for (int port = 1; port <= 40; port++) {
                fixture.clock().advanceMillis(1_000 / ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP); // its handshake rate
                fixture.joinNative(at("127.0.0.1", port), "m" + port, "room" + port);
            }

            assertEquals(40, fixture.memberNames().size());
        }

        @Test
        void refusesALoginThatWouldOpenOneRoomMoreThanAnAddressMayHaveOpened() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withPerAddress(16, 2)));
            fixture.joinNative(at("203.0.113.7", 1), "a", "one");
            fixture.joinNative(at("203.0.113.7", 2), "b", "two");

            assertEquals(
                    new Refused(RefusalReason.TOO_MANY_ROOMS_FROM_ADDRESS, 2),
                    fixture.login(at("203.0.113.7", 3), "c", "three"));
            assertInstanceOf(Welcome.class, fixture.login(at("203.0.113.7", 4), "d", "one"), "an open room");
            assertInstanceOf(Welcome.class, fixture.login(at("203.0.113.8", 5), "e", "three"), "another address");
        }

        @Test
        void refusesAMoveThatWouldOpenOneRoomTooManyAndFreesTheCountWhenARoomGoes() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withPerAddress(16, 1)));
            RelayFixture.NativeMember a = fixture.joinNative(at("203.0.113.7", 1), "a", "one");
            RelayFixture.NativeMember b = fixture.joinNative(at("203.0.113.7", 2), "b");

            b.ask(new RoomRequest.JoinRoom("two"));
            assertEquals(
                    List.of(new RoomEvent.Failed(Failure.TOO_MANY_ROOMS_FROM_ADDRESS, 1, "two")),
                    fixture.outbox().eventsTo(at("203.0.113.7", 2)));
            a.ask(new RoomRequest.JoinRoom("lobby")); // room one goes with its last member
            fixture.forget();

            b.ask(new RoomRequest.JoinRoom("two"));

            assertEquals("two", fixture.roomOf("b"));
        }

        @Test
        void aMoverAloneInTheRoomItOpenedMayOpenAnother() {
            fixture.restart(SAFE.withLimits(RoomLimits.DEFAULTS.withPerAddress(16, 1)));
            RelayFixture.NativeMember a = fixture.joinNative(at("203.0.113.7", 1), "a", "one");

            a.ask(new RoomRequest.JoinRoom("two"));

            assertEquals("two", fixture.roomOf("a"));
        }
    }
}
