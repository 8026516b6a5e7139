package org.udpchat.codec;

/** Why the server ended a native session: what an {@link NativeServerPacket.Ended} tells its client. */
public enum EndReason {
    /** The member quit; this is the late answer to a retried quit. Nothing to do. */
    QUIT(1),
    /** The operator removed the member. Final: the client must not reconnect. */
    KICKED(2),
    /** The server heard nothing for too long. The client may join again. */
    EXPIRED(3),
    /** The member stopped acknowledging and fell too far behind. The client may join again. */
    DROPPED(4),
    /** The room closed. */
    CLOSED(5);

    private final int code;

    EndReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
