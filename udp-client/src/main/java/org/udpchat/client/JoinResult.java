package org.udpchat.client;

/**
 * How an attempt to join ended: in the room, with the session {@code S}; refused; or unanswered.
 *
 * @param <S> the protocol's session
 */
sealed interface JoinResult<S extends ChatSession>
        permits JoinResult.Joined, JoinResult.Refused, JoinResult.NoAnswer, JoinResult.Failed, JoinResult.GaveUp {

    /** The server let us in: {@code session} is the membership. */
    record Joined<S extends ChatSession>(S session) implements JoinResult<S> {}

    /**
     * The server (or, without a name to try, the client itself) said no, for {@code reason}, already
     * worded; {@code anotherNameMayDo} is whether asking the user for another name could help (not after
     * a ban, or a full server).
     */
    record Refused<S extends ChatSession>(String reason, boolean anotherNameMayDo) implements JoinResult<S> {}

    /**
     * Nothing came back before the join timeout, through every retry: nothing at all ({@code silent}: a native
     * server older than the client's version drops its datagrams without a word, so silence may mean that),
     * or nothing that let us in.
     */
    record NoAnswer<S extends ChatSession>(boolean silent) implements JoinResult<S> {}

    /**
     * No joining this server, whatever the name: it speaks another version, holds a key we do not trust, or
     * stayed silent in a way worth explaining. {@code text} says so, worded; the program ends with
     * {@code status}.
     */
    record Failed<S extends ChatSession>(String text, ExitStatus status) implements JoinResult<S> {}

    /** The person pressed Ctrl-C when asked for a name: nothing to say, and no join. */
    record GaveUp<S extends ChatSession>() implements JoinResult<S> {}
}
