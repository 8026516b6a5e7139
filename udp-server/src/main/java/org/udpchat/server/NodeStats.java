package org.udpchat.server;

import java.util.Optional;

/**
 * One cluster node's {@code /stats}: a copy, safe to hand to another thread.
 *
 * @param node the node's {@code host:port} in the cluster
 * @param isLocal whether it is the node asked
 * @param stats its counters, or empty when it did not answer ({@code failure} says why)
 * @param rooms what its rooms' sequencing mended, when it answered
 */
public record NodeStats(
        String node, boolean isLocal, Optional<RelayStats> stats, Optional<RoomStreamCounters> rooms, String failure) {}
