package org.udpchat.client;

import java.io.IOException;

/**
 * What the sender thread may do with a membership, whichever protocol carries it. Implementations are
 * safe to call from the sender thread while the receiver thread works.
 */
interface ChatSession {

    /** The name we joined under. */
    String name();

    /** Sends a chat line; the caller has checked it with {@link org.udpchat.codec.ChatText#check}. */
    void say(String text) throws IOException;

    /** Leaves the room: tells the server, waits briefly for its answer, and ends the session. */
    void quit();

    /** Whether the session has ended (quit, kicked, closed). */
    boolean hasEnded();

    /** Waits until the session ends and returns the exit status it ended with. */
    int awaitEnd() throws InterruptedException;
}
