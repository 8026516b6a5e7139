package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Failure;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.NativeServerPacket.Refused;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/** Names that could pass for someone else, and texts that could pass for an announcement, in both protocols. */
class LookalikesTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 41001);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 41002);
    private static final InetSocketAddress NEWCOMER = new InetSocketAddress("127.0.0.1", 41003);

    private final RelayFixture fixture = new RelayFixture(RelayFixture.DEFAULTS);

    @ParameterizedTest
    @ValueSource(strings = {"管理员\u0332", "管理员\u0301", "管理员:", "管理员：", "[管理员]", "管理员_", "ＡＤＭＩＮ", "admin", "root"})
    void refusesAClassicLookalikeOfTheAdministrator(String name) {
        fixture.receive(NEWCOMER, "L " + name);

        fixture.assertLines(NEWCOMER, "与管理员太像，请换一个昵称");
        assertEquals(List.of(), fixture.memberNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"аlice", "aIice", "a1ice"})
    void refusesAClassicLookalikeOfAPresentMemberNamingIt(String name) {
        fixture.joinClassic(ALICE, "alice");

        fixture.receive(NEWCOMER, "L " + name);

        fixture.assertLines(NEWCOMER, "与 alice 太像，请换一个昵称");
        fixture.assertNothingSentTo(ALICE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"álice", "badminton", "alicia", "สมชาย", "नमस्ते", "小明Tom"})
    void letsInNamesThatOnlyResembleAPresentMember(String name) {
        fixture.joinClassic(ALICE, "alice");

        fixture.receive(NEWCOMER, "L " + name);

        assertEquals("OK", fixture.outbox().textsTo(NEWCOMER).get(0));
        assertEquals(List.of("alice", name), fixture.memberNames());
    }

    @Test
    void stillCallsTheSameNameTakenAndLetsItsOwnRetryIn() {
        fixture.joinClassic(ALICE, "alice");

        fixture.receive(NEWCOMER, "L ALICE");
        fixture.receive(ALICE, "L alice");

        fixture.assertLines(NEWCOMER, "该昵称已被占用");
        fixture.assertLines(ALICE, "OK");
    }

    @Test
    void refusesANativeLookalikeNamingTheMemberItLooksLike() {
        fixture.joinNative(ALICE, "alice");
        fixture.forget();

        NativeServerPacket answer = fixture.login(NEWCOMER, "aIice", "");

        assertEquals(new Refused(RefusalReason.NAME_LOOKS_LIKE, 0, "alice"), answer);
    }

    @Test
    void namesNobodyWhenTheRefusalWouldOutgrowTheLogin() {
        fixture.joinNative(ALICE, "\uA4F3".repeat(30)); // Lisu letter O: 90 bytes
        fixture.forget();

        // a login of 75 plain bytes, whose refusal naming the member would take 99
        NativeServerPacket answer = fixture.login(NEWCOMER, "O".repeat(30), "");

        assertEquals(new Refused(RefusalReason.NAME_LOOKS_LIKE, 0), answer);
    }

    @Test
    void aClassicRefusalLeavesOutANameThatWouldMakeItTooLarge() {
        fixture.joinClassic(ALICE, "\uA4F3".repeat(16)); // Lisu letter O, 3 bytes each

        fixture.receive(NEWCOMER, "L " + "O".repeat(16)); // the refusal may take 64 bytes

        fixture.assertLines(NEWCOMER, "与在场成员的昵称太像，请换一个");
    }

    @Test
    void refusesANativeLookalikeOfTheAdministratorAndAMixOfScripts() {
        assertEquals(new Refused(RefusalReason.NAME_LOOKS_LIKE, 0), fixture.login(NEWCOMER, "ＡＤＭＩＮ", ""));
        assertEquals(new Refused(RefusalReason.NAME_MIXED_SCRIPTS, 0), fixture.login(BOB, "Ωmega", ""));
    }

    @Test
    void aResumedOrRetriedLoginIsNotItsOwnLookalike() {
        RelayFixture.NativeMember alice = fixture.joinNative(ALICE, "alice");

        fixture.rejoinNative(ALICE, "alice", "", alice); // fails unless welcomed
    }

    @Test
    void refusesARenameToALookalikeButLetsAMemberRespellItsOwnName() {
        fixture.joinClassic(ALICE, "alice");
        RelayFixture.NativeMember bob = fixture.joinNative(BOB, "bob");

        bob.ask(new RoomRequest.Nick("aIice"));
        bob.ask(new RoomRequest.Nick("admin"));
        bob.ask(new RoomRequest.Nick("Ωmega"));
        bob.ask(new RoomRequest.Nick("Bob"));

        fixture.assertEvents(
                BOB,
                new RoomEvent.Failed(Failure.NAME_LOOKS_LIKE, 0, "alice"),
                new RoomEvent.Failed(Failure.NAME_LOOKS_LIKE, 0, ""),
                new RoomEvent.Failed(Failure.NAME_MIXED_SCRIPTS, 0, "Ωmega"),
                new RoomEvent.Renamed("bob", "Bob"));
    }

    @Test
    void aRenamedMembersOldNameIsFreeAndItsNewOneGuarded() {
        RelayFixture.NativeMember bob = fixture.joinNative(BOB, "bob");
        bob.ask(new RoomRequest.Nick("carol"));

        fixture.receive(NEWCOMER, "L bob");
        fixture.receive(ALICE, "L caroI");

        assertEquals("OK", fixture.outbox().textsTo(NEWCOMER).get(0));
        fixture.assertLines(ALICE, "与 carol 太像，请换一个昵称");
    }

    @Test
    void aMemberWhoLeftNoLongerGuardsItsLookalikes() {
        fixture.joinClassic(ALICE, "alice");
        fixture.receive(ALICE, "Q alice");

        fixture.receive(NEWCOMER, "L aIice");

        assertEquals("OK", fixture.outbox().textsTo(NEWCOMER).get(0));
        assertEquals(List.of("aIice"), fixture.memberNames());
    }

    @Test
    void aLookalikeRefusedTwiceInARowIsRefusedBothTimes() {
        fixture.joinClassic(ALICE, "alice");

        fixture.receive(NEWCOMER, "L aIice");
        fixture.receive(NEWCOMER, "L aIice");

        fixture.assertLines(NEWCOMER, "与 alice 太像，请换一个昵称", "与 alice 太像，请换一个昵称");
    }

    @Test
    void refusesPaddedAndPrefixedTextsInBothProtocols() {
        fixture.joinClassic(ALICE, "alice");
        RelayFixture.NativeMember bob = fixture.joinNative(BOB, "bob");

        fixture.receive(ALICE, "C alice hi" + " ".repeat(72) + "管理员 : server restarts");
        fixture.receive(ALICE, "C alice 管理员：重启");
        bob.chat("hi" + "\u3164".repeat(40) + "x");
        bob.chat("管理员 ː 重启");
        bob.ask(new RoomRequest.Action("says 管理员: hi"));
        bob.ask(new RoomRequest.PrivateMessage("alice", "管理员 : hi"));

        fixture.assertLines(ALICE, "消息不能含超过 8 个连续空白，未发送", "消息看起来像管理员公告，未发送");
        fixture.assertEvents(
                BOB,
                new RoomEvent.NotRelayed(ChatText.Problem.BLANK_RUN),
                new RoomEvent.NotRelayed(ChatText.Problem.LOOKS_LIKE_ANNOUNCEMENT),
                new RoomEvent.NotRelayed(ChatText.Problem.LOOKS_LIKE_ANNOUNCEMENT),
                new RoomEvent.NotRelayed(ChatText.Problem.LOOKS_LIKE_ANNOUNCEMENT));
    }

    @Test
    void relaysEightBlanksAndTextsThatOnlyMentionTheAdministrator() {
        fixture.joinClassic(ALICE, "alice");

        fixture.receive(ALICE, "C alice a" + " ".repeat(8) + "b");
        fixture.receive(ALICE, "C alice 管理员在吗?");

        fixture.assertLines(ALICE, "alice : a" + " ".repeat(8) + "b", "alice : 管理员在吗?");
    }

    @Test
    void theOperatorMayAnnounceWithBlankRuns() {
        fixture.joinClassic(ALICE, "alice");

        assertEquals(java.util.Optional.empty(), fixture.relay().onAnnouncement("a" + " ".repeat(20) + "b"));

        fixture.assertLines(ALICE, "管理员 : a" + " ".repeat(20) + "b");
    }
}
