package org.udpchat.client.bench;

import java.lang.reflect.Field;

/**
 * When an idle native member pings, exactly as the project's client decides it
 * ({@code NativeSession.onTimers} with nothing in flight): after {@code HEARTBEAT_MILLIS} without sending
 * anything; and once a ping has gone unanswered (nothing heard since it went) for {@code SUSPECT_MILLIS},
 * again every {@code PROBE_MILLIS} until something is heard. The numbers are read from the client's own
 * class, whose constants are its own (package-private) business: this way the load program follows the
 * client when they change, and fails at once, naming the field, if one goes. The rule itself is mirrored
 * here and must change with the client's.
 */
final class IdleSchedule {

    /** No ping awaits an answer: the member has heard from the server since its last ping. */
    static final long NOT_AWAITING = Long.MIN_VALUE;

    private static final String CLIENT_SESSION = "org.udpchat.client.NativeSession";

    private final long heartbeatMillis;
    private final long suspectMillis;
    private final long probeMillis;

    IdleSchedule(long heartbeatMillis, long suspectMillis, long probeMillis) {
        this.heartbeatMillis = heartbeatMillis;
        this.suspectMillis = suspectMillis;
        this.probeMillis = probeMillis;
    }

    /** The client's schedule, read from its session class. */
    static IdleSchedule ofClient() {
        return new IdleSchedule(
                clientConstant("HEARTBEAT_MILLIS"), clientConstant("SUSPECT_MILLIS"), clientConstant("PROBE_MILLIS"));
    }

    private static long clientConstant(String name) {
        try {
            Field field = Class.forName(CLIENT_SESSION).getDeclaredField(name);
            field.setAccessible(true);
            return field.getLong(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "the client's " + CLIENT_SESSION + "." + name + " is gone: make IdleSchedule follow it", e);
        }
    }

    long heartbeatMillis() {
        return heartbeatMillis;
    }

    /**
     * Whether a member that last sent and pinged at these times pings at {@code nowMillis};
     * {@code awaitingSinceMillis} is when the first ping still unanswered went, or {@link #NOT_AWAITING}.
     */
    boolean pingsAt(long nowMillis, long lastSentMillis, long lastPingMillis, long awaitingSinceMillis) {
        boolean quiet = nowMillis - lastSentMillis >= heartbeatMillis;
        boolean suspicious = awaitingSinceMillis != NOT_AWAITING
                && nowMillis - awaitingSinceMillis >= suspectMillis
                && nowMillis - lastPingMillis >= probeMillis;
        return quiet || suspicious;
    }

    /** Pings an idle member whose pings are all answered at once sends per second. */
    double idlePingsPerSecond() {
        return 1000.0 / heartbeatMillis; // answered at once, it is never suspicious
    }
}
