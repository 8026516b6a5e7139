package org.udpchat.server;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one running server keeps in its {@link StateDirectory}, or nothing for a server without one: the
 * directory's lock, the bans and mutes it started from, and the {@link ModerationWriter} that keeps their
 * changes. Opened before the relay starts; closed by the relay thread once it has made its last change, so
 * the last change is written before the lock is released.
 */
final class KeptState implements AutoCloseable {

    private final Optional<StateDirectory> directory;
    private final Optional<ModerationWriter> writer;
    private final Moderation moderation;

    private KeptState(Optional<StateDirectory> directory, Optional<ModerationWriter> writer, Moderation moderation) {
        this.directory = directory;
        this.writer = writer;
        this.moderation = moderation;
    }

    /**
     * Locks {@code directory} and loads its bans and mutes; with no directory, keeps them in memory only.
     *
     * @param operator told when a write fails
     * @throws StateDirectoryException if the directory is another server's, or its file cannot be read
     */
    static KeptState open(Optional<Path> directory, InstantSource wallClock, Consumer<String> operator)
            throws StateDirectoryException {
        if (directory.isEmpty()) {
            return new KeptState(Optional.empty(), Optional.empty(), Moderation.inMemory(wallClock));
        }
        StateDirectory opened = StateDirectory.open(directory.get());
        try {
            ModerationSnapshot kept = ModerationFile.load(opened.moderationFile(), wallClock.millis());
            ModerationWriter writer = new ModerationWriter(opened.moderationFile(), operator);
            return new KeptState(
                    Optional.of(opened), Optional.of(writer), new Moderation(wallClock, kept, writer::keep));
        } catch (StateDirectoryException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The bans and mutes, for the relay to own. */
    Moderation moderation() {
        return moderation;
    }

    /** As {@link #release}, for try-with-resources. */
    @Override
    public void close() {
        release();
    }

    /**
     * Writes what still waits, then releases the directory, unless a write still hangs: then the lock is
     * kept until the process ends, so that no other server loads the file while it may yet be replaced.
     *
     * @return whether the last bans and mutes are on disk (true when nothing is kept on disk)
     */
    boolean release() {
        boolean saved = writer.map(ModerationWriter::finish).orElse(true);
        if (writer.map(ModerationWriter::isWriting).orElse(false)) {
            return false;
        }
        directory.ifPresent(StateDirectory::close);
        return saved;
    }
}
