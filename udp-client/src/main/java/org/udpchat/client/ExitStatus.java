package org.udpchat.client;

/**
 * How the program ends, as its exit status tells a script: the statuses {@code --help} lists. A session
 * ends with one ({@link SessionEnd}); so does a command line that never reaches a session.
 */
enum ExitStatus {
    /** The user left, or the server closed the room. */
    OK(0),
    /** No server answered, or the connection failed. */
    NO_SERVER(1),
    /** Bad options, or the name was refused (when joining, or taken meanwhile while reconnecting). */
    USAGE(2),
    /** The administrator removed us from the room. */
    KICKED(3),
    /**
     * The server's identity could not be verified: its key is not the one remembered for it, or not the one
     * {@code --server-key} gave, or the remembered keys cannot be read ({@link ServerTrust}).
     */
    UNVERIFIED(4),
    /** Ctrl-C before joining, at the name prompt: 128 + SIGINT, as the signal would end it elsewhere. */
    INTERRUPTED(130);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** The number the process exits with. */
    int code() {
        return code;
    }
}
