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
    private long milliLinesPerMilli; // the policy's rate, as of the last look

    /** Takes a line if the bucket has one at {@code nowMillis} under {@code policy}; always, with it off. */
    boolean tryTake(FloodControl policy, long nowMillis) {
        if (!hasLine(policy, nowMillis)) {
            return false;
        }
        if (policy.isOn()) {
            milliLines -= MILLI_LINES_PER_LINE;
        }
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

    /**
     * When {@link #hasLine} will next be true under {@code policy} if no line is taken meanwhile:
     * {@code nowMillis} if it is now. Takes nothing and refills nothing.
     */
    long lineDueMillis(FloodControl policy, long nowMillis) {
        if (!policy.isOn() || milliLines < 0) {
            return nowMillis;
        }
        long full = policy.burst() * MILLI_LINES_PER_LINE;
        long elapsed = Math.max(0, nowMillis - refilledAtMillis);
        long level = Math.min(full, milliLines + elapsed * policy.linesPerSecond());
        if (level >= MILLI_LINES_PER_LINE) {
            return nowMillis;
        }
        long rate = policy.linesPerSecond(); // thousandths of a line per millisecond
        return nowMillis + (MILLI_LINES_PER_LINE - level + rate - 1) / rate;
    }

    /**
     * Whether this bucket would hold fewer lines than {@code other} at any one moment, both refilling at the
     * rate they were last looked at with (the same policy, on one server). A bucket never used is fullest.
     */
    boolean isEmptierThan(LineBucket other) {
        if (milliLines < 0) {
            return false;
        }
        if (other.milliLines < 0) {
            return true;
        }
        // the level at a common moment t is level + (t - refilledAt) × rate: the t terms are the same
        return milliLines - refilledAtMillis * milliLinesPerMilli
                < other.milliLines - other.refilledAtMillis * other.milliLinesPerMilli;
    }

    /** Goes on from where {@code spent}, a departed member's bucket, left off: leaving refills nothing. */
    void takeOver(LineBucket spent) {
        milliLines = spent.milliLines;
        refilledAtMillis = spent.refilledAtMillis;
        milliLinesPerMilli = spent.milliLinesPerMilli;
    }

    private void refill(FloodControl policy, long nowMillis) {
        long full = policy.burst() * MILLI_LINES_PER_LINE;
        milliLinesPerMilli = policy.linesPerSecond();
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
