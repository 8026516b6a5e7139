package org.udpchat.server;

/**
 * How fast one member may speak, as IRC servers and Matrix homeservers limit it: a bucket of
 * {@code burst} lines that refills by {@code linesPerSecond}. Chat, actions, private messages, new names
 * and room moves all take a line. A native member's lines over the rate wait, unacknowledged, and go as
 * the bucket refills; a classic member's are refused.
 *
 * @param burst lines a member may say at once
 * @param linesPerSecond lines a member may say each second after that; 0 turns flood control off
 */
public record FloodControl(int burst, int linesPerSecond) {

    /** Ten lines at once, then two a second: a fast typist's pace, far below a script's. */
    public static final FloodControl DEFAULTS = new FloodControl(10, 2);

    /** No limit: for benchmarks and load tests. */
    public static final FloodControl OFF = new FloodControl(DEFAULTS.burst(), 0);

    public FloodControl {
        if (burst < 1 || linesPerSecond < 0) {
            throw new IllegalArgumentException(
                    "a flood burst of at least 1 and a rate of 0 or more: " + burst + ", " + linesPerSecond);
        }
    }

    public boolean isOn() {
        return linesPerSecond > 0;
    }
}
