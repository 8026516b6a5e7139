package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.Names;
import org.udpchat.codec.RefusalReason;

class NameRulesTest {

    private static final NameFold FOLD = new NameFold();
    private static final NameRules RULES = new NameRules(FOLD);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "管理员\u0332", // + combining low line: shows as 管理员 underlined
                "管理员\u0301",
                "管理员:",
                "管理员：",
                "[管理员]",
                "管理员_",
                "管理員",
                "ＡＤＭＩＮ",
                "admin",
                "Admin",
                "ADMIN",
                "aDmIn",
                "\uD835\uDC1A\uD835\uDC1D\uD835\uDC26\uD835\uDC22\uD835\uDC27", // 𝐚𝐝𝐦𝐢𝐧
                "аdmin", // Cyrillic а
                "administrator",
                "operator",
                "root",
                "Root",
                "the管理员",
                "admin>", // the English console's prompt
            })
    void refusesEveryLookalikeOfTheAdministrator(String name) {
        assertEquals(Optional.of(new Refusal(RefusalReason.NAME_LOOKS_LIKE, 0)), RULES.checkAdministrator(name), name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alice",
                "badminton",
                "小明Tom",
                "たなか太郎", // kana and kanji
                "สมชาย", // Thai, with its vowel marks
                "นิ่ม", // Thai: a vowel sign and a tone mark on one letter
                "नमस्ते", // Devanagari, with virama and vowel signs
                "álice",
                "a\u0301lice", // composes to álice
                "Ѕаша", // all Cyrillic
                "محمد", // Arabic
                "김민수", // Hangul
                "bob😀",
                "管理", // a part of the word is not the word
            })
    void acceptsNamesInOneScriptWithMarksThatBelong(String name) {
        assertEquals(Optional.empty(), RULES.checkAdministrator(name), name);
        assertEquals(Optional.empty(), RULES.checkScripts(name), name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "аlice", // Cyrillic а among Latin letters
                "Ωmega", // Greek with Latin
                "a\u0332lice", // a low line, which composes with nothing
                "小\u0301明", // any mark on a Han character
                "\u0301bob", // a mark with no letter before it
                "ก\u0301", // a Latin-only mark on a Thai letter
            })
    void refusesMixedScriptsAndStrayMarks(String name) {
        assertEquals(Optional.of(new Refusal(RefusalReason.NAME_MIXED_SCRIPTS, 0)), RULES.checkScripts(name), name);
    }

    @Test
    void foldsBothWaysRoundTheSkeletonAndCaseFoldingTrap() {
        // ＡＤＭＩＮ folds to admln as it is (the skeleton makes capital I an l), admin to adrnin (m is rn):
        // the case-folded first fold is what they share.
        assertTrue(NameFold.meet(FOLD.of("ＡＤＭＩＮ"), FOLD.of("admin")));
        assertTrue(NameFold.meet(FOLD.of("admin"), FOLD.of("ＡＤＭＩＮ")));
        assertTrue(NameFold.meet(FOLD.of("aIice"), FOLD.of("alice"))); // capital I as l
        assertTrue(NameFold.meet(FOLD.of("alice"), FOLD.of("aIice")));
        assertTrue(NameFold.meet(FOLD.of("аlice"), FOLD.of("alice")));
        assertFalse(NameFold.meet(FOLD.of("álice"), FOLD.of("alice")));
        assertFalse(NameFold.meet(FOLD.of("bob"), FOLD.of("alice")));
        assertFalse(NameFold.meet(FOLD.of("!!!"), FOLD.of("???")), "names of symbols alone keep them");
    }

    @Test
    void reservesTheConsolePromptWordInEveryLanguage() {
        for (java.util.Locale language : java.util.List.of(java.util.Locale.CHINESE, java.util.Locale.ENGLISH)) {
            String prompt = Texts.of(language).get("console.prompt").strip();
            String word = prompt.replaceAll("[\\p{P}\\p{S}\\s]", "");
            assertTrue(RULES.checkAdministrator(word).isPresent(), word);
        }
        assertEquals(
                Names.ADMINISTRATOR,
                Texts.of(java.util.Locale.CHINESE).get("console.prompt").replaceAll("[\\s:]", ""));
    }
}
