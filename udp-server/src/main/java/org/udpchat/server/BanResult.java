package org.udpchat.server;

import java.net.InetAddress;
import java.util.List;

/**
 * What an operator's ban did: {@link OperatorOutcome#DONE} with the banned address and the names of the
 * members removed from it, or why nothing was done.
 */
public record BanResult(OperatorOutcome outcome, InetAddress address, List<String> removed) {

    public BanResult {
        removed = List.copyOf(removed);
    }

    static BanResult failed(OperatorOutcome outcome) {
        return new BanResult(outcome, null, List.of());
    }
}
