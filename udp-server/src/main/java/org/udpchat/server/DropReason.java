package org.udpchat.server;

/** Why the relay dropped a datagram it received, or did not send one it meant to. */
public enum DropReason {
    /** Empty, oversize, not UTF-8, an unknown type or a missing field: the codec refused it. */
    MALFORMED,
    /** A chat or quit naming someone other than the member at that address. */
    IMPERSONATION,
    /** A reply to a non-member that would have been larger than the amplification bound allows. */
    REPLY_TOO_LARGE,
    /** A reply to a non-member over its per-address or the global rate. */
    REPLY_RATE_LIMITED,
    /** The socket refused a send. */
    SEND_FAILED,
    /** A native init whose cookie this server did not make for that address, or made too long ago. */
    BAD_COOKIE,
    /**
     * A native init with a good cookie, over its address's handshakes per second ({@code --max-handshakes-per-ip})
     * or the server's ({@link HandshakeBudget}).
     */
    HANDSHAKE_RATE_LIMITED,
    /**
     * A native handshake unfinished, given up to make room for a newer one while the server held all it may
     * (the oldest of the address holding the most): its login, if it comes, finds no keys.
     */
    HANDSHAKES_FULL,
    /** A native init whose first handshake message is not a key X25519 takes. */
    BAD_HANDSHAKE,
    /** A sealed datagram whose token names no session the server has keys for, live, starting or ended. */
    UNKNOWN_TOKEN,
    /** A sealed datagram whose tag does not verify: altered, forged, or sealed under other keys. */
    SEAL_BAD_TAG,
    /** A sealed datagram whose counter was opened before, or is older than the replay window. */
    SEAL_REPLAYED,
    /** A sealed datagram under a key the session has rotated away from. */
    SEAL_OLD_KEY,
    /** A sealed datagram under a key more rotations ahead than a client can be. */
    SEAL_KEY_TOO_FAR_AHEAD,
    /** A sealed datagram that opened but holds no well-formed message of the session, or the wrong one. */
    SEAL_MALFORMED_INSIDE,
    /** A session's datagram from an address that has not answered a path challenge yet. */
    UNVALIDATED_ADDRESS,
    /** A reliable message that had arrived already. */
    DUPLICATE,
    /** A native client's message beyond what the server holds for it while flood control holds its lines. */
    FLOW_CONTROLLED,
    /** A classic datagram from an address {@code --classic} does not take (not on the LAN, or classic off). */
    CLASSIC_NOT_ACCEPTED,
    /** A classic member's line over its flood-control rate, refused. */
    FLOODED
}
