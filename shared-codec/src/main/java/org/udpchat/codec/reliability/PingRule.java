package org.udpchat.codec.reliability;

/**
 * When a native client pings the server, and when it gives the server up: the liveness rule of the
 * protocol's client, in one place so that the client and the load program's simulated members follow the
 * same rule. Pure arithmetic on the times the caller keeps: when it last sent anything, when it last
 * pinged, and when the first ping that nothing heard has answered yet went ({@link #NOT_AWAITING} when
 * the server has been heard since the last ping).
 *
 * <p>An idle client pings once a {@link #HEARTBEAT_MILLIS heartbeat}, and the server answers at once, so
 * an idle member costs the server one ping and one pong per heartbeat. Only a ping that goes unanswered
 * makes it probe faster, and only a ping unanswered for {@link #SILENCE_MILLIS} makes it give the server
 * up: silence is counted from a ping rather than from the last thing heard, because an idle server has
 * nothing to say between heartbeats.
 */
public final class PingRule {

    /**
     * With nothing sent for this long, a ping ("still here"), so the server does not let the session
     * expire: three chances within its default 30 s timeout.
     */
    public static final long HEARTBEAT_MILLIS = 10_000;

    /**
     * The heartbeat of a client that has other nodes of a cluster to go to ({@code --server a,b}): it notices
     * its node's death within this and {@link #SILENCE_MILLIS}, 9 s at worst, and resumes at another node. A
     * client of one server has nowhere else to go, and keeps to the cheaper {@link #HEARTBEAT_MILLIS}; an idle
     * member on this one costs its node a ping and a pong every 3 s.
     */
    public static final long FAILOVER_HEARTBEAT_MILLIS = 3_000;

    /** A ping unanswered (nothing heard since it went) for this long: probe every {@link #PROBE_MILLIS}. */
    public static final long SUSPECT_MILLIS = 2_000;

    public static final long PROBE_MILLIS = 1_000;

    /**
     * While messages are in flight, a ping at least this often: the server acknowledges a chat only once
     * it has relayed it, so round trips are measured on pings, which it answers at once.
     */
    public static final long MEASURE_MILLIS = 2_000;

    /**
     * A ping unanswered for this long, probes included, and nothing else heard since it went: the server
     * is gone. A whole number of probes after {@link #SUSPECT_MILLIS}, so it falls on a probe's time and
     * needs no deadline of its own.
     */
    public static final long SILENCE_MILLIS = 6_000;

    /** The server has been heard from since the last ping: no ping awaits an answer. */
    public static final long NOT_AWAITING = Long.MIN_VALUE;

    private PingRule() {}

    /**
     * Whether to ping at {@code nowMillis}.
     *
     * @param inFlight whether messages of the client's own await acknowledgement
     */
    public static boolean pingsAt(
            long nowMillis, long lastSentMillis, long lastPingMillis, long awaitingSinceMillis, boolean inFlight) {
        return pingsAt(nowMillis, lastSentMillis, lastPingMillis, awaitingSinceMillis, inFlight, HEARTBEAT_MILLIS);
    }

    /** {@link #pingsAt(long, long, long, long, boolean)} with a heartbeat of {@code heartbeatMillis}. */
    public static boolean pingsAt(
            long nowMillis,
            long lastSentMillis,
            long lastPingMillis,
            long awaitingSinceMillis,
            boolean inFlight,
            long heartbeatMillis) {
        boolean quiet = nowMillis - lastSentMillis >= heartbeatMillis;
        boolean suspicious = awaitingSinceMillis != NOT_AWAITING
                && nowMillis - awaitingSinceMillis >= SUSPECT_MILLIS
                && nowMillis - lastPingMillis >= PROBE_MILLIS;
        boolean measuring = inFlight && nowMillis - lastPingMillis >= MEASURE_MILLIS;
        return quiet || suspicious || measuring;
    }

    /** When the first unanswered ping went, once a ping goes at {@code nowMillis}. */
    public static long awaitingAfterPing(long nowMillis, long awaitingSinceMillis) {
        return awaitingSinceMillis == NOT_AWAITING ? nowMillis : awaitingSinceMillis;
    }

    /** Whether the server has answered nothing for so long that it must be taken for gone. */
    public static boolean isSilent(long nowMillis, long awaitingSinceMillis) {
        return awaitingSinceMillis != NOT_AWAITING && nowMillis - awaitingSinceMillis >= SILENCE_MILLIS;
    }

    /** The earliest time {@link #pingsAt} may say yes (or {@link #isSilent} change). */
    public static long nextPingMillis(
            long lastSentMillis, long lastPingMillis, long awaitingSinceMillis, boolean inFlight) {
        return nextPingMillis(lastSentMillis, lastPingMillis, awaitingSinceMillis, inFlight, HEARTBEAT_MILLIS);
    }

    /** {@link #nextPingMillis(long, long, long, boolean)} with a heartbeat of {@code heartbeatMillis}. */
    public static long nextPingMillis(
            long lastSentMillis,
            long lastPingMillis,
            long awaitingSinceMillis,
            boolean inFlight,
            long heartbeatMillis) {
        long next = lastSentMillis + heartbeatMillis;
        if (awaitingSinceMillis != NOT_AWAITING) {
            next = Math.min(next, Math.max(awaitingSinceMillis + SUSPECT_MILLIS, lastPingMillis + PROBE_MILLIS));
        }
        if (inFlight) {
            next = Math.min(next, lastPingMillis + MEASURE_MILLIS);
        }
        return next;
    }
}
