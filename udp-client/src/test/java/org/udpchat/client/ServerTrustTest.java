package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * Trust on first use, as the handshake meets it: first contact, the same key, a changed key, {@code
 * --server-key}, and every way the file of remembered keys can let it down.
 */
class ServerTrustTest {

    private static final HostPort CHAT = HostPort.parse("chat.example.org:8888");
    private static final Texts ENGLISH = Texts.of(Locale.ENGLISH);
    private static final Texts CHINESE = Texts.of(Locale.CHINESE);

    /** The home directory; no XDG_CONFIG_HOME, so the file is ~/.config/udp-chat/known_servers. */
    @TempDir
    Path home;

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }

    private static Fingerprint fingerprint(int seed) {
        return Fingerprint.of(key(seed));
    }

    private KnownServers known() {
        return KnownServers.of(Map.of(), home);
    }

    private Path file() {
        return home.resolve(".config/udp-chat/known_servers");
    }

    /** A client's run: a new trust, as each run of the program makes one. */
    private ServerTrust run() {
        return new ServerTrust(known(), Optional.empty());
    }

    private ServerTrust pinnedRun(int seed) {
        return new ServerTrust(known(), Optional.of(fingerprint(seed)));
    }

    private void writeFile(String text) throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), text);
    }

    private static String english(ServerTrust.Result result) {
        return String.join("\n", result.lines(ENGLISH));
    }

    @Test
    void aFirstContactRemembersTheKeyAndSaysSoWithItsFingerprint() throws Exception {
        ServerTrust.Result result = run().check(CHAT, key(1));

        assertInstanceOf(ServerTrust.FirstContact.class, result);
        assertFalse(result.refused());
        assertEquals(
                List.of("first contact with chat.example.org:8888: its key fingerprint is " + fingerprint(1)
                        + "; remembered in ~/.config/udp-chat/known_servers"),
                result.lines(ENGLISH));
        assertEquals(
                List.of("首次连接 chat.example.org:8888：其密钥指纹为 " + fingerprint(1)
                        + "；已记住，保存在 ~/.config/udp-chat/known_servers"),
                result.lines(CHINESE));
        assertEquals("chat.example.org:8888 " + fingerprint(1) + "\n", Files.readString(file()));
    }

    @Test
    void theSameKeyLaterPassesInSilence() throws Exception {
        run().check(CHAT, key(1));
        String remembered = Files.readString(file());

        ServerTrust.Result result = run().check(CHAT, key(1));

        assertInstanceOf(ServerTrust.Known.class, result);
        assertFalse(result.refused());
        assertEquals(List.of(), result.lines(ENGLISH));
        assertEquals(remembered, Files.readString(file()));
    }

    @Test
    void aChangedKeyIsRefusedLoudlyWithBothFingerprintsAndTheLineToDelete() throws Exception {
        writeFile("# my servers\nchat.example.org:8888 " + fingerprint(1) + "\n");

        ServerTrust.Result result = run().check(CHAT, key(2));

        assertTrue(result.refused());
        assertEquals(
                new ServerTrust.Changed(
                        "chat.example.org:8888",
                        fingerprint(1),
                        fingerprint(2),
                        "~/.config/udp-chat/known_servers",
                        java.util.OptionalInt.of(2)),
                result);
        String text = english(result);
        assertTrue(text.contains("WARNING: THE SERVER'S IDENTIFICATION HAS CHANGED!"), text);
        assertTrue(
                text.contains("\n  remembered:    " + fingerprint(1) + "\n  presented now: " + fingerprint(2) + "\n"),
                text);
        assertTrue(text.contains("Someone may be intercepting this connection"), text);
        assertTrue(text.contains("operator may have replaced the server's key"), text);
        assertTrue(text.contains("  --server-key " + fingerprint(2) + "\n"), text);
        assertTrue(text.endsWith("or delete line 2 of ~/.config/udp-chat/known_servers."), text);
        String chinese = String.join("\n", result.lines(CHINESE));
        assertTrue(chinese.contains("警告：服务器的身份标识已经改变！"), chinese);
        assertTrue(chinese.contains("记住的：    " + fingerprint(1)), chinese);
        assertTrue(chinese.endsWith("或删除 ~/.config/udp-chat/known_servers 的第 2 行。"), chinese);
        assertTrue(chinese.contains("--server-key " + fingerprint(2)), chinese);
        assertEquals("# my servers\nchat.example.org:8888 " + fingerprint(1) + "\n", Files.readString(file()));
    }

    @Test
    void theRefusalsBannerLinesLineUp() {
        for (Texts texts : List.of(ENGLISH, CHINESE)) {
            for (ServerTrust.Result refusal : List.of(
                    new ServerTrust.Changed("a:1", fingerprint(1), fingerprint(2), "f", java.util.OptionalInt.of(1)),
                    new ServerTrust.Changed("a:1", fingerprint(1), fingerprint(2), "f", java.util.OptionalInt.empty()),
                    new ServerTrust.PinMismatch("a:1", fingerprint(1), fingerprint(2)))) {
                List<Integer> widths = refusal.lines(texts).subList(0, 3).stream()
                        .map(line -> line.codePoints()
                                .map(org.jline.utils.WCWidth::wcwidth)
                                .sum())
                        .toList();
                assertEquals(
                        List.of(widths.get(0), widths.get(0), widths.get(0)),
                        widths,
                        refusal.lines(texts).get(1));
            }
        }
    }

    @Test
    void aSecondLineForTheServerWithAnotherKeyIsAChangeToo() throws Exception {
        writeFile("chat.example.org:8888 " + fingerprint(1) + "\nchat.example.org:8888 " + fingerprint(2) + "\n");

        ServerTrust.Result result = run().check(CHAT, key(1));

        assertEquals(
                new ServerTrust.Changed(
                        "chat.example.org:8888",
                        fingerprint(2),
                        fingerprint(1),
                        "~/.config/udp-chat/known_servers",
                        java.util.OptionalInt.of(2)),
                result);
    }

    @Test
    void theServerIsKnownByTheHostTypedWhateverItsCase() throws Exception {
        run().check(HostPort.parse("Chat.Example.ORG:8888"), key(1));

        assertEquals("chat.example.org:8888 " + fingerprint(1) + "\n", Files.readString(file()));
        assertInstanceOf(ServerTrust.Known.class, run().check(HostPort.parse("chat.example.org:8888"), key(1)));
        assertInstanceOf(ServerTrust.Changed.class, run().check(HostPort.parse("CHAT.example.org:8888"), key(2)));
    }

    @Test
    void anotherPortIsAnotherServer() throws Exception {
        run().check(CHAT, key(1));

        ServerTrust.Result result = run().check(HostPort.parse("chat.example.org:9999"), key(2));

        assertInstanceOf(ServerTrust.FirstContact.class, result);
        assertEquals(
                "chat.example.org:8888 " + fingerprint(1) + "\nchat.example.org:9999 " + fingerprint(2) + "\n",
                Files.readString(file()));
    }

    @Test
    void anIpv6ServerIsKeyedInBracketsHoweverItsAddressWasWritten() throws Exception {
        ServerTrust.Result first = run().check(HostPort.parse("[0:0:0:0:0:0:0:1]:8888"), key(1));

        assertEquals(
                "first contact with [::1]:8888: its key fingerprint is " + fingerprint(1)
                        + "; remembered in ~/.config/udp-chat/known_servers",
                english(first));
        assertEquals("[::1]:8888 " + fingerprint(1) + "\n", Files.readString(file()));
        assertInstanceOf(ServerTrust.Known.class, run().check(HostPort.parse("[::1]:8888"), key(1)));
        assertInstanceOf(ServerTrust.Changed.class, run().check(HostPort.parse("[::0:1]:8888"), key(2)));
    }

    @Test
    void aFirstContactKeepsTheCommentsAndTheOtherServers() throws Exception {
        String before = "# servers I trust\n\nother.example.org:1 " + fingerprint(9) + "\n# end\n";
        writeFile(before);

        run().check(CHAT, key(1));

        assertEquals(before + "chat.example.org:8888 " + fingerprint(1) + "\n", Files.readString(file()));
    }

    @Test
    void theServerKeyOptionAcceptsAMatchingKeyAndReplacesTheRememberedOne() throws Exception {
        writeFile("# mine\nchat.example.org:8888 " + fingerprint(1) + "\nother.example.org:1 " + fingerprint(9) + "\n");

        ServerTrust.Result result = pinnedRun(2).check(CHAT, key(2));

        assertInstanceOf(ServerTrust.Pinned.class, result);
        assertFalse(result.refused());
        assertEquals(
                "the key of chat.example.org:8888 has the fingerprint --server-key gave (" + fingerprint(2)
                        + "); remembered in ~/.config/udp-chat/known_servers\n"
                        + "in place of the key remembered before on line 2 (" + fingerprint(1) + ")",
                english(result));
        assertEquals(
                "# mine\nchat.example.org:8888 " + fingerprint(2) + "\nother.example.org:1 " + fingerprint(9) + "\n",
                Files.readString(file()));
        assertInstanceOf(ServerTrust.Known.class, run().check(CHAT, key(2)), "accepted deliberately, for good");
    }

    @Test
    void theServerKeyOptionRemembersAServerNotKnownBefore() throws Exception {
        ServerTrust.Result result = pinnedRun(2).check(CHAT, key(2));

        assertEquals(
                "the key of chat.example.org:8888 has the fingerprint --server-key gave (" + fingerprint(2)
                        + "); remembered in ~/.config/udp-chat/known_servers",
                english(result));
        assertEquals("chat.example.org:8888 " + fingerprint(2) + "\n", Files.readString(file()));
        assertEquals(List.of(), pinnedRun(2).check(CHAT, key(2)).lines(ENGLISH), "already remembered: silent");
    }

    @Test
    void theServerKeyOptionRefusesAnyOtherKeyAndLeavesTheFileAsItIs() throws Exception {
        writeFile("chat.example.org:8888 " + fingerprint(3) + "\n");

        ServerTrust.Result result = pinnedRun(2).check(CHAT, key(3));

        assertEquals(new ServerTrust.PinMismatch("chat.example.org:8888", fingerprint(2), fingerprint(3)), result);
        assertTrue(result.refused());
        String text = english(result);
        assertTrue(
                text.contains("\n  given with --server-key: " + fingerprint(2) + "\n  presented now:           "
                        + fingerprint(3) + "\n"),
                text);
        assertTrue(text.contains("Not connected: nothing was sent to it, not even your name."), text);
        assertEquals("chat.example.org:8888 " + fingerprint(3) + "\n", Files.readString(file()));
    }

    @Test
    void theServerKeyOptionWorksWhenTheFileCannotBeReadOrWritten() throws Exception {
        Files.createDirectories(file()); // a directory where the file should be: neither read nor written

        ServerTrust.Result result = pinnedRun(2).check(CHAT, key(2));

        assertInstanceOf(ServerTrust.Pinned.class, result);
        assertFalse(result.refused());
        String text = english(result);
        assertTrue(
                text.startsWith("the key of chat.example.org:8888 has the fingerprint --server-key gave ("
                        + fingerprint(2) + ")\ncould not remember it in ~/.config/udp-chat/known_servers ("),
                text);
    }

    @Test
    void aFileThatCannotBeReadRefusesRatherThanTrustingAnyKey() throws Exception {
        Files.createDirectories(file());

        ServerTrust.Result result = run().check(CHAT, key(1));

        assertInstanceOf(ServerTrust.Unreadable.class, result);
        assertTrue(result.refused());
        String text = english(result);
        assertTrue(
                text.startsWith("cannot verify the identity of chat.example.org:8888:\ncannot read "
                        + "~/.config/udp-chat/known_servers ("),
                text);
        assertTrue(text.contains("--server-key FINGERPRINT"), text);
    }

    @Test
    void aFileWithoutReadPermissionRefuses() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads whatever the permissions");
        writeFile("chat.example.org:8888 " + fingerprint(1) + "\n");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("-w-------"));

        ServerTrust.Result result = run().check(CHAT, key(1));

        assertInstanceOf(ServerTrust.Unreadable.class, result);
        assertTrue(english(result).contains("permission denied"), english(result));
    }

    @Test
    void aFileThatIsNotUtf8Refuses() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), new byte[] {'#', ' ', (byte) 0xff, '\n'});

        assertInstanceOf(ServerTrust.Unreadable.class, run().check(CHAT, key(1)));
    }

    @Test
    void aMalformedLineNamingTheServerRefusesAFirstContactWithItsLineNumber() throws Exception {
        writeFile("# mine\n\nchat.example.org:8888 SHA256:damaged\n");

        ServerTrust.Result result = run().check(CHAT, key(1));

        assertInstanceOf(ServerTrust.Unclear.class, result);
        assertTrue(result.refused());
        String text = english(result);
        assertTrue(
                text.startsWith("cannot verify the identity of chat.example.org:8888:\nline 3 of "
                        + "~/.config/udp-chat/known_servers cannot be read: its second field is not a fingerprint"),
                text);
        assertTrue(text.contains("Fix or delete line 3"), text);
        assertTrue(String.join("\n", result.lines(CHINESE)).contains("第 3 行"));
        assertEquals("# mine\n\nchat.example.org:8888 SHA256:damaged\n", Files.readString(file()));
    }

    @Test
    void aMalformedLineNamingNoServerRefusesAFirstContactToo() throws Exception {
        writeFile("chat.example.org " + fingerprint(2) + "\n");

        ServerTrust.Result result = run().check(CHAT, key(1));

        assertInstanceOf(ServerTrust.Unclear.class, result);
        assertTrue(
                english(result).contains("cannot be read: its first field is not HOST:PORT ([IPv6]:PORT)."),
                english(result));
    }

    @Test
    void aMalformedLineOfAnotherServerIsReportedWithItsNumberAndKept() throws Exception {
        writeFile("# mine\nother.example.org:1 SHA256:damaged\n");

        ServerTrust.Result result = run().check(CHAT, key(1));

        assertInstanceOf(ServerTrust.FirstContact.class, result);
        assertEquals(
                List.of(
                        "ignoring line 2 of ~/.config/udp-chat/known_servers: its second field is not a fingerprint"
                                + " (SHA256: and 43 base64 characters) - fix or delete it",
                        "first contact with chat.example.org:8888: its key fingerprint is " + fingerprint(1)
                                + "; remembered in ~/.config/udp-chat/known_servers"),
                result.lines(ENGLISH));
        assertEquals(
                "# mine\nother.example.org:1 SHA256:damaged\nchat.example.org:8888 " + fingerprint(1) + "\n",
                Files.readString(file()));
        assertEquals(
                List.of("ignoring line 2 of ~/.config/udp-chat/known_servers: its second field is not a fingerprint"
                        + " (SHA256: and 43 base64 characters) - fix or delete it"),
                run().check(CHAT, key(1)).lines(ENGLISH),
                "known, but the damaged line is still reported");
    }

    @Test
    void theServerKeyOptionMendsAMalformedLineOfTheServer() throws Exception {
        writeFile("# mine\nchat.example.org:8888 SHA256:damaged\n");

        assertFalse(pinnedRun(1).check(CHAT, key(1)).refused());

        assertEquals("# mine\nchat.example.org:8888 " + fingerprint(1) + "\n", Files.readString(file()));
    }

    @Test
    void aFileThatCannotBeWrittenStillLetsAFirstContactInAndSaysWhy() throws Exception {
        // the writers' lock cannot be taken where a directory stands in its place (whoever runs the test)
        Files.createDirectories(file().resolveSibling("known_servers.lock"));

        ServerTrust.Result result = run().check(CHAT, key(1));

        assertInstanceOf(ServerTrust.FirstContact.class, result);
        assertFalse(result.refused());
        List<String> lines = result.lines(ENGLISH);
        assertEquals(
                "first contact with chat.example.org:8888: its key fingerprint is " + fingerprint(1), lines.get(0));
        assertTrue(
                lines.get(1).startsWith("could not remember it in ~/.config/udp-chat/known_servers ("), lines.get(1));
        assertTrue(lines.get(1).endsWith("): the next connection will be a first contact again"), lines.get(1));
        assertFalse(Files.exists(file()));
    }

    @Test
    void aReadOnlyHomeStillLetsAFirstContactIn() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root writes whatever the permissions");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-x------"));
        try {
            ServerTrust.Result result = run().check(CHAT, key(1));

            assertInstanceOf(ServerTrust.FirstContact.class, result);
            assertTrue(english(result).contains("permission denied"), english(result));
        } finally {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aReconnectionInTheSameRunIsCheckedAgainstTheKeyTrustedInSilence() throws Exception {
        Files.createDirectories(file().resolveSibling("known_servers.lock")); // nothing is remembered on disk
        ServerTrust trust = run();
        trust.check(CHAT, key(1));

        assertEquals(new ServerTrust.Known(List.of(), "~/.config/udp-chat/known_servers"), trust.check(CHAT, key(1)));
        ServerTrust.Result changed = trust.check(CHAT, key(2));
        assertTrue(changed.refused());
        String text = english(changed);
        assertTrue(text.contains("a key other than the one it presented earlier in this run"), text);
        assertTrue(text.contains("earlier:       " + fingerprint(1)), text);
    }

    @Test
    void aRefusedKeyIsNotTrustedLaterInTheRun() throws Exception {
        writeFile("chat.example.org:8888 " + fingerprint(1) + "\n");
        ServerTrust trust = run();

        assertTrue(trust.check(CHAT, key(2)).refused());
        assertTrue(trust.check(CHAT, key(2)).refused());
        assertFalse(trust.check(CHAT, key(1)).refused());
    }

    @Test
    void aRefusalEndsWithItsOwnExitStatus() {
        assertEquals(4, ExitStatus.UNVERIFIED.code());
        assertTrue(
                ClientCommandLine.help(Locale.ENGLISH).contains("4 the server's identity could not be verified"),
                ClientCommandLine.help(Locale.ENGLISH));
        assertTrue(ClientCommandLine.help(Locale.CHINESE).contains("4 无法验证服务器的身份"));
    }

    // Several servers: the nodes of one --server list present one key.

    private static final HostPort NODE_A = HostPort.parse("a.chat.example.org:8888");
    private static final HostPort NODE_B = HostPort.parse("b.chat.example.org:8888");

    private ServerTrust listRun() {
        return new ServerTrust(known(), Optional.empty(), List.of(NODE_A, NODE_B));
    }

    @Test
    void aSecondNodeWithTheListsKeyIsRememberedForItsOwnAddressWithoutASecondNotice() throws Exception {
        ServerTrust trust = listRun();
        ServerTrust.Result first = trust.check(NODE_A, key(1));
        ServerTrust.Result second = trust.check(NODE_B, key(1));

        assertInstanceOf(ServerTrust.FirstContact.class, first);
        assertEquals(1, first.lines(ENGLISH).size());
        assertInstanceOf(ServerTrust.SameIdentity.class, second);
        assertFalse(second.refused());
        assertEquals(List.of(), second.lines(ENGLISH), "one notice for one identity");
        assertEquals(
                "a.chat.example.org:8888 " + fingerprint(1) + "\nb.chat.example.org:8888 " + fingerprint(1) + "\n",
                Files.readString(file()));
    }

    @Test
    void aNodeMetInALaterRunWithTheKeyRememberedForAnotherNodeIsTheSameIdentity() throws Exception {
        writeFile("a.chat.example.org:8888 " + fingerprint(1) + "\n");

        ServerTrust.Result result = listRun().check(NODE_B, key(1));

        assertInstanceOf(ServerTrust.SameIdentity.class, result);
        assertEquals(List.of(), result.lines(ENGLISH));
        assertTrue(Files.readString(file()).contains("b.chat.example.org:8888 " + fingerprint(1)));
    }

    @Test
    void aNodeWithAnotherKeyThanTheListPresentedInThisRunIsRefusedAsTwoIdentities() throws Exception {
        ServerTrust trust = listRun();
        trust.check(NODE_A, key(1));

        ServerTrust.Result result = trust.check(NODE_B, key(2));

        assertTrue(result.refused());
        assertEquals(
                new ServerTrust.TwoIdentities(
                        "b.chat.example.org:8888",
                        "a.chat.example.org:8888",
                        fingerprint(1),
                        fingerprint(2),
                        "~/.config/udp-chat/known_servers",
                        java.util.OptionalInt.empty()),
                result);
        String said = english(result);
        assertTrue(said.contains("WARNING: TWO IDENTITIES IN ONE LIST OF SERVERS!"), said);
        assertTrue(
                said.contains("b.chat.example.org:8888 presented a key other than the one a.chat.example.org:8888,"),
                said);
        assertFalse(Files.readString(file()).contains("b.chat.example.org"), "nothing remembered for it");
        assertTrue(trust.check(NODE_B, key(2)).refused(), "and it stays refused");
    }

    @Test
    void aNodeWithAnotherKeyThanTheOneRememberedForAnotherNodeIsRefusedWithTheLine() throws Exception {
        writeFile("# mine\na.chat.example.org:8888 " + fingerprint(1) + "\n");

        ServerTrust.Result result = listRun().check(NODE_B, key(2));

        assertEquals(
                new ServerTrust.TwoIdentities(
                        "b.chat.example.org:8888",
                        "a.chat.example.org:8888",
                        fingerprint(1),
                        fingerprint(2),
                        "~/.config/udp-chat/known_servers",
                        java.util.OptionalInt.of(2)),
                result);
        assertTrue(english(result).contains("(line 2 of ~/.config/udp-chat/known_servers)"), english(result));
        assertTrue(String.join("\n", result.lines(CHINESE)).contains("同一服务器列表中出现了两个身份"));
    }

    @Test
    void aNodesOwnChangedKeyIsAChangedKeyFirst() throws Exception {
        writeFile("a.chat.example.org:8888 " + fingerprint(1) + "\nb.chat.example.org:8888 " + fingerprint(1) + "\n");

        ServerTrust.Result result = listRun().check(NODE_B, key(2));

        assertInstanceOf(ServerTrust.Changed.class, result);
        assertTrue(result.refused());
    }

    @Test
    void twoNodesRememberedWithTwoKeysAreRefusedEvenWhereTheirOwnLineMatches() throws Exception {
        writeFile("a.chat.example.org:8888 " + fingerprint(1) + "\nb.chat.example.org:8888 " + fingerprint(2) + "\n");

        ServerTrust.Result result = listRun().check(NODE_B, key(2));

        assertInstanceOf(ServerTrust.TwoIdentities.class, result);
    }

    @Test
    void serversOutsideTheListAreNoneOfItsBusiness() throws Exception {
        writeFile("chat.example.org:8888 " + fingerprint(1) + "\n");

        ServerTrust.Result result = listRun().check(NODE_A, key(2));

        assertInstanceOf(ServerTrust.FirstContact.class, result);
    }

    @Test
    void aPinnedKeyHoldsForEveryNodeOfTheList() throws Exception {
        ServerTrust trust = new ServerTrust(known(), Optional.of(fingerprint(1)), List.of(NODE_A, NODE_B));

        assertFalse(trust.check(NODE_A, key(1)).refused());
        assertFalse(trust.check(NODE_B, key(1)).refused());
        assertInstanceOf(ServerTrust.PinMismatch.class, trust.check(HostPort.parse("c.chat.example.org:8888"), key(2)));
        assertTrue(Files.readString(file()).contains("b.chat.example.org:8888 " + fingerprint(1)));
    }
}
