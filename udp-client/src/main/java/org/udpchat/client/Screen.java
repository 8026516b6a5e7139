package org.udpchat.client;

/**
 * The chat screen, as both client threads (and the main thread, before them) write to it: one line per
 * call, never interleaved. {@link PlainScreen} is stdout for the room and stderr for problems, as scripts
 * read them; {@link LineEditor} is a terminal, where lines arrive above what the user is typing.
 */
interface Screen {

    /**
     * Shows one line of {@code kind}; {@code text} is printable already (what came off the network made
     * so by {@link org.udpchat.codec.ChatText#printable}).
     */
    void show(LineKind kind, String text);

    /** Shows one of the client's own notices: joined, left, the help. */
    default void say(String text) {
        show(LineKind.NOTICE, text);
    }

    /** Tells the user something went wrong: a line not sent, a name refused. */
    default void warn(String text) {
        show(LineKind.PROBLEM, text);
    }
}
