package org.udpchat.server;

/**
 * Keeps a warning that a remote peer can trigger from filling the log: at most one per interval, the
 * next one saying how many were held back meanwhile. Owned by the relay thread.
 */
final class LogThrottle {

    private final long intervalMillis;
    private long lastMillis;
    private boolean logged;
    private int heldBack;

    LogThrottle(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** Whether a warning may be logged at {@code nowMillis}; if not, it is counted as held back. */
    boolean allows(long nowMillis) {
        if (!logged || nowMillis - lastMillis >= intervalMillis) {
            logged = true;
            lastMillis = nowMillis;
            return true;
        }
        heldBack++;
        return false;
    }

    /** How many warnings were held back since the last one logged; resets the count. */
    int takeHeldBack() {
        int count = heldBack;
        heldBack = 0;
        return count;
    }
}
