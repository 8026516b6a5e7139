package org.udpchat.client;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * The servers whose keys this user trusts: {@value #FILE_NAME} in the {@link ConfigDirectory}, a UTF-8 text
 * file a person can read and edit, one server a line, as SSH's {@code known_hosts}:
 *
 * <pre>
 * # comment lines and blank lines are kept as they are
 * chat.example.org:8888 SHA256:9bVZz0XcvVJ5YHdXUEgWEKrLdcRrCfTCP0CqMnWZxmQ
 * [::1]:8888 SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
 * </pre>
 *
 * <p><b>Keyed by the name the user typed</b>, as SSH keys {@code known_hosts} by the name given to it, not by
 * the address it resolves to: a key vouches for "the server I call chat.example.org", which stays true when
 * its address moves, and an address reused by someone else does not inherit the trust. The host is
 * lower-cased (DNS names are case-blind), an IPv6 literal written as RFC 5952 writes it in brackets
 * ({@code [::1]:8888} however it was typed), and the port is part of the key: two servers on one host are
 * two servers.
 *
 * <p><b>A line it cannot read</b> is kept as it is, and reported with its number; it is never taken for
 * "no key remembered", since that would let a server whose remembered line was damaged present any key as
 * a first contact. {@link #mayHide} says which lines could be a given server's.
 *
 * <p><b>Writes</b> replace the whole file atomically (a temporary file beside it, forced to the disk, renamed
 * over it), so a reader sees the old file or the new one, never half of one; directories it makes are
 * {@code 0700} and the file {@code 0600}. A writer holds a lock on {@value #FILE_NAME}{@code .lock} while it
 * re-reads the file, changes it and renames, so two clients remembering two servers at once both keep their
 * line. A {@code known_servers} that is a symbolic link (a dotfiles repository) is written where it points.
 */
final class KnownServers {

    static final String FILE_NAME = "known_servers";

    private static final String LOCK_SUFFIX = ".lock";
    private static final String UNFINISHED_SUFFIX = ".new";
    private static final FileAttribute<?> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<?> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /**
     * Serialises the writers of this process. A {@link java.nio.channels.FileLock} is held by the whole JVM, and a second
     * thread asking for it is refused ({@code OverlappingFileLockException}) instead of waiting, so the
     * threads of one process (clients run in-process by the tests) need a lock of their own in front of it;
     * it is the one static here because the file lock it stands in front of is per process too.
     */
    private static final ReentrantLock WRITERS_IN_THIS_PROCESS = new ReentrantLock();

    private final Path file;
    private final String shownAs;

    /** The file {@code file}; {@code home} only shortens how it is shown ({@code ~/.config/...}). */
    KnownServers(Path file, Path home) {
        this.file = file;
        Path absolute = file.toAbsolutePath().normalize();
        Path absoluteHome = home.toAbsolutePath().normalize();
        this.shownAs = absolute.startsWith(absoluteHome) && !absolute.equals(absoluteHome)
                ? "~/" + absoluteHome.relativize(absolute)
                : absolute.toString();
    }

    /** The user's file, for {@code environment} and {@code home} (see {@link ConfigDirectory}). */
    static KnownServers of(Map<String, String> environment, Path home) {
        return new KnownServers(ConfigDirectory.knownServersFile(environment, home), home);
    }

    Path file() {
        return file;
    }

    /** The file as the user is told of it: under the home directory as {@code ~/...}. */
    String shownAs() {
        return shownAs;
    }

    /**
     * The key {@code server} is remembered under: the host as typed, lower-cased, an IPv6 literal in its
     * RFC 5952 form, and the port, as {@link HostPort} writes them ({@code chat.example.org:8888},
     * {@code [::1]:8888}). Resolves nothing.
     */
    static String key(HostPort server) {
        String host = server.host();
        if (host.indexOf(':') >= 0) {
            host = ipv6Literal(host);
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), server.port()).toString();
    }

    /** An IPv6 literal in RFC 5952's form; one Java cannot read (a scope naming no interface here) as typed. */
    private static String ipv6Literal(String host) {
        try {
            // In brackets, InetAddress only ever parses the literal: it never asks DNS about it.
            return HostPort.format(InetAddress.getByName("[" + host + "]"));
        } catch (UnknownHostException e) {
            return host;
        }
    }

    /**
     * What the file holds now; no lines if it does not exist.
     *
     * @throws IOException it exists but cannot be read, or is not UTF-8 text: never taken for an empty file,
     *     which would make every server a first contact
     */
    Contents read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Contents.parse("");
        }
        try {
            return Contents.parse(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text", e);
        }
    }

    /**
     * Remembers {@code fingerprint} for {@code server} at its first contact, unless the file, re-read under
     * the lock, says something of that server by now (another client remembered it meanwhile, or a line
     * that may be its own cannot be read): then it is left as it is.
     *
     * @return the file as re-read under the lock, before the line was added: if it {@link Contents#knows}
     *     the server, nothing was written
     * @throws IOException the directory could not be made, or the file not read or written
     */
    Contents rememberFirst(HostPort server, Fingerprint fingerprint) throws IOException {
        String key = key(server);
        return change(current -> current.knows(key) ? Optional.empty() : Optional.of(current.adding(key, fingerprint)));
    }

    /**
     * Remembers {@code fingerprint} as the key of {@code server} whatever was remembered before: the first line
     * that is (or may be read as) that server's becomes the new one, in place, and any other line of it goes.
     * The user asked for this key ({@code --server-key}).
     *
     * @return the file as re-read under the lock, before the change (nothing is written when it holds one
     *     line for the server, with this key already)
     */
    Contents replace(HostPort server, Fingerprint fingerprint) throws IOException {
        String key = key(server);
        return change(current -> {
            Contents next = current.replacing(key, fingerprint);
            return next.text().equals(current.text()) ? Optional.empty() : Optional.of(next);
        });
    }

    /** Re-reads the file under the lock and writes what {@code edit} makes of it, if anything. */
    private Contents change(Function<Contents, Optional<Contents>> edit) throws IOException {
        Path target = target();
        Path directory = target.toAbsolutePath().getParent();
        createDirectories(directory);
        WRITERS_IN_THIS_PROCESS.lock();
        try (FileChannel lockFile = open(directory.resolve(target.getFileName() + LOCK_SUFFIX), CREATE, WRITE)) {
            lockFile.lock(); // held until the channel closes; waits for another process's writer
            Contents current = read();
            Optional<Contents> next = edit.apply(current);
            if (next.isPresent()) {
                write(target, next.get().text());
            }
            return current;
        } finally {
            WRITERS_IN_THIS_PROCESS.unlock();
        }
    }

    /** Where the file is written: where it points, if it is a symbolic link (kept in a dotfiles repository). */
    private Path target() throws IOException {
        if (!Files.isSymbolicLink(file)) {
            return file;
        }
        try {
            return file.toRealPath();
        } catch (NoSuchFileException dangling) {
            return file.resolveSibling(Files.readSymbolicLink(file)); // made where it points
        }
    }

    private static void write(Path target, String text) throws IOException {
        Path unfinished = target.resolveSibling(target.getFileName() + UNFINISHED_SUFFIX);
        Files.deleteIfExists(unfinished); // left by a writer that crashed; CREATE_NEW then gives it 0600
        try (FileChannel channel = open(unfinished, CREATE_NEW, WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(unfinished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(target.toAbsolutePath().getParent(), READ)) {
            directory.force(true); // the rename itself, durable
        } catch (IOException e) {
            // Some file systems cannot open a directory to force it; the rename is made, if not yet durable.
        }
    }

    private static FileChannel open(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> asked = Set.of(options);
        return posix(path) ? FileChannel.open(path, asked, OWNER_ONLY_FILE) : FileChannel.open(path, asked);
    }

    private static void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return; // as the user has it: their permissions stand
        }
        if (posix(directory)) {
            Files.createDirectories(directory, OWNER_ONLY_DIRECTORY);
        } else {
            Files.createDirectories(directory);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Why an operation on the file failed, for the user: the file and the system's reason
     * ({@code /home/alice/.config: permission denied}), not an exception's class name.
     */
    static String describe(IOException failure) {
        if (failure instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (failure instanceof FileSystemException system && system.getFile() != null) {
            String reason = system.getReason();
            return system.getFile() + ": "
                    + (reason != null ? reason : failure.getClass().getSimpleName());
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }

    /** One line of the file, with its text as it is (it is written back unchanged). */
    sealed interface Line permits Other, Entry, Malformed {
        String text();
    }

    /** A comment or a blank line. */
    record Other(String text) implements Line {}

    /** A server's remembered key, on line {@code number} (from 1). */
    record Entry(int number, String key, Fingerprint fingerprint, String text) implements Line {}

    /**
     * A line that is not {@code HOST:PORT FINGERPRINT}; {@code key} is the server it names, when its first
     * field can be read as one.
     */
    record Malformed(int number, String text, Malformation why, Optional<String> key) implements Line {}

    /** What is wrong with a malformed line: each has its wording, {@code knownServers.malformed.*}. */
    enum Malformation {
        /** Not two fields, the server and its fingerprint, apart by blanks. */
        FIELDS,
        /** The first field is not {@code HOST:PORT} ({@code [IPv6]:PORT}). */
        ADDRESS,
        /** The second field is not a fingerprint ({@code SHA256:} and 43 base64 characters). */
        FINGERPRINT;

        /** The key of its wording in {@link Texts}. */
        String textKey() {
            return "knownServers.malformed." + name().toLowerCase(Locale.ROOT);
        }
    }

    /** The file's lines, in order. */
    record Contents(List<Line> lines) {

        Contents {
            lines = List.copyOf(lines);
        }

        static Contents parse(String text) {
            List<Line> lines = new ArrayList<>();
            List<String> texts = text.lines().toList();
            for (int i = 0; i < texts.size(); i++) {
                lines.add(line(i + 1, texts.get(i)));
            }
            return new Contents(lines);
        }

        private static Line line(int number, String text) {
            String stripped = text.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                return new Other(text);
            }
            String[] fields = stripped.split("[ \t]+");
            Optional<String> key = keyOf(fields[0]);
            if (fields.length != 2) {
                return new Malformed(number, text, Malformation.FIELDS, key);
            }
            if (key.isEmpty()) {
                return new Malformed(number, text, Malformation.ADDRESS, key);
            }
            Optional<Fingerprint> fingerprint = Fingerprint.parse(fields[1]);
            if (fingerprint.isEmpty()) {
                return new Malformed(number, text, Malformation.FINGERPRINT, key);
            }
            return new Entry(number, key.get(), fingerprint.get(), text);
        }

        private static Optional<String> keyOf(String field) {
            try {
                return Optional.of(key(HostPort.parse(field)));
            } catch (IllegalArgumentException notAnAddress) {
                return Optional.empty();
            }
        }

        /** The file's text: every line as it was read, each ended by a line feed. */
        String text() {
            StringBuilder text = new StringBuilder();
            lines.forEach(line -> text.append(line.text()).append('\n'));
            return text.toString();
        }

        /** The well-formed lines for the server under {@code key}, in order. */
        List<Entry> entriesFor(String key) {
            return lines.stream()
                    .filter(line -> line instanceof Entry entry && entry.key().equals(key))
                    .map(Entry.class::cast)
                    .toList();
        }

        /** Every line that cannot be read. */
        List<Malformed> malformed() {
            return lines.stream()
                    .filter(Malformed.class::isInstance)
                    .map(Malformed.class::cast)
                    .toList();
        }

        /**
         * The first malformed line that may be the remembered line of the server under {@code key}: one that
         * names it, or one whose server cannot be made out.
         */
        Optional<Malformed> mayHide(String key) {
            return malformed().stream()
                    .filter(line -> line.key().isEmpty() || line.key().get().equals(key))
                    .findFirst();
        }

        /** Whether the file says anything of the server under {@code key}: a line for it, or one that may be. */
        boolean knows(String key) {
            return !entriesFor(key).isEmpty() || mayHide(key).isPresent();
        }

        /** With a line for {@code key} added at the end. */
        Contents adding(String key, Fingerprint fingerprint) {
            List<Line> next = new ArrayList<>(lines);
            next.add(new Other(key + " " + fingerprint)); // numbered again when read
            return parse(new Contents(next).text());
        }

        /**
         * With the first line that is the server's, or that names it though malformed, holding
         * {@code fingerprint}, and no other line naming it; added at the end if there was none.
         */
        Contents replacing(String key, Fingerprint fingerprint) {
            List<Line> next = new ArrayList<>();
            boolean replaced = false;
            for (Line line : lines) {
                boolean names = (line instanceof Entry entry && entry.key().equals(key))
                        || (line instanceof Malformed malformed
                                && malformed.key().isPresent()
                                && malformed.key().get().equals(key));
                if (!names) {
                    next.add(line);
                } else if (!replaced) {
                    next.add(new Other(key + " " + fingerprint));
                    replaced = true;
                }
            }
            return replaced ? parse(new Contents(next).text()) : adding(key, fingerprint);
        }
    }
}
