package org.udpchat.server;

/**
 * One member's bucket of lines for {@link FloodControl}: full at first, a line taken for each chat,
 * action, private message, new name or room move, refilled at the policy's rate up to its burst. Kept in
 * thousandths of a line, so a rate of a few lines a second refills smoothly on a millisecond clock. Owned
 * by the relay thread.
 */
final class LineBucket {

    private static final long MILLI_LINES_PER_LINE = 1000;

    private long milliLines = -1; // full: filled at the first look, when the policy is known
    private long refilledAtMillis;

    /** Takes a line if the bucket has one at {@code nowMillis} under {@code policy}; always, with it off. */
    boolean tryTake(FloodControl policy, long nowMillis) {
        if (!policy.isOn()) {
            return true;
        }
        refill(policy, nowMillis);
        if (milliLines < MILLI_LINES_PER_LINE) {
            return false;
        }
        milliLines -= MILLI_LINES_PER_LINE;
        return true;
    }

    /** Whether {@link #tryTake} would take a line at {@code nowMillis}, taking none. */
    boolean hasLine(FloodControl policy, long nowMillis) {
        if (!policy.isOn()) {
            return true;
        }
        refill(policy, nowMillis);
        return milliLines >= MILLI_LINES_PER_LINE;
    }

    private void refill(FloodControl policy, long nowMillis) {
        long full = policy.burst() * MILLI_LINES_PER_LINE;
        if (milliLines < 0) {
            milliLines = full;
        } else {
            // a rate in lines per second is a rate in thousandths of a line per millisecond
            long elapsed = Math.max(0, nowMillis - refilledAtMillis);
            milliLines = Math.min(full, milliLines + elapsed * policy.linesPerSecond());
        }
        refilledAtMillis = nowMillis;
    }
}
