package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.text.Format;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.Limits;

/** The wording in both languages, and the size limit on what goes to addresses that are not members. */
class TextsTest {

    /**
     * Every text the relay may send to an address that is not a member, with the largest arguments it
     * can take. {@code login.addressHasName} is not here: it goes only to an address that is a member.
     */
    private static final Map<String, Object[]> NON_MEMBER_REFUSALS = Map.ofEntries(
            Map.entry("login.nameTaken", new Object[0]),
            Map.entry("login.roomFull", new Object[] {Integer.MAX_VALUE}),
            Map.entry("login.serverFull", new Object[] {Integer.MAX_VALUE}),
            Map.entry("login.namesUnavailable", new Object[0]),
            Map.entry("login.banned", new Object[0]),
            Map.entry("login.bannedFor", new Object[] {Term.MAX_MINUTES}),
            Map.entry("name.empty", new Object[0]),
            Map.entry("name.tooLong", new Object[] {Limits.MAX_NAME_CODE_POINTS}),
            Map.entry("name.whitespace", new Object[0]),
            Map.entry("name.invisible", new Object[0]),
            Map.entry("name.reserved", new Object[0]),
            Map.entry("name.looksLikeAdministrator", new Object[0]),
            Map.entry("name.looksLikeMember", new Object[0]), // name.looksLike gives way to it when over
            Map.entry("name.mixedScripts", new Object[0]),
            Map.entry("chat.notJoined", new Object[0]),
            Map.entry("login.tooManyFromAddress", new Object[] {Integer.MAX_VALUE}),
            Map.entry("login.rejoinPaused", new Object[] {Integer.MAX_VALUE}),
            // to classic members, whose address is no more proven: held to the same bound
            Map.entry("chat.tooFast", new Object[0]),
            Map.entry("chat.muted", new Object[0]),
            Map.entry("chat.mutedFor", new Object[] {Term.MAX_MINUTES}));

    private static Properties bundle(String language) throws IOException {
        String resource = "/org/udpchat/server/texts_" + language + ".properties";
        try (InputStream in = TextsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            Properties properties = new Properties();
            try (Reader reader = new InputStreamReader(in, UTF_8)) {
                properties.load(reader);
            }
            return properties;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh", "zh-CN", "zh-TW", "zh-Hans-SG"})
    void choosesChineseForAnyChineseLocale(String tag) {
        Texts texts = Texts.of(Locale.forLanguageTag(tag));

        assertEquals(Locale.CHINESE, texts.language());
        assertEquals("欢迎 bob 进入聊天室", texts.get("notice.joined", "bob"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "en-US", "fr", "de-CH", "ja", "und"})
    void choosesEnglishForEveryOtherLocale(String tag) {
        Texts texts = Texts.of(Locale.forLanguageTag(tag));

        assertEquals(Locale.ENGLISH, texts.language());
        assertEquals("bob joined the room", texts.get("notice.joined", "bob"));
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        assertEquals(bundle("en").stringPropertyNames(), bundle("zh").stringPropertyNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh", "en"})
    void keepsEveryRefusalToANonMemberWithinTheSmallestReplyBound(String language) throws IOException {
        Texts texts = Texts.of(Locale.forLanguageTag(language));
        for (Map.Entry<String, Object[]> refusal : NON_MEMBER_REFUSALS.entrySet()) {
            String text = texts.get(refusal.getKey(), refusal.getValue());
            int size = text.getBytes(UTF_8).length;

            assertTrue(
                    size <= ClassicProtocol.MIN_REPLY_BOUND,
                    () -> language + " " + refusal.getKey() + " takes " + size + " bytes: " + text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh", "en"})
    void listsEveryLoginAndNameRefusalAmongTheBoundedOnes(String language) throws IOException {
        for (String key : bundle(language).stringPropertyNames()) {
            boolean refusal = key.startsWith("login.")
                    || key.startsWith("name.")
                    || key.startsWith("chat.notJoined")
                    || key.startsWith("chat.busy")
                    || key.startsWith("chat.muted");
            // name.looksLike gives way to name.looksLikeMember when it would not fit (LookalikesTest)
            if (refusal && !key.equals("login.addressHasName") && !key.equals("name.looksLike")) {
                assertTrue(NON_MEMBER_REFUSALS.containsKey(key), key + " is not checked against the bound");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh", "en"})
    void writesEveryApostropheTwiceForMessageFormat(String language) throws IOException {
        Properties bundle = bundle(language);
        for (String key : bundle.stringPropertyNames()) {
            // '#' is a count's plain number inside its choice (a lone # would end the choice's text)
            String pattern = bundle.getProperty(key).replace("''", "").replace("'#'", "");

            assertFalse(pattern.contains("'"), () -> key + " has a lone apostrophe, which MessageFormat drops");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh", "en"})
    void fillsEveryPlaceholder(String language) throws IOException {
        Texts texts = Texts.of(Locale.forLanguageTag(language));
        for (String key : bundle(language).stringPropertyNames()) {
            String text = texts.get(key, arguments(bundle(language).getProperty(key)));

            assertFalse(text.contains("{") || text.contains("}"), () -> key + ": " + text);
        }
    }

    /** "A", "B", ... for a pattern's arguments, but 2 for each it counts (formats as a number or a choice). */
    private static Object[] arguments(String pattern) {
        Format[] formats = new MessageFormat(pattern, Locale.ENGLISH).getFormatsByArgumentIndex();
        Object[] arguments = {"A", "B", "C", "D", "E", "F"};
        for (int i = 0; i < formats.length; i++) {
            if (formats[i] != null) {
                arguments[i] = 2;
            }
        }
        return arguments;
    }

    /** Every English text with a count, with its arguments for a count of n. */
    private static final Map<String, IntFunction<Object[]>> COUNTED = Map.ofEntries(
            Map.entry("notice.manyJoined", n -> new Object[] {n, "a"}),
            Map.entry("notice.manyLeft", n -> new Object[] {n, "a"}),
            Map.entry("notice.missed", n -> new Object[] {(long) n, "lobby"}),
            Map.entry("login.roomFull", n -> new Object[] {n}),
            Map.entry("login.serverFull", n -> new Object[] {n}),
            Map.entry("login.tooManyFromAddress", n -> new Object[] {n}),
            Map.entry("login.bannedFor", n -> new Object[] {(long) n}),
            Map.entry("name.tooLong", n -> new Object[] {n}),
            Map.entry("chat.mutedFor", n -> new Object[] {(long) n}),
            Map.entry("text.tooLong", n -> new Object[] {n}),
            Map.entry("text.blankRun", n -> new Object[] {n}),
            Map.entry("notice.mutedFor", n -> new Object[] {(long) n}),
            Map.entry("ban.reasonFor", n -> new Object[] {(long) n}),
            Map.entry("console.members", n -> new Object[] {n}),
            Map.entry("console.announcementTooLong", n -> new Object[] {n}),
            Map.entry("console.rooms", n -> new Object[] {n}),
            Map.entry("console.roomMembers", n -> new Object[] {n}),
            Map.entry("console.bannedFor", n -> new Object[] {"192.0.2.7", (long) n}),
            Map.entry("console.bans", n -> new Object[] {n}),
            Map.entry("console.mutes", n -> new Object[] {n}),
            Map.entry("console.mutedFor", n -> new Object[] {"bob", (long) n}),
            Map.entry("console.watchMissed", n -> new Object[] {(long) n}),
            Map.entry("watch.muted", n -> new Object[] {"bob", (long) n}),
            Map.entry("watch.banned", n -> new Object[] {"bob", (long) n}),
            Map.entry("watch.closing", n -> new Object[] {n}),
            Map.entry("watch.missed", n -> new Object[] {(long) n}),
            Map.entry("console.statsTraffic", n -> new Object[] {(long) n, (long) n, (long) n, (long) n}));

    @Test
    void countsInEnglishTakeTheSingularForOneAndThePluralOtherwise() {
        Texts texts = Texts.of(Locale.ENGLISH);
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("notice.manyJoined", List.of("1 person joined the room: a", "2 people joined the room: a")),
                Map.entry("notice.manyLeft", List.of("1 person left the room: a", "2 people left the room: a")),
                Map.entry(
                        "notice.missed",
                        List.of(
                                "1 line of lobby was lost on the way to this server",
                                "2 lines of lobby were lost on the way to this server")),
                Map.entry(
                        "login.roomFull",
                        List.of("the room is full (1 member) - try later", "the room is full (2 members) - try later")),
                Map.entry(
                        "login.serverFull",
                        List.of(
                                "the server is full (1 member) - try later",
                                "the server is full (2 members) - try later")),
                Map.entry(
                        "login.tooManyFromAddress",
                        List.of(
                                "1 member per address at most (--max-per-ip)",
                                "2 members per address at most (--max-per-ip)")),
                Map.entry(
                        "login.bannedFor",
                        List.of("you are banned for 1 more minute", "you are banned for 2 more minutes")),
                Map.entry("name.tooLong", List.of("a name has at most 1 character", "a name has at most 2 characters")),
                Map.entry(
                        "chat.mutedFor",
                        List.of(
                                "you are muted for 1 more minute - message not sent",
                                "you are muted for 2 more minutes - message not sent")),
                Map.entry(
                        "text.tooLong",
                        List.of("message not sent: it is over 1 byte", "message not sent: it is over 2 bytes")),
                Map.entry(
                        "text.blankRun",
                        List.of("message not sent: over 1 blank in a row", "message not sent: over 2 blanks in a row")),
                Map.entry("notice.mutedFor", List.of("you are muted for 1 minute", "you are muted for 2 minutes")),
                Map.entry("ban.reasonFor", List.of("banned for 1 minute", "banned for 2 minutes")),
                Map.entry("console.members", List.of("1 member:", "2 members:")),
                Map.entry(
                        "console.announcementTooLong",
                        List.of("not announced: it is over 1 byte", "not announced: it is over 2 bytes")),
                Map.entry("console.rooms", List.of("1 room:", "2 rooms:")),
                Map.entry("console.roomMembers", List.of("1 member", "2 members")),
                Map.entry(
                        "console.bannedFor",
                        List.of("banned 192.0.2.7 for 1 minute", "banned 192.0.2.7 for 2 minutes")),
                Map.entry("console.bans", List.of("1 ban:", "2 bans:")),
                Map.entry("console.mutes", List.of("1 mute:", "2 mutes:")),
                Map.entry("console.mutedFor", List.of("muted bob for 1 minute", "muted bob for 2 minutes")),
                Map.entry(
                        "console.watchMissed",
                        List.of(
                                "(1 line of the rooms not shown here: this console fell behind; the transcript, if kept,"
                                        + " has them)",
                                "(2 lines of the rooms not shown here: this console fell behind; the transcript, if"
                                        + " kept, has them)")),
                Map.entry(
                        "watch.muted",
                        List.of(
                                "bob was muted by the operator for 1 minute",
                                "bob was muted by the operator for 2 minutes")),
                Map.entry(
                        "watch.banned",
                        List.of(
                                "bob was banned by the operator for 1 minute",
                                "bob was banned by the operator for 2 minutes")),
                Map.entry(
                        "watch.closing",
                        List.of(
                                "the server closed the room, saying goodbye to 1 member",
                                "the server closed the room, saying goodbye to 2 members")),
                Map.entry(
                        "watch.missed",
                        List.of(
                                "1 event of the room was lost to this node for good (gone from the room's history in"
                                        + " the cluster before this node could fetch them)",
                                "2 events of the room were lost to this node for good (gone from the room's history"
                                        + " in the cluster before this node could fetch them)")),
                Map.entry(
                        "console.statsTraffic",
                        List.of(
                                "datagrams in: 1 (1 byte); out: 1 (1 byte)",
                                "datagrams in: 2 (2 bytes); out: 2 (2 bytes)")));
        assertEquals(COUNTED.keySet(), expected.keySet());
        for (Map.Entry<String, IntFunction<Object[]>> counted : COUNTED.entrySet()) {
            String key = counted.getKey();
            assertEquals(
                    expected.get(key),
                    List.of(
                            texts.get(key, counted.getValue().apply(1)),
                            texts.get(key, counted.getValue().apply(2))),
                    key);
        }
    }

    @Test
    void countsAreShownAsPlainDigitsInBothLanguages() {
        assertEquals("1016 people left the room: a", Texts.of(Locale.ENGLISH).get("notice.manyLeft", 1016, "a"));
        assertEquals("0 people left the room: a", Texts.of(Locale.ENGLISH).get("notice.manyLeft", 0L, "a"));
        assertEquals("1016 人退出了聊天室：a", Texts.of(Locale.CHINESE).get("notice.manyLeft", 1016, "a"));
        assertEquals(
                "datagrams in: 123456 (7654321 bytes); out: 1 (1 byte)",
                Texts.of(Locale.ENGLISH).get("console.statsTraffic", 123_456L, 7_654_321L, 1L, 1L));
    }

    /** Every English text that counts something (a pattern with a number next to a noun) is in COUNTED. */
    @Test
    void everyEnglishCountIsWorded() throws IOException {
        Properties bundle = bundle("en");
        for (String key : bundle.stringPropertyNames()) {
            if (bundle.getProperty(key).contains("choice")) {
                assertTrue(COUNTED.containsKey(key), key + " counts, and is not tested in singular and plural");
            }
        }
    }

    @Test
    void namesTheMemberInEveryNotice() {
        Map<Locale, List<String>> noticesOfBob = Map.of(
                Locale.CHINESE, List.of("欢迎 bob 进入聊天室", "bob 退出了聊天室", "bob 被管理员移出了聊天室"),
                Locale.ENGLISH,
                        List.of("bob joined the room", "bob left the room", "bob was removed by the administrator"));
        for (Texts texts : List.of(Texts.of(Locale.CHINESE), Texts.of(Locale.ENGLISH))) {
            List<String> notices = new ArrayList<>();
            for (String key : List.of("notice.joined", "notice.left", "notice.kicked")) {
                notices.add(texts.get(key, "bob"));
            }
            assertEquals(
                    noticesOfBob.get(texts.language()),
                    notices,
                    texts.language().toString());
        }
    }
}
