package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.Fingerprint;

/**
 * The server's key file: made 0600 at the first start, the same key read back at every start after, and
 * every file it cannot trust refused with a message naming the file and what is wrong, never replaced.
 */
class ServerKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A private key of 32 bytes 1, 2, ..., 32, in the file's format. */
    private static final byte[] KNOWN_PRIVATE_KEY = new byte[32];

    static {
        for (int i = 0; i < KNOWN_PRIVATE_KEY.length; i++) {
            KNOWN_PRIVATE_KEY[i] = (byte) (i + 1);
        }
    }

    private static final String KNOWN_KEY_LINE = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    @TempDir
    Path stateDir;

    private Path keyFile() {
        return stateDir.resolve(ServerKey.FILE);
    }

    @Test
    void theFirstStartMakesTheKeyFileReadableByTheServersUserAlone() throws Exception {
        ServerKey key = ServerKey.open(Optional.of(stateDir), RANDOM);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
        List<String> lines = Files.readAllLines(keyFile(), StandardCharsets.US_ASCII);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("udp-chat server key 1", lines.get(0));
        assertArrayEquals(key.keyPair().privateKeyBytes(), Base64.getDecoder().decode(lines.get(1)));
        assertEquals(Fingerprint.of(key.keyPair().publicKey()), key.fingerprint());
        try (Stream<Path> files = Files.list(stateDir)) {
            assertEquals(List.of(keyFile()), files.toList(), "no temporary file is left beside it");
        }
    }

    @Test
    void everyStartAfterReadsTheSameKeyBack() throws Exception {
        ServerKey first = ServerKey.open(Optional.of(stateDir), RANDOM);
        byte[] written = Files.readAllBytes(keyFile());

        ServerKey second = ServerKey.open(Optional.of(stateDir), RANDOM);

        assertEquals(first.fingerprint(), second.fingerprint());
        assertArrayEquals(first.keyPair().publicKey(), second.keyPair().publicKey());
        assertArrayEquals(written, Files.readAllBytes(keyFile()), "the file is read, not rewritten");
    }

    @Test
    void readsAKeyWrittenByHandInTheDocumentedFormat() throws Exception {
        writeKeyFile("udp-chat server key 1\n" + KNOWN_KEY_LINE + "\n");

        ServerKey key = ServerKey.open(Optional.of(stateDir), RANDOM);

        assertArrayEquals(KNOWN_PRIVATE_KEY, key.keyPair().privateKeyBytes());
        assertEquals(
                Fingerprint.of(NoiseKeyPair.fromPrivateKey(KNOWN_PRIVATE_KEY).publicKey()), key.fingerprint());
    }

    @Test
    void aKeyWhoseLastLineLostItsLineBreakIsStillRead() throws Exception {
        // as a copy and paste out of a backup may leave it
        writeKeyFile("udp-chat server key 1\n" + KNOWN_KEY_LINE);

        assertArrayEquals(
                KNOWN_PRIVATE_KEY,
                ServerKey.open(Optional.of(stateDir), RANDOM).keyPair().privateKeyBytes());
    }

    @Test
    void aTemporaryFileLeftByAFirstStartThatDiedIsRemoved() throws Exception {
        Path unfinished = stateDir.resolve(ServerKey.FILE + ServerKey.UNFINISHED_SUFFIX);
        Files.writeString(unfinished, "udp-chat server key 1\n");

        ServerKey.open(Optional.of(stateDir), RANDOM);

        assertFalse(Files.exists(unfinished));
        assertTrue(Files.isRegularFile(keyFile()));
    }

    static Stream<Arguments> corruptFiles() {
        return Stream.of(
                Arguments.of("", "it is empty"),
                Arguments.of("udp-chat server key 1\n", "line 2, the key, is missing"),
                Arguments.of("udp-chat server key 1", "line 2, the key, is missing"),
                Arguments.of(
                        "udp-chat moderation 2\n" + KNOWN_KEY_LINE + "\n",
                        "line 1 is not the header 'udp-chat server key 1'"),
                Arguments.of(KNOWN_KEY_LINE + "\n", "line 1 is not the header 'udp-chat server key 1'"),
                Arguments.of(
                        "udp-chat server key 0\n" + KNOWN_KEY_LINE + "\n",
                        "there is no version 0 of the server key's format"),
                Arguments.of(
                        "udp-chat server key 1\n" + KNOWN_KEY_LINE.replace('A', '*') + "\n",
                        "line 2 is not base64: Illegal base64 character 2a"),
                Arguments.of("udp-chat server key 1\n" + KNOWN_KEY_LINE + " \n", "line 2 is not base64: "),
                Arguments.of(
                        "udp-chat server key 1\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n",
                        "line 2 holds 31 bytes, and a key is 32 bytes"),
                Arguments.of(
                        "udp-chat server key 1\n" + Base64.getEncoder().encodeToString(new byte[64]) + "\n",
                        "line 2 holds 64 bytes, and a key is 32 bytes"),
                Arguments.of(
                        "udp-chat server key 1\n" + KNOWN_KEY_LINE + "\n" + KNOWN_KEY_LINE + "\n",
                        "there is more after the key on line 2 (the file is exactly two lines)"),
                Arguments.of(
                        "udp-chat server key 1\n" + KNOWN_KEY_LINE + "\n\n",
                        "there is more after the key on line 2 (the file is exactly two lines)"),
                Arguments.of(
                        "udp-chat server key 1\r\n" + KNOWN_KEY_LINE + "\r\n",
                        "line 1 is not the header 'udp-chat server key 1'"),
                Arguments.of("udp-chat server key 1\n密钥\n", "it is not ASCII text"));
    }

    @ParameterizedTest
    @MethodSource("corruptFiles")
    void aCorruptKeyFileIsRefusedNamingTheFileAndWhatIsWrongAndIsKept(String contents, String why) throws Exception {
        writeKeyFile(contents);

        StateDirectoryException refusal =
                assertThrows(StateDirectoryException.class, () -> ServerKey.open(Optional.of(stateDir), RANDOM));

        String prefix = "the server key " + keyFile() + " is not a key file this server can read: " + why;
        assertTrue(
                refusal.getMessage().startsWith(prefix),
                () -> refusal.getMessage() + "\ndoes not start with\n" + prefix);
        assertTrue(
                refusal.getMessage()
                        .endsWith(": restore the file from a backup; or, to give this server a new identity (clients"
                                + " that know the old key will refuse the server until their users accept the new"
                                + " one), move it away and start the server again"),
                refusal.getMessage());
        assertArrayEquals(
                contents.getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(keyFile()),
                "never a new key in its place");
    }

    @Test
    void aKeyFileOfANewerFormatAsksForTheNewerServer() throws Exception {
        writeKeyFile("udp-chat server key 2\nwhatever version 2 holds\n");

        StateDirectoryException refusal =
                assertThrows(StateDirectoryException.class, () -> ServerKey.open(Optional.of(stateDir), RANDOM));

        assertEquals(
                keyFile() + " is version 2 of the server key's format, newer than this server reads (1): run the"
                        + " newer udp-server that wrote it",
                refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x", "r--r-----"})
    void aKeyFileOpenToTheGroupOrOthersIsRefusedAsSshRefusesOneWithTheChmodThatFixesIt(String permissions)
            throws Exception {
        String mode = permissions;
        writeKeyFile("udp-chat server key 1\n" + KNOWN_KEY_LINE + "\n");
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString(mode));

        StateDirectoryException refusal =
                assertThrows(StateDirectoryException.class, () -> ServerKey.open(Optional.of(stateDir), RANDOM));

        assertEquals(
                "the server key " + keyFile() + " is open to others (permissions "
                        + ServerKey.octal(PosixFilePermissions.fromString(mode))
                        + "): a private key must be readable by the server's user alone, or anyone who can read it"
                        + " can pose as this server; fix it with: chmod 600 " + keyFile(),
                refusal.getMessage());
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())), "left as it was");
    }

    @Test
    void permissionsAreShownInOctalAsChmodTakesThem() {
        assertEquals("0644", ServerKey.octal(PosixFilePermissions.fromString("rw-r--r--")));
        assertEquals("0600", ServerKey.octal(PosixFilePermissions.fromString("rw-------")));
        assertEquals("0751", ServerKey.octal(PosixFilePermissions.fromString("rwxr-x--x")));
        assertEquals("0000", ServerKey.octal(PosixFilePermissions.fromString("---------")));
    }

    @Test
    void anOwnerReadOnlyKeyFileIsAccepted() throws Exception {
        writeKeyFile("udp-chat server key 1\n" + KNOWN_KEY_LINE + "\n");
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("r--------"));

        assertArrayEquals(
                KNOWN_PRIVATE_KEY,
                ServerKey.open(Optional.of(stateDir), RANDOM).keyPair().privateKeyBytes());
    }

    @Test
    void aKeyFileTheServersUserCannotReadIsRefused() throws Exception {
        assumeFalse(
                "root".equals(System.getProperty("user.name")),
                "root reads a file of any permissions; the next test refuses what root cannot read either");
        writeKeyFile("udp-chat server key 1\n" + KNOWN_KEY_LINE + "\n");
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("---------"));

        StateDirectoryException refusal =
                assertThrows(StateDirectoryException.class, () -> ServerKey.open(Optional.of(stateDir), RANDOM));

        assertTrue(
                refusal.getMessage().startsWith("cannot read the server key " + keyFile() + ": "),
                refusal.getMessage());
        assertTrue(refusal.getMessage().contains("chmod 600 " + keyFile()), refusal.getMessage());
    }

    @Test
    void aKeyPathThatCannotBeReadAsAFileIsRefusedNotReplaced() throws Exception {
        Files.createDirectory(keyFile(), StateDirectory.ownerOnly("rwx------"));

        StateDirectoryException refusal =
                assertThrows(StateDirectoryException.class, () -> ServerKey.open(Optional.of(stateDir), RANDOM));

        assertTrue(
                refusal.getMessage().startsWith("cannot read the server key " + keyFile() + ": "),
                refusal.getMessage());
        assertTrue(
                refusal.getMessage()
                        .endsWith(" (the user the server runs as must be able to read it: chmod 600 " + keyFile()
                                + " as its owner; never a new key in its place, which clients would refuse)"),
                refusal.getMessage());
        assertTrue(Files.isDirectory(keyFile()));
    }

    @Test
    void aKeyThatCannotBeWrittenIsAClearFailure() throws Exception {
        Path missing = stateDir.resolve("not-made");

        StateDirectoryException refusal = assertThrows(
                StateDirectoryException.class, () -> ServerKey.loadOrCreate(missing.resolve(ServerKey.FILE), RANDOM));

        assertTrue(
                refusal.getMessage()
                        .startsWith("cannot write the new server key to " + missing.resolve(ServerKey.FILE)),
                refusal.getMessage());
    }

    @Test
    void withoutAStateDirectoryEachStartHasANewKeyInMemoryOnly() throws Exception {
        ServerKey first = ServerKey.open(Optional.empty(), RANDOM);
        ServerKey second = ServerKey.open(Optional.empty(), RANDOM);

        assertEquals(Fingerprint.of(first.keyPair().publicKey()), first.fingerprint());
        assertNotEquals(first.fingerprint(), second.fingerprint(), "a new key at every start");
        try (Stream<Path> files = Files.list(stateDir)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    private void writeKeyFile(String contents) throws IOException {
        Files.write(keyFile(), contents.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-------"));
    }
}
