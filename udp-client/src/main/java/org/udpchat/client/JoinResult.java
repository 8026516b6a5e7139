package org.udpchat.client;

/** How an attempt to join ended. */
sealed interface JoinResult permits JoinResult.Joined, JoinResult.Refused, JoinResult.NoAnswer {

    /** The server answered {@code OK}. */
    record Joined() implements JoinResult {}

    /** The server answered with a reason instead of {@code OK}. */
    record Refused(String reason) implements JoinResult {}

    /** Nothing came back before the join timeout, through every retry. */
    record NoAnswer() implements JoinResult {}
}
