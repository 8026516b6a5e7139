package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
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
 * {@code Q} datagrams, answered in lines), driven through {@link Relay} with a fake clock and a recording
 * outbox: no socket, no real time. Each assertion names exactly what every address received, in order, as
 * its client reads it.
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

    private final FakeClock clock = new FakeClock();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private Relay relay = relay(Locale.CHINESE, 10);

    private Relay relay(Locale language, int maxMembers) {
        return new Relay(
                Texts.of(language),
                RoomLimits.ofMembers(maxMembers),
                clock,
                outbox,
                ServerConfig.DEFAULT_SESSION_TIMEOUT,
                Duration.ZERO,
                new SecureRandom());
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Spoofed sources: a different address for each {@code i}, none of them a member. */
    private static InetSocketAddress spoofed(int i) {
        return new InetSocketAddress("10.0." + (i / 250) + "." + (1 + i % 250), 50000 + i % 1000);
    }

    private void receive(InetSocketAddress from, String datagram) {
        receive(from, datagram.getBytes(UTF_8));
    }

    private void receive(InetSocketAddress from, byte[] datagram) {
        relay.onDatagram(from, ByteBuffer.wrap(datagram));
    }

    /** {@code name} joins from {@code from}; what that sent is forgotten, so a test sees only its own step. */
    private void join(InetSocketAddress from, String name) {
        receive(from, "L " + name);
        assertEquals(List.of("OK"), outbox.textsTo(from), "join of " + name);
        outbox.clear();
    }

    private void joinAliceBobCarol() {
        join(ALICE, "alice");
        join(BOB, "bob");
        join(CAROL, "carol");
    }

    private void assertSent(InetSocketAddress to, String... texts) {
        assertEquals(List.of(texts), outbox.textsTo(to), "datagrams to " + to);
    }

    private void assertNothingSentTo(InetSocketAddress... addresses) {
        for (InetSocketAddress address : addresses) {
            assertSent(address);
        }
    }

    private List<String> memberNames() {
        return relay.members().stream().map(MemberInfo::name).collect(Collectors.toList());
    }

    private long dropped(DropReason reason) {
        return relay.stats().dropped(reason);
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
            receive(BOB, "L bob");

            assertSent(BOB, "OK");
            assertEquals(List.of("bob"), memberNames());
        }

        @Test
        void welcomesNewMemberToEveryoneElse() {
            join(ALICE, "alice");
            join(CAROL, "carol");

            receive(BOB, "L bob");

            assertSent(BOB, "OK");
            assertSent(ALICE, "欢迎 bob 进入聊天室");
            assertSent(CAROL, "欢迎 bob 进入聊天室");
        }

        @Test
        void trimsSpacesAroundLoginName() {
            join(ALICE, "alice");

            receive(BOB, "L   bob  ");

            assertSent(BOB, "OK");
            assertSent(ALICE, "欢迎 bob 进入聊天室");
            assertEquals(List.of("alice", "bob"), memberNames());
        }

        @Test
        void acceptsNameOfThirtyTwoCodePointsEvenWhenEachTakesFourBytes() {
            String name = "😀".repeat(Limits.MAX_NAME_CODE_POINTS);

            receive(BOB, "L " + name);

            assertSent(BOB, "OK");
            assertEquals(List.of(name), memberNames());
        }

        @ParameterizedTest
        @ValueSource(strings = {"bob", "BOB", "Bob", "ｂｏｂ", "ＢＯＢ"})
        void refusesTakenNameIncludingCaseAndCompatibilityVariants(String name) {
            join(ALICE, "alice");
            join(BOB, "bob");

            receive(CAROL, "L " + name);

            assertSent(CAROL, NAME_TAKEN);
            assertNothingSentTo(ALICE, BOB);
            assertEquals(List.of("alice", "bob"), memberNames());
            assertEquals(BOB, relay.members().get(1).address());
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
            join(ALICE, "alice");

            receive(BOB, "L " + name);

            assertSent(BOB, RESERVED);
            assertNothingSentTo(ALICE);
            assertEquals(List.of("alice"), memberNames());
        }

        @ParameterizedTest(name = "[{index}] {2}")
        @MethodSource("org.udpchat.server.ClassicProtocolTest#badNames")
        void refusesBadNameWithItsOwnReason(String name, String refusal, String why) {
            join(ALICE, "alice");

            receive(BOB, "L " + name);

            assertSent(BOB, refusal);
            assertNothingSentTo(ALICE);
            assertEquals(List.of("alice"), memberNames());
        }

        @Test
        void refusesNameWithSpaceInside() {
            receive(BOB, "L bo b");

            assertSent(BOB, "昵称不能包含空格");
            assertEquals(List.of(), memberNames());
        }

        @Test
        void answersRepeatedJoinAgainWithoutWelcomingTwice() {
            join(ALICE, "alice");
            receive(BOB, "L bob");
            outbox.clear();

            receive(BOB, "L bob"); // the first OK was lost; the client retries

            assertSent(BOB, "OK");
            assertNothingSentTo(ALICE);
            assertEquals(List.of("alice", "bob"), memberNames());
        }

        @Test
        void answersRepeatedJoinInAnotherCaseAsTheSameName() {
            join(BOB, "bob");

            receive(BOB, "L BOB");

            assertSent(BOB, "OK");
            assertEquals(List.of("bob"), memberNames());
        }

        @Test
        void refusesSecondNameFromAddressThatHasOne() {
            join(ALICE, "alice");
            join(BOB, "bob");

            receive(BOB, "L robert");

            assertSent(BOB, "此地址已是 bob，请先退出");
            assertNothingSentTo(ALICE);
            assertEquals(List.of("alice", "bob"), memberNames());
        }

        @Test
        void refusesJoinWhenRoomIsFullAndAcceptsOneAfterSomebodyLeaves() {
            relay = relay(Locale.CHINESE, 2);
            join(ALICE, "alice");
            join(BOB, "bob");

            receive(CAROL, "L carol");

            assertSent(CAROL, "服务器已满（2 人），请稍后再来");
            assertNothingSentTo(ALICE, BOB);
            assertEquals(List.of("alice", "bob"), memberNames());

            receive(BOB, "Q bob");
            outbox.clear();
            receive(CAROL, "L carol");

            assertSent(CAROL, "OK");
            assertSent(ALICE, "欢迎 carol 进入聊天室");
            assertEquals(List.of("alice", "carol"), memberNames());
        }
    }

    @Nested
    class Chat {

        @Test
        void relaysChatToEveryMemberIncludingSpeakerKeepingRunsOfSpaces() {
            joinAliceBobCarol();

            receive(BOB, "C bob hi  there");

            assertSent(ALICE, "bob : hi  there");
            assertSent(BOB, "bob : hi  there");
            assertSent(CAROL, "bob : hi  there");
        }

        @Test
        void relaysChineseChat() {
            joinAliceBobCarol();

            receive(BOB, "C bob 大家好，今天天气不错");

            for (InetSocketAddress member : List.of(ALICE, BOB, CAROL)) {
                assertSent(member, "bob : 大家好，今天天气不错");
            }
        }

        @Test
        void relaysChatClaimingOwnNameInAnotherCaseUnderTheJoinedName() {
            joinAliceBobCarol();

            receive(BOB, "C BOB hi");

            assertSent(ALICE, "bob : hi");
            assertEquals(0, dropped(DropReason.IMPERSONATION));
        }

        @Test
        void sendsByteIdenticalDatagramsToEveryRecipient() {
            joinAliceBobCarol();

            receive(BOB, "C bob 你好 there");

            List<RecordingOutbox.Datagram> sent = outbox.all();
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

            receive(BOB, "C bob hi");

            List<RecordingOutbox.Datagram> sent = outbox.all();
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

            receive(BOB, "C bob " + text);

            for (InetSocketAddress member : List.of(ALICE, BOB, CAROL)) {
                List<RecordingOutbox.Datagram> received = outbox.to(member);
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

            receive(BOB, "C bob " + text);

            assertEquals(List.of(), outbox.all());
            assertEquals(1, dropped(DropReason.MALFORMED));
        }

        /**
         * The line is longer than the request when the member joined under a wider spelling than it claims:
         * {@code ｂｏｂ} takes 9 bytes in the line, {@code bob} 3 in the request. Then the text fits the request
         * but not the line, and only the sender is told.
         */
        @Test
        void refusesTextWhoseLineWouldNotFitOneDatagramToTheSenderOnly() {
            join(ALICE, "alice");
            join(BOB, "ｂｏｂ");
            int longest = ChatText.maxBytes("ｂｏｂ");
            assertEquals(Limits.MAX_DATAGRAM_BYTES - "ｂｏｂ : ".getBytes(UTF_8).length, longest);

            receive(BOB, "C bob " + "x".repeat(longest + 1));

            assertSent(BOB, "消息太长，最多 1012 字节，未发送");
            assertNothingSentTo(ALICE);

            outbox.clear();
            receive(BOB, "C bob " + "x".repeat(longest));

            assertSent(ALICE, "ｂｏｂ : " + "x".repeat(longest));
        }

        @ParameterizedTest(name = "[{index}] {1}")
        @MethodSource("org.udpchat.server.ClassicProtocolTest#forgedLineTexts")
        void refusesTextThatCouldForgeALineAndRelaysNothing(String text, String why) {
            joinAliceBobCarol();

            receive(BOB, "C bob " + text);

            assertSent(BOB, TEXT_INVISIBLE);
            assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void relaysTextWithZeroWidthJoinerInsideEmoji() {
            joinAliceBobCarol();

            receive(BOB, "C bob 👨\u200D👩\u200D👧");

            assertSent(ALICE, "bob : 👨\u200D👩\u200D👧");
        }

        @Test
        void dropsChatWithEmptyTextAsMalformed() {
            joinAliceBobCarol();

            receive(BOB, "C bob ");

            assertEquals(List.of(), outbox.all());
            assertEquals(1, dropped(DropReason.MALFORMED));
        }

        @Test
        void keepsRelayingToOtherMembersWhenOneSendFails() {
            joinAliceBobCarol();
            outbox.makeUnreachable(ALICE);

            receive(BOB, "C bob hi");

            assertSent(BOB, "bob : hi");
            assertSent(CAROL, "bob : hi");
            assertEquals(1, dropped(DropReason.SEND_FAILED));
        }
    }

    @Nested
    class Impersonation {

        @Test
        void refusesChatUnderAnotherMembersName() {
            joinAliceBobCarol();

            receive(BOB, "C alice I owe bob money");

            assertSent(BOB, BOB_NOT_YOUR_NAME);
            assertNothingSentTo(ALICE, CAROL);
            assertEquals(1, dropped(DropReason.IMPERSONATION));
        }

        @Test
        void refusesChatUnderTheAdministratorsName() {
            joinAliceBobCarol();

            receive(BOB, "C 管理员 the server is closing");

            assertSent(BOB, BOB_NOT_YOUR_NAME);
            assertNothingSentTo(ALICE, CAROL);
            assertEquals(1, dropped(DropReason.IMPERSONATION));
        }

        @Test
        void refusesChatFromAddressThatIsNotAMember() {
            joinAliceBobCarol();

            receive(STRANGER, "C bob hi");

            assertSent(STRANGER, NOT_JOINED);
            assertNothingSentTo(ALICE, BOB, CAROL);
        }

        @Test
        void refusesQuitUnderAnotherMembersName() {
            joinAliceBobCarol();

            receive(BOB, "Q alice");

            assertSent(BOB, BOB_NOT_YOUR_NAME);
            assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
            assertEquals(1, dropped(DropReason.IMPERSONATION));
        }
    }

    @Nested
    class Quit {

        @Test
        void endsMembershipWithExactlyExitAndTellsTheOthers() {
            joinAliceBobCarol();

            receive(BOB, "Q bob");

            assertSent(BOB, "EXIT");
            assertSent(ALICE, "bob 退出了聊天室");
            assertSent(CAROL, "bob 退出了聊天室");
            assertEquals(List.of("alice", "carol"), memberNames());
        }

        @Test
        void freesTheNameForSomebodyElse() {
            joinAliceBobCarol();
            receive(BOB, "Q bob");
            outbox.clear();

            receive(DAVE, "L bob");

            assertSent(DAVE, "OK");
            assertSent(ALICE, "欢迎 bob 进入聊天室");
            assertEquals(DAVE, relay.members().get(2).address());
        }

        @Test
        void answersQuitFromNonMemberWithExit() {
            join(ALICE, "alice");

            receive(STRANGER, "Q bob");

            assertSent(STRANGER, "EXIT");
            assertNothingSentTo(ALICE);
        }

        @Test
        void answersRetriedQuitWithExitAgainWithoutTellingTheRoomTwice() {
            joinAliceBobCarol();
            receive(BOB, "Q bob");
            outbox.clear();

            receive(BOB, "Q bob"); // the first EXIT was lost

            assertSent(BOB, "EXIT");
            assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void refusesChatAfterQuitting() {
            joinAliceBobCarol();
            receive(BOB, "Q bob");
            outbox.clear();

            receive(BOB, "C bob still here?");

            assertSent(BOB, NOT_JOINED);
            assertNothingSentTo(ALICE, CAROL);
        }
    }

    @Nested
    class Administrator {

        @Test
        void announcesToEveryMemberAsTheAdministrator() {
            joinAliceBobCarol();

            Optional<ChatText.Problem> problem = relay.onAnnouncement("大家好");

            assertEquals(Optional.empty(), problem);
            for (InetSocketAddress member : List.of(ALICE, BOB, CAROL)) {
                assertSent(member, "管理员 : 大家好");
            }
        }

        @Test
        void refusesAnnouncementThatCouldForgeALine() {
            joinAliceBobCarol();

            Optional<ChatText.Problem> problem = relay.onAnnouncement("大家好\nbob : 我是管理员");

            assertEquals(Optional.of(ChatText.Problem.INVISIBLE_OR_CONTROL), problem);
            assertEquals(List.of(), outbox.all());
        }

        @Test
        void refusesAnnouncementTooLongForOneDatagram() {
            joinAliceBobCarol();
            int longest = ChatText.maxBytes("管理员");

            assertEquals(Optional.of(ChatText.Problem.TOO_LONG), relay.onAnnouncement("x".repeat(longest + 1)));
            assertEquals(List.of(), outbox.all());

            assertEquals(Optional.empty(), relay.onAnnouncement("x".repeat(longest)));
            assertEquals(Limits.MAX_DATAGRAM_BYTES, outbox.to(ALICE).get(0).size());
        }

        @Test
        void kickSendsNoticeThenExitToTheMemberAndTellsTheOthers() {
            joinAliceBobCarol();

            KickOutcome outcome = relay.onKick("bob", "刷屏");

            assertEquals(KickOutcome.KICKED, outcome);
            assertSent(BOB, "管理员 : 您已被移出聊天室：刷屏", "EXIT");
            assertSent(ALICE, "bob 被管理员移出了聊天室");
            assertSent(CAROL, "bob 被管理员移出了聊天室");
            assertEquals(List.of("alice", "carol"), memberNames());
        }

        @Test
        void kickWithoutReasonSendsTheBareNotice() {
            joinAliceBobCarol();

            assertEquals(KickOutcome.KICKED, relay.onKick("bob", ""));

            assertSent(BOB, "管理员 : 您已被移出聊天室", "EXIT");
        }

        @ParameterizedTest
        @ValueSource(strings = {"BOB", "ｂｏｂ"})
        void kicksByNameKey(String name) {
            joinAliceBobCarol();

            assertEquals(KickOutcome.KICKED, relay.onKick(name, ""));

            assertEquals(List.of("alice", "carol"), memberNames());
            assertSent(ALICE, "bob 被管理员移出了聊天室");
        }

        @Test
        void kickOfUnknownNameChangesNothing() {
            joinAliceBobCarol();

            assertEquals(KickOutcome.NO_SUCH_MEMBER, relay.onKick("dave", "刷屏"));

            assertEquals(List.of(), outbox.all());
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
        }

        @Test
        void kickWithReasonTooLongForTheNoticeChangesNothing() {
            joinAliceBobCarol();
            // 管理员 : 您已被移出聊天室：<reason> must fit one datagram
            int longestReason = ChatText.maxBytes("管理员") - "您已被移出聊天室：".getBytes(UTF_8).length;

            assertEquals(KickOutcome.BAD_REASON, relay.onKick("bob", "x".repeat(longestReason + 1)));

            assertEquals(List.of(), outbox.all());
            assertEquals(List.of("alice", "bob", "carol"), memberNames());

            assertEquals(KickOutcome.KICKED, relay.onKick("bob", "x".repeat(longestReason)));
        }

        @Test
        void kickWithReasonThatCouldForgeALineChangesNothing() {
            joinAliceBobCarol();

            assertEquals(KickOutcome.BAD_REASON, relay.onKick("bob", "刷屏\nalice : 再见"));

            assertEquals(List.of(), outbox.all());
            assertEquals(List.of("alice", "bob", "carol"), memberNames());
        }

        @Test
        void kickedMemberIsNoLongerInTheRoom() {
            joinAliceBobCarol();
            relay.onKick("bob", "刷屏");
            outbox.clear();

            receive(BOB, "C bob 我回来了");

            assertSent(BOB, NOT_JOINED);
            assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void shutdownSaysGoodbyeThenExitToEveryMemberAndEmptiesTheRoom() {
            joinAliceBobCarol();

            relay.onShutdown();

            for (InetSocketAddress member : List.of(ALICE, BOB, CAROL)) {
                assertSent(member, "管理员 : 服务器关闭，聊天室结束", "EXIT");
            }
            assertEquals(List.of(), relay.members());
        }

        @Test
        void shutdownOfEmptyRoomSendsNothing() {
            relay.onShutdown();

            assertEquals(List.of(), outbox.all());
        }
    }

    @Nested
    class Members {

        @Test
        void listsMembersInJoiningOrderWithTheirAddresses() {
            join(CAROL, "carol");
            join(ALICE, "alice");
            join(BOB, "bob");

            List<MemberInfo> members = relay.members();

            assertEquals(List.of("carol", "alice", "bob"), memberNames());
            assertEquals(
                    List.of(CAROL, ALICE, BOB),
                    members.stream().map(MemberInfo::address).collect(Collectors.toList()));
        }

        @Test
        void measuresIdleTimeFromTheLastDatagramAndResetsItOnChat() {
            join(ALICE, "alice");
            clock.advance(Duration.ofSeconds(5));
            join(BOB, "bob");
            clock.advance(Duration.ofSeconds(60));

            assertEquals(List.of(Duration.ofSeconds(65), Duration.ofSeconds(60)), idles());

            receive(BOB, "C bob hi");
            clock.advance(Duration.ofSeconds(10));

            assertEquals(List.of(Duration.ofSeconds(75), Duration.ofSeconds(10)), idles());
        }

        @Test
        void repeatedJoinAlsoCountsAsBeingHeardFrom() {
            join(BOB, "bob");
            clock.advance(Duration.ofMinutes(3));

            receive(BOB, "L bob");
            clock.advance(Duration.ofSeconds(2));

            assertEquals(List.of(Duration.ofSeconds(2)), idles());
        }

        @Test
        void reportsZeroIdleRatherThanNegativeWhenTheClockGoesBack() {
            join(BOB, "bob");
            clock.advance(Duration.ofSeconds(-30));

            assertEquals(List.of(Duration.ZERO), idles());
        }

        private List<Duration> idles() {
            return relay.members().stream().map(MemberInfo::idle).collect(Collectors.toList());
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
            join(ALICE, "alice");
            long before = relay.stats().datagramsIn();

            receive(STRANGER, bytesOf(datagram));
            receive(ALICE, bytesOf(datagram));

            assertEquals(List.of(), outbox.all());
            assertEquals(2, dropped(DropReason.MALFORMED));
            assertEquals(before + 2, relay.stats().datagramsIn());

            receive(BOB, "L bob");
            assertSent(BOB, "OK");
            assertSent(ALICE, "欢迎 bob 进入聊天室");
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
            receive(BOB, "C bob hi"); // 1 in, 3 out
            receive(STRANGER, new byte[0]); // 1 in, dropped

            RelayStats stats = relay.stats();

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
            relay = relay(Locale.forLanguageTag(language), 2);
            join(ALICE, "alice");
            join(BOB, "bob");

            for (int i = 0; i < refusedRequests.size(); i++) {
                String request = refusedRequests.get(i);
                int requestSize = request.getBytes(UTF_8).length;
                InetSocketAddress from = spoofed(i);
                outbox.clear();

                receive(from, request);

                List<RecordingOutbox.Datagram> replies = outbox.to(from);
                assertEquals(1, replies.size(), "one reply to " + request);
                int bound =
                        Math.max(ClassicProtocol.AMPLIFICATION_FACTOR * requestSize, ClassicProtocol.MIN_REPLY_BOUND);
                assertTrue(
                        replies.get(0).size() <= bound,
                        () -> replies.get(0).size() + " bytes in reply to " + requestSize + "-byte " + request);
                assertNothingSentTo(ALICE, BOB);
            }
            assertEquals(0, dropped(DropReason.REPLY_TOO_LARGE));
            assertEquals(0, dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void limitsRepliesToOneNonMemberAddressThenRefillsWithTime() {
            for (int i = 0; i < ReplyBudget.PER_ADDRESS_BURST; i++) {
                receive(STRANGER, "L 管理员");
            }
            assertEquals(ReplyBudget.PER_ADDRESS_BURST, outbox.to(STRANGER).size());
            outbox.clear();

            receive(STRANGER, "L 管理员");
            receive(STRANGER, "Q bob");
            clock.advanceMillis(ReplyBudget.PER_ADDRESS_REFILL_MILLIS - 1);
            receive(STRANGER, "C bob hi");

            assertNothingSentTo(STRANGER);
            assertEquals(3, dropped(DropReason.REPLY_RATE_LIMITED));

            clock.advanceMillis(1);
            receive(STRANGER, "Q bob");
            receive(STRANGER, "Q bob");

            assertSent(STRANGER, "EXIT");
            assertEquals(4, dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void limitsEachNonMemberAddressSeparately() {
            for (int i = 0; i <= ReplyBudget.PER_ADDRESS_BURST; i++) {
                receive(STRANGER, "Q bob");
            }

            receive(DAVE, "Q bob");

            assertEquals(ReplyBudget.PER_ADDRESS_BURST, outbox.to(STRANGER).size());
            assertSent(DAVE, "EXIT");
        }

        @Test
        void rateLimitsRefusalsToClassicMembersToo() {
            joinAliceBobCarol();

            for (int i = 0; i < 3 * ReplyBudget.PER_ADDRESS_BURST; i++) {
                receive(BOB, "C alice hi"); // a classic member's address is no more proven than anyone's
            }

            assertEquals(ReplyBudget.PER_ADDRESS_BURST, outbox.to(BOB).size());
            assertEquals(2 * ReplyBudget.PER_ADDRESS_BURST, dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void capsRepliesToAllNonMembersTogetherWithinOneSecond() {
            int addresses = ReplyBudget.GLOBAL_PER_SECOND + 50;
            for (int i = 0; i < addresses; i++) {
                receive(spoofed(i), "L 管理员");
                clock.advanceMillis(999 / addresses); // all within one second of fake time
            }

            assertEquals(ReplyBudget.GLOBAL_PER_SECOND, outbox.all().size());
            assertEquals(50, dropped(DropReason.REPLY_RATE_LIMITED));
        }

        @Test
        void repliesToNonMembersAgainOnceTheGlobalSecondHasPassed() {
            for (int i = 0; i < ReplyBudget.GLOBAL_PER_SECOND; i++) {
                receive(spoofed(i), "L 管理员");
            }
            outbox.clear();
            clock.advance(Duration.ofSeconds(1));

            receive(STRANGER, "L bob 2");

            assertSent(STRANGER, "昵称不能包含空格");
        }

        @Test
        void keepsAnsweringNonMembersOverALongLifeOfOccasionalRefusals() {
            join(ALICE, "alice");
            for (int i = 0; i < ReplyBudget.GLOBAL_PER_SECOND; i++) {
                receive(spoofed(i), "L alice");
                clock.advance(Duration.ofMinutes(1));
            }
            outbox.clear();

            receive(STRANGER, "L alice");
            receive(DAVE, "Q dave");

            assertSent(STRANGER, NAME_TAKEN);
            assertSent(DAVE, "EXIT");
        }
    }

    @Nested
    class English {

        @Test
        void speaksEnglishNoticesButKeepsTheAdministratorsName() {
            relay = relay(Locale.ENGLISH, 10);
            join(ALICE, "alice");

            receive(BOB, "L bob");
            assertSent(ALICE, "bob joined the room");
            outbox.clear();

            relay.onAnnouncement("hello");
            assertSent(ALICE, "管理员 : hello");
            assertSent(BOB, "管理员 : hello");
            outbox.clear();

            receive(BOB, "Q bob");
            assertSent(BOB, "EXIT");
            assertSent(ALICE, "bob left the room");
        }

        @Test
        void kicksWithTheEnglishNotice() {
            relay = relay(Locale.ENGLISH, 10);
            join(ALICE, "alice");
            join(BOB, "bob");

            assertEquals(KickOutcome.KICKED, relay.onKick("bob", "spam"));

            assertSent(BOB, "管理员 : you have been removed from the room: spam", "EXIT");
            assertSent(ALICE, "bob was removed by the administrator");
        }

        @Test
        void refusesInEnglish() {
            relay = relay(Locale.ENGLISH, 1);
            join(ALICE, "alice");

            receive(BOB, "L alice");
            receive(CAROL, "L carol");
            receive(DAVE, "C dave hi");
            receive(ALICE, "C bob hi");
            receive(ALICE, "C alice a\u001Bb");
            receive(ALICE, "L robert");

            assertSent(BOB, "that name is taken - choose another");
            assertSent(CAROL, "the server is full (1 members) - try later");
            assertSent(DAVE, "you are not in the room - join first");
            assertSent(
                    ALICE,
                    "you are alice here; you cannot speak for others",
                    "message not sent: it holds control or invisible characters",
                    "this address is alice already - quit first");
        }

        @Test
        void shutsDownInEnglish() {
            relay = relay(Locale.ENGLISH, 10);
            join(ALICE, "alice");

            relay.onShutdown();

            assertSent(ALICE, "管理员 : the server is closing the room", "EXIT");
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
                outbox.clear();
                receive(STRANGER, request);
                int bound = Math.max(
                        ClassicProtocol.AMPLIFICATION_FACTOR * request.getBytes(UTF_8).length,
                        ClassicProtocol.MIN_REPLY_BOUND);
                for (RecordingOutbox.Datagram datagram : outbox.all()) {
                    assertFalse(members.contains(datagram.to()), datagram::toString);
                    assertTrue(datagram.size() <= bound, datagram::toString);
                }
            }
            clock.advance(Duration.ofSeconds(10)); // the next request finds a full budget
        }
        assertEquals(List.of("alice", "bob", "carol"), memberNames());
    }
}
