package org.udpchat.server.cluster;

/**
 * This node could not join its cluster; the message says why, for the operator. An {@code IOException}, as a
 * port that cannot be had is: the server does not start.
 */
public final class ClusterStartException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public ClusterStartException(String message) {
        super(message);
    }
}
