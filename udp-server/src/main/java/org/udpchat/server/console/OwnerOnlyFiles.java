package org.udpchat.server.console;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.tinylog.converters.FileConverter;

/**
 * Makes each file of the log and the transcript readable by the server's user alone (0600), as tinylog
 * opens it: the transcript holds what members said, the log their addresses. tinylog's rolling writer
 * creates its files with the process's umask (0644 under most) and has no setting for their permissions,
 * and Java cannot set a umask; but it tells its {@link FileConverter} the name of each file just before it
 * opens it, the first and every one it rolls to later, so this one creates the file first, 0600, and
 * tinylog then opens a file that exists. It converts nothing. A file that exists already (continued after a
 * restart) keeps the permissions it has, so an operator's own choice (0640 for a group of readers) stands.
 *
 * <p>Named in the writers' {@code convert} property by its class name ({@link Logging}); tinylog makes one
 * per writer, so it is public, with a public constructor, and holds no state.
 */
public final class OwnerOnlyFiles implements FileConverter {

    /** Read and write for the owner alone. */
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    /** Enter, read and write for the owner alone: the directories the server makes for these files. */
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    public OwnerOnlyFiles() {}

    @Override
    public String getBackupSuffix() {
        return null; // no converted copies beside the files: the files are the backups
    }

    @Override
    public void open(String fileName) {
        try {
            create(Path.of(fileName));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // tinylog opens the file next and says so if it cannot; a file system without permissions (or
            // one we may not create in) leaves the file as tinylog makes it. Nothing may be logged here: this
            // runs inside tinylog's writer.
        }
    }

    /** Creates {@code file}, empty and 0600, unless it exists. */
    static void create(Path file) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(FILE);
        try {
            Files.createFile(file, ownerOnly);
        } catch (FileAlreadyExistsException e) {
            // continued, or made meanwhile: its permissions are what they are
        }
    }

    @Override
    public byte[] write(byte[] data) {
        return data;
    }

    @Override
    public void close() {}

    @Override
    public void shutdown() {}
}
