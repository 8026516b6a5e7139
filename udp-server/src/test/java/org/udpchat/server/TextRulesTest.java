package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.ChatText;

class TextRulesTest {

    private static final TextRules RULES = new TextRules(new NameFold());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "管理员 : server restarts in 5 min, re-login at http://evil.example",
                "管理员：重启",
                "管理员:x",
                "hi 管理员 : x", // anywhere, not only at the start
                "管 理 员 : x", // blanks between
                "管理员\u0332 : x", // a mark under it
                "管理员 ː x", // U+02D0, a look-alike colon
                "管理员 ∶ x", // U+2236 RATIO
                "管理员\u3000：x",
                "【公告】管理员 : x", // the client's own marker
                "管理員 : x",
                "管理员 \uFE30 server restarts", // two dots, vertical form: NFKC makes it U+2025
                "管理员 \u1361 server restarts", // Ethiopic wordspace, drawn as a colon
                "管理员 \u1804 x", // Mongolian colon
                "管理员 \u2E2C x", // squared four dot punctuation
                "管理员 ; x", // a semicolon is near enough
                "管理員 \uFE30 x",
            })
    void refusesWhatLooksLikeTheAnnouncementsPrefix(String text) {
        assertEquals(Optional.of(ChatText.Problem.LOOKS_LIKE_ANNOUNCEMENT), RULES.check("bob", text), text);
        assertEquals(Optional.of(ChatText.Problem.LOOKS_LIKE_ANNOUNCEMENT), RULES.checkPrivate("bob", text), text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "管理员在吗?",
                "管理员 说: 好",
                "管理员，请把他踢出去",
                "管理员。",
                "管理员?",
                "管理员!",
                "“管理员”",
                "ask the admin: now",
                "hi" + "        " + "there",
                "a:b"
            })
    void acceptsTextsThatOnlyMentionTheAdministrator(String text) {
        assertEquals(Optional.empty(), RULES.check("bob", text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0020", "\u3164", "\u3000", "\u2800"})
    void refusesTheIssuesPaddingAsABlankRunFirst(String blank) {
        String text = "hi" + blank.repeat(72) + "管理员 : server restarts";
        assertEquals(Optional.of(ChatText.Problem.BLANK_RUN), RULES.check("bob", text));
    }
}
