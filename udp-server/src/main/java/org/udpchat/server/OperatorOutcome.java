package org.udpchat.server;

/** What became of an operator's command, beyond {@link KickOutcome}. */
public enum OperatorOutcome {
    DONE,
    NO_SUCH_MEMBER,
    NO_SUCH_ROOM,
    /** The text does not fit one line, as said by the administrator. */
    TEXT_TOO_LONG,
    /** The text holds characters no text may hold. */
    TEXT_INVISIBLE,
    NOT_MUTED,
    NOT_BANNED
}
