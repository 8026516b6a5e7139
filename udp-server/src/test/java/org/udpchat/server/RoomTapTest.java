package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code /watch} and the transcript hear of the rooms, through a {@link Relay} with a fake clock (the
 * wall clock too): what is said as members see it, what the operator does worded for the record (a ban
 * with its term, a kick with its reason), the room's closing as the last line, each at the time the relay
 * heard it.
 */
class RoomTapTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("192.0.2.1", 5001);
    private static final InetSocketAddress BOB = new InetSocketAddress("192.0.2.2", 5002);
    private static final InetSocketAddress CAROL = new InetSocketAddress("192.0.2.3", 5003);

    private final RelayFixture fixture = new RelayFixture(RelayFixture.DEFAULTS.withLanguage(Locale.ENGLISH));
    private final List<RoomLine> heard = new ArrayList<>();
    /** For each line heard, whether the relay had sent nothing yet since the last {@link RelayFixture#forget}. */
    private final List<Boolean> beforeAnythingSent = new ArrayList<>();

    @BeforeEach
    void aliceBobAndCarolInTheLobby() {
        fixture.joinClassic(ALICE, "alice");
        fixture.joinClassic(BOB, "bob");
        fixture.joinClassic(CAROL, "carol");
        fixture.relay().tap().add(line -> {
            heard.add(line);
            beforeAnythingSent.add(fixture.outbox().all().isEmpty());
        });
        fixture.forget();
    }

    private List<String> texts() {
        return heard.stream()
                .map(line -> "[" + line.room().orElse("*") + "] " + line.text())
                .toList();
    }

    @Test
    void aBanIsRecordedAsABanWithItsTerm() {
        fixture.relay().onBan("bob", Term.ofMinutes(5));
        fixture.relay().onBan("carol", Term.UNTIL_LIFTED);

        assertEquals(
                List.of(
                        "[lobby] bob was banned by the operator for 5 minutes",
                        "[lobby] carol was banned by the operator until the ban is lifted"),
                texts());
        // what the room itself is told does not change: a classic member cannot tell a ban from a kick
        fixture.assertLines(ALICE, "bob was removed by the administrator", "carol was removed by the administrator");
    }

    @Test
    void aKickIsRecordedWithTheOperatorsReasonQuoted() {
        fixture.relay().onKick("bob", "spamming, again");
        fixture.relay().onKick("carol", "");

        assertEquals(
                List.of(
                        "[lobby] bob was removed by the operator: \"spamming, again\"",
                        "[lobby] carol was removed by the operator"),
                texts());
    }

    @Test
    void mutesAreRecordedWithTheirTermAndChatAsMembersSeeIt() {
        fixture.receive(ALICE, "C alice hello");
        fixture.relay().onMute("bob", Term.ofMinutes(1));
        fixture.relay().onMute("carol", Term.UNTIL_LIFTED);
        fixture.relay().onUnmute("carol");

        assertEquals(
                List.of(
                        "[lobby] alice : hello",
                        "[lobby] bob was muted by the operator for 1 minute",
                        "[lobby] carol was muted by the operator until unmuted",
                        "[lobby] the operator unmuted carol"),
                texts());
    }

    @Test
    void theRoomsClosingIsTheLastLineToldToEveryRoomBeforeTheGoodbyes() {
        fixture.receive(ALICE, "C alice bye all");
        fixture.forget();
        beforeAnythingSent.clear();
        heard.clear();

        fixture.relay().onShutdown();

        assertEquals(List.of("[*] the server closed the room, saying goodbye to 3 members"), texts());
        assertEquals(List.of(true), beforeAnythingSent, "the closing is heard before any goodbye goes out");
        fixture.assertLines(ALICE, "管理员 : the server is closing the room", "EXIT");
    }

    @Test
    void anEmptyRoomsClosingIsRecordedToo() {
        fixture.relay().onKick("alice", "");
        fixture.relay().onKick("bob", "");
        fixture.relay().onKick("carol", "");
        heard.clear();

        fixture.relay().onShutdown();

        assertEquals(
                List.of(new RoomLine(
                        fixture.clock().instant(),
                        Optional.empty(),
                        "the server closed the room, saying goodbye to no members")),
                heard);
    }

    @Test
    void eachLineCarriesTheTimeTheRelayHeardIt() {
        Instant first = fixture.clock().instant();
        fixture.receive(ALICE, "C alice one");
        fixture.clock().advance(Duration.ofSeconds(42));
        fixture.relay().onMute("bob", Term.ofMinutes(1));
        fixture.clock().advance(Duration.ofMinutes(3));
        fixture.relay().onShutdown();

        assertEquals(
                List.of(first, first.plusSeconds(42), first.plusSeconds(42 + 180)),
                heard.stream().map(RoomLine::at).toList());
        assertTrue(heard.get(0).text().endsWith("one"), heard.toString());
    }

    @Test
    void aLineSaidNamesItsSpeakersNodeWhereTheRelayKnowsIt() {
        fixture.relay()
                .tap()
                .nameNodesBy(name -> name.equals("alice") ? Optional.of("10.0.0.2:5701") : Optional.empty());

        fixture.receive(ALICE, "C alice hello");
        fixture.receive(BOB, "C bob hi");
        fixture.relay().tap().heard("lobby", new org.udpchat.codec.RoomEvent.Acted("alice", "waves"));

        assertEquals(
                List.of(
                        "[lobby] (10.0.0.2:5701) alice : hello",
                        "[lobby] bob : hi",
                        "[lobby] (10.0.0.2:5701) * alice waves"),
                heard.stream().map(RoomLine::describe).toList());
    }

    @Test
    void aRoomThisNodeHasNoMemberInIsHeardByItsName() {
        fixture.relay().tap().heard("Chess", new org.udpchat.codec.RoomEvent.Said("frank", "check"));

        assertEquals(List.of("[Chess] frank : check"), texts());
    }

    @Test
    void eventsOfARoomLostToThisNodeForGoodAreRecordedAsMissed() {
        fixture.relay().onClusterRoomMissed("lobby", 3);

        assertEquals(
                List.of("[lobby] 3 events of the room were lost to this node for good (gone from the room's history in"
                        + " the cluster before this node could fetch them)"),
                texts());
    }
}
