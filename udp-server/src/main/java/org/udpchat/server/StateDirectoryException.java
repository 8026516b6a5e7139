package org.udpchat.server;

import java.io.IOException;

/**
 * The state directory cannot be used: it is another server's, cannot be made, or holds a file this server
 * cannot read. The message names the directory or file, says what is wrong and what to do; the server does
 * not start. An {@link IOException}, as the failure to bind the socket is: both stop a server from starting.
 */
public final class StateDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    StateDirectoryException(String message) {
        super(message);
    }
}
