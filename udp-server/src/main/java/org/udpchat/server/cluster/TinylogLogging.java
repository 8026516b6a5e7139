package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.logging.AbstractLogger;
import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.LogEvent;
import com.hazelcast.logging.LoggerFactory;
import java.util.logging.Level;
import org.tinylog.Logger;

/**
 * Hazelcast's log, through tinylog like the server's own, each line beginning {@code hazelcast:}. Quiet by default: what
 * Hazelcast says at INFO (its banner, partition migrations, every connection) goes to DEBUG, because the
 * server says what an operator needs of the cluster itself ({@link ClusterNode}: who joined, who left);
 * Hazelcast's warnings and errors stay warnings and errors.
 *
 * <p>Hazelcast finds this class through the {@code hazelcast.logging.class} system property ({@link
 * ClusterNode} sets it before it starts Hazelcast) and makes it with its public constructor.
 */
public final class TinylogLogging implements LoggerFactory {

    private static final String PREFIX = "hazelcast: ";

    /** Where a line of Hazelcast's goes in the server's log: at which level, and whether with its stack trace. */
    record Placement(org.tinylog.Level level, String line, boolean withTrace) {}

    /**
     * Hazelcast's INFO at DEBUG, its warnings as warnings and its errors as errors, but: a warning in one line,
     * its stack trace at DEBUG (a peer's connection reset, a node gone: an operator acts on the line, and a node's
     * death would print a screenful of traces on the console); and an error that only says this node's
     * Hazelcast is no longer running (it is stopping, as when a node refuses to join) at DEBUG, since stopping
     * is what the server itself asked for and says.
     */
    static Placement place(Level level, String message, Throwable thrown) {
        String line = PREFIX + message;
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return isStopping(thrown)
                    ? new Placement(org.tinylog.Level.DEBUG, line, true)
                    : new Placement(org.tinylog.Level.ERROR, line, true);
        }
        if (value >= Level.WARNING.intValue()) {
            boolean said = thrown == null || message.contains(String.valueOf(thrown.getMessage()));
            return new Placement(org.tinylog.Level.WARN, said ? line : line + " (" + thrown + ")", false);
        }
        return new Placement(
                value >= Level.INFO.intValue() ? org.tinylog.Level.DEBUG : org.tinylog.Level.TRACE, line, true);
    }

    private static boolean isStopping(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ILogger getLogger(String name) {
        return new TinylogLogger();
    }

    /** One Hazelcast logger; they are all alike, as the prefix and the thread's name say where a line came from. */
    private static final class TinylogLogger extends AbstractLogger {

        @Override
        public void log(Level level, String message) {
            log(level, message, null);
        }

        @Override
        public void log(Level level, String message, Throwable thrown) {
            Placement placement = place(level, message, thrown);
            Throwable trace = placement.withTrace() ? thrown : null;
            switch (placement.level()) {
                case ERROR -> Logger.error(trace, placement.line());
                case WARN -> Logger.warn(trace, placement.line());
                case DEBUG -> Logger.debug(trace, placement.line());
                default -> Logger.trace(trace, placement.line());
            }
            if (thrown != null && !placement.withTrace()) {
                Logger.debug(thrown, PREFIX + "(the trace of the line above)");
            }
        }

        @Override
        @SuppressWarnings("removal") // abstract in ILogger, so it must be written, though marked for removal
        public void log(LogEvent event) {
            log(
                    event.getLogRecord().getLevel(),
                    event.getLogRecord().getMessage(),
                    event.getLogRecord().getThrown());
        }

        @Override
        public Level getLevel() {
            if (Logger.isTraceEnabled()) {
                return Level.FINEST;
            }
            if (Logger.isDebugEnabled()) {
                return Level.INFO;
            }
            if (Logger.isWarnEnabled()) {
                return Level.WARNING;
            }
            return Logger.isErrorEnabled() ? Level.SEVERE : Level.OFF;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.intValue() >= getLevel().intValue();
        }
    }
}
