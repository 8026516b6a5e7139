package org.udpchat.client;

/** How an attempt to join ended. */
sealed interface JoinResult permits JoinResult.Joined, JoinResult.Refused, JoinResult.NoAnswer {

    /** The server answered {@code OK}. */
    record Joined() implements JoinResult {}

    /**
     * The server answered with a reason instead of {@code OK}; {@code anotherNameMayDo} is whether asking
     * the user for another name could help (not after a ban, or a full server).
     */
    record Refused(String reason, boolean anotherNameMayDo) implements JoinResult {}

    /** Nothing came back before the join timeout, through every retry. */
    record NoAnswer() implements JoinResult {}
}
