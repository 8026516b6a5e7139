package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bans and mutes on disk: the format, its versions, every way a file can be refused, atomic writes. */
class ModerationFileTest {

    private static final Instant IMPOSED = Instant.parse("2026-12-01T10:00:00Z");
    private static final long NOW = IMPOSED.plus(Duration.ofMinutes(1)).toEpochMilli();

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(StateDirectory.MODERATION_FILE);
    }

    private static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow();
    }

    private static Sanction sanction(Instant imposed, Instant ends) {
        return new Sanction(Optional.ofNullable(imposed), Optional.ofNullable(ends));
    }

    private static final ModerationSnapshot SOME = new ModerationSnapshot(
            Map.of(
                    ip("192.0.2.7"), sanction(IMPOSED, IMPOSED.plus(Duration.ofMinutes(5))),
                    ip("2001:db8::7"), sanction(IMPOSED, null)),
            Map.of("bob", sanction(IMPOSED, null), "小明", sanction(null, IMPOSED.plus(Duration.ofHours(1)))));

    private ModerationSnapshot writeAndLoad(String text) throws Exception {
        Files.writeString(file(), text, StandardCharsets.UTF_8);
        return ModerationFile.load(file(), NOW);
    }

    private String refusal(String text) throws IOException {
        Files.writeString(file(), text, StandardCharsets.UTF_8);
        return assertThrows(StateDirectoryException.class, () -> ModerationFile.load(file(), NOW))
                .getMessage();
    }

    @Nested
    class Format {

        @Test
        void writesAHeaderWithTheVersionThenOneLinePerEntryInAFixedOrder() {
            assertEquals(
                    "udp-chat moderation 3\n"
                            + "# udp-server's bans and mutes, rewritten whole at every change; stop the server to edit.\n"
                            + "# KIND CHANGED IMPOSED ENDS SUBJECT: UTC instants, - when not known, ENDS never until"
                            + " lifted;\n"
                            + "# SUBJECT an IP address (ban, unban) or a name key (mute, unmute); unban and unmute are\n"
                            + "# lifted ones, kept so that a node of a cluster that was down does not bring them back.\n"
                            + "ban 2026-12-01T10:00:00Z 2026-12-01T10:00:00Z 2026-12-01T10:05:00Z 192.0.2.7\n"
                            + "ban 2026-12-01T10:00:00Z 2026-12-01T10:00:00Z never 2001:db8::7\n"
                            + "mute 2026-12-01T10:00:00Z 2026-12-01T10:00:00Z never bob\n"
                            + "mute - - 2026-12-01T11:00:00Z 小明\n",
                    ModerationFile.format(SOME));
        }

        @Test
        void whatIsWrittenIsReadBack() throws Exception {
            ModerationFile.write(file(), SOME);

            assertEquals(SOME, ModerationFile.load(file(), NOW));
        }

        @Test
        void noFileYetIsNoBansAndNoMutes() throws Exception {
            assertEquals(ModerationSnapshot.EMPTY, ModerationFile.load(file(), NOW));
        }

        @Test
        void skipsBlankAndCommentLines() throws Exception {
            assertEquals(
                    new ModerationSnapshot(Map.of(ip("192.0.2.7"), sanction(IMPOSED, null)), Map.of()),
                    writeAndLoad("udp-chat moderation 2\n\n# a note\nban 2026-12-01T10:00:00Z never 192.0.2.7\n"));
        }

        @Test
        void forgetsWhatEndedWhileTheServerWasDown() throws Exception {
            ModerationFile.write(file(), SOME);

            ModerationSnapshot later = ModerationFile.load(
                    file(), IMPOSED.plus(Duration.ofMinutes(5)).toEpochMilli());

            assertEquals(Map.of(ip("2001:db8::7"), sanction(IMPOSED, null)), later.bans());
            assertEquals(SOME.mutes(), later.mutes());
        }
    }

    @Nested
    class Versions {

        @Test
        void readsVersion1WhoseEntriesWereImposedAtATimeNotKnown() throws Exception {
            assertEquals(
                    new ModerationSnapshot(
                            Map.of(ip("192.0.2.7"), sanction(null, IMPOSED.plus(Duration.ofMinutes(5)))),
                            Map.of("bob", sanction(null, null))),
                    writeAndLoad("udp-chat moderation 1\nban 2026-12-01T10:05:00Z 192.0.2.7\nmute never bob\n"));
        }

        @Test
        void rewritesAVersion1FileAsVersion3() throws Exception {
            ModerationSnapshot upgraded = writeAndLoad("udp-chat moderation 1\nmute never bob\n");

            ModerationFile.write(file(), upgraded);

            List<String> lines = Files.readAllLines(file());
            assertEquals("udp-chat moderation 3", lines.get(0));
            assertEquals("mute - - never bob", lines.get(lines.size() - 1));
            assertEquals(upgraded, ModerationFile.load(file(), NOW));
        }

        @Test
        void readsVersion2WhoseEntriesChangedWhenTheyWereImposed() throws Exception {
            ModerationSnapshot read =
                    writeAndLoad("udp-chat moderation 2\nban 2026-12-01T10:00:00Z never 192.0.2.7\nmute - never bob\n");

            assertEquals(
                    List.of(
                            ModerationChange.ban(ip("192.0.2.7"), sanction(IMPOSED, null), IMPOSED.toEpochMilli()),
                            ModerationChange.mute("bob", sanction(null, null), 0)),
                    read.changes());
        }

        @Test
        void keepsTombstonesOfLiftedBansAndMutes() throws Exception {
            long lifted = IMPOSED.plus(Duration.ofSeconds(30)).toEpochMilli();
            ModerationSnapshot withTombstones = new ModerationSnapshot(List.of(
                    ModerationChange.ban(ip("192.0.2.7"), sanction(IMPOSED, null), IMPOSED.toEpochMilli())
                            .liftedAt(lifted),
                    ModerationChange.mute("bob", sanction(IMPOSED, null), IMPOSED.toEpochMilli())
                            .liftedAt(lifted)));

            ModerationFile.write(file(), withTombstones);

            List<String> lines = Files.readAllLines(file());
            assertEquals(
                    List.of(
                            "unban 2026-12-01T10:00:30Z 2026-12-01T10:00:00Z never 192.0.2.7",
                            "unmute 2026-12-01T10:00:30Z 2026-12-01T10:00:00Z never bob"),
                    lines.subList(lines.size() - 2, lines.size()));
            assertEquals(withTombstones, ModerationFile.load(file(), NOW));
            assertEquals(Map.of(), withTombstones.bans());
        }

        @Test
        void forgetsATombstoneOnceWhatItLiftedWouldHaveEndedOrAfterItsLife() throws Exception {
            ModerationChange shortBan = ModerationChange.ban(
                            ip("192.0.2.7"),
                            sanction(IMPOSED, IMPOSED.plus(Duration.ofMinutes(5))),
                            IMPOSED.toEpochMilli())
                    .liftedAt(NOW);
            ModerationChange banUntilLifted = ModerationChange.ban(
                            ip("192.0.2.8"), sanction(IMPOSED, null), IMPOSED.toEpochMilli())
                    .liftedAt(NOW);
            ModerationFile.write(file(), new ModerationSnapshot(List.of(shortBan, banUntilLifted)));

            long afterTheShortBan = IMPOSED.plus(Duration.ofMinutes(5)).toEpochMilli();
            assertEquals(
                    List.of(banUntilLifted),
                    ModerationFile.load(file(), afterTheShortBan).changes());
            long afterItsLife = NOW + ModerationChange.TOMBSTONE_LIFE.toMillis();
            assertEquals(List.of(), ModerationFile.load(file(), afterItsLife).changes());
        }

        @Test
        void refusesATombstoneInAnOlderVersion() throws Exception {
            assertEquals(
                    file() + ": line 2: 'unban' is not ban or mute: fix line 2 (with the server stopped), or move the"
                            + " file away to start with no bans and mutes",
                    refusal("udp-chat moderation 2\nunban - never 192.0.2.7\n"));
        }

        @Test
        void refusesANewerVersionSayingWhatToDo() throws Exception {
            assertEquals(
                    file() + " is version 4 of its format, newer than this server reads (up to 3): run the newer"
                            + " udp-server that wrote it, or move the file away to start with no bans and mutes",
                    refusal("udp-chat moderation 4\nban x y z w v\n"));
        }
    }

    @Nested
    class Corruption {

        private String badLine(int number, String why) {
            return file() + ": line " + number + ": " + why + ": fix line " + number
                    + " (with the server stopped), or move the file away to start with no bans and mutes";
        }

        @Test
        void refusesABadHeader() throws Exception {
            assertEquals(
                    badLine(1, "'udp-chat bans 2' is not the header 'udp-chat moderation 3'"),
                    refusal("udp-chat bans 2\n"));
        }

        @Test
        void refusesAnEmptyFile() throws Exception {
            assertEquals(badLine(1, "'' is not the header 'udp-chat moderation 3'"), refusal(""));
        }

        @Test
        void refusesVersion0() throws Exception {
            assertEquals(
                    badLine(1, "there is no version 0 of the format (1 to 3)"), refusal("udp-chat moderation 0\n"));
        }

        @Test
        void refusesATruncatedLine() throws Exception {
            assertEquals(
                    badLine(
                            3,
                            "'ban 2026-12-01T10:00:00Z never' is cut short: version 2 has KIND IMPOSED ENDS SUBJECT"),
                    refusal("udp-chat moderation 2\nmute - never bob\nban 2026-12-01T10:00:00Z never"));
        }

        @Test
        void refusesALineCutShortInVersion1ByItsOwnLayout() throws Exception {
            assertEquals(
                    badLine(2, "'ban never' is cut short: version 1 has KIND ENDS SUBJECT"),
                    refusal("udp-chat moderation 1\nban never\n"));
        }

        @Test
        void refusesAnInstantPastWhatMillisecondsHold() throws Exception {
            String far = "+1000000000-01-01T00:00:00Z"; // an Instant, but past epoch milliseconds (Long overflow)
            String why = "'" + far + "' is not - or an instant such as 2026-12-01T10:05:00Z";
            assertEquals(
                    badLine(2, why),
                    refusal("udp-chat moderation 3\nunban " + far + " - never 192.0.2.7\n"),
                    "CHANGED");
            assertEquals(
                    badLine(2, "'" + far + "' is not never or an instant such as 2026-12-01T10:05:00Z"),
                    refusal("udp-chat moderation 3\nban - - " + far + " 192.0.2.7\n"),
                    "ENDS");
            assertEquals(badLine(2, why), refusal("udp-chat moderation 2\nmute " + far + " never bob\n"), "IMPOSED");
        }

        @Test
        void refusesABadAddress() throws Exception {
            assertEquals(
                    badLine(2, "'192.0.2.300' is not an IP address"),
                    refusal("udp-chat moderation 2\nban - never 192.0.2.300\n"));
        }

        @Test
        void refusesAHostNameForAnAddressWithoutLookingItUp() throws Exception {
            assertEquals(
                    badLine(2, "'localhost' is not an IP address"),
                    refusal("udp-chat moderation 2\nban - never localhost\n"));
        }

        @Test
        void refusesABadInstant() throws Exception {
            assertEquals(
                    badLine(2, "'2026-13-01T10:00:00Z' is not never or an instant such as 2026-12-01T10:05:00Z"),
                    refusal("udp-chat moderation 2\nban - 2026-13-01T10:00:00Z 192.0.2.7\n"));
            assertEquals(
                    badLine(2, "'yesterday' is not - or an instant such as 2026-12-01T10:05:00Z"),
                    refusal("udp-chat moderation 2\nmute yesterday never bob\n"));
        }

        @Test
        void refusesAnUnknownKind() throws Exception {
            assertEquals(badLine(2, "'kick' is not ban or mute"), refusal("udp-chat moderation 2\nkick - never bob\n"));
        }

        @Test
        void refusesANameKeyWithBlanks() throws Exception {
            assertEquals(
                    badLine(2, "'bob smith' is not a name key: it holds blanks"),
                    refusal("udp-chat moderation 2\nmute - never bob smith\n"));
        }

        @Test
        void refusesWhatIsNotUtf8() throws Exception {
            Files.write(file(), new byte[] {'u', 'd', 'p', (byte) 0xff, '\n'});

            assertEquals(
                    file() + " is not UTF-8 text: it is not a file this server wrote; move it away to start with no"
                            + " bans and mutes",
                    assertThrows(StateDirectoryException.class, () -> ModerationFile.load(file(), NOW))
                            .getMessage());
        }
    }

    @Nested
    class AtomicWrites {

        private Path unfinished() {
            return dir.resolve(StateDirectory.MODERATION_FILE + ModerationFile.UNFINISHED_SUFFIX);
        }

        @Test
        void replacesTheOldFileAndLeavesNoTemporaryFile() throws Exception {
            ModerationFile.write(file(), SOME);
            ModerationFile.write(file(), ModerationSnapshot.EMPTY);

            assertEquals(ModerationSnapshot.EMPTY, ModerationFile.load(file(), NOW));
            assertFalse(Files.exists(unfinished()));
        }

        @Test
        void aTemporaryFileLeftByACrashIsIgnoredAndRemoved() throws Exception {
            ModerationFile.write(file(), SOME);
            Files.writeString(unfinished(), "udp-chat moderation 2\nban - never 19"); // cut off mid-write

            assertEquals(SOME, ModerationFile.load(file(), NOW));
            assertFalse(Files.exists(unfinished()));
        }

        @Test
        void aTemporaryFileLeftByACrashDoesNotStopTheNextWrite() throws Exception {
            Files.writeString(unfinished(), "half");

            ModerationFile.write(file(), SOME);

            assertEquals(SOME, ModerationFile.load(file(), NOW));
        }

        @Test
        void theFileIsTheOwnersAlone() throws Exception {
            ModerationFile.write(file(), SOME);

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        }
    }
}
