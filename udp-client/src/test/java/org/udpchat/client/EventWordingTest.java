package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Failure;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;

/** Every event, failure and refusal the server can report, in the client's words, in both languages. */
class EventWordingTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    /** 2025-12-01T13:02:00Z, a history line's time; the tests' clock reads that day, 15:00, in UTC. */
    private static final long SAID_AT = 1_764_594_120_000L;

    private static final Clock THAT_AFTERNOON = Clock.fixed(Instant.parse("2025-12-01T15:00:00Z"), ZoneOffset.UTC);

    private static final EventWording ENGLISH = new EventWording(Texts.of(Locale.ENGLISH));
    private static final EventWording CHINESE = new EventWording(Texts.of(Locale.CHINESE));

    /** At least one of each kind of event, with the variants that are worded differently. */
    private static List<RoomEvent> everyKindOfEvent() {
        List<RoomEvent> events = new ArrayList<>(List.of(
                new RoomEvent.Said("alice", "hi"),
                new RoomEvent.Joined("alice"),
                new RoomEvent.Left("alice"),
                new RoomEvent.TimedOut("alice"),
                new RoomEvent.Kicked("alice", ""),
                new RoomEvent.Kicked("alice", "spam"),
                new RoomEvent.Dropped("alice"),
                new RoomEvent.Announced("maintenance at ten"),
                new RoomEvent.Closing(),
                new RoomEvent.YouWereKicked(""),
                new RoomEvent.YouWereKicked("spam"),
                new RoomEvent.YouAreIn("games", 2),
                new RoomEvent.RoomList(
                        2, List.of(new RoomEvent.RoomCount("lobby", 3), new RoomEvent.RoomCount("games", 2))),
                new RoomEvent.RoomList(5, List.of(new RoomEvent.RoomCount("lobby", 3))),
                new RoomEvent.RoomList(0, List.of()),
                new RoomEvent.MemberList("games", 2, List.of("alice", "bob")),
                new RoomEvent.MemberList("games", 4, List.of("alice")),
                new RoomEvent.PrivateFrom("alice", "hi"),
                new RoomEvent.PrivateTo("bob", "hi"),
                new RoomEvent.Acted("alice", "waves"),
                new RoomEvent.Renamed("alice", "bob"),
                new RoomEvent.Muted(0),
                new RoomEvent.Muted(5),
                new RoomEvent.Unmuted(),
                new RoomEvent.ManyJoined(12, List.of("alice", "bob", "carol")),
                new RoomEvent.ManyJoined(2, List.of("alice", "bob")),
                new RoomEvent.ManyJoined(40, List.of()),
                new RoomEvent.ManyLeft(12, List.of("alice", "bob", "carol")),
                new RoomEvent.ManyLeft(40, List.of()),
                new RoomEvent.SlowedDown(2),
                new RoomEvent.Went("alice", "games"),
                new RoomEvent.Came("alice", "lobby"),
                new RoomEvent.AnnouncedToRoom("games", "tea at five"),
                new RoomEvent.Banned("alice", 0),
                new RoomEvent.Banned("alice", 5),
                new RoomEvent.YouWereBanned(0),
                new RoomEvent.YouWereBanned(5),
                new RoomEvent.History(3, SAID_AT, new RoomEvent.Said("alice", "hi")),
                new RoomEvent.History(0, SAID_AT, new RoomEvent.PrivateFrom("alice", "hi")),
                new RoomEvent.Missed(1, "lobby"),
                new RoomEvent.Missed(37, "lobby"),
                new RoomEvent.Missed(2, ""),
                new RoomEvent.TakesLineIds(),
                new RoomEvent.Unrecognized(99)));
        for (ChatText.Problem problem : ChatText.Problem.values()) {
            events.add(new RoomEvent.NotRelayed(problem));
        }
        for (Failure failure : Failure.values()) {
            events.add(new RoomEvent.Failed(failure, 0, "games"));
            events.add(new RoomEvent.Failed(failure, 90, "games"));
        }
        return events;
    }

    private static void assertNoPlaceholder(String line, Object from) {
        assertFalse(PLACEHOLDER.matcher(line).find(), "a placeholder is left in '" + line + "' for " + from);
        assertFalse(line.isBlank(), "blank line for " + from);
    }

    @Test
    void theSamplesCoverEveryKindOfEvent() {
        Set<String> covered = everyKindOfEvent().stream()
                .map(event -> event.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> kinds = new TreeSet<>();
        for (Class<?> kind : RoomEvent.class.getPermittedSubclasses()) {
            kinds.add(kind.getName());
        }
        assertEquals(kinds, covered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void everyEventIsWordedWithNothingLeftOver(String language) {
        EventWording wording = new EventWording(Texts.of(Locale.forLanguageTag(language)));
        for (RoomEvent event : everyKindOfEvent()) {
            if (event instanceof RoomEvent.Unrecognized || event instanceof RoomEvent.TakesLineIds) {
                continue; // shown as nothing: see anEventOfAKindThisClientDoesNotKnowIsNotShown
            }
            for (String myName : List.of("bob", "carol")) {
                List<String> lines = wording.lines(event, myName, 3);
                assertFalse(lines.isEmpty(), "no line for " + event);
                lines.forEach(line -> assertNoPlaceholder(line, event));
            }
            assertNoPlaceholder(wording.line(event), event);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void everyRefusalIsWordedWithNothingLeftOver(String language) {
        EventWording wording = new EventWording(Texts.of(Locale.forLanguageTag(language)));
        for (RefusalReason reason : RefusalReason.values()) {
            for (long limit : new long[] {0, 30}) {
                assertNoPlaceholder(wording.refusal(reason, limit), reason + " " + limit);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void eachFailureIsWordedDifferentlyInEachLanguage(Failure failure) {
        RoomEvent.Failed failed = new RoomEvent.Failed(failure, 90, "games");
        assertNotEquals(ENGLISH.line(failed), CHINESE.line(failed));
    }

    @Test
    void eachFailureHasItsOwnWords() {
        Set<String> lines = new TreeSet<>();
        for (Failure failure : Failure.values()) {
            lines.add(ENGLISH.line(new RoomEvent.Failed(failure, 90, "games")));
        }
        assertEquals(Failure.values().length, lines.size(), lines.toString());
    }

    @Test
    void eachRefusalHasItsOwnWords() {
        for (EventWording wording : List.of(ENGLISH, CHINESE)) {
            Set<String> lines = new TreeSet<>();
            for (RefusalReason reason : RefusalReason.values()) {
                lines.add(wording.refusal(reason, 30));
            }
            assertEquals(RefusalReason.values().length, lines.size(), lines.toString());
        }
    }

    @Test
    void roomEventsInEnglish() {
        assertEquals("you are now in room games (2 members)", ENGLISH.line(new RoomEvent.YouAreIn("games", 2)));
        assertEquals("alice (private) : hi", ENGLISH.line(new RoomEvent.PrivateFrom("alice", "hi")));
        assertEquals("(private to bob) : hi", ENGLISH.line(new RoomEvent.PrivateTo("bob", "hi")));
        assertEquals("* alice waves", ENGLISH.line(new RoomEvent.Acted("alice", "waves")));
        assertEquals("* alice waves at  you", ENGLISH.line(new RoomEvent.Acted("alice", "waves at  you")));
        assertEquals("alice : hi", ENGLISH.line(new RoomEvent.Said("alice", "hi")));
        assertEquals("bob joined the room", ENGLISH.line(new RoomEvent.Joined("bob")));
        assertEquals("bob left the room", ENGLISH.line(new RoomEvent.Left("bob")));
        assertEquals("[announcement] 管理员 : the server is closing the room", ENGLISH.line(new RoomEvent.Closing()));
        assertEquals(
                "[announcement] 管理员 : you have been removed from the room; the administrator said: \"spam\"",
                ENGLISH.line(new RoomEvent.YouWereKicked("spam")));
        assertEquals(
                "bob was removed by the administrator, who said: \"spam\"",
                ENGLISH.line(new RoomEvent.Kicked("bob", "spam")));
    }

    @Test
    void historyIsMarkedWithTheTimeItWasSaid() {
        EventWording english = new EventWording(Texts.of(Locale.ENGLISH), THAT_AFTERNOON);
        EventWording chinese = new EventWording(Texts.of(Locale.CHINESE), THAT_AFTERNOON);
        RoomEvent said = new RoomEvent.History(3, SAID_AT, new RoomEvent.Said("bob", "hi"));
        assertEquals(List.of("[history] 13:02 bob : hi"), english.lines(said, "alice", 0));
        assertEquals(List.of("【历史】13:02 bob : hi"), chinese.lines(said, "alice", 0));
        assertEquals(
                "[history] 13:02 bob (private) : lunch?",
                english.line(new RoomEvent.History(0, SAID_AT, new RoomEvent.PrivateFrom("bob", "lunch?"))));
        assertEquals(
                "[history] 13:02 * bob waves",
                english.line(new RoomEvent.History(4, SAID_AT, new RoomEvent.Acted("bob", "waves"))));
    }

    @Test
    void historyFromAnotherDayCarriesItsDate() {
        Clock nextMorning = Clock.fixed(Instant.parse("2025-12-02T08:00:00Z"), ZoneOffset.UTC);
        EventWording english = new EventWording(Texts.of(Locale.ENGLISH), nextMorning);
        assertEquals(
                "[history] 2025-12-01 13:02 bob : hi",
                english.line(new RoomEvent.History(3, SAID_AT, new RoomEvent.Said("bob", "hi"))));
    }

    @Test
    void historyIsShownInTheClientsTimeZone() {
        Clock shanghai = Clock.fixed(Instant.parse("2025-12-01T15:00:00Z"), ZoneId.of("Asia/Shanghai"));
        EventWording english = new EventWording(Texts.of(Locale.ENGLISH), shanghai);
        assertEquals(
                "[history] 21:02 bob : hi",
                english.line(new RoomEvent.History(3, SAID_AT, new RoomEvent.Said("bob", "hi"))));
    }

    @Test
    void aGapInHistoryIsCounted() {
        assertEquals(
                "[history] 37 earlier lines of lobby were not kept", ENGLISH.line(new RoomEvent.Missed(37, "lobby")));
        assertEquals("[history] 1 earlier line of lobby was not kept", ENGLISH.line(new RoomEvent.Missed(1, "lobby")));
        assertEquals("[history] 2 of your private messages were not kept", ENGLISH.line(new RoomEvent.Missed(2, "")));
        assertEquals("【历史】房间 lobby 中较早的 37 行未能保留", CHINESE.line(new RoomEvent.Missed(37, "lobby")));
        assertEquals("【历史】您有 2 条私聊未能保留", CHINESE.line(new RoomEvent.Missed(2, "")));
    }

    @Test
    void historyOfAKindThisClientDoesNotKnowIsNotShown() {
        assertEquals(
                List.of(), ENGLISH.lines(new RoomEvent.History(3, SAID_AT, new RoomEvent.Unrecognized(99)), "bob", 0));
    }

    @Test
    void numbersArePlainDigits() {
        assertEquals("you are now in room big (1234 members)", ENGLISH.line(new RoomEvent.YouAreIn("big", 1234)));
        assertEquals(
                List.of("in big (1234): alice ...and 1233 more"),
                ENGLISH.lines(new RoomEvent.MemberList("big", 1234, List.of("alice")), "alice", 0));
    }

    @Test
    void aRenameIsToldAsOursWhenTheNewNameIsMine() {
        RoomEvent.Renamed renamed = new RoomEvent.Renamed("alice", "bob");
        assertEquals(List.of("you are now known as bob"), ENGLISH.lines(renamed, "bob", 0));
        assertEquals(List.of("alice is now known as bob"), ENGLISH.lines(renamed, "carol", 0));
        assertEquals(List.of("alice is now known as bob"), ENGLISH.lines(renamed, "alice", 0));
        assertEquals(List.of("您的昵称已改为 bob"), CHINESE.lines(renamed, "bob", 0));
        assertEquals(List.of("alice 改名为 bob"), CHINESE.lines(renamed, "carol", 0));
    }

    @Test
    void aRoomListHasAHeaderAndOneLinePerRoom() {
        RoomEvent.RoomList list = new RoomEvent.RoomList(
                2, List.of(new RoomEvent.RoomCount("lobby", 3), new RoomEvent.RoomCount("games", 2)));
        assertEquals(List.of("2 rooms:", "- lobby (3)", "- games (2)"), ENGLISH.lines(list, "alice", 0));
        assertEquals(List.of("2 个房间：", "- lobby（3 人）", "- games（2 人）"), CHINESE.lines(list, "alice", 0));
        assertEquals("2 rooms: - lobby (3) - games (2)", ENGLISH.line(list));
    }

    @Test
    void aCutRoomListSaysHowManyMore() {
        RoomEvent.RoomList list = new RoomEvent.RoomList(
                7, List.of(new RoomEvent.RoomCount("lobby", 3), new RoomEvent.RoomCount("games", 2)));
        assertEquals(
                List.of("7 rooms:", "- lobby (3)", "- games (2)", "...and 5 more"), ENGLISH.lines(list, "alice", 0));
        assertEquals("……另有 5 个", CHINESE.lines(list, "alice", 0).get(3));
    }

    @Test
    void aMemberListIsOneLine() {
        assertEquals(
                List.of("in games (3): alice, bob, 小红"),
                ENGLISH.lines(new RoomEvent.MemberList("games", 3, List.of("alice", "bob", "小红")), "alice", 0));
        assertEquals(
                List.of("in games (5): alice, bob ...and 3 more"),
                ENGLISH.lines(new RoomEvent.MemberList("games", 5, List.of("alice", "bob")), "alice", 0));
        assertEquals(
                List.of("games（2 人）：alice, bob"),
                CHINESE.lines(new RoomEvent.MemberList("games", 2, List.of("alice", "bob")), "alice", 0));
    }

    @Test
    void failuresInEnglish() {
        assertEquals(
                "nobody called nobody is here - /who and /rooms show who is where",
                ENGLISH.line(new RoomEvent.Failed(Failure.NO_SUCH_MEMBER, 0, "nobody")));
        assertEquals(
                "there is no room called chess - /rooms lists the rooms",
                ENGLISH.line(new RoomEvent.Failed(Failure.NO_SUCH_ROOM, 0, "chess")));
        assertEquals(
                "room games is full (50 members)", ENGLISH.line(new RoomEvent.Failed(Failure.ROOM_FULL, 50, "games")));
        assertEquals(
                "cannot open room chess: the server has as many rooms as it may (100)",
                ENGLISH.line(new RoomEvent.Failed(Failure.TOO_MANY_ROOMS, 100, "chess")));
        assertEquals(
                "you are in games already", ENGLISH.line(new RoomEvent.Failed(Failure.ALREADY_IN_ROOM, 0, "games")));
        assertEquals("the name bob is taken", ENGLISH.line(new RoomEvent.Failed(Failure.NAME_TAKEN, 0, "bob")));
        assertEquals("you are muted - not sent", ENGLISH.line(new RoomEvent.Failed(Failure.MUTED, 0, "")));
        // the limit of a mute is in seconds; the user is told whole minutes, rounded up
        assertEquals(
                "you are muted for 2 more minutes - not sent",
                ENGLISH.line(new RoomEvent.Failed(Failure.MUTED, 61, "")));
        assertEquals(
                "you are muted for 1 more minute - not sent", ENGLISH.line(new RoomEvent.Failed(Failure.MUTED, 1, "")));
    }

    @Test
    void announcementsCarryAMarkerNoMembersLineCanStartWith() {
        assertEquals("[announcement] 管理员 : restart at ten", ENGLISH.line(new RoomEvent.Announced("restart at ten")));
        assertEquals("【公告】管理员 : 十点重启", CHINESE.line(new RoomEvent.Announced("十点重启")));
    }

    @Test
    void wordsLookalikeAndMixedScriptRefusalsAndFailures() {
        assertEquals(
                "that name looks too much like alice - choose another",
                ENGLISH.refusal(RefusalReason.NAME_LOOKS_LIKE, 0, "alice"));
        assertEquals(
                "that name looks too much like the administrator - choose another",
                ENGLISH.refusal(RefusalReason.NAME_LOOKS_LIKE, 0, ""));
        assertEquals("该昵称与 alice 太像，请换一个", CHINESE.refusal(RefusalReason.NAME_LOOKS_LIKE, 0, "alice"));
        assertEquals(
                "a name may not mix scripts (such as Latin and Cyrillic) or carry marks that stand apart from their"
                        + " letters - choose another",
                ENGLISH.refusal(RefusalReason.NAME_MIXED_SCRIPTS, 0));
        assertEquals(
                "that name looks too much like alice - choose another",
                ENGLISH.line(new RoomEvent.Failed(Failure.NAME_LOOKS_LIKE, 0, "alice")));
        assertEquals(
                "that name looks too much like the administrator - choose another",
                ENGLISH.line(new RoomEvent.Failed(Failure.NAME_LOOKS_LIKE, 0, "")));
        assertEquals(
                "Ωmega mixes scripts or carries marks apart from their letters - not a name you can take",
                ENGLISH.line(new RoomEvent.Failed(Failure.NAME_MIXED_SCRIPTS, 0, "Ωmega")));
    }

    @Test
    void wordsNamesAClusterCannotGiveJustNowAsSomethingToTryAgain() {
        assertEquals(
                "the server cannot give names just now (too few of its cluster's nodes are in touch) - try again"
                        + " shortly",
                ENGLISH.refusal(RefusalReason.NAMES_UNAVAILABLE, 0));
        assertEquals(
                "alicia could not be given just now (too few of the server's cluster nodes are in touch) - try"
                        + " again shortly",
                ENGLISH.line(new RoomEvent.Failed(Failure.NAMES_UNAVAILABLE, 0, "alicia")));
        assertEquals("服务器暂时无法分配昵称（其集群中保持联系的节点太少），请稍后再试", CHINESE.refusal(RefusalReason.NAMES_UNAVAILABLE, 0));
    }

    @Test
    void wordsTextsRefusedForBlankRunsOrAForgedPrefix() {
        assertEquals(
                "message not sent: it has more than 8 blanks in a row, which could push a forged line into view",
                ENGLISH.line(new RoomEvent.NotRelayed(ChatText.Problem.BLANK_RUN)));
        assertEquals(
                "消息含有像管理员公告的内容（管理员 :），未发送",
                CHINESE.line(new RoomEvent.NotRelayed(ChatText.Problem.LOOKS_LIKE_ANNOUNCEMENT)));
    }

    @Test
    void mutesAreToldByTheAdministrator() {
        assertEquals(
                "[announcement] 管理员 : you are muted until the administrator lifts it",
                ENGLISH.line(new RoomEvent.Muted(0)));
        assertEquals("[announcement] 管理员 : you are muted for 5 minutes", ENGLISH.line(new RoomEvent.Muted(5)));
        assertEquals("[announcement] 管理员 : you may speak again", ENGLISH.line(new RoomEvent.Unmuted()));
        assertEquals("【公告】管理员 : 您已被管理员禁言 5 分钟", CHINESE.line(new RoomEvent.Muted(5)));
    }

    @Test
    void refusalsInEnglish() {
        assertEquals("you are banned from this server", ENGLISH.refusal(RefusalReason.BANNED, 0));
        assertEquals("you are banned for 30 more minutes", ENGLISH.refusal(RefusalReason.BANNED, 30));
        assertEquals(
                "not a room name: 1 to 32 characters, no spaces or control characters",
                ENGLISH.refusal(RefusalReason.BAD_ROOM_NAME, 0));
        assertEquals(
                "the server has as many rooms as it may (100) - choose an existing room",
                ENGLISH.refusal(RefusalReason.TOO_MANY_ROOMS, 100));
        assertEquals("the server is full (1000 members) - try later", ENGLISH.refusal(RefusalReason.SERVER_FULL, 1000));
        assertEquals("a name has at most 32 characters", ENGLISH.refusal(RefusalReason.NAME_TOO_LONG, 0));
        assertEquals("that name is taken - choose another", ENGLISH.refusal(RefusalReason.NAME_TAKEN, 0));
    }

    @Test
    void refusalsInChinese() {
        assertEquals("您已被禁止进入本服务器", CHINESE.refusal(RefusalReason.BANNED, 0));
        assertEquals("您已被禁止进入，还剩 30 分钟", CHINESE.refusal(RefusalReason.BANNED, 30));
        assertEquals("服务器已满（1000 人），请稍后再来", CHINESE.refusal(RefusalReason.SERVER_FULL, 1000));
    }

    @Test
    void manyArrivalsAreNamedAsFarAsTheEventNamesThem() {
        RoomEvent.ManyJoined some = new RoomEvent.ManyJoined(12, List.of("alice", "bob", "carol"));
        assertEquals("12 people joined the room: alice, bob, carol and 9 more", ENGLISH.line(some));
        assertEquals("12 人进入了聊天室：alice、bob、carol 及另外 9 人", CHINESE.line(some));
        RoomEvent.ManyJoined all = new RoomEvent.ManyJoined(3, List.of("alice", "bob", "小红"));
        assertEquals("3 people joined the room: alice, bob, 小红", ENGLISH.line(all));
        assertEquals("3 人进入了聊天室：alice、bob、小红", CHINESE.line(all));
        RoomEvent.ManyJoined none = new RoomEvent.ManyJoined(40, List.of());
        assertEquals("40 people joined the room", ENGLISH.line(none));
        assertEquals("40 人进入了聊天室", CHINESE.line(none));
    }

    @Test
    void manyDeparturesAreNamedAsFarAsTheEventNamesThem() {
        RoomEvent.ManyLeft some = new RoomEvent.ManyLeft(12, List.of("alice", "bob", "carol"));
        assertEquals("12 people left the room: alice, bob, carol and 9 more", ENGLISH.line(some));
        assertEquals("12 人退出了聊天室：alice、bob、carol 及另外 9 人", CHINESE.line(some));
        RoomEvent.ManyLeft all = new RoomEvent.ManyLeft(2, List.of("alice", "bob"));
        assertEquals("2 people left the room: alice, bob", ENGLISH.line(all));
        assertEquals("2 人退出了聊天室：alice、bob", CHINESE.line(all));
        assertEquals("1234 people left the room", ENGLISH.line(new RoomEvent.ManyLeft(1234, List.of())));
        assertEquals("1234 人退出了聊天室", CHINESE.line(new RoomEvent.ManyLeft(1234, List.of())));
    }

    @Test
    void aSlowDownSaysTheRateAndHowManyOfMyLinesWait() {
        RoomEvent.SlowedDown slowed = new RoomEvent.SlowedDown(2);
        assertEquals(
                List.of("you are typing faster than the server takes lines (2 a second): your lines wait (7 now)"
                        + " and go as it allows"),
                ENGLISH.lines(slowed, "alice", 7));
        assertEquals(List.of("您输入得比服务器接收得快（每秒 2 行）：您的消息在排队（现有 7 行），将按速度依次发出"), CHINESE.lines(slowed, "alice", 7));
        assertEquals(
                List.of("you are typing faster than the server takes lines (1000 a second): your lines wait (1024 now)"
                        + " and go as it allows"),
                ENGLISH.lines(new RoomEvent.SlowedDown(1000), "alice", 1024),
                "plain digits");
    }

    @Test
    void aDroppedMemberCouldNotKeepUp() {
        assertEquals("bob could not keep up and was dropped", ENGLISH.line(new RoomEvent.Dropped("bob")));
        assertEquals("bob 跟不上消息的速度，已被断开", CHINESE.line(new RoomEvent.Dropped("bob")));
    }

    @Test
    void anEventOfAKindThisClientDoesNotKnowIsNotShown() {
        for (EventWording wording : List.of(ENGLISH, CHINESE)) {
            assertEquals(List.of(), wording.lines(new RoomEvent.Unrecognized(99), "alice", 0));
            assertEquals(List.of(), wording.lines(new RoomEvent.Unrecognized(255), "alice", 5));
        }
    }

    @Test
    void refusalsForAnAddressNameTheLimitAndTheOptionThatSetsIt() {
        assertEquals(
                "your address has as many members as the server lets one address have (4; the operator sets this"
                        + " with --max-per-ip) - try later",
                ENGLISH.refusal(RefusalReason.TOO_MANY_FROM_ADDRESS, 4));
        assertEquals(
                "您的地址上的成员数已达服务器允许的上限（4，由管理员用 --max-per-ip 设定），请稍后再来",
                CHINESE.refusal(RefusalReason.TOO_MANY_FROM_ADDRESS, 4));
        assertEquals(
                "members from your address have as many rooms open as one address may (10; the operator sets this"
                        + " with --max-rooms-per-ip) - choose an existing room",
                ENGLISH.refusal(RefusalReason.TOO_MANY_ROOMS_FROM_ADDRESS, 10));
        assertEquals(
                "您的地址上的成员开设的房间数已达上限（10，由管理员用 --max-rooms-per-ip 设定），请选择已有的房间",
                CHINESE.refusal(RefusalReason.TOO_MANY_ROOMS_FROM_ADDRESS, 10));
    }

    @Test
    void aPausedRejoinSaysHowManySecondsAreLeft() {
        assertEquals(
                "someone at your address could not keep up and was dropped: the server lets your address in again"
                        + " in 30 seconds",
                ENGLISH.refusal(RefusalReason.REJOIN_PAUSED, 30));
        assertEquals("您的地址上有成员因跟不上消息的速度被断开，30 秒后才能重新进入", CHINESE.refusal(RefusalReason.REJOIN_PAUSED, 30));
    }

    @Test
    void tooManyRoomsFromAnAddressNamesTheRoomTheLimitAndTheOption() {
        RoomEvent.Failed failed = new RoomEvent.Failed(Failure.TOO_MANY_ROOMS_FROM_ADDRESS, 3, "chess");
        assertEquals(
                "cannot open room chess: members from your address have as many rooms open as one address may (3;"
                        + " the operator sets this with --max-rooms-per-ip)",
                ENGLISH.line(failed));
        assertEquals("无法新建房间 chess：您的地址上的成员开设的房间数已达上限（3，由管理员用 --max-rooms-per-ip 设定）", CHINESE.line(failed));
    }

    private static Properties texts(String language) throws IOException {
        Properties texts = new Properties();
        String resource = "/org/udpchat/client/texts_" + language + ".properties";
        try (InputStream in = EventWordingTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return texts;
    }

    @Test
    void bothTextsFilesHaveTheSameKeys() throws IOException {
        assertEquals(
                new TreeSet<>(texts("en").stringPropertyNames()),
                new TreeSet<>(texts("zh").stringPropertyNames()));
    }

    @Test
    void eachTextTakesTheSameArgumentsInBothLanguages() throws IOException {
        Properties english = texts("en");
        Properties chinese = texts("zh");
        for (String key : english.stringPropertyNames()) {
            assertEquals(
                    placeholders(english.getProperty(key)),
                    placeholders(chinese.getProperty(key, "")),
                    "arguments of " + key);
        }
    }

    @Test
    void noTextHasASingleQuoteThatMessageFormatWouldSwallow() throws IOException {
        for (String language : List.of("en", "zh")) {
            Properties texts = texts(language);
            for (String key : texts.stringPropertyNames()) {
                // '#' is a count's plain number inside its choice (a lone # would end the choice's text)
                String text = texts.getProperty(key).replace("''", "").replace("'#'", "");
                assertFalse(text.contains("'"), language + " " + key + ": a lone quote starts a quoted span");
            }
        }
    }

    /** The arguments a text uses: English counts them in choices, Chinese as they are. */
    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = ARGUMENT.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

    // --- issue 12: moves, room notices, one language per line, plurals, blank lines -------------------

    @Test
    void aMoveIsWordedAsAMoveInBothRooms() {
        assertEquals("alice went to games", ENGLISH.line(new RoomEvent.Went("alice", "games")));
        assertEquals("alice came from lobby", ENGLISH.line(new RoomEvent.Came("alice", "lobby")));
        assertEquals("alice 去了房间 games", CHINESE.line(new RoomEvent.Went("alice", "games")));
        assertEquals("alice 从房间 lobby 过来了", CHINESE.line(new RoomEvent.Came("alice", "lobby")));
    }

    @Test
    void aRoomNoticeHasAMarkerOfItsOwnNotTheAnnouncements() {
        RoomEvent.AnnouncedToRoom notice = new RoomEvent.AnnouncedToRoom("games", "tournament at 8");
        assertEquals("[notice to games] 管理员 : tournament at 8", ENGLISH.line(notice));
        assertEquals("【房间 games 通知】管理员 : tournament at 8", CHINESE.line(notice));
        assertNotEquals(ENGLISH.line(new RoomEvent.Announced("tournament at 8")), ENGLISH.line(notice));
    }

    @Test
    void aBanIsWordedWhollyInTheClientsLanguage() {
        // the server's words ("banned for 5 minutes", "已被封禁 5 分钟") no longer reach the line: only numbers do
        assertEquals(
                "[announcement] 管理员 : you have been removed from the room and banned for 5 minutes",
                ENGLISH.line(new RoomEvent.YouWereBanned(5)));
        assertEquals("【公告】管理员 : 您已被移出聊天室并被封禁 5 分钟", CHINESE.line(new RoomEvent.YouWereBanned(5)));
        assertEquals(
                "[announcement] 管理员 : you have been removed from the room and banned until the ban is lifted",
                ENGLISH.line(new RoomEvent.YouWereBanned(0)));
        assertEquals("【公告】管理员 : 您已被移出聊天室并被封禁，直到解除", CHINESE.line(new RoomEvent.YouWereBanned(0)));
        assertEquals("bob was banned by the administrator for 5 minutes", ENGLISH.line(new RoomEvent.Banned("bob", 5)));
        assertEquals("bob 被管理员封禁 5 分钟", CHINESE.line(new RoomEvent.Banned("bob", 5)));
        assertEquals(
                "bob was banned by the administrator until the ban is lifted",
                ENGLISH.line(new RoomEvent.Banned("bob", 0)));
        assertEquals("bob 被管理员封禁，直到解除", CHINESE.line(new RoomEvent.Banned("bob", 0)));
    }

    @Test
    void aKickShowsOnlyTheOperatorsOwnReasonAsTyped() {
        assertEquals("【公告】管理员 : 您已被移出聊天室", CHINESE.line(new RoomEvent.YouWereKicked("")));
        assertEquals("【公告】管理员 : 您已被移出聊天室，管理员说：“flooding”", CHINESE.line(new RoomEvent.YouWereKicked("flooding")));
        assertEquals("bob 被管理员移出了聊天室，管理员说：“刷屏”", CHINESE.line(new RoomEvent.Kicked("bob", "刷屏")));
        assertEquals(
                "[announcement] 管理员 : you have been removed from the room",
                ENGLISH.line(new RoomEvent.YouWereKicked("")));
    }

    @Test
    void aBlankLineRefusedByTheServerIsWordedAsBlank() {
        assertEquals(
                "message not sent: it is empty or blank",
                ENGLISH.line(new RoomEvent.NotRelayed(ChatText.Problem.EMPTY)));
        assertEquals("消息是空白的，未发送", CHINESE.line(new RoomEvent.NotRelayed(ChatText.Problem.EMPTY)));
    }

    @Test
    void countsInEnglishTakeTheSingularForOneAndThePluralOtherwise() {
        assertEquals("you are now in room games (1 member)", ENGLISH.line(new RoomEvent.YouAreIn("games", 1)));
        assertEquals("you are now in room games (2 members)", ENGLISH.line(new RoomEvent.YouAreIn("games", 2)));
        assertEquals("[announcement] 管理员 : you are muted for 1 minute", ENGLISH.line(new RoomEvent.Muted(1)));
        assertEquals("[announcement] 管理员 : you are muted for 2 minutes", ENGLISH.line(new RoomEvent.Muted(2)));
        assertEquals(
                "1 room:",
                ENGLISH.lines(new RoomEvent.RoomList(1, List.of()), "a", 0).get(0));
        assertEquals(
                "2 rooms:",
                ENGLISH.lines(new RoomEvent.RoomList(2, List.of()), "a", 0).get(0));
        assertEquals(
                "room games is full (1 member)", ENGLISH.line(new RoomEvent.Failed(Failure.ROOM_FULL, 1, "games")));
        assertEquals(
                "room games is full (2 members)", ENGLISH.line(new RoomEvent.Failed(Failure.ROOM_FULL, 2, "games")));
        assertEquals("1 person joined the room: a", ENGLISH.line(new RoomEvent.ManyJoined(1, List.of("a"))));
        assertEquals("2 people joined the room: a and 1 more", ENGLISH.line(new RoomEvent.ManyJoined(2, List.of("a"))));
        assertEquals("1 person joined the room", ENGLISH.line(new RoomEvent.ManyJoined(1, List.of())));
        assertEquals("1 person left the room: a", ENGLISH.line(new RoomEvent.ManyLeft(1, List.of("a"))));
        assertEquals("1 person left the room", ENGLISH.line(new RoomEvent.ManyLeft(1, List.of())));
        assertEquals("2 people left the room", ENGLISH.line(new RoomEvent.ManyLeft(2, List.of())));
        assertEquals("bob was banned by the administrator for 1 minute", ENGLISH.line(new RoomEvent.Banned("bob", 1)));
        assertEquals(
                "[announcement] 管理员 : you have been removed from the room and banned for 1 minute",
                ENGLISH.line(new RoomEvent.YouWereBanned(1)));
        assertEquals("[history] 1 of your private messages was not kept", ENGLISH.line(new RoomEvent.Missed(1, "")));
        assertEquals("[history] 1 earlier line of lobby was not kept", ENGLISH.line(new RoomEvent.Missed(1, "lobby")));
        assertEquals("the room is full (1 member) - try later", ENGLISH.refusal(RefusalReason.ROOM_FULL, 1));
        assertEquals("the room is full (2 members) - try later", ENGLISH.refusal(RefusalReason.ROOM_FULL, 2));
        assertEquals("the server is full (1 member) - try later", ENGLISH.refusal(RefusalReason.SERVER_FULL, 1));
        assertEquals("you are banned for 1 more minute", ENGLISH.refusal(RefusalReason.BANNED, 1));
        assertEquals("you are banned for 2 more minutes", ENGLISH.refusal(RefusalReason.BANNED, 2));
        assertEquals("a name has at most 1 character", ENGLISH.refusal(RefusalReason.NAME_TOO_LONG, 1));
        assertEquals(
                "not a room name: 1 to 1 character, no spaces or control characters",
                ENGLISH.refusal(RefusalReason.BAD_ROOM_NAME, 1));
        assertEquals(
                "chess is not a room name: 1 to 32 characters, no spaces or control characters",
                ENGLISH.line(new RoomEvent.Failed(Failure.BAD_ROOM_NAME, 0, "chess")));
        assertEquals(
                "someone at your address could not keep up and was dropped: the server lets your address in again"
                        + " in 1 second",
                ENGLISH.refusal(RefusalReason.REJOIN_PAUSED, 1));
        assertEquals(
                "message not sent: it has more than 1 blank in a row, which could push a forged line into view",
                Texts.of(Locale.ENGLISH).get("text.blankRun", 1));
        assertEquals(
                "message not sent: it is 1 byte, at most 1 fit",
                Texts.of(Locale.ENGLISH).get("text.tooLong", 1, 1));
        assertEquals(
                "message not sent: it is 1017 bytes, at most 1016 fit",
                Texts.of(Locale.ENGLISH).get("text.tooLong", 1017, 1016));
    }

    /** Every English text that counts with a choice is in the test above, singular and plural. */
    @Test
    void everyEnglishCountIsAChoice() throws IOException {
        Set<String> counted = Set.of(
                "name.tooLong",
                "text.tooLong",
                "roomFull",
                "badRoomName",
                "bannedFor",
                "serverFull",
                "event.youAreIn",
                "event.mutedFor",
                "rooms.header",
                "failed.badRoomName",
                "failed.roomFull",
                "failed.mutedFor",
                "event.manyJoined",
                "event.manyJoined.unnamed",
                "event.manyLeft",
                "event.manyLeft.unnamed",
                "rejoinPaused",
                "text.blankRun",
                "event.bannedFor",
                "event.youWereBannedFor",
                "history.missed",
                "history.missedPrivate");
        Properties english = texts("en");
        Set<String> choices = new TreeSet<>();
        for (String key : english.stringPropertyNames()) {
            if (english.getProperty(key).contains(",choice,")) {
                choices.add(key);
            }
        }
        assertEquals(new TreeSet<>(counted), choices);
    }
}
