package org.udpchat.client.bench;

import java.io.IOException;

/**
 * Many members on one thread and one selector, joining one room with a bounded number of handshakes in
 * flight and then behaving as their client does, counting what they hear. Owned by the thread that
 * calls it; {@link #run} is all the time the members get.
 */
interface Crowd extends AutoCloseable {

    /** From now on the members join, at most the handshake window's number at a time. */
    void beginJoining();

    /** Lets the members act (join, answer, ping) until {@code deadlineNanos} of {@link System#nanoTime}. */
    void run(long deadlineNanos) throws IOException;

    /** Lets the members act until the condition holds or the deadline passes; whether it holds. */
    default boolean runUntil(java.util.function.BooleanSupplier done, long deadlineNanos) throws IOException {
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
                return false;
            }
            run(Math.min(deadlineNanos, now + 20_000_000L));
        }
        return true;
    }

    /** Members welcomed so far. */
    int welcomed();

    /** Members the relay refused, or whose session it ended: none, in a run that went well. */
    int failed();

    /** When the last member was welcomed ({@link System#nanoTime}), or 0 before. */
    long lastWelcomeNanos();

    /** When the last notice of an arrival or departure arrived ({@link System#nanoTime}), or 0 before. */
    long lastNoticeNanos();

    /** Datagrams that told of arrivals or departures, to all members together. */
    long noticeDatagrams();

    /** Everything the members received. */
    long datagramsReceived();

    /** Everything the members sent. */
    long datagramsSent();

    /** Joins each member heard of since its welcome, and its place among the welcomes. */
    JoinTally joinTally();

    @Override
    void close() throws IOException;
}
