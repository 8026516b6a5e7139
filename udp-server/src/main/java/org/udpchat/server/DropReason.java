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
    /** A native login whose cookie this server did not make for that address, or made too long ago. */
    BAD_COOKIE,
    /** A native datagram whose token names no session, live or ended. */
    UNKNOWN_TOKEN,
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
