package org.udpchat.server;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.Fingerprint;

/**
 * The server's identity, as SSH's host key is: a static X25519 key pair that clients remember on first
 * contact and check at every handshake after, shown to people as its {@link Fingerprint}. It is made at
 * the first start and kept as {@value #FILE} in the state directory, so a restarted server, or one whose
 * state directory was copied to another machine, is the same server to its clients.
 *
 * <p>The file is ASCII text of exactly two lines: a header that names the format and its version, then the
 * 32-byte private key in base64 (RFC 4648, with padding), each ended by a line feed (the last one may be
 * missing, as a copy out of a backup may lose it). The public key, and so the fingerprint, is derived from
 * the private one, so the file cannot disagree with itself.
 *
 * <pre>
 * udp-chat server key 1
 * oDaCMZ3xWJFj0Ls29Gx6IL3uNf6gA2LBzjA1bOcsfFg=
 * </pre>
 *
 * <p>A key file is never replaced without the operator: one that is unreadable, open to the group or to
 * others (refused as {@code ssh} refuses such a private key, with the {@code chmod} that fixes it), or not
 * exactly the text above stops the start-up with a message naming the file and what is wrong. A new key in
 * its place would tell every client that knows this server that someone is impersonating it. The file is
 * written once, atomically: to {@value #UNFINISHED_SUFFIX} beside it, 0600 from its creation, forced to the
 * disk, then renamed.
 */
final class ServerKey {

    /** The key's file in the state directory. */
    static final String FILE = "server.key";

    /** The format this server writes and reads. */
    static final int VERSION = 1;

    static final String HEADER_PREFIX = "udp-chat server key ";

    static final String UNFINISHED_SUFFIX = ".new";

    private static final Pattern HEADER = Pattern.compile(Pattern.quote(HEADER_PREFIX) + "(\\d{1,9})");

    /** Any permission for the group or for others: what {@code ssh} calls "too open" for a private key. */
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    /** What to do about a key file this server cannot use, said at the end of every such message. */
    private static final String CORRUPT_ADVICE = ": restore the file from a backup; or, to give this server a new"
            + " identity (clients that know the old key will refuse the server until their users accept the new"
            + " one), move it away and start the server again";

    private final NoiseKeyPair keyPair;
    private final Fingerprint fingerprint;

    private ServerKey(NoiseKeyPair keyPair) {
        this.keyPair = keyPair;
        this.fingerprint = Fingerprint.of(keyPair.publicKey());
    }

    /**
     * The key kept in {@code stateDirectory} (made there if it has none yet); with no state directory, a key
     * for this run only. The program warns its operator of that ({@code ServerMain}); tests and benchmarks,
     * which start many servers without one, are not warned at every start.
     *
     * @throws StateDirectoryException if the key file is unreadable, too open or corrupt, or cannot be made
     */
    static ServerKey open(Optional<Path> stateDirectory, SecureRandom random) throws StateDirectoryException {
        if (stateDirectory.isEmpty()) {
            return new ServerKey(NoiseKeyPair.generate(random));
        }
        return loadOrCreate(stateDirectory.get().resolve(FILE), random);
    }

    /** The key in {@code file}; a new one, written there, if there is no such file. */
    static ServerKey loadOrCreate(Path file, SecureRandom random) throws StateDirectoryException {
        removeUnfinished(file);
        Optional<byte[]> bytes = read(file);
        if (bytes.isPresent()) {
            byte[] privateKey = parse(file, bytes.get());
            Arrays.fill(bytes.get(), (byte) 0);
            try {
                return new ServerKey(NoiseKeyPair.fromPrivateKey(privateKey));
            } finally {
                Arrays.fill(privateKey, (byte) 0); // the key pair keeps its own copy
            }
        }
        ServerKey key = new ServerKey(NoiseKeyPair.generate(random));
        byte[] privateKey = key.keyPair.privateKeyBytes();
        try {
            write(file, privateKey);
        } catch (IOException e) {
            throw new StateDirectoryException("cannot write the new server key to " + file + ": " + e
                    + " (check the state directory's permissions, or choose another --state-dir)");
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
        Logger.info("made a new server key in {}: its fingerprint is {}", file, key.fingerprint);
        return key;
    }

    /** The static key pair, for the handshakes. */
    NoiseKeyPair keyPair() {
        return keyPair;
    }

    /** What people compare to know this server. */
    Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The file's bytes, once its permissions are the owner's alone; empty when there is no file. */
    private static Optional<byte[]> read(Path file) throws StateDirectoryException {
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            Optional<Set<PosixFilePermission>> tooOpen = posix == null
                    ? Optional.empty()
                    : Optional.of(posix.readAttributes().permissions()).filter(ServerKey::isOpenToOthers);
            if (tooOpen.isPresent()) {
                throw tooOpen(file, tooOpen.get());
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (StateDirectoryException e) {
            throw e; // an IOException too, but already the whole story
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateDirectoryException("cannot read the server key " + file + ": " + e
                    + " (the user the server runs as must be able to read it: chmod 600 " + file
                    + " as its owner; never a new key in its place, which clients would refuse)");
        }
    }

    private static boolean isOpenToOthers(Set<PosixFilePermission> permissions) {
        return permissions.stream().anyMatch(GROUP_OR_OTHERS::contains);
    }

    private static StateDirectoryException tooOpen(Path file, Set<PosixFilePermission> permissions) {
        return new StateDirectoryException("the server key " + file + " is open to others (permissions "
                + octal(permissions) + "): a private key must be readable by the server's user alone, or anyone"
                + " who can read it can pose as this server; fix it with: chmod 600 " + file);
    }

    /** {@code 0644}, as {@code ls} and {@code chmod} speak of permissions. */
    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            // the enum lists owner, group, others, each read, write, execute: bit 8 down to bit 0
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    /** The private key {@code bytes}, the contents of {@code file}, hold (see the class comment). */
    static byte[] parse(Path file, byte[] bytes) throws StateDirectoryException {
        String text = ascii(file, bytes);
        if (text.isEmpty()) {
            throw corrupt(file, "it is empty");
        }
        int headerEnd = text.indexOf('\n');
        String header = headerEnd < 0 ? text : text.substring(0, headerEnd);
        version(file, header);
        String rest = headerEnd < 0 ? "" : text.substring(headerEnd + 1);
        int keyEnd = rest.indexOf('\n');
        String keyLine = keyEnd < 0 ? rest : rest.substring(0, keyEnd);
        if (keyLine.isEmpty()) {
            throw corrupt(file, "line 2, the key, is missing");
        }
        if (keyEnd >= 0 && keyEnd + 1 < rest.length()) {
            throw corrupt(file, "there is more after the key on line 2 (the file is exactly two lines)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(keyLine);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "line 2 is not base64: " + e.getMessage());
        }
        if (key.length != NoiseKeyPair.KEY_LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw corrupt(
                    file, "line 2 holds " + key.length + " bytes, and a key is " + NoiseKeyPair.KEY_LENGTH + " bytes");
        }
        return key;
    }

    private static void version(Path file, String header) throws StateDirectoryException {
        Matcher matcher = HEADER.matcher(header);
        if (!matcher.matches()) {
            // not quoted: in a key file whose header was lost, line 1 is the private key, which no log may hold
            throw corrupt(file, "line 1 is not the header '" + HEADER_PREFIX + VERSION + "'");
        }
        int version = Integer.parseInt(matcher.group(1));
        if (version > VERSION) {
            throw new StateDirectoryException(file + " is version " + version + " of the server key's format, newer"
                    + " than this server reads (" + VERSION + "): run the newer udp-server that wrote it");
        }
        if (version < VERSION) {
            throw corrupt(file, "there is no version " + version + " of the server key's format");
        }
    }

    private static String ascii(Path file, byte[] bytes) throws StateDirectoryException {
        try {
            CharBuffer text = StandardCharsets.US_ASCII
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "it is not ASCII text");
        }
    }

    private static StateDirectoryException corrupt(Path file, String why) {
        return new StateDirectoryException(
                "the server key " + file + " is not a key file this server can read: " + why + CORRUPT_ADVICE);
    }

    /** {@code privateKey} into {@code file}, atomically (see the class comment). */
    static void write(Path file, byte[] privateKey) throws IOException {
        Path unfinished = unfinished(file);
        String text = HEADER_PREFIX + VERSION + "\n" + Base64.getEncoder().encodeToString(privateKey) + "\n";
        try (FileChannel channel =
                FileChannel.open(unfinished, Set.of(CREATE_NEW, WRITE), StateDirectory.ownerOnly("rw-------"))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(unfinished, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), READ)) {
            directory.force(true); // the rename itself, durable
        }
    }

    /** Removes what a first start that died while writing the key left; the key was never used. */
    private static void removeUnfinished(Path file) throws StateDirectoryException {
        Path unfinished = unfinished(file);
        try {
            if (Files.deleteIfExists(unfinished)) {
                Logger.warn("removed {}, left by a start that did not finish writing the server key", unfinished);
            }
        } catch (IOException e) {
            throw new StateDirectoryException("cannot remove " + unfinished
                    + ", left by a start that did not finish writing the server key: " + e + " (remove it by hand)");
        }
    }

    private static Path unfinished(Path file) {
        return file.resolveSibling(file.getFileName() + UNFINISHED_SUFFIX);
    }
}
