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
     * Leaving after the end of input, first step, before {@link #quit}: takes no more lines, drops none,
     * and waits until the server has every line typed, however long it holds them back, so that the quit
     * comes after all of them. The wait ends, too, when the session ends, or when the server is gone
     * (then {@link #quit} ends at once).
     *
     * @return how many of the lines the user typed may not reach the room: 0 when the server took them
     *     all (or leaving already)
     */
    int awaitLinesAcknowledged();

    /**
     * Leaves the room: tells the server at once (dropping what {@link #dropUnsent} drops), waits briefly
     * for its answer, and ends the session. When no answer came (the server is hung, or gone while we
     * reconnect), runs {@code unanswered} first, before the session ends (and with it, maybe, the
     * program), so that the user can be told they left without the server's goodbye.
     */
    void quit(Runnable unanswered);

    /** Whether the session has ended (quit, kicked, closed). */
    boolean hasEnded();

    /** Waits until the session ends and returns the exit status it ended with. */
    ExitStatus awaitEnd() throws InterruptedException;
}
