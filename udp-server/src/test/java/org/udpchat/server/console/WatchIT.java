package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomEvent;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.Keyboard;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.ServerUnderTest;
import org.udpchat.server.Texts;

/**
 * {@code /watch}: a room's chat on the console that watches it, as it happens, and on no other; {@code all};
 * {@code off}. Two consoles on one real server, with members in two rooms.
 */
@Timeout(30)
class WatchIT {

    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d ";

    @RegisterExtension
    final ServerUnderTest underTest = new ServerUnderTest(
            ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0).withLanguage(Locale.ENGLISH));

    private final List<Keyboard> keyboards = new ArrayList<>();

    /** A console of its own on the server, typed into from the test: its screen. */
    private CapturedOutput console(Keyboard keyboard) {
        CapturedOutput screen = new CapturedOutput();
        console(keyboard, screen.printStream());
        return screen;
    }

    private void console(Keyboard keyboard, PrintStream screen) {
        Thread thread = new Thread(
                new AdminConsole(keyboard.reader(), screen, false, Texts.of(Locale.ENGLISH), underTest.server()),
                "admin-console-" + keyboards.size());
        keyboards.add(keyboard);
        thread.setDaemon(true);
        thread.start();
    }

    /** A screen that holds every write while it is shut: a console that is stuck (a pipe nobody reads). */
    private static final class Gate extends OutputStream {
        private final OutputStream to;
        private volatile CountDownLatch open = new CountDownLatch(0);

        Gate(OutputStream to) {
            this.to = to;
        }

        void shut() {
            open = new CountDownLatch(1);
        }

        void open() {
            open.countDown();
        }

        @Override
        public void write(int b) throws IOException {
            awaitOpen();
            to.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            awaitOpen();
            to.write(b, off, len);
        }

        private void awaitOpen() throws IOException {
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the test ended while the screen was shut");
            }
        }
    }

    @AfterEach
    void endConsoles() {
        keyboards.forEach(Keyboard::endOfInput);
    }

    private static Pattern watched(String room, String text) {
        return Pattern.compile(TIME + Pattern.quote("[" + room + "] " + text));
    }

    private static boolean showsAny(CapturedOutput screen, String text) {
        return screen.lines().stream().anyMatch(line -> line.contains(text));
    }

    @Test
    void aWatchedRoomsChatReachesTheWatchingConsoleOnly() throws Exception {
        ServerUnderTest.LobbyAndGames members = underTest.lobbyAndGames();
        Keyboard watcherKeys = new Keyboard();
        Keyboard otherKeys = new Keyboard();
        CapturedOutput watcher = console(watcherKeys);
        CapturedOutput other = console(otherKeys);

        watcherKeys.type("/watch games");
        watcher.awaitLine("watching games: what is said there appears here as it happens (/watch off to stop)");
        members.carol().send("C carol in the lobby");
        members.alice().expectEvents(new RoomEvent.Said("carol", "in the lobby"));
        members.gina().chat("in games");
        watcher.awaitLineMatching(watched("games", "gina : in games"));

        watcherKeys.type("/watch off");
        watcher.awaitLine("not watching any room"); // what the feed had queued is printed before this
        assertFalse(showsAny(watcher, "in the lobby"), watcher.text());

        otherKeys.type("/rooms");
        other.awaitLine("  games                            1 member");
        assertFalse(showsAny(other, "in games"), "a console that does not watch sees nothing: " + other.text());
    }

    @Test
    void offStopsTheLinesAndAllShowsEveryRoom() throws Exception {
        ServerUnderTest.LobbyAndGames members = underTest.lobbyAndGames();
        Keyboard keys = new Keyboard();
        CapturedOutput screen = console(keys);

        keys.type("/watch lobby");
        screen.awaitLine("watching lobby: what is said there appears here as it happens (/watch off to stop)");
        members.carol().send("C carol before off");
        screen.awaitLineMatching(watched("lobby", "carol : before off"));
        keys.type("/watch off");
        screen.awaitLine("not watching any room");
        members.carol().send("C carol while off");
        members.alice()
                .expectEvents(new RoomEvent.Said("carol", "before off"), new RoomEvent.Said("carol", "while off"));

        keys.type("/watch all");
        screen.awaitLine("watching every room: what is said appears here as it happens (/watch off to stop)");
        members.gina().chat("in games");
        members.carol().send("C carol in the lobby");
        screen.awaitLineMatching(watched("games", "gina : in games"));
        screen.awaitLineMatching(watched("lobby", "carol : in the lobby"));
        assertFalse(showsAny(screen, "while off"), screen.text());
    }

    @Test
    void announcementsAndMutesAreWatchedToo() throws Exception {
        ServerUnderTest.LobbyAndGames members = underTest.lobbyAndGames();
        Keyboard keys = new Keyboard();
        CapturedOutput screen = console(keys);

        keys.type("/watch lobby");
        keys.type("hello everyone");
        screen.awaitLineMatching(watched("*", Names.ADMINISTRATOR + " : hello everyone"));
        keys.type("/mute carol 5");
        screen.awaitLineMatching(watched("lobby", "carol was muted by the operator for 5 minutes"));
        keys.type("/say games to the gamers");
        keys.type("/watch off");
        screen.awaitLine("not watching any room");
        assertFalse(showsAny(screen, "to the gamers"), "games is not watched: " + screen.text());
        members.gina().expectEvents(new RoomEvent.Announced("hello everyone"));
    }

    @Test
    void aRoomNotOpenYetIsWatchedForWhenItOpens() throws Exception {
        Keyboard keys = new Keyboard();
        CapturedOutput screen = console(keys);

        keys.type("/watch Games");
        screen.awaitLine("no room is called 'Games' now: watching it for when it opens (/watch off to stop)");
        underTest.nativePeer().join("gina", "games").chat("first");
        screen.awaitLineMatching(watched("games", "gina : first"));

        keys.type("/watch");
        screen.awaitLine("usage: /watch ROOM, /watch all or /watch off");
        assertTrue(screen.lines().size() > 2);
        assertEquals(1, underTest.names().size());
    }

    @Test
    void aStuckConsoleShowsEachLineAtTheTimeItWasSaidNotWhenItCaughtUp() throws Exception {
        ServerUnderTest.LobbyAndGames members = underTest.lobbyAndGames();
        Keyboard keys = new Keyboard();
        CapturedOutput screen = new CapturedOutput();
        Gate gate = new Gate(screen);
        console(keys, new PrintStream(gate, true, StandardCharsets.UTF_8));
        keys.type("/watch lobby");
        screen.awaitLine("watching lobby: what is said there appears here as it happens (/watch off to stop)");

        gate.shut();
        Instant before = underTest.clock().instant();
        members.carol().send("C carol said while the console was stuck");
        members.alice().expectEvents(new RoomEvent.Said("carol", "said while the console was stuck"));
        Instant after = underTest.clock().instant(); // the relay has heard it by now
        underTest.clock().advance(Duration.ofHours(1)); // the console catches up an hour later
        gate.open();

        String shown = screen.awaitLineMatching(watched("lobby", "carol : said while the console was stuck"));
        DateTimeFormatter time =
                DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());
        List<String> whenSaid = new ArrayList<>();
        for (Instant t = before.truncatedTo(ChronoUnit.SECONDS); !t.isAfter(after); t = t.plusSeconds(1)) {
            whenSaid.add(time.format(t));
        }
        assertTrue(whenSaid.contains(shown.substring(0, 8)), shown + " was said at one of " + whenSaid);
    }
}
