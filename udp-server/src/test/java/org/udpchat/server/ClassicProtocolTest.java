package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Limits;

/**
 * The classic text protocol's side of the server ({@link ClassicProtocol}: {@code L}, {@code C} and
 * {@code Q} datagrams, answered in lines), driven through {@link Relay} by a {@link RelayFixture}: no
 * socket, no real time. Each assertion names exactly what every address received, in order, as its client
 * reads it.
 */
class ClassicProtocolTest {

    private static final InetSocketAddress ALICE = address(40001);
    private static final InetSocketAddress BOB = address(40002);
    private static final InetSocketAddress CAROL = address(40003);
    private static final InetSocketAddress DAVE = address(40004);
    private static final InetSocketAddress STRANGER = address(40009);

    private static final String NAME_TAKEN = "该昵称已被占用";
    private static final String RESERVED = "该昵称为管理员保留";
    private static final String NOT_JOINED = "您不在聊天室中，请先登录";
    private static final String BOB_NOT_YOUR_NAME = "您的昵称是 bob，不能冒用他人名义";
    private static final String TEXT_INVISIBLE = "消息不能包含控制字符或不可见字符，未发送";

    private final RelayFixture fixture = new RelayFixture(config(Locale.CHINESE, 10));

    /** The server's defaults, speaking {@code language}, with room for {@code maxMembers}. */
    private static ServerConfig config(Locale language, int maxMembers) {
        return RelayFixture.DEFAULTS.withLanguage(language).withLimits(RoomLimits.ofMembers(maxMembers));
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Spoofed sources: a different address for each {@code i}, none of them a member. */
    private static InetSocketAddress spoofed(int i) {
        return new InetSocketAddress("10.0." + (i / 250) + "." + (1 + i % 250), 50000 + i % 1000);
    }

    private void joinAliceBobCarol() {
        fixture.joinClassic(ALICE, "alice");
        fixture.joinClassic(BOB, "bob");
        fixture.joinClassic(CAROL, "carol");
    }

    static Stream<Arguments> badNames() {
        return Stream.of(
                arguments("a".repeat(33), "昵称最多 32 个字符", "33 code points"),
                arguments("a\tb", "昵称不能包含空格", "tab inside"),
                arguments("a\nb", "昵称不能包含空格", "line feed inside (whitespace is checked first)"),
                arguments("a\u3000b", "昵称不能包含空格", "ideographic space inside"),
                arguments("a\u001Bb", "昵称不能包含控制字符或不可见字符", "ESC"),
                arguments("a\u202Eb", "昵称不能包含控制字符或不可见字符", "right-to-left override"),
                arguments("a\u200Bb", "昵称不能包含控制字符或不可见字符", "zero-width space"),
                arguments("a\u2800b", "昵称不能包含控制字符或不可见字符", "braille blank"));
    }

    static Stream<Arguments> forgedLineTexts() {
        return Stream.of(
                arguments("hi\nalice : I owe bob money", "line feed that fakes a second line"),
                arguments("hi\r\n管理员 : fake", "carriage return"),
                arguments("\u001B[2Jcleared", "ANSI escape"),
                arguments("abc\u202Edef", "right-to-left override"),
                arguments("abc\u2066def", "left-to-right isolate"),
                arguments("abc\u2028def", "line separator"));
    }

    @Nested
    class Join {

        @Test
        void acknowledgesJoinWithExactlyOk() {
            fixture.receive(BOB, "L bob");

            fixture.assertLines(BOB, "OK");
            assertEquals(List.of("bob"), fixture.memberNames());
        }

        @Test
        void welcomesNewMemberToEveryoneElse() {
            fixture.joinClassic(ALICE, "alice");
            fixture.joinClassic(CAROL, "carol");

            fixture.receive(BOB, "L bob");

            fixture.assertLines(BOB, "OK");
            fixture.assertLines(ALICE, "欢迎 bob 进入聊天室");
            fixture.assertLines(CAROL, "欢迎 bob 进入聊天室");
        }

        @Test
        void trimsSpacesAroundLoginName() {
            fixture.joinClassic(ALICE, "alice");

            fixture.receive(BOB, "L   bob  ");

            fixture.assertLines(BOB, "OK");
            fixture.assertLines(ALICE, "欢迎 bob 进入聊天室");
            assertEquals(List.of("alice", "bob"), fixture.memberNames());
        }

        @Test
        void acceptsNameOfThirtyTwoCodePointsEvenWhenEachTakesFourBytes() {
            String name = "😀".repeat(Limits.MAX_NAME_CODE_POINTS);

            fixture.receive(BOB, "L " + name);

            fixture.assertLines(BOB, "OK");
            assertEquals(List.of(name), fixture.memberNames());
        }

        @ParameterizedTest
        @ValueSource(strings = {"bob", "BOB", "Bob", "ｂｏｂ", "ＢＯＢ"})
        void refusesTakenNameIncludingCaseAndCompatibilityVariants(String name) {
            fixture.joinClassic(ALICE, "alice");
            fixture.joinClassic(BOB, "bob");

            fixture.receive(CAROL, "L " + name);

            fixture.assertLines(CAROL, NAME_TAKEN);
            fixture.assertNothingSentTo(ALICE, BOB);
            assertEquals(List.of("alice", "bob"), fixture.memberNames());
            assertEquals(BOB, fixture.relay().members().get(1).address());
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "管理员", // the administrator's name
                    "管理員", // its traditional-script twin
                    "管\uF9E4员", // 理 as a CJK compatibility ideograph, which NFKC folds to 理
                    "管\uF9E4員"
                })
        void refusesAdministratorNameAndLookAlikes(String name) {
            fixture.joinClassic(ALICE, "alice");

            fixture.receive(BOB, "L " + name);

            fixture.assertLines(BOB, RESERVED);
            fixture.assertNothingSentTo(ALICE);
            assertEquals(List.of("alice"), fixture.memberNames());
        }

        @ParameterizedTest(name = "[{index}] {2}")
        @MethodSource("org.udpchat.server.ClassicProtocolTest#badNames")
        void refusesBadNameWithItsOwnReason(String name, String refusal, String why) {
            fixture.joinClassic(ALICE, "alice");

            fixture.receive(BOB, "L " + name);

            fixture.assertLines(BOB, refusal);
            fixture.assertNothingSentTo(ALICE);
            assertEquals(List.of("alice"), fixture.memberNames());
        }

        @Test
        void refusesNameWithSpaceInside() {
            fixture.receive(BOB, "L bo b");

            fixture.assertLines(BOB, "昵称不能包含空格");
            assertEquals(List.of(), fixture.memberNames());
        }

        @Test
        void answersRepeatedJoinAgainWithoutWelcomingTwice() {
            fixture.joinClassic(ALICE, "alice");
            fixture.receive(BOB, "L bob");
            fixture.forget();

            fixture.receive(BOB, "L bob"); // the first OK was lost; the client retries

            fixture.assertLines(BOB, "OK");
            fixture.assertNothingSentTo(ALICE);
            assertEquals(List.of("alice", "bob"), fixture.memberNames());
        }

        @Test
        void answersRepeatedJoinInAnotherCaseAsTheSameName() {
            fixture.joinClassic(BOB, "bob");

            fixture.receive(BOB, "L BOB");

            fixture.assertLines(BOB, "OK");
            assertEquals(List.of("bob"), fixture.memberNames());
        }

        @Test
        void refusesSecondNameFromAddressThatHasOne() {
            fixture.joinClassic(ALICE, "alice");
            fixture.joinClassic(BOB, "bob");

            fixture.receive(BOB, "L robert");

            fixture.assertLines(BOB, "此地址已是 bob，请先退出");
            fixture.assertNothingSentTo(ALICE);
            assertEquals(List.of("alice", "bob"), fixture.memberNames());
        }

        @Test
        void refusesJoinWhenRoomIsFullAndAcceptsOneAfterSomebodyLeaves() {
            fixture.restart(config(Locale.CHINESE, 2));
            fixture.joinClassic(ALICE, "alice");
            fixture.joinClassic(BOB, "bob");

            fixture.receive(CAROL, "L carol");

            fixture.assertLines(CAROL, "服务器已满（2 人），请稍后再来");
            fixture.assertNothingSentTo(ALICE, BOB);
            assertEquals(List.of("alice", "bob"), fixture.memberNames());

            fixture.receive(BOB, "Q bob");
            fixture.forget();
            fixture.receive(CAROL, "L carol");

            fixture.assertLines(CAROL, "OK");
            fixture.assertLines(ALICE, "欢迎 carol 进入聊天室");
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
        }
    }

    @Nested
    class Chat {

        @Test
        void relaysChatToEveryMemberIncludingSpeakerKeepingRunsOfSpaces() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob hi  there");

            fixture.assertLines(ALICE, "bob : hi  there");
            fixture.assertLines(BOB, "bob : hi  there");
            fixture.assertLines(CAROL, "bob : hi  there");
        }

        @Test
        void relaysChineseChat() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob 大家好，今天天气不错");

            for (InetSocketAddress member : List.of(ALICE, BOB, CAROL)) {
                fixture.assertLines(member, "bob : 大家好，今天天气不错");
            }
        }

        @Test
        void relaysChatClaimingOwnNameInAnotherCaseUnderTheJoinedName() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C BOB hi");

            fixture.assertLines(ALICE, "bob : hi");
            assertEquals(0, fixture.dropped(DropReason.IMPERSONATION));
        }

        @Test
        void sendsByteIdenticalDatagramsToEveryRecipient() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob 你好 there");

            List<RecordingOutbox.Datagram> sent = fixture.outbox().all();
            assertEquals(3, sent.size());
            byte[] expected = "bob : 你好 there".getBytes(UTF_8);
            for (RecordingOutbox.Datagram datagram : sent) {
                assertArrayEquals(expected, datagram.bytes(), datagram.toString());
            }
        }

        /**
         * The relay encodes a broadcast once and hands the same buffer to every recipient, trusting the
         * outbox to leave the position where it was (the {@link Outbox} contract, which ChannelOutbox keeps
         * by restoring the position). This pins that reliance down.
         */
        @Test
        void handsEveryRecipientTheSameEncodedBufferAtTheSamePosition() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob hi");

            List<RecordingOutbox.Datagram> sent = fixture.outbox().all();
            assertEquals(3, sent.size());
            for (RecordingOutbox.Datagram datagram : sent) {
                assertSame(sent.get(0).buffer(), datagram.buffer());
                assertEquals(sent.get(0).position(), datagram.position());
            }
        }

        @Test
        void relaysLongestTextWhoseLineIsExactlyOneFullDatagram() {
            joinAliceBobCarol();
            String text = "x".repeat(Limits.MAX_DATAGRAM_BYTES - "bob : ".length());

            fixture.receive(BOB, "C bob " + text);

            for (InetSocketAddress member : List.of(ALICE, BOB, CAROL)) {
                List<RecordingOutbox.Datagram> received = fixture.outbox().to(member);
                assertEquals(1, received.size());
                assertEquals(Limits.MAX_DATAGRAM_BYTES, received.get(0).size());
                assertEquals("bob : " + text, received.get(0).text());
            }
        }

        /**
         * For a member who claims the name as joined, {@code C <name> <text>} and {@code <name> : <text>}
         * are the same size, so one byte more than the longest text makes the request itself oversize: the
         * codec refuses it, and the sender hears nothing.
         */
        @Test
        void dropsChatRequestOneByteOverTheDatagramLimitAsMalformed() {
            joinAliceBobCarol();
            String text = "x".repeat(Limits.MAX_DATAGRAM_BYTES - "bob : ".length() + 1);

            fixture.receive(BOB, "C bob " + text);

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(1, fixture.dropped(DropReason.MALFORMED));
        }

        /**
         * The line is longer than the request when the member joined under a wider spelling than it claims:
         * {@code ｂｏｂ} takes 9 bytes in the line, {@code bob} 3 in the request. Then the text fits the request
         * but not the line, and only the sender is told.
         */
        @Test
        void refusesTextWhoseLineWouldNotFitOneDatagramToTheSenderOnly() {
            fixture.joinClassic(ALICE, "alice");
            fixture.joinClassic(BOB, "ｂｏｂ");
            int longest = ChatText.maxBytes("ｂｏｂ");
            assertEquals(Limits.MAX_DATAGRAM_BYTES - "ｂｏｂ : ".getBytes(UTF_8).length, longest);

            fixture.receive(BOB, "C bob " + "x".repeat(longest + 1));

            fixture.assertLines(BOB, "消息太长，最多 1012 字节，未发送");
            fixture.assertNothingSentTo(ALICE);

            fixture.forget();
            fixture.receive(BOB, "C bob " + "x".repeat(longest));

            fixture.assertLines(ALICE, "ｂｏｂ : " + "x".repeat(longest));
        }

        @ParameterizedTest(name = "[{index}] {1}")
        @MethodSource("org.udpchat.server.ClassicProtocolTest#forgedLineTexts")
        void refusesTextThatCouldForgeALineAndRelaysNothing(String text, String why) {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob " + text);

            fixture.assertLines(BOB, TEXT_INVISIBLE);
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void relaysTextWithZeroWidthJoinerInsideEmoji() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob 👨\u200D👩\u200D👧");

            fixture.assertLines(ALICE, "bob : 👨\u200D👩\u200D👧");
        }

        @Test
        void refusesAnAllBlankChatToTheSenderAndRelaysNothing() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob    ");
            fixture.receive(BOB, "C bob \u3000\u3164");

            fixture.assertLines(BOB, "消息是空白的，未发送", "消息是空白的，未发送");
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void refusesAJoinerThatJoinsNothing() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob hi\u200D");

            fixture.assertLines(BOB, TEXT_INVISIBLE);
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void dropsChatWithEmptyTextAsMalformed() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C bob ");

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(1, fixture.dropped(DropReason.MALFORMED));
        }

        @Test
        void keepsRelayingToOtherMembersWhenOneSendFails() {
            joinAliceBobCarol();
            fixture.outbox().makeUnreachable(ALICE);

            fixture.receive(BOB, "C bob hi");

            fixture.assertLines(BOB, "bob : hi");
            fixture.assertLines(CAROL, "bob : hi");
            assertEquals(1, fixture.dropped(DropReason.SEND_FAILED));
        }
    }

    @Nested
    class Impersonation {

        @Test
        void refusesChatUnderAnotherMembersName() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C alice I owe bob money");

            fixture.assertLines(BOB, BOB_NOT_YOUR_NAME);
            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(1, fixture.dropped(DropReason.IMPERSONATION));
        }

        @Test
        void refusesChatUnderTheAdministratorsName() {
            joinAliceBobCarol();

            fixture.receive(BOB, "C 管理员 the server is closing");

            fixture.assertLines(BOB, BOB_NOT_YOUR_NAME);
            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(1, fixture.dropped(DropReason.IMPERSONATION));
        }

        @Test
        void refusesChatFromAddressThatIsNotAMember() {
            joinAliceBobCarol();

            fixture.receive(STRANGER, "C bob hi");

            fixture.assertLines(STRANGER, NOT_JOINED);
            fixture.assertNothingSentTo(ALICE, BOB, CAROL);
        }

        @Test
        void refusesQuitUnderAnotherMembersName() {
            joinAliceBobCarol();

            fixture.receive(BOB, "Q alice");

            fixture.assertLines(BOB, BOB_NOT_YOUR_NAME);
            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
            assertEquals(1, fixture.dropped(DropReason.IMPERSONATION));
        }
    }

    @Nested
    class Quit {

        @Test
        void endsMembershipWithExactlyExitAndTellsTheOthers() {
            joinAliceBobCarol();

            fixture.receive(BOB, "Q bob");

            fixture.assertLines(BOB, "EXIT");
            fixture.assertLines(ALICE, "bob 退出了聊天室");
            fixture.assertLines(CAROL, "bob 退出了聊天室");
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
        }

        @Test
        void freesTheNameForSomebodyElse() {
            joinAliceBobCarol();
            fixture.receive(BOB, "Q bob");
            fixture.forget();

            fixture.receive(DAVE, "L bob");

            fixture.assertLines(DAVE, "OK");
            fixture.assertLines(ALICE, "欢迎 bob 进入聊天室");
            assertEquals(DAVE, fixture.relay().members().get(2).address());
        }

        @Test
        void answersQuitFromNonMemberWithExit() {
            fixture.joinClassic(ALICE, "alice");

            fixture.receive(STRANGER, "Q bob");

            fixture.assertLines(STRANGER, "EXIT");
            fixture.assertNothingSentTo(ALICE);
        }

        @Test
        void answersRetriedQuitWithExitAgainWithoutTellingTheRoomTwice() {
            joinAliceBobCarol();
            fixture.receive(BOB, "Q bob");
            fixture.forget();

            fixture.receive(BOB, "Q bob"); // the first EXIT was lost

            fixture.assertLines(BOB, "EXIT");
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void refusesChatAfterQuitting() {
            joinAliceBobCarol();
            fixture.receive(BOB, "Q bob");
            fixture.forget();

            fixture.receive(BOB, "C bob still here?");

            fixture.assertLines(BOB, NOT_JOINED);
            fixture.assertNothingSentTo(ALICE, CAROL);
        }
    }

    @Nested
    class Administrator {

        @Test
        void announcesToEveryMemberAsTheAdministrator() {
            joinAliceBobCarol();

            Optional<ChatText.Problem> problem = fixture.relay().onAnnouncement("大家好");

            assertEquals(Optional.empty(), problem);
            for (InetSocketAddress member : List.of(ALICE, BOB, CAROL)) {
                fixture.assertLines(member, "管理员 : 大家好");
            }
        }

        @Test
        void refusesAnnouncementThatCouldForgeALine() {
            joinAliceBobCarol();

            Optional<ChatText.Problem> problem = fixture.relay().onAnnouncement("大家好\nbob : 我是管理员");

            assertEquals(Optional.of(ChatText.Problem.INVISIBLE_OR_CONTROL), problem);
            assertEquals(List.of(), fixture.outbox().all());
        }

        @Test
        void refusesAnnouncementTooLongForOneDatagram() {
            joinAliceBobCarol();
            int longest = ChatText.maxBytes("管理员");

            assertEquals(
                    Optional.of(ChatText.Problem.TOO_LONG), fixture.relay().onAnnouncement("x".repeat(longest + 1)));
            assertEquals(List.of(), fixture.outbox().all());

            assertEquals(Optional.empty(), fixture.relay().onAnnouncement("x".repeat(longest)));
            assertEquals(
                    Limits.MAX_DATAGRAM_BYTES, fixture.outbox().to(ALICE).get(0).size());
        }

        @Test
        void kickSendsNoticeThenExitToTheMemberAndTellsTheOthers() {
            joinAliceBobCarol();

            KickOutcome outcome = fixture.relay().onKick("bob", "刷屏");

            assertEquals(KickOutcome.KICKED, outcome);
            fixture.assertLines(BOB, "管理员 : 您已被移出聊天室：刷屏", "EXIT");
            fixture.assertLines(ALICE, "bob 被管理员移出了聊天室");
            fixture.assertLines(CAROL, "bob 被管理员移出了聊天室");
            assertEquals(List.of("alice", "carol"), fixture.memberNames());
        }

        @Test
        void kickWithoutReasonSendsTheBareNotice() {
            joinAliceBobCarol();

            assertEquals(KickOutcome.KICKED, fixture.relay().onKick("bob", ""));

            fixture.assertLines(BOB, "管理员 : 您已被移出聊天室", "EXIT");
        }

        @ParameterizedTest
        @ValueSource(strings = {"BOB", "ｂｏｂ"})
        void kicksByNameKey(String name) {
            joinAliceBobCarol();

            assertEquals(KickOutcome.KICKED, fixture.relay().onKick(name, ""));

            assertEquals(List.of("alice", "carol"), fixture.memberNames());
            fixture.assertLines(ALICE, "bob 被管理员移出了聊天室");
        }

        @Test
        void kickOfUnknownNameChangesNothing() {
            joinAliceBobCarol();

            assertEquals(KickOutcome.NO_SUCH_MEMBER, fixture.relay().onKick("dave", "刷屏"));

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
        }

        @Test
        void kickWithReasonTooLongForTheNoticeChangesNothing() {
            joinAliceBobCarol();
            // 管理员 : 您已被移出聊天室：<reason> must fit one datagram
            int longestReason = ChatText.maxBytes("管理员") - "您已被移出聊天室：".getBytes(UTF_8).length;

            assertEquals(KickOutcome.BAD_REASON, fixture.relay().onKick("bob", "x".repeat(longestReason + 1)));

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());

            assertEquals(KickOutcome.KICKED, fixture.relay().onKick("bob", "x".repeat(longestReason)));
        }

        @Test
        void kickWithReasonThatCouldForgeALineChangesNothing() {
            joinAliceBobCarol();

            assertEquals(KickOutcome.BAD_REASON, fixture.relay().onKick("bob", "刷屏\nalice : 再见"));

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
        }

        @Test
        void kickedMemberIsNoLongerInTheRoom() {
            joinAliceBobCarol();
            fixture.relay().onKick("bob", "刷屏");
            fixture.forget();

            fixture.receive(BOB, "C bob 我回来了");

            fixture.assertLines(BOB, NOT_JOINED);
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void shutdownSaysGoodbyeThenExitToEveryMemberAndEmptiesTheRoom() {
            joinAliceBobCarol();

            fixture.relay().onShutdown();

            for (InetSocketAddress member : List.of(ALICE, BOB, CAROL)) {
                fixture.assertLines(member, "管理员 : 服务器关闭，聊天室结束", "EXIT");
            }
            assertEquals(List.of(), fixture.relay().members());
        }

        @Test
        void shutdownOfEmptyRoomSendsNothing() {
            fixture.relay().onShutdown();

            assertEquals(List.of(), fixture.outbox().all());
        }
    }

    @Nested
    class Members {

        @Test
        void listsMembersInJoiningOrderWithTheirAddresses() {
            fixture.joinClassic(CAROL, "carol");
            fixture.joinClassic(ALICE, "alice");
            fixture.joinClassic(BOB, "bob");

            List<MemberInfo> members = fixture.relay().members();

            assertEquals(List.of("carol", "alice", "bob"), fixture.memberNames());
            assertEquals(
                    List.of(CAROL, ALICE, BOB),
                    members.stream().map(MemberInfo::address).collect(Collectors.toList()));
        }

        @Test
        void measuresIdleTimeFromTheLastDatagramAndResetsItOnChat() {
            fixture.joinClassic(ALICE, "alice");
            fixture.clock().advance(Duration.ofSeconds(5));
            fixture.joinClassic(BOB, "bob");
            fixture.clock().advance(Duration.ofSeconds(60));

            assertEquals(List.of(Duration.ofSeconds(65), Duration.ofSeconds(60)), idles());

            fixture.receive(BOB, "C bob hi");
            fixture.clock().advance(Duration.ofSeconds(10));

            assertEquals(List.of(Duration.ofSeconds(75), Duration.ofSeconds(10)), idles());
        }

        @Test
        void repeatedJoinAlsoCountsAsBeingHeardFrom() {
            fixture.joinClassic(BOB, "bob");
            fixture.clock().advance(Duration.ofMinutes(3));

            fixture.receive(BOB, "L bob");
            fixture.clock().advance(Duration.ofSeconds(2));

            assertEquals(List.of(Duration.ofSeconds(2)), idles());
        }

        @Test
        void reportsZeroIdleRatherThanNegativeWhenTheClockGoesBack() {
            fixture.joinClassic(BOB, "bob");
            fixture.clock().advance(Duration.ofSeconds(-30));

            assertEquals(List.of(Duration.ZERO), idles());
        }

        private List<Duration> idles() {
            return fixture.relay().members().stream().map(MemberInfo::idle).collect(Collectors.toList());
        }
    }

    @Nested
    class MalformedInput {

        static final String INVALID_UTF8 = "invalid UTF-8";
        static final String OVERSIZE = "1025 bytes";

        @ParameterizedTest
        @ValueSource(
                strings = {"", OVERSIZE, INVALID_UTF8, "X hi", "l bob", "L", "L    ", "C", "C bob", "C bob ", "Q", "Q  "
                })
        void dropsMalformedDatagramWithoutReplyAndKeepsServing(String datagram) {
            fixture.joinClassic(ALICE, "alice");
            long before = fixture.relay().stats().datagramsIn();

            fixture.receive(STRANGER, bytesOf(datagram));
            fixture.receive(ALICE, bytesOf(datagram));

            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(2, fixture.dropped(DropReason.MALFORMED));
            assertEquals(before + 2, fixture.relay().stats().datagramsIn());

            fixture.receive(BOB, "L bob");
            fixture.assertLines(BOB, "OK");
            fixture.assertLines(ALICE, "欢迎 bob 进入聊天室");
        }

        private byte[] bytesOf(String datagram) {
            if (datagram.equals(OVERSIZE)) {
                return ("C alice " + "x".repeat(Limits.MAX_DATAGRAM_BYTES + 1 - "C alice ".length())).getBytes(UTF_8);
            }
            if (datagram.equals(INVALID_UTF8)) {
                return new byte[] {'L', ' ', 'b', (byte) 0xFF, 'b'};
            }
            return datagram.getBytes(UTF_8);
        }

        @Test
        void countsDatagramsInAndOut() {
            joinAliceBobCarol(); // 3 in; 3 OKs + 1 + 2 welcomes out
            fixture.receive(BOB, "C bob hi"); // 1 in, 3 out
            fixture.receive(STRANGER, new byte[0]); // 1 in, dropped

            RelayStats stats = fixture.relay().stats();

            assertEquals(5, stats.datagramsIn());
            assertEquals(3 + 3 + 3, stats.datagramsOut());
        }
    }

    @Nested
    class RepliesToNonMembers {

        /** Short requests that each earn a non-member exactly one refusal, in a room of two out of two. */
        private final List<String> refusedRequests = List.of(
                "L alice",
                "L ALICE",
                "L ａｌｉｃｅ",
                "L 管理员",
                "L 管理員",
                "L " + "a".repeat(33),
                "L a\tb",
                "L a\nb",
                "L a\u001Bb",
                "L a\u202Eb",
                "L a\u200Bb",
                "L 😀\u2800",
                "L dave", // the room is full
                "L " + "一".repeat(32), // the room is full
                "C alice hi",
                "C x y",
                "Q alice",
                "Q x");

        @ParameterizedTest
        @ValueSource(strings = {"zh", "en"})
        void keepsEveryReplyToANonMemberWithinTheAmplificationBound(String language) {
            fixture.restart(config(Locale.forLanguageTag(language), 2));
            fixture.joinClassic(ALICE, "alice");
            fixture.joinClassic(BOB, "bob");

            for (int i = 0; i < refusedRequests.size(); i++) {
                String request = refusedRequests.get(i);
                int requestSize = request.getBytes(UTF_8).length;
                InetSocketAddress from = spoofed(i);
                fixture.forget();

                fixture.receive(from, request);

                List<RecordingOutbox.Datagram> replies = fixture.outbox().to(from);
                assertEquals(1, replies.size(), "one reply to " + request);
                int bound =
                        Math.max(ClassicProtocol.AMPLIFICATION_FACTOR * requestSize, ClassicProtocol.MIN_REPLY_BOUND);
                assertTrue(
                        replies.get(0).size() <= bound,
                        () -> replies.get(0).size() + " bytes in reply to " + requestSize + "-byte " + request);
                fixture.assertNothingSentTo(ALICE, BOB);
            }
            assertEquals(0, fixture.dropped(DropReason.REPLY_TOO_LARGE));
            assertEquals(0, fixture.dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void limitsRepliesToOneNonMemberAddressThenRefillsWithTime() {
            for (int i = 0; i < ReplyBudget.PER_ADDRESS_BURST; i++) {
                fixture.receive(STRANGER, "L 管理员");
            }
            assertEquals(
                    ReplyBudget.PER_ADDRESS_BURST, fixture.outbox().to(STRANGER).size());
            fixture.forget();

            fixture.receive(STRANGER, "L 管理员");
            fixture.receive(STRANGER, "Q bob");
            fixture.clock().advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS - 1);
            fixture.receive(STRANGER, "C bob hi");

            fixture.assertNothingSentTo(STRANGER);
            assertEquals(3, fixture.dropped(DropReason.REPLY_RATE_LIMITED));

            fixture.clock().advanceMillis(1);
            fixture.receive(STRANGER, "Q bob");
            fixture.receive(STRANGER, "Q bob");

            fixture.assertLines(STRANGER, "EXIT");
            assertEquals(4, fixture.dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void limitsEachNonMemberAddressSeparately() {
            for (int i = 0; i <= ReplyBudget.PER_ADDRESS_BURST; i++) {
                fixture.receive(STRANGER, "Q bob");
            }

            fixture.receive(DAVE, "Q bob");

            assertEquals(
                    ReplyBudget.PER_ADDRESS_BURST, fixture.outbox().to(STRANGER).size());
            fixture.assertLines(DAVE, "EXIT");
        }

        @Test
        void rateLimitsRefusalsToClassicMembersToo() {
            joinAliceBobCarol();

            for (int i = 0; i < 3 * ReplyBudget.PER_ADDRESS_BURST; i++) {
                fixture.receive(BOB, "C alice hi"); // a classic member's address is no more proven than anyone's
            }

            assertEquals(ReplyBudget.PER_ADDRESS_BURST, fixture.outbox().to(BOB).size());
            assertEquals(2 * ReplyBudget.PER_ADDRESS_BURST, fixture.dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void capsRepliesToAllNonMembersTogetherWithinOneSecond() {
            int addresses = ReplyBudget.GLOBAL_PER_SECOND + 50;
            for (int i = 0; i < addresses; i++) {
                fixture.receive(spoofed(i), "L 管理员");
                fixture.clock().advanceMillis(999 / addresses); // all within one second of fake time
            }

            assertEquals(ReplyBudget.GLOBAL_PER_SECOND, fixture.outbox().all().size());
            assertEquals(50, fixture.dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void repliesToNonMembersAgainOnceTheGlobalSecondHasPassed() {
            for (int i = 0; i < ReplyBudget.GLOBAL_PER_SECOND; i++) {
                fixture.receive(spoofed(i), "L 管理员");
            }
            fixture.forget();
            fixture.clock().advance(Duration.ofSeconds(1));

            fixture.receive(STRANGER, "L bob 2");

            fixture.assertLines(STRANGER, "昵称不能包含空格");
        }

        @Test
        void keepsAnsweringNonMembersOverALongLifeOfOccasionalRefusals() {
            fixture.joinClassic(ALICE, "alice");
            for (int i = 0; i < ReplyBudget.GLOBAL_PER_SECOND; i++) {
                fixture.receive(spoofed(i), "L alice");
                fixture.clock().advance(Duration.ofMinutes(1));
            }
            fixture.forget();

            fixture.receive(STRANGER, "L alice");
            fixture.receive(DAVE, "Q dave");

            fixture.assertLines(STRANGER, NAME_TAKEN);
            fixture.assertLines(DAVE, "EXIT");
        }
    }

    @Nested
    class English {

        @Test
        void speaksEnglishNoticesButKeepsTheAdministratorsName() {
            fixture.restart(config(Locale.ENGLISH, 10));
            fixture.joinClassic(ALICE, "alice");

            fixture.receive(BOB, "L bob");
            fixture.assertLines(ALICE, "bob joined the room");
            fixture.forget();

            fixture.relay().onAnnouncement("hello");
            fixture.assertLines(ALICE, "管理员 : hello");
            fixture.assertLines(BOB, "管理员 : hello");
            fixture.forget();

            fixture.receive(BOB, "Q bob");
            fixture.assertLines(BOB, "EXIT");
            fixture.assertLines(ALICE, "bob left the room");
        }

        @Test
        void bansWithTheEnglishKickNoticeAndItsTermAsTheReason() {
            fixture.restart(config(Locale.ENGLISH, 10));
            fixture.joinClassic(BOB, "bob"); // alone at its address: alice's is the same IP, and would go too

            fixture.relay().onBan("bob", Term.ofMinutes(1));

            fixture.assertLines(BOB, "管理员 : you have been removed from the room: banned for 1 minute", "EXIT");
        }

        @Test
        void speaksEnglishRoomNoticesMovesAndBlankRefusals() {
            fixture.restart(config(Locale.ENGLISH, 10));
            fixture.joinClassic(ALICE, "alice");

            fixture.relay().onSay("lobby", "tea at five");
            fixture.receive(ALICE, "C alice  ");

            fixture.assertLines(ALICE, "[notice to lobby] 管理员 : tea at five", "message is blank - not sent");
        }

        @Test
        void kicksWithTheEnglishNotice() {
            fixture.restart(config(Locale.ENGLISH, 10));
            fixture.joinClassic(ALICE, "alice");
            fixture.joinClassic(BOB, "bob");

            assertEquals(KickOutcome.KICKED, fixture.relay().onKick("bob", "spam"));

            fixture.assertLines(BOB, "管理员 : you have been removed from the room: spam", "EXIT");
            fixture.assertLines(ALICE, "bob was removed by the administrator");
        }

        @Test
        void refusesInEnglish() {
            fixture.restart(config(Locale.ENGLISH, 1));
            fixture.joinClassic(ALICE, "alice");

            fixture.receive(BOB, "L alice");
            fixture.receive(CAROL, "L carol");
            fixture.receive(DAVE, "C dave hi");
            fixture.receive(ALICE, "C bob hi");
            fixture.receive(ALICE, "C alice a\u001Bb");
            fixture.receive(ALICE, "L robert");

            fixture.assertLines(BOB, "that name is taken - choose another");
            fixture.assertLines(CAROL, "the server is full (1 member) - try later");
            fixture.assertLines(DAVE, "you are not in the room - join first");
            fixture.assertLines(
                    ALICE,
                    "you are alice here; you cannot speak for others",
                    "message not sent: it holds control or invisible characters",
                    "this address is alice already - quit first");
        }

        @Test
        void shutsDownInEnglish() {
            fixture.restart(config(Locale.ENGLISH, 10));
            fixture.joinClassic(ALICE, "alice");

            fixture.relay().onShutdown();

            fixture.assertLines(ALICE, "管理员 : the server is closing the room", "EXIT");
        }
    }

    /** Everything a stranger can make the relay send lands within the bound; no member hears of it. */
    @Test
    void neverSendsAStrangerMoreThanTheBoundOverAMixedSession() {
        joinAliceBobCarol();
        Set<InetSocketAddress> members = Set.of(ALICE, BOB, CAROL);
        List<String> requests = new ArrayList<>();
        for (String name : List.of("alice", "BOB", "管理员", "a b", "a\u001Bb", "x".repeat(33))) {
            requests.add("L " + name);
        }
        requests.add("C carol hi");
        requests.add("Q carol");
        for (String request : requests) {
            for (int attempt = 0; attempt < 2 * ReplyBudget.PER_ADDRESS_BURST; attempt++) {
                fixture.forget();
                fixture.receive(STRANGER, request);
                int bound = Math.max(
                        ClassicProtocol.AMPLIFICATION_FACTOR * request.getBytes(UTF_8).length,
                        ClassicProtocol.MIN_REPLY_BOUND);
                for (RecordingOutbox.Datagram datagram : fixture.outbox().all()) {
                    assertFalse(members.contains(datagram.to()), datagram::toString);
                    assertTrue(datagram.size() <= bound, datagram::toString);
                }
            }
            fixture.clock().advance(Duration.ofSeconds(10)); // the next request finds a full budget
        }
        assertEquals(List.of("alice", "bob", "carol"), fixture.memberNames());
    }
}
