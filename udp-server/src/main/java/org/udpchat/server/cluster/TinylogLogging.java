package org.udpchat.server.cluster;

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
            int value = level.intValue();
            String line = PREFIX + message;
            if (value >= Level.SEVERE.intValue()) {
                Logger.error(thrown, line);
            } else if (value >= Level.WARNING.intValue()) {
                Logger.warn(thrown, line);
            } else if (value >= Level.INFO.intValue()) {
                Logger.debug(thrown, line);
            } else {
                Logger.trace(thrown, line);
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
