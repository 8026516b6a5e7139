package org.udpchat.client;

import org.udpchat.codec.RoomRequest;

/**
 * What the sender thread may do with a membership, whichever protocol carries it. Implementations are
 * safe to call from the sender thread while the receiver thread works.
 */
interface ChatSession {

    /** The name we go by: the one we joined under, or the last {@code /nick}. */
    String name();

    /** The room we are in; empty when the protocol has no rooms (classic). */
    String room();

    /** Whether the server understands {@link #request}s: rooms, private messages, actions, nicknames. */
    boolean takesRequests();

    /**
     * Sends a request; only when {@link #takesRequests}. The answer arrives as events, like chat.
     *
     * @throws UnsupportedOperationException when the protocol has no requests
     */
    void request(RoomRequest request);

    /** Sends a chat line; the caller has checked it with {@link org.udpchat.codec.ChatText#check}. */
    void say(String text);

    /**
     * Leaving, first step, before {@link #quit}: takes no more lines and drops those still waiting to be
     * sent, so that the quit need not wait behind them.
     *
     * @return how many of the lines the user typed may not reach the room (0 when leaving already)
     */
    int dropUnsent();

    /**
     * Leaves the room: tells the server at once (dropping what {@link #dropUnsent} drops), waits briefly
     * for its answer, and ends the session.
     */
    void quit();

    /** Whether the session has ended (quit, kicked, closed). */
    boolean hasEnded();

    /** Waits until the session ends and returns the exit status it ended with. */
    ExitStatus awaitEnd() throws InterruptedException;
}
