package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/** The file of remembered keys: its keys, its lines as read and written back, its permissions, its writers. */
class KnownServersTest {

    @TempDir
    Path temporary;

    private static Fingerprint fingerprint(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return Fingerprint.of(key);
    }

    private KnownServers knownServers() {
        return KnownServers.of(
                Map.of("XDG_CONFIG_HOME", temporary.resolve("config").toString()), temporary);
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theKeyIsTheHostAsTypedLowerCasedWithThePort() {
        assertEquals("chat.example.org:8888", KnownServers.key(HostPort.parse("Chat.Example.ORG:8888")));
        assertEquals("chat.example.org:9999", KnownServers.key(HostPort.parse("chat.example.org:9999")));
        assertEquals("127.0.0.1:8888", KnownServers.key(HostPort.parse("127.0.0.1:8888")));
        assertEquals("localhost:8888", KnownServers.key(HostPort.parse("LOCALHOST:8888")));
    }

    @Test
    void anIpv6LiteralIsKeyedInItsShortestFormInBrackets() {
        assertEquals("[::1]:8888", KnownServers.key(HostPort.parse("[::1]:8888")));
        assertEquals("[::1]:8888", KnownServers.key(HostPort.parse("[0:0:0:0:0:0:0:1]:8888")));
        assertEquals("[2001:db8::1]:8888", KnownServers.key(HostPort.parse("[2001:DB8:0:0::1]:8888")));
    }

    @Test
    void anIpv6LiteralJavaCannotReadIsKeyedAsTyped() {
        assertEquals(
                "[fe80::1%nosuchinterface0]:8888", KnownServers.key(new HostPort("FE80::1%nosuchinterface0", 8888)));
    }

    @Test
    void theFileIsShownUnderTheHomeAsTilde() {
        KnownServers underHome = KnownServers.of(Map.of(), temporary);
        assertEquals("~/.config/udp-chat/known_servers", underHome.shownAs());
        assertEquals(
                temporary.resolve("config/udp-chat/known_servers").toString(),
                KnownServers.of(
                                Map.of(
                                        "XDG_CONFIG_HOME",
                                        temporary.resolve("config").toString()),
                                Path.of("/home/x"))
                        .shownAs());
    }

    @Test
    void noFileIsNoLines() throws Exception {
        assertEquals(List.of(), knownServers().read().lines());
    }

    @Test
    void linesAreReadAsEntriesCommentsAndMalformedLinesWithTheirNumbers() {
        KnownServers.Contents contents = KnownServers.Contents.parse("# my servers\n"
                + "\n"
                + "chat.example.org:8888 " + fingerprint(1) + "\n"
                + "  [::1]:7000\t" + fingerprint(2).text().substring("SHA256:".length()) + "  \n"
                + "other.example.org:8888 SHA256:garbage\n"
                + "just-a-host " + fingerprint(3) + "\n"
                + "third.example.org:1 " + fingerprint(3) + " extra\n");

        assertEquals(7, contents.lines().size());
        assertInstanceOf(KnownServers.Other.class, contents.lines().get(0));
        assertInstanceOf(KnownServers.Other.class, contents.lines().get(1));
        assertEquals(
                List.of(new KnownServers.Entry(
                        3, "chat.example.org:8888", fingerprint(1), "chat.example.org:8888 " + fingerprint(1))),
                contents.entriesFor("chat.example.org:8888"));
        assertEquals(fingerprint(2), contents.entriesFor("[::1]:7000").get(0).fingerprint());
        assertEquals(4, contents.entriesFor("[::1]:7000").get(0).number());
        List<KnownServers.Malformed> malformed = contents.malformed();
        assertEquals(
                List.of(5, 6, 7),
                malformed.stream().map(KnownServers.Malformed::number).toList());
        assertEquals(
                List.of(
                        KnownServers.Malformation.FINGERPRINT,
                        KnownServers.Malformation.ADDRESS,
                        KnownServers.Malformation.FIELDS),
                malformed.stream().map(KnownServers.Malformed::why).toList());
        assertEquals(
                List.of(Optional.of("other.example.org:8888"), Optional.empty(), Optional.of("third.example.org:1")),
                malformed.stream().map(KnownServers.Malformed::key).toList());
    }

    @Test
    void aMalformedLineMayHideTheServerItNamesOrAnyServerWhenItNamesNone() {
        KnownServers.Contents naming = KnownServers.Contents.parse("chat.example.org:8888 SHA256:garbage\n");
        assertTrue(naming.mayHide("chat.example.org:8888").isPresent());
        assertFalse(naming.mayHide("other.example.org:8888").isPresent());
        assertTrue(naming.knows("chat.example.org:8888"));
        assertFalse(naming.knows("other.example.org:8888"));

        KnownServers.Contents nameless = KnownServers.Contents.parse("chat.example.org " + fingerprint(1) + "\n");
        assertTrue(nameless.mayHide("other.example.org:8888").isPresent());
        assertTrue(nameless.knows("other.example.org:8888"));
    }

    @Test
    void theTextIsWrittenBackAsItWasRead() {
        String text = "# mine\n\n  chat.example.org:8888   " + fingerprint(1) + "\nnonsense here\n";
        assertEquals(text, KnownServers.Contents.parse(text).text());
    }

    @Test
    void replacingPutsTheNewKeyOnTheServersFirstLineAndDropsItsOthers() {
        String text = "# mine\n"
                + "a.example.org:1 " + fingerprint(1) + "\n"
                + "chat.example.org:8888 SHA256:damaged\n"
                + "b.example.org:1 " + fingerprint(2) + "\n"
                + "CHAT.example.org:8888 " + fingerprint(3) + "\n"
                + "nonsense\n";

        String replaced = KnownServers.Contents.parse(text)
                .replacing("chat.example.org:8888", fingerprint(4))
                .text();

        assertEquals(
                "# mine\n"
                        + "a.example.org:1 " + fingerprint(1) + "\n"
                        + "chat.example.org:8888 " + fingerprint(4) + "\n"
                        + "b.example.org:1 " + fingerprint(2) + "\n"
                        + "nonsense\n",
                replaced);
        assertEquals(
                "# mine\nnew.example.org:5 " + fingerprint(5) + "\n",
                KnownServers.Contents.parse("# mine\n")
                        .replacing("new.example.org:5", fingerprint(5))
                        .text());
    }

    @Test
    void rememberingAFirstContactAddsALineAndKeepsTheComments() throws Exception {
        KnownServers known = knownServers();
        Files.createDirectories(known.file().getParent());
        Files.writeString(known.file(), "# kept\nother.example.org:1 " + fingerprint(1)); // no final line feed

        KnownServers.Contents before = known.rememberFirst(HostPort.parse("Chat.Example.org:8888"), fingerprint(2));

        assertFalse(before.knows("chat.example.org:8888"));
        assertEquals(
                "# kept\nother.example.org:1 " + fingerprint(1) + "\nchat.example.org:8888 " + fingerprint(2) + "\n",
                Files.readString(known.file()));
        assertEquals(
                List.of("known_servers", "known_servers.lock"),
                Files.list(known.file().getParent())
                        .map(path -> path.getFileName().toString())
                        .sorted()
                        .toList(),
                "no temporary file left behind");
    }

    @Test
    void aFirstContactThatAnotherClientRememberedMeanwhileIsLeftAsItIs() throws Exception {
        KnownServers known = knownServers();
        known.rememberFirst(HostPort.parse("chat.example.org:8888"), fingerprint(1));
        String written = Files.readString(known.file());

        KnownServers.Contents underLock = known.rememberFirst(HostPort.parse("chat.example.org:8888"), fingerprint(2));

        assertEquals(
                fingerprint(1),
                underLock.entriesFor("chat.example.org:8888").get(0).fingerprint());
        assertEquals(written, Files.readString(known.file()));
    }

    @Test
    void theDirectoriesItMakesAreTheOwnersAloneAndSoIsTheFile() throws Exception {
        KnownServers known = knownServers();

        known.rememberFirst(HostPort.parse("chat.example.org:8888"), fingerprint(1));

        assertEquals("rwx------", permissions(temporary.resolve("config")));
        assertEquals("rwx------", permissions(temporary.resolve("config/udp-chat")));
        assertEquals("rw-------", permissions(known.file()));
        assertEquals("rw-------", permissions(known.file().resolveSibling("known_servers.lock")));
    }

    @Test
    void aRewriteMakesTheFileTheOwnersAloneAndLeavesAnExistingDirectoryAsItIs() throws Exception {
        KnownServers known = knownServers();
        Path directory = Files.createDirectories(
                known.file().getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---")); // whatever the umask
        Files.writeString(known.file(), "# kept\n");
        Files.setPosixFilePermissions(known.file(), PosixFilePermissions.fromString("rw-r--r--"));

        known.replace(HostPort.parse("chat.example.org:8888"), fingerprint(1));

        assertEquals("rwxr-x---", permissions(directory));
        assertEquals("rw-------", permissions(known.file()));
        assertEquals("# kept\nchat.example.org:8888 " + fingerprint(1) + "\n", Files.readString(known.file()));
    }

    @Test
    void aSymbolicLinkIsWrittenWhereItPoints() throws Exception {
        KnownServers known = knownServers();
        Path dotfiles = Files.createDirectories(temporary.resolve("dotfiles"));
        Path real = Files.writeString(dotfiles.resolve("known_servers"), "# in git\n");
        Files.createDirectories(known.file().getParent());
        Files.createSymbolicLink(known.file(), real);

        known.rememberFirst(HostPort.parse("chat.example.org:8888"), fingerprint(1));

        assertTrue(Files.isSymbolicLink(known.file()));
        assertEquals("# in git\nchat.example.org:8888 " + fingerprint(1) + "\n", Files.readString(real));
    }

    @Test
    @Timeout(30)
    void clientsRememberingAtOnceKeepEachOthersLines() throws Exception {
        int clients = 16;
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<KnownServers.Contents>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int port = 1000 + i;
                // each its own instance, as separate clients have
                KnownServers known = knownServers();
                Callable<KnownServers.Contents> remember = () -> {
                    start.await();
                    return known.rememberFirst(new HostPort("chat.example.org", port), fingerprint(port));
                };
                done.add(threads.submit(remember));
            }
            start.countDown();
            for (Future<KnownServers.Contents> each : done) {
                each.get(20, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        KnownServers.Contents contents = knownServers().read();
        assertEquals(clients, contents.lines().size(), contents.text());
        for (int i = 0; i < clients; i++) {
            assertEquals(
                    List.of(fingerprint(1000 + i)),
                    contents.entriesFor("chat.example.org:" + (1000 + i)).stream()
                            .map(KnownServers.Entry::fingerprint)
                            .toList());
        }
    }

    @Test
    void aFileThatIsNotUtf8IsNotReadAsEmpty() throws Exception {
        KnownServers known = knownServers();
        Files.createDirectories(known.file().getParent());
        Files.write(known.file(), "chat.example.org:8888 \u00ff\n".getBytes(StandardCharsets.ISO_8859_1));

        IOException refused = assertThrows(IOException.class, known::read);
        assertEquals(known.file() + " is not UTF-8 text", refused.getMessage());
    }

    @Test
    void aFileThatCannotBeReadIsAnErrorNotAnEmptyFile() throws Exception {
        KnownServers known = knownServers();
        Files.createDirectories(known.file()); // reading a directory fails, for root too

        assertThrows(IOException.class, known::read);
        assertThrows(IOException.class, () -> known.replace(HostPort.parse("chat.example.org:8888"), fingerprint(1)));
    }

    @Test
    void aFailureIsDescribedByItsFileAndReason() {
        assertEquals(
                "/x/known_servers: permission denied",
                KnownServers.describe(new java.nio.file.AccessDeniedException("/x/known_servers")));
        assertEquals(
                "/x: Read-only file system",
                KnownServers.describe(new java.nio.file.FileSystemException("/x", null, "Read-only file system")));
        assertEquals("/x is not UTF-8 text", KnownServers.describe(new IOException("/x is not UTF-8 text")));
    }
}
