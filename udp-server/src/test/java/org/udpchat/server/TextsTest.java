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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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
            String pattern = bundle.getProperty(key).replace("''", "");

            assertFalse(pattern.contains("'"), () -> key + " has a lone apostrophe, which MessageFormat drops");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh", "en"})
    void fillsEveryPlaceholder(String language) throws IOException {
        Texts texts = Texts.of(Locale.forLanguageTag(language));
        for (String key : bundle(language).stringPropertyNames()) {
            String text = texts.get(key, "A", "B", "C", "D", "E");

            assertFalse(text.contains("{") || text.contains("}"), () -> key + ": " + text);
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
