package org.udpchat.server;

/** What became of an operator's {@code /kick}. */
public enum KickOutcome {
    KICKED,
    NO_SUCH_MEMBER,
    /** The reason would make the notice too long, or holds characters no text may hold. */
    BAD_REASON
}
