package org.udpchat.server;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * The server's state directory: what outlives a run (the bans and mutes in {@link ModerationFile}; later
 * the server's key and history) and the lock that gives it to one server at a time. {@link #open} takes
 * the lock, writing this process's id into {@value #LOCK_FILE} so that a second server can say whose it
 * is; {@link #close} releases it. The directory and its files are the owner's alone (0700, 0600).
 */
public final class StateDirectory implements AutoCloseable {

    static final String LOCK_FILE = "server.lock";

    /** Where the bans and mutes are kept. */
    static final String MODERATION_FILE = "moderation.txt";

    /**
     * The state directories this process holds, by real path. Static because the thing it mirrors is
     * process-wide: a {@link FileLock} is a POSIX record lock, which belongs to the process, and closing
     * <em>any</em> descriptor of the file drops it. A second server in the same JVM (tests start many) that
     * merely opened the lock file to try it would, on closing it, silently unlock the first server's
     * directory for every other process; so the process must know what it holds before it opens the file.
     */
    private static final Set<Path> HELD_BY_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path path;
    private final Path realPath;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateDirectory(Path path, Path realPath, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.realPath = realPath;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** {@code $XDG_STATE_HOME/udp-chat}, else {@code ~/.local/state/udp-chat}. */
    public static Path defaultLocation() {
        return defaultLocation(System.getenv("XDG_STATE_HOME"), System.getProperty("user.home"));
    }

    static Path defaultLocation(String xdgStateHome, String home) {
        // The XDG base directory specification: a relative path in $XDG_STATE_HOME is invalid, to be ignored.
        if (xdgStateHome != null
                && !xdgStateHome.isEmpty()
                && Path.of(xdgStateHome).isAbsolute()) {
            return Path.of(xdgStateHome, "udp-chat");
        }
        return Path.of(home, ".local", "state", "udp-chat");
    }

    /**
     * Makes the directory if it is missing (with its parents, 0700) and takes its lock.
     *
     * @throws StateDirectoryException if another server holds it, or it cannot be made or locked
     */
    static StateDirectory open(Path path) throws StateDirectoryException {
        Path realPath = createPrivately(path);
        if (!HELD_BY_THIS_PROCESS.add(realPath)) {
            throw inUse(path, Long.toString(ProcessHandle.current().pid()));
        }
        try {
            return lock(path, realPath);
        } catch (StateDirectoryException | RuntimeException e) {
            HELD_BY_THIS_PROCESS.remove(realPath);
            throw e;
        }
    }

    private static StateDirectory lock(Path path, Path realPath) throws StateDirectoryException {
        Path lockFile = realPath.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, Set.of(CREATE, READ, WRITE), ownerOnly("rw-------"));
        } catch (IOException e) {
            throw new StateDirectoryException("cannot open the lock file " + lockFile + ": " + e
                    + " (check its permissions, or choose another --state-dir)");
        }
        FileLock lock;
        try {
            lock = tryLock(channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StateDirectoryException("cannot lock " + lockFile + ": " + e + " (choose another --state-dir)");
        }
        if (lock == null) {
            String holder = holderOf(channel);
            closeQuietly(channel);
            throw inUse(path, holder);
        }
        try {
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            Logger.info(
                    "state directory {} (locked by process {})",
                    path,
                    ProcessHandle.current().pid());
            return new StateDirectory(path, realPath, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StateDirectoryException(
                    "cannot write this process's id into " + lockFile + ": " + e + " (choose another --state-dir)");
        }
    }

    /** The lock, or null when another holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            // HELD_BY_THIS_PROCESS should have caught it first; refuse all the same
            return null;
        }
    }

    /** The process id the holder wrote into the lock file, or a phrase saying it is not known. */
    private static String holderOf(FileChannel channel) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate(32);
            channel.read(bytes, 0);
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).trim();
            return text.matches("\\d{1,19}") ? text : "unknown: it has not written its id yet";
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }

    private static StateDirectoryException inUse(Path path, String holder) {
        return new StateDirectoryException("the state directory " + path + " is in use by another server (process "
                + holder + "): stop that server, or give this one another --state-dir");
    }

    /** Makes {@code path} and its missing parents, 0700; its real path. */
    private static Path createPrivately(Path path) throws StateDirectoryException {
        try {
            Files.createDirectories(path, ownerOnly("rwx------"));
            return path.toRealPath();
        } catch (IOException e) {
            throw new StateDirectoryException("cannot make the state directory " + path + ": " + e
                    + " (check its parents' permissions, or choose another --state-dir)");
        }
    }

    /** Permissions for the owner alone, where the file system has POSIX permissions. */
    static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    /** The directory as it was given. */
    public Path path() {
        return path;
    }

    Path moderationFile() {
        return realPath.resolve(MODERATION_FILE);
    }

    /** Releases the lock; another server may then use the directory. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            Logger.warn(e, "releasing the lock of {} failed", path);
        } finally {
            closeQuietly(lockChannel);
            HELD_BY_THIS_PROCESS.remove(realPath);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            Logger.warn(e, "closing {} failed", LOCK_FILE);
        }
    }
}
