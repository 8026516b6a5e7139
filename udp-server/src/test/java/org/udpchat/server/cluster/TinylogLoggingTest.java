package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import java.io.IOException;
import java.net.SocketException;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.udpchat.server.cluster.TinylogLogging.Placement;

/** Where Hazelcast's lines go in the server's log: quiet at INFO, one line a warning, no noise as it stops. */
class TinylogLoggingTest {

    @Test
    void hazelcastsInfoIsDebugAndItsFinerLinesTrace() {
        assertEquals(
                new Placement(org.tinylog.Level.DEBUG, "hazelcast: members [2]", true),
                TinylogLogging.place(Level.INFO, "members [2]", null));
        assertEquals(
                org.tinylog.Level.TRACE,
                TinylogLogging.place(Level.FINE, "x", null).level());
    }

    @Test
    void aWarningIsOneLineItsCauseSaidOnceAndItsTraceLeftToDebug() {
        assertEquals(
                new Placement(
                        org.tinylog.Level.WARN,
                        "hazelcast: Connection closed. Reason: java.net.SocketException: Connection reset",
                        false),
                TinylogLogging.place(
                        Level.WARNING,
                        "Connection closed. Reason: java.net.SocketException: Connection reset",
                        new SocketException("Connection reset")));
        assertEquals(
                new Placement(
                        org.tinylog.Level.WARN,
                        "hazelcast: Removing connection (java.io.IOException: Connection refused)",
                        false),
                TinylogLogging.place(Level.WARNING, "Removing connection", new IOException("Connection refused")));
    }

    @Test
    void anErrorKeepsItsTraceUnlessItOnlySaysThisNodeIsStopping() {
        assertEquals(
                new Placement(org.tinylog.Level.ERROR, "hazelcast: broken", true),
                TinylogLogging.place(Level.SEVERE, "broken", new IllegalStateException("x")));
        assertEquals(
                new Placement(org.tinylog.Level.DEBUG, "hazelcast: Cannot create proxy", true),
                TinylogLogging.place(
                        Level.SEVERE,
                        "Cannot create proxy",
                        new HazelcastException(new HazelcastInstanceNotActiveException())));
    }
}
