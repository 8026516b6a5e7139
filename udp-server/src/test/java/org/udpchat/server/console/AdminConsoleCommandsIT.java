package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Limits;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.secure.Fingerprint;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.ChatServer;
import org.udpchat.server.DropReason;
import org.udpchat.server.NativePeer;
import org.udpchat.server.Peer;
import org.udpchat.server.RelayStats;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.ServerUnderTest;
import org.udpchat.server.Texts;

/**
 * The operator's console as a script drives it: {@link AdminConsole} reading piped lines (no prompt)
 * against a real server with real native and classic peers, in English. Each command's printed answer is
 * checked, and so is what the members it concerns receive.
 */
@Timeout(30)
class AdminConsoleCommandsIT {

    private static final Texts ENGLISH = Texts.of(Locale.ENGLISH);

    /** One command as {@code /help} introduces it: how it is typed, and what it does. */
    private record Command(String usage, String does) {

        /** The command itself, as the console dispatches it: {@code /kick}. */
        String name() {
            return usage.split(" ")[0];
        }

        /** Its line in {@code /help}: the usage in a column, and what it does beside it. */
        String helpLine() {
            return String.format("  %-24s %s", usage, does);
        }
    }

    /** Every command, in the order {@code /help} introduces them. */
    private static final List<Command> COMMANDS = List.of(
            new Command("/say ROOM text", "announce to one room"),
            new Command("/list", "members: name, room, address, protocol, idle time"),
            new Command("/rooms", "rooms and how many are in each"),
            new Command("/kick NAME [reason]", "remove a member"),
            new Command("/ban NAME [minutes]", "ban the member's IP address and remove everyone at it"),
            new Command("/banip ADDRESS [minutes]", "ban an IP address and remove everyone at it"),
            new Command("/unban ADDRESS", "lift a ban"),
            new Command("/bans", "bans and mutes in force"),
            new Command("/mute NAME [minutes]", "stop a member from speaking (chat, /me, /msg)"),
            new Command("/unmute NAME", "let a member speak again"),
            new Command("/watch ROOM|all|off", "show a room's chat here as it happens"),
            new Command("/stats", "counters since the server started"),
            new Command("/fingerprint", "the server key's fingerprint, for members to check the server by"),
            new Command("/help", "show this help"),
            new Command("/quit", "tell every member, then close the server"));

    private static final String BAN_USAGE = "usage: /ban NAME [minutes] (minutes: a whole number from 1 to 525600)";
    private static final String BANIP_USAGE =
            "usage: /banip ADDRESS [minutes] (minutes: a whole number from 1 to 525600)";
    private static final String MUTE_USAGE = "usage: /mute NAME [minutes] (minutes: a whole number from 1 to 525600)";
    private static final String NOT_AN_ADDRESS = "'localhost' is not an IP address (like 192.0.2.7 or 2001:db8::7)";

    @RegisterExtension
    final ServerUnderTest underTest = new ServerUnderTest(
            ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0).withLanguage(Locale.ENGLISH));

    private final ChatServer server = underTest.server();

    /** Runs the console over {@code lines}, piped, to the end of input: what it printed, line by line. */
    private List<String> console(String... lines) {
        CapturedOutput screen = new CapturedOutput();
        BufferedReader script = new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
        new AdminConsole(script, screen.printStream(), false, ENGLISH, server).run();
        return screen.text().lines().toList();
    }

    private static String adminLine(String text) {
        return Names.ADMINISTRATOR + " : " + text;
    }

    /**
     * A {@code /bans} row: the subject in its column, then {@code left}, a pattern, then when it was imposed
     * (this test's, to the minute).
     */
    private static Pattern restrictionRow(String subject, String left) {
        return Pattern.compile(Pattern.quote(String.format("  %-40s ", subject)) + left
                + ", since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
    }

    private static void assertMatches(Pattern pattern, String line) {
        assertTrue(pattern.matcher(line).matches(), () -> "'" + line + "' does not match " + pattern);
    }

    /** The lines from {@code from} on, {@code count} of them, each matching one of {@code rows}, in any order. */
    private static void assertRowsInAnyOrder(List<String> out, int from, List<Pattern> rows) {
        List<String> shown = out.subList(from, from + rows.size());
        for (Pattern row : rows) {
            assertTrue(shown.stream().anyMatch(line -> row.matcher(line).matches()), () -> row + " not in " + shown);
        }
    }

    // --- help and unknown commands -----------------------------------------------------------------

    @Test
    void helpListsEveryCommand() {
        List<String> expected = new ArrayList<>();
        expected.add("Type a line to announce it to every room (start with // to announce a line that starts with /).");
        expected.add("Commands:");
        for (Command command : COMMANDS) {
            expected.add(command.helpLine());
        }
        expected.add("Without minutes a ban or mute lasts until it is lifted.");

        assertEquals(expected, console("/help"));
    }

    /** The console's own dispatch, read from its source: a command added without a help line fails here. */
    @Test
    void helpCoversEveryCommandTheConsoleDispatches() throws IOException {
        Path source = Path.of("src/main/java/org/udpchat/server/console/AdminConsole.java");
        assumeTrue(Files.isRegularFile(source), "run from the udp-server module to read " + source);
        Matcher cases = Pattern.compile("case \"(/[a-z]+)\":").matcher(Files.readString(source));
        List<String> dispatched = new ArrayList<>();
        while (cases.find()) {
            dispatched.add(cases.group(1));
        }
        List<String> help = console("/help");

        assertEquals(COMMANDS.size(), dispatched.size(), dispatched.toString());
        for (String command : dispatched) {
            Command listed = COMMANDS.stream()
                    .filter(c -> c.name().equals(command))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(command + " is dispatched but not among the commands"));
            assertTrue(help.contains(listed.helpLine()), () -> command + " is dispatched but not in the help");
        }
    }

    @Test
    void tabOffersEveryCommandInTheHelpsOrder() {
        assertEquals(COMMANDS.stream().map(Command::name).toList(), AdminConsole.COMMANDS);
    }

    @Test
    void unknownCommandsAreNamedAndPointToHelp() {
        assertEquals(
                List.of(
                        "unknown command '/frobnicate' - /help lists the commands",
                        "unknown command '/LIST' - /help lists the commands",
                        "unknown command '/' - /help lists the commands"),
                console("/frobnicate now", "/LIST", "/"));
    }

    // --- who and where -----------------------------------------------------------------------------

    @Test
    void listShowsEachMembersNameRoomAddressAndProtocol() throws Exception {
        assertEquals(List.of("nobody is in the room"), console("/list"));
        NativePeer alice = underTest.nativePeer().join("alice", "games");
        Peer carol = underTest.classicPeer().join("carol");

        List<String> out = console("/list");

        assertEquals(3, out.size(), out.toString());
        assertEquals("2 members:", out.get(0));
        assertMatches(ConsoleRows.memberRow("alice", "games", alice.address(), "native", "idle"), out.get(1));
        assertMatches(ConsoleRows.memberRow("carol", "lobby", carol.address(), "classic", "idle"), out.get(2));
    }

    @Test
    void roomsShowsEachRoomAndHowManyAreInIt() throws Exception {
        assertEquals(List.of("1 room:", String.format("  %-32s %s", "lobby", "0 members")), console("/rooms"));
        underTest.nativePeer().join("alice", "games");
        underTest.nativePeer().join("bob", "Games");
        underTest.classicPeer().join("carol");

        assertEquals(
                List.of(
                        "2 rooms:",
                        String.format("  %-32s %s", "lobby", "1 member"),
                        String.format("  %-32s %s", "games", "2 members")),
                console("/rooms"));
    }

    // --- announcements -----------------------------------------------------------------------------

    @Test
    void aPlainLineIsAnnouncedToEveryRoom() throws Exception {
        ServerUnderTest.LobbyAndGames members = underTest.lobbyAndGames();
        int most = ChatText.maxBytes(Names.ADMINISTRATOR);

        List<String> out = console(
                "maintenance at ten", "   ", "//slash is not a command", "a\u0007b", "x".repeat(most + 1), "\u3000");

        assertEquals(
                List.of(
                        "not announced: it holds control or invisible characters",
                        "not announced: it is over " + most + " bytes"),
                out);
        for (NativePeer member : List.of(members.alice(), members.gina())) {
            member.expectEvents(
                    new RoomEvent.Announced("maintenance at ten"), new RoomEvent.Announced("/slash is not a command"));
            member.sync();
        }
        members.carol().expect(adminLine("maintenance at ten"), adminLine("/slash is not a command"));
    }

    @Test
    void sayAnnouncesToOneRoomOrSaysWhyNot() throws Exception {
        ServerUnderTest.LobbyAndGames members = underTest.lobbyAndGames();
        int most = ChatText.maxBytes(Names.ADMINISTRATOR);

        List<String> out = console(
                "/say",
                "/say games",
                "/say nowhere hello",
                "/say GAMES hello   games",
                "/say games " + "x".repeat(most + 1),
                "/say games a\u0007b",
                "/say lobby hello lobby");

        assertEquals(
                List.of(
                        "usage: /say ROOM text",
                        "usage: /say ROOM text",
                        "no room is called 'nowhere' - /rooms shows the rooms",
                        "not announced: it is over " + most + " bytes",
                        "not announced: it holds control or invisible characters"),
                out);
        members.gina().expectEvents(new RoomEvent.AnnouncedToRoom("games", "hello   games"));
        members.gina().sync();
        members.alice().expectEvents(new RoomEvent.AnnouncedToRoom("lobby", "hello lobby"));
        members.carol().expect("[notice to lobby] " + adminLine("hello lobby"));
    }

    // --- removing members --------------------------------------------------------------------------

    @Test
    void kickRemovesAMemberOrSaysWhyNot() throws Exception {
        ServerUnderTest.LobbyAndGames members = underTest.lobbyAndGames();

        List<String> out = console(
                "/kick",
                "/kick nobody",
                "/kick alice " + "x".repeat(Limits.MAX_DATAGRAM_BYTES), // longer than any line
                "/kick gina flooding the room",
                "/kick carol");

        assertEquals(
                List.of(
                        "usage: /kick NAME [reason]",
                        "no member is called 'nobody' - /list shows the members",
                        "not done: the reason is too long or holds control characters",
                        "removed gina from the room",
                        "removed carol from the room"),
                out);
        members.gina().expectEvents(new RoomEvent.YouWereKicked("flooding the room"));
        members.carol().expect(adminLine("you have been removed from the room"), "EXIT");
        members.alice().expectEvents(new RoomEvent.Kicked("carol", ""));
        assertEquals("1 member:", console("/list").get(0));
    }

    @Test
    void banByNameTakesMinutesFrom1ToAYearAndRemovesEveryoneAtTheAddress() throws Exception {
        NativePeer bob = underTest.nativePeer().join("bob");
        Peer carol = underTest.classicPeer().join("carol");
        bob.expectEvents(new RoomEvent.Joined("carol"));
        String address = carol.address().getAddress().getHostAddress(); // bob's too

        List<String> out = console(
                "/ban",
                "/ban carol 0",
                "/ban carol abc",
                "/ban carol 525601",
                "/ban carol -5",
                "/ban carol 5 more",
                "/ban nobody",
                "/ban carol 5",
                "/bans",
                "/ban carol 525600");

        assertEquals(
                List.of(
                        BAN_USAGE,
                        BAN_USAGE,
                        BAN_USAGE,
                        BAN_USAGE,
                        BAN_USAGE,
                        BAN_USAGE,
                        "no member is called 'nobody' - /list shows the members",
                        "banned " + address + " for 5 minutes",
                        "removed: bob, carol",
                        "1 ban:"),
                out.subList(0, 10));
        assertMatches(restrictionRow(address, "(4m5\\ds|5m00s) to go"), out.get(10));
        assertEquals(
                List.of("0 mutes:", "no member is called 'carol' - /list shows the members"),
                out.subList(11, out.size()),
                "a year is accepted: the member is looked for");
        bob.expectEvents(new RoomEvent.YouWereBanned(5));
        carol.expect(
                "bob was removed by the administrator",
                adminLine("you have been removed from the room: banned for 5 minutes"),
                "EXIT");
        Peer again = underTest.classicPeer();
        again.send("L carol");
        again.expect("you are banned for 5 more minutes");
    }

    @Test
    void banipTakesOnlyAnAddressAndUnbanLiftsIt() throws Exception {
        Peer carol = underTest.classicPeer().join("carol");
        String home = carol.address().getAddress().getHostAddress();

        List<String> out = console(
                "/banip",
                "/banip localhost",
                "/banip 127.0.0.3 0",
                "/banip 127.0.0.3 abc",
                "/banip 127.0.0.3",
                "/banip [::1] 10",
                "/bans",
                "/unban",
                "/unban localhost",
                "/unban ::ffff:127.0.0.3",
                "/unban 127.0.0.3",
                "/unban 127.0.0.9",
                "/banip " + home + " 1",
                "/bans");

        assertEquals(
                List.of(
                        BANIP_USAGE,
                        NOT_AN_ADDRESS,
                        BANIP_USAGE,
                        BANIP_USAGE,
                        "banned 127.0.0.3 until lifted",
                        "banned ::1 for 10 minutes",
                        "2 bans:"),
                out.subList(0, 7));
        assertRowsInAnyOrder(
                out,
                7,
                List.of(restrictionRow("127.0.0.3", "until lifted"), restrictionRow("::1", "(9m5\\ds|10m00s) to go")));
        assertEquals(
                List.of(
                        "0 mutes:",
                        "usage: /unban ADDRESS",
                        NOT_AN_ADDRESS,
                        "lifted the ban on 127.0.0.3", // an IPv4-mapped address is its IPv4 address
                        "127.0.0.3 is not banned",
                        "127.0.0.9 is not banned",
                        "banned " + home + " for 1 minute",
                        "removed: carol",
                        "2 bans:"),
                out.subList(9, 18));
        assertRowsInAnyOrder(
                out,
                18,
                List.of(restrictionRow("::1", "(9m5\\ds|10m00s) to go"), restrictionRow(home, "(5\\ds|1m00s) to go")));
        assertEquals(List.of("0 mutes:"), out.subList(20, out.size()));
        carol.expect(adminLine("you have been removed from the room: banned for 1 minute"), "EXIT");
    }

    // --- mutes -------------------------------------------------------------------------------------

    @Test
    void muteAndUnmuteSayWhatTheyDidOrWhyNot() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        Peer carol = underTest.classicPeer().join("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));

        List<String> out = console(
                "/mute",
                "/mute alice 0",
                "/mute alice 525601",
                "/mute nobody",
                "/mute alice",
                "/mute carol 3",
                "/bans");

        assertEquals(
                List.of(
                        MUTE_USAGE,
                        MUTE_USAGE,
                        MUTE_USAGE,
                        "no member is called 'nobody' - /list shows the members",
                        "muted alice until unmuted",
                        "muted carol for 3 minutes",
                        "0 bans:",
                        "2 mutes:"),
                out.subList(0, 8));
        assertRowsInAnyOrder(
                out,
                8,
                List.of(restrictionRow("alice", "until lifted"), restrictionRow("carol", "(2m5\\ds|3m00s) to go")));
        assertEquals(10, out.size(), out.toString());
        alice.expectEvents(new RoomEvent.Muted(0));
        carol.expect(adminLine("you are muted for 3 minutes"));
        carol.send("C carol may I?");
        carol.expect("you are muted for 3 more minutes - message not sent");

        out = console("/unmute", "/unmute alice now", "/unmute alice", "/unmute alice", "/unmute nobody");

        assertEquals(
                List.of(
                        "usage: /unmute NAME",
                        "usage: /unmute NAME",
                        "unmuted alice",
                        "'alice' is not muted",
                        "'nobody' is not muted"),
                out);
        alice.expectEvents(new RoomEvent.Unmuted());
        alice.chat("thanks");
        alice.expectEvents(new RoomEvent.Said("alice", "thanks"));
        carol.expect("alice : thanks");
    }

    // --- counters ----------------------------------------------------------------------------------

    @Test
    void statsPrintsMembersRoomsTrafficRetransmissionsAndDrops() throws Exception {
        assertEquals(
                List.of(
                        "members: 0 (0 native, 0 classic); rooms: 1; joins since start: 0",
                        "datagrams in: 0 (0 bytes); out: 0 (0 bytes)",
                        "retransmissions: 0",
                        "dropped: none"),
                console("/stats"));
        NativePeer alice = underTest.nativePeer().join("alice", "games");
        Peer carol = underTest.classicPeer().join("carol");
        carol.send(new byte[] {'Z', ' ', 'x'});
        RelayStats before = underTest.awaitStats(stats -> stats.dropped(DropReason.MALFORMED) == 1, "the drop");
        alice.sync();

        List<String> out = console("/stats");

        assertEquals(4, out.size(), out.toString());
        assertEquals("members: 2 (1 native, 1 classic); rooms: 2; joins since start: 2", out.get(0));
        Matcher traffic = Pattern.compile("datagrams in: (\\d+) \\((\\d+) bytes\\); out: (\\d+) \\((\\d+) bytes\\)")
                .matcher(out.get(1));
        assertTrue(traffic.matches(), out.get(1));
        assertTrue(Long.parseLong(traffic.group(1)) >= before.datagramsIn() + 1, out.get(1)); // and the ping
        assertTrue(Long.parseLong(traffic.group(2)) > before.bytesIn(), out.get(1));
        assertTrue(Long.parseLong(traffic.group(3)) >= before.datagramsOut() + 1, out.get(1)); // and the pong
        assertTrue(Long.parseLong(traffic.group(4)) > before.bytesOut(), out.get(1));
        assertMatches(Pattern.compile("retransmissions: \\d+"), out.get(2));
        assertEquals("dropped: malformed 1", out.get(3));
    }

    // --- the server's identity ----------------------------------------------------------------------

    @Test
    void fingerprintPrintsTheFingerprintOfTheServersKeyAndIgnoresWhatFollows() {
        Fingerprint fingerprint = server.fingerprint();

        assertMatches(Pattern.compile("SHA256:[A-Za-z0-9+/]{43}"), fingerprint.text());
        assertEquals(
                List.of(
                        "server key fingerprint: " + fingerprint.text(),
                        "server key fingerprint: " + fingerprint.text()),
                console("/fingerprint", "/fingerprint please"));
    }

    @Test
    void fingerprintIsInTheServersLanguage() {
        CapturedOutput screen = new CapturedOutput();
        BufferedReader script = new BufferedReader(new StringReader("/fingerprint\n"));

        new AdminConsole(script, screen.printStream(), false, Texts.of(Locale.CHINESE), server).run();

        assertEquals(List.of("服务器密钥指纹：" + server.fingerprint().text()), screen.lines());
    }

    // --- the console's life ------------------------------------------------------------------------

    @Test
    void aPipedConsoleRunsOnItsOwnThreadUntilTheEndOfInputAndTheServerGoesOn() throws Exception {
        PipedWriter pipe = new PipedWriter();
        CapturedOutput screen = new CapturedOutput();
        Thread thread = new Thread(
                new AdminConsole(
                        new BufferedReader(new PipedReader(pipe)), screen.printStream(), false, ENGLISH, server),
                "admin-console");
        thread.start();
        Peer carol = underTest.classicPeer().join("carol");

        pipe.write("/list\n");
        pipe.flush();
        screen.awaitLine("1 member:");
        pipe.write("hello from the console\n");
        pipe.flush();
        carol.expect(adminLine("hello from the console"));
        pipe.close();

        thread.join(Peer.DEADLINE.toMillis());
        assertFalse(thread.isAlive(), "the console ended with its input");
        assertFalse(server.isStopped());
        List<String> shown = screen.text().lines().toList();
        assertEquals(2, shown.size(), "no prompt when piped: " + shown);
        assertEquals("1 member:", shown.get(0));
        assertMatches(ConsoleRows.memberRow("carol", "lobby", carol.address(), "classic", "idle"), shown.get(1));
        carol.send("C carol still open?");
        carol.expect("carol : still open?");
    }

    @Test
    void quitClosesTheServerAndReadsNoFurther() throws Exception {
        Peer carol = underTest.classicPeer().join("carol");

        assertEquals(List.of("closing the room..."), console("/quit", "/list"));

        assertTrue(server.isStopped());
        carol.expect(adminLine("the server is closing the room"), "EXIT");
    }

    // --- bans and mutes kept across restarts ------------------------------------------------------

    @Test
    void bansKeptByAVersion1FileAreListedAsImposedAtATimeNotKnownAndTheFileIsUpgradedAtTheNextChange(
            @TempDir Path stateDir) throws Exception {
        Path file = stateDir.resolve("moderation.txt");
        Files.writeString(file, "udp-chat moderation 1\nban never 192.0.2.7\nmute never bob\n");
        ChatServer restarted = underTest.restart(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withLanguage(Locale.ENGLISH)
                .withStateDirectory(Optional.of(stateDir)));
        CapturedOutput screen = new CapturedOutput();
        new AdminConsole(
                        new BufferedReader(new StringReader("/bans\n")),
                        screen.printStream(),
                        false,
                        ENGLISH,
                        restarted)
                .run();

        String unknown = "until lifted, since a time not known (kept by a version-1 file)";
        assertEquals(
                List.of(
                        "1 ban:",
                        String.format("  %-40s %s", "192.0.2.7", unknown),
                        "1 mute:",
                        String.format("  %-40s %s", "bob", unknown)),
                screen.text().lines().toList());
        assertEquals("udp-chat moderation 1", Files.readAllLines(file).get(0), "not rewritten before a change");

        restarted.unmute("bob");
        restarted.stop(ChatServer.ANSWER_TIMEOUT); // the last change is written before it returns

        List<String> upgraded = Files.readAllLines(file);
        assertEquals("udp-chat moderation 3", upgraded.get(0));
        assertTrue(upgraded.contains("ban - - never 192.0.2.7"), upgraded.toString());
        assertTrue(
                upgraded.get(upgraded.size() - 1).matches("unmute \\S+Z - never bob"),
                "the unmute kept as a tombstone: " + upgraded);
    }
}
